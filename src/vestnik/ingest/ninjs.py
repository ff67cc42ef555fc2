"""News items in the IPTC ninjs JSON shape (1.x and 2.x) into items.

A document is one ninjs object, a list of them, or ``{"items": [...]}``. The body is
``body_html`` or, failing that, ``body_text``; the lead image is the association named
``featureimage`` (or the first picture); places are ``place``/``located``.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from typing import Any

from .items import BadItem, IngestItem, SourceError, moscow
from .sanitize import plain_text, safe_url
from .textpage import split_photo_caption

__all__ = ["parse_ninjs"]

_HTTP = frozenset({"http", "https"})


def parse_ninjs(text: str, base_url: str = "") -> list[IngestItem | BadItem]:
    """Every ninjs item of a JSON document; one with no identity or headline is a ``BadItem``.

    Example: ``{"uri": "urn:mos:1", "headline": "Каток открыт", "body_text": "…"}`` gives
    one item with ``guid="urn:mos:1"``.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SourceError(f"повреждённый JSON: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    entries = data if isinstance(data, list) else [data]
    if not entries or not all(isinstance(entry, dict) for entry in entries):
        raise SourceError("это не ninjs: ожидался объект или список объектов")
    return [_item(entry, base_url) for entry in entries]


def _item(entry: dict[str, Any], base_url: str) -> IngestItem | BadItem:
    url = safe_url(_text(entry, "uri") if _text(entry, "uri").startswith("http") else "", base_url)
    url = url or _link(entry, base_url)
    guid = _text(entry, "guid") or _text(entry, "uri") or url
    headline = plain_text(_text(entry, "headline"))
    if not guid:
        return BadItem(headline or "без заголовка", "нет ни uri, ни guid")
    if not headline:
        return BadItem(guid, "нет заголовка (headline)")
    body = _text(entry, "body_html") or "".join(
        f"<p>{escape(paragraph)}</p>" for paragraph in _text(entry, "body_text").split("\n\n")
    )
    image = _feature_image(entry)
    caption, author, source = split_photo_caption(
        f"Фото: {_text(image, 'byline') or _text(image, 'copyrightholder')}"
    )
    return IngestItem(
        guid=guid[:500],
        url=url,
        headline=headline,
        published_at=_date(_text(entry, "firstcreated") or _text(entry, "versioncreated")),
        body_html=body,
        lead=plain_text(_text(entry, "description_text") or _text(entry, "description_html")),
        author=plain_text(_text(entry, "byline")),
        image_url=_image_href(image, base_url),
        image_caption=plain_text(
            _text(image, "description_text") or _text(image, "headline") or caption
        ),
        photo_credit_author=author,
        photo_credit_source=source,
        region=_place(entry),
    )


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return value.strip() if isinstance(value, str) else ""


def _link(entry: dict[str, Any], base_url: str) -> str:
    for link in entry.get("links") or []:
        if isinstance(link, dict) and link.get("rel") in ("canonical", "self", None):
            if url := safe_url(_text(link, "href"), base_url, schemes=_HTTP):
                return url
    return ""


def _feature_image(entry: dict[str, Any]) -> dict[str, Any]:
    associations = entry.get("associations") or {}
    if isinstance(associations, list):  # ninjs 2.x: a list with "name"
        associations = {str(a.get("name", i)): a for i, a in enumerate(associations)}
    if not isinstance(associations, dict):
        return {}
    pictures = [a for a in associations.values() if isinstance(a, dict) and a.get("type") in (
        "picture", "image"
    )]  # fmt: skip
    chosen = associations.get("featureimage")
    return chosen if isinstance(chosen, dict) else (pictures[0] if pictures else {})


def _image_href(image: dict[str, Any], base_url: str) -> str:
    renditions = image.get("renditions") or {}
    if isinstance(renditions, list):
        renditions = {str(r.get("name", i)): r for i, r in enumerate(renditions)}
    candidates = [renditions.get("original"), *renditions.values()] if renditions else []
    for rendition in [*candidates, image]:
        if isinstance(rendition, dict):
            if url := safe_url(
                _text(rendition, "href") or _text(rendition, "uri"), base_url, schemes=_HTTP
            ):
                return url
    return ""


def _place(entry: dict[str, Any]) -> str:
    places = entry.get("place") or []
    for place in places if isinstance(places, list) else [places]:
        if isinstance(place, dict) and (name := _text(place, "name")):
            return name
    return _text(entry, "located")


def _date(value: str) -> datetime | None:
    try:
        return moscow(datetime.fromisoformat(value)) if value else None
    except ValueError:
        return None
