"""The page a reader (or an editor) gets while the database does not answer: a short apology
in Russian, status 503 with ``Retry-After``, read from no database and no template that might
need one. ``vestnik.views.server_error`` answers with it when the error in hand is the
database's."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

__all__ = ["RETRY_AFTER_SECONDS", "database_unavailable", "is_database_unavailable"]

RETRY_AFTER_SECONDS = 30

PAGE = """<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Сайт временно недоступен</title></head>
<body>
<main>
<h1>Сайт временно недоступен</h1>
<p>Мы уже чиним его. Обновите страницу через минуту.</p>
</main>
</body>
</html>
"""


def is_database_unavailable(error: BaseException | None) -> bool:
    """An error of a database that cannot be reached or opened (not a bug in a query:
    those are ``ProgrammingError``s and stay 500s)."""
    return isinstance(error, OperationalError | InterfaceError)


def database_unavailable() -> HttpResponse:
    response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
