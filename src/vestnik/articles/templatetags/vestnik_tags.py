"""Template filters over the language core, so pages and the core agree on every date; the
body's responsive picture (``pictures``)."""

from datetime import datetime

from django import template
from django.utils import timezone
from wagtail.images.jinja2tags import picture
from wagtail.images.models import Picture

from vestnik.language.dates import format_item_date, format_published
from vestnik.language.typography import end_sentence

from ..pictures import BODY_PICTURE, BODY_SIZES

register = template.Library()


def _local(value: datetime) -> datetime:
    # The default zone, Moscow, as readers' pages never activate another: asking for the
    # current one reads a context-local variable, a third of the date filters' time.
    return (
        timezone.localtime(value, timezone.get_default_timezone())
        if timezone.is_aware(value)
        else value
    )


@register.filter
def published_date(value: datetime | None) -> str:
    """«29 Янв 2024 в 09:41», in Moscow time."""
    return format_published(_local(value)) if value else ""


@register.filter
def item_date(value: datetime | None) -> str:
    """«19 мая 2025 в 09:39», in Moscow time."""
    return format_item_date(_local(value)) if value else ""


register.filter("sentence", end_sentence)


@register.simple_tag
def body_picture(image: object, alt: str = "") -> "Picture | str":
    """A picture in an article's body: below the headline and the photo, so loaded lazily.
    Rendered once, when the article is saved (``ArticlePage.body_html``)."""
    found: Picture | str = picture(
        image, BODY_PICTURE, sizes=BODY_SIZES, alt=alt, loading="lazy", decoding="async"
    )
    return found
