"""A redis-server of a test's own on a free loopback port, to stop and start again: the shared
Redis at 6379 is never stopped. Skips the test where redis-server is not installed."""

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.commands import free_port

REDIS_SERVER = shutil.which("redis-server")
DEADLINE = 30.0


class RedisServer:
    """A redis-server on a loopback port, persisting to ``directory`` only when told (SAVE),
    or, ``durable``, every write to its append-only file before answering (as docs/deploy asks
    of the queue's Redis, so a kill loses nothing)."""

    def __init__(self, directory: Path, port: int, *, durable: bool = False) -> None:
        self.directory, self.port, self.durable = directory, port, durable
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def start(self) -> None:
        assert REDIS_SERVER is not None
        persistence = ["yes", "--appendfsync", "always"] if self.durable else ["no"]
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--dir", str(self.directory), "--save", "", "--appendonly", *persistence],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + DEADLINE
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
            finally:
                client.close()

    def kill(self) -> None:
        """SAVE first, so the server comes back with what it held (the page cache's stale
        pages, say)."""
        redis.Redis.from_url(self.url).save()
        self.stop()

    def stop(self) -> None:
        """SIGKILL: what was not persisted is gone, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path, free_port())
    server.start()
    yield server
    server.stop()
