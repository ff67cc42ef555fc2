"""RSS 2.0 and Atom feeds into items, with feedparser.

District sites put the whole article into ``content:encoded`` or Yandex.News's
``yandex:full-text``; the description is then only a teaser and becomes the lead. A feed
without full text gives its description as the body.
"""

from __future__ import annotations

import re
import time
from calendar import timegm
from datetime import UTC, datetime
from typing import Any, Final

import feedparser

from .items import BadItem, IngestItem, SourceError, moscow
from .sanitize import plain_text, safe_url
from .textpage import split_photo_caption

__all__ = ["parse_feed"]

# A teaser longer than this is an article in its own right, not a lead.
_LEAD_LIMIT: Final[int] = 600
_HTTP: Final[frozenset[str]] = frozenset({"http", "https"})
_NAMED_ADDRESS: Final[re.Pattern[str]] = re.compile(r"\((?P<name>[^()]+)\)\s*$")


def parse_feed(text: str, base_url: str = "") -> list[IngestItem | BadItem]:
    """Every entry of an RSS or Atom document, in feed order; bad entries as ``BadItem``.

    Example: an RSS item with ``<guid>urn:okrug:1</guid>`` and ``<yandex:full-text>``
    becomes ``IngestItem(guid="urn:okrug:1", body_html=<the full text>, ...)``.
    """
    parsed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version", "")
    if not version or not version.startswith(("rss", "atom")):
        reason = parsed.get("bozo_exception") or "нет элемента rss или feed"
        raise SourceError(f"это не лента RSS/Atom: {reason}")
    # feedparser recovers from small slips (an unescaped «&»); a feed whose entries came
    # out without a single title is broken, not slightly off.
    if parsed.get("bozo") and not any(entry.get("title") for entry in parsed.entries):
        raise SourceError(f"лента повреждена: {parsed.get('bozo_exception')}")
    base = parsed.feed.get("link") or base_url
    return [_entry_item(entry, safe_url(base_url or base)) for entry in parsed.entries]


def _entry_item(entry: Any, base_url: str) -> IngestItem | BadItem:
    url = safe_url(entry.get("link", ""), base_url, schemes=_HTTP)
    guid = (entry.get("id") or "").strip() or url
    headline = plain_text(entry.get("title", ""))
    if not guid:
        return BadItem(headline or "без заголовка", "нет ни guid, ни ссылки на материал")
    if not headline:
        return BadItem(guid, "нет заголовка")
    description = entry.get("summary", "")
    full_text = _full_text(entry)
    lead = plain_text(description) if full_text else ""
    caption, credit_author, credit_source = split_photo_caption(_media_credit(entry))
    return IngestItem(
        guid=guid[:500],
        url=url,
        headline=headline,
        published_at=_published(entry),
        body_html=full_text or description,
        lead=lead if len(lead) <= _LEAD_LIMIT and lead != plain_text(full_text) else "",
        author=_author(entry),
        image_url=_image_url(entry, base_url),
        image_caption=_media_caption(entry) or caption,
        photo_credit_author=credit_author,
        photo_credit_source=credit_source,
    )


def _full_text(entry: Any) -> str:
    # feedparser keeps unknown namespaces under their prefix: yandex:full-text is
    # "yandex_full-text"; content:encoded arrives in entry.content.
    yandex = entry.get("yandex_full-text", "")
    if yandex.strip():
        return str(yandex)
    for content in entry.get("content", []):
        if content.get("value", "").strip():
            return str(content["value"])
    return ""


def _author(entry: Any) -> str:
    """The author's name; RSS writes «press@okrug.ru (Ирина Соколова)» and feedparser does
    not split every such address right."""
    raw = plain_text(entry.get("author", ""))
    if "@" in raw and (named := _NAMED_ADDRESS.search(raw)):
        return named["name"].strip()
    return plain_text((entry.get("author_detail") or {}).get("name") or "") or raw


def _published(entry: Any) -> datetime | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    # feedparser normalises every date to UTC.
    return moscow(datetime.fromtimestamp(timegm(parsed), tz=UTC))


def _image_url(entry: Any, base_url: str) -> str:
    candidates = [
        link.get("href", "")
        for link in entry.get("enclosures", [])
        if str(link.get("type", "")).startswith("image/")
    ]
    candidates += [
        media.get("url", "")
        for media in entry.get("media_content", [])
        if media.get("medium") == "image" or str(media.get("type", "")).startswith("image/")
    ]
    candidates += [thumb.get("url", "") for thumb in entry.get("media_thumbnail", [])]
    for candidate in candidates:
        if url := safe_url(candidate, base_url, schemes=_HTTP):
            return url
    return ""


def _media_credit(entry: Any) -> str:
    credit = entry.get("media_credit")
    if isinstance(credit, list) and credit:
        credit = credit[0].get("content", "")
    text = plain_text(str(credit or ""))
    return f"Фото: {text}" if text else ""


def _media_caption(entry: Any) -> str:
    return plain_text(str(entry.get("media_description", "") or ""))
