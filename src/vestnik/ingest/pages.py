"""One article page of another site into an item, with trafilatura.

trafilatura finds the article text among menus and banners and reads the title, author,
date and lead image from the page's metadata. It only knows the publication day, so the
time comes from the page's own machine-readable date (``article:published_time``,
schema.org ``datePublished`` or ``<time datetime>``) when there is one. The lead image's
caption and credit are read from the ``<figure>`` that shows it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, Final
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata

from .items import IngestItem, SourceError, moscow
from .sanitize import plain_text, safe_url
from .textpage import split_photo_caption

__all__ = ["parse_article_page"]

_HTTP: Final[frozenset[str]] = frozenset({"http", "https"})
_DATE_XPATHS: Final[tuple[str, ...]] = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//time[@datetime]/@datetime",
)


def parse_article_page(html: str, url: str = "") -> IngestItem:
    """The article a page shows; a page with no article text is a ``SourceError``.

    Example: a page with ``<meta property="og:title" content="В Строгине открыли каток">``
    and ``article:published_time`` 2025-01-04T09:00:00+03:00 gives that headline and
    09:00 Moscow time.
    """
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise SourceError(f"не удалось разобрать HTML: {exc}") from exc
    metadata = extract_metadata(tree, default_url=url or None)
    body = trafilatura.extract(
        html,
        url=url or None,
        output_format="html",
        include_formatting=True,
        include_links=True,
        include_images=True,
        include_comments=False,
        include_tables=False,
    )
    headline = plain_text(metadata.title or "")
    if not headline:
        raise SourceError("на странице нет заголовка статьи")
    if not body or not plain_text(body):
        raise SourceError("на странице не найден текст статьи")
    canonical = safe_url(metadata.url or "", url, schemes=_HTTP) or safe_url(url, schemes=_HTTP)
    image_url = safe_url(metadata.image or "", canonical or url, schemes=_HTTP)
    caption, credit_author, credit_source = _figure_caption(tree, image_url)
    return IngestItem(
        guid=canonical or url,
        url=canonical,
        headline=headline,
        published_at=_published(tree, metadata.date),
        body_html=body,
        lead=plain_text(metadata.description or ""),
        author=plain_text(metadata.author or ""),
        image_url=image_url,
        image_caption=caption,
        photo_credit_author=credit_author,
        photo_credit_source=credit_source,
    )


def _published(tree: Any, day: str | None) -> datetime | None:
    for xpath in _DATE_XPATHS:
        for value in tree.xpath(xpath):
            if moment := _iso(str(value)):
                return moscow(moment)
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        if moment := _iso(_json_ld_date(str(script))):
            return moscow(moment)
    return moscow(moment) if day and (moment := _iso(day)) else None


def _json_ld_date(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    for node in data if isinstance(data, list) else [data]:
        if isinstance(node, dict) and isinstance(node.get("datePublished"), str):
            return str(node["datePublished"])
    return ""


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _figure_caption(tree: Any, image_url: str) -> tuple[str, str, str]:
    """Caption, photographer and source printed under the lead image, matched by file name."""
    if not image_url:
        return "", "", ""
    name = PurePosixPath(urlsplit(image_url).path).name
    for figure in tree.iter("figure"):
        sources = [img.get("src", "") for img in figure.iter("img")]
        if name and any(PurePosixPath(urlsplit(src).path).name == name for src in sources):
            captions = [" ".join(c.text_content().split()) for c in figure.iter("figcaption")]
            if captions:
                return split_photo_caption(captions[0])
    return "", "", ""
