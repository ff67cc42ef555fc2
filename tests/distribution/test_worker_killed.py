"""`vestnik worker` killed between the network taking the post and the worker storing it: the
next worker finds the post instead of posting it again. Real processes, a real kill, on Telegram
and on a VK community's wall."""

import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.commands import command, environment, read, run, shell, wait_for
from tests.fakes.telegram import DEFAULT_TOKEN, FakeBotApi
from tests.fakes.vk import running_fake_vk
from tests.redis_server import RedisServer

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


PUBLISH_ANOTHER = """
from vestnik.articles.models import ArticlePage
from vestnik.outlets.models import OutletHomePage
article = ArticlePage(title="В Строгине открыли лыжню", slug="lyzhnya", lead="Вдоль реки.")
OutletHomePage.objects.get(slug="strogino").add_child(instance=article)
article.save_revision().publish()
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


@pytest.mark.parametrize("queue", ["database", "redis"])
def test_a_worker_killed_after_telegram_took_the_message_leaves_exactly_one(
    tmp_path: Path, queue: str, request: pytest.FixtureRequest
):
    """With the queue in Redis, RQ would keep the job the killed worker held as «started» until
    its timeout, then fail it; the next `vestnik worker` queues it again at once."""
    with FakeBotApi() as api:
        settings = {"TELEGRAM_API_URL": api.url}
        if queue == "redis":
            settings["VESTNIK_TASKS_REDIS_URL"] = request.getfixturevalue("redis_server").url
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


def test_a_worker_waits_out_an_outage_of_the_queues_redis_and_goes_on(
    tmp_path: Path, redis_server: RedisServer
):
    """Redis goes away while the worker posts: RQ's worker cannot record the job's end and
    quits; `vestnik worker` waits for Redis and goes on, so the queue's outage needs nobody to
    restart the worker, and what is published afterwards goes out."""
    settings = {"VESTNIK_TASKS_REDIS_URL": redis_server.url}
    log = tmp_path / "worker.log"
    run(tmp_path, "migrate", "-v", "0")
    with FakeBotApi() as api, open(log, "wb") as out:
        settings["TELEGRAM_API_URL"] = api.url
        worker = subprocess.Popen(
            command("worker"), env=environment(tmp_path, **settings),
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            queue = redis_server.client()
            wait_for(lambda: queue.smembers("rq:workers"), "the worker to start", log.read_text)
            queue.close()
            hold = api.hold_next_answer()
            shell(tmp_path, prepare("telegram", "@strogino", DEFAULT_TOKEN), **settings)
            wait_for(hold.reached.is_set, "the worker to post", log.read_text)
            redis_server.stop()
            hold.release()
            wait_for(lambda: "обработчик ждёт" in log.read_text(), "the worker to wait")
            redis_server.start()
            wait_for(lambda: "снова отвечает" in log.read_text(), "the worker to go on")
            assert worker.poll() is None
            shell(tmp_path, PUBLISH_ANOTHER, **settings)
            posted = lambda: len(api.messages_in("@strogino")) == 2  # noqa: E731
            wait_for(posted, "the second post", log.read_text)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
