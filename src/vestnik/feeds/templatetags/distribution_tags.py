"""Filters the sitemap templates write dates and titles with."""

from datetime import datetime

from django import template
from django.utils import timezone

from ..xml_text import xml_safe

register = template.Library()
register.filter("xml_safe", xml_safe)


@register.filter
def w3c_datetime(value: datetime | None) -> str:
    """«2024-01-29T09:41:00+03:00»: Moscow time, whole seconds, as sitemaps write dates."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""
