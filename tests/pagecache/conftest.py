"""The real WSGI stack (Django's handler behind the page cache layer), called in-process
with the test's database transaction, against the in-process store and against Redis."""

import os
from dataclasses import dataclass
from io import BytesIO

import pytest

REDIS_URL = "redis://127.0.0.1:6379/5"
# One prefix per test run, so two runs sharing the machine's Redis never purge each other's pages.
REDIS_PREFIX = f"vestnik-test-cache-{os.getpid()}-"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def cache(self) -> str:
        return self.headers.get("X-Vestnik-Cache", "")


def call_wsgi(
    app,
    path,
    host="zvezdny.localhost",
    query="",
    method="GET",
    remote_addr="127.0.0.1",
    **headers,
) -> Reply:
    """``path`` as the server decoded it (percent escapes resolved), handed over the way WSGI
    servers do: UTF-8 bytes read as Latin-1; ``headers`` by their CGI names without ``HTTP_``."""
    environ = {
        "REQUEST_METHOD": method,
        "REMOTE_ADDR": remote_addr,
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": host.split(":")[0],
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    replied = {}

    def start_response(status, response_headers, exc_info=None):
        replied["status"] = int(status.split()[0])
        replied["headers"] = dict(response_headers)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Reply(replied["status"], replied["headers"], body)


@pytest.fixture(params=["memory", "redis"])
def page_store(request, settings, tmp_path):
    """The configured store, empty; parametrised over memory and Redis (DB 5)."""
    from vestnik.pagecache.stores import get_store

    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL).ping()
        except redis.ConnectionError:
            pytest.skip("Redis is not running on 127.0.0.1:6379")
        config = {
            "BACKEND": "vestnik.pagecache.stores.RedisStore",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"prefix": REDIS_PREFIX, "ttl": 600},
        }
    else:
        config = {
            "BACKEND": "vestnik.pagecache.stores.MemoryStore",
            "LOCATION": str(tmp_path / "purges.log"),
            "OPTIONS": {"ttl": 600},
        }
    settings.VESTNIK_PAGE_CACHE = {"default": config}
    store = get_store()
    store.purge_all()
    yield store
    store.purge_all()
    get_store.cache_clear()


@pytest.fixture
def django_app():
    """Django's WSGI handler, without closing the test's connection between requests."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def cached_app(page_store, django_app):
    from vestnik.pagecache.wsgi_layer import PageCacheApplication

    return PageCacheApplication(django_app)


@pytest.fixture
def memory_page_store(settings, tmp_path):
    """The in-process store alone, for a module that overrides the memory-and-Redis pair."""
    from vestnik.pagecache.stores import get_store

    settings.VESTNIK_PAGE_CACHE = {
        "default": {
            "BACKEND": "vestnik.pagecache.stores.MemoryStore",
            "LOCATION": str(tmp_path / "purges.log"),
            "OPTIONS": {"ttl": 600},
        }
    }
    get_store.cache_clear()
    store = get_store()
    store.purge_all()
    yield store
    store.purge_all()
    get_store.cache_clear()
