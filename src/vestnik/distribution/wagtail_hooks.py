from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from vestnik.articles.models import ArticlePage
from vestnik.articles.panels import CHANNELS_PANEL_HOOK

from .admin_views import (
    channel_add_view,
    channel_delete_view,
    channel_edit_view,
    channel_index_view,
    editable_outlet_ids,
    retry_view,
)
from .models import Delivery


@hooks.register("register_admin_urls")
def register_channel_urls() -> list[object]:
    urls = [
        path("", channel_index_view, name="index"),
        path("add/", channel_add_view, name="add"),
        path("<int:channel_id>/", channel_edit_view, name="edit"),
        path("<int:channel_id>/delete/", channel_delete_view, name="delete"),
        path("retry/<int:delivery_id>/", retry_view, name="retry"),
    ]
    return [path("channels/", include((urls, "vestnik_channels")))]


class ChannelsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(editable_outlet_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_channels_menu_item() -> MenuItem:
    return ChannelsMenuItem(
        "Соцсети", reverse("vestnik_channels:index"), name="channels", icon_name="globe", order=140
    )


@hooks.register(CHANNELS_PANEL_HOOK)
def channels_panel(article: ArticlePage, context: dict[str, Any]) -> None:
    deliveries = Delivery.objects.filter(page_id=article.pk).select_related("channel")
    context["channels_html"] = render_to_string(
        "distribution/panels/deliveries.html",
        {"deliveries": deliveries.order_by("channel__name")},
        request=context.get("request"),
    )
