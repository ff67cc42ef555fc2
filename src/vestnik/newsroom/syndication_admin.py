"""The admin side of syndication: the «Разослать в издания» form, the «Входящие» of offered
stories, detaching a copy, and the warning that withdrawing an original withdraws its copies."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Page

from vestnik.articles.models import ArticlePage

from .syndication import (
    Syndicated,
    SyndicationError,
    accept_offer,
    can_offer_from,
    can_syndicate_to,
    decline_offer,
    detach_copy,
    incoming_copies,
    incoming_copy,
    network_outlets,
    story_of,
    suggested_outlets,
    syndicate,
)

NO_RIGHTS_HELP = (
    "Разослать материал может редактор его издания, перенести в издание — редактор того "
    "издания или администратор сети."
)


@dataclass(frozen=True)
class Destination:
    """One outlet on the form: does the editor carry the story there (publish it at once) or
    only offer it (a draft for that outlet's editors), and is it there already."""

    outlet: Page
    carries: bool
    suggested: bool
    copy: ArticlePage | None


def destinations(original: ArticlePage, user: Any) -> list[Destination]:
    """The outlets the user may carry the story to or offer it to; none they may do neither in."""
    suggested = {outlet.pk for outlet in suggested_outlets(original)}
    copies = {copy.get_parent().pk: copy for copy in ArticlePage.objects.filter(original=original)}
    home = original.get_parent().pk
    offers = can_offer_from(user, original)
    found = []
    for outlet in network_outlets():
        carries = can_syndicate_to(user, outlet)
        if outlet.pk != home and (carries or offers):
            found.append(
                Destination(outlet, carries, outlet.pk in suggested, copies.get(outlet.pk))
            )
    return found


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
        # A MultipleChoiceField, typed as a plain Field in ``fields``.
        self.fields["outlets"].choices = [  # type: ignore[attr-defined]
            (d.outlet.pk, d.outlet.title) for d in destinations
        ]

    def clean_outlets(self) -> list[Page]:
        # The choices are the destinations, so Django has already refused any other outlet.
        return [self.destinations[pk].outlet for pk in self.cleaned_data["outlets"]]


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
    initial = [d.outlet.pk for d in choices if d.suggested and d.copy is None]
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
                messages.success(request, outcome(original, result))
            return redirect(back_to(original, request.user))
    return render(
        request,
        "newsroom/syndicate.html",
        {
            "article": original,
            "form": form,
            "destinations": choices,
            "chosen": {int(pk) for pk in form["outlets"].value() or ()},
            "no_rights_help": NO_RIGHTS_HELP,
            "back_url": back_to(original, request.user),
        },
    )


def outcome(original: ArticlePage, result: Syndicated) -> str:
    where = f"«{result.outlet.title}»"
    if not result.created:
        return f"Материал «{original.title}» уже есть в {where}."
    if result.copy.live:
        return f"Материал «{original.title}» перенесён в {where}."
    return f"Материал «{original.title}» предложен изданию {where}: он ждёт решения во «Входящих»."


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
    return render(request, "newsroom/detach.html", {"copy": copy, "original": copy.original})


@dataclass(frozen=True)
class Offer:
    """One line of «Входящие»: the copy waiting, where it comes from, when and from whom."""

    copy: ArticlePage
    source: Page | None
    offered_at: datetime | None
    offered_by: Any


def offer_of(copy: ArticlePage) -> Offer:
    first = copy.revisions.order_by("created_at", "pk").select_related("user").first()
    source = copy.original.get_parent() if copy.original else None
    return Offer(copy, source, first.created_at if first else None, first.user if first else None)


def inbox_view(request: HttpRequest) -> HttpResponse:
    offers = [offer_of(copy) for copy in incoming_copies(request.user)]
    waiting = ngettext(
        "%(count)d материал ждёт решения", "%(count)d материала ждут решения", len(offers)
    ) % {"count": len(offers)}
    return render(request, "newsroom/inbox.html", {"offers": offers, "waiting": waiting})


def decided_copy(request: HttpRequest, page_id: int) -> ArticlePage:
    """The offer, if it is among the user's «Входящие»; another outlet's is not found."""
    copy = incoming_copy(request.user, page_id)
    if copy is None:
        raise Http404("Нет такого предложения")
    return copy


@require_POST
@transaction.atomic
def accept_view(request: HttpRequest, page_id: int) -> HttpResponse:
    copy = decided_copy(request, page_id)
    outlet = copy.get_parent()
    try:
        accept_offer(copy, request.user)
    except SyndicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Материал «{copy.title}» опубликован в «{outlet.title}».")
    return redirect("vestnik_syndication:inbox")


@require_POST
@transaction.atomic
def decline_view(request: HttpRequest, page_id: int) -> HttpResponse:
    copy = decided_copy(request, page_id)
    title, outlet = copy.title, copy.get_parent()
    decline_offer(copy, request.user)
    messages.success(request, f"Материал «{title}» отклонён: копия в «{outlet.title}» удалена.")
    return redirect("vestnik_syndication:inbox")


@hooks.register("register_admin_urls")
def register_syndication_urls() -> list[object]:
    urls = [
        path("inbox/", inbox_view, name="inbox"),
        path("inbox/<int:page_id>/accept/", accept_view, name="accept"),
        path("inbox/<int:page_id>/decline/", decline_view, name="decline"),
        path("<int:page_id>/", syndicate_view, name="syndicate"),
        path("<int:page_id>/detach/", detach_view, name="detach"),
    ]
    return [path("syndication/", include((urls, "vestnik_syndication")))]


class InboxMenuItem(MenuItem):
    """«Входящие» for whoever may publish in some outlet: the stories offered to it."""

    def is_shown(self, request: HttpRequest) -> bool:
        return any(
            outlet.permissions_for_user(request.user).can_publish_subpage()
            for outlet in network_outlets()
        )


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item() -> MenuItem:
    return InboxMenuItem(
        "Входящие", reverse("vestnik_syndication:inbox"), name="inbox", icon_name="mail", order=140
    )


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
