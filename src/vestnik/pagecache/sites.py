"""Which Wagtail site answers a host, and where every site's pages live, remembered between
requests.

Wagtail looks the site up in the database on every request, and the sites' root paths up in
Django's cache for every request that builds a page URL. The answer only changes when a
site or an outlet changes, and each such change purges the whole page cache, which moves
the store's purge generation; the remembered answers are dropped whenever it moves, so
every process of every server sees the change on its next request. While the store does
not answer (generation None) nothing is remembered: each request asks the database.
"""

from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

from vestnik.outlets.models import OutletHomePage
from vestnik.remembered import GENERATION_ATTRIBUTE, UntilPurge

from .stores import get_store
from .wsgi_layer import GENERATION_ENVIRON_KEY

# The site by host and port.
remembered_sites: UntilPurge[Site | None] = UntilPurge()
# Wagtail's list of every site's root path and URL, which it otherwise unpickles from Django's
# cache for each request that builds a page URL.
remembered_root_paths: UntilPurge[list[Any]] = UntilPurge()


def purge_generation(request: HttpRequest) -> Any:
    """The store's purge generation, as the page cache's WSGI layer read it for this request
    (or, without the layer, as the store answers now)."""
    generation = request.META.get(GENERATION_ENVIRON_KEY)
    return get_store().generation() if generation is None else generation


def host_and_port(request: HttpRequest) -> tuple[str, str]:
    host = request._get_raw_host()  # type: ignore[attr-defined]  # private, not in the stubs
    return split_domain_port(host)[0], request.get_port()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=OutletHomePage)
@receiver(post_delete, sender=OutletHomePage)
def forget_sites(sender: type, **kwargs: Any) -> None:
    # At once in this process, before the purge at commit reaches the others: a site added
    # in a test, or by the demo loader, is found by the very next request.
    remembered_sites.forget()
    remembered_root_paths.forget()


class SiteLookupMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        setattr(request, GENERATION_ATTRIBUTE, purge_generation(request))
        site = remembered_sites.get(
            request, host_and_port(request), lambda: Site._find_for_request(request)
        )
        request._wagtail_site = site  # type: ignore[attr-defined]
        # Where Wagtail's Page._get_site_root_paths looks first.
        root_paths = remembered_root_paths.get(request, None, Site.get_site_root_paths)
        request._wagtail_cached_site_root_paths = root_paths  # type: ignore[attr-defined]
        return self.get_response(request)
