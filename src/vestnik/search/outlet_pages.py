"""An outlet's search page, served as a route of its home page (``SearchConfig.ready``)."""

from django.http import HttpRequest, HttpResponse
from wagtail.contrib.routable_page.models import path

from vestnik.outlets.models import OutletHomePage

from .forms import SearchForm

__all__ = ["install"]


@path("search/")
def search(outlet: OutletHomePage, request: HttpRequest) -> HttpResponse:
    """This outlet's articles, or with ``all=1`` the whole network's."""
    form = SearchForm(request.GET)
    form.is_valid()  # invalid filters are reported and left out; the words still search
    network_wide = request.GET.get("all") == "1"
    results = form.search(outlet_id=None if network_wide else outlet.pk, request=request)
    kept = request.GET.copy()
    kept.pop("page", None)
    return outlet.render(
        request,
        template="search/search_page.html",
        context_overrides={
            "form": form,
            "results": results,
            "network_wide": network_wide,
            "query_string": kept.urlencode(),
        },
    )


def install() -> None:
    OutletHomePage.add_routes(search)
