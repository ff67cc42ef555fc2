"""What feeds, sitemaps and page metadata say about an article, as plain values.

Built once per article from the database (``describe.py``) and read by every format, so an
RSS item, the JSON-LD and the OpenGraph tags can never disagree on a URL, a date or a credit.
No Django import: the formatters over these records are pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["ArticleFacts", "LeadImage", "Place"]


@dataclass(frozen=True)
class LeadImage:
    """The article's photo as published: one rendition, with what is printed under it."""

    url: str
    width: int
    height: int
    mime_type: str
    length: int  # bytes; 0 when the file cannot be measured
    caption: str
    credit_author: str  # «Д. Гришкин»
    credit_source: str  # «mos.ru. Пресс-служба мэра и Правительства Москвы»

    @property
    def credit(self) -> str:
        return ", ".join(part for part in (self.credit_author, self.credit_source) if part)


@dataclass(frozen=True)
class Place:
    """A region an article is about, inside the regions that contain it."""

    name: str  # «Район Марфино»
    within: Place | None = None


@dataclass(frozen=True)
class ArticleFacts:
    url: str
    headline: str
    lead: str
    published: datetime  # aware, Moscow time
    modified: datetime  # aware, Moscow time, never before ``published``
    credit: str  # the «Текст:» line
    outlet_name: str
    outlet_url: str
    image: LeadImage | None
    places: tuple[Place, ...]
    tags: tuple[str, ...]
    # Where the text comes from, which is also the page's rel=canonical: the external original
    # of an ingested item, or the live network article a syndicated copy carries; empty for
    # the outlet's own articles.
    source_url: str = ""

    @property
    def canonical_url(self) -> str:
        return self.source_url or self.url
