"""A VK community's wall as a distribution channel, over VK's HTTP API.

Every call is a POST of a form to ``<VK_API_URL>/<method>`` with ``access_token`` and ``v`` in the
body: VK accepts both there, and an address then carries no secret into httpx's errors, proxies'
logs or tracebacks. VK answers HTTP 200 for its own refusals, ``{"error": {"error_code": …,
"error_msg": …}}``; they are told apart here into ``RetryLater`` and ``Rejected``.

A post is the headline, the lead (or the editor's own text for social networks) and the
article's address, in paragraphs of plain text (VK shows no markup), with the photo and the
article's address as attachments. References: https://dev.vk.com/ru/method/wall.post,
https://dev.vk.com/ru/api/upload/wall-photo, https://dev.vk.com/ru/reference/errors.

Two kinds of key post to a community's wall. An administrator's user key (rights ``wall``,
``photos``, ``offline``) can do everything here. A community key («Ключи доступа» in the
community's settings) posts, edits and deletes, but VK answers error 27 to its photo upload and
to reading the wall (``photos.getWallUploadServer``, ``wall.get``, ``wall.getById``): with one,
the post goes out with the article's link alone, whose preview VK builds from the article's
``og:image``, and ``find`` leans on the guid only.
"""

import functools
import logging
import ssl
from collections.abc import Callable
from typing import Any

import httpx
from django.conf import settings

from vestnik.distribution.networks import (
    Credentials,
    DistributionError,
    Photo,
    Post,
    Posted,
    Rejected,
    RetryLater,
)
from vestnik.language.typography import cut_at_word

__all__ = ["MESSAGE_LIMIT", "Vk", "VkRefusal", "compose_message", "post_link"]

logger = logging.getLogger(__name__)

# VK's limit on a post's text, in characters.
MESSAGE_LIMIT = 16384
# Seconds for one call; a photo upload may take longer to send.
TIMEOUT = 10.0

# VK's error codes (https://dev.vk.com/ru/reference/errors).
AUTHORIZATION_FAILED = 5
TOO_MANY_REQUESTS_PER_SECOND = 6
FLOOD_CONTROL = 9
INTERNAL_SERVER_ERROR = 10
CAPTCHA_NEEDED = 14
ACCESS_DENIED = 15
GROUP_AUTHORIZATION_FAILED = 27  # a method a community key may not call
ADDING_POST_DENIED = 214
# Calls refused with these may pass later unchanged.
RETRY_LATER_CODES = frozenset({TOO_MANY_REQUESTS_PER_SECOND, FLOOD_CONTROL, INTERNAL_SERVER_ERROR})

# A captcha is a picture for a person to read; the worker has nobody to show it to. VK asks for
# one when a community posts faster than it likes, so the step stops and the editor retries
# later, rather than looping on it or handing the picture to a solving service against VK's rules.
CAPTCHA_DESCRIPTION = (
    "ВКонтакте попросил ввести капчу: сообщество публикует слишком часто. "
    "Подождите несколько минут и повторите отправку."
)
# What the editor can do about a refusal, after VK's own words.
HINTS = {
    AUTHORIZATION_FAILED: "Ключ доступа устарел или отозван: выпустите новый и сохраните его в "
    "настройках канала.",
    ACCESS_DENIED: "Проверьте номер сообщества и права ключа доступа.",
    GROUP_AUTHORIZATION_FAILED: "Ключ сообщества не может этого сделать: нужен ключ "
    "администратора сообщества.",
    ADDING_POST_DENIED: "Ключу доступа не разрешено публиковать на стене этого сообщества: "
    "проверьте номер сообщества и права ключа («стена»).",
}


class VkRefusal(Rejected):
    """VK's refusal of a call, with its error code."""

    def __init__(self, description: str, code: int) -> None:
        super().__init__(description)
        self.code = code


def post_link(group_id: str, post_id: str) -> str:
    """The public address of a community's post, e.g. ``https://vk.com/wall-123_45``."""
    return f"https://vk.com/wall-{group_id}_{post_id}"


def compose_message(post: Post, limit: int = MESSAGE_LIMIT) -> str:
    """The post's text: headline, the editor's own text or the lead, the article's address, in
    paragraphs. A text over VK's limit loses the end of its middle paragraph, so the headline and
    the address always stay."""
    headline, url = post.headline.strip(), post.url
    frame = "\n\n".join(part for part in (headline, url) if part)
    body = cut_at_word((post.own_text or post.lead).strip(), limit - len(frame) - len("\n\n"))
    return "\n\n".join(part for part in (headline, body, url) if part)


