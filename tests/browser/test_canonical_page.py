"""The canonical article as a reader's browser shows it.

These tests start ``vestnik demo`` in a subprocess (demo_server.py: its own database and
temporary var dir, on a free port) and drive Debian's Chromium through Playwright.

Environment:
VESTNIK_CHROMIUM            Chromium binary (default /usr/bin/chromium); missing: tests skip
VESTNIK_REQUIRE_BROWSER=1   fail instead of skipping when Chromium is missing (CI)
VESTNIK_UPDATE_SCREENSHOT=1 also copy the screenshot to docs/screenshot-canonical.png
"""

import json
import os
import shutil
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, Request, expect

from .demo_server import running_demo

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
SCREENSHOT = ARTIFACTS_DIR / "canonical-page.png"
DOCS_SCREENSHOT = REPO_ROOT / "docs" / "screenshot-canonical.png"

CANONICAL_PATH = "/technopolis-2023/"

# The order in which a reader meets the canonical article's parts.
SEED_ELEMENTS = ["region", "meta", "headline", "photo", "body", "read-also"]
REGION = "Москва. Северо-Восточный административный округ"
META = "Опубликовано 29 Янв 2024 в 09:41 | Текст: Звёздный бульвар"
PHOTO_CREDIT = "Фото: Д. Гришкин, mos.ru. Пресс-служба мэра и Правительства Москвы"
READ_ALSO_HEADING = "Читайте также"
READ_ALSO_DATES = [
    "19 мая 2025 в 09:39",
    "16 мая 2025 в 17:36",
    "16 мая 2025 в 11:27",
    "16 мая 2025 в 10:38",
    "16 мая 2025 в 09:47",
]

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def canonical_headline() -> str:
    """The headline the demo seed gives the canonical article."""
    network = json.loads((files("vestnik.demo") / "data" / "network.json").read_text("utf-8"))
    (article,) = (a for a in network["articles"] if a["key"] == "technopolis-2023")
    return str(article["headline"])


def text(locator: Locator) -> str:
    """An element's text (as written, before CSS such as text-transform), whitespace collapsed."""
    return " ".join((locator.text_content() or "").split())


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "ws", "wss"}:
        return True  # data:, blob:, about: never leave the machine
    host = (parts.hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``vestnik demo`` on a fresh database, served on a free loopback port."""
    with running_demo(tmp_path_factory.mktemp("vestnik-var"), CANONICAL_PATH) as base:
        yield base


def new_page(browser: Browser, **context_options: Any) -> Page:
    context = browser.new_context(**context_options)
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    try:
        yield page
    finally:
        page.context.close()


@pytest.fixture
def phone_page(browser: Browser, base_url: str) -> Iterator[Page]:
    page = new_page(browser, viewport={"width": 390, "height": 844})
    try:
        yield page
    finally:
        page.context.close()


def test_canonical_page_shows_the_seed_in_order(page: Page, base_url: str) -> None:
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    response = page.goto(base_url + CANONICAL_PATH, wait_until="load")
    assert response is not None and response.status == 200
    page.evaluate("document.fonts.ready.then(() => true)")
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    assert page.evaluate("document.documentElement.lang") == "ru"

    parts = {name: page.locator(f'[data-element="{name}"]') for name in SEED_ELEMENTS}
    for part in parts.values():
        expect(part).to_have_count(1)
        expect(part).to_be_visible()
    in_order = page.evaluate(
        """names => names.slice(1).every((name, i) => {
            const before = document.querySelector(`[data-element="${names[i]}"]`);
            const after = document.querySelector(`[data-element="${name}"]`);
            return Boolean(before.compareDocumentPosition(after)
                           & Node.DOCUMENT_POSITION_FOLLOWING)
                && !before.contains(after) && !after.contains(before);
        })""",
        SEED_ELEMENTS,
    )
    assert in_order, f"seed elements are not in the order {SEED_ELEMENTS}"

    assert text(parts["region"]) == REGION
    assert text(parts["meta"]) == META
    assert text(parts["headline"]) == canonical_headline()
    assert text(parts["body"])

    photo = parts["photo"]
    image = photo.locator("img")
    expect(image).to_have_count(1)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "photo did not load"
    caption = photo.locator("figcaption")
    expect(caption).to_be_visible()
    assert PHOTO_CREDIT in text(caption)

    read_also = parts["read-also"]
    expect(read_also.locator("h2")).to_have_text(READ_ALSO_HEADING)
    teasers = read_also.locator('[data-element="teaser"]')
    expect(teasers).to_have_count(len(READ_ALSO_DATES))
    for index, date in enumerate(READ_ALSO_DATES):
        teaser = teasers.nth(index)
        expect(teaser).to_be_visible()
        headline = teaser.locator(".teaser__headline")
        expect(headline).to_be_visible()
        assert text(headline), f"teaser {index + 1} has no headline"
        lead = teaser.locator(".teaser__lead")
        expect(lead).to_be_visible()
        assert text(lead), f"teaser {index + 1} has no lead"
        expect(teaser.locator(".teaser__date")).to_have_text(date)

    assert page.evaluate(
        """() => {
            const body = document.querySelector('[data-element="body"]');
            const aside = document.querySelector('[data-element="read-also"]');
            return !body.contains(aside) && !aside.contains(body);
        }"""
    ), "«Читайте также» must sit outside the article body"

    assert requests, "no requests were recorded"
    outside = [url for url in requests if not is_local(url)]
    assert not outside, f"the page reached beyond this machine: {outside}"

    if os.environ.get("VESTNIK_UPDATE_SCREENSHOT") == "1":
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(SCREENSHOT, DOCS_SCREENSHOT)


def test_phone_viewport_has_no_horizontal_scroll(phone_page: Page, base_url: str) -> None:
    response = phone_page.goto(base_url + CANONICAL_PATH, wait_until="load")
    assert response is not None and response.status == 200
    widths = phone_page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth,
                   client: document.documentElement.clientWidth})"""
    )
    assert widths["scroll"] <= widths["client"] + 1, f"horizontal scroll at 390 px: {widths}"

    headline = phone_page.locator('[data-element="headline"]')
    expect(headline).to_be_visible()
    expect(headline).to_be_in_viewport()
    box = headline.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= widths["client"] + 1
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    phone_page.screenshot(path=str(ARTIFACTS_DIR / "canonical-page-phone.png"), full_page=True)


def test_missing_page_is_a_russian_404(page: Page, base_url: str) -> None:
    response = page.goto(base_url + "/net-takoy-stranitsy-404/", wait_until="load")
    assert response is not None and response.status == 404
    expect(page.locator("body")).to_contain_text("Страница не найдена")
    assert page.evaluate("document.documentElement.lang") == "ru"
    html = page.content()
    for leak in ("Traceback", "Page not found", "Request Method", "DEBUG = True"):
        assert leak not in html, f"the 404 page shows {leak!r}"


def test_first_read_also_teaser_opens_its_article(page: Page, base_url: str) -> None:
    page.goto(base_url + CANONICAL_PATH, wait_until="load")
    first = page.locator('[data-element="read-also"] [data-element="teaser"]').first
    link = first.locator(".teaser__headline a")
    expect(link).to_have_count(1)
    headline = text(link)
    assert headline
    target = link.evaluate("a => a.href")
    assert urlsplit(target).path != CANONICAL_PATH

    with page.expect_navigation(url=target, wait_until="load") as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.status == 200
    article_headline = page.locator('[data-element="headline"]')
    expect(article_headline).to_be_visible()
    assert text(article_headline) == headline
