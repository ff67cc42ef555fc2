"""What every endpoint does alike: caching headers, pagination, errors, methods, the schema."""

from urllib.parse import urlencode

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/outlets/", "/api/v1/articles/", "/api/v1/regions/", "/api/v1/tags/"]
DETAILS = ["/api/v1/outlets/zvezdny/", "/api/v1/regions/svao/", "/api/v1/tags/sergey-sobyanin/"]


def get_with(client, url, params):
    """GET ``url`` with ``params`` added to the query it already has."""
    return client.get(f"{url}{'&' if '?' in url else '?'}{urlencode(params)}")


def article_url(network):
    return f"/api/v1/articles/{network['canonical'].pk}/"


# ETag, If-None-Match, Cache-Control


@pytest.mark.parametrize("url", [*LISTS, *DETAILS, "/api/v1/search/?q=Собянин"])
def test_matching_if_none_match_gets_304_without_a_body(client, network, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_etag_changes_when_the_article_changes(client, network):
    url = article_url(network)
    etag = client.get(url)["ETag"]
    article = network["canonical"]
    article.lead = "Новый лид."
    article.save_revision().publish()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["lead"] == "Новый лид."
    assert response["ETag"] != etag


def test_errors_are_not_marked_cacheable(client, network):
    response = client.get("/api/v1/articles/", {"date_from": "вчера"})
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


# pagination


def test_pages_link_to_each_other_and_cover_the_list_once(client, network):
    seen = []
    url = "/api/v1/articles/?per_page=7"
    pages = 0
    while url:
        data = client.get(url).json()
        seen += [item["id"] for item in data["results"]]
        assert data["count"] == 34
        url = data["next"]
        pages += 1
    assert pages == 5
    assert len(seen) == len(set(seen)) == 34
    last = client.get("/api/v1/articles/", {"per_page": 7, "page": 5}).json()
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/articles/?per_page=7&page=4"
    second = client.get("/api/v1/articles/", {"per_page": 7, "page": 2}).json()
    assert second["previous"] == "http://testserver/api/v1/articles/?per_page=7"


def test_page_links_keep_cyrillic_parameters_intact(client, network):
    data = client.get("/api/v1/search/?q=Собянин&per_page=1").json()
    assert data["next"] == (
        "http://testserver/api/v1/search/?q=%D0%A1%D0%BE%D0%B1%D1%8F%D0%BD%D0%B8%D0%BD"
        "&per_page=1&page=2"
    )
    assert client.get(data["next"]).json()["previous"].endswith("per_page=1")


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/search/?q=Собянин"])
@pytest.mark.parametrize("page", ["999999", "99999999999999999999"])
def test_page_past_the_end_is_a_404_with_a_message(client, network, url, page):
    response = get_with(client, url, {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Нет такой страницы."}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "1.5"},
        {"page": "٣"},  # an Arabic-Indic digit: str.isdigit() says yes, int() would take it
        {"per_page": "0"},
        {"per_page": "51"},
        {"per_page": "many"},
    ],
)
@pytest.mark.parametrize("url", [*LISTS, "/api/v1/search/?q=Собянин"])
def test_bad_page_parameters_are_a_400_naming_the_parameter(client, network, url, params):
    response = get_with(client, url, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Неверные параметры запроса."
    assert set(body["errors"]) == set(params)


# bad filter values


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "вчера"}, "date_from"),
        ({"date_from": "2024-02-31"}, "date_from"),
        ({"date_to": "31.01.2024"}, "date_to"),
        ({"region": "сао"}, "region"),
        ({"tag": "'; DROP TABLE wagtailcore_page; --"}, "tag"),
    ],
)
def test_bad_article_filters_are_a_400_with_a_message(client, network, params, field):
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {field or next(iter(params))}
    assert all(isinstance(message, str) and message for message in errors[next(iter(errors))])


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2024-02-01", "date_to": "2024-01-01"},
        {"outlet": "atlantida"},
        {"outlet": "1"},  # a page id that is not an outlet
        {"region": "atlantida"},
        {"region": "99999999"},
        {"tag": "x" * 10_240},
    ],
)
def test_well_formed_filters_that_name_nothing_find_nothing(client, network, params):
    # The schema cannot know which slugs exist: what it calls valid is answered, emptily.
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("url", "query"), [("/api/v1/articles/", {}), ("/api/v1/search/", {"q": "Собянин"})]
)
def test_dates_at_the_ends_of_the_calendar_mean_no_bound(client, network, url, query):
    everything = client.get(url, query).json()["count"]
    assert everything > 0
    wide = client.get(url, {**query, "date_from": "0001-01-01", "date_to": "9999-12-31"})
    assert wide.status_code == 200
    assert wide.json()["count"] == everything
    assert client.get(url, {**query, "date_to": "0001-01-01"}).json()["count"] == 0


