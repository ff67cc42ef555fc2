"""What kind of page a response is, for the metrics: article, home, region, section, feed,
search, api, admin or other.

Django names it in a response header, ``X-Vestnik-Page-Type``, which the page cache stores with
the page; the operations' WSGI layer reads it on hits and misses alike and removes it, so
readers never see it. Wagtail pages are told apart when served (``wagtail_hooks``: the page's
class, and for an outlet's own routes the view that answers); the rest by path and URL name.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from vestnik.articles.models import ArticlePage

__all__ = ["PAGE_TYPE_HEADER", "PageTypeMiddleware", "served_page_type"]

PAGE_TYPE_HEADER = "X-Vestnik-Page-Type"
SERVED_KEY = "vestnik.page_type"
# The outlet's routes (``articles.outlet_pages``, ``search.outlet_pages``) by their views' names.
OUTLET_ROUTES = {
    "newest": "home",
    "region_articles": "region",
    "regions_index": "region",
    "section_articles": "section",
    "search": "search",
}


class PageTypeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response[PAGE_TYPE_HEADER] = page_type(request)
        return response


def page_type(request: HttpRequest) -> str:
    path = request.path_info
    if path.startswith(("/admin/", "/django-admin/")):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    if served := request.META.get(SERVED_KEY):
        return str(served)
    match = request.resolver_match
    if match is not None and match.namespace == "feeds" and match.url_name != "robots_txt":
        return "feed"
    return "other"


def served_page_type(page: Any, serve_args: tuple[Any, ...]) -> str:
    """A Wagtail page about to be served: an article, or one of an outlet's routes."""
    if isinstance(page, ArticlePage):
        return "article"
    view = serve_args[0] if serve_args else None
    return OUTLET_ROUTES.get(getattr(view, "__name__", ""), "other")
