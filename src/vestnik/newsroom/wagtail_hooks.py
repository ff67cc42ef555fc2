"""The admin side of suggestions: one POST per decision, back to the edit screen; and the
earlier article this one repeats, shown in the suggestions panel of articles."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path
from django.views.decorators.http import require_POST
from wagtail import hooks

from vestnik.articles.models import ArticlePage, Suggestion
from vestnik.articles.panels import SUGGESTIONS_PANEL_HOOK

from . import syndication_admin  # noqa: F401  (its hooks register on import)
from .models import DuplicateLink
from .suggestions import decide_suggestion


@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("accept", "reject"):
        raise Http404("Нет такого решения")
    suggestion = get_object_or_404(Suggestion.objects.select_related("article"), pk=pk)
    if not suggestion.article.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    decide_suggestion(suggestion, accept=decision == "accept", user=request.user)  # type: ignore[arg-type]
    verb = "принята" if decision == "accept" else "отклонена"
    messages.success(request, f"Подсказка «{suggestion.name}» {verb}.")
    return redirect("wagtailadmin_pages:edit", suggestion.article_id)


@hooks.register("register_admin_urls")
def register_suggestion_urls() -> list[object]:
    urls = [path("<int:pk>/<str:decision>/", decide, name="decide")]
    return [path("suggestions/", include((urls, "vestnik_suggestions")))]


@hooks.register(SUGGESTIONS_PANEL_HOOK)
def show_duplicate(article: ArticlePage, context: dict[str, Any]) -> None:
    link = DuplicateLink.objects.filter(article_id=article.pk).first()
    context["duplicate"] = link
    context["original"] = ArticlePage.objects.filter(pk=link.original_id).first() if link else None
