"""Django's side of counting: mark the article a response shows, for the WSGI layer; and the
article's counts on its edit screen."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from wagtail import hooks

from vestnik.articles.models import ArticlePage
from vestnik.articles.panels import READS_PANEL_HOOK

from .counting import READ_MARK_HEADER, READS_ENVIRON_KEY
from .models import DailyReads

ServePage = Callable[[Any, HttpRequest, tuple[Any, ...], dict[str, Any]], HttpResponse]


@hooks.register("on_serve_page")
def mark_article_reads(serve_page: ServePage) -> ServePage:
    """An article's page, served to a request the WSGI layer will count, names the article.
    A page's password form or a redirect never gets here, nor does a preview (admin URLs)."""

    def serve(
        page: Any, request: HttpRequest, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponse:
        response = serve_page(page, request, args, kwargs)
        if request.META.get(READS_ENVIRON_KEY) and isinstance(page, ArticlePage):
            response[READ_MARK_HEADER] = str(page.pk)
        return response

    return serve


@hooks.register(READS_PANEL_HOOK)
def add_article_reads(article: ArticlePage, context: dict[str, Any]) -> None:
    reads = DailyReads.objects.filter(page_id=article.pk)
    week = timezone.localdate() - timedelta(days=6)
    totals = {"views": Sum("views"), "readers": Sum("readers")}
    context["reads"] = {
        "week": reads.filter(day__gte=week).aggregate(**totals),
        "total": reads.aggregate(**totals),
    }
