"""The Дзен and Яндекс feeds against the rules of their help pages (``feeds.aggregators`` lists
them with their sources), read back with lxml as the aggregators' robots read them."""

import doctest
from datetime import timedelta
from email.utils import parsedate_to_datetime

import lxml.html
import pytest
from django.utils import timezone
from lxml import etree
from wagtail.models import PageViewRestriction

from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, PhotoSpec, upsert_article
from vestnik.feeds import aggregators, full_text
from vestnik.feeds import feeds as feeds_module
from vestnik.feeds.aggregators import DZEN_TAGS, DzenFeed, YandexFeed
from vestnik.outlets.models import Section
from vestnik.pagecache.surfaces import pages_showing
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db

ZVEZDNY = "zvezdny.localhost"
HOME = f"http://{ZVEZDNY}/"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
MEDIA_RATING = "{http://search.yahoo.com/mrss/}rating"
YANDEX = "http://news.yandex.ru"
ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
# Markup an ingested or pasted body may bring, none of which Дзен lays out.
HOSTILE_BODY = (
    '<p class="lead" onclick="steal()">Парк <b>открыт</b> после ремонта. '
    '<a href="/tags/parki/" target="_blank" style="color:red">Все парки</a>'
    "<script>alert('xss')</script></p>"
    '<iframe src="https://video.example/embed/1"></iframe>'
    "<style>p { color: red }</style>"
    '<p><span style="font-weight:bold">Работает</span> с 8:00 <em>до</em> 22:00.</p>'
    '<p><a href="javascript:alert(1)">ссылка-ловушка</a></p>'
)


def fetch(client, path: str) -> etree._Element:  # type: ignore[no-untyped-def]
    response = client.get(path, HTTP_HOST=ZVEZDNY)
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"].startswith("application/rss+xml; charset=utf-8")
    return etree.fromstring(response.content)


def item_for(feed: etree._Element, article: ArticlePage) -> etree._Element:
    url = article.get_full_url()
    return next(item for item in feed.iter("item") if item.findtext("link") == url)


def links(feed: etree._Element) -> list[str]:
    return [item.findtext("link") for item in feed.iter("item")]


def publish_news(  # type: ignore[no-untyped-def]
    network, slug: str, *, age=timedelta(hours=1), body=(), photo=False, regions=(), **spec
) -> ArticlePage:
    article, _ = upsert_article(
        network["zvezdny"],
        ArticleSpec(
            slug=slug,
            headline=spec.pop("headline", f"Новость {slug}"),
            published_at=timezone.now() - age,
            lead=spec.pop("lead", f"Лид новости {slug}."),
            paragraphs=(f"Текст новости {slug}.",),
            body=body,
            regions=tuple(Region.objects.get(slug=slug) for slug in regions),
            photo=PhotoSpec(caption="Сирень во дворе", credit_author="А. Фотографова")
            if photo
            else None,
            **spec,
        ),
    )
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def illustrated(network) -> ArticlePage:  # type: ignore[no-untyped-def]
    """A fresh article with a photo, a hostile body and an image inside the body."""
    image = network["canonical"].photo
    return publish_news(
        network,
        "park-otkryt",
        photo=True,
        body=(("html", {"html": HOSTILE_BODY}), ("image", {"image": image.pk, "caption": ""})),
    )


# Дзен: namespaces and the elements every item needs


def test_dzen_feed_has_every_required_element(client, illustrated):
    feed = fetch(client, "/rss/dzen/")
    assert feed.tag == "rss" and feed.get("version") == "2.0"
    assert feed.nsmap["content"] == "http://purl.org/rss/1.0/modules/content/"
    assert feed.nsmap["media"] == "http://search.yahoo.com/mrss/"
    channel = feed.find("channel")
    assert channel.findtext("title") == "Звёздный бульвар"
    assert channel.findtext("link") == HOME
    assert channel.findtext("language") == "ru"
    items = feed.findall("channel/item")
    assert items, "the fresh article is in the feed"
    for item in items:
        assert item.findtext("title") and item.findtext("link").startswith(HOME)
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false" and guid.text.startswith(f"tag:{ZVEZDNY},")
        # RFC 822 with the Moscow offset, as Дзен parses it.
        published = parsedate_to_datetime(item.findtext("pubDate"))
        assert published.utcoffset() == timedelta(hours=3)
        rating = item.find(MEDIA_RATING)
        assert (rating.text, rating.get("scheme")) == ("nonadult", "urn:simple")
        categories = {category.text for category in item.findall("category")}
        assert categories == {"format-article", "index", "comment-all"}
        assert item.findtext(CONTENT).strip()


