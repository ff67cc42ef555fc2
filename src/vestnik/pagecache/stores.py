"""Where cached pages live: this process's memory (the default) or Redis, shared by several
app servers. Swappable like Django's caches: ``VESTNIK_PAGE_CACHE["default"]["BACKEND"]``.

A page is stored under its host and path, one entry per variant (scheme, ``?page=N``,
content coding), so purging a path drops every page of a listing at once. Each store keeps
a purge generation: a response rendered while a purge happened is not stored, since it may
have been rendered from data the purge was about.
"""

import fcntl
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from .keys import PageAddress
from .stored import StoredResponse, dump_response, load_response

__all__ = ["MemoryStore", "PageStore", "RedisStore", "get_store"]

Generation = Any


class PageStore:
    """Base class: a hit is ``get``; a miss reads ``generation`` first and ``put``s after.
    ``errors`` are what a store that does not answer raises (``faults`` catches them)."""

    errors: tuple[type[BaseException], ...] = (OSError,)

    def get(self, host: str, path: str, variant: str) -> StoredResponse | None:
        raise NotImplementedError

    def generation(self) -> Generation:
        raise NotImplementedError

    def put(
        self,
        host: str,
        path: str,
        site_host: str,
        variants: dict[str, StoredResponse],
        generation: Generation,
    ) -> bool:
        """Store the variants unless a purge happened since ``generation`` was read."""
        raise NotImplementedError

    def purge(self, addresses: Iterable[PageAddress]) -> None:
        raise NotImplementedError

    def purge_all(self) -> None:
        raise NotImplementedError


