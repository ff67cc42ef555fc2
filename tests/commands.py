"""`vestnik` commands run as real processes, as an operator runs them: each test on a var dir
of its own (its SQLite database and media), with none of the test run's own settings."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

WAIT_LIMIT = (
    300.0  # seconds: only a safety net for a hung process on a loaded machine, never a pause
)

T = TypeVar("T")

# A one-outlet network, the default site, for `vestnik shell -c`.
CREATE_STROGINO = (
    "from vestnik.outlets.factories import create_outlet;"
    "from vestnik.regions.models import Region;"
    "create_outlet(slug='strogino', name='Строгино', region=Region.objects.lookup('Строгино'),"
    " hostname='strogino.localhost', is_default_site=True)"
)


def environment(var_dir: Path, **settings: str) -> dict[str, str]:
    """This process's environment without the test run's database, settings and ``VESTNIK_*``
    flags, pointed at ``var_dir``, with ``settings`` added."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT", "DEBUG")
        and not key.startswith("VESTNIK_")
    }
    env.update(VESTNIK_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1", **settings)
    return env


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "vestnik.cli", *args]


def run(var_dir: Path, *args: str, **settings: str) -> str:
    """Run a command to its end; its standard output. It must succeed."""
    result = subprocess.run(
        command(*args),
        env=environment(var_dir, **settings),
        capture_output=True,
        text=True,
        timeout=WAIT_LIMIT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextmanager
def running(var_dir: Path, log: Path, *args: str, **settings: str) -> Iterator[None]:
    """A command running in the background for the ``with`` block, its output in ``log``;
    stopped (SIGTERM) and reaped afterwards."""
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command(*args),
            env=environment(var_dir, **settings),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield
    finally:
        process.terminate()
        process.wait()


def shell(var_dir: Path, code: str, **settings: str) -> str:
    """Run Python in `vestnik shell`; the last line it printed (after the shell's greeting)."""
    return run(var_dir, "shell", "-c", code, **settings).strip().rpartition("\n")[2]


def wait_for(condition: Callable[[], T], what: str, output: Callable[[], str] | None = None) -> T:
    """Poll ``condition`` until it returns something true; fail after WAIT_LIMIT, with the end
    of ``output()`` (a process's log) when given."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not (value := condition()):
        if time.monotonic() > deadline:
            said = f"; the process said:\n{output()[-3000:]}" if output else ""
            pytest.fail(f"timed out waiting for {what}{said}", pytrace=False)
        time.sleep(0.2)
    return value


def read(database: Path, sql: str, *params: Any) -> tuple[Any, ...] | None:
    """One row from a SQLite database another process writes."""
    with sqlite3.connect(database) as connection:
        row = connection.execute(sql, params).fetchone()
    connection.close()
    return row


def finished_job_status(database: Path, job: str) -> str | None:
    """``SUCCESSFUL`` or ``FAILED`` once the queued job ``job`` has run, else None."""
    row = read(
        database,
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
        job.replace("-", ""),
    )
    return row[0] if row and row[0] in ("SUCCESSFUL", "FAILED") else None


def jobs_in(database: Path, *statuses: str) -> int:
    """How many queued jobs are in one of ``statuses`` (READY, RUNNING, SUCCESSFUL, FAILED)."""
    marks = ", ".join("?" for _ in statuses)
    row = read(
        database,
        f"SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ({marks})",
        *statuses,
    )
    return row[0] if row else 0
