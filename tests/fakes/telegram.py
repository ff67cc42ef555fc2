"""A Telegram Bot API server on loopback, for tests and for demos without the internet.

The contract is the Bot API's reference, https://core.telegram.org/bots/api. What this server
keeps of it:

- Requests go to ``/bot<token>/<method>`` (the method's name in any case), with parameters in the
  query string or in a JSON, form or multipart/form-data body (files). Answers are
  ``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": …, "description": …}``, with
  ``parameters`` where the API gives them. Another token: 401 "Unauthorized"; another method:
  404 "Not Found".
- Methods: ``getMe``, ``sendMessage``, ``sendPhoto`` (an uploaded image; not one Pillow can open:
  "IMAGE_PROCESS_FAILED"), ``editMessageText``, ``editMessageCaption``, ``deleteMessage``.
- ``parse_mode=HTML`` is parsed the way Telegram parses it ("Formatting options"): its tags only
  (``b``, ``i``, ``a href``, …), the entities ``&lt; &gt; &amp; &quot;`` and numeric ones, a bare
  ``&`` left as it is; bad markup answers 400 "Bad Request: can't parse entities: …" with the
  byte offset. Messages keep their text after parsing and their entities, offsets in UTF-16.
- Lengths after entity parsing, in UTF-16 code units: a text of 1–4,096 ("message is too long",
  "message text is empty"), a caption of at most 1,024 ("message caption is too long").
- Edits: "message to edit not found" (never sent or deleted), "message can't be edited" (posted
  by a person), "there is no text in the message to edit" (a photo) and "there is no caption in
  the message to edit" (a text), "message is not modified: …" for the same text and entities.
  ``deleteMessage``: "message to delete not found".
- A text message previews ``link_preview_options.url``, or else the first address in its text,
  unless ``is_disabled`` (or the older ``disable_web_page_preview``).
- Message ids count up from 1 in each chat; any ``@name`` or ``-100…`` chat id is a channel in
  which the bot may post.
- A rate limit per chat: at most ``rate_limit`` messages sent in a minute (20 by default), then
  429 "Too Many Requests: retry after N" with ``parameters.retry_after`` (whole seconds). A
  benchmark may shorten the minute (``rate_window``) rather than wait through it.

Not kept: other methods, reply markup, automatic URL entities, file ids, the 48 hours after which
a message may no longer be deleted, chats the bot is not in.

Tests hold a ``FakeBotApi`` (a context manager): ``messages`` is everything sent, in order,
``calls`` every call with its answer's status, and faults are queued for the next matching
calls: ``fail_next`` (an answer of 500 instead), ``drop_next_answer`` (the call is carried out,
then the connection closes with no answer: a lost answer) and ``hold_next_answer`` (carried out,
then the answer waits until the test releases it). Tests in another process read
``GET /_fake/messages`` (``?chat_id=…`` for one chat) and ``GET /_fake/calls`` (a pacing test:
no 429), queue faults with ``POST /_fake/faults`` (JSON: ``kind`` "fail", "drop" or "hold",
``count``, ``status``, ``methods``) and send every held answer with ``POST /_fake/release``.

By hand, for a demo: ``python -m tests.fakes.telegram --port 8081`` prints every call it gets.
"""

import argparse
import html
import io
import json
import math
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from PIL import Image, UnidentifiedImageError

from tests.fakes.holds import Hold, Holds

__all__ = ["DEFAULT_TOKEN", "Call", "FakeBotApi", "Message", "parse_html"]

# The example token of the Bot API's own documentation.
DEFAULT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
SENDS = frozenset({"sendmessage", "sendphoto"})
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


# Telegram's HTML: https://core.telegram.org/bots/api#html-style


