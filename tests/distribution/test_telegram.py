"""The Telegram client against a Bot API server on loopback (tests.fakes.telegram)."""

import logging
import traceback
from collections.abc import Iterator

import pytest

from tests.distribution.photos import jpeg
from tests.fakes.telegram import DEFAULT_TOKEN, FakeBotApi
from vestnik.distribution.networks import Credentials, Photo, Post, Posted, Rejected, RetryLater
from vestnik.distribution.telegram import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    Telegram,
    format_post,
    utf16_length,
)

CHANNEL = "@vestnik_strogino"
URL = "https://strogino.vestnik.example/novosti/kapremont-na-tallinskoj/"


def article(lead: str = "Работы начнутся в мае и продлятся до осени.", **changes: object) -> Post:
    fields: dict[str, object] = {
        "headline": "Капремонт на Таллинской улице",
        "lead": lead,
        "url": URL,
        "photo": jpeg(),
    }
    fields.update(changes)
    return Post(**fields)  # type: ignore[arg-type]


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def telegram(bot_api: FakeBotApi) -> Iterator[Telegram]:
    with Telegram(Credentials(DEFAULT_TOKEN, CHANNEL), bot_api.url) as client:
        yield client


# Publishing


def test_a_post_with_a_photo_is_sent_as_a_photo_with_its_caption(
    bot_api: FakeBotApi, telegram: Telegram
) -> None:
    post = article()
    posted = telegram.publish(post)

    assert posted == Posted("1", "https://t.me/vestnik_strogino/1")
    [message] = bot_api.messages_in(CHANNEL)
    assert (message.kind, message.photo_size) == ("photo", len(post.photo.data))  # type: ignore[union-attr]
    assert message.text == (
        "Капремонт на Таллинской улице\n\nРаботы начнутся в мае и продлятся до осени.\n\n" + URL
    )
    assert message.entities == [{"type": "bold", "offset": 0, "length": 29}]
    assert bot_api.methods == ["sendPhoto"]


def test_a_post_without_a_photo_is_a_message_and_links_by_the_channels_internal_id(
    bot_api: FakeBotApi,
) -> None:
    with Telegram(Credentials(DEFAULT_TOKEN, "-1001234567890"), bot_api.url) as telegram:
        telegram.publish(article(photo=None))
        posted = telegram.publish(article(photo=None, headline="Второй материал"))

    assert posted == Posted("2", "https://t.me/c/1234567890/2")
    assert [message.kind for message in bot_api.messages_in("-1001234567890")] == ["text"] * 2
    assert bot_api.messages[0].link_preview == URL
    assert bot_api.methods == ["sendMessage", "sendMessage"]


def test_a_message_previews_the_article_even_if_its_text_names_another_address_first(
    bot_api: FakeBotApi, telegram: Telegram
) -> None:
    post = article(photo=None, lead="Схема работ: https://mos.ru/kapremont/ на сайте фонда.")
    posted = telegram.publish(post)
    telegram.edit(posted.remote_id, article(photo=None, lead="См. https://mos.ru/ тоже."))

    [message] = bot_api.messages
    assert (message.edits, message.link_preview) == (1, URL)


def test_the_editors_own_text_stands_instead_of_the_lead(
    bot_api: FakeBotApi, telegram: Telegram
) -> None:
    telegram.publish(article(own_text="Жители, проверьте график отключения воды!"))

    [message] = bot_api.messages
    assert "Жители, проверьте график" in message.text
    assert "Работы начнутся" not in message.text


def test_markup_in_a_headline_is_shown_as_written(bot_api: FakeBotApi, telegram: Telegram) -> None:
    headline = "<b>Газ & свет</b>: ЖКХ <i>«Строгино»</i> &amp; управа"
    telegram.publish(article(headline=headline, lead="Цены < 5 % & > 3 %"))

    [message] = bot_api.messages
    assert message.text.startswith(headline + "\n\nЦены < 5 % & > 3 %\n\n")
    # Only the client's own bold, over the whole headline as written.
    assert message.entities == [{"type": "bold", "offset": 0, "length": utf16_length(headline)}]


# Cutting to Telegram's limits

RUSSIAN = (
    "В Строгине на Таллинской улице начинается капитальный ремонт трёх домов, "
    "жителей предупредили о временном отключении горячей воды. "
)


