"""`vestnik serve` as it runs on a server, with nobody touching it: its worker publishes on
schedule, comes back when killed, dies with the server; a busy port is refused.

Each test starts a real `vestnik serve` (one web worker) on its own SQLite database in a
temporary var dir, on a free loopback port, with the schedule looked at every second.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

WAIT_LIMIT = 300.0  # seconds: only a safety net for a hung server (or a loaded machine)
TICK = "1"  # seconds between two looks of the worker at the schedule
HOST = "strogino.localhost"

CREATE_OUTLET = (
    "from vestnik.outlets.factories import create_outlet;"
    "from vestnik.regions.models import Region;"
    "create_outlet(slug='strogino', name='Строгино', region=Region.objects.lookup('Строгино'),"
    " hostname='strogino.localhost', is_default_site=True)"
)

# Prints the go-live time it set, as ISO 8601 in Moscow time.
SCHEDULE_ARTICLE = """
from datetime import timedelta
from django.utils import timezone
from vestnik.articles.models import ArticlePage
from vestnik.outlets.models import OutletHomePage
outlet = OutletHomePage.objects.get(slug='strogino')
article = ArticlePage(title='В Строгине откроют каток', slug='katok', lead='Каток у пруда.',
                      live=False)
outlet.add_child(instance=article)
article.go_live_at = (timezone.now() + timedelta(seconds=2)).replace(microsecond=0)
article.save_revision().publish()
print(timezone.localtime(article.go_live_at).isoformat())
"""

EXPIRE_ARTICLE = """
from datetime import timedelta
from django.utils import timezone
from vestnik.articles.models import ArticlePage
article = ArticlePage.objects.get(slug='katok')
article.expire_at = timezone.now() + timedelta(seconds=2)
article.save_revision().publish()
"""

QUEUE_JOB = """
from vestnik.articles.models import ArticlePage
from vestnik.articles.tasks import refresh_related_task
article = ArticlePage.objects.get(slug='katok')
print(refresh_related_task.enqueue(article.pk).id)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT", "DEBUG")
        and not key.startswith("VESTNIK_")
    }
    env.update(VESTNIK_VAR_DIR=str(var_dir), VESTNIK_SCHEDULE_TICK=TICK, PYTHONUNBUFFERED="1")
    return env


def vestnik(var_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "vestnik.cli", *args],
        env=environment(var_dir),
        capture_output=True,
        text=True,
        timeout=WAIT_LIMIT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().rpartition("\n")[2]  # after the shell's own greeting


def wait_for(condition, what: str):  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it returns something true; fail after WAIT_LIMIT."""
    deadline = time.monotonic() + WAIT_LIMIT
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}", pytrace=False)
        time.sleep(0.2)


def children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    try:
        return [
            int(child)
            for task in tasks.iterdir()
            for child in (task / "children").read_text().split()
        ]
    except FileNotFoundError:
        return []


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def is_running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@dataclass
class Server:
    var_dir: Path
    port: int
    process: "subprocess.Popen[bytes]"
    log: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> tuple[int, str]:
        request = urllib.request.Request(self.url(path), headers={"Host": HOST})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return 0, ""

    def worker_pid(self) -> int | None:
        pids = [pid for pid in children(self.process.pid) if " worker" in command_line(pid)]
        return pids[0] if pids else None

    def web_worker_pids(self) -> list[int]:
        return [pid for pid in children(self.process.pid) if " worker" not in command_line(pid)]

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(var_dir: Path, port: int) -> Server:
    log = var_dir / f"serve-{port}-{time.monotonic_ns()}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "vestnik.cli", "serve", "--port", str(port), "--workers", "1"],
            env=environment(var_dir),
            cwd=var_dir,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(var_dir, port, process, log)


def stop_server(server: Server) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.process.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.process.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    vestnik(tmp_path, "migrate", "-v", "0")
    vestnik(tmp_path, "shell", "-c", CREATE_OUTLET)
    running = start_server(tmp_path, free_port())
    try:
        wait_for(lambda: running.get("/")[0] == 200 or running.process.poll() is not None, "serve")
        assert running.process.poll() is None, running.output()
        wait_for(running.worker_pid, "the worker")
        yield running
    finally:
        stop_server(running)


def published_time(page: str) -> datetime:
    (stamp,) = re.findall(r'data-element="meta">Опубликовано <time datetime="([^"]+)"', page)
    return datetime.fromisoformat(stamp)


def test_a_scheduled_article_goes_live_by_itself_dated_when_due_then_expires(server: Server):
    go_live_at = datetime.fromisoformat(vestnik(server.var_dir, "shell", "-c", SCHEDULE_ARTICLE))

    def live_page() -> str | None:
        status, page = server.get("/katok/")
        return page if status == 200 else None

    page = wait_for(live_page, "the scheduled article to go live")
    assert published_time(page) == go_live_at

    vestnik(server.var_dir, "shell", "-c", EXPIRE_ARTICLE)
    wait_for(lambda: server.get("/katok/")[0] == 404, "the article to expire")


def test_a_killed_worker_is_restarted_and_does_the_job_queued_meanwhile(server: Server):
    vestnik(server.var_dir, "shell", "-c", SCHEDULE_ARTICLE)
    killed = server.worker_pid()
    assert killed is not None
    os.kill(killed, signal.SIGKILL)
    job = vestnik(server.var_dir, "shell", "-c", QUEUE_JOB)

    restarted = wait_for(lambda: (pid := server.worker_pid()) != killed and pid, "a new worker")
    assert is_running(restarted)

    def job_status() -> str | None:
        with sqlite3.connect(server.var_dir / "vestnik.sqlite3") as db:
            row = db.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                (job.replace("-", ""),),
            ).fetchone()
        return row[0] if row and row[0] in ("SUCCESSFUL", "FAILED") else None

    assert wait_for(job_status, "the queued job") == "SUCCESSFUL"
    wait_for(lambda: server.get("/katok/")[0] == 200, "the scheduled article, after the restart")


def test_killing_the_server_ends_its_web_workers_and_its_worker(server: Server):
    web_workers = server.web_worker_pids()
    worker = server.worker_pid()
    assert web_workers and worker

    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=WAIT_LIMIT)

    wait_for(lambda: not any(is_running(pid) for pid in [*web_workers, worker]), "children to end")
    assert server.get("/")[0] == 0  # nobody listens on the port any more


def test_a_second_server_on_a_busy_port_refuses_to_start(server: Server):
    second = start_server(server.var_dir, server.port)
    try:
        code = second.process.wait(timeout=WAIT_LIMIT)
    finally:
        stop_server(second)  # one that started beside the first after all

    assert code != 0
    lines = second.output().strip().splitlines()
    assert lines == [lines[-1]]
    assert f"127.0.0.1:{server.port} занят" in lines[-1]
    assert "Traceback" not in second.output()
    assert server.get("/")[0] == 200
