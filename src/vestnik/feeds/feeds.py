"""RSS 2.0 and Atom feeds of an outlet: its newest articles, and those of a tag, a region or
one of its sections.

Each feed holds what the page it stands for lists (the home page, ``/tags/<slug>/``,
``/regions/<slug>/``, so an okrug's feed carries its districts' news, ``/rubrics/<slug>/``),
limited to live,
public articles, newest first, in full. The aggregators' profiles (``aggregators``: Дзен,
Яндекс) are subclasses that keep a different number of them, only the last days', and write
them their own way.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Enclosure, SyndicationFeed
from django.utils.html import format_html

from vestnik.articles.models import ArticlePage, ArticlePageQuerySet, Tag
from vestnik.outlets.models import OutletHomePage, Section
from vestnik.regions.models import Region

from .describe import describe_article, with_facts_prefetched
from .facts import ArticleFacts
from .full_text import absolute_urls, plain_text
from .generators import FullTextAtomFeed, FullTextRssFeed
from .outlet_site import OutletsByPath, outlet_for_request
from .xml_text import xml_safe

FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedEntry:
    facts: ArticleFacts
    content_html: str  # lead and body, links made absolute
    # Names the article whatever becomes of its headline and address (``article_tag_uri``).
    tag_uri: str


@dataclass(frozen=True)
class Channel:
    outlet: OutletHomePage
    title: str
    link: str
    description: str
    feed_url: str
    entries: list[FeedEntry]


def build_channel(
    request: HttpRequest,
    outlet: OutletHomePage,
    *,
    title: str,
    path: str,
    description: str,
    articles: ArticlePageQuerySet,
    length: int | None = None,
) -> Channel:
    """``path`` is the listing page the feed stands for, relative to the outlet's home;
    ``length``: how many of the newest articles (``FEED_LENGTH`` unless told)."""
    home = outlet.get_full_url(request)
    outlets = OutletsByPath()
    newest = with_facts_prefetched(articles.newest_first())[: length or FEED_LENGTH]
    entries = []
    for article in newest:
        facts = describe_article(article, outlets.of(article), request)
        html = format_html("<p>{}</p>", article.lead) if article.lead else ""
        # As the article page renders it: block by block, without the stream's wrappers.
        html += article.body_html or "".join(block.render_as_block() for block in article.body)
        entries.append(
            FeedEntry(facts, absolute_urls(html, facts.url), article_tag_uri(article, facts))
        )
    return Channel(
        outlet=outlet,
        title=title,
        link=urljoin(home, path),
        description=description or title,
        feed_url=urljoin(home, request.path),
        entries=entries,
    )


def article_tag_uri(article: ArticlePage, facts: ArticleFacts) -> str:
    """A ``tag:`` URI (RFC 4151) from the outlet's host, the day the article was first
    published and its page id: none of them changes when an editor rewrites the headline
    and with it the slug, so an aggregator updates its copy instead of adding another.

    >>> from types import SimpleNamespace
    >>> article = SimpleNamespace(pk=17, first_published_at=datetime(2024, 1, 29, 6, 41))
    >>> facts = SimpleNamespace(outlet_url="http://zvezdny.localhost/", published=None)
    >>> article_tag_uri(article, facts)
    'tag:zvezdny.localhost,2024-01-29:article-17'
    """
    first = article.first_published_at or facts.published
    day = timezone.localtime(first).date() if timezone.is_aware(first) else first.date()
    return f"tag:{urlsplit(facts.outlet_url).hostname},{day.isoformat()}:article-{article.pk}"


class OutletFeed(Feed):
    """An outlet's newest articles, as its home page lists them."""

    feed_type: type[SyndicationFeed] = FullTextRssFeed
    language = "ru"
    item_guid_is_permalink = True
    # A profile of an aggregator (``aggregators``) keeps fewer or more of the newest, and
    # only those published within ``max_age``; None: ``FEED_LENGTH``, however old.
    length: int | None = None
    max_age: timedelta | None = None

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Channel:
        return self.channel(request, outlet_for_request(request), **kwargs)

    def build_channel(
        self,
        request: HttpRequest,
        outlet: OutletHomePage,
        *,
        articles: ArticlePageQuerySet,
        **described: str,
    ) -> Channel:
        """``build_channel`` within this feed's length and age."""
        if self.max_age is not None:
            articles = articles.published_since(timezone.now() - self.max_age)
        return build_channel(request, outlet, articles=articles, length=self.length, **described)

    def channel(self, request: HttpRequest, outlet: OutletHomePage) -> Channel:
        return self.build_channel(
            request,
            outlet,
            title=outlet.title,
            path="",
            description=outlet.description,
            articles=ArticlePage.objects.visible_to_readers().for_outlet(outlet),
        )

    def feed_extra_kwargs(self, channel: Channel) -> dict[str, Any]:
        # Where a subscriber subscribes to this feed (WebSub), when the installation has a hub.
        return {"hub_url": settings.VESTNIK_WEBSUB_HUB_URL}

    def title(self, channel: Channel) -> str:
        return xml_safe(channel.title)

    def link(self, channel: Channel) -> str:
        return channel.link

    def description(self, channel: Channel) -> str:
        return xml_safe(channel.description)

    def subtitle(self, channel: Channel) -> str:  # Atom's name for the description
        return xml_safe(channel.description)

    def feed_url(self, channel: Channel) -> str:
        return channel.feed_url

    def items(self, channel: Channel) -> list[FeedEntry]:
        return channel.entries

    def item_title(self, entry: FeedEntry) -> str:
        return xml_safe(entry.facts.headline)

    def item_link(self, entry: FeedEntry) -> str:
        return entry.facts.url

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.facts.url

    def item_description(self, entry: FeedEntry) -> str:
        return xml_safe(entry.facts.lead)

    def item_pubdate(self, entry: FeedEntry) -> datetime:
        return entry.facts.published

    def item_updateddate(self, entry: FeedEntry) -> datetime:
        return entry.facts.modified

    def item_author_name(self, entry: FeedEntry) -> str:
        return xml_safe(entry.facts.credit)

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return [xml_safe(tag) for tag in entry.facts.tags]

    def item_enclosures(self, entry: FeedEntry) -> list[Enclosure]:
        image = entry.facts.image
        if image is None:
            return []
        return [Enclosure(image.url, str(image.length), image.mime_type)]

    def item_extra_kwargs(self, entry: FeedEntry) -> dict[str, Any]:
        html = xml_safe(entry.content_html)
        return {"content_html": html, "full_text": plain_text(html), "image": entry.facts.image}


