"""Search in the read API: the list envelope around the search service's page."""

import pytest

from vestnik.search.backends import SearchBackend

pytestmark = pytest.mark.django_db


def test_search_counts_exactly_below_the_limit_and_says_when_it_stopped(
    client, network, monkeypatch
):
    exact = client.get("/api/v1/search/", {"q": "Собянин"}).json()
    assert exact["count"] > 2
    assert exact["count_is_exact"] is True
    monkeypatch.setattr(SearchBackend, "match_limit", 2)
    capped = client.get("/api/v1/search/", {"q": "Собянин", "per_page": 1}).json()
    assert capped["count"] == 2
    assert capped["count_is_exact"] is False
    assert capped["next"].endswith("page=2")
    assert (
        client.get("/api/v1/search/", {"q": "Собянин", "per_page": 1, "page": 3}).status_code == 404
    )


def test_search_by_outlet_slug_or_id_and_region_code(client, network):
    by_slug = client.get("/api/v1/search/", {"q": "Собянин", "outlet": "zelpanorama"}).json()
    by_id = client.get(
        "/api/v1/search/", {"q": "Собянин", "outlet": network["zelpanorama"].pk}
    ).json()
    assert by_slug["results"] == by_id["results"]
    assert {r["outlet"]["slug"] for r in by_slug["results"]} == {"zelpanorama"}
    by_code = client.get("/api/v1/search/", {"q": "Собянин", "region": "45272000"}).json()
    by_region_slug = client.get("/api/v1/search/", {"q": "Собянин", "region": "zelao"}).json()
    assert by_code["results"] == by_region_slug["results"]
