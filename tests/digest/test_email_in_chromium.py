"""The issue's HTML part as a phone's mail client shows it (Chromium at 390 px): headlines
and links visible, nothing fetched from anywhere, no sideways scrolling; and the subscribe
page. With VESTNIK_UPDATE_SCREENSHOTS=1 both go to docs/screenshots/digest/."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, chromium  # noqa: F401
from vestnik.digest.models import DigestList, Subscriber, Subscription
from vestnik.regions.models import Region

from .conftest import HOST, publish_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "digest"
PHONE = {"width": 390, "height": 844}
HEADLINES = (
    "В Марфине открыли каток у пруда",
    "На Ботанической улице посадили сто лип вдоль новой велосипедной дорожки",
)


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("VESTNIK_UPDATE_SCREENSHOTS") == "1":
        DOCS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_DIR / name), full_page=True)


def fits_the_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_issue_and_the_subscribe_page_read_on_a_phone(chromium, smtp, due_today, network):  # noqa: F811
    marfino = Region.objects.get(slug="marfino")
    for title in HEADLINES:
        publish_in(network["zvezdny"], marfino, title, "Жители пришли посмотреть, что получилось.")
    digest_list = DigestList.objects.create(outlet=network["zvezdny"], region=marfino)
    Subscription.objects.create(
        subscriber=Subscriber.objects.create(email="anna@example.ru"),
        digest_list=digest_list,
        confirmed_at=timezone.now(),
    )
    call_command("worker", batch=True, verbosity=0)
    ((_, letter),) = smtp.accepted
    html = letter.get_body(preferencelist=("html",)).get_content()
    # Read before Chromium starts: Playwright's event loop then runs in this thread, and
    # Django will not touch the database from a thread with a running loop.
    site = {path: Client(HTTP_HOST=HOST).get(path) for path in ("/podpiska/?region=marfino",)}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        try:
            read_the_issue(browser, html)
            read_the_subscribe_page(browser, site)
        finally:
            browser.close()


def read_the_issue(browser: Browser, html: str) -> None:
    context = browser.new_context(viewport=PHONE)
    fetched: list[str] = []

    def refuse(route: Route) -> None:
        fetched.append(route.request.url)
        route.abort()

    context.route("**/*", refuse)
    page = context.new_page()
    page.set_content(html, wait_until="load")

    for headline in HEADLINES:
        link = page.get_by_role("link", name=headline)
        expect(link).to_be_visible()
        assert (link.get_attribute("href") or "").startswith("http://zvezdny.localhost/")
    expect(page.get_by_role("link", name="Отписаться")).to_be_visible()
    assert fits_the_width(page)
    size = page.get_by_role("link", name=HEADLINES[0]).evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)"
    )
    assert size >= 16
    assert fetched == []
    screenshot(page, "email-390.png")
    context.close()


def read_the_subscribe_page(browser: Browser, site: dict) -> None:  # type: ignore[type-arg]
    def serve(route: Route) -> None:
        """The pages read above, the static files from the source tree."""
        path = route.request.url.partition(HOST)[2]
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/").partition("?")[0])
            if found:
                route.fulfill(path=found)
                return
        if path.startswith(settings.MEDIA_URL):
            media = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
            if media.is_file():
                route.fulfill(path=media)
                return
        if path in site:
            reply = site[path]
            route.fulfill(status=reply.status_code, body=reply.content, headers=dict(reply.items()))
            return
        route.abort()

    context = browser.new_context(viewport=PHONE)
    context.route("**/*", serve)
    page = context.new_page()
    page.goto(f"http://{HOST}/podpiska/?region=marfino", wait_until="load")

    expect(page.get_by_role("heading", name="Рассылка «Звёздный бульвар: Марфино»")).to_be_visible()
    expect(page.get_by_label("Электронная почта")).to_be_visible()
    expect(page.get_by_role("button", name="Подписаться", exact=True)).to_be_visible()
    assert fits_the_width(page)
    screenshot(page, "subscribe-390.png")
    context.close()
