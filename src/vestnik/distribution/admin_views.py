"""«Соцсети» in the admin: an outlet's channels, added and changed by the outlet's own editors
(whoever may publish in it), and the retry of a failed delivery from the article's panel.

Another outlet's channel is not found (404) for them, as if it did not exist."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vestnik.articles.front_admin import outlets_arranged_by
from vestnik.articles.models import ArticlePage
from vestnik.outlets.models import OutletHomePage

from .forms import ChannelForm
from .models import Channel, Delivery
from .tasks import queue_delivery

__all__ = [
    "channel_add_view",
    "channel_delete_view",
    "channel_edit_view",
    "channel_index_view",
    "editable_outlet_ids",
    "retry_view",
]


def editable_outlet_ids(user: Any) -> set[int]:
    """The outlets whose channels ``user`` may see and change: those they may publish in."""
    return {outlet.pk for outlet in outlets_arranged_by(user)}


def own_channel(request: HttpRequest, channel_id: int) -> Channel:
    outlets = editable_outlet_ids(request.user)
    return get_object_or_404(Channel, pk=channel_id, outlet_id__in=outlets)


def channel_index_view(request: HttpRequest) -> HttpResponse:
    outlets = editable_outlet_ids(request.user)
    if not outlets:
        raise PermissionDenied
    channels = Channel.objects.of_outlets(outlets).select_related("outlet")
    return render(request, "distribution/channel_index.html", {"channels": channels})


def channel_form_view(request: HttpRequest, channel: Channel | None) -> HttpResponse:
    outlets = OutletHomePage.objects.filter(pk__in=editable_outlet_ids(request.user))
    if not outlets:
        raise PermissionDenied
    form = ChannelForm(request.POST or None, instance=channel, outlets=outlets)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Канал «{saved.name}» сохранён.")
        return redirect("vestnik_channels:index")
    return render(
        request,
        "distribution/channel_form.html",
        {"form": form, "channel": channel, "has_token": bool(channel and channel.has_token)},
    )


def channel_add_view(request: HttpRequest) -> HttpResponse:
    return channel_form_view(request, None)


def channel_edit_view(request: HttpRequest, channel_id: int) -> HttpResponse:
    return channel_form_view(request, own_channel(request, channel_id))


def channel_delete_view(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = own_channel(request, channel_id)
    if request.method == "POST":
        channel.delete()
        messages.success(request, f"Канал «{channel.name}» удалён.")
        return redirect("vestnik_channels:index")
    return render(request, "distribution/channel_delete.html", {"channel": channel})


@require_POST
def retry_view(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """«Повторить»: a failed delivery goes back to the queue, for whoever may edit the article;
    for anyone else it does not exist."""
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    article = ArticlePage.objects.filter(pk=delivery.page_id).first()
    if article is None or not article.permissions_for_user(request.user).can_edit():
        raise Http404
    if delivery.state == Delivery.State.FAILED:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.QUEUED, attempts=0, last_error=""
        )
        queue_delivery(delivery.pk, delivery.channel_id)
        messages.success(request, f"Отправка в «{delivery.channel.name}» поставлена в очередь.")
    return redirect(reverse("wagtailadmin_pages:edit", args=[article.pk]) + "#tab-promote")
