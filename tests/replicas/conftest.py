"""A real streaming standby (scripts/pg_standby) behind the "replica1" database.

Replication copies what is committed, and a test's writes are rolled back, so these tests run
their bodies in a thread of their own (``committed``), whose connections are outside
pytest-django's transaction, and put back what they changed: the session's demo network stays
as it was. Skipped unless
VESTNIK_TEST_REPLICA_URL names the standby and DATABASE_URL the PostgreSQL primary; .ci/run
sets VESTNIK_REQUIRE_REPLICA=1, which turns the skip into a failure.
"""

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import pytest
from django.conf import settings
from django.db import connections

DEADLINE = 30.0
T = TypeVar("T")


def standby_configured() -> bool:
    return "replica1" in settings.DATABASES


def committed(body: Callable[[], T]) -> T:
    """``body`` in a fresh thread: its own connections, in autocommit, so what it writes is
    committed (and replicated) at once, and purges run as they do in a server."""

    def run() -> T:
        try:
            return body()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(run).result()


@pytest.fixture
def standby(settings, tmp_path) -> Iterator[None]:
    """Committed access to the primary and the standby, routing on, an empty page store."""
    if not standby_configured():
        reason = "no standby: set VESTNIK_TEST_REPLICA_URL and a PostgreSQL DATABASE_URL"
        if os.environ.get("VESTNIK_REQUIRE_REPLICA") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from vestnik.pagecache.stores import get_store

    settings.VESTNIK_READ_FROM_REPLICAS = True
    settings.VESTNIK_PAGE_CACHE = {
        "default": {
            "BACKEND": "vestnik.pagecache.stores.MemoryStore",
            "LOCATION": str(tmp_path / "purges.log"),
            "OPTIONS": {"ttl": 600},
        }
    }
    get_store.cache_clear()
    committed(wait_until_replayed)
    yield
    committed(resume_replay)
    get_store.cache_clear()


def lsn(alias: str, function: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT {function}() - '0/0'::pg_lsn")
        return int(cursor.fetchone()[0])


def wait_until_replayed() -> None:
    """Poll until the standby has replayed everything the primary has written so far."""
    target = lsn("default", "pg_current_wal_lsn")
    deadline = time.monotonic() + DEADLINE
    while lsn("replica1", "pg_last_wal_replay_lsn") < target:
        assert time.monotonic() < deadline, "the standby did not catch up within 30 s"
        time.sleep(0.05)


def resume_replay() -> None:
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def replay_paused() -> Iterator[None]:
    """The standby stops applying the primary's WAL (it still receives it) until the end."""
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + DEADLINE
        while True:
            cursor.execute("SELECT pg_get_wal_replay_pause_state()")
            if cursor.fetchone()[0] == "paused":
                break
            assert time.monotonic() < deadline, "the standby did not pause within 30 s"
            time.sleep(0.05)
    try:
        yield
    finally:
        resume_replay()
