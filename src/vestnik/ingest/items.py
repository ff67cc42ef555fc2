"""What every parser hands to the importer: one item of a source, not yet trusted.

Feeds, article pages, ninjs documents and saved text pages all become ``IngestItem``s, so
identity, hashing and storage are written once. Nothing here imports Django.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from .textpage import RelatedTeaser

__all__ = ["MOSCOW", "BadItem", "IngestItem", "SourceError", "moscow"]

MOSCOW: Final[ZoneInfo] = ZoneInfo("Europe/Moscow")


class SourceError(ValueError):
    """A document or an item cannot be ingested; the message is one line for an editor.

    Example: ``SourceError("это не HTML: text/csv")``.
    """


@dataclass(frozen=True)
class IngestItem:
    """One article as its source gives it. ``body_html`` is untrusted until sanitised.

    ``guid`` is the item's identity in its source (a feed GUID, a ninjs ``uri``, the page
    address); ``url`` is where readers find the original and becomes the article's
    canonical link. Example: ``IngestItem(guid="https://okrug.ru/news/1",
    url="https://okrug.ru/news/1", headline="В Строгине открыли каток", ...)``.
    """

    guid: str
    url: str
    headline: str
    published_at: datetime | None
    body_html: str
    lead: str = ""
    author: str = ""
    image_url: str = ""
    image_caption: str = ""
    photo_credit_author: str = ""
    photo_credit_source: str = ""
    region: str = ""
    related: tuple[RelatedTeaser, ...] = field(default=())

    def content_hash(self) -> str:
        """A fingerprint of everything the source said: equal hashes mean nothing changed."""
        state = asdict(self)
        state["published_at"] = self.published_at and self.published_at.isoformat()
        state["related"] = [
            [teaser.headline, teaser.lead, teaser.published_at.isoformat()]
            for teaser in self.related
        ]
        encoded = json.dumps(state, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class BadItem:
    """An item of a document that cannot become an article; the rest of the batch goes on.

    Example: ``BadItem("https://okrug.ru/news/7", "нет заголовка")``.
    """

    identity: str
    reason: str


def moscow(moment: datetime) -> datetime:
    """An aware moment as Moscow wall-clock time; a naive one is taken to be Moscow time
    already, as district sites print it. Example: 06:41 UTC becomes 09:41+03:00."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=MOSCOW)
    return moment.astimezone(MOSCOW)
