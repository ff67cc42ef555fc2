"""Page-number pagination that refuses what it cannot serve instead of guessing.

DRF's own class quietly falls back to the default size on a bad ``per_page`` and answers
``page=abc`` with a 404; an app is better told a 400 saying which parameter was wrong.
"""

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

PER_PAGE = 20
MAX_PER_PAGE = 50
NO_SUCH_PAGE = "Нет такой страницы."


def positive_int_param(request: Request, name: str, default: int, limit: int | None = None) -> int:
    """The integer ``name`` from the query string, 1 ≤ value ≤ limit, else a 400 naming it."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    bound = f" до {limit}" if limit else ""
    message = f"{name} — целое число от 1{bound}."
    if not raw.isascii() or not raw.isdigit():
        raise ValidationError({name: [message]})
    # Past eighteen digits the exact value matters to no one: it is beyond every list.
    value = int(raw) if len(raw) <= 18 else 10**18
    if value < 1 or (limit is not None and value > limit):
        raise ValidationError({name: [message]})
    return value


def page_link(request: Request, number: int | None) -> str | None:
    """The absolute URL of page ``number`` of this listing (page 1 without ``page=``).

    Built from the decoded parameters, not the raw query string, which a client may have
    sent as unescaped UTF-8; empty ones, which mean nothing, are left out.
    """
    if number is None:
        return None
    params = [
        (name, value)
        for name, values in request.query_params.lists()
        for value in values
        if name != "page" and value != ""
    ]
    if number > 1:
        params.append(("page", str(number)))
    query = f"?{urlencode(params)}" if params else ""
    return request.build_absolute_uri(request.path) + query


def envelope(count: int, previous: str | None, next_: str | None, results: Any) -> dict[str, Any]:
    """The body of every list: ``{"count", "next", "previous", "results"}``."""
    return {"count": count, "next": next_, "previous": previous, "results": results}


class ApiPagination(pagination.PageNumberPagination):
    page_size = PER_PAGE
    page_size_query_param = "per_page"
    page_size_query_description = f"Сколько записей на странице, от 1 до {MAX_PER_PAGE}."
    page_query_description = "Номер страницы, с 1."
    max_page_size = MAX_PER_PAGE

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        per_page = positive_int_param(request, "per_page", PER_PAGE, MAX_PER_PAGE)
        number = positive_int_param(request, "page", 1)
        paginator = Paginator(queryset, per_page)
        if number > paginator.num_pages:
            raise NotFound(NO_SUCH_PAGE)
        self.page = paginator.page(number)
        return list(self.page)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": self.page_query_description,
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "per_page",
                "required": False,
                "in": "query",
                "description": self.page_size_query_description,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            },
        ]

    def get_paginated_response(self, data: Any) -> Response:
        page = self.page
        return Response(
            envelope(
                page.paginator.count,
                page_link(
                    self.request, page.previous_page_number() if page.has_previous() else None
                ),
                page_link(self.request, page.next_page_number() if page.has_next() else None),
                data,
            )
        )
