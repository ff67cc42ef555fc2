"""Region pages for the whole network, the map on them, and the indexes of regions and tags."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from vestnik.articles.models import ArticlePage
from vestnik.newsroom.syndication import syndicate
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db

SVG = re.compile(r"<svg .*?</svg>", re.S)


def publish(outlet, title, slug, *regions, tags=(), days_ago=1):
    article = ArticlePage(
        title=title, slug=slug, lead="", published_at=timezone.now() - timedelta(days=days_ago)
    )
    outlet.add_child(instance=article)
    article.regions.set(regions)
    if tags:
        article.tags.add(*tags)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def district(name):
    return Region.objects.get(kind="district", name=name)


def map_of(html):
    """The map's SVG as XML, and its district links as {href: class}."""
    svg = SVG.search(html).group(0)
    root = ET.fromstring(svg)
    links = {a.get("href"): a.get("class") for a in root.iter("{http://www.w3.org/2000/svg}a")}
    return svg, root, links


# the map


def test_the_city_map_is_valid_svg_under_60_kb_with_every_district(client, network):
    html = client.get("/regions/moskva/").content.decode()
    svg, root, links = map_of(html)
    assert len(svg.encode()) < 60_000
    assert root.get("viewBox")
    assert len(links) == 125
    # every link is a district's region page
    slugs = {href.removeprefix("/regions/").removesuffix("/") for href in links}
    assert slugs == set(
        Region.objects.filter(okato__in=okatos_drawn()).values_list("slug", flat=True)
    )
    assert "© участники OpenStreetMap" in html


def okatos_drawn():
    from vestnik.regions.district_map import district_outlines

    return [outline.okato for outline in district_outlines()]


def test_a_district_link_on_the_map_opens_its_page(client, network):
    _, _, links = map_of(client.get("/regions/zelao/").content.decode())
    assert len(links) == 5
    for href in links:
        response = client.get(href)
        assert response.status_code == 200
        assert Region.objects.get(slug=href.split("/")[2]).header in response.content.decode()


def test_shading_follows_the_counts_of_the_last_30_days(client, network):
    marfino, butyrsky = district("Марфино"), district("Бутырский")
    for n in range(3):
        publish(network["zvezdny"], f"Марфино, новость {n + 1}", f"marfino-{n}", marfino)
    publish(network["yugozapad"], "Бутырский: ярмарка выходного дня", "butyrsky-1", butyrsky)
    publish(network["zvezdny"], "Бутырский: старая новость", "butyrsky-old", butyrsky, days_ago=45)
    _, _, links = map_of(client.get("/regions/svao/").content.decode())
    assert "region-map__shade-2" in links[f"/regions/{marfino.slug}/"]  # 3 stories: 3–5
    assert "region-map__shade-1" in links[f"/regions/{butyrsky.slug}/"]  # 1 (the old one not)
    assert "region-map__shade-0" in links[f"/regions/{district('Отрадное').slug}/"]


def test_a_story_carried_by_several_outlets_counts_once(client, network):
    marfino = district("Марфино")
    story = publish(network["zvezdny"], "Марфино: общий материал", "marfino-shared", marfino)
    syndicate(story, [network["zelpanorama"], network["yugozapad"]])
    _, _, links = map_of(client.get("/regions/svao/").content.decode())
    assert "region-map__shade-1" in links[f"/regions/{marfino.slug}/"]


def test_the_district_is_marked_on_its_okrug_map(client, network):
    marfino = district("Марфино")
    _, _, links = map_of(client.get(f"/regions/{marfino.slug}/").content.decode())
    assert len(links) == 17  # СВАО's districts
    current = [href for href, css in links.items() if "region-map__current" in css]
    assert current == [f"/regions/{marfino.slug}/"]


# the region page


def test_region_page_lists_other_outlets_stories_with_their_names_once_each(client, network):
    marfino = district("Марфино")
    own = publish(network["zelpanorama"], "Марфино глазами зеленоградцев", "marfino-zel", marfino)
    story = publish(network["zvezdny"], "Марфино: новый сквер у пруда", "marfino-skver", marfino)
    syndicate(story, [network["zelpanorama"], network["yugozapad"]])
    html = client.get(
        f"/regions/{marfino.slug}/", HTTP_HOST="zelpanorama.localhost"
    ).content.decode()
    assert html.count("Марфино: новый сквер у пруда") == 1
    # the outlet's own copy carries the story there, under the outlet's name
    item = re.search(
        r'<li class="listing__item">(?:(?!</li>).)*Марфино: новый сквер у пруда.*?</li>', html, re.S
    ).group(0)
    assert "zelpanorama" in item or 'href="/' in item
    assert "Зеленоградская панорама" in item
    other = re.search(
        r'<li class="listing__item">(?:(?!</li>).)*?В Марфине открыли.*?</li>', html, re.S
    )
    assert other and "Звёздный бульвар" in other.group(0)
    assert own.title in html


def test_district_page_shows_its_okrug_and_the_districts_around(client, network):
    html = client.get(f"/regions/{district('Бутырский').slug}/").content.decode()
    around = re.search(r'data-element="neighbours">(.*?)</ul>', html, re.S).group(1)
    for name in ("Марфино", "Тимирязевский", "Савёловский"):
        assert f">{name}</a>" in around
    assert 'href="/regions/svao/">Северо-Восточный административный округ</a>' in html


