"""Editorial writes are all-or-nothing.

Wagtail's admin saves a page, its revision and its log entry, then publishes, and our
signal handlers update the search index, each step committing on its own. An editor's POST
to the admin runs here inside one transaction, so a failure at any step (the index
included) leaves the page exactly as it was. Readers' GET requests are not wrapped: on
SQLite a write transaction would serialise them.
"""

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

ADMIN_PREFIX = "/admin/"


class EditorialTransactionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS") or not request.path.startswith(
            ADMIN_PREFIX
        ):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            # Django turns an exception into a 500 response before it reaches this frame,
            # so the failure has to be read from the response.
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
