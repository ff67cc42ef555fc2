"""The demo network, loaded once per test session; each test runs in a rolled-back transaction."""

from pathlib import Path

import pytest

from tests.redis_server import redis_server  # noqa: F401  (a Redis of the test's own)

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = REPO_ROOT.parent / "shared" / "seed" / "000_4b00a952b983aeab.txt"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from vestnik.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo(domain="localhost", port=80)
        # As `vestnik demo` does: the queued enrichment of the demo articles, run once.
        call_command("worker", batch=True, verbosity=0)


@pytest.fixture(autouse=True)
def keep_the_test_transaction(monkeypatch):  # type: ignore[no-untyped-def]
    """The worker recycles connections between tasks, as a long-running process should; inside
    a test that would close the connection holding the test's transaction (PostgreSQL; an
    in-memory SQLite connection is never closed), so tests keep it, as Django's test client does
    for request signals."""
    from django_tasks_db.management.commands import db_worker

    from vestnik.newsroom import redis_queue

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(redis_queue, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def forget_remembered_restrictions():  # type: ignore[no-untyped-def]
    """A test's restriction is rolled back with its transaction, and the purge that would tell
    every process to look again runs on commit, so never: the process would go on remembering
    that some page is restricted (two more queries per page in the next query count)."""
    yield
    from vestnik.page_restrictions import any_view_restrictions

    any_view_restrictions.forget()


@pytest.fixture(autouse=True)
def forget_remembered_chrome():  # type: ignore[no-untyped-def]
    """The same for the header and footer remembered until a purge (``outlets.chrome``): the
    next test's outlet may have the rolled-back one's site id."""
    yield
    from vestnik.outlets.chrome import forget_chrome

    forget_chrome()


@pytest.fixture(autouse=True)
def forget_cached_renditions():  # type: ignore[no-untyped-def]
    """Wagtail keeps renditions in Django's cache, which a test's rollback does not empty: the
    next test would be handed a rendition whose row is gone, while a fresh render makes a new
    one under another file name (a page rendered twice would then differ)."""
    yield
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def network(db):  # type: ignore[no-untyped-def]
    """The demo outlets by slug, plus the canonical article."""
    from vestnik.articles.models import ArticlePage
    from vestnik.outlets.models import OutletHomePage

    outlets = {outlet.slug: outlet for outlet in OutletHomePage.objects.all()}
    canonical = ArticlePage.objects.get(slug="technopolis-2023")
    return {"canonical": canonical, **outlets}


@pytest.fixture
def seed_page() -> Path:
    if not SEED_PAGE.exists():
        pytest.skip(f"{SEED_PAGE} is absent: ../shared is not beside this checkout")
    return SEED_PAGE


@pytest.fixture
def run_worker(db):  # type: ignore[no-untyped-def]
    """Run everything queued for the background worker, as `vestnik worker --batch` would."""
    from django.core.management import call_command

    def run() -> None:
        call_command("worker", batch=True, verbosity=0)

    return run


@pytest.fixture
def steady_queries(monkeypatch):  # type: ignore[no-untyped-def]
    """Query counts without the page cache's look for undelivered purges, which it takes once a
    second whatever the request (``pagecache.faults``): on a slow run it fell inside one of two
    counts that should be equal."""
    from vestnik.pagecache import faults

    monkeypatch.setattr(faults, "replay_undelivered", lambda store: None)
