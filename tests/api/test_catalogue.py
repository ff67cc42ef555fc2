"""Outlets, regions and tags in the read API."""

import pytest

from vestnik.articles.models import ArticlePage, Tag
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db


def test_outlets_list_slug_name_region_description_and_home_url(client, network):
    data = client.get("/api/v1/outlets/").json()
    assert data["count"] == 3
    by_slug = {outlet["slug"]: outlet for outlet in data["results"]}
    assert set(by_slug) == {"zvezdny", "zelpanorama", "yugozapad"}
    zvezdny = by_slug["zvezdny"]
    assert zvezdny["name"] == "Звёздный бульвар"
    assert zvezdny["url"] == "http://zvezdny.localhost/"
    assert zvezdny["region"]["slug"] == "svao"
    assert zvezdny["region"]["okato"] == "45280000"
    assert zvezdny["description"]


def test_outlet_detail_by_slug(client, network):
    data = client.get("/api/v1/outlets/zelpanorama/").json()
    assert data["name"] == "Зеленоградская панорама"
    assert data["region"]["abbreviation"] == "ЗелАО"


def test_unpublished_outlet_disappears_with_its_articles(client, network):
    network["zelpanorama"].unpublish()
    assert client.get("/api/v1/outlets/zelpanorama/").status_code == 404
    slugs = {o["slug"] for o in client.get("/api/v1/outlets/").json()["results"]}
    assert slugs == {"zvezdny", "yugozapad"}
    data = client.get("/api/v1/articles/", {"per_page": 50}).json()
    assert "zelpanorama" not in {item["outlet"]["slug"] for item in data["results"]}
    assert client.get("/api/v1/articles/", {"outlet": "zelpanorama"}).json()["count"] == 0


def test_regions_are_the_okrugs_with_their_districts_and_codes(client, network):
    data = client.get("/api/v1/regions/").json()
    assert data["count"] == Region.objects.okrugs().count() == 12
    svao = next(r for r in data["results"] if r["slug"] == "svao")
    assert svao["kind"] == "okrug"
    assert svao["okato"] == "45280000"
    assert len(svao["children"]) == 17
    marfino = next(d for d in svao["children"] if d["name"] == "Марфино")
    assert marfino["kind"] == "district"
    assert marfino["okato"] and marfino["oktmo"]
    all_children = sum(len(r["children"]) for r in data["results"])
    assert all_children == Region.objects.filter(depth=2).count() == 146


def test_region_detail(client, network):
    data = client.get("/api/v1/regions/marfino/").json()
    assert data["full_name"] == "район Марфино"
    assert data["children"] == []


def test_tags_have_kinds_and_filter_by_kind(client, network):
    everything = client.get("/api/v1/tags/", {"per_page": 50}).json()
    used = Tag.objects.filter(tagged_articles__isnull=False).distinct().count()
    assert everything["count"] == used
    people = client.get("/api/v1/tags/", {"kind": "person", "per_page": 50}).json()
    assert people["count"] and {t["kind"] for t in people["results"]} == {"person"}
    assert "sergey-sobyanin" in {t["slug"] for t in people["results"]}


def test_tag_of_no_published_article_is_left_out(client, network):
    unused = Tag.objects.create(name="Никем не использованный", kind="topic")
    pages = [client.get("/api/v1/tags/", {"per_page": 50, "page": n}).json() for n in (1, 2)]
    assert unused.slug not in {t["slug"] for page in pages for t in page["results"]}
    assert client.get(f"/api/v1/tags/{unused.slug}/").status_code == 404


def test_tag_detail(client, network):
    data = client.get("/api/v1/tags/sergey-sobyanin/").json()
    assert data == {"name": "Сергей Собянин", "slug": "sergey-sobyanin", "kind": "person"}
    assert ArticlePage.objects.live().tagged(Tag.objects.get(slug="sergey-sobyanin")).exists()
