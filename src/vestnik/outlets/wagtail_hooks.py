"""Outlet isolation in the admin: the page chooser and the reports menu show an outlet's
editor only what belongs to their outlets (rules in isolation.py)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from .isolation import pages_in_reach


@hooks.register("construct_page_chooser_queryset")
def choose_within_own_outlets(pages: QuerySet[Page], request: HttpRequest) -> QuerySet[Page]:
    # Wagtail's chooser browses and searches the whole tree, drafts included.
    return pages_in_reach(pages, request.user)


@hooks.register("construct_reports_menu")
def hide_network_reports(request: HttpRequest, menu_items: list[Any]) -> None:
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
