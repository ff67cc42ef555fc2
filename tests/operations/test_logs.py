"""Log lines: one JSON object each, naming the request they belong to, in the web process and
in the worker's run of the work that request queued; never a password."""

import io
import json
import logging

import pytest

from vestnik.newsroom.tasks import enqueue_safely, enrich_article_task
from vestnik.operations.log_format import JsonFormatter, RequestIdFilter
from vestnik.request_ids import bound_request_id

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the root logger writes through the production handler (JSON, request ids), from
    INFO up, as parsed lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_line_is_one_json_object_with_the_request_id_and_extra_fields(json_lines):
    with bound_request_id("req-7f3a9c"):
        logging.getLogger("vestnik.test").warning(
            "Источник «Звёздный» не ответил", extra={"source_id": 7}
        )
    (line,) = json_lines()
    assert line["message"] == "Источник «Звёздный» не ответил"
    assert line["level"] == "WARNING" and line["logger"] == "vestnik.test"
    assert line["request_id"] == "req-7f3a9c"
    assert line["source_id"] == 7
    assert line["time"].endswith("+00:00")


def test_a_password_in_an_address_is_never_written(json_lines):
    logger = logging.getLogger("vestnik.test")
    logger.error("Очередь не отвечает: %s", "redis://:s3cret@queue.example.ru:6379/1")
    try:
        raise ConnectionError("postgres://vestnik:hunter2@db.example.ru/vestnik refused")
    except ConnectionError:
        logger.exception("База не отвечает")
    text = json.dumps(json_lines(), ensure_ascii=False)
    assert "s3cret" not in text and "hunter2" not in text
    assert "redis://:***@queue.example.ru:6379/1" in text


def test_every_line_of_a_request_names_it_and_the_answer_carries_it(stack, network, json_lines):
    reply = call_wsgi(stack, "/net-takoi-stranitsy/", X_REQUEST_ID="edge-4b1d2e9f")
    assert reply.status == 404
    assert reply.headers["X-Request-ID"] == "edge-4b1d2e9f"
    lines = [
        line for line in json_lines() if line["logger"] in ("django.request", "vestnik.requests")
    ]
    assert {line["logger"] for line in lines} == {"django.request", "vestnik.requests"}
    assert all(line["request_id"] == "edge-4b1d2e9f" for line in lines)
    (access,) = [line for line in lines if line["logger"] == "vestnik.requests"]
    assert access["message"] == "GET /net-takoi-stranitsy/ 404"
    assert access["duration_ms"] >= 0


def test_the_worker_names_the_request_that_queued_its_work(network, run_worker, json_lines):
    article = network["canonical"]
    with bound_request_id("publish-8c21d0aa"):
        enqueue_safely(enrich_article_task, article.pk)
    run_worker()  # outside the request: the id came with the job
    enriched = [
        line for line in json_lines() if line["message"] == f"Article {article.pk} enriched"
    ]
    assert [line["request_id"] for line in enriched] == ["publish-8c21d0aa"]
