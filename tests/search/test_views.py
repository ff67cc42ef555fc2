"""The search page, the admin search and the JSON endpoint, including hostile input."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    "   ",
    "\t\n",
    "и в на",
    "а" * 10_000,
    "Собянин " * 2_000,
    '"',
    '""',
    '"Собянин',
    "*",
    "Собян*",
    "NEAR(Собянин Руднево)",
    "Собянин AND Руднево OR NOT",
    "(Собянин",
    "Собянин)",
    "'; DROP TABLE search_searchdocument; --",
    "%' OR 1=1 --",
    "\\x00",
    "Собянин\x00Руднево",
    "\x07\x08\x1b[31m",
    "Mоsква",
    "Moscow Москва",
    "-",
    "--",
    "-Собянин",
    "^:;{}[]",
    "производство:*",
    "😀 производство",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_outlet_search_page_never_fails(client, network, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Поиск" in response.content.decode()


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_api_search_never_fails(client, network, query):
    response = client.get("/api/v1/search/", {"q": query})
    assert response.status_code in (200, 400)
    assert response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Собянин", "page": "abc"},
        {"q": "Собянин", "page": "-3"},
        {"q": "Собянин", "page": "999999"},
        {"q": "Собянин", "date_from": "вчера"},
        {"q": "Собянин", "date_from": "2025-01-01", "date_to": "2024-01-01"},
        {"q": "Собянин", "region": "atlantida"},
        {"q": "Собянин", "tag": "'; DROP"},
        {"q": "Собянин", "sort": "random()"},
        {"q": "Собянин", "date_to": "9999-12-31"},
        {"q": "Собянин", "date_from": "0001-01-01"},
    ],
)
def test_bad_filters_get_a_message_not_an_error(client, network, params):
    response = client.get("/search/", params)
    assert response.status_code == 200


def test_empty_query_asks_for_words(client, network):
    html = client.get("/search/", {"q": ""}).content.decode()
    assert "Введите слово" in html


def test_stop_words_only_query_says_so(client, network):
    html = client.get("/search/", {"q": "и в на"}).content.decode()
    assert "служебные слова" in html


def test_search_page_finds_the_canonical_article_with_highlights(client, network):
    html = client.get("/search/", {"q": "Собянину"}).content.decode()
    assert "/technopolis-2023/" in html
    assert "<mark>Собянин</mark>" in html


def test_outlet_search_keeps_to_its_outlet_unless_network_wide(client, network):
    here = client.get("/search/", {"q": "Собянин"}, HTTP_HOST="zelpanorama.localhost")
    everywhere = client.get(
        "/search/", {"q": "Собянин", "all": "1"}, HTTP_HOST="zelpanorama.localhost"
    )
    assert "/technopolis-2023/" not in here.content.decode()
    assert "/technopolis-2023/" in everywhere.content.decode()


def test_search_page_region_filter(client, network):
    html = client.get("/search/", {"q": "Собянин", "region": "zelao", "all": "1"}).content.decode()
    assert "/technopolis-2023/" not in html


def test_api_returns_results_with_highlights(client, network):
    data = client.get("/api/v1/search/", {"q": "производствах Руднево"}).json()
    assert data["count"] >= 1
    first = next(r for r in data["results"] if r["url"].endswith("/technopolis-2023/"))
    assert first["headline"].startswith("Новые производства")
    assert "производства" in first["headline_highlights"]
    assert first["outlet"]["name"] == "Звёздный бульвар"


@pytest.mark.parametrize(
    "params",
    [{"per_page": "0"}, {"per_page": "1000"}, {"date_from": "31.02.2024"}],
)
def test_api_rejects_bad_parameters_with_400(client, network, params):
    response = client.get("/api/v1/search/", {"q": "Собянин", **params})
    assert response.status_code == 400
    assert "errors" in response.json()


def test_admin_network_search(client, network):
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get("/admin/network-search/", {"q": "Руднево"})
    assert response.status_code == 200
    assert f"/admin/pages/{network['canonical'].pk}/edit/" in response.content.decode()


def test_admin_network_search_needs_a_login(client, network):
    response = client.get("/admin/network-search/", {"q": "Руднево"})
    assert response.status_code == 302


# Links follow the address the reader used, not the one the index was built on


def test_search_results_link_to_the_port_the_site_is_served_on(client, network):
    host = "zvezdny.localhost:8100"
    html = client.get("/search/", {"q": "Технополис"}, HTTP_HOST=host).content.decode()
    assert 'href="/technopolis-2023/"' in html
    data = client.get("/api/v1/search/", {"q": "Технополис"}, HTTP_HOST=host).json()
    urls = {result["url"] for result in data["results"]}
    assert "http://zvezdny.localhost:8100/technopolis-2023/" in urls


def test_admin_network_search_links_to_the_port_the_site_is_served_on(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    html = client.get(
        "/admin/network-search/", {"q": "Технополис"}, HTTP_HOST="zvezdny.localhost:8100"
    ).content.decode()
    assert "http://zvezdny.localhost/technopolis-2023/" not in html
    assert 'href="/technopolis-2023/"' in html
