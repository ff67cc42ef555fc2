"""The admin side of syndication: the «Разослать в издания» form, detaching a copy, and the
warning that withdrawing an original withdraws its copies."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Page

from .models import ArticlePage
from .syndication import (
    SyndicationError,
    can_syndicate_to,
    detach_copy,
    network_outlets,
    story_of,
    suggested_outlets,
    syndicate,
)

NO_RIGHTS_HELP = (
    "Переносить материал в издание может его редактор или администратор сети. "
    "Попросите их или получите права на это издание."
)


@dataclass(frozen=True)
class Destination:
    """One outlet on the form: may the editor carry the story there, and is it there already."""

    outlet: Page
    allowed: bool
    suggested: bool
    copy: ArticlePage | None


def destinations(original: ArticlePage, user: Any) -> list[Destination]:
    suggested = {outlet.pk for outlet in suggested_outlets(original)}
    copies = {
        copy.get_parent().pk: copy  # type: ignore[union-attr]
        for copy in ArticlePage.objects.filter(original=original)
    }
    home = original.get_parent().pk  # type: ignore[union-attr]
    return [
        Destination(
            outlet, can_syndicate_to(user, outlet), outlet.pk in suggested, copies.get(outlet.pk)
        )
        for outlet in network_outlets()
        if outlet.pk != home
    ]


class SyndicateForm(forms.Form):
    outlets = forms.TypedMultipleChoiceField(
        label="Издания",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Отметьте хотя бы одно издание."},
    )

    def __init__(self, *args: Any, destinations: list[Destination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.destinations = {d.outlet.pk: d for d in destinations}
        self.fields["outlets"].choices = [(d.outlet.pk, d.outlet.title) for d in destinations]

    def clean_outlets(self) -> list[Page]:
        chosen = [self.destinations[pk] for pk in self.cleaned_data["outlets"]]
        refused = [d.outlet.title for d in chosen if not d.allowed]
        if refused:
            names = ", ".join(f"«{title}»" for title in refused)
            raise forms.ValidationError(f"Нет прав добавлять материалы в {names}. {NO_RIGHTS_HELP}")
        return [d.outlet for d in chosen]


def visible_article(page_id: int, user: Any) -> ArticlePage:
    """The article if the user may see it in the admin: live, or in an outlet they edit.
    Another outlet's draft is not found, so neither its headline nor its existence shows."""
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not (article.live or article.permissions_for_user(user).can_edit()):
        raise Http404("Нет такого материала")
    return article


def syndicate_view(request: HttpRequest, page_id: int) -> HttpResponse:
    article = visible_article(page_id, request.user)
    original = story_of(article)
    if original.pk != article.pk:
        visible_article(original.pk, request.user)
    choices = destinations(original, request.user)
    initial = [d.outlet.pk for d in choices if d.suggested and d.allowed and d.copy is None]
    form = SyndicateForm(
        request.POST if request.method == "POST" else None,
        destinations=choices,
        initial={"outlets": initial},
    )
    if request.method == "POST" and form.is_valid():
        try:
            results = syndicate(original, form.cleaned_data["outlets"], request.user)
        except SyndicationError as error:
            form.add_error(None, str(error))
        else:
            for result in results:
                verb = "перенесён в" if result.created else "уже есть в"
                messages.success(
                    request, f"Материал «{original.title}» {verb} «{result.outlet.title}»."
                )
            return redirect(back_to(original, request.user))
    return render(
        request,
        "articles/syndicate.html",
        {
            "article": original,
            "form": form,
            "destinations": choices,
            "chosen": {int(pk) for pk in form["outlets"].value() or ()},
            "anywhere_allowed": any(d.allowed for d in choices),
            "no_rights_help": NO_RIGHTS_HELP,
            "back_url": back_to(original, request.user),
        },
    )


def back_to(article: ArticlePage, user: Any) -> str:
    if article.permissions_for_user(user).can_edit():
        return reverse("wagtailadmin_pages:edit", args=[article.pk])
    return reverse("wagtailadmin_home")


def detach_view(request: HttpRequest, page_id: int) -> HttpResponse:
    copy = get_object_or_404(ArticlePage, pk=page_id, original__isnull=False)
    if not copy.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        detach_copy(copy, request.user)
        messages.success(
            request, f"Копия «{copy.title}» отсоединена: правки оригинала сюда больше не придут."
        )
        return redirect("wagtailadmin_pages:edit", copy.pk)
    return render(request, "articles/detach.html", {"copy": copy, "original": copy.original})


@hooks.register("register_admin_urls")
def register_syndication_urls() -> list[object]:
    urls = [
        path("<int:page_id>/", syndicate_view, name="syndicate"),
        path("<int:page_id>/detach/", detach_view, name="detach"),
    ]
    return [path("syndication/", include((urls, "vestnik_syndication")))]


@hooks.register("register_page_header_buttons")
def syndication_buttons(page: Page, user: Any, view_name: str, next_url: str | None = None) -> Any:
    article = page.specific
    if not isinstance(article, ArticlePage):
        return
    if article.live:
        yield Button(
            "Разослать в издания",
            reverse("vestnik_syndication:syndicate", args=[article.pk]),
            icon_name="copy",
            priority=35,
        )
    if (
        article.original_id
        and article.follows_original
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            "Отсоединить от оригинала",
            reverse("vestnik_syndication:detach", args=[article.pk]),
            icon_name="cross",
            priority=36,
        )


@hooks.register("after_unpublish_page")
def report_withdrawn_copies(request: HttpRequest, page: Page) -> None:
    withdrawn = ArticlePage.objects.filter(original_id=page.pk, follows_original=True, live=False)
    names = ", ".join(f"«{copy.get_parent().title}»" for copy in withdrawn)
    if names:
        messages.warning(request, f"Вместе с оригиналом сняты с публикации копии в {names}.")