class PurgeLog:
    """An append-only file of purged addresses that every process of one machine reads, so a
    purge in an editor's process reaches the memory of every other worker. A hit costs one
    ``stat``; a file replaced by rotation makes every reader drop everything it holds."""

    ROTATE_AT = 4 * 2**20
    EVERYTHING = "*"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()
        stat = os.stat(self.path)
        self.inode, self.offset = stat.st_ino, stat.st_size

    def append(self, lines: Iterable[str]) -> None:
        data = "".join(f"{line}\n" for line in lines).encode()
        while True:
            with open(self.path, "ab") as log:
                fcntl.flock(log, fcntl.LOCK_EX)
                if os.fstat(log.fileno()).st_ino != os.stat(self.path).st_ino:
                    continue  # rotated while we waited for the lock: write to the new file
                if log.tell() > self.ROTATE_AT:
                    # A new file tells every reader to drop everything, this purge included.
                    fresh = self.path.with_suffix(".new")
                    fresh.write_bytes(b"")
                    os.replace(fresh, self.path)
                else:
                    log.write(data)
                return

    def read_new(self) -> list[str] | None:
        """Lines appended since the last call; None when the log was replaced (purge all)."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            self.path.touch()
            stat = os.stat(self.path)
        if stat.st_ino == self.inode and stat.st_size == self.offset:
            return []
        if stat.st_ino != self.inode:
            self.inode, self.offset = stat.st_ino, 0
            self._read()
            return None
        return self._read()

    def _read(self) -> list[str]:
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            data = log.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        return complete.decode().splitlines()

    def position(self) -> tuple[int, int]:
        return (self.inode, self.offset)


class MemoryStore(PageStore):
    """A bounded LRU in this process, kept exact across processes by a ``PurgeLog``."""

    def __init__(
        self, location: str = "", max_bytes: int = 64 * 2**20, ttl: float = 86400, **_: Any
    ) -> None:
        self.max_bytes = max_bytes
        self.ttl = ttl
        self.log = PurgeLog(Path(location or settings.VAR_DIR / "page-cache-purges.log"))
        self.pages: OrderedDict[tuple[str, str], dict[str, StoredResponse]] = OrderedDict()
        self.sizes: dict[tuple[str, str], int] = {}
        self.total = 0
        self.aliases: dict[str, set[str]] = {}
        self.lock = threading.Lock()

    def get(self, host: str, path: str, variant: str) -> StoredResponse | None:
        with self.lock:
            self._sync()
            entry = self.pages.get((host, path))
            if entry is None:
                return None
            response = entry.get(variant)
            if response is None:
                return None
            if response.expires_at < time.time():
                self._drop((host, path))
                return None
            self.pages.move_to_end((host, path))
            return response

    def generation(self) -> Generation:
        with self.lock:
            self._sync()
            return self.log.position()

    def put(
        self,
        host: str,
        path: str,
        site_host: str,
        variants: dict[str, StoredResponse],
        generation: Generation,
    ) -> bool:
        with self.lock:
            self._sync()
            if self.log.position() != generation:
                return False
            if host != site_host:
                self.aliases.setdefault(site_host, set()).add(host)
            key = (host, path)
            entry = self.pages.setdefault(key, {})
            entry.update(variants)
            self.pages.move_to_end(key)
            size = sum(len(response.body) + 200 for response in entry.values())
            self.total += size - self.sizes.get(key, 0)
            self.sizes[key] = size
            while self.total > self.max_bytes and len(self.pages) > 1:
                self._drop(next(iter(self.pages)))
            return True

    def purge(self, addresses: Iterable[PageAddress]) -> None:
        self.log.append(f"{host}\t{path}" for host, path in addresses)
        with self.lock:
            self._sync()

    def purge_all(self) -> None:
        self.log.append([PurgeLog.EVERYTHING])
        with self.lock:
            self._sync()

    def _sync(self) -> None:
        lines = self.log.read_new()
        if lines is None or PurgeLog.EVERYTHING in lines:
            self.pages.clear()
            self.sizes.clear()
            self.total = 0
            return
        for line in lines:
            host, _, path = line.partition("\t")
            for alias in (host, *self.aliases.get(host, ())):
                self._drop((alias, path))

    def _drop(self, key: tuple[str, str]) -> None:
        if self.pages.pop(key, None) is not None:
            self.total -= self.sizes.pop(key)


# Store only if no purge happened since the miss began; the alias set lets a purge of a
# site's own host reach pages stored under the other hosts it answers (the default site).
STORE_SCRIPT = """
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[2], ARGV[2])
if ARGV[3] ~= '' then redis.call('SADD', KEYS[3], ARGV[3]) end
return 1
"""


class RedisStore(PageStore):
    """One Redis hash per page, shared by every app server."""

    def __init__(
        self,
        location: str,
        prefix: str = "vestnik-page-",
        ttl: float = 86400,
        connect_timeout: float = 0.25,
        timeout: float = 0.5,
        **_: Any,
    ) -> None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # A Redis that does not answer must cost a reader a fraction of a second, once
        # (``faults`` then leaves it alone for a while), not the client's default retries.
        self.redis = redis.Redis.from_url(
            location,
            socket_connect_timeout=connect_timeout,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self.errors = (redis.RedisError, OSError)
        self.prefix = prefix
        self.ttl = int(ttl)
        self.counter = f"{prefix}purges"
        self.store_script = self.redis.register_script(STORE_SCRIPT)

    def page_key(self, host: str, path: str) -> str:
        return f"{self.prefix}page:{host}{path}"

    def alias_key(self, site_host: str) -> str:
        return f"{self.prefix}alias:{site_host}"

    def get(self, host: str, path: str, variant: str) -> StoredResponse | None:
        data = self.redis.hget(self.page_key(host, path), variant)
        return None if data is None else load_response(cast(bytes, data))

    def generation(self) -> Generation:
        return cast(bytes, self.redis.get(self.counter) or b"0").decode()

    def put(
        self,
        host: str,
        path: str,
        site_host: str,
        variants: dict[str, StoredResponse],
        generation: Generation,
    ) -> bool:
        fields: list[Any] = []
        for variant, response in variants.items():
            fields += [variant, dump_response(response)]
        stored = self.store_script(
            keys=[self.counter, self.page_key(host, path), self.alias_key(site_host)],
            args=[generation, self.ttl, host if host != site_host else "", *fields],
        )
        return bool(stored)

    def purge(self, addresses: Iterable[PageAddress]) -> None:
        addresses = list(addresses)
        hosts = {host for host, _ in addresses}
        with self.redis.pipeline() as pipe:
            for host in hosts:
                pipe.smembers(self.alias_key(host))
            aliases = dict(zip(hosts, pipe.execute(), strict=True))
        keys = [
            self.page_key(alias, path)
            for host, path in addresses
            for alias in (host, *(a.decode() for a in aliases[host]))
        ]
        with self.redis.pipeline() as pipe:
            pipe.incr(self.counter)
            for start in range(0, len(keys), 1000):
                pipe.delete(*keys[start : start + 1000])
            pipe.execute()

    def purge_all(self) -> None:
        self.redis.incr(self.counter)
        keys = list(self.redis.scan_iter(match=f"{self.prefix}page:*", count=1000))
        for start in range(0, len(keys), 1000):
            self.redis.delete(*keys[start : start + 1000])


@cache
def get_store() -> PageStore:
    """The configured store, failing open (``faults.FailOpenStore``)."""
    from .faults import FailOpenStore

    config = settings.VESTNIK_PAGE_CACHE["default"]
    backend = import_string(config["BACKEND"])
    return FailOpenStore(backend(config.get("LOCATION", ""), **config.get("OPTIONS", {})))


@receiver(setting_changed)
def forget_store(setting: str, **kwargs: Any) -> None:
    if setting in ("VESTNIK_PAGE_CACHE", "VESTNIK_PAGE_CACHE_ENABLED"):
        get_store.cache_clear()
