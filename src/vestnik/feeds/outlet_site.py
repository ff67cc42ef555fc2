"""Which outlet a request is for: the Wagtail Site its host names, whose root is the outlet."""

from django.http import Http404, HttpRequest
from wagtail.models import Site

from vestnik.articles.models import ArticlePage
from vestnik.outlets.models import OutletHomePage


def outlet_for_request(request: HttpRequest) -> OutletHomePage:
    site = Site.find_for_request(request)
    outlet = site.root_page.specific if site is not None else None
    if not isinstance(outlet, OutletHomePage) or not outlet.live:
        raise Http404("Здесь нет издания")
    return outlet


class OutletsByPath:
    """Each article's outlet without a query per article: an article is always a child of
    its outlet's home page, so its tree path is the outlet's path plus one step."""

    def __init__(self) -> None:
        self._outlets = {outlet.path: outlet for outlet in OutletHomePage.objects.all()}

    def of(self, article: ArticlePage) -> OutletHomePage:
        return self._outlets[article.path[: -ArticlePage.steplen]]
