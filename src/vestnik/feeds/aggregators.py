"""The feeds Дзен and Яндекс read, each by its own profile: ``/rss/dzen/`` and ``/rss/yandex/``
of an outlet, of a section (``/rubrics/<slug>/rss/dzen/``) and of a region
(``/regions/<slug>/rss/dzen/``), over the same articles as the outlet's other feeds (live and
public only: ``visible_to_readers``, so a restricted article stays restricted).

Дзен, "Разметка и подключение ленты RSS" (https://dzen.ru/help/ru/website/rss-modify):

- an item carries ``title``, ``link``, ``guid``, ``pubDate`` (RFC 822), ``media:rating``,
  ``category`` and ``content:encoded`` with the whole text; an edit is sent again under the
  item's first ``guid``, or Дзен makes a duplicate. Here the guid is a ``tag:`` URI of the
  page id (``feeds.article_tag_uri``), which neither a new headline nor a new slug changes;
- ``category`` sets how Дзен publishes it: ``format-article`` (an article, not a post),
  ``index`` (open to search engines), ``comment-all`` (anyone may comment);
- ``media:rating`` (scheme ``urn:simple``) is ``adult`` or ``nonadult``: ``adult`` for an
  outlet marked «18+», ``nonadult`` otherwise;
- every image of the text also comes as an ``enclosure`` with its ``url`` and MIME ``type``;
  the photo of the article opens the text as a ``figure``;
- the text keeps only the tags Дзен lays out (``DZEN_TAGS``: paragraphs, links, bold, italic,
  underline, strike-through, headings h1–h4, quotes, lists, figures with images and captions);
  the rest leaves its text, scripts, styles and frames go with their content, and every
  address is absolute;
- only the last two or three days' articles, at most 500 in one sending: 3 days, 500 items.

Яндекс (Вебмастер, «Свежее и актуальное», formerly Яндекс.Новости' "Требования к RSS-ленте",
https://yandex.ru/support/webmaster/ru/search-appearance/fresh-content and
https://yandex.ru/support/news/feed.html):

- RSS 2.0 with ``xmlns:yandex="http://news.yandex.ru"``; an item carries ``title``, ``link``,
  ``pubDate`` and ``yandex:full-text``, the whole text without markup and without what every
  page repeats (the source's name, the date);
- ``yandex:genre`` is one of ``lenta``, ``message``, ``article``, ``interview``: Vestnik's
  articles are district news, so ``message``;
- the photo comes as an ``enclosure`` with ``url`` and ``type``; the channel names the
  outlet's logo as ``yandex:logo`` and a square one as ``yandex:logo type="square"``;
- items no older than eight days, the file no larger than 10 MB (the older rule; the plugins
  built on it say the same): 8 days, at most 500 items, the oldest dropped until the file fits.
"""

import mimetypes
from datetime import timedelta
from typing import Any, Final
from urllib.parse import urljoin

from django.http import HttpRequest
from django.utils.feedgenerator import Enclosure, SyndicationFeed
from django.utils.html import format_html
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.images.models import SourceImageIOError

from vestnik.outlets.chrome import identity_of

from .feeds import Channel, FeedEntry, OutletFeed, RegionFeed, SectionFeed
from .full_text import image_sources, only_allowed_tags, plain_text
from .generators import CONTENT_NS, MEDIA_NS, YANDEX_NS, HubRssFeed
from .xml_text import xml_safe

__all__ = [
    "DZEN_TAGS",
    "OutletDzenFeed",
    "OutletYandexFeed",
    "RegionDzenFeed",
    "RegionYandexFeed",
    "SectionDzenFeed",
    "SectionYandexFeed",
]

_HREF: Final = frozenset({"href"})
_NONE: Final = frozenset[str]()
DZEN_TAGS: Final[dict[str, frozenset[str]]] = {
    "p": _NONE, "a": _HREF, "b": _NONE, "i": _NONE, "u": _NONE, "s": _NONE,
    "h1": _NONE, "h2": _NONE, "h3": _NONE, "h4": _NONE, "blockquote": _NONE,
    "ul": _NONE, "ol": _NONE, "li": _NONE,
    "figure": _NONE, "img": frozenset({"src"}), "figcaption": _NONE,
}  # fmt: skip
DZEN_CATEGORIES: Final = ("format-article", "index", "comment-all")
YANDEX_GENRE: Final = "message"
# The outlet's logo for Яндекс, as the identity's logo rendered: one wide, one square.
YANDEX_LOGO_FILTERS: Final = ("height-100", "fill-180x180")


def image_type(url: str) -> str:
    """The MIME type an enclosure names, from the file's extension.

    >>> image_type("http://zvezdny.localhost/media/images/park.width-800.webp")
    'image/webp'
    """
    return mimetypes.guess_type(url)[0] or "image/jpeg"


