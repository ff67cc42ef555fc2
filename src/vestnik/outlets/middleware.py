"""The admin screens Wagtail offers no hook for: the network-wide ones are closed to outlet
editors (isolation.NETWORK_SCREENS), and tag suggestions keep to their own media."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse

from .isolation import NETWORK_SCREENS, media_tags_in_reach

TAG_SUGGESTIONS = 10  # as many as Wagtail's own autocomplete gives


class AdminIsolationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: Any) -> HttpResponse | None:
        # Wagtail's URL hooks come after its own routes, so its views cannot be replaced there.
        # The view is looked at before the user: reading the user reads the session, which
        # makes every public page vary by cookie.
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if view_name in NETWORK_SCREENS and not request.user.is_superuser:
            raise PermissionDenied
        if view_name == "wagtailadmin_tag_autocomplete" and not request.user.is_superuser:
            if not request.user.is_authenticated:
                return None  # Wagtail sends them to the login page
            # Wagtail's answers from every tag of the network's images and documents.
            term = request.GET.get("term", "")
            tags = media_tags_in_reach(request.user).filter(name__istartswith=term) if term else []
            names = list(dict.fromkeys(tag.name for tag in tags))[:TAG_SUGGESTIONS]
            return JsonResponse(names, safe=False)
        return None
