"""An editor who types the last words of a paragraph and publishes at once loses nothing.

Wagtail copies a rich-text editor's text into the form's hidden field a quarter of a second
after the last keystroke; a click on «Опубликовать» inside that quarter used to send the field
as it was before, and the article went live with an empty paragraph. Here the publish (and a
draft's save) follows the typing with no pause at all, and what was stored must hold every word
(articles/static/articles/flush-rich-text.js)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .demo_server import running_demo
from .test_editor_day import (
    EDITOR,
    add_paragraph,
    choose_district,
    log_in,
    new_context,
    open_add_form,
    publish,
    type_headline,
)

pytestmark = pytest.mark.browser

HEADLINE = "В Останкине открыли каток у пруда"
LEAD = "Каток на сорок человек появился на месте летнего причала."
LAST_WORDS = "Лёд залили за одну ночь, коньки выдают бесплатно до конца января."
EDITED_WORDS = "Каток работает с десяти утра до десяти вечера без выходных."


@pytest.fixture(scope="module")
def editor(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Page]]:
    var_dir = tmp_path_factory.mktemp("vestnik-quick-publish")
    with running_demo(var_dir, "/", {"VESTNIK_PAGE_CACHE_URL": ""}) as base:
        context = new_context(browser)
        try:
            page = context.new_page()
            password = (Path(var_dir) / "demo-password.txt").read_text(encoding="utf-8").strip()
            log_in(page, base, EDITOR, password)
            yield base, page
        finally:
            context.close()


def test_the_paragraph_typed_just_before_publishing_goes_live(editor: tuple[str, Page]) -> None:
    base, page = editor
    open_add_form(page, base)
    type_headline(page, HEADLINE)
    page.locator("[name='lead']").fill(LEAD)
    page.get_by_role("tab", name="Регионы и теги").click()
    choose_district(page, "Останкинский")
    page.get_by_role("tab", name="Материал").click()
    add_paragraph(page, LAST_WORDS)
    article_id = publish(page)  # no pause after the last keystroke

    page.goto(f"{base}/admin/pages/{article_id}/edit/")
    expect(page.locator("[data-contentpath='body']")).to_contain_text(LAST_WORDS)


def test_a_word_typed_just_before_saving_an_edit_is_kept(editor: tuple[str, Page]) -> None:
    base, page = editor
    page.goto(page.url)  # the edit screen the first test left open, as saved
    body = page.locator("[data-contentpath='body']")
    paragraph = body.get_by_role("textbox").first
    paragraph.click()
    paragraph.press("Control+End")
    paragraph.press("Enter")
    paragraph.press_sequentially(EDITED_WORDS)
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.locator(".messages .success")).to_be_visible()

    page.reload()
    expect(page.locator("[data-contentpath='body']")).to_contain_text(EDITED_WORDS)
