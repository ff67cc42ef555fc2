"""The region picker in Chromium, under the admin's Content-Security-Policy: an outlet editor
finds a district by typing part of its name, ticks it and publishes."""

import pytest
from playwright.sync_api import Page, expect

from .test_admin_csp import demo, editor_page  # noqa: F401  (the demo server, logged in)

pytestmark = pytest.mark.browser


def publish(page: Page) -> None:
    """«Опубликовать» sits in the footer's action menu, behind its toggle."""
    button = page.locator("footer button[name='action-publish']")
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()


def test_editor_finds_a_district_by_typing_and_publishes_it_without_csp_violations(
    editor_page,  # noqa: F811
    demo,  # noqa: F811
):
    page, violations = editor_page
    base, _ = demo
    article = page.request.get(base + "/api/v1/articles/?outlet=zvezdny").json()["results"][0]
    page.goto(f"{base}/admin/pages/{article['id']}/edit/", wait_until="networkidle")
    page.get_by_role("tab", name="Регионы и теги").click()
    picker = page.locator("[data-region-picker]")
    kosino = picker.locator("label", has_text="Косино-Ухтомский")
    bibirevo = picker.locator("label", has_text="Бибирево")
    expect(bibirevo).to_be_visible()
    assert not kosino.locator("input").is_checked()

    picker.locator("[data-region-picker-filter]").fill("Косино")
    expect(kosino).to_be_visible()
    expect(bibirevo).to_be_hidden()
    # ё/е and case do not matter: «САВЕЛКИ» finds «Савёлки».
    picker.locator("[data-region-picker-filter]").fill("САВЕЛКИ")
    expect(picker.locator("label", has_text="Савёлки")).to_be_visible()
    expect(kosino).to_be_hidden()
    picker.locator("[data-region-picker-filter]").fill("косино")
    kosino.locator("input").check()

    publish(page)
    page.wait_for_url(lambda url: "/edit/" not in url)
    page.goto(f"{base}/admin/pages/{article['id']}/edit/", wait_until="networkidle")
    page.get_by_role("tab", name="Регионы и теги").click()
    assert (
        page.locator("[data-region-picker] label", has_text="Косино-Ухтомский")
        .locator("input")
        .is_checked()
    )
    assert violations == []


def test_editor_sees_a_note_when_nothing_matches(editor_page, demo):  # noqa: F811
    page, _violations = editor_page
    base, _ = demo
    article = page.request.get(base + "/api/v1/articles/?outlet=zvezdny").json()["results"][0]
    page.goto(f"{base}/admin/pages/{article['id']}/edit/", wait_until="networkidle")
    page.get_by_role("tab", name="Регионы и теги").click()
    picker = page.locator("[data-region-picker]")
    picker.locator("[data-region-picker-filter]").fill("Атлантида")
    expect(picker.locator("[data-region-picker-empty]")).to_be_visible()
    expect(picker.locator("fieldset:visible")).to_have_count(0)
