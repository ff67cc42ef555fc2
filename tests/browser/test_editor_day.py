"""An editor's day in the browser: ``vestnik demo`` with the scheduler ticking every second,
an outlet editor in one Chromium context and a reader (no login cookie, so the page cache
answers) in another. The steps run in order against one server, each leaving a screenshot
in test-artifacts/editor-day/ (and in docs/screenshots/ with VESTNIK_UPDATE_SCREENSHOTS=1).

The flow runs twice: with the in-process page cache and with Redis (its own DB number,
flushed first; skipped when Redis does not answer). On PostgreSQL (DATABASE_URL) the demo
server gets a fresh database of its own (demo_server.py)."""

import io
import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from vestnik.language.dates import format_published

from .demo_server import running_demo

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "editor-day"
DOCS_DIR = REPO_ROOT / "docs" / "screenshots"

REDIS_URL = "redis://127.0.0.1:6379/13"  # a DB number no other test uses
FLOW_TIMEOUT = 60.0  # seconds for anything the worker does by itself
ENRICHMENT_TIMEOUT = 180.0  # the worker's first suggestions wait for natasha's models to load
MOSCOW = ZoneInfo("Europe/Moscow")  # the admin's time zone
EDITOR = "editor-zvezdny"
OTHER_EDITOR = "editor-zelpanorama"
OUTLET = "Звёздный бульвар"
OTHER_OUTLET = "Зеленоградская панорама"

HEADLINE = "Во дворах Бабушкинского района высадили сирень"
SLUG = "vo-dvorakh-babushkinskogo-rayona-vysadili-siren"  # the admin's Latin slug
LEAD = "Жители и коммунальные службы посадили сорок кустов у домов на Енисейской улице."
BODY = "Саженцы привезли из питомника, полив взяла на себя управа района."
NEW_HEADLINE = "В Бабушкинском районе высадили сорок кустов сирени"
NEW_LEAD = "К посадке присоединились школьники с Енисейской улицы."
DISTRICT = "Бабушкинский"
CAPTION = "Посадка сирени во дворе на Енисейской улице"
PHOTO_AUTHOR = "Анна Кустова"
PHOTO_SOURCE = "управа Бабушкинского района"

SCHEDULED_HEADLINE = "Сергей Собянин открыл новый парк в Марфине"
SCHEDULED_SLUG = "sergey-sobyanin-otkryl-novyy-park-v-marfine"
SCHEDULED_LEAD = "Мэр Москвы Сергей Собянин осмотрел парк у станции метро «Владыкино»."
SCHEDULED_BODY = (
    "Сергей Собянин рассказал, что парк в Марфине благоустроили по просьбам жителей: "
    "появились дорожки, спортивная площадка и пруд."
)
SUGGESTED_TAG = "Сергей Собянин"


@dataclass
class Day:
    """What the steps share: the server, the two browser contexts and what earlier steps made."""

    base: str
    var_dir: Path
    cache: str
    editor: Page
    reader: Page
    browser: Browser
    article_id: int = 0
    scheduled_id: int = 0

    def shot(self, page: Page, name: str) -> None:
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS_DIR / f"{self.cache}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if os.environ.get("VESTNIK_UPDATE_SCREENSHOTS") == "1" and self.cache == "memory":
            DOCS_DIR.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, DOCS_DIR / f"editor-day-{name}.png")

    def password(self) -> str:
        return (self.var_dir / "demo-password.txt").read_text(encoding="utf-8").strip()


