"""Template filters over the language core, so pages and the core agree on every date."""

from datetime import datetime

from django import template
from django.utils import timezone

from vestnik.language.dates import format_item_date, format_published
from vestnik.language.typography import end_sentence

register = template.Library()


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def published_date(value: datetime | None) -> str:
    """«29 Янв 2024 в 09:41», in Moscow time."""
    return format_published(_local(value)) if value else ""


@register.filter
def item_date(value: datetime | None) -> str:
    """«19 мая 2025 в 09:39», in Moscow time."""
    return format_item_date(_local(value)) if value else ""


register.filter("sentence", end_sentence)
