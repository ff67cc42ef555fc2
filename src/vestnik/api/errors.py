"""Every API error is JSON of one shape: ``{"detail": "…", "errors": {"param": ["…"]}}``.

``errors`` is there for 400s only and names each parameter that was wrong. A failure the
code did not foresee is logged and answered with a plain 500 message, never a traceback.
"""

import logging
from typing import Any

from django.http import HttpRequest, JsonResponse
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

INVALID_PARAMETERS = "Неверные параметры запроса."
SERVER_ERROR = "Внутренняя ошибка сервера. Попробуйте позже."
NO_SUCH_ENDPOINT = "Нет такого адреса в API. Список адресов: /api/v1/schema/."


def handle_api_exception(exc: Exception, context: dict[str, Any]) -> Response:
    response = exception_handler(exc, context)
    if response is None:
        logger.error("API request failed", exc_info=exc)
        return Response({"detail": SERVER_ERROR}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, ValidationError):
        response.data = {"detail": INVALID_PARAMETERS, "errors": field_messages(exc.detail)}
    else:
        response.data = {"detail": str(response.data.get("detail", ""))}
    return response


def field_messages(detail: Any) -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"param": ["message", …]}``."""
    if isinstance(detail, dict):
        return {
            str(name): [str(m) for m in (value if isinstance(value, list) else [value])]
            for name, value in detail.items()
        }
    messages = detail if isinstance(detail, list) else [detail]
    return {"params": [str(m) for m in messages]}


def endpoint_not_found(request: HttpRequest) -> JsonResponse:
    """A 404 for any address under /api/v1/ that names no endpoint."""
    return JsonResponse({"detail": NO_SUCH_ENDPOINT}, status=404)
