"""An okrug's page and a district's page as a reader's browser shows them: the map drawn on
the server, axe-core's WCAG 2.1 A/AA checks, the map's districts reached with the keyboard, at
a phone's width and a laptop's. Starts ``vestnik demo`` as test_canonical_page.py does."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from .demo_server import running_demo

pytestmark = pytest.mark.browser

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
OKRUG_PATH = "/regions/svao/"
DISTRICT_PATH = "/regions/marfino/"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# The map's links come after the page's other links; a reader tabs through them all.
MAX_TABS = 200


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_demo(tmp_path_factory.mktemp("vestnik-var"), OKRUG_PATH) as base:
        yield base


def open_page(browser: Browser, url: str, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200
    return page


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", [OKRUG_PATH, DISTRICT_PATH, "/regions/", "/tags/"])
@pytest.mark.parametrize("width", [390, 1366])
def test_region_page_passes_axe_and_fits_the_screen(
    browser: Browser, base_url: str, path: str, width: int
) -> None:
    page = open_page(browser, base_url + path, width)
    try:
        if path != "/tags/":
            expect(page.locator('[data-element="region-map"] svg')).to_be_visible()
        assert_accessible(page)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1] + 1, f"horizontal scroll at {width} px: {widths}"
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        name = path.strip("/").replace("/", "-") or "index"
        page.screenshot(path=str(ARTIFACTS_DIR / f"{name}-{width}.png"), full_page=True)
    finally:
        page.context.close()


def test_a_district_on_the_okrug_map_is_reached_by_keyboard(
    browser: Browser, base_url: str
) -> None:
    page = open_page(browser, base_url + OKRUG_PATH, 1366)
    try:
        target = page.locator(f'[data-element="region-map"] svg a[href$="{DISTRICT_PATH}"]')
        expect(target).to_have_count(1)
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            if target.evaluate("link => link === document.activeElement"):
                break
        else:
            pytest.fail(f"Tab never reached the map's link to {DISTRICT_PATH}")
        # the focused district is visibly marked: its outline thickens
        stroke = target.locator("path").evaluate("p => getComputedStyle(p).strokeWidth")
        assert stroke == "3px"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(DISTRICT_PATH)
        expect(page.locator("h1")).to_contain_text("Район Марфино")
        current = page.locator('[data-element="region-map"] svg a[aria-current="page"]')
        expect(current).to_have_attribute("href", DISTRICT_PATH)
        assert_accessible(page)
    finally:
        page.context.close()
