"""The admin under its Content-Security-Policy, in Chromium, as an outlet editor: the
dashboard, the explorer, a page's edit form with its image chooser, and the image screens
load without a single violation report in the console."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from .conftest import CHROMIUM_ARGS
from .demo_server import running_demo
from .test_canonical_page import CANONICAL_PATH

pytestmark = pytest.mark.browser

EDITOR = "editor-zvezdny"
ADMIN_SCREENS = ("/admin/", "/admin/pages/", "/admin/images/", "/admin/images/add/")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``vestnik demo`` on a fresh database: its address and its var dir."""
    var_dir = tmp_path_factory.mktemp("vestnik-csp-var")
    with running_demo(var_dir, CANONICAL_PATH) as base:
        yield base, var_dir


@pytest.fixture
def editor_page(chromium: str, demo: tuple[str, Path]) -> Iterator[tuple[Page, list[str]]]:
    base, var_dir = demo
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        violations: list[str] = []
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.goto(base + "/admin/login/")
        page.fill("#id_username", EDITOR)
        page.fill("#id_password", (var_dir / "demo-password.txt").read_text().strip())
        page.click("button[type=submit]")
        page.wait_for_url(base + "/admin/")
        try:
            yield page, violations
        finally:
            browser.close()


def test_admin_screens_load_without_csp_violations_for_an_outlet_editor(editor_page, demo):
    page, violations = editor_page
    base, _ = demo
    for path in ADMIN_SCREENS:
        response = page.goto(base + path, wait_until="networkidle")
        assert response is not None
        assert "content-security-policy" in response.headers or response.status != 200, path
    article = page.request.get(base + "/api/v1/articles/?outlet=zvezdny").json()["results"][0]
    edit = page.goto(f"{base}/admin/pages/{article['id']}/edit/", wait_until="networkidle")
    assert edit is not None and edit.status == 200
    open_image_chooser_on_a_new_article(page, base)
    assert violations == []


def open_image_chooser_on_a_new_article(page: Page, base: str) -> None:
    """A new article's form, where the photo's chooser is still empty, and its modal open."""
    page.goto(base + "/admin/pages/", wait_until="networkidle")
    parent = page.locator("a[href*='/admin/pages/'][href$='/']").filter(has_text="Звёздный")
    page.goto(base + parent.first.get_attribute("href"), wait_until="networkidle")
    page.locator("a[href*='add_subpage']").first.click()  # one page type: the form itself
    page.wait_for_url("**/add/articles/articlepage/**")
    page.wait_for_load_state("networkidle")
    page.locator("[data-chooser-action-choose]:visible").first.click()
    page.locator(".modal-content").first.wait_for()
    page.wait_for_load_state("networkidle")


def test_admin_makes_no_request_to_another_host_for_an_outlet_editor(editor_page, demo):
    """No gravatar, no CDN, no font service: the dashboard, an article's edit screen and the
    image chooser load everything from the server itself."""
    page, _ = editor_page
    base, _ = demo
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((base + "/", "data:", "blob:"))
            else foreign.append(f"{page.url}: {request.url}")
        ),
    )
    page.goto(base + "/admin/", wait_until="networkidle")
    article = page.request.get(base + "/api/v1/articles/?outlet=zvezdny").json()["results"][0]
    page.goto(f"{base}/admin/pages/{article['id']}/edit/", wait_until="networkidle")
    open_image_chooser_on_a_new_article(page, base)
    assert foreign == []
