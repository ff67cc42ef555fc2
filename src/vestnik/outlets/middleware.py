"""Closes the admin's network-wide screens to outlet editors (isolation.NETWORK_SCREENS)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .isolation import NETWORK_SCREENS


class NetworkScreensMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        # Wagtail offers no hook on these views, and its URL hooks come after its own routes.
        match = request.resolver_match
        if match and match.view_name in NETWORK_SCREENS and not request.user.is_superuser:
            raise PermissionDenied
