"""Read replicas: a reader's request reads a streaming standby, everything else the primary.

The replicas are the ``DATABASES`` entries that mirror ``default`` (``TEST["MIRROR"]``), one per
URL of ``DATABASE_REPLICA_URLS``. ``ReaderRequestMiddleware`` marks a request as a reader's when
it is a GET or HEAD outside the admin, carries no session cookie (no logged-in editor, no page
password) and no «read your writes» pin: every POST, PUT, PATCH or DELETE answers with a cookie
that sends this browser's reads to the primary for ``VESTNIK_REPLICA_PIN_SECONDS``, so whoever
just wrote sees what they wrote. The mark is a context variable, so one thread's (or one of
granian's threads') request never leaks into another's. ``ReplicaRouter`` sends the reads of a
marked request to a replica and every other read (the admin, the worker, management commands,
anything inside a transaction) and every write to the primary; migrations run on the primary
alone, which the replicas copy.

Lag and the page cache. A write that changes a page purges it when it commits
(``pagecache.invalidation``); a reader's miss that rendered the page from a replica that has not
replayed the write yet would store the old page again, and the cache's purge generation cannot
tell, since the purge happened before the miss began. So each purge first records the primary's
WAL position (``pg_current_wal_lsn()``, taken after the commit) as the *purge horizon*, kept
where the page cache keeps its generation: in its Redis when the cache is shared, else in a file
of the var directory beside the in-process store's purge log. A reader's request picks a replica
only when that replica has replayed past the horizon (``pg_last_wal_replay_lsn()``), and reads
the primary otherwise, so a page stored after a purge is never older than the purge. The
horizon is written before the purge and read after the generation, so a miss that began
before the purge is refused by the generation and one that began after it sees the horizon.

Replay only moves forward, so a position a replica is known to have passed stays true: each
process remembers the last one per replica and asks the replica again only when the horizon is
ahead of it, at most every ``RECHECK_SECONDS``. The choice is made once per request, at its
first read, so one page never mixes the replica's rows with the primary's.

A replica that goes away. One that does not answer the question is left alone for
``DOWN_SECONDS``, and its readers read the primary. One that fails in the middle of a reader's
request (it stopped, or restarted under a kept connection) fails that request with the
database's 503; the middleware then serves the request again from the primary, which a reader's
GET allows, and leaves the replica alone for ``DOWN_SECONDS`` too. So a standby's outage costs
readers nothing but the primary's load.
"""

import fcntl
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

__all__ = [
    "PIN_COOKIE",
    "ReaderRequestMiddleware",
    "ReplicaRouter",
    "note_purge",
    "reading_replica",
    "replica_aliases",
]

logger = logging.getLogger(__name__)

PIN_COOKIE = "vestnik_primary"
PRIMARY_PREFIXES = ("/admin/", "/django-admin/", "/_util/")
SAFE_METHODS = ("GET", "HEAD")
RECHECK_SECONDS = 0.25
DOWN_SECONDS = 5.0
HORIZON_KEY = "replica-horizon"


@dataclass
class ReaderRequest:
    """The database a reader's request reads, chosen at its first read."""

    alias: str | None = None


_reader: ContextVar[ReaderRequest | None] = ContextVar("vestnik_reader_request", default=None)


def replica_aliases() -> list[str]:
    return [
        alias
        for alias, config in settings.DATABASES.items()
        if config.get("TEST", {}).get("MIRROR") == DEFAULT_DB_ALIAS
    ]


def routing_enabled() -> bool:
    return bool(settings.VESTNIK_READ_FROM_REPLICAS and replica_aliases())


def reading_replica() -> str | None:
    """The replica this request reads, None when it reads the primary (for logs and tests)."""
    request = _reader.get()
    alias = request.alias if request else None
    return alias if alias not in (None, DEFAULT_DB_ALIAS) else None


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        request = _reader.get()
        if request is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if request.alias is None:
            request.alias = caught_up_replica() or DEFAULT_DB_ALIAS
        return request.alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db in replica_aliases() else None


