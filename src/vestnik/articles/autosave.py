"""Drafts that only Wagtail's autosave made. Wagtail 8 autosaves the add form as soon as the
editor types (a POST accepting JSON), and that first post creates the page. An editor who
then closes the tab leaves a draft nobody chose to keep, and its slug used to block the same
headline later («Адрес уже используется»).

The simplest rule that is safe: a page is marked when autosave creates it and unmarked by
the first explicit save or publish. When a form wants a slug that a marked sibling holds, the
marked draft is removed at once if it is the same editor's (they are writing it again), or if
nobody has touched it for a day (another editor's abandoned form); a draft someone may still
be typing into is left alone, and the usual «slug in use» error stands."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

__all__ = ["free_slug_held_by_autosave"]

ABANDONED_AFTER = timedelta(days=1)


def is_autosave(request: HttpRequest) -> bool:
    # As Wagtail's views tell their autosave posts from a browser's form submission.
    return not request.accepts("text/html")


@hooks.register("after_create_page")
def mark_autosave_draft(request: HttpRequest, page: Page) -> None:
    from .models import ArticlePage

    if is_autosave(request):
        ArticlePage.objects.filter(pk=page.pk).update(autosave_draft=True)


@hooks.register("after_edit_page")
def unmark_saved_draft(request: HttpRequest, page: Page) -> None:
    from .models import ArticlePage

    if not is_autosave(request):
        ArticlePage.objects.filter(pk=page.pk, autosave_draft=True).update(autosave_draft=False)


def free_slug_held_by_autosave(parent: Page, slug: str, user: Any, keep: int | None) -> None:
    """Remove the autosave-only drafts under ``parent`` that hold ``slug`` and are abandoned:
    ``user``'s own, or untouched for a day. ``keep``: the page being edited, never removed."""
    from .models import ArticlePage

    stale = timezone.now() - ABANDONED_AFTER
    strays = (
        ArticlePage.objects.child_of(parent)
        .filter(slug=slug, autosave_draft=True, live=False)
        .exclude(pk=keep)
    )
    with transaction.atomic():
        for stray in strays:
            touched = stray.latest_revision_created_at or stray.last_published_at
            if stray.owner_id == getattr(user, "pk", None) or (touched and touched < stale):
                stray.delete()
