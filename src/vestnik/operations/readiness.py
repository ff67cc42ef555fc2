"""``/readyz``: can this app server serve? Each check says ok or not, and whether it is
critical; the answer is 200 when every critical one passes, else 503.

Critical: the database (nothing renders without it) and free space for media on this server's
disk (uploads, and a SQLite database beside them, fail on a full disk). Not critical, reported
for the operator: the page cache (it fails open: pages render uncached), the queue (a publish
still saves), the worker's heartbeat (readers never wait on the worker) and, with media in an
S3 bucket (``MEDIA_STORAGE_URL``) instead of on the disk, the bucket (uploads fail without it,
but pages render and readers fetch pictures from the bucket, not from us). A load balancer that
took servers out for those, shared by every server, would take them all out at once, for an
outage readers would not have seen.

Nothing secret is shown: no URL, host name or error message, only the error's type. The whole
report is kept for ``VESTNIK_READINESS_CACHE_SECONDS`` (1 s), so several load balancers
polling every second cost one round of checks per process per second.
"""

import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

from vestnik.media_storage.backends import ObjectStorage
from vestnik.pagecache.stores import RedisStore, get_store

from .heartbeat import last_beat
from .queue_state import read_queue

__all__ = ["Readiness", "readiness"]

logger = logging.getLogger(__name__)

BUCKET_PROBE_SECONDS = 5.0


@dataclass(frozen=True)
class Readiness:
    ready: bool
    report: dict[str, Any]


@dataclass
class Remembered:
    lock: threading.Lock = field(default_factory=threading.Lock)
    until: float = float("-inf")
    result: Readiness | None = None
    failing: set[str] = field(default_factory=set)


_remembered = Remembered()


def readiness() -> Readiness:
    """The report, computed at most once per cache period in this process."""
    with _remembered.lock:
        now = time.monotonic()
        if _remembered.result is None or now >= _remembered.until:
            _remembered.result = run_checks()
            _remembered.until = now + settings.VESTNIK_READINESS_CACHE_SECONDS
        return _remembered.result


def run_checks() -> Readiness:
    checks: dict[str, dict[str, Any]] = {}
    for name, critical, check in checks_to_run():
        started = time.perf_counter()
        try:
            ok, details = check()
        except Exception as error:  # noqa: BLE001 - whatever breaks a check is its answer
            ok, details = False, {"error": type(error).__name__}
            log_change(name, failed=True, error=error)
        else:
            log_change(name, failed=not ok)
        checks[name] = {
            "ok": ok,
            "critical": critical,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            **details,
        }
    ready = all(check["ok"] for check in checks.values() if check["critical"])
    everything = all(check["ok"] for check in checks.values())
    status = "ok" if everything else "degraded" if ready else "unavailable"
    return Readiness(ready, {"status": status, "checks": checks})


def log_change(name: str, *, failed: bool, error: BaseException | None = None) -> None:
    """One line when a check starts failing (with the error, for the operator's log) and one
    when it passes again, not one per poll."""
    if failed and name not in _remembered.failing:
        _remembered.failing.add(name)
        logger.warning("readiness check %s fails: %r", name, error)
    elif not failed and name in _remembered.failing:
        _remembered.failing.discard(name)
        logger.warning("readiness check %s passes again", name)


Check = tuple[bool, dict[str, Any]]


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, {"vendor": connection.vendor}


def check_page_cache() -> Check:
    if not settings.VESTNIK_PAGE_CACHE_ENABLED:
        return True, {"enabled": False}
    store = get_store()
    kind = "redis" if isinstance(getattr(store, "store", None), RedisStore) else "memory"
    # The fail-open store answers None for a store that does not answer (and, for a second
    # after a failure, without trying it again).
    answering = store.generation() is not None
    return answering, {"store": kind}


def check_queue() -> Check:
    state = read_queue()
    return True, {
        "queue": state.kind,
        "depth": state.depth,
        "oldest_age_seconds": round(state.oldest_age, 1),
        "held": state.held,
    }


def check_worker() -> Check:
    beaten = last_beat()
    if beaten is None:
        return False, {"last_beat_age_seconds": None}
    age = (timezone.now() - beaten).total_seconds()
    return age <= settings.VESTNIK_WORKER_STALE_MINUTES * 60, {
        "last_beat_age_seconds": round(age, 1)
    }


def check_media_disk() -> Check:
    free = shutil.disk_usage(existing(Path(settings.MEDIA_ROOT))).free
    free_mb = free // 2**20
    return free_mb >= settings.VESTNIK_MEDIA_MIN_FREE_MB, {"free_mb": free_mb}


@dataclass
class BucketProbe:
    until: float = float("-inf")
    error: Exception | None = None


_bucket = BucketProbe()


def check_media_bucket() -> Check:
    """A HEAD of the bucket, remembered for ``BUCKET_PROBE_SECONDS``: a request to the store
    costs more than the rest of the report, and the report is made every second."""
    now = time.monotonic()
    if now >= _bucket.until:
        storage = storages["default"]
        assert isinstance(storage, ObjectStorage)
        try:
            storage.probe_bucket()
        except Exception as error:  # noqa: BLE001 - raised again below, from memory too
            _bucket.error = error
        else:
            _bucket.error = None
        _bucket.until = now + BUCKET_PROBE_SECONDS
    if _bucket.error is not None:
        raise _bucket.error
    return True, {"storage": "s3"}


def existing(path: Path) -> Path:
    """``path``, or its nearest existing parent: media not uploaded yet live on that disk."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def checks_to_run() -> list[tuple[str, bool, Callable[[], Check]]]:
    """Each check's name, whether it is critical, and the check. Media: the bucket when they
    live in one, else this server's disk."""
    if isinstance(storages["default"], ObjectStorage):
        media = ("media_bucket", False, check_media_bucket)
    else:
        media = ("media_disk", True, check_media_disk)
    return [
        ("database", True, check_database),
        media,
        ("page_cache", False, check_page_cache),
        ("queue", False, check_queue),
        ("worker", False, check_worker),
    ]
