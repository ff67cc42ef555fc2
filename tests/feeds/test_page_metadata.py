"""What an article page tells search engines and messengers: NewsArticle JSON-LD and
OpenGraph tags; and the feed links of outlet listings."""

import json
import re
from datetime import datetime, timedelta, timezone

import lxml.html
import pytest

from vestnik.articles.models import Tag
from vestnik.articles.upsert import tag_named

pytestmark = pytest.mark.django_db

ZVEZDNY = "zvezdny.localhost"
CANONICAL_URL = "http://zvezdny.localhost/technopolis-2023/"
MOSCOW = timezone(timedelta(hours=3))


def page(client, path: str, host: str = ZVEZDNY) -> str:  # type: ignore[no-untyped-def]
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return str(response.content.decode())


def json_ld(html: str) -> dict:  # type: ignore[type-arg]
    [script] = lxml.html.fromstring(html).xpath('//script[@type="application/ld+json"]')
    return json.loads(script.text)  # type: ignore[no-any-return]


def meta(html: str, name: str) -> list[str]:
    head = lxml.html.fromstring(html).head
    return head.xpath(f'meta[@property="{name}" or @name="{name}"]/@content')


def test_canonical_json_ld_describes_the_news_article(client, network):
    data = json_ld(page(client, "/technopolis-2023/"))
    canonical = network["canonical"]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == canonical.title
    assert data["description"] == canonical.lead
    assert data["url"] == data["mainEntityOfPage"]["@id"] == CANONICAL_URL
    assert data["datePublished"] == "2024-01-29T09:41:00+03:00"
    assert datetime.fromisoformat(data["datePublished"]) == datetime(
        2024, 1, 29, 9, 41, tzinfo=MOSCOW
    )
    assert datetime.fromisoformat(data["dateModified"]) >= datetime.fromisoformat(
        data["datePublished"]
    )
    assert data["inLanguage"] == "ru"


def test_canonical_json_ld_credits_text_and_publisher(client, network):
    data = json_ld(page(client, "/technopolis-2023/"))
    outlet = {
        "@type": "Organization",
        "name": "Звёздный бульвар",
        "url": "http://zvezdny.localhost/",
    }
    assert data["publisher"] == outlet
    assert data["author"] == outlet  # «Текст: Звёздный бульвар» is the outlet itself
    assert data["creditText"] == "Звёздный бульвар"


def test_canonical_json_ld_image_carries_the_photo_credit(client, network):
    data = json_ld(page(client, "/technopolis-2023/"))
    image = data["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"].startswith("http://zvezdny.localhost/media/images/")
    assert (image["width"], image["height"]) == (960, 540)
    assert image["caption"] == network["canonical"].photo.caption
    assert image["creditText"] == "Д. Гришкин, mos.ru. Пресс-служба мэра и Правительства Москвы"
    assert image["creator"] == {"@type": "Person", "name": "Д. Гришкин"}
    assert image["copyrightHolder"] == {
        "@type": "Organization",
        "name": "mos.ru. Пресс-служба мэра и Правительства Москвы",
    }
    response = client.get(image["url"].removeprefix("http://zvezdny.localhost"), HTTP_HOST=ZVEZDNY)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # read to the end, which closes the file


def test_canonical_json_ld_places_the_article_in_its_okrug(client, network):
    data = json_ld(page(client, "/technopolis-2023/"))
    assert data["contentLocation"] == [
        {
            "@type": "Place",
            "name": "Северо-Восточный административный округ",
            "containedInPlace": {"@type": "Place", "name": "Москва"},
        }
    ]
    assert set(data["keywords"]) == {tag.name for tag in network["canonical"].tags.all()}


def test_district_article_names_its_district_within_the_okrug(client, publish):
    article = publish("marfino-park", regions=("marfino", "ostankinskiy"))
    data = json_ld(page(client, f"/{article.slug}/"))
    names = {place["name"]: place for place in data["contentLocation"]}
    assert set(names) == {"Район Марфино", "Район Останкинский"}
    assert (
        names["Район Марфино"]["containedInPlace"]["name"]
        == "Северо-Восточный административный округ"
    )
    assert names["Район Марфино"]["containedInPlace"]["containedInPlace"]["name"] == "Москва"


