import re

import pytest
from markupsafe import escape

from vestnik.articles.models import ArticlePage

pytestmark = pytest.mark.django_db

CANONICAL_URL = "/technopolis-2023/"


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_canonical_page_shows_the_seed_elements_in_order(client, network):
    html = client.get(CANONICAL_URL).content.decode()
    text = visible_text(html[html.index("<main") :])
    canonical = network["canonical"]
    photo = canonical.photo
    elements = [
        "Москва. Северо-Восточный административный округ",
        "Опубликовано 29 Янв 2024 в 09:41 | Текст: Звёздный бульвар",
        canonical.title,
        f"{photo.caption}. Фото: Д. Гришкин, mos.ru. Пресс-служба мэра и Правительства Москвы",
        "35 новых производств",
        "Читайте также",
        "19 мая 2025 в 09:39",
        "16 мая 2025 в 17:36",
        "16 мая 2025 в 11:27",
        "16 мая 2025 в 10:38",
        "16 мая 2025 в 09:47",
    ]
    positions = [text.find(element) for element in elements]
    assert -1 not in positions, [e for e, p in zip(elements, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert '<html lang="ru">' in html


def test_read_also_is_outside_the_body(client, network):
    html = client.get(CANONICAL_URL).content.decode()
    body = html[html.index('data-element="body"') : html.index("</article>")]
    assert "Читайте также" not in body
    assert html.index('data-element="read-also"') > html.index("</article>")


def test_teaser_shows_headline_lead_and_link(client, network):
    html = client.get(CANONICAL_URL).content.decode()
    for item in network["canonical"].related_items.all():
        assert item.target.title in html
        assert item.target.lead in html


def test_article_page_is_served_in_a_fixed_number_of_queries(
    client, network, django_assert_num_queries, steady_queries
):
    client.get(CANONICAL_URL)  # renditions are created on the first view
    # The live article (one statement for the route), its tags, its regions with the
    # regions around them, the stored «Читайте также» (empty: an editor chose), the chosen
    # items, withdrawn outlets (the reader rule), the items' articles, the photo, its
    # authors. The site and the outlet come from the site lookups, view restrictions from
    # the remembered "none", the body from body_html, the photo's six renditions from the
    # rendition cache. The header and footer (the outlet's identity with its logo, its
    # sections, its okrug's districts) are remembered from the first view until a purge.
    with django_assert_num_queries(9):
        response = client.get(CANONICAL_URL)
    assert response.status_code == 200


def test_computed_read_also_costs_one_statement(
    client, network, django_assert_num_queries, steady_queries
):
    from vestnik.articles.models import ComputedRelated

    article = (
        ArticlePage.objects.live()
        .filter(pk__in=ComputedRelated.objects.values("article_id"), photo__isnull=True)
        .exclude(related_items__isnull=False)
        .first()
    )
    url, host = article.get_url(), article.get_site().hostname
    client.get(url, HTTP_HOST=host)
    # Route, tags, regions, the stored list with its articles, the authors. The header and
    # footer, with the outlet's sections (the breadcrumbs' link to the article's section),
    # are remembered between requests (``outlets.chrome``).
    with django_assert_num_queries(5):
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    assert response.content.decode().count('class="teaser"') == 5


def test_page_uses_no_external_fonts_or_scripts(client, network):
    html = client.get(CANONICAL_URL).content.decode()
    # The one script is data: the NewsArticle JSON-LD (tests/feeds/test_page_metadata.py).
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']
    # What the browser loads by itself (images, stylesheets, icons); the footer's links to
    # the outlet's social networks are only followed by a reader's click.
    loaded = re.findall(r"<(?:img|link|script|source)\b[^>]*>", html)
    external = re.compile(r'(?:src|href|srcset)="(?:https?:)?//(?!zvezdny|zelpanorama|yugozapad)')
    assert loaded and not [tag for tag in loaded if external.search(tag)]


def test_missing_page_is_a_russian_404(client, network):
    response = client.get("/net-takoy-stranitsy/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_outlet_home_shows_each_of_its_articles_once_the_latest_newest_first(client, network):
    html = client.get("/", HTTP_HOST="zelpanorama.localhost").content.decode()
    articles = ArticlePage.objects.live().for_outlet(network["zelpanorama"]).newest_first()
    titles = [str(escape(a.title)) for a in articles]
    assert titles
    assert [html.count(f">{title}</a>") for title in titles] == [1] * len(titles)
    start = html.index('data-element="latest"')
    latest = html[start : html.index("</section>", start)]
    positions = [latest.find(title) for title in titles if latest.find(title) >= 0]
    assert len(positions) >= 2 and positions == sorted(positions)
    assert network["canonical"].title not in html


def test_outlet_home_is_paginated(client, network, monkeypatch):
    monkeypatch.setattr("vestnik.articles.outlet_pages.ARTICLES_PER_PAGE", 5)
    first = client.get("/")
    second = client.get("/?page=2")
    assert 'rel="next"' in first.content.decode()
    assert second.status_code == 200 and 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize("page", ["0", "999", "abc", "-1", "1e3"])
def test_out_of_range_listing_page_is_a_404(client, network, page):
    assert client.get(f"/?page={page}").status_code == 404


def test_tag_page_lists_tagged_articles_across_the_network(client, network):
    response = client.get("/tags/promyshlennost/")
    html = response.content.decode()
    assert response.status_code == 200
    tagged = ArticlePage.objects.live().filter(tagged_items__tag__slug="promyshlennost")
    assert tagged.count() >= 2
    for article in tagged:
        assert article.title in html


def test_unknown_tag_is_a_404(client, network):
    assert client.get("/tags/nichego-takogo/").status_code == 404


def test_okrug_page_includes_its_districts_articles(client, network):
    html = client.get("/regions/zelao/").content.decode()
    district_articles = ArticlePage.objects.live().filter(regions__parent__slug="zelao")
    assert district_articles.exists()
    for article in district_articles:
        assert article.title in html
    assert "Москва. Зеленоградский административный округ" in html


def test_district_page_leaves_out_other_districts(client, network):
    district = ArticlePage.objects.live().filter(regions__kind="district").first()
    region = district.regions.filter(kind="district").first()
    html = client.get(f"/regions/{region.slug}/").content.decode()
    assert district.title in html
    assert network["canonical"].title not in html


def test_unpublished_article_disappears_from_its_page_and_listings(client, network):
    article = ArticlePage.objects.live().for_outlet(network["zvezdny"]).newest_first().first()
    url = article.get_url_parts()[2]
    article.unpublish()
    assert client.get(url).status_code == 404
    assert article.title not in client.get("/").content.decode()


def test_server_error_is_a_russian_page_without_a_traceback(client, network, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("сломалось")

    monkeypatch.setattr(ArticlePage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get(CANONICAL_URL)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Что-то сломалось" in html and '<html lang="ru">' in html
    assert "RuntimeError" not in html and "Traceback" not in html
