"""The readers' pages of each demo outlet, and how a reader reaches each one: by following links
from the outlet's home page, as a person would, never by a URL typed in where a link exists.

``PAGE_TYPES`` is the table test_readers_tour.py walks. A page type whose link is missing FAILS
the tour: a finder never skips.
"""

import json
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import NoReturn
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

SEARCH_QUERY = "парк"  # a word every demo outlet has stories about
ARTICLE_MARK = '[data-element="headline"]'  # the article page's headline (the seed's elements)
# A region page's address is regions/<slug>/: its feeds (…/rss/, …/atom/) are not pages.
REGION_PATH_PARTS = 3
TAG_PATH_PARTS = 3
# Each link's absolute address; an SVG map's <a> has no string ``href`` property, so the
# attribute is resolved against the page's address.
ABSOLUTE_HREFS = "as => as.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    home: str  # the outlet's root URL on its own host, e.g. http://zvezdny.localhost:8712/
    api: str  # the outlet in the reading API on the default host, for its okrug's slug


def demo_outlets(base: str) -> list[Outlet]:
    """The demo network's outlets (network.json), each on its ``<hostname>.localhost`` host:
    Chromium sends *.localhost to the loopback, where the demo server answers every host."""
    network = json.loads((files("vestnik.demo") / "data" / "network.json").read_text("utf-8"))
    port = urlsplit(base).port
    return [
        Outlet(
            slug=spec["slug"],
            name=spec["name"],
            home=f"http://{spec['hostname']}.localhost:{port}/",
            api=f"{base}/api/v1/outlets/{spec['slug']}/",
        )
        for spec in network["outlets"]
    ]


class Tour:
    """A reader's browser page walking the outlets; remembers each page it has found."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: dict[tuple[str, str], str] = {}

    def url(self, outlet: Outlet, kind: str) -> str:
        key = (outlet.slug, kind)
        if key not in self.found:
            self.found[key] = PAGE_TYPES_BY_NAME[kind].find(self, outlet)
        return self.found[key]

    def open(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load")
        status = response.status if response is not None else 0
        if status != 200:
            pytest.fail(f"{url} answered {status}", pytrace=False)

    def links(self, url: str, selector: str) -> list[str]:
        """The absolute targets of the links matching ``selector`` on the page at ``url``."""
        self.open(url)
        hrefs: list[str] = self.page.eval_on_selector_all(selector, ABSOLUTE_HREFS)
        return hrefs


def missing(outlet: Outlet, what: str, where: str) -> NoReturn:
    pytest.fail(f"{outlet.name}: no {what} on {where}", pytrace=False)


def path_parts(url: str) -> list[str]:
    """``http://h/regions/svao/`` → ``["regions", "svao", ""]``: a trailing slash counts."""
    return urlsplit(url).path.lstrip("/").split("/")


def region_links(tour: Tour, url: str) -> list[str]:
    return [
        href
        for href in tour.links(url, "main a[href*='/regions/']")
        if len(path_parts(href)) == REGION_PATH_PARTS and path_parts(href)[0] == "regions"
    ]


def okrug_slug(outlet: Outlet) -> str:
    """Which of the region links is the outlet's own okrug: data from the reading API, not an
    address (the reader sees the okrug's name)."""
    with urllib.request.urlopen(outlet.api, timeout=10) as response:
        return str(json.load(response)["region"]["slug"])


# The page types -------------------------------------------------------------------------------


def find_home(tour: Tour, outlet: Outlet) -> str:
    tour.open(outlet.home)
    return outlet.home


def find_article(tour: Tour, outlet: Outlet) -> str:
    """The first story's headline link on the home page (the lead story once there is one)."""
    teasers = tour.links(
        tour.url(outlet, "home"), "main .teaser__headline a, main [data-element='teaser'] a"
    )
    if not teasers:
        return missing(outlet, "story link", "the home page")
    tour.open(teasers[0])
    if tour.page.locator(ARTICLE_MARK).count() != 1:
        pytest.fail(f"{teasers[0]} is not an article page: no {ARTICLE_MARK}", pytrace=False)
    return teasers[0]


