"""A page store that fails open: when it does not answer, the site works without it.

Every call to the configured store goes through ``FailOpenStore``. A store error (Redis
down, unreachable, or slower than its short timeouts) is logged at most once a minute and
counted in ``StoreHealth``; the call answers as if the page were not stored and the
generation unknown (None), so the layer renders the page and stores nothing, and the site
lookups and the restriction check ask the database. For a second after a failure the store
is not even tried, so an outage costs no timeout per request.

A purge the store cannot take is kept in the database (``UndeliveredPurge``) and replayed
before the store is used again, so no page outlives its purge: by the process that saw the
store fail, on its first call once it answers again, and by every other process, which
looks for undelivered purges at most once a second (and when it starts).
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import DatabaseError

from .keys import PageAddress
from .stored import StoredResponse
from .stores import Generation, PageStore

__all__ = ["FailOpenStore", "StoreHealth"]

logger = logging.getLogger(__name__)

RETRY_AFTER = 1.0  # seconds without trying a store that failed
OUTBOX_CHECK_EVERY = 1.0  # seconds between looks for purges another process could not deliver
LOG_EVERY = 60.0

T = TypeVar("T")


def delivered(action: Callable[[], None]) -> Callable[[], bool]:
    """``action``, answering True once it has run: ``call``'s fallback, False, says it did not."""

    def run() -> bool:
        action()
        return True

    return run


@dataclass
class StoreHealth:
    """This process's view of the store, for a health check: ``failures`` only grows."""

    failures: int = 0
    answering: bool = True
    last_error: str = ""
    retry_at: float = 0.0
    logged_at: float = float("-inf")
    outbox_checked_at: float = float("-inf")


class FailOpenStore(PageStore):
    def __init__(self, store: PageStore) -> None:
        self.store = store
        self.health = StoreHealth()
        self.lock = threading.Lock()

    def get(self, host: str, path: str, variant: str) -> StoredResponse | None:
        return self.call(lambda: self.store.get(host, path, variant), None)

    def generation(self) -> Generation:
        return self.call(self.store.generation, None)

    def put(
        self,
        host: str,
        path: str,
        site_host: str,
        variants: dict[str, StoredResponse],
        generation: Generation,
    ) -> bool:
        return self.call(lambda: self.store.put(host, path, site_host, variants, generation), False)

    def purge(self, addresses: Iterable[PageAddress]) -> None:
        addresses = list(addresses)
        if not self.call(delivered(lambda: self.store.purge(addresses)), False):
            keep_undelivered(addresses=addresses)

    def purge_all(self) -> None:
        if not self.call(delivered(self.store.purge_all), False):
            keep_undelivered(everything=True)

    def call(self, operation: Callable[[], T], fallback: T) -> T:
        """``operation`` on the store, or ``fallback`` when the store does not answer;
        undelivered purges first, whenever they may be waiting."""
        health = self.health
        now = time.monotonic()
        if now < health.retry_at:
            return fallback
        try:
            if not health.answering or now - health.outbox_checked_at >= OUTBOX_CHECK_EVERY:
                health.outbox_checked_at = now
                replay_undelivered(self.store)
            result = operation()
        except self.store.errors as error:
            self.failed(error, now)
            return fallback
        if not health.answering:
            health.answering = True
            logger.warning("page cache store answers again")
        return result

    def failed(self, error: BaseException, now: float) -> None:
        with self.lock:
            health = self.health
            health.failures += 1
            health.answering = False
            health.last_error = f"{type(error).__name__}: {error}"
            health.retry_at = now + RETRY_AFTER
            if now - health.logged_at >= LOG_EVERY:
                health.logged_at = now
                logger.error(
                    "page cache store does not answer, pages are served uncached "
                    "(%d failures so far): %s",
                    health.failures,
                    health.last_error,
                )


def keep_undelivered(*, addresses: Iterable[PageAddress] = (), everything: bool = False) -> None:
    """Keep a purge the store could not take; logged if even the database refuses it."""
    from .models import UndeliveredPurge

    try:
        UndeliveredPurge.objects.create(
            addresses=[list(address) for address in addresses], everything=everything
        )
    except DatabaseError:
        logger.exception("page cache purge lost: neither the store nor the database took it")


def replay_undelivered(store: PageStore) -> None:
    """Deliver the kept purges to ``store``, then forget them. A store error propagates
    (the purges stay); a database that does not answer leaves nothing to replay."""
    from .models import UndeliveredPurge

    rows = UndeliveredPurge.objects.order_by("pk")
    try:
        kept = list(rows.values_list("pk", "addresses", "everything"))
        if not kept:
            return
        if any(everything for _, _, everything in kept):
            store.purge_all()
        else:
            store.purge(PageAddress(*pair) for _, pairs, _ in kept for pair in pairs)
        # Purging twice is harmless: rows another process replays meanwhile are just gone.
        rows.filter(pk__lte=kept[-1][0]).delete()
    except DatabaseError:
        logger.exception("page cache: kept purges could not be read or cleared")
        return
    logger.warning("page cache: %d purges kept during an outage delivered", len(kept))
