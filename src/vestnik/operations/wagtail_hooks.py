from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from .page_types import SERVED_KEY, served_page_type


@hooks.register("before_serve_page")
def note_page_type(
    page: Any, request: HttpRequest, serve_args: tuple[Any, ...], serve_kwargs: dict[str, Any]
) -> None:
    request.META[SERVED_KEY] = served_page_type(page, serve_args)
