"""RSS and Atom feeds of an outlet, read back with feedparser as a feed reader would."""

import calendar
from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from vestnik.articles.models import ArticlePage, Tag
from vestnik.feeds import feeds as feeds_module
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db

ZVEZDNY = "zvezdny.localhost"
CANONICAL_URL = "http://zvezdny.localhost/technopolis-2023/"
MEDIA = "http://search.yahoo.com/mrss/"
PHOTO_CREDIT = "Д. Гришкин, mos.ru. Пресс-служба мэра и Правительства Москвы"


def fetch(client, path: str, host: str = ZVEZDNY) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (path, response.status_code)
    return bytes(response.content)


def parse(client, path: str, host: str = ZVEZDNY) -> feedparser.FeedParserDict:  # type: ignore[no-untyped-def]
    feed = feedparser.parse(fetch(client, path, host))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def links(feed: feedparser.FeedParserDict) -> list[str]:
    return [entry.link for entry in feed.entries]


def full_urls(articles) -> list[str]:  # type: ignore[no-untyped-def]
    return [article.get_full_url() for article in articles]


def entry_for(feed: feedparser.FeedParserDict, url: str) -> feedparser.FeedParserDict:
    return next(entry for entry in feed.entries if entry.link == url)


def test_outlet_rss_lists_its_live_articles_newest_first(client, network):
    feed = parse(client, "/rss/")
    assert feed.version == "rss20"
    assert feed.feed.title == "Звёздный бульвар"
    assert feed.feed.language == "ru"
    expected = ArticlePage.objects.live().for_outlet(network["zvezdny"]).newest_first()
    assert links(feed) == full_urls(expected)
    assert [entry.title for entry in feed.entries] == [article.title for article in expected]


def test_canonical_item_is_dated_in_moscow_time(client, network):
    raw = fetch(client, "/rss/").decode()
    assert "<pubDate>Mon, 29 Jan 2024 09:41:00 +0300</pubDate>" in raw
    entry = entry_for(parse(client, "/rss/"), CANONICAL_URL)
    # feedparser normalises to UTC: 09:41 in Moscow is 06:41 UTC.
    assert calendar.timegm(entry.published_parsed) == calendar.timegm((2024, 1, 29, 6, 41, 0))


def test_canonical_item_carries_the_full_text(client, network):
    entry = entry_for(parse(client, "/rss/"), CANONICAL_URL)
    canonical = network["canonical"]
    assert entry.summary == canonical.lead
    html = entry.content[0].value
    assert canonical.lead in html
    assert "35 новых производств" in html
    assert "<p>" in html and "w-block" not in html
    assert entry.author == "Звёздный бульвар"
    assert entry.id == CANONICAL_URL


def test_guid_is_the_permanent_article_url(client, network):
    raw = fetch(client, "/rss/").decode()
    assert f'<guid isPermaLink="true">{CANONICAL_URL}</guid>' in raw


def test_canonical_item_has_yandex_full_text_without_markup(client, network):
    tree = etree.fromstring(fetch(client, "/rss/"))
    item = next(i for i in tree.iter("item") if i.findtext("link") == CANONICAL_URL)
    text = item.findtext("{http://news.yandex.ru}full-text")
    assert text.startswith(network["canonical"].lead + "\n\n")
    assert "35 новых производств" in text
    assert "<" not in text


def test_canonical_item_has_its_photo_as_enclosure_and_media_content(client, network):
    entry = entry_for(parse(client, "/rss/"), CANONICAL_URL)
    [enclosure] = entry.enclosures
    assert enclosure.type == "image/png"
    assert enclosure.href.startswith("http://zvezdny.localhost/media/images/")
    # Reading the stream to its end closes the file (and nothing else: closing it again
    # would close the test's database connection on PostgreSQL).
    image = client.get(enclosure.href.removeprefix("http://zvezdny.localhost"))
    assert int(enclosure.length) == len(b"".join(image.streaming_content)) > 0
    [media] = entry.media_content
    assert media["url"] == enclosure.href
    assert (media["width"], media["height"]) == ("960", "540")
    assert entry.media_credit[0]["content"] == PHOTO_CREDIT
    tree = etree.fromstring(fetch(client, "/rss/"))
    caption = tree.findtext(
        f".//item[link='{CANONICAL_URL}']/{{{MEDIA}}}content/{{{MEDIA}}}description"
    )
    assert caption == network["canonical"].photo.caption


def test_canonical_item_has_its_tags_as_categories(client, network):
    entry = entry_for(parse(client, "/rss/"), CANONICAL_URL)
    assert {tag.term for tag in entry.tags} == {tag.name for tag in network["canonical"].tags.all()}


