"""A small HTTP client for ingest: GET only, http(s) only, with a timeout and a size cap.

urllib is enough for fetching a feed or a page now and then. The opener is built by hand
so that no ``file:``, ``ftp:`` or ``data:`` handler exists (a redirect cannot make the
server read its own disk) and no proxy from the environment is picked up by surprise.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Final
from urllib.parse import urlsplit

from .items import SourceError

__all__ = ["DEFAULT_TIMEOUT", "Fetched", "fetch", "http_url"]

DEFAULT_TIMEOUT: Final[float] = 15.0
USER_AGENT: Final[str] = "Vestnik-ingest/1.0 (+https://github.com/vestnik)"
_CHUNK: Final[int] = 64 * 1024


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


def fetch(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """GET ``url``; anything wrong (scheme, status, size, network) is one ``SourceError``.

    The body is read in chunks and abandoned as soon as it passes ``max_bytes``, so a
    never-ending response costs at most that much memory.
    """
    if not http_url(url):
        raise SourceError(f"адрес должен начинаться с http:// или https://: {url[:100]}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise SourceError(_too_large(url, max_bytes))
            body = _read_capped(response, url, max_bytes)
            headers: Message = response.headers
            return Fetched(
                url=response.geturl(),
                content_type=headers.get_content_type(),
                charset=headers.get_content_charset(),
                body=body,
            )
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url}: сервер ответил {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise SourceError(f"{url}: не удалось соединиться ({exc.reason})") from exc
    except (TimeoutError, OSError, ValueError) as exc:
        raise SourceError(f"{url}: ошибка при загрузке ({exc})") from exc


def _read_capped(response: object, url: str, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):  # type: ignore[attr-defined]
        size += len(chunk)
        if size > max_bytes:
            raise SourceError(_too_large(url, max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(url: str, max_bytes: int) -> str:
    return f"{url}: ответ больше {max_bytes // 1024} КБ"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not http_url(newurl):
            raise SourceError(f"перенаправление на недопустимый адрес: {newurl[:100]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _build_opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


_OPENER: Final[urllib.request.OpenerDirector] = _build_opener()
