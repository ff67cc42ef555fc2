"""The article page beyond the seed's elements: its byline, districts, share links and
responsive pictures; the author's page; the listings' thumbnails in a fixed number of queries."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import default_storage

from tests.articles.admin_forms import article_form_data
from vestnik.articles.models import ArticlePage, Author, Byline, VestnikRendition
from vestnik.articles.pictures import LEAD_PICTURE, picture_renditions

pytestmark = pytest.mark.django_db

CANONICAL_URL = "/technopolis-2023/"


def html_of(client, article: ArticlePage) -> str:
    response = client.get(article.url, HTTP_HOST=article.get_site().hostname)
    assert response.status_code == 200
    return response.content.decode()


def with_byline(article: ArticlePage, *authors: Author) -> ArticlePage:
    article.bylines = [Byline(author=author) for author in authors]
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def two_authors(db):
    return (
        Author.objects.create(name="Ольга Журавлёва", bio="Пишет о школах Бибирева."),
        Author.objects.create(name="Семён Ёлкин"),
    )


# Authors


def test_an_author_gets_a_latin_slug_and_a_second_namesake_another(db):
    first = Author.objects.create(name="Семён Ёлкин")
    second = Author.objects.create(name="Семён Ёлкин")
    assert first.slug == "semen-elkin"
    assert second.slug == "semen-elkin-2"


def test_byline_names_the_authors_in_order_beside_the_meta_line(client, network, two_authors):
    article = with_byline(network["canonical"], *reversed(two_authors))
    html = html_of(client, article)
    meta = re.search(r'<p class="article__meta"[^>]*>(.*?)</p>', html).group(1)
    assert (
        re.sub(r"<[^>]+>", "", meta) == "Опубликовано 29 Янв 2024 в 09:41 | Текст: Звёздный бульвар"
    )
    byline = re.search(r'<p class="article__byline"[^>]*>(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>", "", byline) == "Авторы: Семён Ёлкин, Ольга Журавлёва"
    assert re.findall(r'href="([^"]+)"', byline) == [
        "/authors/semen-elkin/",
        f"/authors/{two_authors[0].slug}/",
    ]
    assert html.index("article__meta") < html.index("article__byline") < html.index("<h1")


def test_one_author_is_introduced_in_the_singular(client, network, two_authors):
    html = html_of(client, with_byline(network["canonical"], two_authors[1]))
    assert "Автор: <a" in html and "Авторы:" not in html


def test_an_article_without_authors_has_no_byline(client, network):
    assert "article__byline" not in client.get(CANONICAL_URL).content.decode()


def test_an_editor_picks_the_authors_on_the_edit_screen_in_order(client, network, two_authors):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    article = network["canonical"]
    assert (
        'id="id_bylines-TOTAL_FORMS"'
        in client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    )
    data = article_form_data(
        article.title,
        article.slug,
        lead=article.lead,
        photo=str(article.photo_id),
        published_at="2024-01-29 09:41",
        text_credit=article.text_credit,
        regions=article.regions.values_list("pk", flat=True),
        authors=[two_authors[1].pk, two_authors[0].pk],
    )
    response = client.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ArticlePage.objects.get(pk=article.pk).authors == [two_authors[1], two_authors[0]]


def test_author_page_lists_their_articles_with_their_bio(client, network, two_authors):
    olga = two_authors[0]
    with_byline(network["canonical"], olga)
    elsewhere = ArticlePage.objects.live().child_of(network["yugozapad"]).first()
    with_byline(elsewhere, olga)
    response = client.get(f"/authors/{olga.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Ольга Журавлёва" in html and "Пишет о школах Бибирева." in html
    assert network["canonical"].title in html and elsewhere.title in html
    untouched = (
        ArticlePage.objects.live().child_of(network["zvezdny"]).exclude(pk=network["canonical"].pk)
    )
    assert untouched.first().title not in html


def test_author_page_is_paginated_and_unknown_authors_are_missing(
    client, network, monkeypatch, two_authors
):
    monkeypatch.setattr("vestnik.articles.outlet_pages.ARTICLES_PER_PAGE", 1)
    for article in ArticlePage.objects.live().child_of(network["zvezdny"])[:2]:
        with_byline(article, two_authors[1])
    assert 'rel="next"' in client.get("/authors/semen-elkin/").content.decode()
    assert client.get("/authors/semen-elkin/?page=2").status_code == 200
    assert client.get("/authors/semen-elkin/?page=3").status_code == 404
    assert client.get("/authors/nikto-takoy/").status_code == 404


# Districts and share links


def test_the_articles_regions_link_to_their_pages(client, network):
    html = client.get(CANONICAL_URL).content.decode()
    places = re.search(r'<ul class="article__places"[^>]*>(.*?)</ul>', html, re.S).group(1)
    links = dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', places))
    for region in network["canonical"].regions.all():
        assert links[f"/regions/{region.slug}/"] == region.name


def test_share_links_carry_the_canonical_address_and_the_headline(client, network):
    canonical = network["canonical"]
    canonical.title = "Технополис «Москва»: 35 новых производств & 2 тыс. рабочих мест"
    canonical.save_revision().publish()
    html = client.get(CANONICAL_URL).content.decode()
    share = re.search(r'<section class="share".*?</section>', html, re.S).group(0)
    links = {
        urlsplit(unescape(href)).netloc: unescape(href)
        for href in re.findall(r'<a href="([^"]+)" rel="noopener"', share)
    }
    address = "http://zvezdny.localhost/technopolis-2023/"
    telegram = urlsplit(links["t.me"])
    assert telegram.path == "/share/url"
    assert parse_qs(telegram.query) == {"url": [address], "text": [canonical.title]}
    # Encoded, not raw: the Cyrillic and the ampersand cannot break out of the query.
    assert "%D0%A2%D0%B5%D1%85" in telegram.query and "&text=" in telegram.query
    assert "%26" in telegram.query
    assert parse_qs(urlsplit(links["vk.com"]).query) == {"url": [address]}
    assert parse_qs(urlsplit(links["connect.ok.ru"]).query) == {"url": [address]}
    labels = re.findall(r'aria-label="([^"]+)"', share)
    assert labels == [
        "Поделиться в Telegram",
        "Поделиться во ВКонтакте",
        "Поделиться в сети Одноклассники",
    ]
    # The copy-link affordance: the address in a labelled read-only field, no script.
    assert '<label for="share-address">Ссылка на материал</label>' in share
    assert re.search(
        rf'<input id="share-address"[^>]*value="{re.escape(address)}"[^>]*readonly', share
    )
    assert "<script" not in share and "<iframe" not in share and "<img" not in share


def test_a_copy_shares_its_originals_address(client, network):
    from vestnik.newsroom.syndication import syndicate

    (carried,) = syndicate(network["canonical"], [network["zelpanorama"]])
    copy = ArticlePage.objects.get(pk=carried.copy.pk)
    html = client.get(copy.url, HTTP_HOST="zelpanorama.localhost").content.decode()
    assert "url=http%3A%2F%2Fzvezdny.localhost%2Ftechnopolis-2023%2F" in html


# Pictures


def rendition_files(html: str) -> list[str]:
    return [
        url.split()[0]
        for srcset in re.findall(r'srcset="([^"]+)"', html)
        for url in unescape(srcset).split(", ")
    ]


def test_the_photo_is_a_picture_of_webp_and_jpeg_renditions_that_exist(client, network):
    # Wagtail remembers renditions in the cache, past the rolled-back rows of earlier tests.
    cache.clear()
    html = client.get(CANONICAL_URL).content.decode()
    photo = re.search(r'<figure class="article__photo".*?</figure>', html, re.S).group(0)
    source = re.search(r"<source[^>]*>", photo).group(0)
    img = re.search(r"<img[^>]*>", photo).group(0)
    assert 'type="image/webp"' in source and 'sizes="' in source
    for attribute in ('fetchpriority="high"', 'decoding="async"', 'sizes="', 'width="', 'height="'):
        assert attribute in img, attribute
    assert 'loading="lazy"' not in img  # the photo is the page's largest paint
    files = rendition_files(photo)
    assert len([f for f in files if f.endswith(".webp")]) == 3
    assert len([f for f in files if f.endswith(".jpg")]) == 3
    stored = VestnikRendition.objects.filter(image=network["canonical"].photo)
    assert set(picture_renditions(LEAD_PICTURE)) <= set(
        stored.values_list("filter_spec", flat=True)
    )
    for rendition in stored.filter(filter_spec__in=picture_renditions(LEAD_PICTURE)):
        assert default_storage.exists(rendition.file.name)
        assert rendition.url in files


def test_a_body_picture_is_lazy_with_its_size_set(network):
    article = network["canonical"]
    article.body = [
        ("paragraph", "<p>Первый абзац.</p>"),
        ("image", {"image": article.photo, "caption": "Цех нового завода"}),
    ]
    article.save_revision().publish()
    body = ArticlePage.objects.get(pk=article.pk).body_html
    img = re.search(r"<img[^>]*>", body).group(0)
    assert "<picture><source" in body and 'type="image/webp"' in body
    for attribute in ('loading="lazy"', 'decoding="async"', 'width="', 'height="', "srcset="):
        assert attribute in img, attribute
    assert len(rendition_files(body)) == 6


def test_listing_thumbnails_cost_one_query_however_many_teasers(
    client, network, django_assert_num_queries, steady_queries, monkeypatch
):
    # The home's second page is a plain listing (its first is the editor's front).
    monkeypatch.setattr("vestnik.articles.outlet_pages.ARTICLES_PER_PAGE", 4)
    client.get("/?page=2")  # renditions are created on the first view
    html = client.get("/?page=2").content.decode()
    thumbnails = re.findall(
        r'<picture><source[^>]*type="image/webp"[^>]*>\s*<img[^>]*loading="lazy"[^>]*>', html
    )
    assert thumbnails  # the count below is the same with one or twenty
    assert 'alt=""' in thumbnails[0]  # the headline beside it says what it shows
    # The reader rule, the count, the map's counts, the page of articles with their photos,
    # and the thumbnails' renditions, whatever the number of teasers. The header and footer
    # are remembered between requests (``outlets.chrome``).
    with django_assert_num_queries(5):
        client.get("/?page=2")
