"""`vestnik worker`'s own ``/metrics``, on ``VESTNIK_WORKER_METRICS_ADDRESS`` (``host:port``).

The worker serves no HTTP, and on a machine of its own its counters (failed enrichment and
distribution) live in multiprocess files no app server reads. With the address set it answers
``/metrics`` itself, in a thread beside the queue: the app's own layer (``OperationsApplication``)
over an application that knows no other page, so the answer and who may read it (a bearer
``VESTNIK_METRICS_TOKEN``, else loopback and private callers that came straight) are the app's.
``/healthz`` and ``/readyz`` answer too, as on an app server.
"""

import socket
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.core.management.base import CommandError

from .wsgi_layer import OperationsApplication

__all__ = ["serve_worker_metrics"]


class MetricsServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a slow scraper never holds the worker's exit


class MetricsServer6(MetricsServer):
    address_family = socket.AF_INET6


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """A scrape every few seconds is no news for the worker's log."""


def not_found(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"Not Found"]


def split_address(address: str) -> tuple[str, int]:
    """``127.0.0.1:9108`` → ``("127.0.0.1", 9108)``; ``[::1]:9108`` for IPv6."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            f"VESTNIK_WORKER_METRICS_ADDRESS={address} — нужен адрес хост:порт, "
            "например 127.0.0.1:9108"
        )
    return host, int(port)


def serve_worker_metrics(batch: bool, **_: Any) -> None:
    """On the worker's start (``worker_starting``): serve ``/metrics`` if an address is set;
    not for a batch run, which ends once its queue is empty."""
    address = settings.VESTNIK_WORKER_METRICS_ADDRESS
    if batch or not address:
        return
    host, port = split_address(address)
    try:
        server = make_server(
            host,
            port,
            OperationsApplication(not_found),
            server_class=MetricsServer6 if ":" in host else MetricsServer,
            handler_class=QuietHandler,
        )
    except OSError as error:
        raise CommandError(
            f"VESTNIK_WORKER_METRICS_ADDRESS={address}: адрес не занять ({error.strerror})"
        ) from None
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
