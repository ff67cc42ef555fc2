"""What an article page and an outlet listing put into ``<head>`` besides the title: an
article's OpenGraph tags, Twitter card and NewsArticle JSON-LD; a listing's feed links."""

from typing import Any

from django.urls import reverse
from django.utils.safestring import mark_safe

from vestnik.articles.models import ArticlePage

from .describe import describe_article
from .open_graph import open_graph_tags, twitter_card_tags
from .schema_org import dump_json_ld, news_article

__all__ = ["article_metadata", "feed_links"]


def article_metadata(context: Any, page: ArticlePage) -> dict[str, Any]:
    """From what the article page's context holds: its outlet, tags and regions."""
    facts = describe_article(
        page,
        context["outlet"],
        context.get("request"),
        tags=context["tags"],
        regions=context["regions"],
    )
    return {
        "open_graph": open_graph_tags(facts),
        "twitter_card": twitter_card_tags(facts),
        # dump_json_ld escapes «<», «>» and «&», so nothing in it can close the script.
        "json_ld": mark_safe(dump_json_ld(news_article(facts))),
    }


def feed_links(context: Any) -> list[tuple[str, str, str]]:
    """The feeds of an outlet listing: the outlet's own, and the tag's, region's or
    section's."""
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
    if section := context.get("section"):
        for kind, name, label in (("rss", "section_rss", "RSS"), ("atom", "section_atom", "Atom")):
            url = reverse(f"feeds:{name}", kwargs={"slug": section.slug})
            links.append((f"application/{kind}+xml", f"{section.name}: {label}", url))
    return links
