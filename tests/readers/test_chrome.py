"""The outlet's header and footer on every kind of public page: its identity and imprint,
the title, the favicon, the navigation, and the accent under the strict CSP."""

import base64
import hashlib
import re
from html import unescape

import pytest
from wagtail.models import Site

from vestnik.articles.models import ArticlePage
from vestnik.outlets.identity import OutletIdentity

pytestmark = pytest.mark.django_db

ZVEZDNY = "zvezdny.localhost"
ZELPANORAMA = "zelpanorama.localhost"
CANONICAL_URL = "/technopolis-2023/"


def identity_of(network, slug: str) -> OutletIdentity:
    return OutletIdentity.objects.get(site=Site.objects.get(root_page=network[slug]))


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def footer_of(html: str) -> str:
    return text_of(html[html.index('<footer class="footer">') :])


def title_of(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def public_pages(network) -> dict[str, tuple[str, int]]:
    tag = network["canonical"].tags.first()
    return {
        "home": ("/", 200),
        "article": (CANONICAL_URL, 200),
        "tag listing": (f"/tags/{tag.slug}/", 200),
        "search": ("/search/?q=производство", 200),
        "404": ("/net-takoy-stranitsy/", 404),
    }


@pytest.mark.parametrize("kind", ["home", "article", "tag listing", "search", "404"])
def test_every_public_page_carries_the_imprint_and_the_age_mark(client, network, kind):
    path, status = public_pages(network)[kind]
    response = client.get(path, HTTP_HOST=ZVEZDNY)
    assert response.status_code == status
    html = response.content.decode()
    identity = identity_of(network, "zvezdny")
    footer = footer_of(html)
    for value in (
        identity.official_name,
        identity.founder,
        identity.editor_in_chief,
        identity.registration_number,
        identity.registering_body,
        identity.email,
        identity.phone,
    ):
        assert value and value in footer, value
    age_mark = re.search(r'<p class="imprint__age" data-element="age-mark">(.*?)</p>', html)
    assert age_mark and text_of(age_mark.group(1)).endswith("16+")
    assert "Работает на «Вестнике»" in footer


def test_each_outlet_shows_its_own_identity(client, network):
    html = client.get("/", HTTP_HOST=ZELPANORAMA).content.decode()
    own, other = identity_of(network, "zelpanorama"), identity_of(network, "zvezdny")
    footer = footer_of(html)
    assert own.founder in footer and own.editor_in_chief in footer
    assert other.founder not in footer and other.editor_in_chief not in footer
    assert "12+" in footer  # this outlet's age mark, not the default
    assert own.description in text_of(html[: html.index("</header>")])


def test_an_outlet_without_saved_identity_shows_the_defaults(client, network):
    identity_of(network, "yugozapad").delete()
    html = client.get("/", HTTP_HOST="yugozapad.localhost").content.decode()
    footer = footer_of(html)
    assert "«Юго-Западный курьер»" in footer and "16+" in footer
    assert 'href="/static/vestnik/favicon.png"' in html
    assert not OutletIdentity.objects.filter(site__root_page=network["yugozapad"]).exists()


def test_titles_name_the_outlet_once(client, network):
    home = client.get("/", HTTP_HOST=ZVEZDNY).content.decode()
    assert title_of(home) == "Звёздный бульвар"
    article = client.get(CANONICAL_URL, HTTP_HOST=ZVEZDNY).content.decode()
    assert title_of(article) == f"{network['canonical'].title} — Звёздный бульвар"
    missing = client.get("/net-takoy-stranitsy/", HTTP_HOST=ZVEZDNY).content.decode()
    assert title_of(missing) == "Страница не найдена — Звёздный бульвар"
    search = client.get("/search/?q=завод", HTTP_HOST=ZVEZDNY).content.decode()
    assert title_of(search) == "Поиск: завод — Звёздный бульвар"


def test_the_favicon_is_a_small_png_of_the_logo(client, network):
    html = client.get("/", HTTP_HOST=ZVEZDNY).content.decode()
    href = re.search(r'<link rel="icon" type="image/png" href="([^"]+)">', html).group(1)
    assert href.startswith("/media/") and href.endswith(".png")
    icon = client.get(href, HTTP_HOST=ZVEZDNY)
    assert icon.status_code == 200
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert body.startswith(b"\x89PNG")
    width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
    assert max(width, height) <= 64
    logo = re.search(r'<img class="masthead__logo" src="([^"]+)"', html).group(1)
    assert logo != href


def test_the_accent_is_an_inline_style_the_csp_allows_by_its_hash(client, network):
    identity = identity_of(network, "zelpanorama")
    response = client.get("/", HTTP_HOST=ZELPANORAMA)
    html = response.content.decode()
    css = f":root{{--accent:{identity.accent}}}"
    assert f"<style>{css}</style>" in html
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    style_src = next(d for d in policy.split(";") if d.split()[0] == "style-src").split()
    assert style_src == ["style-src", "'self'", f"'sha256-{digest}'"]
    assert "unsafe-inline" not in policy and "script-src 'none'" in policy
    assert len(re.findall(r"<style\b", html)) == 1


def test_the_header_links_home_search_districts_regions_and_tags(client, network):
    html = client.get(CANONICAL_URL, HTTP_HOST=ZVEZDNY).content.decode()
    header = html[html.index('<header class="masthead">') : html.index("</header>")]
    assert html.index('class="skip-link" href="#content"') < html.index("<header")
    assert "Перейти к содержанию" in html and 'id="content"' in html
    assert 'class="masthead__home" href="/"' in header
    assert re.search(r'<form class="masthead__search" role="search"[^>]*action="/search/"', header)
    okrug = network["zvezdny"].region
    districts = okrug.children.filter(kind="district").order_by("name")
    assert districts.count() > 10
    links = re.findall(r'<a href="/regions/([-\w]+)/">', header)
    assert links == [district.slug for district in districts]
    assert "<details" in header and 'href="/regions/"' in header and 'href="/tags/"' in header


def test_the_article_has_breadcrumbs_from_outlet_to_section_to_district(client, network):
    article = (
        ArticlePage.objects.live()
        .for_outlet(network["zvezdny"])
        .filter(header_region__kind="district", section__isnull=False)
        .select_related("section")
        .first()
    )
    html = client.get(article.url, HTTP_HOST=ZVEZDNY).content.decode()
    crumbs = re.search(
        r'<nav class="breadcrumbs" aria-label="Навигационная цепочка">(.*?)</nav>', html, re.S
    ).group(1)
    district = article.header_region
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "Звёздный бульвар"),
        (f"/rubrics/{article.section.slug}/", article.section.name),
        (f"/regions/{district.slug}/", district.name),
    ]
    assert html.index("breadcrumbs") < html.index('data-element="region"')
