"""An outlet editor (not an administrator) arranges the front in the browser: adds a section
with a Russian name to the outlet, files a new article under it, pins it as the lead, and a
reader (no cookie, so through the page cache) sees it lead the home page and the section's
page. ``vestnik demo`` with the in-process page cache; the home passes axe-core at 390 and
1366 px."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from .demo_server import running_demo
from .test_editor_day import (
    EDITOR,
    ENRICHMENT_TIMEOUT,
    OUTLET,
    add_paragraph,
    log_in,
    new_context,
    open_add_form,
    poll,
    publish,
    type_headline,
)

pytestmark = pytest.mark.browser

SECTION = "Городская среда"
SECTION_SLUG = "gorodskaya-sreda"
HEADLINE = "На Звёздном бульваре появятся новые скамейки и фонари"
LEAD = "Управа Останкинского района показала жителям проект обновлённой аллеи."
BODY = "Работы начнутся весной и закончатся к Дню города."


@dataclass
class Front:
    base: str
    editor: Page
    reader: Page


@pytest.fixture(scope="module")
def front(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    var_dir: Path = tmp_path_factory.mktemp("vestnik-front")
    env = {"VESTNIK_SCHEDULE_TICK": "1", "VESTNIK_PAGE_CACHE_URL": ""}
    with running_demo(var_dir, "/", env) as base:
        editor_context, reader_context = new_context(browser), new_context(browser)
        try:
            password = (var_dir / "demo-password.txt").read_text(encoding="utf-8").strip()
            editor = editor_context.new_page()
            log_in(editor, base, EDITOR, password)
            yield Front(base, editor, reader_context.new_page())
        finally:
            editor_context.close()
            reader_context.close()


def reader_home(front: Front) -> tuple[str, str]:
    """The home's lead as the reader sees it and how the page cache answered."""
    response = front.reader.goto(front.base + "/")
    assert response is not None and response.status == 200
    lead = front.reader.locator('[data-element="lead"]').text_content() or ""
    return " ".join(lead.split()), response.headers.get("x-vestnik-cache", "")


def test_an_outlet_editor_adds_a_section_files_an_article_and_pins_it_as_the_lead(front: Front):
    # The worker is still enriching the demo's articles, each purging pages: wait until the
    # home is kept, so what follows is read through the cache.
    poll(lambda: reader_home(front)[1] == "hit", "the home page in the cache", ENRICHMENT_TIMEOUT)
    assert HEADLINE not in reader_home(front)[0]

    page = front.editor
    # The outlet's own edit screen: its «Рубрики» panel.
    page.goto(front.base + "/admin/pages/")
    href = page.get_by_role("link", name=OUTLET, exact=True).first.get_attribute("href") or ""
    outlet_id = int(href.rstrip("/").split("/")[-1])
    page.goto(f"{front.base}/admin/pages/{outlet_id}/edit/")
    page.locator("#id_sections-ADD").click()
    page.locator("input[name^='sections-'][name$='-name']").last.fill(SECTION)
    # Published from its edit screen, the outlet opens its list of articles.
    page.get_by_role("button", name="Больше действий").click()
    page.locator("footer button[name='action-publish']").click()
    expect(page.locator(".messages .success")).to_contain_text("опубликована")

    open_add_form(page, front.base)
    type_headline(page, HEADLINE)
    page.locator("[name='lead']").fill(LEAD)
    page.locator("select[name='section']").select_option(label=SECTION)
    add_paragraph(page, BODY)
    article_id = publish(page)

    page.goto(front.base + "/admin/front/")
    page.wait_for_url(f"**/admin/front/{outlet_id}/")
    page.locator("select[name='form-0-article']").select_option(value=str(article_id))
    page.get_by_role("button", name="Сохранить главную").click()
    expect(page.locator(".messages .success")).to_contain_text("Главная «Звёздный бульвар»")

    lead, _ = reader_home(front)
    assert HEADLINE in lead
    poll(lambda: reader_home(front)[1] == "hit", "the new front in the cache", ENRICHMENT_TIMEOUT)
    assert HEADLINE in reader_home(front)[0]
    response = front.reader.goto(f"{front.base}/rubrics/{SECTION_SLUG}/")
    assert response is not None and response.status == 200
    expect(front.reader.locator("h1")).to_have_text(SECTION)
    expect(front.reader.locator("main")).to_contain_text(HEADLINE)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_home_passes_axe_core_at_phone_and_desktop_widths(front: Front, width: int):
    front.reader.set_viewport_size({"width": width, "height": 900})
    front.reader.goto(front.base + "/")
    results = Axe().run(front.reader, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa"]})
    assert results.violations_count == 0, results.generate_report()