class EntityError(ValueError):
    """Markup Telegram would not parse; the message is the API's own wording."""


ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",  # only with class="tg-spoiler"
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
CHARACTER_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));")
URL = re.compile(r"https?://\S+")
TAG_NAME = re.compile(r"[^\s>/]*")
ATTRIBUTE = re.compile(r"""([a-zA-Z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(markup: str) -> tuple[str, list[dict[str, Any]]]:
    """The text Telegram shows for ``markup`` and its entities (offsets in UTF-16 units).

    >>> parse_html("<b>Газ &amp; свет</b> в Строгине")
    ('Газ & свет в Строгине', [{'type': 'bold', 'offset': 0, 'length': 10}])
    """
    pieces: list[str] = []
    length = 0  # of the text so far, in UTF-16 units
    open_tags: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    position = 0
    while position < len(markup):
        char = markup[position]
        byte_offset = len(markup[:position].encode())
        if char == "&":
            match = CHARACTER_ENTITY.match(markup, position)
            if match and match[3]:
                char, position = NAMED_ENTITIES[match[3]], match.end()
            elif match:
                code = int(match[1]) if match[1] else int(match[2], 16)
                char, position = (
                    (chr(code), match.end()) if code <= 0x10FFFF else ("&", position + 1)
                )
            else:
                position += 1  # Telegram keeps an unknown "&…" as written
            pieces.append(char)
            length += utf16_length(char)
        elif char != "<":
            pieces.append(char)
            length += utf16_length(char)
            position += 1
        elif markup.startswith("</", position):
            end = markup.find(">", position)
            if end < 0:
                raise EntityError(f"Unclosed end tag at byte offset {byte_offset}")
            name = markup[position + 2 : end].strip().lower()
            if not open_tags:
                raise EntityError(f"Unexpected end tag at byte offset {byte_offset}")
            open_name, start, attributes = open_tags.pop()
            if name != open_name:
                raise EntityError(
                    f'Unmatched end tag at byte offset {byte_offset}, expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            if length > start:
                entities.append(_entity(open_name, start, length - start, attributes))
            position = end + 1
        else:
            name_match = TAG_NAME.match(markup, position + 1)
            assert name_match is not None  # the pattern matches the empty string too
            name = name_match.group().lower()
            if name not in ENTITY_TYPES:
                raise EntityError(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
            end = markup.find(">", position)
            if end < 0:
                raise EntityError(f"Unclosed start tag at byte offset {byte_offset}")
            attributes = {
                match[1].lower(): html.unescape(match[2] or match[3] or match[4] or "")
                for match in ATTRIBUTE.finditer(markup, name_match.end(), end)
            }
            if name == "span" and attributes.get("class") != "tg-spoiler":
                raise EntityError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset}'
                )
            open_tags.append((name, length, attributes))
            position = end + 1
    if open_tags:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1][0]}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(pieces), entities


def _entity(tag: str, offset: int, length: int, attributes: dict[str, str]) -> dict[str, Any]:
    entity: dict[str, Any] = {"type": ENTITY_TYPES[tag], "offset": offset, "length": length}
    if tag == "a":
        entity["url"] = attributes.get("href", "")
    return entity


# What the server keeps.


class Call(NamedTuple):
    method: str  # as named in the request
    status: int  # the HTTP status answered (429: over the rate limit)


@dataclass
class Message:
    chat_id: int
    message_id: int
    kind: str  # "text" or "photo"
    text: str  # the text or the caption, after entity parsing
    entities: list[dict[str, Any]]
    date: int
    photo_size: int = 0  # bytes of the uploaded image
    link_preview: str | None = None  # the address a text message previews; None: no preview
    by_bot: bool = True  # False: posted by a person in the channel
    deleted: bool = False
    edits: int = 0

    def as_json(self) -> dict[str, Any]:
        """The message as ``/_fake/messages`` and the printed log show it."""
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "kind": self.kind,
            "text": self.text,
            "entities": self.entities,
            "photo_size": self.photo_size,
            "link_preview": self.link_preview,
            "by_bot": self.by_bot,
            "deleted": self.deleted,
            "edits": self.edits,
        }


@dataclass
class Chat:
    id: int
    username: str | None
    last_message_id: int = 0
    sent_at: deque[float] = field(default_factory=deque)  # the clock's times of recent sends

    def as_api(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "channel", "title": self.username or "Канал"}
        if self.username:
            chat["username"] = self.username
        return chat


class ApiError(Exception):
    def __init__(self, code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class Upload:
    filename: str
    data: bytes


@dataclass
class Fault:
    kind: str  # "fail": answer ``status`` instead; "drop": no answer; "hold": a late one
    methods: frozenset[str] | None  # lower-case names; None: any method
    status: int = 500
    hold: Hold | None = None


class FakeBotApi:
    """The server, its chats and messages, and the faults queued for its next calls."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: int = 20,
        rate_window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.token = token
        self.host = host
        self.rate_limit, self.rate_window = rate_limit, rate_window
        self.clock = clock
        self.report = report
        self.messages: list[Message] = []
        self.calls: list[Call] = []  # every Bot API call, in order, with the status answered
        self.faults: list[Fault] = []
        self._holds = Holds()
        self._chats: dict[str, Chat] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), _Handler)
        self._server.daemon_threads = True
        self._server.api = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self._server.server_port}"

    def start(self) -> "FakeBotApi":
        # A short poll: ``stop`` waits for the loop to notice, once per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release_all()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeBotApi":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # For tests.

    @property
    def methods(self) -> list[str]:
        """The methods called, as named in the requests, in order."""
        return [call.method for call in self.calls]

    def messages_in(self, chat_id: str | int) -> list[Message]:
        chat = self._chat(str(chat_id))
        return [message for message in self.messages if message.chat_id == chat.id]

    def post_by_hand(self, chat_id: str | int, text: str) -> Message:
        """A message a person posted in the channel: the bot may not edit it."""
        with self._lock:
            return self._store(self._chat(str(chat_id)), "text", text, [], by_bot=False)

    def fail_next(
        self, count: int = 1, status: int = 500, methods: Iterable[str] | None = None
    ) -> None:
        """The next ``count`` calls (of ``methods``) answer ``status`` and do nothing."""
        for _ in range(count):
            self.faults.append(Fault("fail", _names(methods), status))

    def drop_next_answer(self, methods: Iterable[str] | None = SENDS) -> None:
        """The next call (a send, by default) is carried out; its connection closes unanswered."""
        self.faults.append(Fault("drop", _names(methods)))

    def hold_next_answer(self, methods: Iterable[str] | None = SENDS) -> Hold:
        """The next call (a send, by default) is carried out and its answer waits for release."""
        hold = self._holds.new()
        self.faults.append(Fault("hold", _names(methods), hold=hold))
        return hold

    def release_all(self) -> None:
        """Send every held answer, and those of holds still queued as soon as they are reached."""
        self._holds.release_all()

    # Serving.

    def handle(self, request: "_Handler") -> None:
        url = urlsplit(request.path)
        if url.path.startswith("/_fake/"):
            self._handle_control(request, url.path, url.query)
            return
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", url.path)
        if match is None:
            request.answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = match[1], match[2].lower()
        try:
            params = dict(parse_qsl(url.query)) | request.parameters()
        except ValueError:
            params = {}
        fault = self._take_fault(method)
        if fault and fault.kind == "fail":
            status, answer = fault.status, _error(ApiError(fault.status, "Internal Server Error"))
        else:
            status, answer = self._call(token, method, params)
        self.calls.append(Call(match[2], status))
        if self.report:
            self.report(_describe(match[2], params, status, answer))
        if fault and fault.kind == "drop":
            request.drop()
            return
        if fault and fault.kind == "hold":
            assert fault.hold is not None
            fault.hold.keep_answer()
        request.answer(status, answer)

    def _handle_control(self, request: "_Handler", path: str, query: str) -> None:
        if path == "/_fake/messages" and request.command == "GET":
            chat_id = dict(parse_qsl(query)).get("chat_id")
            messages = self.messages_in(chat_id) if chat_id else self.messages
            request.answer(200, [message.as_json() for message in messages])
        elif path == "/_fake/calls" and request.command == "GET":
            request.answer(200, [call._asdict() for call in self.calls])
        elif path == "/_fake/faults" and request.command == "POST":
            order = request.parameters()
            for _ in range(int(order.get("count", 1))):
                kind = str(order.get("kind", "fail"))
                methods = order.get("methods") or (None if kind == "fail" else SENDS)
                hold = self._holds.new() if kind == "hold" else None
                status = int(order.get("status", 500))
                self.faults.append(Fault(kind, _names(methods), status, hold))
            request.answer(200, {"ok": True})
        elif path == "/_fake/release" and request.command == "POST":
            self.release_all()
            request.answer(200, {"ok": True})
        else:
            request.answer(404, {"ok": False, "description": "Not Found"})

    def _take_fault(self, method: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self.faults):
                if fault.methods is None or method in fault.methods:
                    del self.faults[index]
                    return fault
        return None

    def _call(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        if token != self.token:
            return 401, _error(ApiError(401, "Unauthorized"))
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return 404, _error(ApiError(404, "Not Found"))
        try:
            with self._lock:
                return 200, {"ok": True, "result": handler(params)}
        except ApiError as error:
            return error.code, _error(error)

    # The Bot API's methods, under the lock.

    def _getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": int(self.token.partition(":")[0] or 0),
            "is_bot": True,
            "first_name": "Вестник (тест)",
            "username": "vestnik_fake_bot",
        }

    def _sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._target(params)
        text, entities = _formatted(params, "text")
        if not text.strip():
            raise bad_request("message text is empty")
        if utf16_length(text) > TEXT_LIMIT:
            raise bad_request("message is too long")
        self._count_send(chat)
        message = self._store(chat, "text", text, entities)
        message.link_preview = _link_preview(params, text)
        return self._as_api(message)

    def _sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._target(params)
        photo = params.get("photo")
        if not isinstance(photo, Upload):
            raise bad_request("wrong remote file identifier specified: can't unserialize it")
        if not photo.data:
            raise bad_request("file must be non-empty")
        try:
            with Image.open(io.BytesIO(photo.data)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise bad_request("IMAGE_PROCESS_FAILED") from None
        caption, entities = _formatted(params, "caption")
        if utf16_length(caption) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
        self._count_send(chat)
        message = self._store(chat, "photo", caption, entities, photo_size=len(photo.data))
        return self._as_api(message)

    def _editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params)
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text, entities = _formatted(params, "text")
        if not text.strip():
            raise bad_request("message text is empty")
        if utf16_length(text) > TEXT_LIMIT:
            raise bad_request("message is too long")
        message = self._replace(message, text, entities)
        message.link_preview = _link_preview(params, text)
        return self._as_api(message)

    def _editmessagecaption(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params)
        if message.kind != "photo":
            raise bad_request("there is no caption in the message to edit")
        caption, entities = _formatted(params, "caption")
        if utf16_length(caption) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
        return self._as_api(self._replace(message, caption, entities))

    def _deletemessage(self, params: dict[str, Any]) -> bool:
        message = self._message(self._target(params), params)
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        return True

    # Their parts.

    def _chat(self, chat_id: str) -> Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id.startswith("@") and len(chat_id) > 1:
                username, number = chat_id[1:], -1000000000000 - len(self._chats) - 1
            elif re.fullmatch(r"-?\d+", chat_id):
                username, number = None, int(chat_id)
            else:
                raise bad_request("chat not found")
            chat = self._chats[chat_id] = Chat(number, username)
            self._chats[str(number)] = chat
        return chat

    def _target(self, params: dict[str, Any]) -> Chat:
        chat_id = str(params.get("chat_id", "")).strip()
        if not chat_id:
            raise bad_request("chat_id is empty")
        return self._chat(chat_id)

    def _message(self, chat: Chat, params: dict[str, Any]) -> Message | None:
        try:
            message_id = int(str(params.get("message_id", "")))
        except ValueError:
            raise bad_request("message identifier is not specified") from None
        for message in self.messages:
            if message.chat_id == chat.id and message.message_id == message_id:
                return message
        return None

    def _editable(self, params: dict[str, Any]) -> Message:
        message = self._message(self._target(params), params)
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.by_bot:
            raise bad_request("message can't be edited")
        return message

    def _count_send(self, chat: Chat) -> None:
        now = self.clock()
        while chat.sent_at and now - chat.sent_at[0] >= self.rate_window:
            chat.sent_at.popleft()
        if len(chat.sent_at) >= self.rate_limit:
            retry_after = max(1, math.ceil(self.rate_window - (now - chat.sent_at[0])))
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        chat.sent_at.append(now)

    def _store(
        self,
        chat: Chat,
        kind: str,
        text: str,
        entities: list[dict[str, Any]],
        *,
        photo_size: int = 0,
        by_bot: bool = True,
    ) -> Message:
        chat.last_message_id += 1
        message = Message(
            chat.id,
            chat.last_message_id,
            kind,
            text,
            entities,
            date=int(time.time()),
            photo_size=photo_size,
            by_bot=by_bot,
        )
        self.messages.append(message)
        return message

    def _replace(self, message: Message, text: str, entities: list[dict[str, Any]]) -> Message:
        if (message.text, message.entities) == (text, entities):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message.text, message.entities = text, entities
        message.edits += 1
        return message

    def _as_api(self, message: Message) -> dict[str, Any]:
        chat = self._chats[str(message.chat_id)]
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat.as_api(),
            "sender_chat": chat.as_api(),
        }
        if message.edits:
            result["edit_date"] = int(time.time())
        if message.kind == "photo":
            result["photo"] = [
                {
                    "file_id": f"photo-{message.chat_id}-{message.message_id}",
                    "file_unique_id": f"p{message.chat_id}{message.message_id}",
                    "file_size": message.photo_size,
                }
            ]
            if message.text:
                result["caption"] = message.text
                result["caption_entities"] = message.entities
        else:
            result["text"] = message.text
            result["entities"] = message.entities
        return result