class OutletAtomFeed(OutletFeed):
    feed_type = FullTextAtomFeed


class TagFeed(OutletFeed):
    """Articles with a tag, as ``/tags/<slug>/`` lists them: from the whole network."""

    def channel(self, request: HttpRequest, outlet: OutletHomePage, slug: str) -> Channel:  # type: ignore[override]
        tag = get_object_or_404(Tag, slug=slug)
        return self.build_channel(
            request,
            outlet,
            title=f"{outlet.title}: {tag.name}",
            path=outlet.reverse_subpage("tag", args=[slug]),
            description=f"Материалы с тегом «{tag.name}»",
            articles=ArticlePage.objects.visible_to_readers().tagged(tag).one_per_story(outlet),
        )


class RegionFeed(OutletFeed):
    """Articles about a region or a place inside it, as ``/regions/<slug>/`` lists them."""

    def channel(self, request: HttpRequest, outlet: OutletHomePage, slug: str) -> Channel:  # type: ignore[override]
        region = get_object_or_404(Region.objects.select_related("parent__parent"), slug=slug)
        return self.build_channel(
            request,
            outlet,
            title=f"{outlet.title}: {region.header}",
            path=outlet.reverse_subpage("region_articles", args=[slug]),
            description=f"Новости: {region.header}",
            articles=ArticlePage.objects.visible_to_readers()
            .in_region(region)
            .one_per_story(outlet),
        )


class SectionFeed(OutletFeed):
    """The articles of one of the outlet's sections, as ``/rubrics/<slug>/`` lists them."""

    def channel(self, request: HttpRequest, outlet: OutletHomePage, slug: str) -> Channel:  # type: ignore[override]
        section = get_object_or_404(Section, outlet=outlet, slug=slug)
        section.outlet = outlet
        return self.build_channel(
            request,
            outlet,
            title=f"{outlet.title}: {section.name}",
            path=outlet.reverse_subpage("section_articles", args=[slug]),
            description=section.description or f"Рубрика «{section.name}»",
            articles=ArticlePage.objects.visible_to_readers().in_section(section),
        )


class SectionAtomFeed(SectionFeed):
    feed_type = FullTextAtomFeed
