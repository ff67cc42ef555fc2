"""Which Wagtail site answers a host, and where every site's pages live, remembered between
requests.

Wagtail looks the site up in the database on every request, and the sites' root paths up in
Django's cache for every request that builds a page URL. The answer only changes when a
site or an outlet changes, and each such change purges the whole page cache, which moves
the store's purge generation; the remembered answers are dropped whenever it moves, so
every process of every server sees the change on its next request. While the store does
not answer (generation None) nothing is remembered: each request asks the database.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

from vestnik.outlets.models import OutletHomePage
from vestnik.remembered import GENERATION_ATTRIBUTE

from .stores import get_store
from .wsgi_layer import GENERATION_ENVIRON_KEY


class SiteLookups:
    def __init__(self) -> None:
        self.generation: Any = None
        self.sites: dict[tuple[str, str], Site | None] = {}
        self.root_paths: list[Any] | None = None
        self.lock = threading.Lock()

    def current(self, request: HttpRequest) -> Any:
        """The purge generation, forgetting everything remembered when it has moved."""
        generation = request.META.get(GENERATION_ENVIRON_KEY)
        if generation is None:
            generation = get_store().generation()
        with self.lock:
            if generation is None or generation != self.generation:
                self.sites, self.root_paths, self.generation = {}, None, generation
        return generation

    def site_for(self, request: HttpRequest, generation: Any) -> Site | None:
        key = (
            split_domain_port(
                request._get_raw_host()  # type: ignore[attr-defined]  # private, not in the stubs
            )[0],
            request.get_port(),
        )
        with self.lock:
            if key in self.sites:
                return self.sites[key]
        site = Site._find_for_request(request)
        with self.lock:
            if generation is not None and generation == self.generation:
                self.sites[key] = site
        return site

    def site_root_paths(self, generation: Any) -> list[Any]:
        """Wagtail's list of every site's root path and URL, which it otherwise unpickles
        from Django's cache for each request that builds a page URL."""
        with self.lock:
            if self.root_paths is not None:
                return self.root_paths
        root_paths = Site.get_site_root_paths()
        with self.lock:
            if generation is not None and generation == self.generation:
                self.root_paths = root_paths
        return root_paths

    def forget(self) -> None:
        with self.lock:
            self.sites, self.root_paths = {}, None


site_lookups = SiteLookups()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=OutletHomePage)
@receiver(post_delete, sender=OutletHomePage)
def forget_sites(sender: type, **kwargs: Any) -> None:
    # At once in this process, before the purge at commit reaches the others: a site added
    # in a test, or by the demo loader, is found by the very next request.
    site_lookups.forget()


class SiteLookupMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        generation = site_lookups.current(request)
        setattr(request, GENERATION_ATTRIBUTE, generation)  # for ``vestnik.remembered``
        request._wagtail_site = site_lookups.site_for(request, generation)  # type: ignore[attr-defined]
        # Where Wagtail's Page._get_site_root_paths looks first.
        request._wagtail_cached_site_root_paths = site_lookups.site_root_paths(generation)  # type: ignore[attr-defined]
        return self.get_response(request)
