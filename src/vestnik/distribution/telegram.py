"""A Telegram channel through the Bot API (https://core.telegram.org/bots/api).

The bot is an administrator of the channel allowed to post. An article becomes one message:
``sendPhoto`` with a caption when it has a photo, ``sendMessage`` when not (with the article's
link preview: it is what readers tap). The text is the headline in bold, the lead (or the editor's
own text) and the article's address, in HTML parse mode with every piece escaped, cut to
Telegram's limits as Telegram counts them: UTF-16 code units of the text after entity parsing,
1,024 for a caption and 4,096 for a message.

The bot token is part of every request's path (``/bot<token>/<method>``), so no exception message,
log record or repr made here carries a URL: httpx's own request log is redacted below.
"""

import html
import logging
import re
from types import TracebackType
from typing import Any

import httpx
from django.conf import settings

from vestnik.distribution.networks import (
    Credentials,
    Post,
    Posted,
    Rejected,
    RetryLater,
)
from vestnik.language.typography import cut_at_word

__all__ = ["CAPTION_LIMIT", "MESSAGE_LIMIT", "PROBE_WINDOW", "Telegram", "format_post"]

logger = logging.getLogger(__name__)

CAPTION_LIMIT = 1024  # a photo's caption, after entity parsing, in UTF-16 code units
MESSAGE_LIMIT = 4096  # a text message, counted the same way
# How many message ids after the last known one ``find`` tries; a channel's ids grow one by
# one, so this covers a lost post plus that many posts made by hand in the meantime.
PROBE_WINDOW = 20
# The parts of a post, in order: headline, text, link.
SEPARATOR = "\n\n"
MIN_BODY = 20  # UTF-16 units: less room than this for the lead, and it is left out

# The Bot API's own descriptions that mean the call's purpose is already served.
NOT_MODIFIED = "message is not modified"
ALREADY_DELETED = "message to delete not found"


def utf16_length(text: str) -> int:
    """How long Telegram finds ``text``: astral characters (most emoji) count twice.

    >>> utf16_length("Пресня 🚇")
    9
    """
    return len(text.encode("utf-16-le")) // 2


def format_post(post: Post, limit: int) -> str:
    """The post as Telegram HTML whose visible text fits in ``limit`` UTF-16 units: the bold
    headline, the lead (or the editor's own text) cut at a word, the link always whole.

    The cut is made on the plain pieces, and each is escaped only afterwards, so it can never
    fall inside a tag or an entity such as ``&amp;``.
    """
    headline, body, url = post.headline.strip(), (post.own_text or post.lead).strip(), post.url
    room = limit - utf16_length(url) - utf16_length(SEPARATOR)
    headline = cut_at_word(headline, room, utf16_length)
    body_room = room - utf16_length(headline) - utf16_length(SEPARATOR)
    # With too little room left for a few words, the headline and the link stand alone.
    body = cut_at_word(body, body_room, utf16_length) if body_room >= MIN_BODY else ""
    parts = [f"<b>{html.escape(headline, quote=False)}</b>"] if headline else []
    if body:
        parts.append(html.escape(body, quote=False))
    parts.append(html.escape(url, quote=False))
    return SEPARATOR.join(parts)


def post_link(target: str, message_id: int | str) -> str:
    """The public address of a channel's message: by the channel's name for ``@name``, by its
    internal id for a ``-100…`` chat id (opens for the channel's members).

    >>> post_link("@vestnik_strogino", 17), post_link("-1001234567890", 17)
    ('https://t.me/vestnik_strogino/17', 'https://t.me/c/1234567890/17')
    """
    if target.startswith("@"):
        return f"https://t.me/{target[1:]}/{message_id}"
    if target.startswith("-100"):
        return f"https://t.me/c/{target[4:]}/{message_id}"
    return ""


