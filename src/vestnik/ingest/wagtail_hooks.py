"""Sources in the admin («Источники»), with what their last poll brought in."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Source


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "download"
    menu_label = "Источники"
    menu_name = "sources"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "kind", "outlet", "poll_interval", "publish_live", "last_polled_at"]
    list_filter = ["kind", "outlet", "publish_live"]
    search_fields = ["name", "location"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "kind",
        "location",
        "outlet",
        "publish_live",
        "poll_interval",
        "auto_accept",
        "text_credit",
        "photo_credit",
        "last_polled_at",
        "last_result",
    ]


register_snippet(SourceViewSet)