def test_empty_parameters_mean_not_given(client, network):
    everything = client.get("/api/v1/articles/").json()
    blank = {"outlet": "", "region": "", "tag": "", "date_from": "", "page": "", "per_page": ""}
    assert client.get("/api/v1/articles/", blank).json() == everything


def test_unknown_tag_kind_is_a_400(client, network):
    response = client.get("/api/v1/tags/", {"kind": "animal"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind"}


@pytest.mark.parametrize(
    "params",
    [{"q": "Собянин", "sort": "random()"}, {"q": "x" * 10_240}, {"q": "Собянин", "region": "сао"}],
)
def test_bad_search_parameters_are_a_400(client, network, params):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {"region": "atlantida"},
        {"tag": "nope"},
        {"outlet": "nope"},
        {"date_from": "2024-02-01", "date_to": "2024-01-01"},
    ],
)
def test_search_filters_that_name_nothing_find_nothing_and_say_why(client, network, params):
    response = client.get("/api/v1/search/", {"q": "Собянин", **params})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 0
    assert data["messages"]


def test_a_ten_kilobyte_query_is_searched_by_its_start(client, network):
    response = client.get("/api/v1/search/", {"q": "Собянин " * 1_250})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] >= 1
    assert data["messages"]


# unknown addresses and write methods


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/999999999/",
        "/api/v1/articles/9999999999999999999999/",
        "/api/v1/articles/abc/",
        "/api/v1/outlets/atlantida/",
        "/api/v1/regions/atlantida/",
        "/api/v1/tags/atlantida/",
        "/api/v1/nothing/here/",
        "/api/v1/",
    ],
)
def test_unknown_address_is_a_json_404(client, network, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/outlets/zvezdny/"])
def test_write_methods_are_405_with_allow(client, network, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["detail"]


def test_a_logged_in_editor_cannot_write_either(client, network):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.delete(article_url(network))
    assert response.status_code == 405
    assert client.get(article_url(network)).status_code == 200


def test_head_answers_like_get_without_a_body(client, network):
    response = client.head("/api/v1/outlets/")
    assert response.status_code == 200
    assert response.content == b""


def test_unexpected_failure_is_a_json_500_without_a_traceback(client, network, monkeypatch):
    from vestnik.api import serializers

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(serializers, "render_body", broken)
    response = client.get(article_url(network))
    assert response.status_code == 500
    assert response.json() == {"detail": "Внутренняя ошибка сервера. Попробуйте позже."}
    assert b"secret" not in response.content


# the schema


def test_schema_is_valid_openapi_generated_without_warnings(client, network):
    GENERATOR_STATS.reset()
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert not GENERATOR_STATS, "drf-spectacular warned while generating the schema"
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/outlets/",
        "/api/v1/outlets/{slug}/",
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/regions/",
        "/api/v1/regions/{slug}/",
        "/api/v1/tags/",
        "/api/v1/tags/{slug}/",
        "/api/v1/search/",
    }
    search = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert search >= {"q", "outlet", "region", "tag", "date_from", "date_to", "sort", "page"}
    articles = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert articles == {"outlet", "region", "tag", "date_from", "date_to", "page", "per_page"}


@pytest.mark.parametrize(
    "url", [*LISTS, *DETAILS, "/api/v1/search/?q=Собянин", "/api/v1/articles/999999/"]
)
def test_answers_vary_by_host_since_their_addresses_come_from_it(client, network, url):
    response = client.get(url)
    assert "Host" in [v.strip() for v in response.get("Vary", "").split(",")]


def test_a_database_lost_during_a_request_answers_503_in_json(client, network):
    from django.db import OperationalError, connection

    from vestnik.api.errors import UNAVAILABLE

    def lost(execute, sql, params, many, context):
        if "articles_articlepage" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    client.raise_request_exception = False
    with connection.execute_wrapper(lost):
        response = client.get("/api/v1/articles/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": UNAVAILABLE}
