"""Provenance on an article page: the canonical address, and what a copy carries."""

from typing import Any

from django import template

from vestnik.articles.models import ArticlePage
from vestnik.articles.syndication import canonical_href

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context: dict[str, Any], article: ArticlePage) -> str:
    return canonical_href(article, context.get("request"))
