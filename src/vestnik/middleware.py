"""Editorial writes are all-or-nothing.

Wagtail's admin saves a page, its revision and its log entry, then publishes, and our
signal handlers update the search index, each step committing on its own. An editor's POST
to the admin runs here inside one transaction, so a failure at any step (the index
included) leaves the page exactly as it was. Readers' GET requests are not wrapped: on
SQLite a write transaction would serialise them.

On SQLite that transaction begins IMMEDIATE, so two editorial POSTs take turns and the second
reads what the first wrote. PostgreSQL locks nothing up front: Wagtail's autosave still in
flight when the editor pressed «Опубликовать» read the draft, waited, then wrote it back over
the publish, and the article stayed unpublished. A POST about one page
(``/admin/pages/<id>/…``) therefore locks that page's row first, before the view reads it.
"""

import re
from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from wagtail.models import Page

ADMIN_PREFIX = "/admin/"
PAGE_ACTION = re.compile(r"^/admin/pages/(\d+)/")


class EditorialTransactionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS") or not request.path.startswith(
            ADMIN_PREFIX
        ):
            return self.get_response(request)
        with transaction.atomic():
            if page := PAGE_ACTION.match(request.path):
                list(Page.objects.select_for_update().filter(pk=page[1]).values_list("pk"))
            response = self.get_response(request)
            # Django turns an exception into a 500 response before it reaches this frame,
            # so the failure has to be read from the response.
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
