"""Admin hooks of articles: the page action menu, the editor's scripts, «Авторы»; autosave
and the front's screen (``front_admin``) register their own on import."""

from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import autosave, front_admin  # noqa: F401  (their hooks register on import)
from .models import Author


@hooks.register("construct_page_action_menu")
def unpublish_once(menu_items: list[Any], request: HttpRequest, context: dict[str, Any]) -> None:
    """The edit screen offered «Отменить публикацию» twice, in the header's menu and under the
    save button; the header's stays, as on every other screen of the page."""
    menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


@hooks.register("insert_editor_js")
def flush_rich_text_on_submit() -> SafeString:
    """The words typed just before «Опубликовать» are sent with the form (the script says how)."""
    return format_html('<script src="{}"></script>', static("articles/flush-rich-text.js"))


class AuthorViewSet(SnippetViewSet):
    """«Авторы»: the network's journalists, their bios and photos (``models.authors``)."""

    model = Author
    icon = "user"
    menu_label = "Авторы"
    menu_name = "authors"
    add_to_admin_menu = True
    menu_order = 240
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