@pytest.mark.parametrize(
    ("lead", "photo", "limit"),
    [
        # Cyrillic: one UTF-16 unit a letter, as in Python.
        (RUSSIAN * 30, jpeg(), CAPTION_LIMIT),
        (RUSSIAN * 80, None, MESSAGE_LIMIT),
        # Emoji count twice: fitting Python's length would be too long for Telegram.
        ("Ремонт 🏗️ подъездов 🚧 и лифтов 🛗 " * 80, jpeg(), CAPTION_LIMIT),
        # Entities: «&» is one character on screen and five in the markup.
        ("Ф&Ф <сад> " * 300, jpeg(), CAPTION_LIMIT),
    ],
)
def test_a_long_lead_is_cut_at_a_word_to_the_limit_keeping_the_link(
    bot_api: FakeBotApi, telegram: Telegram, lead: str, photo: Photo | None, limit: int
) -> None:
    telegram.publish(article(lead=lead, photo=photo))

    [message] = bot_api.messages
    headline, shown_lead, link = message.text.split("\n\n")
    assert (headline, link) == ("Капремонт на Таллинской улице", URL)
    assert utf16_length(message.text) <= limit
    assert shown_lead.endswith("…")
    kept = shown_lead.removesuffix("…")
    assert lead.startswith(kept)
    assert lead[len(kept)] in " ,"  # the cut fell between words
    # Nearly the whole room is used: the cut is measured as Telegram measures.
    assert utf16_length(message.text) > limit - 40


def test_a_short_post_is_not_cut() -> None:
    html = format_post(article(lead="Коротко."), CAPTION_LIMIT)

    assert html == f"<b>Капремонт на Таллинской улице</b>\n\nКоротко.\n\n{URL}"


# Editing and deleting


def test_an_edit_changes_the_caption_or_the_text(bot_api: FakeBotApi, telegram: Telegram) -> None:
    photo_post = telegram.publish(article())
    text_post = telegram.publish(article(photo=None))

    telegram.edit(photo_post.remote_id, article(headline="Капремонт перенесли на июнь"))
    edited = telegram.edit(text_post.remote_id, article(photo=None, lead="Сроки уточняются."))

    assert edited == Posted("2", "https://t.me/vestnik_strogino/2")
    photo_message, text_message = bot_api.messages
    assert photo_message.text.startswith("Капремонт перенесли на июнь\n\n")
    assert "Сроки уточняются." in text_message.text
    assert bot_api.methods[2:] == ["editMessageCaption", "editMessageText"]


def test_an_edit_that_changes_nothing_counts_as_done(
    bot_api: FakeBotApi, telegram: Telegram
) -> None:
    posted = telegram.publish(article())

    assert telegram.edit(posted.remote_id, article()) == posted
    assert bot_api.messages[0].edits == 0


def test_a_message_deleted_twice_is_deleted(bot_api: FakeBotApi, telegram: Telegram) -> None:
    posted = telegram.publish(article())

    telegram.delete(posted.remote_id)
    telegram.delete(posted.remote_id)

    assert bot_api.messages[0].deleted
    assert bot_api.methods == ["sendPhoto", "deleteMessage", "deleteMessage"]


def test_editing_a_deleted_message_is_rejected_with_telegrams_reason(
    telegram: Telegram,
) -> None:
    posted = telegram.publish(article())
    telegram.delete(posted.remote_id)

    with pytest.raises(Rejected) as refusal:
        telegram.edit(posted.remote_id, article(lead="Новый текст."))
    assert refusal.value.description == "Bad Request: message to edit not found"


# Failures


def test_the_rate_limit_asks_to_retry_after_telegrams_delay() -> None:
    now = [1000.0]
    with (
        FakeBotApi(rate_limit=2, clock=lambda: now[0]) as bot_api,
        Telegram(Credentials(DEFAULT_TOKEN, CHANNEL), bot_api.url) as telegram,
    ):
        telegram.publish(article())
        now[0] += 15
        telegram.publish(article())
        with pytest.raises(RetryLater) as delay:
            telegram.publish(article())
        now[0] += 45
        telegram.publish(article())  # the first send is a minute old

    assert delay.value.retry_after == 45
    assert delay.value.description == "Too Many Requests: retry after 45"
    assert len(bot_api.messages) == 3


def test_a_server_error_asks_to_retry(bot_api: FakeBotApi, telegram: Telegram) -> None:
    bot_api.fail_next(1)

    with pytest.raises(RetryLater) as retry:
        telegram.publish(article())
    assert retry.value.retry_after is None
    assert telegram.publish(article()).remote_id == "1"