class DzenRssFeed(HubRssFeed):
    """RSS 2.0 as Дзен reads it: the full text, the rating and one enclosure per image."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for url in item["images"]:
            handler.addQuickElement("enclosure", "", {"url": url, "type": image_type(url)})
        handler.addQuickElement("media:rating", self.feed["rating"], {"scheme": "urn:simple"})
        handler.addQuickElement("content:encoded", item["content_html"])


class YandexNewsFeed(HubRssFeed):
    """RSS 2.0 with Яндекс's own elements: the logos, the genre and the text without markup."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:yandex": YANDEX_NS}

    def add_root_elements(self, handler: SimplerXMLGenerator) -> None:
        super().add_root_elements(handler)
        logo, square = self.feed["logos"]
        if logo:
            handler.addQuickElement("yandex:logo", logo)
        if square:
            handler.addQuickElement("yandex:logo", square, {"type": "square"})

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("yandex:genre", YANDEX_GENRE)
        handler.addQuickElement("yandex:full-text", item["full_text"])


class AggregatorFeed(OutletFeed):
    """What both profiles share: a guid that survives edits, and a cap on the file's size."""

    item_guid_is_permalink = False
    max_bytes: int | None = None

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.tag_uri

    def get_feed(self, obj: Channel, request: HttpRequest) -> SyndicationFeed:
        """The feed, its oldest items dropped while the file is larger than ``max_bytes``."""
        feed = super().get_feed(obj, request)
        if self.max_bytes is None:
            return feed
        size = len(feed.writeString("utf-8").encode())
        while size > self.max_bytes and feed.items:
            # In proportion to the excess, and always at least one.
            keep = min(len(feed.items) - 1, len(feed.items) * self.max_bytes // size)
            del feed.items[keep:]
            size = len(feed.writeString("utf-8").encode())
        return feed


class DzenFeed(AggregatorFeed):
    feed_type: type[SyndicationFeed] = DzenRssFeed
    length = 500
    max_age = timedelta(days=3)

    def feed_extra_kwargs(self, channel: Channel) -> dict[str, Any]:
        adult = identity_of(channel.outlet.get_site()).age_mark == "18+"
        return {**super().feed_extra_kwargs(channel), "rating": "adult" if adult else "nonadult"}

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return list(DZEN_CATEGORIES)

    def item_enclosures(self, entry: FeedEntry) -> list[Enclosure]:
        return []  # the writer adds one per image of the text (``DzenRssFeed``)

    def item_extra_kwargs(self, entry: FeedEntry) -> dict[str, Any]:
        html = only_allowed_tags(xml_safe(dzen_text(entry)), DZEN_TAGS, entry.facts.url)
        return {"content_html": html, "images": image_sources(html)}


def dzen_text(entry: FeedEntry) -> str:
    """The article's photo with its caption, then the lead and the body."""
    image = entry.facts.image
    if image is None:
        return entry.content_html
    caption = ". ".join(part for part in (image.caption, image.credit) if part)
    photo = format_html(
        '<figure><img src="{}">{}</figure>',
        image.url,
        format_html("<figcaption>{}</figcaption>", caption) if caption else "",
    )
    return photo + entry.content_html


class YandexFeed(AggregatorFeed):
    feed_type: type[SyndicationFeed] = YandexNewsFeed
    length = 500
    max_age = timedelta(days=8)
    max_bytes = 10 * 2**20

    def feed_extra_kwargs(self, channel: Channel) -> dict[str, Any]:
        return {**super().feed_extra_kwargs(channel), "logos": yandex_logos(channel)}

    def item_extra_kwargs(self, entry: FeedEntry) -> dict[str, Any]:
        return {"full_text": plain_text(xml_safe(entry.content_html))}


def yandex_logos(channel: Channel) -> tuple[str, str]:
    """The wide and the square logo's absolute addresses, or empty ones without a logo."""
    identity = identity_of(channel.outlet.get_site())
    if identity.logo is None:
        return "", ""
    try:
        renditions = identity.logo.get_renditions(*YANDEX_LOGO_FILTERS)
    except SourceImageIOError:
        return "", ""
    wide, square = (urljoin(channel.link, renditions[name].url) for name in YANDEX_LOGO_FILTERS)
    return wide, square


class OutletDzenFeed(DzenFeed):
    """An outlet's newest articles for Дзен."""


class SectionDzenFeed(DzenFeed, SectionFeed):
    """A section's articles for Дзен."""


class RegionDzenFeed(DzenFeed, RegionFeed):
    """A region's articles (its places' too) for Дзен."""


class OutletYandexFeed(YandexFeed):
    """An outlet's newest articles for Яндекс."""


class SectionYandexFeed(YandexFeed, SectionFeed):
    """A section's articles for Яндекс."""


class RegionYandexFeed(YandexFeed, RegionFeed):
    """A region's articles (its places' too) for Яндекс."""
