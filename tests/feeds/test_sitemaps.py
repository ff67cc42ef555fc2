"""sitemap.xml, news-sitemap.xml and robots.txt of an outlet, validated against the sitemap
protocol's structure (schemas/, written for these tests) with lxml."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from vestnik.articles.models import ArticlePage, Tag

pytestmark = pytest.mark.django_db

ZVEZDNY = "zvezdny.localhost"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}
SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "sitemap.xsd")))


def fetch_valid(client, path: str, host: str = ZVEZDNY) -> etree._Element:  # type: ignore[no-untyped-def]
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    tree = etree.fromstring(response.content)
    assert SCHEMA.validate(tree), SCHEMA.error_log
    return tree


def locations(tree: etree._Element) -> list[str]:
    return tree.xpath("//sm:url/sm:loc/text()", namespaces=NS)


def test_sitemap_lists_home_articles_and_listing_pages(client, network):
    tree = fetch_valid(client, "/sitemap.xml")
    urls = locations(tree)
    assert urls[0] == "http://zvezdny.localhost/"
    articles = ArticlePage.objects.live().for_outlet(network["zvezdny"])
    assert {article.get_full_url() for article in articles} <= set(urls)
    assert "http://zvezdny.localhost/regions/svao/" in urls
    for tag in network["canonical"].tags.all():
        assert f"http://zvezdny.localhost/tags/{tag.slug}/" in urls
    assert len(urls) == len(set(urls))


def test_sitemap_keeps_to_its_outlet(client, network):
    urls = locations(fetch_valid(client, "/sitemap.xml"))
    assert all(url.startswith("http://zvezdny.localhost/") for url in urls)
    for article in ArticlePage.objects.live().for_outlet(network["zelpanorama"]):
        assert article.get_full_url() not in urls
        assert f"/{article.slug}/" not in "".join(urls)


def test_sitemap_dates_are_moscow_time(client, network):
    tree = fetch_valid(client, "/sitemap.xml")
    loc = "http://zvezdny.localhost/technopolis-2023/"
    [lastmod] = tree.xpath(f"//sm:url[sm:loc='{loc}']/sm:lastmod/text()", namespaces=NS)
    assert lastmod.endswith("+03:00")
    moment = datetime.fromisoformat(lastmod)
    assert moment == network["canonical"].last_published_at.replace(microsecond=0)


def test_tag_page_lastmod_is_its_newest_article_across_the_network(client, network, publish):
    tag = Tag.objects.get(name="промышленность")
    elsewhere = publish("zelenograd-industry", outlet="zelpanorama", tags=("промышленность",))
    tree = fetch_valid(client, "/sitemap.xml")
    loc = f"http://zvezdny.localhost/tags/{tag.slug}/"
    [lastmod] = tree.xpath(f"//sm:url[sm:loc='{loc}']/sm:lastmod/text()", namespaces=NS)
    assert datetime.fromisoformat(lastmod) == elsewhere.last_published_at.replace(microsecond=0)


def test_okrug_page_lastmod_counts_its_districts_articles(client, network, publish):
    publish("svao-own", regions=("svao",), published_at=timezone.now() - timedelta(days=3))
    district = publish("marfino-later", regions=("marfino",))
    tree = fetch_valid(client, "/sitemap.xml")
    loc = "http://zvezdny.localhost/regions/svao/"
    [lastmod] = tree.xpath(f"//sm:url[sm:loc='{loc}']/sm:lastmod/text()", namespaces=NS)
    assert datetime.fromisoformat(lastmod) == district.last_published_at.replace(microsecond=0)


def test_news_sitemap_lists_the_last_48_hours_only(client, network, publish):
    fresh = publish("fresh-news", "Свежая новость <с разметкой> & «кавычками»")
    publish("old-news", published_at=timezone.now() - timedelta(hours=49))
    publish("future-news", published_at=timezone.now() + timedelta(hours=2))
    tree = fetch_valid(client, "/news-sitemap.xml")
    assert tree.nsmap == {None: SITEMAP_NS, "news": NEWS_NS}
    assert locations(tree) == [fresh.get_full_url()]
    [news] = tree.xpath("//news:news", namespaces=NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Звёздный бульвар"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "ru"
    assert news.findtext("news:title", namespaces=NS) == fresh.title
    published = datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    assert published == fresh.published_at.replace(microsecond=0)
    assert published.utcoffset() == timedelta(hours=3)


def test_demo_articles_are_too_old_for_the_news_sitemap(client, network):
    assert locations(fetch_valid(client, "/news-sitemap.xml")) == []


@pytest.mark.parametrize("path", ["/sitemap.xml", "/news-sitemap.xml"])
def test_unpublished_and_scheduled_articles_are_missing_from_sitemaps(client, unpublished, path):
    urls = " ".join(locations(fetch_valid(client, path)))
    for slug in unpublished:
        assert f"/{slug}/" not in urls


def test_robots_txt_points_to_both_sitemaps_and_keeps_out_admin_and_search(client, network):
    response = client.get("/robots.txt", HTTP_HOST="zelpanorama.localhost")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        "Sitemap: http://zelpanorama.localhost/sitemap.xml",
        "Sitemap: http://zelpanorama.localhost/news-sitemap.xml",
    ]


def test_robots_txt_names_the_sitemaps_that_exist(client, network):
    text = client.get("/robots.txt", HTTP_HOST=ZVEZDNY).content.decode()
    for line in text.splitlines():
        if line.startswith("Sitemap: "):
            path = line.removeprefix("Sitemap: http://zvezdny.localhost")
            assert client.get(path, HTTP_HOST=ZVEZDNY).status_code == 200
