"""The admin side of suggestions: one POST per decision, back to the edit screen."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path
from django.views.decorators.http import require_POST
from wagtail import hooks

from . import autosave, syndication_admin  # noqa: F401  (their hooks register on import)
from .enrichment import decide_suggestion
from .models import Suggestion


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


@hooks.register("construct_page_action_menu")
def unpublish_once(menu_items: list[Any], request: HttpRequest, context: dict[str, Any]) -> None:
    """The edit screen offered «Отменить публикацию» twice, in the header's menu and under the
    save button; the header's stays, as on every other screen of the page."""
    menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


@hooks.register("register_admin_urls")
def register_suggestion_urls() -> list[object]:
    urls = [path("<int:pk>/<str:decision>/", decide, name="decide")]
    return [path("suggestions/", include((urls, "vestnik_suggestions")))]
