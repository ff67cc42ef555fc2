"""`vestnik serve` as it runs on a server, with nobody touching it: its worker publishes on
schedule, comes back when killed, dies with the server; a busy port is refused.

Each test starts a real `vestnik serve` (one web worker) on its own SQLite database in a
temporary var dir, on a free loopback port, with the schedule looked at every second.
"""

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tests.commands import (
    CREATE_STROGINO,
    WAIT_LIMIT,
    command,
    environment,
    finished_job_status,
    free_port,
    run,
    shell,
    wait_for,
)

TICK = "1"  # seconds between two looks of the worker at the schedule
HOST = "strogino.localhost"

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
from vestnik.newsroom.tasks import refresh_related_task
article = ArticlePage.objects.get(slug='katok')
print(refresh_related_task.enqueue(article.pk).id)
"""


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
            command("serve", "--port", str(port), "--workers", "1"),
            env=environment(var_dir, VESTNIK_SCHEDULE_TICK=TICK),
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
    run(tmp_path, "migrate", "-v", "0")
    shell(tmp_path, CREATE_STROGINO)
    running = start_server(tmp_path, free_port())
    try:
        wait_for(
            lambda: running.get("/")[0] == 200 or running.process.poll() is not None,
            "serve",
            running.output,
        )
        assert running.process.poll() is None, running.output()
        wait_for(running.worker_pid, "the worker", running.output)
        yield running
    finally:
        stop_server(running)


def published_time(page: str) -> datetime:
    (stamp,) = re.findall(r'data-element="meta">Опубликовано <time datetime="([^"]+)"', page)
    return datetime.fromisoformat(stamp)


def test_a_scheduled_article_goes_live_by_itself_dated_when_due_then_expires(server: Server):
    go_live_at = datetime.fromisoformat(shell(server.var_dir, SCHEDULE_ARTICLE))

    def live_page() -> str | None:
        status, page = server.get("/katok/")
        return page if status == 200 else None

    page = wait_for(live_page, "the scheduled article to go live", server.output)
    assert published_time(page) == go_live_at

    shell(server.var_dir, EXPIRE_ARTICLE)
    wait_for(lambda: server.get("/katok/")[0] == 404, "the article to expire", server.output)


def test_a_killed_worker_is_restarted_and_does_the_job_queued_meanwhile(server: Server):
    shell(server.var_dir, SCHEDULE_ARTICLE)
    killed = server.worker_pid()
    assert killed is not None
    os.kill(killed, signal.SIGKILL)
    job = shell(server.var_dir, QUEUE_JOB)

    def new_worker() -> int | None:
        pid = server.worker_pid()
        return pid if pid != killed else None

    wait_for(
        lambda: new_worker() or server.process.poll() is not None, "a new worker", server.output
    )
    assert server.process.poll() is None, server.output()  # the server lives on without it
    restarted = new_worker()
    assert restarted and is_running(restarted)

    database = server.var_dir / "vestnik.sqlite3"
    status = wait_for(lambda: finished_job_status(database, job), "the job", server.output)
    assert status == "SUCCESSFUL"
    wait_for(
        lambda: server.get("/katok/")[0] == 200,
        "the scheduled article, after the restart",
        server.output,
    )


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


# Two stories, the older one pinned as the lead until a few seconds from now.
PIN_LEAD = """
from datetime import timedelta
from django.utils import timezone
from vestnik.articles.models import ArticlePage, FrontPin
from vestnik.outlets.models import OutletHomePage
outlet = OutletHomePage.objects.get(slug='strogino')
for slug, title in (('katok', 'В Строгине залили каток'), ('tropa', 'В пойме открыли тропу')):
    article = ArticlePage(title=title, slug=slug, lead='Коротко о главном.')
    outlet.add_child(instance=article)
    article.save_revision().publish()
FrontPin.objects.create(outlet=outlet, article=ArticlePage.objects.get(slug='katok'),
                        unpin_at=timezone.now() + timedelta(seconds=15))
"""


def home_lead(server: Server) -> tuple[str, str]:
    """The home page's lead section and how the page cache answered."""
    request = urllib.request.Request(server.url("/"), headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=5) as response:
        page, cache = response.read().decode(), response.headers.get("X-Vestnik-Cache", "")
    start = page.index('data-element="lead"')
    return page[start : page.index("</article>", start)], cache


def test_a_pinned_lead_leaves_the_cached_home_by_itself_at_its_unpin_time(server: Server):
    shell(server.var_dir, PIN_LEAD)
    home_lead(server)
    lead, cache = home_lead(server)
    assert "В Строгине залили каток" in lead and cache == "hit"

    def unpinned() -> bool:
        lead, _ = home_lead(server)
        return "В пойме открыли тропу" in lead

    # Nobody touches anything: the worker's clock removes the pin and purges the cached page.
    wait_for(unpinned, "the pin to leave the cached home page", server.output)
