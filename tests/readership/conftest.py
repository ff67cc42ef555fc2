"""The real WSGI stack with the page cache in memory and the reads spooled in a var dir of the
test's own; every counted read is written through at once (``FLUSH_SECONDS`` 0)."""

import pytest

from tests.pagecache.conftest import django_app  # noqa: F401  (a fixture)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture
def reads_spool(settings, tmp_path):
    from vestnik.readership.counting import get_counter
    from vestnik.readership.spools import get_spool

    settings.VAR_DIR = tmp_path
    settings.VESTNIK_PAGE_CACHE = {
        "default": {
            "BACKEND": "vestnik.pagecache.stores.MemoryStore",
            "LOCATION": str(tmp_path / "purges.log"),
            "OPTIONS": {"ttl": 600},
        }
    }
    settings.VESTNIK_READS = {**settings.VESTNIK_READS, "FLUSH_SECONDS": 0}
    yield get_spool()
    get_spool.cache_clear()
    get_counter.cache_clear()


@pytest.fixture
def counted_app(reads_spool, django_app):  # noqa: F811
    from vestnik.pagecache.stores import get_store
    from vestnik.pagecache.wsgi_layer import PageCacheApplication

    get_store().purge_all()
    yield PageCacheApplication(django_app)
    get_store.cache_clear()
