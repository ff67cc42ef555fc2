"""A reader's tour of every demo outlet: each page type of readers_tour.PAGE_TYPES, found by
following links from the outlet's home page, is photographed at 390 and 1366 px, passes axe-core
at WCAG 2.1 AA with no violation, and can be walked with the keyboard with the focus visible
throughout; an article stays within the page-weight budget.

One ``vestnik demo`` serves the whole module (demo_server.py). Screenshots go to
test-artifacts/readers-tour/<outlet>-<page type>-<width>.jpg, and with
VESTNIK_UPDATE_SCREENSHOTS=1 also to docs/screenshots/readers/ (shown in the README).
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request

from .accessibility import axe_violations, skip_link_moves_focus, walk_with_tab
from .demo_server import running_demo
from .readers_tour import PAGE_TYPES, Outlet, Tour, demo_outlets

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "readers-tour"
DOCS_DIR = REPO_ROOT / "docs" / "screenshots" / "readers"

VIEWPORTS = {390: 844, 1366: 900}  # a phone and a laptop: width → height
KEYBOARD_WIDTH = 1366
JPEG_QUALITY = 70  # pages stay under ~250 KB each in docs/
SCREENSHOT_HEIGHT = 2200  # CSS pixels from the top
SCREENSHOT_BUDGET = 250 * 1024

# The budget for an article: bytes transferred before images, and requests in all.
ARTICLE_BYTES = 40 * 1024
ARTICLE_REQUESTS = 6

OUTLETS = [outlet.slug for outlet in demo_outlets("http://127.0.0.1:0")]
PAGE_TYPE_NAMES = [page_type.name for page_type in PAGE_TYPES]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_demo(tmp_path_factory.mktemp("vestnik-tour")) as base:
        yield base


@pytest.fixture(scope="module")
def outlets(base_url: str) -> dict[str, Outlet]:
    return {outlet.slug: outlet for outlet in demo_outlets(base_url)}


def reader_context(browser: Browser, width: int) -> BrowserContext:
    context = browser.new_context(
        viewport={"width": width, "height": VIEWPORTS[width]}, locale="ru-RU"
    )
    context.set_default_timeout(20_000)
    return context


@pytest.fixture(scope="module")
def contexts(browser: Browser, base_url: str) -> Iterator[dict[int, BrowserContext]]:
    """One reader's browser context per viewport width, shared by the module's tests."""
    made = {width: reader_context(browser, width) for width in VIEWPORTS}
    try:
        yield made
    finally:
        for context in made.values():
            context.close()


@pytest.fixture(scope="module")
def tour(contexts: dict[int, BrowserContext]) -> Iterator[Tour]:
    page = contexts[KEYBOARD_WIDTH].new_page()
    try:
        yield Tour(page)
    finally:
        page.close()


def open_page(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url}: {response}"
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


def save_screenshot(page: Page, name: str) -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{name}.jpg"
    # The page from its top down to SCREENSHOT_HEIGHT: a district's or the network's long lists
    # add nothing to the picture but weight.
    height = min(page.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_HEIGHT)
    clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
    page.screenshot(path=str(path), full_page=True, clip=clip, type="jpeg", quality=JPEG_QUALITY)
    if os.environ.get("VESTNIK_UPDATE_SCREENSHOTS") == "1":
        DOCS_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_DIR / path.name)
    return path


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_TYPE_NAMES)
@pytest.mark.parametrize("outlet", OUTLETS)
def test_page_fits_the_screen_and_passes_axe(
    tour: Tour,
    outlets: dict[str, Outlet],
    contexts: dict[int, BrowserContext],
    outlet: str,
    kind: str,
    width: int,
) -> None:
    page = open_page(contexts[width], tour.url(outlets[outlet], kind))
    try:
        screenshot = save_screenshot(page, f"{outlet}-{kind}-{width}")
        assert screenshot.stat().st_size <= SCREENSHOT_BUDGET, (
            f"{screenshot.name} is {screenshot.stat().st_size // 1024} KB"
        )
        widths = page.evaluate(
            "({scroll: document.documentElement.scrollWidth,"
            " client: document.documentElement.clientWidth})"
        )
        assert widths["scroll"] <= widths["client"] + 1, f"horizontal scroll: {widths}"
        violations = axe_violations(page)
        assert not violations, f"{page.url} at {width} px:\n" + "\n".join(violations)
    finally:
        page.close()


@pytest.mark.parametrize("kind", PAGE_TYPE_NAMES)
@pytest.mark.parametrize("outlet", OUTLETS)
def test_keyboard_reaches_everything_with_visible_focus(
    tour: Tour,
    outlets: dict[str, Outlet],
    contexts: dict[int, BrowserContext],
    outlet: str,
    kind: str,
) -> None:
    page = open_page(contexts[KEYBOARD_WIDTH], tour.url(outlets[outlet], kind))
    try:
        walk = walk_with_tab(page)
        assert walk.focusable, f"{page.url}: nothing to reach with the keyboard"
        assert walk.reached[:1] == [0] and walk.first_href, (
            f"the first Tab must reach the skip link or the first link, not {walk.names[:1]}"
        )
        assert walk.ended, f"the focus never left the page (trapped or looping): {walk.names}"
        assert not walk.unreached, f"never reached with Tab: elements no. {walk.unreached}"
        assert not walk.invisible, f"focus not visible on: {walk.invisible}"
        if walk.first_href.startswith("#"):
            assert skip_link_moves_focus(page, walk.first_href), (
                f"the skip link {walk.first_href} does not move the focus"
            )
    finally:
        page.close()


def wire_bytes(request: Request) -> int:
    """A response's bytes as Chromium received them: its headers and its body as sent."""
    sizes = request.sizes()
    return sizes["responseHeadersSize"] + sizes["responseBodySize"]


@pytest.mark.parametrize("outlet", OUTLETS)
def test_article_stays_within_the_page_weight_budget(
    tour: Tour, outlets: dict[str, Outlet], browser: Browser, outlet: str
) -> None:
    """Measured in a fresh context (an empty cache), as Chromium counts the bytes on the wire:
    each response's headers plus its body as sent (compressed, if it was); images count as
    requests but not as bytes. Requests made until the network is idle after ``load``."""
    url = tour.url(outlets[outlet], "article")
    context = reader_context(browser, KEYBOARD_WIDTH)
    requests: list[Request] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request))
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200
        own_host = urlsplit(url).netloc
        elsewhere = [r.url for r in requests if urlsplit(r.url).netloc not in {own_host, ""}]
        assert not elsewhere, f"requests to another host: {elsewhere}"
        assert len(requests) <= ARTICLE_REQUESTS, [r.url for r in requests]
        transferred = {
            request.url: wire_bytes(request)
            for request in requests
            if request.resource_type != "image"
        }
        assert sum(transferred.values()) <= ARTICLE_BYTES, (
            f"{sum(transferred.values())} bytes before images: {transferred}"
        )
    finally:
        context.close()