def test_okrug_page_lists_its_districts_with_counts(client, network):
    publish(network["zvezdny"], "Отрадное: каток открыт", "otradnoe-katok", district("Отрадное"))
    html = client.get("/regions/svao/").content.decode()
    listed = re.search(r'<ul class="region-map__list"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert listed.count("<li>") == 17
    assert re.search(
        r'>Отрадное</a> <span class="region-count"><span class="visually-hidden">'
        r"материалов: </span>1<",
        listed,
    )


def test_region_page_is_served_in_a_fixed_number_of_queries(
    client, network, django_assert_num_queries, steady_queries
):
    for slug in ("svao", district("Марфино").slug):
        client.get(f"/regions/{slug}/")  # renditions are created on the first view
    # The region, withdrawn outlets (the reader rule, read once), the places inside it (one
    # query per level: two for an okrug, one for a district), the articles' count, the page
    # of them, their thumbnails' renditions (one query, ``for_listing``), the outlets to name,
    # the counts of the last 30 days, the map's districts, the region's children; a
    # district's neighbours instead of an okrug's second level. The header and footer are
    # remembered between requests (``outlets.chrome``).
    for slug in ("svao", district("Марфино").slug):
        with django_assert_num_queries(QUERIES):
            assert client.get(f"/regions/{slug}/").status_code == 200


QUERIES = 11


def test_pages_of_the_region_page(client, network, monkeypatch):
    monkeypatch.setattr("vestnik.articles.outlet_pages.ARTICLES_PER_PAGE", 1)
    assert 'rel="next"' in client.get("/regions/svao/").content.decode()
    assert client.get("/regions/svao/?page=2").status_code == 200
    assert client.get("/regions/svao/?page=999").status_code == 404


# the indexes


def test_regions_index_lists_okrugs_and_districts_with_counts_and_the_city_map(client, network):
    publish(network["zvezdny"], "Марфино: праздник двора", "marfino-prazdnik", district("Марфино"))
    response = client.get("/regions/", HTTP_HOST="yugozapad.localhost")
    html = response.content.decode()
    assert response.status_code == 200
    for okrug in Region.objects.filter(kind="okrug"):
        assert f'href="/regions/{okrug.slug}/">{okrug.full_name}</a>' in html
    assert re.search(r'>Марфино</a> <span class="region-count">.*?</span>1</span>', html)
    assert re.search(
        r">Северо-Восточный административный округ</a> "
        r'<span class="region-count">.*?</span>1</span>',
        html,
    )
    _, _, links = map_of(html)
    assert len(links) == 125


def test_tags_index_lists_tags_with_counts(client, network):
    html = client.get("/tags/").content.decode()
    tagged = ArticlePage.objects.live().filter(tagged_items__tag__slug="promyshlennost").count()
    match = re.search(
        r'href="/tags/promyshlennost/">[^<]+</a> <span class="region-count">.*?</span>(\d+)</span>',
        html,
    )
    assert match and int(match.group(1)) == tagged


def test_tag_page_names_the_outlet_of_stories_from_elsewhere(client, network):
    html = client.get("/tags/promyshlennost/", HTTP_HOST="zelpanorama.localhost").content.decode()
    items = re.findall(r'<li class="listing__item">.*?</li>', html, re.S)
    assert items
    for item in items:
        own = 'href="/' in item  # the outlet's own articles are linked on its host
        assert ('data-element="outlet"' in item) is not own, item


# the article's region line


def test_the_article_region_line_links_to_its_region_page(client, network):
    html = client.get("/technopolis-2023/").content.decode()
    line = re.search(r'<p class="article__region"[^>]*>(.*?)</p>', html).group(1)
    assert line == '<a href="/regions/svao/">Москва. Северо-Восточный административный округ</a>'


# the include other pages put the map in (the outlet's home)


@pytest.mark.parametrize(
    ("region_slug", "districts", "current"),
    [("svao", 17, None), ("moskva", 125, None), ("marfino", 17, "marfino")],
)
def test_the_map_include_draws_the_region_of_the_page(network, rf, region_slug, districts, current):
    from django.template import engines

    request = rf.get("/", HTTP_HOST="zvezdny.localhost")
    template = engines["jinja2"].get_template("includes/region_map.html")
    html = template.render(
        {"region": Region.objects.get(slug=region_slug), "page": network["zvezdny"]}, request
    )
    _, _, links = map_of(html)
    assert len(links) == districts
    marked = [href for href, css in links.items() if "region-map__current" in css]
    assert marked == ([f"/regions/{current}/"] if current else [])


def test_the_map_include_draws_nothing_for_new_moscow(network, rf):
    from django.template import engines

    request = rf.get("/", HTTP_HOST="zvezdny.localhost")
    settlement = Region.objects.filter(kind="settlement").first()
    template = engines["jinja2"].get_template("includes/region_map.html")
    html = template.render({"region": settlement, "page": network["zvezdny"]}, request)
    assert "<svg" not in html
