"""«Главная страница» in the admin: an outlet's editors choose the lead and the top stories
of its home page, in order, each with an optional time to leave it (``models.front``).

Whoever may publish in an outlet may arrange its front, and no other outlet's: the same right
that lets them put a story on the home page by publishing it.
"""

from datetime import datetime
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateTimeInput

from vestnik.outlets.models import OutletHomePage

from .models import MAX_PINS, ArticlePage, FrontPin
from .templatetags.vestnik_tags import item_date

__all__ = ["front_edit_view", "front_index_view", "outlets_arranged_by"]

# How many of the outlet's newest stories the form offers, besides those pinned now.
CHOICES = 200


def outlets_arranged_by(user: Any) -> list[OutletHomePage]:
    """The outlets whose front ``user`` may arrange."""
    return [
        outlet
        for outlet in OutletHomePage.objects.order_by("title")
        if outlet.permissions_for_user(user).can_publish_subpage()
    ]


class StoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({item_date(obj.published_at)})" if obj.published_at else obj.title


class PinForm(forms.Form):
    article = StoryChoice(queryset=ArticlePage.objects.none(), required=False, label="Материал")
    unpin_at = forms.DateTimeField(
        label="Снять с главной",
        required=False,
        widget=AdminDateTimeInput,
        help_text="Пусто — материал стоит на главной, пока его не уберут",
    )

    def clean_unpin_at(self) -> datetime | None:
        unpin_at: datetime | None = self.cleaned_data.get("unpin_at")
        if unpin_at is not None and unpin_at <= timezone.now():
            raise forms.ValidationError("Это время уже прошло.")
        return unpin_at


class BasePinFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, stories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.fields["article"].queryset = stories
            form.fields["article"].empty_label = "— не занято —"

    def clean(self) -> None:
        chosen = [form.cleaned_data.get("article") for form in self.forms if form.is_valid()]
        chosen = [article.pk for article in chosen if article is not None]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError("Один материал выбран дважды.")


# The stubs type the factory's class as a plain BaseFormSet, whatever ``formset`` names.
PinFormSet = cast(
    type[BasePinFormSet],
    forms.formset_factory(
        PinForm, formset=BasePinFormSet, extra=MAX_PINS, max_num=MAX_PINS, absolute_max=MAX_PINS
    ),
)


def story_choices(outlet: OutletHomePage) -> Any:
    """The outlet's newest published stories and whatever is pinned now."""
    newest = ArticlePage.objects.live().for_outlet(outlet).newest_first()
    ids = set(newest.values_list("pk", flat=True)[:CHOICES])
    ids.update(FrontPin.objects.filter(outlet=outlet).values_list("article_id", flat=True))
    return ArticlePage.objects.filter(pk__in=ids).newest_first()


def save_pins(outlet: OutletHomePage, rows: list[dict[str, Any]]) -> int:
    """The filled rows, in order, become the outlet's pins; the first one leads."""
    rows = [row for row in rows if row.get("article")]
    with transaction.atomic():
        # One by one, not in bulk: each save is a signal the page cache hears.
        FrontPin.objects.filter(outlet=outlet).delete()
        for index, row in enumerate(rows):
            FrontPin.objects.create(
                outlet=outlet, article=row["article"], position=index, unpin_at=row["unpin_at"]
            )
    return len(rows)


def front_index_view(request: HttpRequest) -> HttpResponse:
    outlets = outlets_arranged_by(request.user)
    if len(outlets) == 1:
        return redirect("vestnik_front:edit", outlets[0].pk)
    return render(request, "articles/front_index.html", {"outlets": outlets})


def front_edit_view(request: HttpRequest, outlet_id: int) -> HttpResponse:
    outlet = get_object_or_404(OutletHomePage, pk=outlet_id)
    if not outlet.permissions_for_user(request.user).can_publish_subpage():
        raise PermissionDenied
    stories = story_choices(outlet)
    if request.method == "POST":
        formset = PinFormSet(request.POST, stories=stories)
        if formset.is_valid():
            count = save_pins(outlet, [form.cleaned_data for form in formset.forms])
            messages.success(request, f"Главная «{outlet.title}» обновлена: закреплено {count}.")
            return redirect("vestnik_front:edit", outlet.pk)
    else:
        pins = FrontPin.objects.filter(outlet=outlet).order_by("position", "pk")
        initial = [{"article": pin.article_id, "unpin_at": pin.unpin_at} for pin in pins]
        formset = PinFormSet(initial=initial, stories=stories)
    return render(
        request,
        "articles/front_edit.html",
        {"outlet": outlet, "formset": formset, "home_url": outlet.get_url(request)},
    )


@hooks.register("register_admin_urls")
def register_front_urls() -> list[object]:
    urls = [
        path("", front_index_view, name="index"),
        path("<int:outlet_id>/", front_edit_view, name="edit"),
    ]
    return [path("front/", include((urls, "vestnik_front")))]


class FrontMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(outlets_arranged_by(request.user))


@hooks.register("register_admin_menu_item")
def register_front_menu_item() -> MenuItem:
    return FrontMenuItem(
        "Главная страница",
        reverse("vestnik_front:index"),
        name="front",
        icon_name="home",
        order=130,
    )
