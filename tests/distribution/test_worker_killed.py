"""`vestnik worker` killed between Telegram taking the message and the worker storing it: the
next worker finds the message instead of posting it again. Real processes, a real kill."""

import signal
import subprocess
from pathlib import Path

from tests.commands import command, environment, read, run, shell, wait_for
from tests.fakes.telegram import DEFAULT_TOKEN, FakeBotApi

PREPARE = f"""
from vestnik.articles.models import ArticlePage
from vestnik.distribution.models import Channel
from vestnik.newsroom.signals import enrichment_held
from vestnik.outlets.factories import create_outlet
from vestnik.regions.models import Region
outlet = create_outlet(slug='strogino', name='Строгино', region=Region.objects.lookup('Строгино'),
                       hostname='strogino.localhost')
channel = Channel(outlet=outlet, network='telegram', name='Строгино', target='@strogino')
channel.set_token('{DEFAULT_TOKEN}')
channel.save()
article = ArticlePage(title='В Строгине зальют каток у пруда', slug='katok', lead='С декабря.')
outlet.add_child(instance=article)
with enrichment_held():  # only the post is queued: the test waits for nothing else
    article.save_revision().publish()
print(article.pk)
"""


def test_a_worker_killed_after_telegram_took_the_message_leaves_exactly_one(tmp_path: Path):
    with FakeBotApi() as api:
        settings = {"TELEGRAM_API_URL": api.url}
        run(tmp_path, "migrate", "-v", "0")
        page_id = int(shell(tmp_path, PREPARE, **settings))
        hold = api.hold_next_answer()  # Telegram keeps the message; its answer never leaves
        log = tmp_path / "worker.log"
        with open(log, "wb") as out:
            worker = subprocess.Popen(
                command("worker"),
                env=environment(tmp_path, **settings),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(hold.reached.is_set, "Telegram to hold the message", log.read_text)
            assert len(api.messages_in("@strogino")) == 1
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()  # reaped: the next worker sees its pid gone

        database = tmp_path / "vestnik.sqlite3"
        state = read(database, "SELECT state FROM distribution_delivery WHERE page_id = ?", page_id)
        assert state == ("sending",)

        run(tmp_path, "worker", "--batch", **settings)

        [message] = api.messages_in("@strogino")
        assert "В Строгине зальют каток у пруда" in message.text
        stored = read(
            database,
            "SELECT state, remote_id FROM distribution_delivery WHERE page_id = ?",
            page_id,
        )
        assert stored == ("sent", str(message.message_id))
