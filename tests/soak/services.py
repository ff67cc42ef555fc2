"""The soak's own services on loopback, each one a process the soak may kill and start again:
a PostgreSQL primary with a streaming standby (initdb and pg_basebackup into a directory of
their own, never the test run's cluster), Redis servers, an S3 server (moto), nginx with the
deploy guide's config, and Vestnik's app servers and worker."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.demo_server import stop, vestnik_command
from tests.commands import free_port

WAIT_LIMIT = 120.0  # seconds: a safety net for a service that never comes up, never a pause
# PostgreSQL's newest server binaries (Debian's layout); read when the soak runs, so that
# collecting the tests on a machine without them does not fail.
PG_ROOT = Path("/usr/lib/postgresql")
PG_BIN = PG_ROOT / max((p.name for p in PG_ROOT.glob("*")), key=int, default="0") / "bin"
DEPLOY_NGINX_CONF = Path(__file__).parents[2] / "docs" / "deploy" / "nginx.conf"


def wait_for(what: str, ready: Callable[[], bool], log: Path | None = None) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not ready():
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} did not come up within {WAIT_LIMIT:.0f} s\n{tail}")
        time.sleep(0.2)


def answers(command: list[str]) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


def as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)


@dataclass
class PostgresCluster:
    """One cluster in ``data_dir`` on ``port``, run by the postgres account."""

    data_dir: Path
    port: int

    @property
    def log(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?connect_timeout=2"

    def start(self) -> None:
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log),
            "-o", f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip
        wait_for(f"PostgreSQL on {self.port}", self.answering, self.log)

    def crash(self) -> None:
        """Every process of the cluster ends at once, unclean, as in a power cut: the next
        start replays the WAL."""
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop")

    def answering(self) -> bool:
        return answers([str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)])

    def sql(self, statement: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [str(PG_BIN / "psql"), "-qAt", "-h", "127.0.0.1", "-p", str(self.port), "-U",
             "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-c", statement],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return result.stdout.strip()


@dataclass
class PostgresPair:
    """A primary and its streaming standby, made fresh in a directory the postgres account
    owns (pytest's own temporary directories are root's alone)."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="vestnik-soak-pg-")))
    primary: PostgresCluster = field(init=False)
    standby: PostgresCluster = field(init=False)

    def __post_init__(self) -> None:
        shutil.chown(self.root, "postgres", "postgres")
        self.primary = PostgresCluster(self.root / "primary", free_port())
        self.standby = PostgresCluster(self.root / "standby", free_port())

    def create(self) -> None:
        as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.primary.data_dir), "-U", "postgres",
            "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        with open(self.primary.data_dir / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self.primary.start()
        as_postgres(
            str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port),
            "-U", "postgres", "-D", str(self.standby.data_dir), "-R", "-X", "stream",
            "--checkpoint=fast",
        )  # fmt: skip
        self.standby.start()
        wait_for("the standby streaming", self.streaming, self.standby.log)

    def streaming(self) -> bool:
        try:
            state = self.standby.sql("SELECT status FROM pg_stat_wal_receiver")
        except subprocess.CalledProcessError:
            return False
        return state == "streaming"

    def remove(self) -> None:
        for cluster in (self.standby, self.primary):
            if cluster.answering():
                cluster.crash()
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Service:
    """A process started by ``command`` with its output in ``log``, in a process group of
    its own so that ending it reaches its children."""

    name: str
    command: list[str]
    log: Path
    env: Mapping[str, str] | None = None
    cwd: Path | None = None
    process: "subprocess.Popen[bytes] | None" = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def kill(self) -> None:
        """SIGKILL to the whole group: no goodbye, as when a machine dies."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def pids(self) -> list[int]:
        """The group's processes, the leader first."""
        assert self.process is not None
        found = subprocess.run(
            ["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        return sorted(int(pid) for pid in found)


def nginx_config(listen: int, upstreams: list[int], logs: Path) -> str:
    """docs/deploy/nginx.conf as it is, but for loopback: plain HTTP on ``listen`` (no
    certificate), the upstream's servers replaced by ``upstreams``, logs in ``logs``."""
    text = DEPLOY_NGINX_CONF.read_text()
    # The port 80 server only redirects to HTTPS, which is not here.
    text = re.sub(r"server \{\s+listen 80;.*?\n\}\n", "", text, count=1, flags=re.S)
    text = re.sub(r"\n\s*listen \[::\]:443[^\n]*", "", text)
    text = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{listen};", text)
    text = re.sub(r"\n\s*ssl_[^\n]*", "", text)
    servers = "".join(
        f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in upstreams
    )
    text = re.sub(r"(    server 10\.0\.0\.\d+:8000[^\n]*\n)+", servers, text)
    text = text.replace("server_name example.ru .example.ru;", "server_name _;")
    text = text.replace("/var/log/nginx/vestnik.access.log", str(logs / "access.log"))
    text = text.replace("/var/log/nginx/vestnik.error.log", str(logs / "error.log"))
    return (
        f"pid {logs / 'nginx.pid'};\nerror_log {logs / 'error.log'};\n"
        "worker_processes 1;\nevents {}\n"
        f"http {{\n  client_body_temp_path {logs / 'body'};\n"
        f"  proxy_temp_path {logs / 'proxy'};\n{text}\n}}\n"
    )


def nginx(listen: int, upstreams: list[int], directory: Path) -> Service:
    conf = directory / "nginx.conf"
    conf.write_text(nginx_config(listen, upstreams, directory))
    command = ["nginx", "-c", str(conf), "-g", "daemon off;"]
    return Service("nginx", command, directory / "nginx.out")


def moto_server(directory: Path) -> tuple[Service, int]:
    port = free_port()
    script = Path(vestnik_command()[0]).parent / "moto_server"
    command = [str(script), "-H", "127.0.0.1", "-p", str(port)]
    return Service("s3", command, directory / "s3.log"), port


def vestnik(name: str, arguments: list[str], env: Mapping[str, str], var_dir: Path) -> Service:
    var_dir.mkdir(parents=True, exist_ok=True)
    return Service(name, [*vestnik_command(), *arguments], var_dir / f"{name}.log", env, var_dir)


def rss_kib(pids: list[int]) -> int:
    """Resident memory of these processes together, KiB."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(match.group(1)) if match else 0
    return total