def _names(methods: Iterable[str] | None) -> frozenset[str] | None:
    return None if methods is None else frozenset(name.lower() for name in methods)


def _formatted(params: dict[str, Any], name: str) -> tuple[str, list[dict[str, Any]]]:
    """A text or caption parameter as Telegram shows it, after its ``parse_mode``."""
    value = str(params.get(name, ""))
    mode = str(params.get("parse_mode", ""))
    if not mode:
        return value, []
    if mode.lower() != "html":
        raise bad_request(f"unsupported parse_mode {mode!r} in this fake (it knows HTML)")
    try:
        return parse_html(value)
    except EntityError as error:
        raise bad_request(f"can't parse entities: {error}") from None


def _link_preview(params: dict[str, Any], text: str) -> str | None:
    """The address a text message previews: ``link_preview_options.url``, else the text's first
    address, unless the preview is disabled."""
    options = params.get("link_preview_options") or {}
    if isinstance(options, str):  # a form or multipart body carries it serialized
        options = json.loads(options)
    if options.get("is_disabled") or str(params.get("disable_web_page_preview")).lower() == "true":
        return None
    first = URL.search(text)
    return options.get("url") or (first.group() if first else None)


def _error(error: ApiError) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "ok": False,
        "error_code": error.code,
        "description": error.description,
    }
    if error.parameters:
        answer["parameters"] = error.parameters
    return answer


