"""Articles in the read API: the list, its filters and the full article."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from vestnik.articles.models import ArticlePage, read_also
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db
MOSCOW = ZoneInfo("Europe/Moscow")


def ids(client, **params):
    data = client.get("/api/v1/articles/", {"per_page": 50, **params}).json()
    assert data["count"] == len(data["results"]), "these tests expect one page"
    return [item["id"] for item in data["results"]]


def test_list_has_every_published_article_newest_first_with_its_outlet(client, network):
    data = client.get("/api/v1/articles/", {"per_page": 50}).json()
    expected = ArticlePage.objects.live().order_by("-published_at", "-pk")
    assert [item["id"] for item in data["results"]] == [a.pk for a in expected]
    first = data["results"][0]
    assert set(first) == {"id", "headline", "lead", "published_at", "url", "outlet"}
    canonical = next(i for i in data["results"] if i["id"] == network["canonical"].pk)
    assert canonical["url"] == "http://zvezdny.localhost/technopolis-2023/"
    assert canonical["outlet"] == {
        "id": network["zvezdny"].pk,
        "slug": "zvezdny",
        "name": "Звёздный бульвар",
    }
    assert canonical["published_at"] == "2024-01-29T09:41:00+03:00"


def test_unpublished_and_private_articles_are_left_out(client, network):
    article = network["canonical"]
    listed = ids(client)
    article.unpublish()
    assert article.pk not in ids(client)
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404
    other = ArticlePage.objects.live().exclude(pk=article.pk).first()
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    assert other.pk not in ids(client)
    assert len(ids(client)) == len(listed) - 2


def test_outlet_filter_keeps_to_that_outlet(client, network):
    found = ids(client, outlet="zelpanorama")
    expected = ArticlePage.objects.live().child_of(network["zelpanorama"])
    assert found and sorted(found) == sorted(a.pk for a in expected)


def test_okrug_filter_includes_its_districts_by_slug_and_by_code(client, network):
    district_article = ArticlePage.objects.live().filter(regions__kind="district").first()
    district = district_article.regions.filter(kind="district").first()
    okrug = district.parent
    by_slug = ids(client, region=okrug.slug)
    assert district_article.pk in by_slug
    assert ids(client, region=okrug.okato) == by_slug
    assert district_article.pk in ids(client, region=district.oktmo)
    expected = ArticlePage.objects.live().in_region(okrug)
    assert sorted(by_slug) == sorted(a.pk for a in expected)


def test_district_filter_leaves_out_the_rest_of_its_okrug(client, network):
    okrug_article = ArticlePage.objects.live().filter(regions__kind="okrug").first()
    okrug = okrug_article.regions.filter(kind="okrug").first()
    district = Region.objects.filter(parent=okrug).exclude(articles=okrug_article).first()
    assert okrug_article.pk not in ids(client, region=district.slug)


def test_tag_filter(client, network):
    tag = network["canonical"].tags.first()
    found = ids(client, tag=tag.slug)
    assert network["canonical"].pk in found
    assert sorted(found) == sorted(a.pk for a in ArticlePage.objects.live().tagged(tag))


@pytest.mark.parametrize(
    ("date_from", "date_to", "included"),
    [
        ("2024-01-29", "2024-01-29", True),  # the day itself, both ends inclusive
        ("2024-01-29", None, True),
        (None, "2024-01-28", False),
        ("2024-01-30", None, False),
    ],
)
def test_date_filter_takes_whole_moscow_days(client, network, date_from, date_to, included):
    params = {k: v for k, v in {"date_from": date_from, "date_to": date_to}.items() if v}
    assert (network["canonical"].pk in ids(client, **params)) is included


def test_an_article_late_in_the_moscow_evening_belongs_to_that_moscow_day(client, network):
    # 23:30 in Moscow is 20:30 UTC the same day, but a day in UTC+3 starts at 21:00 UTC before.
    late = datetime(2024, 3, 1, 23, 30, tzinfo=MOSCOW)
    spec = ArticleSpec(slug="late-evening", headline="Поздний вечер", published_at=late)
    article, _ = upsert_article(network["zvezdny"], spec)
    assert article.pk in ids(client, date_from="2024-03-01", date_to="2024-03-01")
    assert article.pk not in ids(client, date_from="2024-03-02")


def test_filters_combine(client, network):
    found = ids(client, outlet="zvezdny", tag=network["canonical"].tags.first().slug)
    assert network["canonical"].pk in found
    assert ids(client, outlet="zelpanorama", date_from="2024-01-29", date_to="2024-01-29") == []


def test_detail_has_body_photo_credits_tags_regions_and_read_also(client, network, rf):
    article = network["canonical"]
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert data["headline"] == article.title
    assert data["body"].startswith("<p>Мэр Москвы Сергей Собянин")
    assert "Читайте также" not in data["body"]
    assert data["photo"]["url"].startswith("http://testserver/media/images/")
    assert data["photo"]["url"].endswith(".fill-960x540.png")
    assert (data["photo"]["width"], data["photo"]["height"]) == (960, 540)
    assert data["photo"]["credit_author"] == "Д. Гришкин"
    assert data["photo"]["credit_source"] == "mos.ru. Пресс-служба мэра и Правительства Москвы"
    assert data["text_credit"] == "Звёздный бульвар"
    assert {"name": "Сергей Собянин", "slug": "sergey-sobyanin", "kind": "person"} in data["tags"]
    assert {r["slug"] for r in data["regions"]} == {r.slug for r in article.regions.all()}
    assert all(r["okato"] for r in data["regions"])
    teasers = read_also(article, rf.get("/"))
    assert [t["headline"] for t in data["read_also"]] == [t.headline for t in teasers]
    assert len(data["read_also"]) == 5
    for item, teaser in zip(data["read_also"], teasers, strict=True):
        assert item["url"] is None if not teaser.url else item["url"].startswith("http://")
    assert data["provenance"] == {"canonical_url": None, "original": None}


def test_detail_body_is_the_stored_html_when_the_page_cache_filled_it(client, network):
    article = network["canonical"]
    ArticlePage.objects.filter(pk=article.pk).update(body_html="<p>Сохранённый текст</p>")
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert data["body"] == "<p>Сохранённый текст</p>"


def test_syndicated_copy_names_its_original_and_the_external_source(client, network):
    original = network["canonical"]
    spec = ArticleSpec(
        slug="technopolis-copy",
        headline=original.title,
        published_at=original.published_at,
        text_credit="Звёздный бульвар",
    )
    copy, _ = upsert_article(network["yugozapad"], spec)
    copy.original = original
    copy.canonical_url = "https://www.mos.ru/news/item/000/"
    copy.save_revision().publish()
    data = client.get(f"/api/v1/articles/{copy.pk}/").json()
    assert data["outlet"]["slug"] == "yugozapad"
    assert data["text_credit"] == "Звёздный бульвар"
    assert data["provenance"]["canonical_url"] == "https://www.mos.ru/news/item/000/"
    assert data["provenance"]["original"]["id"] == original.pk
    assert data["provenance"]["original"]["url"] == "http://zvezdny.localhost/technopolis-2023/"
    assert data["provenance"]["original"]["outlet"]["slug"] == "zvezdny"


def test_article_without_photo_has_null_photo(client, network):
    spec = ArticleSpec(slug="no-photo", headline="Без фото", published_at=datetime(2024, 5, 1))
    article, _ = upsert_article(network["zvezdny"], spec)
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert data["photo"] is None
    assert data["body"] == ""


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/outlets/", "/api/v1/regions/"])
def test_a_longer_page_costs_no_more_queries(client, network, url, steady_queries):
    client.get(url, {"per_page": 2})  # warm Wagtail's per-process site cache
    with CaptureQueriesContext(connection) as short:
        client.get(url, {"per_page": 2})
    with CaptureQueriesContext(connection) as long:
        client.get(url, {"per_page": 30})
    assert len(long.captured_queries) == len(short.captured_queries)
