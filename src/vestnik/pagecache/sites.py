"""Which Wagtail site answers a host, remembered between requests.

Wagtail looks the site up in the database on every request. The answer only changes when a
site or an outlet changes, and each such change purges the whole page cache, which moves
the store's purge generation; the remembered answers are dropped whenever it moves, so
every process of every server sees the change on its next request.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

from .stores import get_store
from .wsgi_layer import GENERATION_ENVIRON_KEY


class SiteLookups:
    def __init__(self) -> None:
        self.generation: Any = None
        self.sites: dict[tuple[str, str], Site | None] = {}
        self.lock = threading.Lock()

    def site_for(self, request: HttpRequest) -> Site | None:
        generation = request.environ.get(GENERATION_ENVIRON_KEY)
        if generation is None:
            generation = get_store().generation()
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        with self.lock:
            if generation != self.generation:
                self.sites, self.generation = {}, generation
            if key in self.sites:
                return self.sites[key]
        site = Site._find_for_request(request)
        with self.lock:
            if generation == self.generation:
                self.sites[key] = site
        return site


class SiteLookupMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.lookups = SiteLookups()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request._wagtail_site = self.lookups.site_for(request)  # type: ignore[attr-defined]
        return self.get_response(request)
