"""Faults an installation meets sooner or later, each with what the reader, the editor and the
operator see: Redis gone, the database gone, the media disk full."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.commands import environment, free_port
from vestnik.articles.factories import draw_placeholder
from vestnik.articles.models import VestnikImage
from vestnik.operations.disk_full import DISK_FULL_MESSAGE
from vestnik.settings.base import redis_queue_settings

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parents[2]
ARTICLE = "/technopolis-2023/"


# Redis gone: the page cache and the queue both pointed at a port nobody listens on. (Pages
# rendered uncached and purges kept: tests/pagecache/test_faults.py; a publish that cannot
# queue its enrichment: tests/newsroom/test_redis_queue.py.)


def test_with_redis_gone_pages_answer_and_readyz_says_degraded_not_down(stack, network, settings):
    from vestnik.pagecache.stores import get_store

    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings.VESTNIK_PAGE_CACHE = {
        "default": {"BACKEND": "vestnik.pagecache.stores.RedisStore", "LOCATION": dead}
    }
    backend, queues = redis_queue_settings(dead)
    settings.VESTNIK_TASKS_REDIS_URL = dead
    settings.TASKS = {**settings.TASKS, "enrichment": backend}
    settings.RQ_QUEUES = queues
    get_store.cache_clear()
    try:
        for path in (ARTICLE, "/", "/admin/login/", "/api/v1/articles/"):
            assert call_wsgi(stack, path).status == 200, path
        reply = call_wsgi(stack, "/readyz")
    finally:
        get_store.cache_clear()
    checks = json.loads(reply.body)["checks"]
    assert reply.status == 200
    assert (checks["page_cache"]["ok"], checks["queue"]["ok"]) == (False, False)
    assert checks["queue"]["error"] == "ConnectionError"
    assert checks["database"]["ok"]


# The database gone: a PostgreSQL nobody listens for, a SQLite file that cannot be opened. The
# real WSGI application in a process of its own, as granian loads it.

PROBE = """
import json, sys
from tests.pagecache.conftest import call_wsgi
from vestnik.wsgi import application
for path in sys.argv[1:]:
    # An editor's browser sends its session cookie, which only the database can read.
    reply = call_wsgi(application, path, COOKIE="sessionid=" + "x" * 32)
    print(json.dumps({"path": path, "status": reply.status, "headers": reply.headers,
                      "body": reply.text}, ensure_ascii=False))
"""
PATHS = (ARTICLE, "/", "/rss/", "/api/v1/articles/", "/admin/pages/", "/healthz", "/readyz")


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param(f"postgres://vestnik:s3cret@127.0.0.1:{free_port()}/vestnik", id="postgres"),
        pytest.param("sqlite:////nonexistent/vestnik/vestnik.sqlite3", id="sqlite"),
    ],
)
def test_with_the_database_gone_every_page_says_so_in_russian_and_health_still_answers(
    tmp_path, database_url
):
    env = environment(tmp_path, DATABASE_URL=database_url, PYTHONPATH=str(REPOSITORY))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *PATHS],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    replies = {reply["path"]: reply for reply in map(json.loads, result.stdout.splitlines())}
    for path in (ARTICLE, "/", "/rss/", "/api/v1/articles/", "/admin/pages/"):
        reply = replies[path]
        assert reply["status"] == 503, (path, reply["body"][:500])
        assert reply["headers"]["Retry-After"] == "30"
        assert "Сайт временно недоступен" in reply["body"]
        assert "Traceback" not in reply["body"] and "s3cret" not in reply["body"]
    assert replies["/healthz"]["status"] == 200
    ready = replies["/readyz"]
    assert ready["status"] == 503
    assert json.loads(ready["body"])["checks"]["database"] == {
        "ok": False,
        "critical": True,
        "ms": json.loads(ready["body"])["checks"]["database"]["ms"],
        "error": "OperationalError",
    }
    assert "s3cret" not in result.stderr  # the operator's log names no password either


# The media disk full during an editor's upload.


@pytest.fixture
def full_disk(settings, client):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.operations.full_disk.FullDiskStorage"},
    }
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    return Path(settings.MEDIA_ROOT)


def photo(name: str) -> SimpleUploadedFile:
    # Larger than what the disk takes before it is full.
    data = draw_placeholder("#336699", (640, 360)).getvalue()
    assert len(data) > 1024
    return SimpleUploadedFile(name, data, "image/png")


def files_named(media: Path, stem: str) -> list[Path]:
    return [path for path in media.rglob(f"{stem}*") if path.is_file()]


def test_an_upload_on_a_full_disk_tells_the_editor_and_leaves_nothing(client, network, full_disk):
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Сирень во дворе на Бабушкинской",
            "file": photo("siren-na-babushkinskoi.png"),
            "collection": network["zvezdny"].collection_id,
            "tags": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert DISK_FULL_MESSAGE in response.content.decode()
    assert not VestnikImage.objects.filter(title="Сирень во дворе на Бабушкинской").exists()
    assert files_named(full_disk, "siren-na-babushkinskoi") == []


def test_several_files_on_a_full_disk_get_the_reason_in_the_uploaders_answer(
    client, network, full_disk
):
    before = VestnikImage.objects.count()
    response = client.post(
        "/admin/images/multiple/add/",
        {
            "files[]": photo("dvor-babushkinskii.png"),
            "collection": network["zvezdny"].collection_id,
        },
    )
    assert response.json() == {"success": False, "error_message": DISK_FULL_MESSAGE}
    assert VestnikImage.objects.count() == before
    assert files_named(full_disk, "dvor-babushkinskii") == []
