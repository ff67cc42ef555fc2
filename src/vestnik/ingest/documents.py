"""Which kind of document arrived, told from its content, and its items.

``vestnik ingest-url`` and ``ingest-file`` take anything: a feed, an article page, a
ninjs document or a saved text page. Servers often mislabel feeds as ``text/html`` or
``text/plain``, so the content decides; the media type only refuses what is plainly not
text (images, PDFs, archives).
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from html import escape
from typing import Final

from vestnik.language.typography import normalize_headline

from .encoding import decode_document
from .feeds import parse_feed
from .items import BadItem, IngestItem, SourceError, moscow
from .ninjs import parse_ninjs
from .pages import parse_article_page
from .textpage import MAX_TEXT_PAGE_BYTES, TextPage, TextPageError, parse_text_page

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "DocumentKind",
    "detect_kind",
    "parse_document",
    "text_page_identity",
    "text_page_item",
]

# A feed of a hundred full-text items is well under this.
MAX_DOCUMENT_BYTES: Final[int] = 5_000_000

_FEED_ROOT: Final[re.Pattern[str]] = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT: Final[re.Pattern[str]] = re.compile(r"<(!doctype\s+html|html|head|body)[\s>]", re.I)
_PROLOGUE: Final[re.Pattern[str]] = re.compile(
    r"\A(\s|<\?xml[^>]*\?>|<!--.*?-->|<\?xml-stylesheet[^>]*\?>|<!DOCTYPE\s+(?!html[\s>])[^>\[]*(\[.*?\])?\s*>)*",
    re.S | re.I,
)
_TEXT_TYPES: Final[tuple[str, ...]] = ("text/", "application/xml", "application/json")
_BINARY_SIGNS: Final[bytes] = bytes(b for b in range(0x20) if b not in b"\t\n\v\f\r")


class DocumentKind(StrEnum):
    FEED = "feed"
    PAGE = "page"
    TEXT = "text"
    NINJS = "ninjs"


def detect_kind(text: str) -> DocumentKind:
    """Example: ``detect_kind('<?xml version="1.0"?><rss version="2.0">')`` is ``FEED``."""
    start = text[:4096].lstrip("\ufeff \t\r\n")
    head = _PROLOGUE.sub("", start, count=1).lstrip()
    if head.startswith(("{", "[")):
        return DocumentKind.NINJS
    if _FEED_ROOT.match(head):
        return DocumentKind.FEED
    if head.startswith("<"):
        if _HTML_ROOT.search(start) or not start.startswith("<?xml"):
            return DocumentKind.PAGE
        raise SourceError("XML неизвестного вида: ни RSS, ни Atom")
    return DocumentKind.TEXT


def parse_document(
    data: bytes,
    *,
    url: str = "",
    content_type: str = "",
    charset: str | None = None,
    expected: DocumentKind | None = None,
) -> tuple[DocumentKind, list[IngestItem | BadItem]]:
    """Decode and parse a whole document; a document that is no source is a ``SourceError``.

    Example: the bytes of an RSS feed in CP1251 give ``(FEED, [IngestItem(...), ...])``.
    """
    if not data.strip():
        raise SourceError("пустой документ")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise SourceError(f"документ больше {MAX_DOCUMENT_BYTES // 1_000_000} МБ")
    if content_type and not content_type.startswith(_TEXT_TYPES) and "xml" not in content_type:
        raise SourceError(f"это не текст и не HTML: {content_type}")
    if len(data[:65536].translate(None, _BINARY_SIGNS)) != len(data[:65536]):
        raise SourceError("это не текст (двоичные данные)")
    text = decode_document(data, charset)
    kind = expected or detect_kind(text)
    if kind == DocumentKind.FEED:
        return kind, parse_feed(text, url)
    if kind == DocumentKind.NINJS:
        return kind, parse_ninjs(text, url)
    if kind == DocumentKind.PAGE:
        return kind, [parse_article_page(text, url)]
    if len(data) > MAX_TEXT_PAGE_BYTES:
        raise SourceError(f"текстовая страница больше {MAX_TEXT_PAGE_BYTES // 1000} КБ")
    try:
        page = parse_text_page(text)
    except TextPageError as exc:
        raise SourceError(f"не лента, не HTML и не страница статьи: {exc}") from exc
    return kind, [text_page_item(page)]


def text_page_identity(published_at: datetime, headline: str) -> str:
    """A text page's key: its Moscow wall-clock time to the minute and its headline as
    ``normalize_headline`` compares it."""
    return f"text:{published_at:%Y-%m-%dT%H:%M}:{normalize_headline(headline)}"[:500]


def text_page_item(page: TextPage) -> IngestItem:
    """A saved text page as an item. It names no address, so its identity is what it says:
    its date and headline, the same whichever file or command it came in through
    (``import-text`` or ``ingest-file``), e.g. «text:2024-01-29T09:41:собянин рассказал …»."""
    return IngestItem(
        guid=text_page_identity(page.published_at, page.headline),
        url="",
        headline=page.headline,
        published_at=moscow(page.published_at),
        body_html="".join(f"<p>{escape(paragraph)}</p>" for paragraph in page.body),
        author=page.text_credit,
        image_caption=page.photo_caption,
        photo_credit_author=page.photo_credit_author,
        photo_credit_source=page.photo_credit_source,
        region=page.region,
        related=page.related,
    )
