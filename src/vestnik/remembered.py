"""Values read from the database and remembered between requests until the page cache's purge
generation moves: what a readers' page shows around its content (an outlet's identity, its
sections, its okrug's districts), which Wagtail site answers a host, whether any page is
restricted; each changes only when an editor changes it.

Every change to such a value purges the whole page cache (``pagecache.invalidation``), which
moves the purge generation in every process of every server; ``pagecache.sites`` reads the
generation once per request and leaves it on the request (``GENERATION_ATTRIBUTE``), and hands
it to what has no request at hand (``page_restrictions``). Without one (a store that does not
answer, a request from a test or the admin's preview) nothing is remembered: each value is read
again.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["GENERATION_ATTRIBUTE", "UntilPurge"]

GENERATION_ATTRIBUTE = "vestnik_purge_generation"

T = TypeVar("T")


class UntilPurge(Generic[T]):
    """Values by key, each computed once per purge generation."""

    def __init__(self) -> None:
        self.generation: Any = None
        self.values: dict[Hashable, T] = {}
        self.lock = threading.Lock()

    def get(self, request: Any, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for ``key`` at the generation the request carries."""
        return self.at(getattr(request, GENERATION_ATTRIBUTE, None), key, compute)

    def at(self, generation: Any, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for ``key`` at ``generation``, read before ``compute`` runs."""
        if generation is None:
            # A purge may pass unseen while the store does not answer: what was remembered before
            # is not trusted once it answers again, even with the generation it had.
            self.forget()
            return compute()
        with self.lock:
            if generation == self.generation and key in self.values:
                return self.values[key]
        # Computed after the generation was read: a change committed meanwhile moves it, so the
        # value is dropped by the next request that sees the new generation.
        value = compute()
        with self.lock:
            if generation != self.generation:
                self.generation, self.values = generation, {}
            self.values[key] = value
        return value

    def forget(self) -> None:
        """Everything read again: at once in this process, on a change made here, before the
        purge at commit reaches the others."""
        with self.lock:
            self.values = {}