def test_an_unreachable_server_asks_to_retry(bot_api: FakeBotApi) -> None:
    url = bot_api.url
    bot_api.stop()
    with Telegram(Credentials(DEFAULT_TOKEN, CHANNEL), url) as telegram:
        with pytest.raises(RetryLater) as retry:
            telegram.publish(article())
    assert DEFAULT_TOKEN not in "".join(traceback.format_exception(retry.value))


def test_an_answer_that_does_not_come_in_time_asks_to_retry(bot_api: FakeBotApi) -> None:
    hold = bot_api.hold_next_answer()
    with Telegram(Credentials(DEFAULT_TOKEN, CHANNEL), bot_api.url, timeout=0.2) as telegram:
        with pytest.raises(RetryLater) as retry:
            telegram.publish(article())
    hold.release()
    assert "did not answer sendPhoto in time" in retry.value.description


def test_a_wrong_token_is_rejected_with_telegrams_description_and_never_shown(
    bot_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "987654:wrong-token-Xy"
    with (
        Telegram(Credentials(wrong, CHANNEL), bot_api.url) as telegram,
        pytest.raises(Rejected) as refusal,
    ):
        telegram.publish(article())

    assert refusal.value.description == "Unauthorized"
    # The client's frames and their locals, as an error tracker would show them (the first
    # frame is this test's, which holds the token itself).
    assert refusal.tb.tb_next is not None
    frames = traceback.StackSummary.extract(
        traceback.walk_tb(refusal.tb.tb_next), capture_locals=True
    )
    told = (
        "".join(traceback.format_exception(refusal.value))
        + "".join(frames.format())
        + repr(telegram)
        + caplog.text
    )
    assert "_call" in told and "self = Telegram(target='@vestnik_strogino'" in told
    assert "HTTP Request: POST" in caplog.text  # httpx did log the request, redacted
    assert wrong not in told
    assert wrong not in repr(Credentials(wrong, CHANNEL))
    assert bot_api.messages == []


def test_a_bad_request_is_rejected_with_telegrams_description(
    bot_api: FakeBotApi, telegram: Telegram
) -> None:
    with pytest.raises(Rejected) as refusal:
        telegram.publish(article(photo=Photo("broken.jpg", "image/jpeg", b"not a picture")))
    assert refusal.value.description == "Bad Request: IMAGE_PROCESS_FAILED"


# Finding a post whose answer was lost


@pytest.mark.parametrize("photo", [jpeg(), None], ids=["photo", "text"])
def test_a_post_whose_answer_was_lost_is_found(
    bot_api: FakeBotApi, telegram: Telegram, photo: Photo | None
) -> None:
    earlier = telegram.publish(article(headline="Вчерашняя новость"))
    bot_api.post_by_hand(CHANNEL, "Объявление редакции")
    bot_api.drop_next_answer()

    with pytest.raises(RetryLater):
        telegram.publish(article(photo=photo))
    found = telegram.find(article(photo=photo), after=earlier.remote_id)

    assert found == Posted("3", "https://t.me/vestnik_strogino/3")
    assert [message.edits for message in bot_api.messages] == [0, 0, 0]  # nothing changed
    assert bot_api.messages[1].text == "Объявление редакции"


def test_a_post_that_never_arrived_is_not_found(bot_api: FakeBotApi, telegram: Telegram) -> None:
    earlier = telegram.publish(article(headline="Вчерашняя новость"))
    bot_api.post_by_hand(CHANNEL, "Объявление редакции")
    bot_api.fail_next(1, methods=["sendPhoto"])

    with pytest.raises(RetryLater):
        telegram.publish(article())

    assert telegram.find(article(), after=earlier.remote_id) is None
    assert bot_api.messages[1].text == "Объявление редакции"
    assert [message.edits for message in bot_api.messages] == [0, 0]


def test_a_lost_post_edited_since_is_found_and_brought_up_to_date(
    bot_api: FakeBotApi, telegram: Telegram
) -> None:
    bot_api.drop_next_answer()
    with pytest.raises(RetryLater):
        telegram.publish(article())

    found = telegram.find(article(lead="Сроки уточнили: с июня."), after=None)

    assert found == Posted("1", "https://t.me/vestnik_strogino/1")
    assert "Сроки уточнили: с июня." in bot_api.messages[0].text
