"""The processes behind `vestnik serve`, and how they end.

granian's main process forks its web workers and `vestnik serve` starts the background worker
beside them. Without care a `kill -9` of the main process left the web workers serving (they
listen with SO_REUSEPORT, so a server started next shared the port with them), and a worker
that died stayed dead. Here every child asks Linux to end it with its parent
(``PR_SET_PDEATHSIG``), the background worker is restarted whenever it exits, and a port that
is already served is refused before anything starts.
"""

import ctypes
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError

__all__ = ["Supervisor", "die_with_parent", "ensure_port_free", "load_web_worker"]

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Set for the background worker: the pid of the `vestnik serve` that started it.
PARENT_ENV = "VESTNIK_SUPERVISOR_PID"

# A worker that ran this long before exiting is restarted at once; one that keeps failing
# sooner waits longer each time, up to a ceiling, so a broken set-up does not spin.
STEADY_RUN = 60.0  # seconds
FIRST_RESTART_DELAY = 1.0
LONGEST_RESTART_DELAY = 30.0
STOP_GRACE = 10.0


def die_with_parent(parent_pid: int) -> None:
    """Have Linux send this process SIGTERM when ``parent_pid`` dies, however it dies. If it
    already has, nothing would send the signal: the process ends itself. (Linux ties the
    signal to the parent's thread that forked; both callers fork from long-lived threads.)"""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:
        os.kill(os.getpid(), signal.SIGTERM)


def load_web_worker(target: str, parent_pid: int) -> Callable[..., Any]:
    """granian's loader of the WSGI application, run first thing in each web worker."""
    from granian._internal import load_target

    die_with_parent(parent_pid)
    return load_target(target)


def ensure_port_free(host: str, port: int) -> None:
    """Refuse, in one line, a port another server listens on. A plain bind fails beside a
    listener, including granian's SO_REUSEPORT ones, which a second granian would join."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no owner
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as error:
            raise CommandError(
                f"Адрес {host}:{port} занят: на нём уже работает сервер ({error.strerror}). "
                "Остановите его или выберите другой порт (--port)."
            ) from None


class Supervisor:
    """Keeps one child process running until ``stop()``: started again whenever it exits.

    The child is started with ``os.posix_spawn``, not ``subprocess``: Popen waits on a pipe
    until the child has exec'd, and granian forks its web workers from another thread at the
    same moment; a web worker that inherited the pipe's write end kept Popen waiting for ever,
    so the worker, once killed, was never reaped nor restarted. posix_spawn needs no pipe."""

    def __init__(self, command: list[str], name: str) -> None:
        self.command = command
        self.name = name
        self.stopping = threading.Event()
        self.pid: int | None = None
        self.thread = threading.Thread(target=self.keep_running, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def keep_running(self) -> None:
        delay = FIRST_RESTART_DELAY
        env = {**os.environ, PARENT_ENV: str(os.getpid())}
        while not self.stopping.is_set():
            started = time.monotonic()
            # Its own process group: Ctrl+C in the terminal reaches the server, which then
            # stops the worker itself, rather than both at once and a spurious restart.
            try:
                self.pid = os.posix_spawn(self.command[0], self.command, env, setpgroup=0)
                _, status = os.waitpid(self.pid, 0)
                ended = f"процесс {self.pid} завершился (код {os.waitstatus_to_exitcode(status)})"
            except OSError as error:  # no fork for now (memory, process limit): try later
                ended = f"процесс не запускается ({error})"
            if self.stopping.is_set():
                return
            if time.monotonic() - started >= STEADY_RUN:
                delay = FIRST_RESTART_DELAY
            print(  # noqa: T201 - the operator's terminal, beside granian's own lines
                f"{self.name}: {ended}, перезапуск через {delay:.0f} с", file=sys.stderr, flush=True
            )
            self.stopping.wait(delay)
            delay = min(delay * 2, LONGEST_RESTART_DELAY)

    def stop(self) -> None:
        self.stopping.set()
        if self.pid is None or not self.thread.is_alive():
            return
        # The worker finishes the job in hand, then exits; its thread reaps it.
        self.signal(signal.SIGTERM)
        self.thread.join(timeout=STOP_GRACE)
        if self.thread.is_alive():
            self.signal(signal.SIGKILL)
            self.thread.join(timeout=STOP_GRACE)

    def signal(self, number: int) -> None:
        if self.pid is None:
            return
        try:
            os.kill(self.pid, number)
        except ProcessLookupError:  # reaped meanwhile
            pass
