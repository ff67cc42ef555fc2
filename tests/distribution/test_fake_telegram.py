"""The Bot API server of tests.fakes.telegram keeps the contract it documents, so that the client's
tests against it mean something: parse errors, limits, edits' answers, faults, its JSON view."""

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.commands import free_port, wait_for
from tests.distribution.photos import jpeg
from tests.fakes.telegram import DEFAULT_TOKEN, EntityError, FakeBotApi, parse_html


@pytest.mark.parametrize(
    ("markup", "text", "entities"),
    [
        # Tags become entities, offsets in UTF-16 units.
        ("<b>Строгино</b>", "Строгино", [("bold", 0, 8)]),
        ("🚇 <i>Мякинино</i>", "🚇 Мякинино", [("italic", 3, 8)]),
        ("<strong>a<em>b</em></strong>", "ab", [("bold", 0, 2), ("italic", 1, 1)]),
        ('<a href="https://t.me/x?a=1&amp;b=2">тут</a>', "тут", [("text_link", 0, 3)]),
        ('<span class="tg-spoiler">ответ</span>', "ответ", [("spoiler", 0, 5)]),
        # Entities: the four named ones and numeric ones; an unknown one stays as written.
        ("&lt;b&gt; &amp; &quot;", '<b> & "', []),
        ("&#1046;&#x416;", "ЖЖ", []),
        ("Ф&Ф &nbsp; R&D", "Ф&Ф &nbsp; R&D", []),
        # An empty tag makes no entity.
        ("<b></b>пусто", "пусто", []),
    ],
)
def test_html_parses_as_telegram_parses_it(
    markup: str, text: str, entities: list[tuple[str, int, int]]
) -> None:
    parsed_text, parsed_entities = parse_html(markup)

    assert parsed_text == text
    assert [(e["type"], e["offset"], e["length"]) for e in parsed_entities] == entities


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("Цена <100 руб>", 'Unsupported start tag "100" at byte offset 9'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("<b>Газ", 'Can\'t find end tag corresponding to start tag "b"'),
        ("Газ</b>", "Unexpected end tag at byte offset 6"),
        ("<b>Газ</i>", 'Unmatched end tag at byte offset 9, expected "</b>", found "</i>"'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
def test_bad_markup_is_refused_with_telegrams_wording(markup: str, error: str) -> None:
    with pytest.raises(EntityError) as refusal:
        parse_html(markup)
    assert str(refusal.value) == error


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def http(bot_api: FakeBotApi) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=bot_api.url) as client:
        yield client


def call(http: httpx.Client, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    response = http.post(f"/bot{DEFAULT_TOKEN}/{method}", json=params)
    return response.status_code, response.json()


def test_bodies_as_json_form_query_string_and_multipart_are_understood(
    bot_api: FakeBotApi, http: httpx.Client
) -> None:
    base = f"/bot{DEFAULT_TOKEN}"
    http.post(f"{base}/sendMessage", json={"chat_id": "@kanal", "text": "json"})
    http.post(f"{base}/sendMessage", data={"chat_id": "@kanal", "text": "форма"})
    http.get(f"{base}/SENDMESSAGE", params={"chat_id": "@kanal", "text": "query"})
    http.post(
        f"{base}/sendMessage", data={"chat_id": "@kanal", "text": "multipart"}, files={"x": b""}
    )

    assert [m.text for m in bot_api.messages_in("@kanal")] == [
        "json",
        "форма",
        "query",
        "multipart",
    ]
    assert [m.message_id for m in bot_api.messages_in("@kanal")] == [1, 2, 3, 4]


def test_the_token_and_the_method_are_checked(http: httpx.Client) -> None:
    wrong = http.post("/bot1:wrong/getMe")
    unknown = http.post(f"/bot{DEFAULT_TOKEN}/sendSticker")
    me = http.post(f"/bot{DEFAULT_TOKEN}/getMe")

    assert (wrong.status_code, wrong.json()["description"]) == (401, "Unauthorized")
    assert (unknown.status_code, unknown.json()["description"]) == (404, "Not Found")
    assert me.json()["result"]["is_bot"] is True


def test_lengths_are_counted_after_entity_parsing_in_utf16(http: httpx.Client) -> None:
    fits = "<b>" + "&amp;" * 4096 + "</b>"
    too_long = "🙂" * 2049  # 2,049 characters, 4,098 UTF-16 units

    assert call(http, "sendMessage", chat_id="@k", text=fits, parse_mode="HTML")[0] == 200
    assert call(http, "sendMessage", chat_id="@k", text=too_long)[1]["description"] == (
        "Bad Request: message is too long"
    )
    assert call(http, "sendMessage", chat_id="@k", text="<b> </b>", parse_mode="HTML")[1][
        "description"
    ] == ("Bad Request: message text is empty")


def test_a_caption_over_1024_is_refused(bot_api: FakeBotApi, http: httpx.Client) -> None:
    photo = jpeg()
    answers = [
        http.post(
            f"/bot{DEFAULT_TOKEN}/sendPhoto",
            data={"chat_id": "@k", "caption": caption},
            files={"photo": (photo.name, photo.data, photo.content_type)},
        )
        for caption in ("я" * 1024, "я" * 1025)
    ]

    assert answers[0].json()["result"]["caption"] == "я" * 1024
    assert answers[1].json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message caption is too long",
    }
    assert [m.photo_size for m in bot_api.messages] == [len(photo.data)]


def test_edits_answer_as_telegram_does(bot_api: FakeBotApi, http: httpx.Client) -> None:
    call(http, "sendMessage", chat_id="@k", text="<b>Новость</b>", parse_mode="HTML")
    bot_api.post_by_hand("@k", "Объявление")

    def edit(message_id: int, text: str, method: str = "editMessageText") -> str:
        key = "text" if method == "editMessageText" else "caption"
        params = {"chat_id": "@k", "message_id": message_id, key: text, "parse_mode": "HTML"}
        status, answer = call(http, method, **params)
        return "ok" if status == 200 else answer["description"]

    assert edit(1, "<b>Новость</b>").startswith("Bad Request: message is not modified")
    assert edit(1, "Новость") == "ok"  # the same text without its bold is another content
    assert edit(1, "x", "editMessageCaption") == (
        "Bad Request: there is no caption in the message to edit"
    )
    assert edit(2, "Объявление") == "Bad Request: message can't be edited"
    assert edit(3, "Новость") == "Bad Request: message to edit not found"
    assert [m.edits for m in bot_api.messages] == [1, 0]


def test_faults_can_be_queued_over_http_and_messages_read_there(
    bot_api: FakeBotApi, http: httpx.Client
) -> None:
    http.post("/_fake/faults", json={"kind": "fail", "count": 2, "status": 502})
    first, second = call(http, "getMe"), call(http, "getMe")
    http.post("/_fake/faults", json={"kind": "drop"})
    with pytest.raises(httpx.RemoteProtocolError):
        call(http, "sendMessage", chat_id="@k", text="дошло, но ответ потерян")

    assert [first[0], second[0], call(http, "getMe")[0]] == [502, 502, 200]
    assert http.get("/_fake/messages", params={"chat_id": "@other"}).json() == []
    assert http.get("/_fake/messages").json() == [
        {
            "chat_id": bot_api.messages[0].chat_id,
            "message_id": 1,
            "kind": "text",
            "text": "дошло, но ответ потерян",
            "entities": [],
            "photo_size": 0,
            "link_preview": None,
            "by_bot": True,
            "deleted": False,
            "edits": 0,
        }
    ]


def test_a_held_answer_comes_once_released(bot_api: FakeBotApi, http: httpx.Client) -> None:
    hold = bot_api.hold_next_answer()
    answers: list[int] = []
    caller = threading.Thread(
        target=lambda: answers.append(call(http, "sendMessage", chat_id="@k", text="жду")[0])
    )
    caller.start()

    assert hold.reached.wait(timeout=30)
    assert [m.text for m in bot_api.messages] == ["жду"]  # stored before the answer
    assert answers == []
    hold.release()
    caller.join(timeout=30)
    assert answers == [200]


def test_a_text_message_previews_its_first_address_unless_told_otherwise(
    bot_api: FakeBotApi, http: httpx.Client
) -> None:
    text = "См. https://a.example/ и https://b.example/"
    call(http, "sendMessage", chat_id="@k", text=text)
    call(http, "sendMessage", chat_id="@k", text=text, link_preview_options={"url": "https://c/"})
    call(http, "sendMessage", chat_id="@k", text=text, link_preview_options={"is_disabled": True})
    http.post(
        f"/bot{DEFAULT_TOKEN}/sendMessage",
        data={"chat_id": "@k", "text": text, "link_preview_options": '{"is_disabled": true}'},
    )

    assert [m.link_preview for m in bot_api.messages] == [
        "https://a.example/",
        "https://c/",
        None,
        None,
    ]


def test_the_server_runs_by_hand_and_prints_what_it_gets() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.telegram", "--port", str(port)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().startswith(
            f"Telegram Bot API (fake) on http://127.0.0.1:{port}"
        )
        assert server.stdout.readline() == f"TELEGRAM_API_URL=http://127.0.0.1:{port}\n"
        url = f"http://127.0.0.1:{port}/bot{DEFAULT_TOKEN}/sendMessage"
        answer = wait_for(lambda: _send_when_listening(url), "the server to listen")
        assert answer["result"]["text"] == "Привет"
        printed = server.stdout.readline()
        assert printed.startswith('sendMessage {"chat_id": "@demo", "text": "<b>Привет</b>"')
        assert printed.endswith("→ 200 ok\n")
        with httpx.Client() as http:
            calls = http.get(f"http://127.0.0.1:{port}/_fake/calls").json()
        assert calls == [{"method": "sendMessage", "status": 200}]
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert server.stdout is not None
        server.stdout.close()


def _send_when_listening(url: str) -> dict[str, Any]:
    """Telegram's answer, or nothing (falsy) while the server does not listen yet."""
    try:
        return httpx.post(
            url, json={"chat_id": "@demo", "text": "<b>Привет</b>", "parse_mode": "HTML"}
        ).json()
    except httpx.ConnectError:
        return {}


def test_the_rate_limit_counts_each_chat_over_its_window() -> None:
    now = [0.0]
    with (
        FakeBotApi(rate_limit=2, rate_window=1.0, clock=lambda: now[0]) as bot_api,
        httpx.Client(base_url=bot_api.url) as http,
    ):

        def send(chat_id: str) -> int:
            return call(http, "sendMessage", chat_id=chat_id, text="м")[0]

        first = [send("@a"), send("@a"), send("@a"), send("@b")]
        now[0] = 1.0
        later = send("@a")

    assert (first, later) == ([200, 200, 429, 200], 200)
    assert [call.status for call in bot_api.calls] == [200, 200, 429, 200, 200]