def _describe(method: str, params: dict[str, Any], status: int, answer: Any) -> str:
    """One line for the console of a server run by hand."""
    shown = {
        key: (f"<{len(value.data)} bytes>" if isinstance(value, Upload) else value)
        for key, value in params.items()
    }
    outcome = "ok" if status == 200 else answer.get("description", "")
    return f"{method} {json.dumps(shown, ensure_ascii=False)} → {status} {outcome}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx's pool expects
    server: ThreadingHTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle's algorithm holds the body
        # back until the client's delayed ACK (40 ms a call).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.api.handle(self)  # type: ignore[attr-defined]

    do_POST = do_GET  # noqa: N815

    def parameters(self) -> dict[str, Any]:
        """The body's parameters: JSON, a form, or multipart with files as ``Upload``s."""
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        content_type = self.headers.get("Content-Type", "")
        if not body:
            return {}
        if content_type.startswith("application/json"):
            value = json.loads(body)
            return value if isinstance(value, dict) else {}
        if content_type.startswith("multipart/form-data"):
            return _multipart(content_type, body)
        return dict(parse_qsl(body.decode()))

    def answer(self, status: int, body: Any) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status, HTTPStatus(status).phrase)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away while its answer was held

    def drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: the server reports calls through its ``report`` instead."""


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    assert isinstance(message, EmailMessage)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(data, bytes):
            continue
        filename = part.get_filename()
        fields[name] = Upload(filename, data) if filename is not None else data.decode()
    return fields


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A Telegram Bot API server for demos and tests.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--rate-limit", type=int, default=20, help="messages a minute per chat")
    parser.add_argument("--rate-window", type=float, default=60.0, help="seconds in that minute")
    options = parser.parse_args(argv)

    def report(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    api = FakeBotApi(
        options.token,
        host=options.host,
        port=options.port,
        rate_limit=options.rate_limit,
        rate_window=options.rate_window,
        report=report,
    )
    report(f"Telegram Bot API (fake) on {api.url}, token {options.token}")
    report(f"TELEGRAM_API_URL={api.url}")
    api.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        api.stop()


if __name__ == "__main__":
    main()
