"""Network-wide search in the admin, for editors of every outlet."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Site

from .forms import SearchForm


def network_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    outlet = request.GET.get("outlet", "")
    outlet_id = int(outlet) if outlet.isascii() and outlet.isdigit() and len(outlet) < 19 else None
    results = form.search(outlet_id=outlet_id, per_page=20, request=request)
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "search/admin_search.html",
        {
            "form": form,
            "results": results,
            "outlets": Site.objects.select_related("root_page").order_by("site_name"),
            "outlet": outlet,
            "query_string": kept.urlencode(),
        },
    )


@hooks.register("register_admin_urls")
def register_search_urls() -> list[object]:
    urls = [path("", network_search, name="network_search")]
    return [path("network-search/", include((urls, "vestnik_search")))]


@hooks.register("register_admin_menu_item")
def register_search_menu_item() -> MenuItem:
    return MenuItem(
        "Поиск по сети", reverse("vestnik_search:network_search"), icon_name="search", order=150
    )
