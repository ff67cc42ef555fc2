"""`vestnik worker` killed between the network taking the post and the worker storing it: the
next worker finds the post instead of posting it again. Real processes, a real kill, on Telegram
and on a VK community's wall."""

import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.commands import command, environment, read, run, shell, wait_for
from tests.fakes.telegram import DEFAULT_TOKEN, FakeBotApi
from tests.fakes.vk import running_fake_vk

HEADLINE = "В Строгине зальют каток у пруда"
VK_KEY = "vk-admin-key"  # an administrator's user key: it may read the wall
VK_GROUP = 1234


def prepare(network: str, target: str, token: str) -> str:
    """Python for `vestnik shell`: Strogino with one channel and one article published, whose
    post is queued; prints the article's id."""
    return f"""
from vestnik.articles.models import ArticlePage
from vestnik.distribution.models import Channel
from vestnik.newsroom.signals import enrichment_held
from vestnik.outlets.factories import create_outlet
from vestnik.regions.models import Region
outlet = create_outlet(slug='strogino', name='Строгино', region=Region.objects.lookup('Строгино'),
                       hostname='strogino.localhost')
channel = Channel(outlet=outlet, network='{network}', name='Строгино', target='{target}')
channel.set_token('{token}')
channel.save()
article = ArticlePage(title='{HEADLINE}', slug='katok', lead='С декабря.')
outlet.add_child(instance=article)
with enrichment_held():  # only the post is queued: the test waits for nothing else
    article.save_revision().publish()
print(article.pk)
"""


def kill_the_worker_once(
    var_dir: Path, setup: str, settings: dict[str, str], posted: Callable[[], Any]
) -> int:
    """Publish the article, start a worker and SIGKILL it once ``posted()`` (the network has the
    post, its answer held back); the article's id, its delivery left «sending»."""
    run(var_dir, "migrate", "-v", "0")
    page_id = int(shell(var_dir, setup, **settings))
    log = var_dir / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            command("worker"),
            env=environment(var_dir, **settings),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(posted, "the network to hold its answer to the post", log.read_text)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()  # reaped: the next worker sees its pid gone
    assert delivery(var_dir, page_id) == ("sending", "")
    return page_id


def delivery(var_dir: Path, page_id: int) -> tuple[Any, ...] | None:
    return read(
        var_dir / "vestnik.sqlite3",
        "SELECT state, remote_id FROM distribution_delivery WHERE page_id = ?",
        page_id,
    )


def test_a_worker_killed_after_telegram_took_the_message_leaves_exactly_one(tmp_path: Path):
    with FakeBotApi() as api:
        settings = {"TELEGRAM_API_URL": api.url}
        hold = api.hold_next_answer()  # Telegram keeps the message; its answer never leaves
        page_id = kill_the_worker_once(
            tmp_path,
            prepare("telegram", "@strogino", DEFAULT_TOKEN),
            settings,
            lambda: hold.reached.is_set() and len(api.messages_in("@strogino")) == 1,
        )

        run(tmp_path, "worker", "--batch", **settings)

        [message] = api.messages_in("@strogino")
        assert HEADLINE in message.text
        assert delivery(tmp_path, page_id) == ("sent", str(message.message_id))


def test_a_worker_killed_after_vk_took_the_post_leaves_exactly_one(tmp_path: Path):
    """Two things keep a VK post single: the next worker reads the wall (``Vk.find``) before
    posting again, and VK answers a repeated wall.post of the same guid with the first post (for
    an hour). With an administrator's key the wall is read, so this exercises the first: the
    post is found, wall.post is not called again. Without both, the wall would hold two posts."""
    with running_fake_vk(tokens={VK_KEY: VK_GROUP}) as vk:
        settings = {"VK_API_URL": vk.api_url}
        hold = vk.hold_next(method="wall.post")  # VK stores the post; its answer never leaves
        page_id = kill_the_worker_once(
            tmp_path,
            prepare("vk", str(VK_GROUP), VK_KEY),
            settings,
            lambda: hold.reached.is_set() and len(vk.live_posts()) == 1,
        )

        run(tmp_path, "worker", "--batch", **settings)

        [post] = vk.posts  # one post ever made, and it is on the wall
        assert HEADLINE in post.message and not post.deleted
        assert [method for method, _ in vk.calls].count("wall.post") == 1  # found, not re-posted
        assert delivery(tmp_path, page_id) == ("sent", str(post.id))
