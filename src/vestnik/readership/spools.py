"""Where web processes leave their counted reads for the worker, and the day's salt they share.

On one machine (the page cache in memory) that is a spool file in the var directory, appended
under a lock like the page cache's purge log; with several app servers (the page cache in
Redis) it is a Redis list beside the cached pages. Either way a web process writes a batch at a
time (``counting``), never a database row per request, and the worker takes everything at once
(``aggregation``).

The salt that turns an address into a reader's hash is random, one per Moscow day, and shared
by every process so that a reader who meets two processes is still one reader. It is kept only
for its day: a salt file is deleted when the next day's is made, a Redis salt expires with the
day; without it, a stored hash can no longer be matched to an address.
"""

import fcntl
import os
import secrets
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

__all__ = ["FileSpool", "Read", "ReadSpool", "RedisSpool", "get_spool"]

SALT_BYTES = 32
# A salt outlives its day by this much in Redis: a process that rolls over a moment late
# still finds the salt the others used.
SALT_GRACE_SECONDS = 600


class Read(NamedTuple):
    """A reader's views of an article on a Moscow day: the reader as the day's hash."""

    day: date
    page_id: int
    visitor: str
    views: int = 1


def dump_reads(reads: Iterable[Read]) -> bytes:
    return "".join(
        f"{r.day.isoformat()}\t{r.page_id}\t{r.visitor}\t{r.views}\n" for r in reads
    ).encode()


def load_reads(data: bytes) -> list[Read]:
    reads = []
    for line in data.decode().splitlines():
        day, page_id, visitor, views = line.split("\t")
        reads.append(Read(date.fromisoformat(day), int(page_id), visitor, int(views)))
    return reads


class ReadSpool:
    """Base class: web processes ``append`` and ask for the day's ``salt``; the worker
    ``take``s."""

    def salt(self, day: date, seconds_left: float) -> bytes:
        """The salt of ``day``, made by the first process to ask; ``seconds_left`` in it."""
        raise NotImplementedError

    def append(self, reads: list[Read]) -> None:
        raise NotImplementedError

    def take(self) -> list[Read]:
        """Every read appended so far, removed from the spool."""
        raise NotImplementedError


class FileSpool(ReadSpool):
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = directory / "reads.log"

    def salt(self, day: date, seconds_left: float) -> bytes:
        path = self.directory / f"salt-{day.isoformat()}"
        fresh = self.directory / f".salt-{os.getpid()}-{secrets.token_hex(4)}"
        descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secrets.token_bytes(SALT_BYTES))
        try:
            os.link(fresh, path)  # the first process's salt wins; the others read it
        except FileExistsError:
            pass
        else:
            for old in self.directory.glob("salt-*"):
                if old != path:
                    old.unlink(missing_ok=True)
        finally:
            fresh.unlink()
        return path.read_bytes()

    def append(self, reads: list[Read]) -> None:
        data = dump_reads(reads)
        while True:
            with open(self.path, "ab") as spool:
                fcntl.flock(spool, fcntl.LOCK_EX)
                if (
                    not self.path.exists()
                    or os.fstat(spool.fileno()).st_ino != os.stat(self.path).st_ino
                ):
                    continue  # taken by the worker while we waited: write to the new file
                spool.write(data)
                return

    def take(self) -> list[Read]:
        taken = self.directory / f".taken-{os.getpid()}"
        try:
            os.replace(self.path, taken)
        except FileNotFoundError:
            return []
        with open(taken, "rb") as spool:
            # A writer that opened the file before it moved finishes first, or sees it moved.
            fcntl.flock(spool, fcntl.LOCK_EX)
            data = spool.read()
        taken.unlink()
        return load_reads(data)


# Take the whole list and empty it in one step, so no read lands between the two.
TAKE_SCRIPT = """
local reads = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return reads
"""


class RedisSpool(ReadSpool):
    def __init__(self, location: str, prefix: str = "vestnik-page-", **_: Any) -> None:
        import redis

        self.redis = redis.Redis.from_url(location, socket_connect_timeout=0.25, socket_timeout=0.5)
        self.key = f"{prefix}reads"
        self.salt_prefix = f"{prefix}reads-salt:"
        self.take_script = self.redis.register_script(TAKE_SCRIPT)

    def salt(self, day: date, seconds_left: float) -> bytes:
        key = f"{self.salt_prefix}{day.isoformat()}"
        expiry = int(seconds_left) + SALT_GRACE_SECONDS
        self.redis.set(key, secrets.token_bytes(SALT_BYTES), nx=True, ex=expiry)
        return cast(bytes, self.redis.get(key))

    def append(self, reads: list[Read]) -> None:
        self.redis.rpush(self.key, dump_reads(reads))

    def take(self) -> list[Read]:
        batches = cast(list[bytes], self.take_script(keys=[self.key]))
        return [read for batch in batches for read in load_reads(batch)]


@cache
def get_spool() -> ReadSpool:
    """Redis when the page cache is in Redis (several app servers), else a file on this
    machine, the way the page cache itself is shared."""
    config = settings.VESTNIK_PAGE_CACHE["default"]
    if config["BACKEND"].endswith(".RedisStore"):
        return RedisSpool(config["LOCATION"], **config.get("OPTIONS", {}))
    return FileSpool(Path(settings.VAR_DIR) / "reads")


@receiver(setting_changed)
def forget_spool(setting: str, **kwargs: Any) -> None:
    if setting in ("VESTNIK_PAGE_CACHE", "VAR_DIR"):
        get_spool.cache_clear()
