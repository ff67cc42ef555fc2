"""Admin hooks of articles: the page action menu; autosave and the front's screen
(``front_admin``) register their own on import."""

from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from . import autosave, front_admin  # noqa: F401  (their hooks register on import)


@hooks.register("construct_page_action_menu")
def unpublish_once(menu_items: list[Any], request: HttpRequest, context: dict[str, Any]) -> None:
    """The edit screen offered «Отменить публикацию» twice, in the header's menu and under the
    save button; the header's stays, as on every other screen of the page."""
    menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]
