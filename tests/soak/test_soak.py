"""The several-machines layout of docs/deploy, soaked: two app servers (`vestnik serve
--no-worker`) behind nginx with the deploy guide's config, one Redis page cache, one Redis queue
(append-only, as the guide asks), media in an S3 bucket (moto's server, the S3-compatible server
installable here), a PostgreSQL primary with a streaming standby, and one `vestnik worker`.

Readers go round the pages, an outlet editor publishes through the admin, readers subscribe to
the digest, and the worker posts every new article to Telegram (the fake Bot API). Meanwhile
the Redis servers, the standby, the primary and the worker are killed in turn and started
again. Outside those outages no request may fail and no page may be stale; afterwards every
article saved is live and posted exactly once, and every address taken is stored.

It runs only with VESTNIK_SOAK=1 (`.ci/run` sets it), as root on a machine with PostgreSQL's
server binaries, redis-server and nginx. VESTNIK_SOAK_REPORT names a file for its figures.
"""

import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from cryptography.fernet import Fernet

from tests.commands import environment, free_port, run, shell
from tests.fakes.telegram import DEFAULT_TOKEN, FakeBotApi
from tests.media_storage.conftest import PUBLIC_READ
from tests.redis_server import RedisServer

from .load import Journal, client_for, publish_articles, read_pages, site_links, subscribe_readers
from .services import (
    PostgresPair,
    Service,
    moto_server,
    nginx,
    rss_kib,
    vestnik,
    wait_for,
)

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(
        os.environ.get("VESTNIK_SOAK") != "1", reason="the soak runs with VESTNIK_SOAK=1"
    ),
]

STEADY = float(os.environ.get("VESTNIK_SOAK_STEADY_SECONDS", "20"))
OUTAGE = float(os.environ.get("VESTNIK_SOAK_OUTAGE_SECONDS", "12"))
# An app server's memory may grow this much from the end of the warm-up to the end: a leak
# of a page or a connection per request would pass it within the run, caches filling up not.
MEMORY_GROWTH_LIMIT = 1.3
CONVERGE_LIMIT = 300.0  # seconds for the worker to catch up afterwards: a safety net
BUCKET = "vestnik-soak"
OUTLET = "zvezdny"
READ_HOSTS = ["zvezdny.localhost", "ostankinsky.localhost", "localhost"]
SETUP = """
from vestnik.demo.loader import load_demo
from vestnik.distribution.models import Channel
from vestnik.outlets.models import OutletHomePage
network = load_demo(domain="localhost", port={port})
outlet = OutletHomePage.objects.get(slug="{outlet}")
channel = Channel(outlet=outlet, network="telegram", name="Звёздный в Telegram", target="@zvezdny")
channel.set_token("{token}")
channel.save()
print(network.password, outlet.pk)
"""


@dataclass
class Outage:
    name: str
    began: float
    ended: float = 0.0  # when the service answered again


@dataclass
class Layout:
    """Everything the soak started, and where."""

    pg: PostgresPair
    cache: RedisServer
    queue: RedisServer
    apps: list[Service]
    app_ports: list[int]
    worker: Service
    nginx_port: int
    telegram: FakeBotApi
    outlet_id: int
    password: str
    outages: list[Outage] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def outage(self, name: str, kill: Callable[[], None], revive: Callable[[], None]) -> None:
        window = Outage(name, time.monotonic())
        self.outages.append(window)
        kill()
        time.sleep(OUTAGE)  # the outage itself: readers and the editor go on meanwhile
        revive()
        window.ended = time.monotonic()

    def during_outage(self, started: float, ended: float) -> str:
        """The outage the span from ``started`` to ``ended`` overlaps, or ""."""
        for window in self.outages:
            if started <= (window.ended or float("inf")) and ended >= window.began:
                return window.name
        return ""