def test_a_person_credit_is_the_author(client, network, publish):
    article = publish("bylined")
    article.text_credit = "Мария Петрова"
    article.save_revision().publish()
    data = json_ld(page(client, "/bylined/"))
    assert data["author"] == {"@type": "Person", "name": "Мария Петрова"}
    assert "image" not in data


def test_hostile_headline_stays_inside_the_json_ld(client, publish):
    headline = '</script><script>alert(1)</script><!-- «Заголовок» & "кавычки"'
    publish("hostile-headline", headline)
    html = page(client, "/hostile-headline/")
    assert html.count("</script>") == 1
    assert "<script>alert(1)" not in html
    assert len(lxml.html.fromstring(html).xpath("//script")) == 1
    assert json_ld(html)["headline"] == headline
    assert meta(html, "og:title") == [headline]


def test_canonical_open_graph_tags(client, network):
    html = page(client, "/technopolis-2023/")
    canonical = network["canonical"]
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == [canonical.title]
    assert meta(html, "og:description") == [canonical.lead]
    assert meta(html, "og:url") == [CANONICAL_URL]
    assert meta(html, "og:site_name") == ["Звёздный бульвар"]
    assert meta(html, "og:locale") == ["ru_RU"]
    assert meta(html, "og:image") == [json_ld(html)["image"]["url"]]
    assert meta(html, "article:published_time") == ["2024-01-29T09:41:00+03:00"]
    assert sorted(meta(html, "article:tag")) == sorted(tag.name for tag in canonical.tags.all())
    assert meta(html, "twitter:card") == ["summary_large_image"]


def test_outlet_home_links_its_rss_and_atom_feeds(client, network):
    head = lxml.html.fromstring(page(client, "/")).head
    alternates = {
        link.get("type"): link.get("href") for link in head.xpath('link[@rel="alternate"]')
    }
    assert alternates == {"application/rss+xml": "/rss/", "application/atom+xml": "/atom/"}
    for href in alternates.values():
        assert client.get(href, HTTP_HOST=ZVEZDNY).status_code == 200


def test_tag_and_region_pages_link_their_own_feeds(client, network):
    tag = Tag.objects.get(name="промышленность")
    for path in (f"/tags/{tag.slug}/", "/regions/svao/"):
        head = lxml.html.fromstring(page(client, path)).head
        feeds = head.xpath('link[@rel="alternate"][@type="application/rss+xml"]/@href')
        assert feeds == ["/rss/", f"{path}rss/"]
        assert client.get(f"{path}rss/", HTTP_HOST=ZVEZDNY).status_code == 200


def test_json_ld_is_the_only_script(client, network):
    html = page(client, "/technopolis-2023/")
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']


def test_preview_describes_the_editors_unsaved_tags(network):
    article = network["canonical"]
    article.tags.set([tag_named("черновой тег")])  # in memory only, as in the admin's preview
    html = article.make_preview_request().content.decode()
    assert meta(html, "article:tag") == ["черновой тег"]
    assert json_ld(html)["keywords"] == ["черновой тег"]


def test_outlets_own_article_is_based_on_nothing(client, network):
    assert "isBasedOn" not in json_ld(page(client, "/technopolis-2023/"))


def test_syndicated_copy_is_based_on_the_original(client, network, publish):
    copy = publish("technopolis-copy", network["canonical"].title, outlet="yugozapad")
    copy.original = network["canonical"]
    copy.save_revision().publish()
    data = json_ld(page(client, "/technopolis-copy/", host="yugozapad.localhost"))
    assert data["isBasedOn"] == CANONICAL_URL
    assert data["url"] == "http://yugozapad.localhost/technopolis-copy/"
    assert data["publisher"]["name"] == "Юго-Западный курьер"


def test_ingested_item_is_based_on_its_external_source(client, publish):
    article = publish("from-mos-ru")
    article.canonical_url = "https://www.mos.ru/news/item/123/"
    article.save_revision().publish()
    assert (
        json_ld(page(client, "/from-mos-ru/"))["isBasedOn"] == "https://www.mos.ru/news/item/123/"
    )
