"""The page cache in front of Django: a hit is answered here, without Django's stack.

Only anonymous GET and HEAD requests for public paths are looked up, keyed by the page's
canonical address (``keys``) and the variants that change the bytes: scheme, a listing's
``?page=N`` and the content coding. Tracking parameters (``utm_*``, ``fbclid``…) are left out
of the key and out of what Django sees, so they never split one page into many. Any other
query string, the session cookie (a logged-in editor, or a reader who entered a page's
password), /admin/ (previews included), /api/ and media go straight to Django, and so does
every request while the store does not answer (``faults``). On a miss Django renders the
page; ``PageCacheMiddleware`` marks a response as storable, and this layer stores it,
compressed once, before answering.

Reads of articles are counted here (``readership.counting``), on hits as on misses: Django
names the article a response shows (``READ_MARK_HEADER``), the name is kept with the stored
page, and every GET answered with it counts, without Django.
"""

import re
import time
from collections.abc import Callable, Iterable
from email.utils import parsedate_to_datetime
from typing import Any

from django.conf import settings

from vestnik.readership.counting import READ_MARK_HEADER, READS_ENVIRON_KEY, count_read

from .keys import request_address
from .stored import ENCODINGS, StoredResponse, store_variants
from .stores import get_store

__all__ = [
    "CACHEABLE_ENVIRON_KEY",
    "GENERATION_ENVIRON_KEY",
    "MARK_HEADER",
    "PageCacheApplication",
]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

CACHEABLE_ENVIRON_KEY = "vestnik.page_cache"
GENERATION_ENVIRON_KEY = "vestnik.page_cache.generation"
MARK_HEADER = "X-Vestnik-Page-Cache-Site"
STATUS_HEADER = "X-Vestnik-Cache"
BYPASS_PREFIXES = ("/admin/", "/api/", "/documents/", "/media/", "/static/", "/django-admin/")
PAGE_QUERY = re.compile(r"page=[1-9][0-9]{0,5}")
# Read by analytics in the browser, never by Django; ysclid is Yandex's click id.
TRACKING_PARAMETERS = {"fbclid", "gclid", "yclid", "ysclid"}
TRACKING_PREFIX = "utm_"
# The page's type goes with a 304 too: the operations' WSGI layer counts it and removes it.
NOT_MODIFIED_HEADERS = {
    "etag",
    "last-modified",
    "cache-control",
    "vary",
    "expires",
    "x-vestnik-page-type",
}