@pytest.fixture
def layout(tmp_path: Path) -> Iterator[Layout]:
    with ExitStack() as stack:
        pg = PostgresPair()
        stack.callback(pg.remove)
        pg.create()
        pg.primary.sql("CREATE DATABASE vestnik")

        cache = RedisServer(tmp_path, free_port())
        queue = RedisServer(tmp_path / "queue", free_port(), durable=True)
        queue.directory.mkdir()
        for server in (cache, queue):
            stack.callback(server.stop)
            server.start()

        s3, s3_port = moto_server(tmp_path)
        stack.callback(s3.stop)
        s3.start()
        endpoint = f"http://127.0.0.1:{s3_port}"
        bucket = boto3.client(
            "s3", endpoint_url=endpoint, aws_access_key_id="vestnik",
            aws_secret_access_key="secret", region_name="ru-central1",
        )  # fmt: skip
        wait_for("the S3 server", lambda: answered(lambda: bucket.list_buckets()), s3.log)
        bucket.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ru-central1"}
        )
        policy = json.dumps(PUBLIC_READ).replace("vestnik-media", BUCKET)
        bucket.put_bucket_policy(Bucket=BUCKET, Policy=policy)

        telegram = stack.enter_context(FakeBotApi(rate_limit=600))
        nginx_port = free_port()
        settings = {
            "DATABASE_URL": pg.primary.url("vestnik"),
            "DATABASE_REPLICA_URLS": pg.standby.url("vestnik"),
            "VESTNIK_PAGE_CACHE_URL": cache.url,
            "VESTNIK_TASKS_REDIS_URL": queue.url,
            "MEDIA_STORAGE_URL": (
                f"s3+http://vestnik:secret@127.0.0.1:{s3_port}/{BUCKET}"
                f"?region=ru-central1&public_url={endpoint}/{BUCKET}/"
            ),
            "SECRET_KEY": "soak-" + "k" * 50,
            "VESTNIK_SECRETS_KEY": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "localhost,127.0.0.1,.localhost",
            "VESTNIK_BEHIND_PROXY": "1",
            "TELEGRAM_API_URL": telegram.url,
            "VESTNIK_TELEGRAM_PER_MINUTE": "120",
            "EMAIL_PORT": str(free_port()),  # no mail server: letters are logged as not sent
            "VESTNIK_SCHEDULE_TICK": "5",
        }
        worker_dir = tmp_path / "worker"
        worker_dir.mkdir()
        run(worker_dir, "migrate", "-v", "0", **settings)
        setup = SETUP.format(port=nginx_port, outlet=OUTLET, token=DEFAULT_TOKEN)
        password, outlet_id = shell(worker_dir, setup, **settings).split()

        app_ports = [free_port(), free_port()]
        apps = []
        for number, port in enumerate(app_ports, 1):
            var_dir = tmp_path / f"app{number}"
            arguments = ["serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port),
                         "--workers", "2"]  # fmt: skip
            app = vestnik(f"app{number}", arguments, environment(var_dir, **settings), var_dir)
            stack.callback(app.stop)
            app.start()
            apps.append(app)
        worker = vestnik("worker", ["worker"], environment(worker_dir, **settings), worker_dir)
        stack.callback(worker.stop)
        worker.start()
        balancer = nginx(nginx_port, app_ports, tmp_path)
        stack.callback(balancer.stop)
        balancer.start()
        for app, port in zip(apps, app_ports, strict=True):
            wait_for(app.name, lambda port=port: home_answers(f"http://127.0.0.1:{port}"), app.log)
        wait_for("nginx", lambda: home_answers(f"http://127.0.0.1:{nginx_port}"), balancer.log)
        yield Layout(
            pg, cache, queue, apps, app_ports, worker, nginx_port,
            telegram, int(outlet_id), password,
        )  # fmt: skip


def answered(call: Callable[[], object]) -> bool:
    try:
        call()
    except Exception:  # noqa: BLE001  (not up yet, whatever the client raises)
        return False
    return True


def home_answers(base: str) -> bool:
    def get() -> None:
        with client_for(base, f"{OUTLET}.localhost") as client:
            client.get("/").raise_for_status()

    return answered(get)


def app_memory(layout: Layout) -> dict[str, int]:
    return {app.name: rss_kib(app.pids()) for app in [*layout.apps, layout.worker]}


