"""The 404 and 500 pages wear the outlet's header and footer; the 500 page still answers,
plainly and without a traceback, when the database itself is what broke."""

import re

import pytest
from django.db import OperationalError, connection
from django.test import Client

from vestnik.articles.models import ArticlePage

pytestmark = pytest.mark.django_db

CANONICAL_URL = "/technopolis-2023/"
LEAKS = ("Traceback", "OperationalError", "RuntimeError", "Request Method", "sqlite", "SELECT")


def database_is_down(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def test_404_is_in_the_outlets_design(client, network):
    response = client.get("/net-takoy-stranitsy/", HTTP_HOST="zelpanorama.localhost")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Страница не найдена" in html
    assert '<span class="masthead__name">Зеленоградская панорама</span>' in html
    assert "Рябинин" in html  # the editor-in-chief in the imprint
    assert 'role="search"' in html


def test_500_is_in_the_outlets_design(network, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("сломалось")

    monkeypatch.setattr(ArticlePage, "get_context", broken)
    client = Client(raise_request_exception=False)
    response = client.get(CANONICAL_URL, HTTP_HOST="zvezdny.localhost")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Что-то сломалось" in html
    assert '<span class="masthead__name">Звёздный бульвар</span>' in html
    assert "Полозова" in html and "16+" in html
    assert not [leak for leak in LEAKS if leak in html]


def test_the_database_down_is_the_short_503_page(network):
    client = Client(raise_request_exception=False)
    client.get(CANONICAL_URL, HTTP_HOST="zvezdny.localhost")  # the chrome remembered
    with connection.execute_wrapper(database_is_down):
        response = client.get(CANONICAL_URL, HTTP_HOST="zvezdny.localhost")
    html = response.content.decode()
    # Not the outlet's 500 page with its remembered header: no bug of ours, a short wait.
    assert response.status_code == 503 and response["Retry-After"]
    assert "Сайт временно недоступен" in html and '<html lang="ru">' in html
    assert not [leak for leak in LEAKS if leak in html]
    # Plain, and still inside the strict CSP: no inline style.
    assert not re.search(r"<style|style=", html)
    assert "default-src 'self'" in response["Content-Security-Policy"]
