"""Syndication in the admin: the copies that follow an original."""

from typing import Any

from django import template

from vestnik.articles.models import ArticlePage

register = template.Library()


@register.simple_tag
def following_copies(page: Any) -> list[ArticlePage]:
    """The copies an original's withdrawal or deletion would take down with it."""
    return list(
        ArticlePage.objects.filter(original_id=page.pk, follows_original=True).order_by("path")
    )