def test_dzen_text_keeps_only_the_tags_dzen_allows(client, illustrated):
    html = item_for(fetch(client, "/rss/dzen/"), illustrated).findtext(CONTENT)
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in tree.iterdescendants():
        assert element.tag in DZEN_TAGS, element.tag
        assert set(element.attrib) <= DZEN_TAGS[element.tag], (element.tag, element.attrib)
    text = tree.text_content()
    assert "alert" not in text and "color: red" not in text
    assert "Работает с 8:00 до 22:00." in text  # the span and em leave their words
    assert "ссылка-ловушка" in text
    hrefs = tree.xpath("//a/@href")
    assert hrefs == [f"{HOME}tags/parki/"]  # made absolute; the javascript: one is gone
    assert all(src.startswith(HOME) for src in tree.xpath("//img/@src"))


def test_every_image_of_the_text_is_an_enclosure_with_its_type(client, illustrated):
    item = item_for(fetch(client, "/rss/dzen/"), illustrated)
    html = lxml.html.fragment_fromstring(item.findtext(CONTENT), create_parent="div")
    sources = html.xpath("//img/@src")
    assert len(sources) == 2  # the article's photo first, then the body's image
    enclosures = item.findall("enclosure")
    assert [enclosure.get("url") for enclosure in enclosures] == sources
    for enclosure in enclosures:
        assert enclosure.get("url").startswith(f"{HOME}media/images/")
        assert enclosure.get("type") in {"image/jpeg", "image/png", "image/webp"}
    caption = html.find(".//figure/figcaption").text_content()
    assert "Сирень во дворе" in caption and "А. Фотографова" in caption


def test_an_adult_outlet_rates_its_items_adult(client, illustrated, network):
    from vestnik.outlets.identity import OutletIdentity

    site = network["zvezdny"].get_site()
    OutletIdentity.objects.update_or_create(site=site, defaults={"age_mark": "18+"})
    item = item_for(fetch(client, "/rss/dzen/"), illustrated)
    assert item.find(MEDIA_RATING).text == "adult"


# Яндекс


def test_yandex_feed_has_its_namespace_logos_and_item_elements(client, illustrated):
    feed = fetch(client, "/rss/yandex/")
    assert feed.nsmap["yandex"] == YANDEX
    channel = feed.find("channel")
    logos = channel.findall(f"{{{YANDEX}}}logo")
    assert [logo.get("type") for logo in logos] == [None, "square"]
    assert all(logo.text.startswith(f"{HOME}media/images/") for logo in logos)
    item = item_for(feed, illustrated)
    assert item.findtext(f"{{{YANDEX}}}genre") == "message"
    full_text = item.findtext(f"{{{YANDEX}}}full-text")
    assert full_text.startswith("Лид новости park-otkryt.")
    assert "Парк открыт после ремонта." in full_text
    assert "<" not in full_text and "alert" not in full_text
    [enclosure] = item.findall("enclosure")
    assert enclosure.get("url").startswith(f"{HOME}media/images/")
    assert enclosure.get("type").startswith("image/")
    assert parsedate_to_datetime(item.findtext("pubDate")).utcoffset() == timedelta(hours=3)
    assert item.find("guid").get("isPermaLink") == "false"


def test_yandex_feed_stays_within_its_size_limit(client, network, monkeypatch):
    for number in range(4):
        publish_news(network, f"razmer-{number}", age=timedelta(hours=number + 1))
    whole = client.get("/rss/yandex/", HTTP_HOST=ZVEZDNY).content
    monkeypatch.setattr(YandexFeed, "max_bytes", len(whole) - 1)
    trimmed = client.get("/rss/yandex/", HTTP_HOST=ZVEZDNY).content
    assert len(trimmed) <= len(whole) - 1
    kept = links(etree.fromstring(trimmed))
    assert kept and kept == links(etree.fromstring(whole))[: len(kept)]  # the newest stay


# Rules both share: guid, age, count, escaping


@pytest.mark.parametrize("path", ["/rss/dzen/", "/rss/yandex/"])
def test_guid_stays_the_same_after_the_headline_and_slug_change(client, network, path):
    article = publish_news(network, "staryi-zagolovok")
    before = item_for(fetch(client, path), article).findtext("guid")
    article.title = "Новый заголовок той же новости"
    article.slug = "novyi-zagolovok"
    article.save_revision().publish()
    edited = ArticlePage.objects.get(pk=article.pk)
    item = item_for(fetch(client, path), edited)
    assert item.findtext("link").endswith("/novyi-zagolovok/")
    assert item.findtext("guid") == before


@pytest.mark.parametrize(("path", "days"), [("/rss/dzen/", 3), ("/rss/yandex/", 8)])
def test_articles_older_than_the_profile_allows_are_left_out(client, network, path, days):
    fresh = publish_news(network, "svezhaya", age=timedelta(days=days) - timedelta(hours=1))
    old = publish_news(network, "staraya", age=timedelta(days=days) + timedelta(hours=1))
    shown = links(fetch(client, path))
    assert fresh.get_full_url() in shown
    assert old.get_full_url() not in shown
    assert network["canonical"].get_full_url() not in shown  # the demo's story of 2024


