"""``vestnik demo`` as the browser tests start it: a subprocess on a free loopback port with
its own var dir, and its own database (a SQLite file there, or, when the test run's
DATABASE_URL names PostgreSQL, a fresh PostgreSQL database created and dropped around it).
It never touches pytest-django's test database."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.commands import free_port

STARTUP_TIMEOUT = 300.0  # seconds: migrations, demo load and granian start on a busy machine

# Settings read from the environment that would make the demo server something other than
# the product's defaults (a developer's PostgreSQL, DEBUG pages, another settings module...).
SCRUBBED_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "MEDIA_ROOT",
    "VESTNIK_SERVE_MEDIA",
    "SECURE_SSL_REDIRECT",
    "CONN_MAX_AGE",
)


def vestnik_command() -> list[str]:
    script = Path(sys.executable).parent / "vestnik"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "vestnik.cli"]


def server_output(log_path: Path) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""


def wait_until_answering(url: str, proc: "subprocess.Popen[bytes]", log_path: Path) -> None:
    """Poll ``url`` with short requests until any HTTP answer, the process dies or time runs out."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        if proc.poll() is not None:
            pytest.fail(
                f"vestnik demo exited with code {proc.returncode} before serving:\n"
                f"{server_output(log_path)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # the server answered; the tests judge the status
        except OSError:
            pass  # not listening yet
        if time.monotonic() > deadline:
            pytest.fail(
                f"vestnik demo did not answer {url} within {STARTUP_TIMEOUT:.0f} s:\n"
                f"{server_output(log_path)}",
                pytrace=False,
            )
        time.sleep(0.25)


def stop(proc: "subprocess.Popen[bytes]") -> None:
    """End the server's whole process group (granian's main process and its workers)."""
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def demo_database(var_dir: Path) -> Iterator[str]:
    """The demo server's own database: a fresh PostgreSQL database beside the test run's when
    its DATABASE_URL names PostgreSQL (dropped afterwards), else a SQLite file in ``var_dir``."""
    run_url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(run_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        yield f"sqlite:///{var_dir / 'vestnik.sqlite3'}"
        return
    import psycopg

    name = f"{parts.path.lstrip('/') or 'vestnik'}_browser_{uuid.uuid4().hex[:8]}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def serving(command: list[str], var_dir: Path, env: Mapping[str, str], url: str) -> Iterator[None]:
    """``command`` run in ``var_dir`` with ``env``, its output in a log there, until ``url``
    answers; its process group is ended afterwards."""
    log_path = var_dir / f"server-{urlsplit(url).port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=var_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown reaches the workers
        )
    try:
        wait_until_answering(url, proc, log_path)
        yield
    finally:
        stop(proc)


@contextmanager
def running_app_server(var_dir: Path, env: Mapping[str, str]) -> Iterator[int]:
    """``vestnik serve --no-worker`` with one granian worker on a free port, for tests that run
    several app servers over one database; yields the port once it answers."""
    port = free_port()
    command = [*vestnik_command(), "serve", "--no-worker", "--workers", "1", "--port", str(port)]
    with serving(command, var_dir, env, f"http://127.0.0.1:{port}/"):
        yield port


@contextmanager
def running_demo(
    var_dir: Path, answering_path: str = "/", extra_env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """``vestnik demo`` serving ``var_dir`` on a free port; yields its base URL once
    ``answering_path`` answers, and ends the server's process group afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with demo_database(var_dir) as database_url:
        env = {key: value for key, value in os.environ.items() if key not in SCRUBBED_ENV}
        env.update(
            VESTNIK_VAR_DIR=str(var_dir),
            DATABASE_URL=database_url,
            PYTHONUNBUFFERED="1",
            **(extra_env or {}),
        )
        command = [*vestnik_command(), "demo", "--host", "127.0.0.1", "--port", str(port)]
        with serving(command, var_dir, env, base + answering_path):
            yield base