class Vk:
    """One VK community (``credentials.target`` is its group id, digits) posted to with its key.
    Each operation opens its own connection and closes it."""

    name = "vk"

    def __init__(
        self,
        credentials: Credentials,
        api_url: str | None = None,
        version: str | None = None,
        timeout: float = TIMEOUT,
    ) -> None:
        group_id = credentials.target.strip().lstrip("-")
        if not group_id.isdigit():
            raise Rejected(f"Номер сообщества ВКонтакте — число, а не «{group_id}».")
        self.group_id = group_id
        self._token = credentials.token
        self.api_url = (api_url or settings.VK_API_URL).rstrip("/")
        self.version = version or settings.VK_API_VERSION
        self.timeout = httpx.Timeout(timeout, write=3 * timeout)

    def __repr__(self) -> str:
        return f"<Vk group {self.group_id} at {self.api_url}>"

    # The Network protocol

    def publish(self, post: Post) -> Posted:
        with self._client() as client:
            fields = self._wall_fields(client, post)
            if post.marker:
                # VK keeps one post per guid for an hour and answers a repeated wall.post with it.
                fields["guid"] = post.marker
            return self._posted(self._call(client, "wall.post", fields))

    def edit(self, remote_id: str, post: Post) -> Posted:
        with self._client() as client:
            fields = {**self._wall_fields(client, post), "post_id": remote_id}
            answer = self._call(client, "wall.edit", fields)
        # VK answers {"post_id": …}; older versions of the API answered 1.
        return self._posted(answer if isinstance(answer, dict) else {"post_id": remote_id})

    def delete(self, remote_id: str) -> None:
        with self._client() as client:
            try:
                self._call(client, "wall.delete", {"owner_id": self.owner_id, "post_id": remote_id})
            except VkRefusal as refusal:
                if self._wall_has(client, remote_id, refusal) is not False:
                    raise

    def find(self, post: Post, after: str | None) -> Posted | None:
        """The community's post for this article newer than ``after``, if it is on the wall.

        The guid makes a repeated wall.post answer the first post, but VK keeps a guid for an hour
        (the method's page says so), and a worker may stay down longer; so the wall's newest page
        is read, and a post carrying the article's address counts. A community key may not read
        the wall: then ``None``, and the guid alone keeps the post single."""
        newer_than = int(after) if after and after.isdigit() else 0
        fields = {"owner_id": self.owner_id, "count": "100", "filter": "owner"}
        with self._client() as client:
            try:
                answer = self._call(client, "wall.get", fields)
            except VkRefusal as refusal:
                if refusal.code != GROUP_AUTHORIZATION_FAILED:
                    raise
                logger.info("VK group %s: a community key cannot read the wall", self.group_id)
                return None
        for item in _items(answer):
            post_id = str(item.get("id", ""))
            if post_id.isdigit() and int(post_id) > newer_than and _carries(item, post.url):
                return Posted(remote_id=post_id, link=post_link(self.group_id, post_id))
        return None

    # VK's calls

    @property
    def owner_id(self) -> str:
        return f"-{self.group_id}"

    def _client(self) -> httpx.Client:
        return httpx.Client(verify=_tls_context(), timeout=self.timeout, follow_redirects=False)

    def _wall_fields(self, client: httpx.Client, post: Post) -> dict[str, str]:
        attachments = []
        if post.photo:
            try:
                attachments.append(self._upload(client, post.photo))
            except VkRefusal as refusal:
                if refusal.code != GROUP_AUTHORIZATION_FAILED:
                    raise
                logger.info("VK group %s: a community key posts without the photo", self.group_id)
        if post.url:
            attachments.append(post.url)  # one link at most: VK refuses a post with two
        return {
            "owner_id": self.owner_id,
            "from_group": "1",
            "message": compose_message(post),
            "attachments": ",".join(attachments),
        }

    def _upload(self, client: httpx.Client, photo: Photo) -> str:
        """The photo on VK's upload server, saved for the community's wall, as an attachment
        (``photo-123_456``): https://dev.vk.com/ru/api/upload/wall-photo."""
        server = self._call(client, "photos.getWallUploadServer", {"group_id": self.group_id})
        upload_url = str(_field(server, "upload_url"))
        files = {"photo": (photo.name, photo.data, photo.content_type)}
        uploaded = self._exchange("upload", lambda: client.post(upload_url, files=files))
        if uploaded.get("error") or uploaded.get("photo") in (None, "", "[]"):
            logger.info("VK upload refused: %s", uploaded.get("error", "no photo"))
            raise Rejected("ВКонтакте не принял фотографию: нужен файл JPG, PNG или GIF.")
        fields = {
            "group_id": self.group_id,
            "photo": str(uploaded["photo"]),
            "server": str(_field(uploaded, "server")),
            "hash": str(_field(uploaded, "hash")),
        }
        saved = _items(self._call(client, "photos.saveWallPhoto", fields))
        if not saved:
            raise RetryLater("ВКонтакте не сохранил фотографию (photos.saveWallPhoto).")
        return f"photo{_field(saved[0], 'owner_id')}_{_field(saved[0], 'id')}"

    def _wall_has(self, client: httpx.Client, remote_id: str, refusal: VkRefusal) -> bool | None:
        """Whether the post is still on the wall after wall.delete refused; ``None``: unknown.

        What VK answers for a post already deleted is not on its pages, so the wall is asked. A
        community key may not ask (error 27); then «access denied» (15) counts as deleted: the
        key posted this very post, so it is the post that is gone, not the key's right."""
        try:
            answer = self._call(client, "wall.getById", {"posts": f"{self.owner_id}_{remote_id}"})
        except VkRefusal as cannot_look:
            if cannot_look.code == GROUP_AUTHORIZATION_FAILED and refusal.code == ACCESS_DENIED:
                return False
            return None
        except DistributionError:
            return None
        return any(not item.get("is_deleted") for item in _items(answer))

    def _posted(self, answer: Any) -> Posted:
        post_id = str(_field(answer, "post_id"))
        return Posted(remote_id=post_id, link=post_link(self.group_id, post_id))

    def _call(self, client: httpx.Client, method: str, fields: dict[str, str]) -> Any:
        """VK's ``response`` for ``method``; its ``error`` raised as RetryLater or VkRefusal."""
        data = {**fields, "access_token": self._token, "v": self.version}
        answer = self._exchange(method, lambda: client.post(f"{self.api_url}/{method}", data=data))
        if isinstance(answer.get("error"), dict):
            raise self._error(method, answer["error"])
        if "response" not in answer:
            raise RetryLater(f"ВКонтакте прислал непонятный ответ ({method}).")
        return answer["response"]

    def _exchange(self, what: str, send: Callable[[], httpx.Response]) -> dict[str, Any]:
        """The JSON object of one HTTP exchange; transport failures and 5xx as RetryLater. No
        text of httpx's exceptions is passed on: it names addresses, an upload's with its key."""
        try:
            response = send()
        except httpx.TimeoutException:
            raise RetryLater(f"ВКонтакте не ответил вовремя ({what}).") from None
        except httpx.TransportError as error:
            logger.warning("VK %s: %s", what, type(error).__name__)
            raise RetryLater(f"Нет связи с ВКонтакте ({what}).") from None
        status = response.status_code
        if status >= 500 or status == 429:
            raise RetryLater(f"ВКонтакте временно недоступен: HTTP {status} ({what}).")
        if status != 200:
            raise Rejected(f"ВКонтакте ответил HTTP {status} ({what}).")
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise RetryLater(f"ВКонтакте прислал непонятный ответ ({what}).")
        return answer

    def _error(self, method: str, error: dict[str, Any]) -> RetryLater | VkRefusal:
        code = int(error.get("error_code") or 0)
        # VK's own words for the editor, without the token should VK ever echo it back.
        words = str(error.get("error_msg", "")).replace(self._token, "***")
        logger.info("VK %s refused: %s %s", method, code, words)
        if code in RETRY_LATER_CODES:
            retry_after = 1.0 if code == TOO_MANY_REQUESTS_PER_SECOND else None
            return RetryLater(f"ВКонтакте просит подождать: {words} (код {code}).", retry_after)
        if code == CAPTCHA_NEEDED:
            return VkRefusal(CAPTCHA_DESCRIPTION, code)
        hint = f" {HINTS[code]}" if code in HINTS else ""
        return VkRefusal(f"ВКонтакте отказал: {words} (код {code}).{hint}", code)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The certificates httpx trusts, loaded once: loading them takes longer than a call."""
    return httpx.create_ssl_context()


def _field(answer: Any, name: str) -> Any:
    """``answer[name]``, or RetryLater if VK answered something else than its pages describe."""
    if not isinstance(answer, dict) or name not in answer:
        raise RetryLater(f"ВКонтакте прислал непонятный ответ (нет «{name}»).")
    return answer[name]


def _items(answer: Any) -> list[dict[str, Any]]:
    """The objects of a list answer: ``{"items": […]}`` or, in older versions, ``[…]``."""
    items = answer.get("items", []) if isinstance(answer, dict) else answer
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _carries(item: dict[str, Any], url: str) -> bool:
    """Whether a wall post (wall.get's item) carries the article's address, as a link or text."""
    links = [
        (attachment.get("link") or {}).get("url")
        for attachment in item.get("attachments", [])
        if isinstance(attachment, dict) and attachment.get("type") == "link"
    ]
    return bool(url) and (url in links or url in str(item.get("text", "")))
