"""OpenGraph and Twitter card tags for an article page: what a messenger or a social network
shows when a reader shares the link (https://ogp.me/)."""

from __future__ import annotations

from .facts import ArticleFacts

__all__ = ["open_graph_tags", "twitter_card_tags"]


def open_graph_tags(facts: ArticleFacts) -> list[tuple[str, str]]:
    """``(property, content)`` pairs in the order the protocol lists them; tags repeat."""
    tags = [
        ("og:type", "article"),
        ("og:title", facts.headline),
        ("og:description", facts.lead),
        ("og:url", facts.canonical_url),
        ("og:site_name", facts.outlet_name),
        ("og:locale", "ru_RU"),
    ]
    if facts.image is not None:
        tags += [
            ("og:image", facts.image.url),
            ("og:image:type", facts.image.mime_type),
            ("og:image:width", str(facts.image.width)),
            ("og:image:height", str(facts.image.height)),
            ("og:image:alt", facts.image.caption or facts.headline),
        ]
    tags += [
        ("article:published_time", facts.published.isoformat(timespec="seconds")),
        ("article:modified_time", facts.modified.isoformat(timespec="seconds")),
        *(("article:tag", tag) for tag in facts.tags),
    ]
    return [(name, content) for name, content in tags if content]


def twitter_card_tags(facts: ArticleFacts) -> list[tuple[str, str]]:
    """``(name, content)`` pairs; a large card when there is a photo to show."""
    tags = [
        ("twitter:card", "summary_large_image" if facts.image else "summary"),
        ("twitter:title", facts.headline),
        ("twitter:description", facts.lead),
    ]
    if facts.image is not None:
        tags.append(("twitter:image", facts.image.url))
    return [(name, content) for name, content in tags if content]
