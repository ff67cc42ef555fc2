"""RSS 2.0 and Atom writers that carry the whole article and its photo.

Django's writers stop at a summary and an enclosure. Aggregators want more: the full text
(``content:encoded``; Яндекс reads ``yandex:full-text``) and the photo with its caption and
credit (Media RSS, ``media:content``). The item keywords ``content_html``, ``full_text`` and
``image`` come from ``Feed.item_extra_kwargs``.

Every writer names the WebSub hub (https://www.w3.org/TR/websub/#discovery) beside its own
``rel="self"`` address when the feed keyword ``hub_url`` holds one (``websub``), so that a
subscriber learns where to subscribe.
"""

from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.xmlutils import SimplerXMLGenerator

from .facts import LeadImage

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
YANDEX_NS = "http://news.yandex.ru"


class HubRssFeed(Rss201rev2Feed):
    """RSS 2.0 with ``<atom:link rel="hub">`` (Django's writer already adds ``rel="self"``)."""

    def add_root_elements(self, handler: SimplerXMLGenerator) -> None:
        super().add_root_elements(handler)
        if hub := self.feed.get("hub_url"):
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": hub})


class FullTextRssFeed(HubRssFeed):
    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:media": MEDIA_NS,
            "xmlns:yandex": YANDEX_NS,
        }

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if item.get("full_text"):
            handler.addQuickElement("yandex:full-text", item["full_text"])
        if image := item.get("image"):
            add_media_content(handler, image)


def add_media_content(handler: SimplerXMLGenerator, image: LeadImage) -> None:
    handler.startElement(
        "media:content",
        {  # type: ignore[arg-type]  # a dict, as Django's own feed generators pass
            "url": image.url,
            "type": image.mime_type,
            "medium": "image",
            "width": str(image.width),
            "height": str(image.height),
        },
    )
    if image.caption:
        handler.addQuickElement("media:description", image.caption, {"type": "plain"})
    if image.credit:
        handler.addQuickElement("media:credit", image.credit)
    handler.endElement("media:content")


class FullTextAtomFeed(Atom1Feed):
    def add_root_elements(self, handler: SimplerXMLGenerator) -> None:
        super().add_root_elements(handler)
        if hub := self.feed.get("hub_url"):
            handler.addQuickElement("link", "", {"rel": "hub", "href": hub})

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