class PageCacheApplication:
    def __init__(self, application: WSGIApp) -> None:
        self.application = application
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.ttl = float(
            settings.VESTNIK_PAGE_CACHE["default"].get("OPTIONS", {}).get("ttl", 86400)
        )
        self.encodings: dict[str, str] = {}
        self.count_reads = bool(settings.VESTNIK_READS["COUNTED"])

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "/")
        query = kept_query(environ.get("QUERY_STRING", ""))
        if (
            (method != "GET" and method != "HEAD")
            or path.startswith(BYPASS_PREFIXES)
            or query is None
            or self.has_session(environ.get("HTTP_COOKIE", ""))
        ):
            return self.application(environ, start_response)
        address = request_address(environ.get("HTTP_HOST", ""), path)
        if address is None:
            return self.application(environ, start_response)
        host, path = address
        environ["QUERY_STRING"] = query
        environ[READS_ENVIRON_KEY] = self.count_reads
        encoding = self.best_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        variant = f"{environ['wsgi.url_scheme']}|{query}|"
        store = get_store()
        stored = store.get(host, path, variant + encoding)
        if stored is not None:
            return self.answer(environ, start_response, stored, "hit")
        generation = store.generation()
        if generation is None:  # the store does not answer: render, store nothing
            return self.application(environ, counting(environ, start_response))
        environ[CACHEABLE_ENVIRON_KEY] = True
        environ[GENERATION_ENVIRON_KEY] = generation
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.update(status=status, headers=headers)
            if (
                exc_info is not None
                or not status.startswith("200 ")
                or not any(name == MARK_HEADER for name, _ in headers)
            ):
                captured["passed"] = True
                return counting(environ, start_response)(status, headers, exc_info)
            return lambda data: captured.setdefault("written", []).append(data)

        result = self.application(environ, capture)
        if captured.get("passed"):
            return result
        try:
            body = b"".join([*captured.get("written", []), *result])
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = [
            (name, value)
            for name, value in captured["headers"]
            if name != MARK_HEADER and name != READ_MARK_HEADER
        ]
        site_host = next(value for name, value in captured["headers"] if name == MARK_HEADER)
        read_page = read_mark(captured["headers"])
        variants = store_variants(
            captured["status"], headers, body, time.time(), self.ttl, read_page
        )
        store.put(
            host,
            path,
            site_host or host,
            {variant + coding: response for coding, response in variants.items()},
            generation,
        )
        return self.answer(environ, start_response, variants[encoding], "miss")

    def has_session(self, cookie_header: str) -> bool:
        """Whether the request carries the session cookie itself: «sessionid=…», not a
        «xsessionid» or a value that merely contains the name."""
        if self.session_cookie not in cookie_header:
            return False
        return any(
            part.partition("=")[0].strip() == self.session_cookie
            for part in cookie_header.split(";")
        )

    def answer(
        self,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
        stored: StoredResponse,
        outcome: str,
    ) -> Iterable[bytes]:
        if stored.read_page and self.count_reads:
            count_read(stored.read_page, environ)
        if self.not_modified(environ, stored):
            headers = [(n, v) for n, v in stored.headers if n.lower() in NOT_MODIFIED_HEADERS]
            start_response("304 Not Modified", [*headers, (STATUS_HEADER, outcome)])
            return [b""]
        start_response(stored.status, [*stored.headers, (STATUS_HEADER, outcome)])
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else stored.body]

    @staticmethod
    def not_modified(environ: dict[str, Any], stored: StoredResponse) -> bool:
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or stored.etag in tags
        since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if since is None:
            return False
        if since == stored.last_modified:
            return True
        try:
            return parsedate_to_datetime(since) >= parsedate_to_datetime(stored.last_modified)
        except (TypeError, ValueError):
            return False

    def best_encoding(self, accept_encoding: str) -> str:
        """br, then gzip, else identity; a coding with q=0 is refused. Memoised: browsers
        send a handful of distinct headers."""
        encoding = self.encodings.get(accept_encoding)
        if encoding is None:
            offered = set()
            for part in accept_encoding.lower().split(","):
                name, _, params = part.partition(";")
                quality = params.strip().removeprefix("q=")
                if not (params and quality.replace(".", "").strip("0") == ""):
                    offered.add(name.strip())
            encoding = next(
                (coding for coding in ENCODINGS[:-1] if coding in offered or "*" in offered),
                "identity",
            )
            if len(self.encodings) < 256:
                self.encodings[accept_encoding] = encoding
        return encoding


def read_mark(headers: list[tuple[str, str]]) -> int:
    """The article Django said the response shows, or 0."""
    value = next((value for name, value in headers if name == READ_MARK_HEADER), "")
    return int(value) if value.isdigit() else 0


def counting(environ: dict[str, Any], start_response: Callable[..., Any]) -> Callable[..., Any]:
    """``start_response`` for a page answered without storing it: a successful article page
    still counts, and the mark never reaches the reader."""

    def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        if read_page := read_mark(headers):
            headers = [(name, value) for name, value in headers if name != READ_MARK_HEADER]
            if status.startswith("200 "):
                count_read(read_page, environ)
        return start_response(status, headers, exc_info)

    return start


def kept_query(query: str) -> str | None:
    """The query string without tracking parameters, if what is left is empty or a
    listing's page; None for anything else (a search, a filter), which is not cached.

    >>> kept_query("utm_source=telegram&page=2&fbclid=IwAR0")
    'page=2'
    """
    if not query:
        return ""
    kept = [
        part
        for part in query.split("&")
        if part
        and not (name := part.partition("=")[0]).startswith(TRACKING_PREFIX)
        and name not in TRACKING_PARAMETERS
    ]
    if not kept:
        return ""
    if len(kept) == 1 and PAGE_QUERY.fullmatch(kept[0]):
        return kept[0]
    return None
