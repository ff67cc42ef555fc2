"""A full disk during an upload in the admin: a clear message to the editor, nothing kept.

The image or document is saved inside the admin's transaction
(``vestnik.middleware.EditorialTransactionMiddleware``); here the transaction is rolled back, so
no row is left, and the editor is sent back to the form with the reason. The storage removes
the part of the file it managed to write (``storage.MediaStorage``). Wagtail's several-files
upload asks by script and reads the reason from its JSON answer.
"""

import errno
import logging
from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse

__all__ = ["DISK_FULL_MESSAGE", "DiskFullMiddleware"]

logger = logging.getLogger(__name__)

DISK_FULL_MESSAGE = (
    "Файл не сохранён: на сервере закончилось место на диске. "
    "Сообщите администратору сети и попробуйте позже."
)
FULL = {errno.ENOSPC, errno.EDQUOT}


class DiskFullMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OSError) and exception.errno in FULL):
            return None
        if not request.path.startswith("/admin/"):
            return None
        logger.error("disk full while saving an upload at %s: %s", request.path, exception)
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)
        if "/multiple/" in request.path:
            return JsonResponse({"success": False, "error_message": DISK_FULL_MESSAGE})
        messages.error(request, DISK_FULL_MESSAGE)
        return HttpResponseRedirect(request.get_full_path())