def find_search(tour: Tour, outlet: Outlet) -> str:
    """The header's search box, given a Russian query."""
    form = "form[role='search'], form:has(input[type='search'])"
    tour.open(tour.url(outlet, "home"))
    if tour.page.locator(form).count() == 0:
        missing(outlet, "search form", "the home page")
    box = tour.page.locator(form).first.locator("input[type='search'], input[name='q']").first
    box.fill(SEARCH_QUERY)
    with tour.page.expect_navigation(wait_until="load"):
        box.press("Enter")
    if "q=" not in tour.page.url:
        pytest.fail(f"{outlet.name}: the search form went to {tour.page.url}", pytrace=False)
    return tour.page.url


def find_tag(tour: Tour, outlet: Outlet) -> str:
    tags = [
        href
        for href in tour.links(tour.url(outlet, "article"), "main a[href*='/tags/']")
        if len(path_parts(href)) == TAG_PATH_PARTS and path_parts(href)[0] == "tags"
    ]
    return tags[0] if tags else missing(outlet, "tag link", "the article")


def find_region(tour: Tour, outlet: Outlet) -> str:
    """The article's region line, else a region link of the home page."""
    for url in (tour.url(outlet, "article"), tour.url(outlet, "home")):
        if found := region_links(tour, url):
            return found[0]
    return missing(outlet, "region link", "the article or the home page")


def find_section(tour: Tour, outlet: Outlet) -> str:
    """The first section in the header's navigation (a ``nav`` landmark inside the banner)."""
    tour.open(tour.url(outlet, "home"))
    hrefs: list[str] = tour.page.eval_on_selector_all(
        "header nav a[href], [role='banner'] nav a[href]", ABSOLUTE_HREFS
    )
    not_sections = {"", "regions", "tags", "search"}
    sections = [href for href in hrefs if path_parts(href)[0] not in not_sections]
    return sections[0] if sections else missing(outlet, "section link", "the header's nav")


def find_okrug(tour: Tour, outlet: Outlet) -> str:
    """The outlet's okrug, linked from the article's region line or the home page's map, with
    a map of its districts."""
    slug = okrug_slug(outlet)
    for url in (tour.url(outlet, "article"), tour.url(outlet, "home")):
        if found := [href for href in region_links(tour, url) if path_parts(href)[1] == slug]:
            tour.open(found[0])
            if tour.page.locator("main svg a[href]").count() == 0:
                pytest.fail(f"{found[0]}: the okrug page has no map of links", pytrace=False)
            return found[0]
    return missing(outlet, f"link to its okrug ({slug})", "the article or the home page")


def find_district(tour: Tour, outlet: Outlet) -> str:
    """A district of the okrug, from the okrug page (its map or the list beside it)."""
    okrug = tour.url(outlet, "okrug")
    districts = [href for href in region_links(tour, okrug) if href != okrug]
    return districts[0] if districts else missing(outlet, "district link", "the okrug page")


def find_index(path: str) -> Callable[[Tour, Outlet], str]:
    """A site-wide index (regions/, tags/), linked from the header or the footer."""

    def find(tour: Tour, outlet: Outlet) -> str:
        tour.open(tour.url(outlet, "home"))
        hrefs: list[str] = tour.page.eval_on_selector_all("a[href]", ABSOLUTE_HREFS)
        found = [href for href in hrefs if urlsplit(href).path == f"/{path}/"]
        return found[0] if found else missing(outlet, f"link to /{path}/", "the home page")

    return find


@dataclass(frozen=True)
class PageType:
    name: str  # in test ids and screenshot file names
    find: Callable[[Tour, Outlet], str]


PAGE_TYPES = [
    PageType("home", find_home),
    PageType("article", find_article),
    PageType("search", find_search),
    PageType("tag", find_tag),
    PageType("region", find_region),
    PageType("section", find_section),
    PageType("okrug", find_okrug),
    PageType("district", find_district),
    PageType("regions", find_index("regions")),
    PageType("tags", find_index("tags")),
]
PAGE_TYPES_BY_NAME = {page_type.name: page_type for page_type in PAGE_TYPES}
