"""Page URLs without reversing Wagtail's serve view for each link.

An article page links to itself (rel=canonical, OpenGraph, JSON-LD), its outlet, its tags
and five other articles; Wagtail reverses the URL pattern of its serve view for every one,
which on a page that is not cached cost as much as reading the page from the database.
The pattern sits in one place of the URLconf, so its prefix is found once and each page's
path is appended to it, quoted as ``reverse`` quotes it. Wagtail's own method still answers
when translations or slash-less URLs are on.
"""

from functools import cache
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page, Site

__all__ = ["PageLocation", "ServePathMixin"]

# What ``reverse`` leaves unquoted in a path.
SAFE = RFC3986_SUBDELIMS + "/~:@"


@cache
def serve_view_root() -> str:
    """Where Wagtail's serve view sits in the URLconf, after the script prefix."""
    return reverse("wagtail_serve", args=("",)).removeprefix(get_script_prefix())


class ServePathMixin:
    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        if settings.WAGTAIL_I18N_ENABLED or not getattr(settings, "WAGTAIL_APPEND_SLASH", True):
            return super().get_url_parts(request)  # type: ignore[misc]
        possible_sites = self._get_relevant_site_root_paths(request)  # type: ignore[attr-defined]
        if not possible_sites:
            return None
        site_id, root_path, root_url, _ = possible_sites[0]
        # As Wagtail: a page under several sites takes the one answering the request.
        if len({values[0] for values in possible_sites}) > 1 and isinstance(request, HttpRequest):
            site = Site.find_for_request(request)
            for values in possible_sites if site else ():
                if values[0] == site.pk:
                    site_id, root_path, root_url, _ = values
                    break
        tail = quote(self.url_path[len(root_path) :], safe=SAFE)  # type: ignore[attr-defined]
        return site_id, root_url, f"{get_script_prefix()}{serve_view_root()}{tail}"


class PageLocation(ServePathMixin):
    """A page known by its ``url_path`` alone, with Wagtail's URL methods: building a
    ``Page`` instance costs more than the rest of a teaser."""

    get_url = Page.get_url
    _get_site_root_paths = Page._get_site_root_paths
    _get_relevant_site_root_paths = Page._get_relevant_site_root_paths

    def __init__(self, url_path: str) -> None:
        self.url_path = url_path
