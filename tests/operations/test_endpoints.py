"""/healthz, /readyz and /metrics on the real WSGI stack: on any host name, past the page
cache and Django's middleware, cheap, and telling nothing secret."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vestnik.newsroom.models import HeldTask
from vestnik.newsroom.tasks import enrich_article_task
from vestnik.newsroom.worker import tick
from vestnik.operations.models import WorkerHeartbeat
from vestnik.settings.base import redis_queue_settings

from .conftest import call_wsgi, sample, scrape

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["zvezdny.localhost", "10.0.0.7:8000", "balancer.internal"])
def test_healthz_answers_ok_on_any_host_without_touching_the_database(stack, host):
    with CaptureQueriesContext(connection) as queries:
        reply = call_wsgi(stack, "/healthz", host=host)
    assert reply.status == 200
    assert json.loads(reply.body) == {"status": "ok"}
    assert reply.headers["Cache-Control"] == "no-store"
    assert "X-Vestnik-Cache" not in reply.headers  # the page cache never saw it
    assert len(queries) == 0


def test_readyz_lists_every_check_and_is_degraded_but_ready_without_a_worker(stack, network):
    WorkerHeartbeat.objects.all().delete()  # the demo network's loading ran the worker
    reply = call_wsgi(stack, "/readyz", host="10.0.0.7:8000")
    report = json.loads(reply.body)
    assert reply.status == 200
    assert set(report["checks"]) == {"database", "media_disk", "page_cache", "queue", "worker"}
    assert report["checks"]["database"]["ok"] and report["checks"]["database"]["critical"]
    assert report["checks"]["queue"] | {"ms": 0} == {
        "ok": True,
        "critical": False,
        "ms": 0,
        "queue": "database",
        "depth": 0,
        "oldest_age_seconds": 0,
        "held": 0,
    }
    # No worker ever ticked: reported, but readers do not need it.
    assert report["checks"]["worker"]["ok"] is False
    assert report["status"] == "degraded"


def test_the_workers_tick_is_its_heartbeat_and_readyz_is_all_ok_then(stack, network):
    WorkerHeartbeat.objects.all().delete()
    tick()
    assert WorkerHeartbeat.objects.count() == 1
    reply = call_wsgi(stack, "/readyz")
    report = json.loads(reply.body)
    assert reply.status == 200 and report["status"] == "ok", report
    assert report["checks"]["worker"]["last_beat_age_seconds"] < 60


def test_readyz_counts_what_waits_in_the_queue(stack, network):
    enrich_article_task.enqueue(network["canonical"].pk)
    enrich_article_task.enqueue(network["canonical"].pk)
    queue = json.loads(call_wsgi(stack, "/readyz").body)["checks"]["queue"]
    assert queue["depth"] == 2
    assert queue["oldest_age_seconds"] >= 0


def test_a_disk_short_of_space_for_media_makes_the_server_unready(stack, network, settings):
    settings.VESTNIK_MEDIA_MIN_FREE_MB = 2**40  # a petabyte and more
    reply = call_wsgi(stack, "/readyz")
    report = json.loads(reply.body)
    assert reply.status == 503
    assert report["status"] == "unavailable"
    assert report["checks"]["media_disk"]["ok"] is False


def test_readyz_shows_no_address_name_or_password(stack, network, settings):
    settings.VESTNIK_PAGE_CACHE = {
        "default": {
            "BACKEND": "vestnik.pagecache.stores.RedisStore",
            "LOCATION": "redis://:s3cret@127.0.0.1:1/0",
        }
    }
    from vestnik.pagecache.stores import get_store

    get_store.cache_clear()
    try:
        text = call_wsgi(stack, "/readyz").text
    finally:
        get_store.cache_clear()
    assert json.loads(text)["checks"]["page_cache"] | {"ms": 0} == {
        "ok": False,
        "critical": False,
        "ms": 0,
        "store": "redis",
    }
    for secret in ("s3cret", "127.0.0.1", str(connection.settings_dict["NAME"])):
        assert secret not in text


def test_the_request_id_comes_back_and_a_strange_one_is_replaced(stack, network):
    given = "edge-5f2c9a1e-77"
    assert call_wsgi(stack, "/", X_REQUEST_ID=given).headers["X-Request-ID"] == given
    replaced = call_wsgi(stack, "/", X_REQUEST_ID="<script>").headers["X-Request-ID"]
    assert replaced != "<script>" and len(replaced) == 32


# /metrics: who may read it


@pytest.mark.parametrize(
    ("remote_addr", "headers", "status"),
    [
        ("127.0.0.1", {}, 200),
        ("10.1.2.3", {}, 200),  # a private network's Prometheus
        ("95.213.4.7", {}, 404),  # the internet
        ("127.0.0.1", {"X_FORWARDED_FOR": "95.213.4.7"}, 404),  # the internet, through a proxy
    ],
)
def test_metrics_without_a_token_answer_only_internal_callers(stack, remote_addr, headers, status):
    assert call_wsgi(stack, "/metrics", remote_addr=remote_addr, **headers).status == status


def test_metrics_with_a_token_ask_everyone_for_it(settings, memory_page_store, django_app):
    from vestnik.operations.wsgi_layer import OperationsApplication

    settings.VESTNIK_METRICS_TOKEN = "Zv3zdny-metrics-t0ken"
    app = OperationsApplication(django_app)
    assert call_wsgi(app, "/metrics").status == 404  # loopback is not enough now
    assert call_wsgi(app, "/metrics", AUTHORIZATION="Bearer wrong").status == 404
    reply = call_wsgi(
        app, "/metrics", remote_addr="95.213.4.7", AUTHORIZATION="Bearer Zv3zdny-metrics-t0ken"
    )
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/plain; version=0.0.4")


def test_readyz_counts_what_waits_in_a_redis_queue(stack, network, settings):
    """Redis database 8 at 127.0.0.1:6379, flushed around the test."""
    import redis

    url = "redis://127.0.0.1:6379/8"
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not answering at {url}")
    connection.flushdb()
    backend, queues = redis_queue_settings(url)
    settings.VESTNIK_TASKS_REDIS_URL = url
    settings.TASKS = {**settings.TASKS, "enrichment": backend}
    settings.RQ_QUEUES = queues
    try:
        enrich_article_task.enqueue(network["canonical"].pk)
        enrich_article_task.enqueue(network["canonical"].pk)
        # and one Redis did not take when it was queued, held in the database
        HeldTask.objects.create(
            task_path=enrich_article_task.module_path, args=[1], queue_name="enrichment"
        )
        queue = json.loads(call_wsgi(stack, "/readyz").body)["checks"]["queue"]
        samples = scrape(stack)
    finally:
        connection.flushdb()
    assert (queue["ok"], queue["queue"], queue["depth"], queue["held"]) == (True, "redis", 3, 1)
    assert sample(samples, "vestnik_queue_depth", queue="redis") == 3
    assert 0 < sample(samples, "vestnik_queue_oldest_age_seconds", queue="redis") < 600
