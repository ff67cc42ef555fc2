"""A VK community's wall as a distribution channel, over VK's HTTP API.

Every call is a POST of a form to ``<VK_API_URL>/<method>`` with ``access_token`` and ``v`` in the
body: VK accepts both in the body, and an address carries no secret into httpx's errors, proxies'
logs or tracebacks. VK answers HTTP 200 for its own refusals, ``{"error": {"error_code": …,
"error_msg": …}}``; those are told apart here into ``RetryLater`` and ``Rejected``.

A post is the article's headline, a blank line, the lead (or the editor's own text for social
networks), a blank line and the article's address, as plain text (VK shows no markup), with the
photo and the article's address as attachments. Reference: https://dev.vk.com/ru/method/wall.post,
https://dev.vk.com/ru/api/upload/wall-photo, https://dev.vk.com/ru/reference/errors.
"""

import functools
import logging
import ssl
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

__all__ = ["MESSAGE_LIMIT", "Vk", "compose_message", "post_link"]

logger = logging.getLogger(__name__)

# VK's limit on a post's text, in characters.
MESSAGE_LIMIT = 16384
# Seconds for one call; a photo upload is the slowest.
TIMEOUT = httpx.Timeout(10.0, write=30.0)

# VK's error codes (https://dev.vk.com/ru/reference/errors) whose call may pass later unchanged.
TOO_MANY_REQUESTS_PER_SECOND = 6
FLOOD_CONTROL = 9
INTERNAL_SERVER_ERROR = 10
CAPTCHA_NEEDED = 14
RETRY_LATER_CODES = frozenset({TOO_MANY_REQUESTS_PER_SECOND, FLOOD_CONTROL, INTERNAL_SERVER_ERROR})

# A captcha is shown to a person who types what it says; the worker has nobody to show it to, and
# VK asks for one when a community posts faster than it likes, so the honest answer is to stop
# and let the editor retry later rather than to loop or to hand the picture to a solving service.
CAPTCHA_DESCRIPTION = (
    "ВКонтакте попросил ввести капчу: сообщество публикует слишком часто. "
    "Подождите несколько минут и повторите отправку."
)


def post_link(group_id: str, post_id: str) -> str:
    """The public address of a community's post, e.g. ``https://vk.com/wall-123_45``."""
    return f"https://vk.com/wall-{group_id}_{post_id}"


def compose_message(post: Post, limit: int = MESSAGE_LIMIT) -> str:
    """The post's text: headline, the editor's own text or the lead, the article's address, in
    paragraphs. A text over VK's limit loses the end of its middle paragraph, cut at a word, so the
    headline and the address always stay."""
    body = (post.own_text or post.lead).strip()
    headline, url = post.headline.strip(), post.url
    frame = "\n\n".join(part for part in (headline, url) if part)
    room = limit - len(frame) - len("…\n\n")
    if len(body) > room:
        # One character more tells whether the cut falls between words; a single word longer
        # than the room is cut where it must be.
        cut = body[: max(room, 0) + 1]
        if cut[-1:].isspace() or not any(char.isspace() for char in cut):
            cut = cut[:-1]
        else:
            cut = cut.rsplit(None, 1)[0]
        body = cut.rstrip().rstrip(".,;:—-").rstrip() + "…"
    return "\n\n".join(part for part in (headline, body, url) if part)