class ReaderRequestMiddleware:
    """Marks a reader's request for the router; pins a writer's browser to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not routing_enabled():
            return self.get_response(request)
        response = self.read(request) if self.is_readers(request) else self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.VESTNIK_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
            )
        return response

    def read(self, request: HttpRequest) -> HttpResponse:
        reader = ReaderRequest()
        token = _reader.set(reader)
        try:
            response = self.get_response(request)
            if response.status_code == 503 and reader.alias not in (None, DEFAULT_DB_ALIAS):
                # The replica failed under this request (the database's 503, see the module's
                # docstring): the same GET once more, from the primary.
                assert reader.alias is not None
                leave_alone(reader.alias)
                reader.alias = DEFAULT_DB_ALIAS
                response = self.get_response(request)
        finally:
            _reader.reset(token)
        return response

    @staticmethod
    def is_readers(request: HttpRequest) -> bool:
        return (
            request.method in SAFE_METHODS
            and not request.path.startswith(PRIMARY_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and PIN_COOKIE not in request.COOKIES
        )


@dataclass
class ReplayedPosition:
    """How far one replica is known to have replayed, and when it was last asked."""

    lsn: int = -1
    asked_at: float = float("-inf")
    down_until: float = float("-inf")


_replayed: dict[str, ReplayedPosition] = {}
_replayed_lock = threading.Lock()


def caught_up_replica() -> str | None:
    """A replica that has replayed every purge, or None."""
    aliases = replica_aliases()
    if not aliases:
        return None
    horizon = purge_horizon().read()
    if horizon is None:
        return None  # the horizon is unknown: only the primary is surely fresh
    for alias in random.sample(aliases, len(aliases)):
        if replayed_lsn(alias, horizon) >= horizon:
            return alias
    return None


def replayed_lsn(alias: str, horizon: int) -> int:
    with _replayed_lock:
        known = _replayed.setdefault(alias, ReplayedPosition())
        now = time.monotonic()
        if now < known.down_until:
            return -1
        if known.lsn >= horizon or now - known.asked_at < RECHECK_SECONDS:
            return known.lsn
        known.asked_at = now
    lsn = ask_replayed_lsn(alias)
    if lsn < 0:
        leave_alone(alias)
        return -1
    with _replayed_lock:
        known.lsn = max(known.lsn, lsn)
        return known.lsn


def leave_alone(alias: str) -> None:
    """No reader reads ``alias`` for ``DOWN_SECONDS``; its kept connection is dropped, so the
    next look at it connects afresh."""
    with _replayed_lock:
        _replayed.setdefault(alias, ReplayedPosition()).down_until = time.monotonic() + DOWN_SECONDS
    connections[alias].close()


def ask_replayed_lsn(alias: str) -> int:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        # Not a standby (a development mirror of the same SQLite file): never behind.
        return 2**63
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn")
            row = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Replica %s does not answer, readers read the primary: %s", alias, error)
        return -1
    # NULL: not a standby at all (a promoted one, or a primary named by mistake).
    return int(row[0]) if row and row[0] is not None else -1


def note_purge() -> None:
    """Raise the purge horizon to the primary's WAL position; called before every purge."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not replica_aliases() or connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")
            row = cursor.fetchone()
    except DatabaseError as error:
        # The purge itself must still happen; a lagging replica is the lesser harm.
        logger.warning("The primary's WAL position is unknown, the purge goes on: %s", error)
        return
    if row:
        purge_horizon().raise_to(int(row[0]))


class FileHorizon:
    """The horizon of one machine's processes (the in-process page store): a locked file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> int | None:
        try:
            with open(self.path) as horizon:
                fcntl.flock(horizon, fcntl.LOCK_SH)  # never the half-written file
                return int(horizon.read() or 0)
        except FileNotFoundError:
            return 0
        except (OSError, ValueError):
            return None

    def raise_to(self, lsn: int) -> None:
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "r+") as horizon:
            fcntl.flock(horizon, fcntl.LOCK_EX)
            if lsn > int(horizon.read() or 0):
                horizon.seek(0)
                horizon.truncate()
                horizon.write(str(lsn))


# Raise, never lower: two purges' positions may arrive out of order.
RAISE_SCRIPT = """
if tonumber(ARGV[1]) > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], ARGV[1])
end
"""


@dataclass
class RedisHorizon:
    """The horizon of every app server sharing the page cache's Redis."""

    location: str
    key: str
    client: Any = field(init=False)

    def __post_init__(self) -> None:
        import redis

        self.client = redis.Redis.from_url(
            self.location, socket_connect_timeout=0.25, socket_timeout=0.5
        )
        self.errors = (redis.RedisError, OSError)

    def read(self) -> int | None:
        try:
            return int(self.client.get(self.key) or 0)
        except self.errors:
            return None

    def raise_to(self, lsn: int) -> None:
        try:
            self.client.eval(RAISE_SCRIPT, 1, self.key, lsn)
        except self.errors as error:
            logger.warning("The purge horizon could not be stored in Redis: %s", error)


_horizon: dict[tuple[str, str], FileHorizon | RedisHorizon] = {}


def purge_horizon() -> FileHorizon | RedisHorizon:
    config = settings.VESTNIK_PAGE_CACHE["default"]
    location = config.get("LOCATION", "")
    prefix = config.get("OPTIONS", {}).get("prefix", "vestnik-page-")
    key = (location, prefix)
    if key not in _horizon:
        if location.startswith(("redis://", "rediss://", "unix://")):
            _horizon[key] = RedisHorizon(location, f"{prefix}{HORIZON_KEY}")
        else:
            log_dir = Path(location).parent if location else Path(settings.VAR_DIR)
            _horizon[key] = FileHorizon(log_dir / HORIZON_KEY)
    return _horizon[key]
