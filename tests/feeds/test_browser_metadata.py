"""A hostile headline in Chromium: the article page, as Django renders it, runs nothing.

The page is rendered by the test client first, then handed to Chromium with every request
refused, so the browser parses exactly Vestnik's HTML (Playwright's loop starts only after
the last database query, as Django requires).
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Route, sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CHROMIUM = os.environ.get("VESTNIK_CHROMIUM", "/usr/bin/chromium")
HOSTILE_HEADLINE = (
    '</script><script>window.pwned = "script"; alert(1)</script>'
    '<img src="x" onerror="window.pwned = \'onerror\'"> «Заголовок» & <!--'
)


def test_hostile_headline_runs_nothing_in_chromium(client, publish):
    publish("hostile-in-browser", HOSTILE_HEADLINE)
    html = client.get("/hostile-in-browser/", HTTP_HOST="zvezdny.localhost").content.decode()
    if not Path(CHROMIUM).exists():
        if os.environ.get("VESTNIK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")

    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def refuse(route: Route) -> None:
        route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.on("dialog", dismiss)
            page.route("**/*", refuse)
            page.set_content(html)
            pwned = page.evaluate("window.pwned")
            scripts = page.locator("script").count()
            json_ld = page.locator('script[type="application/ld+json"]').text_content()
            headline = page.locator("h1").text_content()
            og_title = page.locator('meta[property="og:title"]').get_attribute("content")
        finally:
            browser.close()

    assert pwned is None
    assert dialogs == []
    assert scripts == 1
    assert json.loads(json_ld or "")["headline"] == HOSTILE_HEADLINE
    assert headline == HOSTILE_HEADLINE
    assert og_title == HOSTILE_HEADLINE