def poll(condition: Callable[[], bool], what: str, timeout: float = FLOW_TIMEOUT) -> None:
    """Ask ``condition`` again and again until it holds or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s", pytrace=False)
        time.sleep(0.5)


def anonymous_status(url: str) -> int:
    """The status a reader without cookies gets (outside the browser, so no cache of its own)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def anonymous_status_in(page: Page, url: str) -> int:
    """The status the reader's browser gets at ``url`` (for hosts such as *.localhost)."""
    response = page.goto(url)
    return response.status if response is not None else 0


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    context.set_default_timeout(20_000)
    return context


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_role("textbox", name="Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(base + "/admin/")


@pytest.fixture(scope="module", params=["memory", "redis"])
def day(
    request: pytest.FixtureRequest, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Day]:
    cache = request.param
    env = {"VESTNIK_SCHEDULE_TICK": "1", "VESTNIK_PAGE_CACHE_URL": ""}
    if cache == "redis":
        if not redis_answers():
            if os.environ.get("VESTNIK_REQUIRE_REDIS") == "1":
                pytest.fail(f"Redis does not answer at {REDIS_URL}", pytrace=False)
            pytest.skip(f"Redis does not answer at {REDIS_URL}")
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        env["VESTNIK_PAGE_CACHE_URL"] = REDIS_URL
    var_dir = tmp_path_factory.mktemp(f"vestnik-day-{cache}")
    with running_demo(var_dir, "/", env) as base:
        editor_context, reader_context = new_context(browser), new_context(browser)
        try:
            day = Day(
                base, var_dir, cache, editor_context.new_page(), reader_context.new_page(), browser
            )
            log_in(day.editor, base, EDITOR, day.password())
            yield day
        finally:
            editor_context.close()
            reader_context.close()


def type_headline(page: Page, headline: str) -> None:
    """Typed key by key, as an editor does: Wagtail fills the slug from the title on keyup."""
    title = page.locator("[name='title']")
    title.click()
    title.press("Control+A")
    title.press_sequentially(headline)
    title.press("Tab")
    expect(page.locator("[name='slug']")).not_to_have_value("")


def open_add_form(page: Page, base: str) -> None:
    """The outlet in the explorer, then its «Добавить дочернюю страницу»: the article form
    (an outlet's home page takes one page type)."""
    page.goto(base + "/admin/pages/")
    page.get_by_role("link", name=OUTLET, exact=True).first.click()
    page.locator("a[href$='/add_subpage/']").first.click()
    page.wait_for_url("**/add/articles/articlepage/**")


def add_paragraph(page: Page, text: str) -> None:
    """A new «Абзац» block in the body's stream, typed into its rich-text editor."""
    body = page.locator("[data-contentpath='body']")
    body.get_by_title("Вставить блок").first.click()
    page.get_by_role("option", name="Абзац").click()
    editor = body.get_by_role("textbox").first
    editor.click()
    editor.press_sequentially(text)


def choose_district(page: Page, label: str) -> None:
    """The district by its label: a checkbox of a grouped picker, or an option of the plain
    multiple select."""
    checkbox = page.get_by_role("checkbox", name=label, exact=True)
    if checkbox.count():
        checkbox.first.check()
        return
    page.locator("select[name='regions']").select_option(label=label)


def publish(page: Page) -> int:
    """The footer's «Опубликовать» («Запланировать публикацию» once a go-live time is set);
    returns the article's id once Wagtail reports it saved."""
    page.get_by_role("button", name="Больше действий").click()
    page.locator("footer button[name='action-publish']").click()
    page.wait_for_url(lambda url: "/add/" not in url and "/edit/" not in url)
    success = page.locator(".messages .success")
    expect(success).to_be_visible()
    edit_link = success.locator("a[href*='/edit/']").first
    return int(urlsplit(edit_link.get_attribute("href") or "").path.rstrip("/").split("/")[-2])


def fill_chooser_upload(
    page: Page, name: str, colour: tuple[int, int, int], caption: str, author: str, source: str
) -> Locator:
    """The photo's chooser, its «Загрузка» tab filled: a JPEG made here (``name``.jpg in
    ``colour``), with caption and credit. Returns the chooser, for the caller to click
    «Загрузка» (``submit_chooser_upload``).

    Waits for «Заголовок»: Wagtail copies the file's name into it a tenth of a second after
    the file is chosen (a debounced sync), and a click before that finds the required title
    empty; Wagtail's own check in the browser then stops the form with «Это поле обязательно
    для заполнения», nothing is sent, and the chooser stays open. Three quick fills took
    less than that tenth of a second now and then."""
    page.locator("[data-contentpath='photo']").get_by_role(
        "button", name="Выберите изображение"
    ).click()
    modal = page.locator(".modal-content")
    modal.get_by_role("tab", name="Загрузка").click()
    jpeg = io.BytesIO()
    Image.new("RGB", (1200, 675), colour).save(jpeg, "JPEG", quality=85)
    modal.get_by_label("Файл").set_input_files(
        {"name": f"{name}.jpg", "mimeType": "image/jpeg", "buffer": jpeg.getvalue()}
    )
    modal.get_by_label("Подпись").fill(caption)
    modal.get_by_label("Автор фото").fill(author)
    modal.get_by_label("Источник фото").fill(source)
    expect(modal.get_by_label("Заголовок")).to_have_value(name)
    return modal


def submit_chooser_upload(page: Page, modal: Locator, name: str) -> None:
    """«Загрузка»: the chooser closes and the photo's field shows the new image."""
    modal.get_by_role("button", name="Загрузка").click()
    expect(modal).to_be_hidden()
    expect(page.locator("[data-contentpath='photo']")).to_contain_text(name)


def upload_photo(day: Day) -> None:
    """The lilac photo with its caption and credit, the filled form shot before it is sent."""
    page = day.editor
    modal = fill_chooser_upload(page, "siren", (178, 132, 190), CAPTION, PHOTO_AUTHOR, PHOTO_SOURCE)
    day.shot(page, "2-upload")
    submit_chooser_upload(page, modal, "siren")


def next_minute(after: datetime) -> datetime:
    """The admin's go-live picker takes minutes: the first whole minute at least 5 s ahead."""
    start = (after + timedelta(seconds=5)).replace(second=0, microsecond=0)
    return start + timedelta(minutes=1)


def headline_on(page: Page) -> str:
    return " ".join((page.locator('[data-element="headline"]').text_content() or "").split())


def test_1_write_an_article_with_photo_and_district_and_publish(day: Day) -> None:
    page = day.editor
    open_add_form(page, day.base)
    type_headline(page, HEADLINE)
    page.locator("[name='lead']").fill(LEAD)
    add_paragraph(page, BODY)
    day.shot(page, "1-write")
    upload_photo(day)
    page.get_by_role("tab", name="Регионы и теги").click()
    choose_district(page, DISTRICT)
    day.shot(page, "3-district")
    day.article_id = publish(page)
    day.shot(page, "4-published")


def test_2_the_reader_sees_it_on_the_home_page_and_at_its_latin_address(day: Day) -> None:
    reader = day.reader
    response = reader.goto(day.base + "/")
    assert response is not None and response.status == 200
    expect(reader.get_by_role("link", name=HEADLINE).first).to_be_visible()
    day.shot(reader, "4-home")
    response = reader.goto(f"{day.base}/{SLUG}/")
    assert response is not None and response.status == 200
    assert headline_on(reader) == HEADLINE
    expect(reader.locator("body")).to_contain_text(LEAD)
    expect(reader.locator('[data-element="body"]')).to_contain_text(BODY)
    expect(reader.locator('[data-element="photo"]')).to_contain_text(PHOTO_AUTHOR)
    expect(reader.locator('[data-element="region"]')).to_contain_text("Северо-Восточный")
    day.shot(reader, "4-article")


def test_3_an_edit_shows_at_once_to_the_reader(day: Day) -> None:
    page, reader = day.editor, day.reader
    page.goto(f"{day.base}/admin/pages/{day.article_id}/edit/")
    type_headline(page, NEW_HEADLINE)
    page.locator("[name='lead']").fill(NEW_LEAD)
    day.shot(page, "5-edit")
    publish(page)
    response = reader.goto(f"{day.base}/{SLUG}/")  # a published page keeps its address
    assert response is not None and response.status == 200
    assert headline_on(reader) == NEW_HEADLINE
    expect(reader.locator("body")).to_contain_text(NEW_LEAD)
    reader.goto(day.base + "/")
    expect(reader.get_by_role("link", name=NEW_HEADLINE).first).to_be_visible()
    expect(reader.get_by_role("link", name=HEADLINE, exact=True)).to_have_count(0)
    day.shot(reader, "5-home-after-edit")


def test_4_a_scheduled_article_goes_live_with_nobody_touching_it(day: Day) -> None:
    page = day.editor
    open_add_form(page, day.base)
    type_headline(page, SCHEDULED_HEADLINE)
    page.locator("[name='lead']").fill(SCHEDULED_LEAD)
    add_paragraph(page, SCHEDULED_BODY)
    page.get_by_role("button", name="Переключить статус").click()
    page.get_by_role("button", name="Установить расписание").click()
    dialog = page.get_by_role("dialog").filter(has=page.locator("[name='go_live_at']"))
    go_live = next_minute(datetime.now(MOSCOW))
    dialog.locator("[name='go_live_at']").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    dialog.get_by_role("button", name="Сохранить расписание").click()
    expect(dialog).to_be_hidden()
    day.shot(page, "6-schedule")
    day.scheduled_id = publish(page)
    url = f"{day.base}/{SCHEDULED_SLUG}/"
    assert anonymous_status(url) == 404, "a scheduled article is not live before its time"
    wait = (go_live - datetime.now(MOSCOW)).total_seconds() + FLOW_TIMEOUT
    poll(lambda: anonymous_status(url) == 200, f"{url} going live at {go_live:%H:%M}", wait)
    day.reader.goto(url)
    assert headline_on(day.reader) == SCHEDULED_HEADLINE
    # dated when it was due, not when the worker's tick came
    meta = day.reader.locator("[data-element='meta']")
    expect(meta).to_contain_text(f"Опубликовано {format_published(go_live)}")
    day.shot(day.reader, "6-live")


def test_5_unpublishing_takes_the_first_article_down(day: Day) -> None:
    page = day.editor
    page.goto(f"{day.base}/admin/pages/{day.article_id}/unpublish/")
    day.shot(page, "7-unpublish")
    page.get_by_role("button", name="Да, отменить публикацию").click()
    expect(page.locator(".messages .success")).to_be_visible()
    response = day.reader.goto(f"{day.base}/{SLUG}/")
    assert response is not None and response.status == 404
    day.reader.goto(day.base + "/")
    expect(day.reader.get_by_role("link", name=NEW_HEADLINE)).to_have_count(0)


def test_6_a_suggested_tag_accepted_in_the_edit_screen_shows_on_the_page(day: Day) -> None:
    page = day.editor
    edit = f"{day.base}/admin/pages/{day.scheduled_id}/edit/"
    # By the suggestion's name: another's evidence may quote the same words.
    name = page.get_by_text(SUGGESTED_TAG, exact=True)
    row = page.locator("tr[data-suggestion]").filter(has=name)

    def suggested() -> bool:
        page.goto(edit)
        page.get_by_role("tab", name="Регионы и теги").click()
        return row.count() > 0

    poll(suggested, f"the worker's suggestion «{SUGGESTED_TAG}»", ENRICHMENT_TIMEOUT)
    day.shot(page, "8-suggestions")
    row.first.get_by_role("button", name="Принять").click()
    expect(page.locator(".messages .success")).to_contain_text(SUGGESTED_TAG)
    day.reader.goto(f"{day.base}/{SCHEDULED_SLUG}/")
    tags = day.reader.get_by_role("list", name="Теги")
    expect(tags).to_contain_text(SUGGESTED_TAG)
    day.shot(day.reader, "8-tag")


def test_7_a_story_offered_to_another_outlet_is_accepted_there(day: Day) -> None:
    page = day.editor
    other = day.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        receiver = other.new_page()
        log_in(receiver, day.base, OTHER_EDITOR, day.password())
        inbox = receiver.goto(day.base + "/admin/syndication/inbox/")
        assert inbox is not None and inbox.status == 200
        page.goto(f"{day.base}/admin/syndication/{day.scheduled_id}/")
        page.get_by_role("checkbox", name=OTHER_OUTLET).check()
        day.shot(page, "9-offer")
        page.get_by_role("button", name="Разослать", exact=True).click()
        expect(page.locator(".messages .success")).to_be_visible()
        receiver.goto(day.base + "/admin/syndication/inbox/")
        offer = receiver.get_by_role("row").filter(has_text=SCHEDULED_HEADLINE)
        expect(offer).to_have_count(1)
        day.shot(receiver, "9-inbox")
        offer.get_by_role("button", name="Принять").click()
        expect(receiver.locator(".messages .success")).to_be_visible()
        copy = f"http://zelpanorama.localhost:{urlsplit(day.base).port}/{SCHEDULED_SLUG}/"
        poll(lambda: anonymous_status_in(day.reader, copy) == 200, f"the copy at {copy}")
        assert headline_on(day.reader) == SCHEDULED_HEADLINE
        day.shot(day.reader, "9-copy")
    finally:
        other.close()
