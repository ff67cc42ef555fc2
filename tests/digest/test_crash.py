"""A `vestnik worker` killed (SIGKILL) in the middle of sending an issue, and the next
worker finishing it: every subscriber gets the issue exactly once overall.

The SMTP server accepts three messages and holds the fourth unanswered until the test has
killed the worker; that message was never accepted, so the next worker must send it, and
must not send the three again.
"""

import subprocess
from pathlib import Path

from django.utils import timezone

from tests.commands import WAIT_LIMIT, command, environment, read, run, shell, wait_for

from .smtp_server import smtp_server

SUBSCRIBERS = [f"chitatel{number}@example.ru" for number in range(1, 8)]

PREPARE = f"""
from django.utils import timezone
from vestnik.articles.models import ArticlePage
from vestnik.digest.models import DigestList, Subscriber, Subscription
from vestnik.newsroom.signals import enrichment_held
from vestnik.outlets.factories import create_outlet
from vestnik.regions.models import Region
strogino = Region.objects.lookup('Строгино')
outlet = create_outlet(slug='strogino', name='Строгино', region=strogino,
                       hostname='strogino.localhost', is_default_site=True)
for title in ('В Строгине открыли каток', 'На Таллинской улице отремонтируют дворы'):
    article = ArticlePage(title=title, lead='Подробности.', published_at=timezone.now())
    outlet.add_child(instance=article)
    article.regions.set([strogino])
    with enrichment_held():
        article.save_revision().publish()
digest_list = DigestList.objects.create(outlet=outlet, region=strogino)
for email in {SUBSCRIBERS!r}:
    Subscription.objects.create(subscriber=Subscriber.objects.create(email=email),
                                digest_list=digest_list, confirmed_at=timezone.now())
print('ok')
"""


def sent_count(database: Path) -> int:
    row = read(database, "SELECT count(*) FROM digest_delivery WHERE state = 'sent'")
    return row[0] if row else 0


def test_a_worker_killed_mid_round_is_finished_by_the_next_exactly_once(tmp_path: Path):
    run(tmp_path, "migrate", "-v", "0")
    assert shell(tmp_path, PREPARE) == "ok"
    database = tmp_path / "vestnik.sqlite3"
    log = tmp_path / "worker.log"

    with smtp_server() as (smtp, port), open(log, "wb") as out:
        settings = {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "DEFAULT_FROM_EMAIL": "Строгино <digest@strogino.localhost>",
            # Due today from midnight: the worker builds the issue by itself.
            "VESTNIK_DIGEST_WEEKDAY": str(timezone.localdate().weekday()),
            "VESTNIK_DIGEST_HOUR": "0",
            "VESTNIK_DIGEST_TICK_SECONDS": "1",
            "VESTNIK_DIGEST_BATCH": "2",
        }
        smtp.hold_after = 3

        def start() -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                command("worker"),
                env=environment(tmp_path, **settings),
                stdout=out,
                stderr=subprocess.STDOUT,
            )

        first = start()
        try:
            wait_for(smtp.holding.is_set, "the fourth message", log.read_text)
            assert len(smtp.accepted) == 3
        finally:
            first.kill()  # SIGKILL: no clean-up of any kind
            first.wait(timeout=WAIT_LIMIT)
        smtp.hold_after = None
        smtp.release.set()  # the held message is answered 451 to a dead connection

        second = start()
        try:
            wait_for(
                lambda: sent_count(database) == len(SUBSCRIBERS), "every delivery", log.read_text
            )
        finally:
            second.terminate()
            second.wait(timeout=WAIT_LIMIT)

    recipients = sorted(recipient for recipient, _ in smtp.accepted)
    message_ids = {message["Message-ID"] for _, message in smtp.accepted}
    assert recipients == sorted(SUBSCRIBERS), log.read_text()
    assert len(message_ids) == len(SUBSCRIBERS)
    (issues,) = read(database, "SELECT count(*) FROM digest_issue") or (0,)
    assert issues == 1
    assert "Traceback" not in log.read_text()
