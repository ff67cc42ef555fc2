"""An outlet's identity in a reader's browser and in its editor's hands.

The editor of «Звёздный бульвар» (not a superuser) opens the outlet's settings in the
Russian admin, is refused a colour too light to read, then saves a new description and
accent; a reader whose copy of the home page sits in the page cache sees both at once, with
nobody clearing the cache. Home and article pass axe-core (WCAG 2.1 AA) with the header and
footer, on a desktop and on a 390 px phone, where the districts open without JavaScript.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .demo_server import running_demo

pytestmark = pytest.mark.browser

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "outlet-identity"
EDITOR = "editor-zvezdny"
CANONICAL_PATH = "/technopolis-2023/"
NEW_DESCRIPTION = "Всё о жизни Северо-Востока: от Лосиного острова до Останкина"
NEW_ACCENT = "#5b2a86"
NEW_ACCENT_RGB = "rgb(91, 42, 134)"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    var_dir = tmp_path_factory.mktemp("vestnik-identity")
    with running_demo(var_dir, CANONICAL_PATH) as base:
        yield base, var_dir


def new_context(browser: Browser, width: int = 1280) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
    context.set_default_timeout(20_000)
    return context


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_role("textbox", name="Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(base + "/admin/")


def cache_status(page: Page, url: str) -> str:
    response = page.goto(url)
    assert response is not None and response.status == 200
    return response.headers.get("x-vestnik-cache", "")


def assert_no_axe_violations(page: Page, name: str) -> None:
    results = Axe().run(page)
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
    found = [(v["id"], v["help"]) for v in results.response["violations"]]
    assert results.violations_count == 0, f"{name}: {found}"


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("path", ["/", CANONICAL_PATH])
def test_pages_with_header_and_footer_pass_axe(
    browser: Browser, server: tuple[str, Path], path: str, width: int
) -> None:
    base, _ = server
    context = new_context(browser, width)
    try:
        page = context.new_page()
        response = page.goto(base + path)
        assert response is not None and response.status == 200
        expect(page.locator(".imprint__age")).to_be_visible()
        expect(page.locator(".imprint__age")).to_contain_text("16+")
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client + 1, f"horizontal scroll at {width} px"
        name = f"{'home' if path == '/' else 'article'}-{width}"
        assert_no_axe_violations(page, name)
    finally:
        context.close()


def test_districts_open_on_a_phone_without_scripts(
    browser: Browser, server: tuple[str, Path]
) -> None:
    base, _ = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "/")
        districts = page.locator(".masthead__districts")
        marfino = districts.get_by_role("link", name="Марфино")
        expect(marfino).to_be_hidden()
        districts.locator("summary").click()
        expect(marfino).to_be_visible()
        with page.expect_navigation():
            marfino.click()
        assert page.url.endswith("/regions/marfino/") or "/regions/" in page.url
    finally:
        context.close()


def test_keyboard_reaches_the_skip_link_first(browser: Browser, server: tuple[str, Path]) -> None:
    base, _ = server
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(base + CANONICAL_PATH)
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Перейти к содержанию")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        assert page.url.endswith("#content")
    finally:
        context.close()


def test_the_editor_changes_description_and_accent_and_readers_see_them(
    browser: Browser, server: tuple[str, Path]
) -> None:
    base, var_dir = server
    password = (var_dir / "demo-password.txt").read_text(encoding="utf-8").strip()
    editor_context, reader_context = new_context(browser), new_context(browser)
    try:
        reader = reader_context.new_page()
        # Each server process keeps its own store: ask until one answers from it.
        statuses = [cache_status(reader, base + "/") for _ in range(20)]
        assert "hit" in statuses, statuses  # the reader's copy is the cached one
        expect(reader.locator(".masthead__description")).not_to_have_text(NEW_DESCRIPTION)

        editor = editor_context.new_page()
        log_in(editor, base, EDITOR, password)
        editor.goto(base + "/admin/settings/outlets/outletidentity/")
        expect(
            editor.get_by_role("heading", name="Оформление и выходные данные", exact=True)
        ).to_be_visible()
        description = editor.get_by_label("Короткое описание")
        accent = editor.get_by_label("Фирменный цвет")

        accent.fill("#ffd700")
        editor.get_by_role("button", name="Сохранить").click()
        expect(editor.get_by_text("Этот цвет слишком светлый")).to_be_visible()

        description.fill("")
        description.press_sequentially(NEW_DESCRIPTION)
        accent.fill(NEW_ACCENT)
        editor.get_by_role("button", name="Сохранить").click()
        expect(editor.get_by_text("обновлен", exact=False).first).to_be_visible()
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        editor.screenshot(path=str(ARTIFACTS_DIR / "editor-saved.png"), full_page=True)

        # Several times, so every process's store is asked, the one with the old copy too.
        for path in ("/", CANONICAL_PATH) * 4:
            reader.goto(base + path)
            expect(reader.locator(".masthead__description")).to_have_text(NEW_DESCRIPTION)
            colour = reader.locator(".masthead__districts summary").evaluate(
                "element => getComputedStyle(element).color"
            )
            assert colour == NEW_ACCENT_RGB
        reader.screenshot(path=str(ARTIFACTS_DIR / "reader-after.png"), full_page=True)
    finally:
        editor_context.close()
        reader_context.close()
