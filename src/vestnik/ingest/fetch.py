"""A small HTTP client for ingest: GET only, http(s) only, one deadline, a size cap, and no
request into the server's own network unless the source allows that host.

Built on ``http.client`` rather than urllib so that each hop (the first address and every
redirect) is resolved once, checked by ``addresses.permitted`` and then connected to at
exactly the address that was checked: a name cannot resolve to a public address for the
check and to 127.0.0.1 for the connection. No ``file:`` or ``ftp:`` handler exists and no
proxy from the environment is picked up.

The deadline covers connecting, the TLS handshake, the headers and the body together: a
timer shuts the socket down when it passes, so a server trickling a byte at a time cannot
hold a poll for longer than that.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

from .addresses import permitted
from .items import SourceError

__all__ = ["Fetched", "fetch", "fetch_deadline", "http_url"]

USER_AGENT: Final[str] = "Vestnik-ingest/1.0 (+https://github.com/vestnik)"
MAX_REDIRECTS: Final[int] = 5
_CHUNK: Final[int] = 64 * 1024
_REDIRECTS: Final[frozenset[int]] = frozenset({301, 302, 303, 307, 308})
# What a path or query may keep as it is; anything else (Cyrillic) is percent-encoded.
_URL_SAFE: Final[str] = "/%:@!$&'()*+,;=~-._?"


@dataclass(frozen=True)
class Fetched:
    """What came back: the final address after redirects, the media type and the bytes.

    Example: ``Fetched(url="https://okrug.ru/rss", content_type="application/rss+xml",
    charset="windows-1251", body=b"<?xml ...")``.
    """

    url: str
    content_type: str
    charset: str | None
    body: bytes


def http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def fetch_deadline() -> float:
    """Seconds one fetch may take in all (``VESTNIK_FETCH_DEADLINE``)."""
    return float(settings.VESTNIK_FETCH_DEADLINE)


def fetch(url: str, *, max_bytes: int, allow: Iterable[str] = ()) -> Fetched:
    """GET ``url``, following redirects; anything wrong (scheme, internal address, status,
    size, network, deadline) is one ``SourceError``.

    ``allow`` names the internal hosts, addresses or networks this fetch may reach (the
    source's «Разрешённые внутренние адреса»). The body is read in chunks and abandoned as
    soon as it passes ``max_bytes``.
    """
    allowed = frozenset(allow)
    seconds = fetch_deadline()
    ends_at = time.monotonic() + seconds
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        if not http_url(current):
            raise SourceError(f"адрес должен начинаться с http:// или https://: {current[:100]}")
        try:
            location, fetched = _get(current, max_bytes, allowed, ends_at)
        except SourceError:
            raise
        except (http.client.HTTPException, OSError, ValueError) as exc:
            if time.monotonic() >= ends_at:
                raise SourceError(f"{current}: не загрузился за {seconds:g} с") from exc
            if isinstance(exc, ConnectionError):
                raise SourceError(f"{current}: не удалось соединиться ({exc.strerror})") from exc
            raise SourceError(f"{current}: ошибка при загрузке ({exc})") from exc
        if fetched is not None:
            return fetched
        current = urljoin(current, location)
    raise SourceError(f"{url}: больше {MAX_REDIRECTS} перенаправлений")


def _get(
    url: str, max_bytes: int, allowed: frozenset[str], ends_at: float
) -> tuple[str, Fetched | None]:
    """One hop: ``(location, None)`` for a redirect, ``("", Fetched)`` for the answer."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    sock = _connect(url, host, port, allowed, ends_at)
    # Shutting the socket down wakes any blocking read, whichever phase it is in.
    # TLS replaces the socket object, so the timer shuts whichever one is current.
    current = [sock]
    watchdog = threading.Timer(max(ends_at - time.monotonic(), 0), _shut, (current,))
    watchdog.start()
    try:
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
            current[0] = sock
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(host, port)
        connection.sock = sock
        target = quote(parts.path or "/", safe=_URL_SAFE)
        if parts.query:
            target += "?" + quote(parts.query, safe=_URL_SAFE)
        connection.request(
            "GET",
            target,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        )
        response = connection.getresponse()
        if response.status in _REDIRECTS and response.getheader("Location"):
            return response.getheader("Location", ""), None
        if response.status >= 400:
            raise SourceError(f"{url}: сервер ответил {response.status} {response.reason}")
        declared = response.getheader("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise SourceError(_too_large(url, max_bytes))
        body = _read_capped(response, url, max_bytes)
        if time.monotonic() >= ends_at or (declared.isdigit() and len(body) < int(declared)):
            raise OSError("ответ оборван")
        return "", Fetched(
            url=url,
            content_type=response.msg.get_content_type(),
            charset=response.msg.get_content_charset(),
            body=body,
        )
    finally:
        watchdog.cancel()
        sock.close()


def _connect(
    url: str, host: str, port: int, allowed: frozenset[str], ends_at: float
) -> socket.socket:
    """A socket connected to an address of ``host`` that the rule permits; every address
    the name resolves to is checked, so no DNS answer can smuggle an internal one in."""
    try:
        resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise SourceError(f"{url}: не удалось найти адрес {host}") from exc
    for _family, _type, _proto, _name, address in resolved:
        if not permitted(host, str(address[0]), allowed):
            raise SourceError(
                f"{url}: адрес {address[0]} во внутренней сети; "
                "его можно разрешить источнику в поле «Разрешённые внутренние адреса»"
            )
    error: OSError = OSError(f"нет адресов для {host}")
    for family, kind, proto, _name, address in resolved:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(max(ends_at - time.monotonic(), 0.001))
        try:
            sock.connect(address)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        return sock
    raise error


def _shut(current: list[socket.socket]) -> None:
    try:
        current[0].shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: the fetch finished as the deadline passed


def _read_capped(response: http.client.HTTPResponse, url: str, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise SourceError(_too_large(url, max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(url: str, max_bytes: int) -> str:
    return f"{url}: ответ больше {max_bytes // 1024} КБ"
