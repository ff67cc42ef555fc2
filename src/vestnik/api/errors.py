"""Every API error is JSON of one shape: ``{"detail": "…", "errors": {"param": ["…"]}}``.

``errors`` is there for 400s only and names each parameter that was wrong. A database that
cannot be reached answers 503 with ``Retry-After``, as the site's pages do; a failure the code
did not foresee is logged and answered with a plain 500 message, never a traceback.
"""

import logging
from typing import Any

from django.http import HttpRequest, JsonResponse
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from vestnik.database_unavailable import RETRY_AFTER_SECONDS, is_database_unavailable

logger = logging.getLogger(__name__)

INVALID_PARAMETERS = "Неверные параметры запроса."
SERVER_ERROR = "Внутренняя ошибка сервера. Попробуйте позже."
UNAVAILABLE = "Сервис временно недоступен. Повторите запрос через минуту."
NO_SUCH_ENDPOINT = "Нет такого адреса в API. Список адресов: /api/v1/schema/."


def handle_api_exception(exc: Exception, context: dict[str, Any]) -> Response:
    response = exception_handler(exc, context)
    if response is None and is_database_unavailable(exc):
        logger.error("API request failed: the database is unavailable", exc_info=exc)
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return Response({"detail": UNAVAILABLE}, status=503, headers=headers)
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
