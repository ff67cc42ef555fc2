"""A loopback web site for the ingest tests: feeds, pages and pictures served from memory."""

import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

DATA = Path(__file__).parent / "data"
# The loopback test server is inside the network: every test that fetches from it says so,
# as an administrator would for an intranet source.
LOOPBACK = frozenset({"127.0.0.1"})
ALLOW_LOOPBACK = ("--allow-internal", "127.0.0.1")


def png(colour: str = "#3a7", size: tuple[int, int] = (64, 36)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def data_text(name: str, base: str = "", **values: str) -> str:
    """A file of tests/ingest/data with ``{base}`` (and any ``{key}``) filled in."""
    text = (DATA / name).read_text(encoding="utf-8").replace("{base}", base)
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@dataclass
class LoopbackSite:
    """What the server answers: path → (content type, body); hooks run before answering."""

    base: str = ""
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    hooks: dict[str, Callable[[], None]] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)

    def serve(self, path: str, content_type: str, body: bytes | str) -> str:
        self.pages[path] = (content_type, body.encode() if isinstance(body, str) else body)
        return self.base + path


def _handler(site: LoopbackSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requested.append(self.path)
            if hook := site.hooks.get(self.path):
                hook()
            if self.path not in site.pages:
                self.send_error(404)
                return
            content_type, body = site.pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    loopback = LoopbackSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(loopback))
    server.daemon_threads = True
    loopback.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield loopback
    server.shutdown()
    server.server_close()


@pytest.fixture
def district_site(site: LoopbackSite) -> LoopbackSite:
    """The feed, an article page, a ninjs document and their pictures."""
    site.serve("/rss", "application/rss+xml", data_text("feed.xml", site.base, number="3"))
    site.serve("/atom", "application/atom+xml", data_text("atom.xml", site.base))
    site.serve("/szao/dosug", "text/html; charset=utf-8", data_text("article.html", site.base))
    site.serve("/ninjs", "application/json", data_text("ninjs.json", site.base))
    for name, colour in [
        ("katok", "#5ab"),
        ("biblioteka", "#b85"),
        ("dosug", "#8a5"),
        ("poliklinika", "#a58"),
    ]:
        site.serve(f"/img/{name}.png", "image/png", png(colour))
    return site


def hostile_cases() -> list[tuple[str, str]]:
    """(name, body) of every case in data/hostile.txt."""
    cases: list[tuple[str, str]] = []
    for line in (DATA / "hostile.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            cases.append((line[4:], ""))
        elif cases:
            cases[-1] = (cases[-1][0], cases[-1][1] + line + "\n")
    return cases