def test_atom_feed_carries_the_same_articles_in_full(client, network):
    feed = parse(client, "/atom/")
    assert feed.version == "atom10"
    assert links(feed) == links(parse(client, "/rss/"))
    entry = entry_for(feed, CANONICAL_URL)
    assert "35 новых производств" in entry.content[0].value
    assert entry.published.startswith("2024-01-29T09:41:00+03:00")


def test_feed_is_limited_to_the_newest_articles(client, network, monkeypatch):
    monkeypatch.setattr(feeds_module, "FEED_LENGTH", 3)
    newest = ArticlePage.objects.live().for_outlet(network["zvezdny"]).newest_first()[:3]
    assert links(parse(client, "/rss/")) == full_urls(newest)


def test_each_outlet_has_its_own_feed(client, network):
    feed = parse(client, "/rss/", host="zelpanorama.localhost")
    assert feed.feed.title == "Зеленоградская панорама"
    expected = ArticlePage.objects.live().for_outlet(network["zelpanorama"]).newest_first()
    assert links(feed) == full_urls(expected)
    assert all(link.startswith("http://zelpanorama.localhost/") for link in links(feed))


def test_tag_feed_lists_exactly_the_tagged_articles(client, network):
    tag = Tag.objects.get(name="промышленность")
    feed = parse(client, f"/tags/{tag.slug}/rss/")
    expected = ArticlePage.objects.live().tagged(tag).newest_first()
    assert CANONICAL_URL in links(feed)
    assert links(feed) == full_urls(expected)
    assert len(links(feed)) < ArticlePage.objects.live().count()
    assert feed.feed.link == f"http://zvezdny.localhost/tags/{tag.slug}/"


def test_okrug_feed_includes_its_districts_articles(client, network, publish):
    marfino = publish("marfino-fresh", regions=("marfino",))
    elsewhere = publish("yasenevo-fresh", outlet="yugozapad", regions=("yasenevo",))
    okrug = links(parse(client, "/regions/svao/rss/"))
    district = links(parse(client, "/regions/marfino/rss/"))
    assert marfino.get_full_url() in okrug and marfino.get_full_url() in district
    assert CANONICAL_URL in okrug and CANONICAL_URL not in district
    assert elsewhere.get_full_url() not in okrug
    svao = Region.objects.get(slug="svao")
    assert okrug == full_urls(ArticlePage.objects.live().in_region(svao).newest_first())


@pytest.mark.parametrize(
    "path",
    ["/rss/", "/atom/", "/tags/promyshlennost/rss/", "/regions/svao/rss/", "/regions/marfino/rss/"],
)
def test_unpublished_and_scheduled_articles_are_missing_from_feeds(client, unpublished, path):
    feed = parse(client, path)
    for article in unpublished.values():
        assert not any(article.slug in link for link in links(feed))
        assert article.title not in fetch(client, path).decode()


def test_unknown_tag_or_region_feed_is_a_404(client, network):
    assert client.get("/tags/net-takogo-tega/rss/", HTTP_HOST=ZVEZDNY).status_code == 404
    assert client.get("/regions/net-takogo/rss/", HTTP_HOST=ZVEZDNY).status_code == 404


def test_control_characters_in_a_headline_do_not_break_the_feed(client, publish):
    # (NUL is refused by PostgreSQL itself, so it never reaches a feed.)
    article = publish("control-chars", "Заголовок\x0bс вертикальной\x1f табуляцией")
    entry = entry_for(parse(client, "/rss/"), article.get_full_url())
    assert entry.title == "Заголовок с вертикальной табуляцией"


def test_markup_in_a_headline_is_text_in_the_feed(client, publish):
    headline = "</title><script>alert(1)</script> & «кавычки»"
    article = publish("markup-headline", headline)
    raw = fetch(client, "/rss/").decode()
    assert "<script>" not in raw
    assert entry_for(parse(client, "/rss/"), article.get_full_url()).title == headline


def test_fresh_article_appears_first(client, publish):
    article = publish("fresh-one", published_at=timezone.now() - timedelta(minutes=5))
    assert links(parse(client, "/rss/"))[0] == article.get_full_url()


def test_feed_is_built_in_a_fixed_number_of_queries(client, network, publish, steady_queries):
    def count_queries() -> int:
        fetch(client, "/regions/svao/rss/")  # the first view makes the photo renditions
        with CaptureQueriesContext(connection) as queries:
            fetch(client, "/regions/svao/rss/")
        return len(queries)

    before = count_queries()
    for number in range(3):
        publish(f"more-{number}", photo=True, tags=("промышленность",), regions=("marfino",))
    assert count_queries() == before
