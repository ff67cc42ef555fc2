"""Sections, their pages and feeds, and the outlet's home as a front: pinned lead and top
stories, the latest, a block per district and per section, no story twice."""

import re
from datetime import timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone
from markupsafe import escape

from vestnik.articles.forms import ArticlePageForm
from vestnik.articles.front import BLOCK_SIZE, FRONT_LATEST, place_stories
from vestnik.articles.models import ArticlePage, FrontPin
from vestnik.articles.schedule import run_schedule
from vestnik.outlets.chrome import outlet_chrome
from vestnik.outlets.models import OutletHomePage, Section
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db

HOST = "zvezdny.localhost"
QUERIES = 12


def home(client, host: str = HOST) -> str:
    return client.get("/", HTTP_HOST=host).content.decode()


def linked_titles(html: str) -> list[str]:
    return re.findall(
        r'class="(?:teaser__headline|front__lead-headline)"><a href="[^"]+">([^<]+)</a>', html
    )


def new_article(outlet, title: str, slug: str, *, section=None, regions=(), when=None):
    article = ArticlePage(title=title, slug=slug, lead="Коротко о главном.", section=section)
    outlet.add_child(instance=article)
    article.published_at = when or timezone.now()
    article.save()
    article.regions.set(regions)
    article.save_revision().publish()
    return article


# Placement, on ids alone


def test_pins_lead_then_latest_then_blocks_without_repeats():
    window = [(n, 7 if n % 2 else None) for n in range(1, 31)]  # newest first
    districts = {n: [100 + n % 3] for n in range(1, 31)}
    placed = place_stories([25, 3], window, districts, [100, 101, 102], [7], first_page=20)
    everywhere = placed.pinned + placed.latest
    for _, stories in placed.districts + placed.sections:
        assert 0 < len(stories) <= BLOCK_SIZE
        everywhere += stories
    assert placed.pinned == [25, 3]
    assert len(everywhere) == len(set(everywhere))
    assert placed.latest[:FRONT_LATEST] == [1, 2, 4, 5, 6, 7]
    # The listing's first page is on the front whole, so ?page=2 leaves out nothing.
    assert set(range(1, 21)) <= set(everywhere)


def test_with_nothing_pinned_the_newest_story_leads():
    placed = place_stories([], [(9, None), (8, None)], {}, [], [], first_page=20)
    assert placed.pinned == [9] and placed.latest == [8]


# Sections


def test_sections_keep_their_editors_order_and_get_latin_slugs(network):
    outlet = OutletHomePage.objects.get(pk=network["zvezdny"].pk)
    outlet.sections = [
        Section(name="Люди", sort_order=1),
        Section(name="Городская среда", sort_order=0),
    ]
    outlet.save_revision().publish()
    fresh = OutletHomePage.objects.get(pk=outlet.pk)
    assert [(s.name, s.slug) for s in fresh.ordered_sections] == [
        ("Городская среда", "gorodskaya-sreda"),
        ("Люди", "lyudi"),
    ]


def test_the_article_form_offers_only_its_own_outlets_sections(network):
    article = ArticlePage.objects.live().for_outlet(network["zvezdny"]).first()
    form_class = ArticlePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, ArticlePageForm)
    form = form_class(instance=article, parent_page=network["zvezdny"], for_user=None)
    offered = set(form.fields["section"].queryset)
    assert offered == set(network["zvezdny"].sections.all()) and offered
    other = network["yugozapad"].sections.first()
    assert other not in offered


def test_a_section_page_lists_its_articles_and_advertises_its_feeds(client, network):
    section = network["zvezdny"].sections.get(slug="gorod")
    html = client.get("/rubrics/gorod/", HTTP_HOST=HOST).content.decode()
    filed = ArticlePage.objects.live().filter(section=section)
    assert filed.count() >= 2
    assert sorted(linked_titles(html)) == sorted(str(escape(a.title)) for a in filed)
    assert "<h1" in html and ">Город</h1>" in html
    assert 'type="application/rss+xml" title="Город: RSS" href="/rubrics/gorod/rss/"' in html
    assert 'type="application/atom+xml" title="Город: Atom" href="/rubrics/gorod/atom/"' in html


def test_a_section_page_is_paginated(client, network, monkeypatch):
    monkeypatch.setattr("vestnik.articles.outlet_pages.ARTICLES_PER_PAGE", 2)
    first = client.get("/rubrics/gorod/", HTTP_HOST=HOST).content.decode()
    assert 'rel="next"' in first
    assert client.get("/rubrics/gorod/?page=2", HTTP_HOST=HOST).status_code == 200
    assert client.get("/rubrics/gorod/?page=99", HTTP_HOST=HOST).status_code == 404


def test_another_outlets_or_unknown_section_is_a_404(client, network):
    assert client.get("/rubrics/dosug/", HTTP_HOST=HOST).status_code == 404
    assert client.get("/rubrics/dosug/", HTTP_HOST="yugozapad.localhost").status_code == 200
    assert client.get("/rubrics/dosug/rss/", HTTP_HOST=HOST).status_code == 404


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_section_feed_carries_exactly_its_articles(client, network, kind):
    section = network["zvezdny"].sections.get(slug="afisha")
    body = client.get(f"/rubrics/afisha/{kind}/", HTTP_HOST=HOST).content.decode()
    filed = ArticlePage.objects.live().filter(section=section)
    assert filed.exists()
    for article in ArticlePage.objects.live().for_outlet(network["zvezdny"]):
        assert (str(escape(article.title)) in body) == (article.section_id == section.pk)