class Telegram:
    """A ``Network`` posting to one Telegram channel as its bot."""

    name = "telegram"

    def __init__(
        self,
        credentials: Credentials,
        api_url: str | None = None,
        timeout: float = 15.0,
    ) -> None:
        self._token = credentials.token
        self.target = credentials.target
        self._api_url = (api_url or settings.TELEGRAM_API_URL).rstrip("/")
        # The token lives in the client's base URL, not in a local variable of any call, so a
        # traceback rendered with its frames' locals (Django's debug page, an error tracker)
        # does not show it. A photo upload may take a while; a connection that does not open
        # soon will not.
        self._client = httpx.Client(
            base_url=f"{self._api_url}/bot{self._token}/",
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        )

    def __repr__(self) -> str:
        return f"Telegram(target={self.target!r}, api_url={self._api_url!r})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Telegram":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # The Network protocol.

    def publish(self, post: Post) -> Posted:
        fields = {"chat_id": self.target, **self._content(post)}
        if post.photo:
            photo = post.photo
            files = {"photo": (photo.name, photo.data, photo.content_type)}
            message = self._call("sendPhoto", fields, files=files)
        else:
            message = self._call("sendMessage", fields)
        return self._posted(message["message_id"])

    def edit(self, remote_id: str, post: Post) -> Posted:
        try:
            self._edit(int(remote_id), post)
        except Rejected as refusal:
            if NOT_MODIFIED not in refusal.description:
                raise
        return self._posted(remote_id)

    def delete(self, remote_id: str) -> None:
        try:
            self._call("deleteMessage", {"chat_id": self.target, "message_id": int(remote_id)})
        except Rejected as refusal:
            if ALREADY_DELETED not in refusal.description:
                raise

    def find(self, post: Post, after: str | None) -> Posted | None:
        """The message this post became, if its ``sendPhoto``/``sendMessage`` reached Telegram
        but the answer did not reach us.

        The Bot API has no idempotency key and no way to read a channel's message, so this
        probes: a channel's message ids grow one by one, and for each id after ``after`` (at
        most PROBE_WINDOW of them) it edits the message to exactly what ``publish`` would have
        sent. Telegram answers "message is not modified" only for an existing message the bot
        itself sent with that very content: that is the post. Any other answer ("message to
        edit not found" for ids not used yet or deleted, "message can't be edited" for posts
        made by people, "there is no caption/text in the message to edit" for the other kind of
        message) leaves the message as it was.

        An edit that goes through found a message of this bot after ``after`` with other
        content. This relies on the caller's order: it calls ``find`` before the channel's next
        post, so every message of the bot after ``after`` is this post's, and that one is its
        earlier wording (the article was edited while its publish was in doubt), now brought up
        to date. Were another article posted in between, it would be overwritten: the channel's
        posting queue must keep that order.
        """
        first = int(after) + 1 if after else 1
        for message_id in range(first, first + PROBE_WINDOW):
            try:
                self._edit(message_id, post)
            except Rejected as refusal:
                if NOT_MODIFIED in refusal.description:
                    return self._posted(message_id)
                continue
            logger.warning(
                "Telegram message %s in %s had another text and was brought up to date",
                message_id,
                self.target,
            )
            return self._posted(message_id)
        return None

    # The Bot API.

    def _edit(self, message_id: int, post: Post) -> None:
        method = "editMessageCaption" if post.photo else "editMessageText"
        self._call(
            method, {"chat_id": self.target, "message_id": message_id, **self._content(post)}
        )

    @staticmethod
    def _content(post: Post) -> dict[str, Any]:
        """What a send or an edit says: a photo's caption, or a message's text."""
        if post.photo:
            return {"caption": format_post(post, CAPTION_LIMIT), "parse_mode": "HTML"}
        return {
            "text": format_post(post, MESSAGE_LIMIT),
            "parse_mode": "HTML",
            # The preview is the article's, even where its lead names another address first.
            "link_preview_options": {"url": post.url},
        }

    def _posted(self, message_id: int | str) -> Posted:
        return Posted(remote_id=str(message_id), link=post_link(self.target, message_id))

    def _call(
        self,
        method: str,
        fields: dict[str, Any],
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Any:
        """The ``result`` of one Bot API call; its failures as RetryLater or Rejected."""
        try:
            if files:
                response = self._client.post(method, data=fields, files=files)
            else:
                response = self._client.post(method, json=fields)
        except httpx.TimeoutException:
            raise RetryLater(f"Telegram did not answer {method} in time") from None
        except httpx.TransportError as error:
            # httpx's own messages name no URL today; the redaction keeps it so tomorrow.
            # ``from None``: the original, with its request and URL, stays out of tracebacks.
            raise RetryLater(f"Telegram could not be reached ({self._redact(error)})") from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            description = f"Telegram answered {method} with HTTP {response.status_code}"
            if response.status_code >= 500:
                raise RetryLater(description)
            raise Rejected(description)
        if answer.get("ok"):
            return answer.get("result")
        code = int(answer.get("error_code") or response.status_code)
        description = self._redact(answer.get("description") or f"HTTP {code}")
        parameters = answer.get("parameters") or {}
        if code == 429:
            retry_after = parameters.get("retry_after")
            raise RetryLater(description, float(retry_after) if retry_after else None)
        if code >= 500:
            raise RetryLater(description)
        raise Rejected(description)

    def _redact(self, text: object) -> str:
        return str(text).replace(self._token, "<token>") if self._token else str(text)


class _RedactBotPaths(logging.Filter):
    """httpx logs every request with its URL (``POST …/bot<token>/sendPhoto``) at INFO."""

    BOT_PATH = re.compile(r"/bot[^/\s]+/")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/bot" in message:
            record.msg, record.args = self.BOT_PATH.sub("/bot<token>/", message), None
        return True


logging.getLogger("httpx").addFilter(_RedactBotPaths())