class Vk:
    """One VK community (``credentials.target`` is its group id, digits) posted to with its
    community access token. Each operation opens its own connection and closes it."""

    name = "vk"

    def __init__(
        self, credentials: Credentials, api_url: str | None = None, version: str | None = None
    ) -> None:
        group_id = credentials.target.strip().lstrip("-")
        if not group_id.isdigit():
            raise Rejected(f"Идентификатор сообщества ВКонтакте — число, а не «{group_id}».")
        self.group_id = group_id
        self._token = credentials.token
        self.api_url = (api_url or settings.VK_API_URL).rstrip("/")
        self.version = version or settings.VK_API_VERSION

    def __repr__(self) -> str:
        return f"<Vk group {self.group_id} at {self.api_url}>"

    # The Network protocol

    def publish(self, post: Post) -> Posted:
        with self._client() as client:
            fields = self._wall_fields(client, post)
            if post.marker:
                # VK keeps one post per guid and answers a repeated wall.post with that post.
                fields["guid"] = post.marker
            answer = self._call(client, "wall.post", fields)
        return self._posted(answer)

    def edit(self, remote_id: str, post: Post) -> Posted:
        with self._client() as client:
            fields = self._wall_fields(client, post)
            answer = self._call(client, "wall.edit", {**fields, "post_id": remote_id})
        return self._posted(answer if isinstance(answer, dict) else {"post_id": remote_id})

    def delete(self, remote_id: str) -> None:
        with self._client() as client:
            try:
                self._call(client, "wall.delete", {"owner_id": self.owner_id, "post_id": remote_id})
            except Rejected as refusal:
                # What VK answers for a post that is already gone is not documented; rather than
                # guess an error code, ask the wall whether the post is still there.
                try:
                    still_there = self._wall_has(client, remote_id)
                except DistributionError:
                    raise refusal from None
                if still_there:
                    raise

    def find(self, post: Post, after: str | None) -> Posted | None:
        """The community's post for this article newer than ``after``, if one is on the wall.

        The guid makes a repeated wall.post return the first post, but VK keeps a guid for a
        limited time (an hour, by the method's page), and a worker may be down longer than that;
        so the wall's newest page is read and a post carrying the article's address counts."""
        newer_than = int(after) if after and after.isdigit() else 0
        with self._client() as client:
            answer = self._call(
                client, "wall.get", {"owner_id": self.owner_id, "count": 100, "filter": "owner"}
            )
        items = answer.get("items", []) if isinstance(answer, dict) else []
        for item in items:
            if int(item.get("id", 0)) > newer_than and _carries(item, post.url):
                return Posted(remote_id=str(item["id"]), link=post_link(self.group_id, item["id"]))
        return None

    # VK's calls

    @property
    def owner_id(self) -> str:
        return f"-{self.group_id}"

    def _client(self) -> httpx.Client:
        return httpx.Client(verify=_tls_context(), timeout=TIMEOUT, follow_redirects=False)

    def _wall_fields(self, client: httpx.Client, post: Post) -> dict[str, str]:
        attachments = [self._upload(client, post.photo)] if post.photo else []
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
        files = {"photo": (photo.name, photo.data, photo.content_type)}
        uploaded = self._answer(
            "upload", lambda: client.post(str(server["upload_url"]), files=files)
        )
        if not uploaded.get("photo") or uploaded.get("photo") == "[]":
            raise Rejected(
                "ВКонтакте не принял фотографию: "
                f"{uploaded.get('error') or 'нужен файл JPG, PNG или GIF'}."
            )
        saved = self._call(
            client,
            "photos.saveWallPhoto",
            {
                "group_id": self.group_id,
                "photo": str(uploaded["photo"]),
                "server": str(uploaded["server"]),
                "hash": str(uploaded["hash"]),
            },
        )
        first = saved[0]
        return f"photo{first['owner_id']}_{first['id']}"

    def _wall_has(self, client: httpx.Client, remote_id: str) -> bool:
        answer = self._call(client, "wall.getById", {"posts": f"{self.owner_id}_{remote_id}"})
        items = answer.get("items", []) if isinstance(answer, dict) else answer
        return any(not item.get("is_deleted") for item in items)

    def _posted(self, answer: Any) -> Posted:
        post_id = str(answer["post_id"])
        return Posted(remote_id=post_id, link=post_link(self.group_id, post_id))

    def _call(self, client: httpx.Client, method: str, fields: dict[str, Any]) -> Any:
        """VK's ``response`` for ``method``; its ``error`` raised as RetryLater or Rejected."""
        data = {**fields, "access_token": self._token, "v": self.version}
        answer = self._answer(method, lambda: client.post(f"{self.api_url}/{method}", data=data))
        if "error" in answer:
            raise self._error(method, answer["error"])
        if "response" not in answer:
            raise RetryLater(f"ВКонтакте ответил на {method} без результата.")
        return answer["response"]

    def _answer(self, what: str, send: Any) -> dict[str, Any]:
        """The JSON object of one HTTP exchange; transport failures and 5xx as RetryLater. No
        exception text of httpx is passed on: it names addresses, and an upload's has a key."""
        try:
            response: httpx.Response = send()
        except httpx.TimeoutException:
            raise RetryLater(f"ВКонтакте не ответил вовремя ({what}).") from None
        except httpx.TransportError as error:
            logger.warning("VK %s: %s", what, type(error).__name__)
            raise RetryLater(f"Нет связи с ВКонтакте ({what}).") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise RetryLater(
                f"ВКонтакте временно недоступен: HTTP {response.status_code} ({what})."
            )
        if response.status_code != 200:
            raise Rejected(f"ВКонтакте ответил HTTP {response.status_code} ({what}).")
        try:
            answer = response.json()
        except ValueError:
            raise RetryLater(f"ВКонтакте прислал непонятный ответ ({what}).") from None
        if not isinstance(answer, dict):
            raise RetryLater(f"ВКонтакте прислал непонятный ответ ({what}).")
        return answer

    def _error(self, method: str, error: dict[str, Any]) -> RetryLater | Rejected:
        code = int(error.get("error_code", 0))
        # VK's own words for the editor, without the token should VK ever echo it back.
        message = str(error.get("error_msg", "")).replace(self._token, "***")
        logger.info("VK %s refused: %s %s", method, code, message)
        if code in RETRY_LATER_CODES:
            return RetryLater(
                f"ВКонтакте просит подождать: {message} (код {code}).",
                retry_after=1.0 if code == TOO_MANY_REQUESTS_PER_SECOND else None,
            )
        if code == CAPTCHA_NEEDED:
            return Rejected(CAPTCHA_DESCRIPTION)
        return Rejected(f"ВКонтакте отказал: {message} (код {code}).")


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The certificates httpx trusts, loaded once: loading them takes longer than a call."""
    return httpx.create_ssl_context()


def _carries(item: dict[str, Any], url: str) -> bool:
    """Whether a wall post (wall.get's item) carries the article's address, as a link or text."""
    links = [
        attachment.get("link", {}).get("url")
        for attachment in item.get("attachments", [])
        if attachment.get("type") == "link"
    ]
    return bool(url) and (url in links or url in str(item.get("text", "")))
