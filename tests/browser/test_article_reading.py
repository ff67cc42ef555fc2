"""The article page as readers of every kind get it, in Chromium against ``vestnik demo``:
axe-core finds nothing at WCAG 2.1 AA; with images blocked it still reads, nothing on top
of anything; printed, it drops the navigation and prints its address; and /sitemap.xml,
opened by a person, is a table of addresses while crawlers still get the sitemap's XML."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from lxml import etree
from playwright.sync_api import Browser, Page, Route, expect

from .demo_server import running_demo

pytestmark = pytest.mark.browser

CANONICAL_PATH = "/technopolis-2023/"
# A demo article with a photo and a byline (demo/data/authors.json).
WITH_BYLINE_PATH = "/marfino-botanicheskaya-skver/"
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
READING_PARTS = ["region", "meta", "headline", "body", "read-also"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_demo(tmp_path_factory.mktemp("vestnik-var"), CANONICAL_PATH) as base:
        yield base


def opened(browser: Browser, **options: Any) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    page = opened(browser)
    yield page
    page.context.close()


def violations_at_wcag_21_aa(browser: Browser, url: str) -> str:
    # axe-core is injected as a script, which the pages' policy (rightly) forbids.
    page = opened(browser, bypass_csp=True)
    try:
        page.goto(url, wait_until="load")
        results = Axe().run(page, options=WCAG_21_AA)
        return "" if results.violations_count == 0 else results.generate_report()
    finally:
        page.context.close()


@pytest.mark.parametrize("path", [CANONICAL_PATH, WITH_BYLINE_PATH, "/authors/anna-sokolova/"])
def test_no_axe_violations_at_wcag_21_aa(browser: Browser, base_url: str, path: str) -> None:
    report = violations_at_wcag_21_aa(browser, base_url + path)
    assert not report, report


def test_byline_links_to_the_authors_page(page: Page, base_url: str) -> None:
    page.goto(base_url + WITH_BYLINE_PATH, wait_until="load")
    byline = page.locator('[data-element="byline"]')
    expect(byline).to_have_text("Автор: Анна Соколова")
    with page.expect_navigation(wait_until="load"):
        byline.get_by_role("link", name="Анна Соколова").click()
    expect(page.locator("h1")).to_have_text("Анна Соколова")
    assert page.locator(".listing__item").count() >= 2


def test_the_share_address_is_a_labelled_field_a_keyboard_reaches(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + WITH_BYLINE_PATH, wait_until="load")
    field = page.get_by_label("Ссылка на материал")
    port = urlsplit(base_url).port
    expect(field).to_have_value(f"http://zvezdny.localhost:{port}{WITH_BYLINE_PATH}")
    expect(page.get_by_role("link", name="Поделиться в Telegram")).to_have_attribute(
        "rel", "noopener"
    )
    field.focus()
    expect(field).to_be_focused()


def boxes(page: Page, names: list[str]) -> dict[str, dict[str, float]]:
    found = {}
    for name in names:
        part = page.locator(f'[data-element="{name}"]')
        expect(part).to_be_visible()
        box = part.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, name
        found[name] = box
    return found


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_with_images_off_the_article_still_reads(
    browser: Browser, base_url: str, width: int
) -> None:
    page = opened(browser)
    page.set_viewport_size({"width": width, "height": 900})
    blocked: list[str] = []

    def refuse(route: Route) -> None:
        blocked.append(route.request.url)
        route.abort()

    page.route(
        lambda url: True,
        lambda route: (
            refuse(route) if route.request.resource_type == "image" else route.continue_()
        ),
    )
    try:
        page.goto(base_url + CANONICAL_PATH, wait_until="load")
        assert blocked, "the page asked for no image: nothing was tested"
        parts = boxes(page, [*READING_PARTS, "photo"])
        for name in READING_PARTS:
            assert page.locator(f'[data-element="{name}"]').inner_text().strip(), name
        names = list(parts)
        for index, first in enumerate(names):
            for second in names[index + 1 :]:
                assert not overlap(parts[first], parts[second]), f"{first} overlaps {second}"
        # The missing photo keeps its box (width and height are set), so the text below it
        # does not jump, and its caption still reads.
        assert parts["photo"]["height"] > 100
        expect(page.locator('[data-element="photo"] figcaption')).to_be_visible()
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1] + 1, f"horizontal scroll with images off: {widths}"
        # The listing reads the same way: every teaser's headline visible, none on another.
        page.goto(base_url + "/", wait_until="load")
        headlines = page.locator(".listing .teaser__headline")
        assert headlines.count() >= 3
        shown = [headlines.nth(i).bounding_box() for i in range(headlines.count())]
        assert all(box and box["height"] > 0 for box in shown)
        assert not any(overlap(a, b) for i, a in enumerate(shown) for b in shown[i + 1 :])
    finally:
        page.context.close()


def test_printed_the_article_drops_navigation_and_prints_its_address(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + CANONICAL_PATH, wait_until="load")
    expect(page.locator(".share")).to_be_visible()
    expect(page.locator(".article__address")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".share")).to_be_hidden()
    expect(page.locator('[data-element="read-also"]')).to_be_hidden()
    expect(page.locator(".footer")).to_be_hidden()
    address = page.locator(".article__address")
    expect(address).to_be_visible()
    expect(address).to_contain_text(CANONICAL_PATH)
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    expect(page.locator('[data-element="headline"]')).to_be_visible()


def test_the_sitemap_reads_as_a_table_in_the_browser(page: Page, base_url: str) -> None:
    response = page.goto(base_url + "/sitemap.xml", wait_until="load")
    assert response is not None and response.status == 200
    table = page.locator("table")
    expect(table).to_be_visible()
    expect(page.locator("h1")).to_have_text("Карта сайта")
    expect(page.locator("th").first).to_have_text("Адрес")
    links = page.locator("table tbody tr td:first-child a")
    assert links.count() > 3
    first = links.first.get_attribute("href") or ""
    assert first.endswith("/") and first.startswith("http")
    # What a crawler gets is still the sitemap's XML, the stylesheet only named in it.
    crawler = page.request.get(base_url + "/sitemap.xml")
    tree = etree.fromstring(crawler.body())
    assert tree.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert len(tree) == links.count()