@pytest.mark.parametrize("profile", [DzenFeed, YandexFeed])
def test_feed_holds_at_most_its_count_of_the_newest(client, network, monkeypatch, profile):
    newest = [publish_news(network, f"podryad-{n}", age=timedelta(minutes=n + 1)) for n in range(3)]
    monkeypatch.setattr(profile, "length", 2)
    path = "/rss/dzen/" if profile is DzenFeed else "/rss/yandex/"
    assert links(fetch(client, path)) == [article.get_full_url() for article in newest[:2]]


@pytest.mark.parametrize("path", ["/rss/dzen/", "/rss/yandex/"])
def test_russian_text_and_markup_characters_come_through_intact(client, network, path):
    headline = "«Ёлки» & <ели> в Марфине: 100% — «да»"
    article = publish_news(network, "yolki", headline=headline, lead="Лид с «ёлочками» & <тегом>.")
    raw = client.get(path, HTTP_HOST=ZVEZDNY).content
    assert raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert "«Ёлки»".encode() in raw  # UTF-8 as it is, not as character references
    assert b"<\xd0\xb5\xd0\xbb\xd0\xb8>" not in raw  # «<ели>» is escaped, not an element
    item = item_for(etree.fromstring(raw), article)
    assert item.findtext("title") == headline
    assert item.findtext("description") == "Лид с «ёлочками» & <тегом>."


# Which articles, which listings


def test_section_and_region_feeds_carry_their_articles(client, network):
    section = Section.objects.filter(outlet=network["zvezdny"]).order_by("pk").first()
    article = publish_news(network, "v-rubrike", regions=("marfino",))
    article.section = section
    article.save_revision().publish()
    okrug = Region.objects.get(slug="marfino").parent
    for path in (
        f"/rubrics/{section.slug}/rss/dzen/",
        f"/rubrics/{section.slug}/rss/yandex/",
        "/regions/marfino/rss/dzen/",
        f"/regions/{okrug.slug}/rss/yandex/",
    ):
        assert article.get_full_url() in links(fetch(client, path)), path
    assert article.get_full_url() not in links(fetch(client, "/regions/yasenevo/rss/dzen/"))
    unknown = client.get("/rubrics/net-takoi/rss/dzen/", HTTP_HOST=ZVEZDNY)
    assert unknown.status_code == 404


FEEDS = ["/rss/dzen/", "/rss/yandex/", "/regions/marfino/rss/dzen/", "/regions/marfino/rss/yandex/"]


@pytest.mark.parametrize("path", FEEDS)
def test_unpublished_scheduled_and_restricted_articles_never_appear(
    client, network, unpublished, path
):
    restricted = publish_news(network, "zakrytaya", regions=("marfino",))
    assert restricted.get_full_url() in links(fetch(client, path))
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="sekret"
    )
    raw = client.get(path, HTTP_HOST=ZVEZDNY).content.decode()
    for article in (restricted, *unpublished.values()):
        assert article.slug not in raw and article.title not in raw


def test_a_publish_purges_the_dzen_and_yandex_feeds_it_shows_in(network):
    section = Section.objects.filter(outlet=network["zvezdny"]).order_by("pk").first()
    article = publish_news(network, "purge", regions=("marfino",))
    article.section = section
    article.save_revision().publish()
    paths = {address.path for address in pages_showing(article) if address.host == ZVEZDNY}
    okrug = Region.objects.get(slug="marfino").parent.slug
    assert {
        "/rss/dzen/",
        "/rss/yandex/",
        f"/rubrics/{section.slug}/rss/dzen/",
        f"/rubrics/{section.slug}/rss/yandex/",
        "/regions/marfino/rss/dzen/",
        f"/regions/{okrug}/rss/yandex/",
    } <= paths


# WebSub discovery


FEED_PATHS = ["/rss/", "/atom/", "/rss/dzen/", "/rss/yandex/", "/regions/marfino/rss/yandex/"]


@pytest.mark.parametrize("path", FEED_PATHS)
def test_every_feed_names_the_hub_and_itself_when_a_hub_is_set(client, network, settings, path):
    settings.VESTNIK_WEBSUB_HUB_URL = "https://hub.example.ru/"
    feed = etree.fromstring(client.get(path, HTTP_HOST=ZVEZDNY).content)
    if feed.tag == "rss":
        found = {link.get("rel"): link.get("href") for link in feed.iter(ATOM_LINK)}
    else:
        found = {
            link.get("rel"): link.get("href")
            for link in feed.findall("{http://www.w3.org/2005/Atom}link")
        }
    assert found["hub"] == "https://hub.example.ru/"
    assert found["self"] == f"http://{ZVEZDNY}{path}"


@pytest.mark.parametrize("path", ["/rss/", "/rss/dzen/"])
def test_no_hub_is_named_without_one(client, network, path):
    raw = client.get(path, HTTP_HOST=ZVEZDNY).content.decode()
    assert 'rel="hub"' not in raw


@pytest.mark.parametrize("module", [aggregators, full_text, feeds_module])
def test_docstring_examples_hold(module):  # type: ignore[no-untyped-def]
    failures, tried = doctest.testmod(module)
    assert tried and not failures