def test_section_navigation_marks_the_current_section(network):
    outlet = OutletHomePage.objects.get(pk=network["zvezdny"].pk)
    current = outlet.ordered_sections[2]
    template = engines["jinja2"].get_template("includes/nav_sections.html")
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    chrome = outlet_chrome(request, outlet)  # base.html's, which the header's include reads
    html = template.render({"page": outlet, "section": current, "chrome": chrome}, request)
    names = re.findall(r"<li><a [^>]*>([^<]+)</a></li>", html)
    assert names == [s.name for s in outlet.ordered_sections]
    assert html.count('aria-current="page"') == 1
    assert f'href="/rubrics/{current.slug}/" aria-current="page"' in html
    article = ArticlePage.objects.filter(section=current).first()
    on_article = template.render(
        {"page": article, "outlet": outlet, "section": current, "chrome": chrome}, request
    )
    assert "aria-current" not in on_article and current.name in on_article


# The front


def test_the_home_leads_with_the_first_pin_then_the_others_in_order(client, network):
    pins = list(FrontPin.objects.filter(outlet=network["zvezdny"]).select_related("article"))
    assert len(pins) == 3
    html = home(client)
    lead = html[html.index('data-element="lead"') : html.index("</article>")]
    assert str(escape(pins[0].article.title)) in lead and "<img" in lead
    top = html[html.index('data-element="top"') :]
    top = top[: top.index("</section>")]
    assert linked_titles(top) == [str(escape(pin.article.title)) for pin in pins[1:]]


def test_no_story_is_shown_twice_on_the_home(client, network):
    for host in ("zvezdny.localhost", "zelpanorama.localhost", "yugozapad.localhost"):
        titles = linked_titles(home(client, host))
        assert titles and len(titles) == len(set(titles)), host


def test_the_home_has_a_block_per_district_and_per_section_with_their_stories(client, network):
    outlet = network["zvezdny"]
    marfino, bibirevo = Region.objects.get(name="Марфино"), Region.objects.get(name="Бибирево")
    afisha = outlet.sections.get(slug="afisha")
    # Newer than the demo's, older than the latest's first few: blocks take them.
    new_article(outlet, "В Марфине высадили липы", "marfino-lipy", regions=[marfino])
    new_article(outlet, "В Бибиреве открыли каток", "bibirevo-katok", regions=[bibirevo])
    new_article(outlet, "Джаз в парке у Яузы", "dzhaz-yauza", section=afisha)
    for n in range(FRONT_LATEST):
        new_article(outlet, f"Свежая новость {n}", f"svezhaya-{n}")
    html = home(client)
    district = html[html.index('data-district="marfino"') :]
    assert 'href="/regions/marfino/">Марфино</a></h2>' in district[:500]
    assert "В Марфине высадили липы" in district[: district.index("</section>")]
    assert 'data-district="bibirevo"' in html
    block = html[html.index('data-section="afisha"') :]
    block = block[: block.index("</section>")]
    assert 'href="/rubrics/afisha/">Афиша</a>' in block and "Джаз в парке у Яузы" in block
    titles = linked_titles(html)
    assert len(titles) == len(set(titles))


def test_an_expired_or_withdrawn_pin_leaves_the_home(client, network):
    outlet = network["zvezdny"]
    pins = list(FrontPin.objects.filter(outlet=outlet).select_related("article"))
    lead, second = pins[0].article, pins[1].article
    FrontPin.objects.filter(pk=pins[0].pk).update(unpin_at=timezone.now() - timedelta(seconds=1))
    html = home(client)
    assert str(escape(second.title)) in html[html.index('data-element="lead"') :][:2000]
    assert run_schedule().unpinned == 1
    assert not FrontPin.objects.filter(article=lead).exists()
    second.unpublish()
    html = home(client)
    assert str(escape(second.title)) not in html


def test_page_two_of_the_home_is_the_plain_list(client, network, monkeypatch):
    monkeypatch.setattr("vestnik.articles.outlet_pages.ARTICLES_PER_PAGE", 5)
    html = client.get("/?page=2", HTTP_HOST=HOST).content.decode()
    assert 'data-element="lead"' not in html and 'rel="prev"' in html
    newest = ArticlePage.objects.live().for_outlet(network["zvezdny"]).newest_first()[5:10]
    assert linked_titles(html) == [str(escape(a.title)) for a in newest]


def test_the_home_costs_the_same_queries_however_many_stories_and_blocks(
    client, network, django_assert_num_queries, steady_queries
):
    outlet = network["zvezdny"]
    client.get("/", HTTP_HOST=HOST)  # renditions are made on the first view
    # The reader rule (read once for the page), the count, the pins, the window of newest
    # stories, the okrug's districts, the stories' districts, the chosen stories, their
    # photos' renditions. The site, the outlet with its region and its sections are
    # remembered between requests, and so are the header and footer (``outlets.chrome``).
    # «Самое читаемое»: the day's and the week's sums. The map: its districts and the counts
    # of the last 30 days.
    with django_assert_num_queries(QUERIES):
        client.get("/", HTTP_HOST=HOST)
    districts = list(Region.objects.filter(parent=outlet.region)[:6])
    sections = list(outlet.sections.all())
    for n, district in enumerate(districts):
        new_article(
            outlet,
            f"Новость района {n}",
            f"novost-{n}",
            regions=[district],
            section=sections[n % 4],
        )
    client.get("/", HTTP_HOST=HOST)
    with django_assert_num_queries(QUERIES):
        response = client.get("/", HTTP_HOST=HOST)
    assert response.status_code == 200 and 'data-district="' in response.content.decode()
