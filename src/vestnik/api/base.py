"""What every endpoint shares: anonymous read-only access, JSON only, one error shape,
and HTTP caching (ETag with ``If-None-Match`` → 304, public ``Cache-Control``)."""

from collections.abc import Callable
from typing import Any

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import conditional_page
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .errors import handle_api_exception
from .pagination import ApiPagination

# A minute: an edit reaches apps quickly, and a busy client still revalidates cheaply by ETag.
MAX_AGE = 60


class ReadOnlyEndpoint(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes: list[type] = []
    pagination_class = ApiPagination
    http_method_names = ["get", "head"]

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response]:
        return handle_api_exception

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if 200 <= response.status_code < 300:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        # Addresses in answers are built from the request's Host: a shared cache must not
        # hand one outlet's host name (or port) to a client that asked another.
        patch_vary_headers(response, ["Host"])
        return response

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., Any]:
        # Django's ConditionalGetMiddleware as a decorator: it hashes the rendered body into an
        # ETag and answers a matching If-None-Match with 304, for these views only.
        return conditional_page(super().as_view(**initkwargs))
