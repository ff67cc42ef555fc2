"""Error pages a reader sees: Russian, in the outlet's own look, never a traceback."""

import logging
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from vestnik.database_unavailable import database_unavailable, is_database_unavailable

logger = logging.getLogger(__name__)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The outlet's header and footer around the apology, read from the database; where
    that fails too (the database is what broke), the plain page of last resort, which
    reads nothing. A database that does not answer is no bug of ours: the short «Сайт временно
    недоступен» page, 503 with ``Retry-After``."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable()
    html: str
    try:
        html = loader.render_to_string("server_error.html", request=request)
    except Exception:  # noqa: BLE001 - whatever broke the page may break its chrome as well
        logger.warning("the outlet's 500 page failed; serving the plain one", exc_info=True)
        html = loader.get_template("500.html").render()
    return HttpResponseServerError(html)
