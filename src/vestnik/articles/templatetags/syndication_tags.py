"""Provenance on an article page: the canonical address, and what a copy carries."""

from typing import Any

from django import template

from vestnik.articles.models import ArticlePage
from vestnik.articles.syndication import canonical_href

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context: dict[str, Any], article: ArticlePage) -> str:
    return canonical_href(article, context.get("request"))


@register.simple_tag
def following_copies(page: Any) -> list[ArticlePage]:
    """The copies an original's withdrawal or deletion would take down with it."""
    return list(
        ArticlePage.objects.filter(original_id=page.pk, follows_original=True).order_by("path")
    )
