"""Template tags that put an article's metadata and an outlet's feed links into ``<head>``,
and the filters the sitemap templates write dates and titles with."""

from datetime import datetime
from typing import Any

from django import template
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from vestnik.articles.models import ArticlePage

from ..describe import FACTS_RELATIONS, describe_article
from ..open_graph import open_graph_tags, twitter_card_tags
from ..schema_org import dump_json_ld, news_article
from ..xml_text import xml_safe

register = template.Library()
register.filter("xml_safe", xml_safe)


@register.filter
def w3c_datetime(value: datetime | None) -> str:
    """«2024-01-29T09:41:00+03:00»: Moscow time, whole seconds, as sitemaps write dates."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


@register.inclusion_tag("feeds/includes/article_metadata.html", takes_context=True)
def article_metadata(context: dict[str, Any], page: ArticlePage) -> dict[str, Any]:
    # Prefetched onto the page itself, so the tag list further down the template reuses them.
    # A preview keeps the editor's unsaved tags: modelcluster answers from memory first.
    prefetch_related_objects([page], *FACTS_RELATIONS)
    facts = describe_article(page, context["outlet"], context.get("request"))
    return {
        "open_graph": open_graph_tags(facts),
        "twitter_card": twitter_card_tags(facts),
        # dump_json_ld escapes «<», «>» and «&», so nothing in it can close the script.
        "json_ld": mark_safe(dump_json_ld(news_article(facts))),
    }


@register.inclusion_tag("feeds/includes/feed_links.html", takes_context=True)
def feed_links(context: dict[str, Any]) -> dict[str, Any]:
    """The feeds of an outlet listing: the outlet's own, and the tag's or region's one."""
    title = context["page"].title
    links = [
        ("application/rss+xml", f"{title}: RSS", reverse("feeds:rss")),
        ("application/atom+xml", f"{title}: Atom", reverse("feeds:atom")),
    ]
    if tag := context.get("tag"):
        url = reverse("feeds:tag_rss", kwargs={"slug": tag.slug})
        links.append(("application/rss+xml", f"{tag.name}: RSS", url))
    if region := context.get("listed_region"):
        url = reverse("feeds:region_rss", kwargs={"slug": region.slug})
        links.append(("application/rss+xml", f"{region.header}: RSS", url))
    return {"links": links}
