"""A WebSub hub on loopback that keeps what publishers tell it.

The contract (https://www.w3.org/TR/websub/#publishing leaves the ping to publisher and hub;
hubs in use take PubSubHubbub 0.4's, §7): a ``POST`` of an ``application/x-www-form-urlencoded``
body with ``hub.mode=publish`` and ``hub.url=<topic>``, answered ``204 No Content``; a body
without them is a ``400`` with the reason. ``failures`` makes the next pings fail with ``503``,
as a hub under load does, to test the publisher's retries.

By hand, for the demo: ``python -m tests.fakes.websub --port 18300`` prints each ping, and
``VESTNIK_WEBSUB_HUB_URL=http://127.0.0.1:18300/`` points Vestnik at it.
"""

import argparse
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

__all__ = ["FakeHub", "running_hub"]


class FakeHub(ThreadingHTTPServer):
    """The server; ``pings`` holds each topic URL it accepted, in the order they came."""

    daemon_threads = True

    def __init__(self, port: int = 0, *, echo: bool = False) -> None:
        super().__init__(("127.0.0.1", port), _PingHandler)
        self.pings: list[str] = []
        self.refused = 0  # pings answered 503 through ``failures``
        self.failures = 0
        self.echo = echo
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _PingHandler(BaseHTTPRequestHandler):
    server: FakeHub

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        mode, topics = form.get("hub.mode", []), form.get("hub.url", [])
        if self.headers.get_content_type() != "application/x-www-form-urlencoded":
            return self.answer(HTTPStatus.BAD_REQUEST, "form expected")
        if mode != ["publish"] or len(topics) != 1:
            return self.answer(HTTPStatus.BAD_REQUEST, "hub.mode=publish and one hub.url")
        with self.server.lock:
            if self.server.failures > 0:
                self.server.failures -= 1
                self.server.refused += 1
                return self.answer(HTTPStatus.SERVICE_UNAVAILABLE, "busy")
            self.server.pings.append(topics[0])
        if self.server.echo:
            print("publish", topics[0], flush=True)  # noqa: T201 - the by-hand mode's output
        self.answer(HTTPStatus.NO_CONTENT, "")

    def answer(self, status: HTTPStatus, reason: str) -> None:
        body = reason.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test reads ``pings``; a server's access log would only clutter its output


@contextmanager
def running_hub(port: int = 0) -> Iterator[FakeHub]:
    """A hub serving on a thread for as long as the block runs."""
    hub = FakeHub(port)
    thread = threading.Thread(target=hub.serve_forever, name="fake-websub-hub", daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        hub.shutdown()
        hub.server_close()
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description="A WebSub hub that prints what it is told")
    parser.add_argument("--port", type=int, default=18300)
    port = parser.parse_args().port
    hub = FakeHub(port, echo=True)
    print(f"WebSub hub on {hub.url}", flush=True)  # noqa: T201
    try:
        hub.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        hub.server_close()


if __name__ == "__main__":
    main()
