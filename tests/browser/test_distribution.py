"""An outlet editor connects the outlet's Telegram channel and VK community in the admin, then
publishes, edits and unpublishes an article: the demo server's own worker posts, edits and
deletes exactly one Telegram message and one VK post, in fakes of both APIs running in this
test process, and the article's panel shows «отправлено» with the link.

Screenshots of the channel form and the status panel go to test-artifacts/distribution/ (and
docs/screenshots/distribution/ with VESTNIK_UPDATE_SCREENSHOTS=1)."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.fakes.telegram import DEFAULT_TOKEN, FakeBotApi
from tests.fakes.vk import FakeVk, running_fake_vk

from .demo_server import running_demo
from .test_editor_day import (
    fill_chooser_upload,
    log_in,
    new_context,
    open_add_form,
    poll,
    publish,
    submit_chooser_upload,
    type_headline,
)

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "distribution"
DOCS_DIR = REPO_ROOT / "docs" / "screenshots" / "distribution"
WORKER_TIMEOUT = 120.0  # seconds for the demo's worker to send; it may be loading its models

CHANNEL = "@zvezdny_news"
VK_KEY, VK_GROUP = "vk-zvezdny-admin-key", 220451
HEADLINE = "На Звёздном бульваре откроют каток с подсветкой"
LEAD = "Заливать лёд начнут, как только ударят морозы."
NEW_HEADLINE = "На Звёздном бульваре откроют каток с музыкой и подсветкой"
PHOTO_CAPTION = "Каток на Звёздном бульваре прошлой зимой"
PHOTO_AUTHOR = "Ольга Ледова"
PHOTO_SOURCE = "редакция «Звёздного бульвара»"


def shot(page: Page, name: str) -> None:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("VESTNIK_UPDATE_SCREENSHOTS") == "1":
        DOCS_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_DIR / f"{name}.png")


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeBotApi, FakeVk]]:
    with FakeBotApi() as telegram, running_fake_vk(tokens={VK_KEY: VK_GROUP}) as vk:
        yield telegram, vk


@pytest.fixture(scope="module")
def editor(
    browser: Browser,
    fakes: tuple[FakeBotApi, FakeVk],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Page, str]]:
    telegram, vk = fakes
    var_dir = tmp_path_factory.mktemp("vestnik-distribution")
    env = {"TELEGRAM_API_URL": telegram.url, "VK_API_URL": vk.api_url}
    with running_demo(var_dir, "/", env) as base:
        context = new_context(browser)
        try:
            page = context.new_page()
            password = (var_dir / "demo-password.txt").read_text(encoding="utf-8").strip()
            log_in(page, base, "editor-zvezdny", password)
            yield page, base
        finally:
            context.close()


def add_channel(page: Page, base: str, network: str, name: str, target: str, token: str) -> None:
    page.goto(base + "/admin/")
    page.get_by_role("link", name="Соцсети").click()
    page.get_by_role("link", name="Добавить канал").click()
    page.get_by_label("Сеть").select_option(label=network)
    page.get_by_label("Название").fill(name)
    page.get_by_label("Канал или сообщество").fill(target)
    page.get_by_label("Токен", exact=True).fill(token)
    if network == "Telegram":
        shot(page, "channel-form")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".messages .success")).to_contain_text(name)
    expect(page.get_by_role("link", name=name)).to_be_visible()


def test_publish_edit_unpublish_reach_telegram_and_vk_exactly_once(
    editor: tuple[Page, str], fakes: tuple[FakeBotApi, FakeVk]
) -> None:
    page, base = editor
    telegram, vk = fakes
    add_channel(page, base, "Telegram", "Звёздный в Telegram", CHANNEL, DEFAULT_TOKEN)
    add_channel(page, base, "ВКонтакте", "Звёздный ВКонтакте", str(VK_GROUP), VK_KEY)
    # the token went in and never comes back out
    page.get_by_role("link", name="Звёздный в Telegram").click()
    assert DEFAULT_TOKEN not in page.content()

    open_add_form(page, base)
    type_headline(page, HEADLINE)
    page.locator("[name='lead']").fill(LEAD)
    modal = fill_chooser_upload(
        page, "katok", (40, 90, 160), PHOTO_CAPTION, PHOTO_AUTHOR, PHOTO_SOURCE
    )
    submit_chooser_upload(page, modal, "katok")
    article_id = publish(page)

    poll(lambda: len(telegram.messages_in(CHANNEL)) >= 1, "Telegram message", WORKER_TIMEOUT)
    poll(lambda: len(vk.live_posts()) >= 1, "VK post", WORKER_TIMEOUT)
    [message] = telegram.messages_in(CHANNEL)
    assert message.kind == "photo" and HEADLINE in message.text
    [post] = vk.live_posts()
    assert HEADLINE in post.message

    page.goto(f"{base}/admin/pages/{article_id}/edit/")
    type_headline(page, NEW_HEADLINE)
    publish(page)
    poll(lambda: telegram.messages_in(CHANNEL)[0].edits == 1, "the edit", WORKER_TIMEOUT)
    poll(lambda: vk.live_posts()[0].edits == 1, "the VK edit", WORKER_TIMEOUT)
    assert len(telegram.messages_in(CHANNEL)) == 1 and len(vk.posts) == 1
    assert NEW_HEADLINE in telegram.messages_in(CHANNEL)[0].text

    page.goto(f"{base}/admin/pages/{article_id}/edit/")
    page.get_by_role("tab", name="Продвижение").click()
    panel = page.locator("[data-element='deliveries']")
    expect(panel.get_by_role("link", name="отправлено")).to_have_count(2)
    link = f"https://t.me/{CHANNEL[1:]}/{message.message_id}"
    expect(panel.locator(f"a[href='{link}']")).to_be_visible()
    panel.scroll_into_view_if_needed()
    shot(page, "status-panel")

    page.goto(f"{base}/admin/pages/{article_id}/unpublish/")
    page.get_by_role("button", name="Да, отменить публикацию").click()
    expect(page.locator(".messages .success")).to_be_visible()
    poll(lambda: telegram.messages_in(CHANNEL)[0].deleted, "the deletion", WORKER_TIMEOUT)
    poll(lambda: not vk.live_posts(), "the VK deletion", WORKER_TIMEOUT)
    assert len(telegram.messages) == 1 and len(vk.posts) == 1