def test_two_app_servers_ride_out_their_backends_failing_in_turn(layout: Layout) -> None:
    journal = Journal()
    stop = threading.Event()
    paths = site_links(layout.base, f"{OUTLET}.localhost")
    apps = [f"http://127.0.0.1:{port}" for port in layout.app_ports]
    editor = (f"editor-{OUTLET}", layout.password)
    add_path = f"/admin/pages/add/articles/articlepage/{layout.outlet_id}/"
    host = f"{OUTLET}.localhost"
    threads = [
        threading.Thread(target=read_pages, args=(layout.base, READ_HOSTS, paths, journal, stop))
        for _ in range(3)
    ]
    threads.append(threading.Thread(
        target=publish_articles,
        args=(layout.base, host, add_path, apps, editor, journal, stop, 3.0),
    ))  # fmt: skip
    threads.append(
        threading.Thread(target=subscribe_readers, args=(layout.base, host, journal, stop, 2.0))
    )
    memory: list[tuple[float, dict[str, int]]] = []
    began = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(STEADY)
        memory.append((time.monotonic() - began, app_memory(layout)))

        def kill_redis() -> None:
            layout.cache.stop()
            layout.queue.stop()

        def revive_redis() -> None:
            layout.cache.start()
            layout.queue.start()

        outages = [
            ("Redis", kill_redis, revive_redis),
            ("standby", layout.pg.standby.crash, layout.pg.standby.start),
            ("primary", layout.pg.primary.crash, layout.pg.primary.start),
            ("worker", layout.worker.kill, layout.worker.start),
        ]
        for name, kill, revive in outages:
            layout.outage(name, kill, revive)
            time.sleep(STEADY)
            memory.append((time.monotonic() - began, app_memory(layout)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    ended = time.monotonic()

    outside = [
        request for request in journal.requests
        if request.status == 0 or request.status >= 500
        if not layout.during_outage(request.started, request.ended)
    ]  # fmt: skip
    report = summary(layout, journal, memory, ended - began)
    Path(os.environ.get("VESTNIK_SOAK_REPORT", "/dev/null")).write_text(report)
    assert not outside, f"{len(outside)} failures outside the outages, e.g. {outside[:5]}"
    stale = [s for s in journal.stale if not layout.during_outage(s[0], s[1])]
    assert not stale, f"stale pages after a purge: {stale[:5]}"
    assert journal.published and journal.subscribed
    assert_nothing_lost(layout, journal)
    (_, warm), (_, last) = memory[0], memory[-1]
    for app in layout.apps:
        assert last[app.name] <= warm[app.name] * MEMORY_GROWTH_LIMIT, (app.name, memory)


def assert_nothing_lost(layout: Layout, journal: Journal) -> None:
    """Every article the editor was told was saved is live; every live one is posted exactly
    once (an article saved while the editor's answer was lost to an outage counts too); every
    address taken is stored."""
    primary = layout.pg.primary
    live = primary.sql(
        "SELECT title FROM wagtailcore_page WHERE live AND title LIKE 'Каток у пруда%'", "vestnik"
    ).splitlines()
    assert {title for title, _ in journal.published} <= set(live)

    def posted() -> Counter[str]:
        texts: Counter[str] = Counter()
        for message in layout.telegram.messages:
            texts.update(title for title in live if title in message.text and not message.deleted)
        return texts

    deadline = time.monotonic() + CONVERGE_LIMIT
    while len(posted()) < len(live) and time.monotonic() < deadline:
        time.sleep(1)
    assert posted() == Counter(live), "each article posted to Telegram exactly once"
    addresses = set(primary.sql("SELECT email FROM digest_subscriber", "vestnik").splitlines())
    assert set(journal.subscribed) <= addresses


def summary(
    layout: Layout, journal: Journal, memory: list[tuple[float, dict[str, int]]], seconds: float
) -> str:
    by_window: dict[str, Counter[str]] = {}
    for request in journal.requests:
        window = layout.during_outage(request.started, request.ended) or "outside"
        outcome = "ok" if 0 < request.status < 500 else f"{request.status or request.error}"
        by_window.setdefault(window, Counter())[outcome] += 1
    hits = sum(1 for r in journal.requests if r.who == "reader" and r.cache.startswith("hit"))
    reads = sum(1 for r in journal.requests if r.who == "reader")
    lines = [
        f"soak: {seconds:.0f} s, {len(journal.requests)} requests, {reads} by readers "
        f"({hits / max(reads, 1):.0%} from the page cache), {len(journal.published)} articles "
        f"published, {len(journal.subscribed)} addresses subscribed, "
        f"{len(journal.stale)} stale pages",
    ]
    for window in layout.outages:
        lines.append(f"  outage {window.name}: {window.ended - window.began:.1f} s")
    for window, outcomes in by_window.items():
        lines.append(f"  {window}: {dict(outcomes)}")
    for at, sample in memory:
        lines.append(f"  memory at {at:.0f} s (RSS KiB): {sample}")
    return "\n".join(lines) + "\n"
