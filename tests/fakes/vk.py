"""A VK API server on loopback that keeps VK's documented contract for a community's wall.

The parts of https://dev.vk.com the distribution client uses, enforced:

- Methods at ``/method/<name>`` (https://dev.vk.com/ru/api/api-requests), parameters from the
  query or a form body; ``v`` is required (error 8); ``access_token`` must be a known, unrevoked
  key (error 5); more than ``requests_per_second`` calls of one key in a second give error 6.
- Two kinds of key: an administrator's user key may call everything; a community key gets error
  27 from the photo upload and from reading the wall (``USER_KEY_METHODS``; the methods' pages
  name only user keys, and https://github.com/VKCOM/vk-api-schema/issues/242 shows the error).
- Errors as VK sends them: HTTP 200 with ``{"error": {"error_code", "error_msg",
  "request_params"}}`` (https://dev.vk.com/ru/reference/errors), the token never echoed back;
  error 14 adds ``captcha_sid`` and ``captcha_img``.
- The wall photo upload (https://dev.vk.com/ru/api/upload/wall-photo):
  ``photos.getWallUploadServer`` (``group_id`` of the key's community) gives an ``upload_url``
  on this same server; a multipart POST there with the file in the ``photo`` field answers
  ``server``, ``photo`` and ``hash`` (``photo`` is ``"[]"`` for a file that is no JPG, PNG or
  GIF); ``photos.saveWallPhoto`` checks the hash (error 121) and the photo list (error 100) and
  answers the saved photo, owned by ``-group_id``.
- ``wall.post`` (https://dev.vk.com/ru/method/wall.post): ``owner_id`` of the key's community
  (else error 214), ``message`` or ``attachments`` (error 100), the text at most 16,384
  characters, attachments only photos this server saved and at most one link; ``guid``: a repeated
  post with the same guid within ``guid_window`` seconds (an hour, as the page says) answers the
  first post, deleted or not (VK does not say; this is the cautious reading); more than
  ``posts_per_period`` new posts in ``period`` seconds give error 9.
- ``wall.edit`` (same checks, the post must be there), ``wall.delete`` (VK's pages do not say what
  a post already deleted answers; this server answers error 15, which the client must not rely
  on), ``wall.getById`` and ``wall.get`` (newest first, deleted posts left out).

Every post is kept (id sequence, message, attachments, guid, deleted flag): ``FakeVk.posts`` in
process, ``GET /_fake/posts`` as JSON for tests in another process. Faults, for the next calls
of one method (``"upload"`` for the upload server) or of any: ``fail_next`` (a VK error code),
``fail_next_http`` (an HTTP status), ``drop_next`` (the call is carried out, then the connection
closes with no answer: the lost outcome), ``hang_next`` (no answer until the fake stops: the
client's timeout), ``hold_next`` (the call is carried out, then its answer waits until the test
releases it: a ``Hold``, as the fake Telegram's); ``require_captcha``, ``revoke``; or over HTTP,
``POST /_fake/faults`` with a ``Fault`` as JSON (``"hold": true`` for a held answer) and
``POST /_fake/release`` to send every held answer.

Run by hand for the demo: ``python -m tests.fakes.vk --port 8082`` prints each call it receives
(``--token``, ``--group``, ``--community-key``).
"""

import argparse
import functools
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.fakes.holds import Hold, Holds

__all__ = ["Fault", "FakeVk", "SavedPhoto", "WallPost", "running_fake_vk"]

logger = logging.getLogger("tests.fakes.vk")

MESSAGE_LIMIT = 16384
ATTACHMENTS_LIMIT = 10
# Methods VK answers with error 27 when called with a community key (observed, and stated on
# each method's page as "user key only"): https://github.com/VKCOM/vk-api-schema/issues/242
USER_KEY_METHODS = frozenset(
    {"photos.getWallUploadServer", "photos.saveWallPhoto", "wall.get", "wall.getById"}
)
# Seconds a hung call waits at most for the fake to stop.
HANG_LIMIT = 30.0
WALL_ALBUM_ID = -14  # VK's album id for photos on a wall
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


@dataclass
class WallPost:
    id: int
    owner_id: int
    from_group: bool
    message: str
    attachments: list[str]
    guid: str
    date: float
    deleted: bool = False
    edits: int = 0

    def as_vk(self) -> dict[str, Any]:
        """The post as wall.get and wall.getById describe one (the fields this fake knows)."""
        attachments: list[dict[str, Any]] = []
        for attachment in self.attachments:
            if attachment.startswith("photo"):
                owner, _, photo_id = attachment.removeprefix("photo").partition("_")
                photo = {"id": int(photo_id), "owner_id": int(owner), "album_id": WALL_ALBUM_ID}
                attachments.append({"type": "photo", "photo": photo})
            else:
                attachments.append({"type": "link", "link": {"url": attachment, "title": ""}})
        return {
            "id": self.id,
            "owner_id": self.owner_id,
            "from_id": self.owner_id if self.from_group else 0,
            "date": int(self.date),
            "text": self.message,
            "attachments": attachments,
            "post_type": "post",
        }


@dataclass
class SavedPhoto:
    id: int
    owner_id: int
    name: str
    size: int


@dataclass
class Fault:
    """What the next ``times`` calls (of ``method``, or of any method) get instead of an answer:
    a VK error code, an HTTP status, an answer that never comes or one that comes late."""

    times: int = 1
    method: str | None = None
    error_code: int | None = None
    status: int | None = None
    drop: bool = False
    hang: bool = False  # no answer until the fake stops: the client's timeout
    hold: Hold | None = None  # carried out, answered once released (one hold for all ``times``)


class VkError(Exception):
    def __init__(self, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra


ERROR_MESSAGES = {
    5: "User authorization failed: invalid access_token (4).",
    6: "Too many requests per second",
    9: "Flood control: too much posts per day",
    10: "Internal server error: could not save the post",
    14: "Captcha needed",
    15: "Access denied",
    27: "Group authorization failed: method is unavailable with group auth.",
    214: "Access to adding post denied",
}


@dataclass
class FakeVk:
    """The fake's state and its server. ``tokens`` maps each key to the group id it posts to:
    an administrator's user key, or a community key if it is in ``community_keys``."""

    # Out of the repr, as every list below: a failing test's report stays short and keyless.
    tokens: dict[str, int] = field(default_factory=lambda: {"vk-test-token": 1}, repr=False)
    community_keys: set[str] = field(default_factory=set, repr=False)
    port: int = 0
    requests_per_second: int = 20
    posts_per_period: int = 50
    period: float = 86400.0
    guid_window: float = 3600.0
    # Time for the guid window, flood control and the per-second limit: a test that moves its own
    # clock gets error 6 after requests_per_second calls without moving it.
    clock: Callable[[], float] = time.time
    echo: bool = False
    posts: list[WallPost] = field(default_factory=list, repr=False)
    photos: list[SavedPhoto] = field(default_factory=list, repr=False)
    # Each method call without its token; each request line's target as received.
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list, repr=False)
    paths: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._faults: list[Fault] = []
        self._revoked: set[str] = set()
        self._recent: dict[str, deque[float]] = {}
        self._upload_keys: dict[str, int] = {}  # upload key → group id
        self._secret = secrets.token_bytes(16)
        self._server: ThreadingHTTPServer | None = None
        self._stopping = threading.Event()
        self._holds = Holds()

    # Running

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """What ``VK_API_URL`` is set to for this fake."""
        return f"{self.url}/method"

    def start(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        # A short poll interval: stopping waits for the next poll, once per test.
        serve = functools.partial(self._server.serve_forever, poll_interval=0.02)
        threading.Thread(target=serve, daemon=True).start()

    def stop(self) -> None:
        self._stopping.set()
        self._holds.release_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # Looking and injecting

    def live_posts(self) -> list[WallPost]:
        with self._lock:
            return [post for post in self.posts if not post.deleted]

    def fail_next(self, error_code: int, times: int = 1, method: str | None = None) -> None:
        self.inject(Fault(times=times, method=method, error_code=error_code))

    def fail_next_http(self, status: int, times: int = 1, method: str | None = None) -> None:
        self.inject(Fault(times=times, method=method, status=status))

    def drop_next(self, times: int = 1, method: str | None = None) -> None:
        self.inject(Fault(times=times, method=method, drop=True))

    def hang_next(self, times: int = 1, method: str | None = None) -> None:
        self.inject(Fault(times=times, method=method, hang=True))

    def hold_next(self, times: int = 1, method: str | None = "wall.post") -> Hold:
        """The next call (a wall.post, by default) is carried out, its post stored; its answer
        waits until ``release()`` on the returned hold (or the fake stops)."""
        hold = self._holds.new()
        self.inject(Fault(times=times, method=method, hold=hold))
        return hold

    def release_all(self) -> None:
        """Send every held answer, and those of holds still queued as soon as they are reached."""
        self._holds.release_all()

    def require_captcha(self, times: int = 1) -> None:
        self.fail_next(14, times, method="wall.post")

    def revoke(self, token: str) -> None:
        with self._lock:
            self._revoked.add(token)

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, method: str, transport: bool) -> Fault | None:
        """The next fault for ``method`` of one kind: a VK error code (``transport`` false, for
        ``call``) or an HTTP status, a drop, a hang or a hold (``transport`` true, for the HTTP
        side)."""
        with self._lock:
            for fault in self._faults:
                if fault.method in (None, method) and (fault.error_code is None) == transport:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    # The API

    def call(self, method: str, params: dict[str, str]) -> dict[str, Any]:
        """VK's JSON answer to one method call (``response`` or ``error``)."""
        shown = {key: value for key, value in params.items() if key != "access_token"}
        with self._lock:
            self.calls.append((method, shown))
        if self.echo:
            logger.info("%s %s", method, json.dumps(shown, ensure_ascii=False))
        try:
            return {"response": self._respond(method, params)}
        except VkError as error:
            request_params = [{"key": "method", "value": method}] + [
                {"key": key, "value": value} for key, value in shown.items()
            ]
            body = {
                "error_code": error.code,
                "error_msg": error.message,
                "request_params": request_params,
                **error.extra,
            }
            if self.echo:
                logger.info("  → error %s %s", error.code, error.message)
            return {"error": body}

    def _respond(self, method: str, params: dict[str, str]) -> Any:
        if not params.get("v"):
            raise VkError(8, "Invalid request: v is required")
        token = params.get("access_token", "")
        group_id = self._authorise(token)
        if token in self.community_keys and method in USER_KEY_METHODS:
            raise _error(27)
        fault = self._take_fault(method, transport=False)
        if fault and fault.error_code is not None:
            raise _error(fault.error_code, self._captcha())
        handler = {
            "photos.getWallUploadServer": self._photos_getWallUploadServer,
            "photos.saveWallPhoto": self._photos_saveWallPhoto,
            "wall.post": self._wall_post,
            "wall.edit": self._wall_edit,
            "wall.delete": self._wall_delete,
            "wall.getById": self._wall_getById,
            "wall.get": self._wall_get,
        }.get(method)
        if handler is None:
            raise VkError(3, "Unknown method passed")
        with self._lock:
            try:
                return handler(group_id, params)
            except (ValueError, LookupError, TypeError) as error:
                # A number that is none, a photo string that is no JSON: VK's answer to both.
                raise _invalid(f"{type(error).__name__}") from None

    def _captcha(self) -> dict[str, str]:
        sid = secrets.token_hex(6)
        return {"captcha_sid": sid, "captcha_img": f"{self.url}/captcha.php?sid={sid}"}

    def _authorise(self, token: str) -> int:
        if not token:
            raise VkError(5, "User authorization failed: no access_token passed.")
        if token not in self.tokens or token in self._revoked:
            raise _error(5)
        now = self.clock()
        with self._lock:
            recent = self._recent.setdefault(token, deque())
            while recent and recent[0] <= now - 1.0:
                recent.popleft()
            if len(recent) >= self.requests_per_second:
                raise _error(6)
            recent.append(now)
        return self.tokens[token]

    def _photos_getWallUploadServer(self, group_id: int, params: dict[str, str]) -> Any:
        if _required(params, "group_id") != str(group_id):
            raise _error(15)
        key = secrets.token_hex(8)
        self._upload_keys[key] = group_id
        query = urlencode({"act": "do_add", "gid": group_id, "key": key})
        return {
            "album_id": WALL_ALBUM_ID,
            "upload_url": f"{self.url}/upload.php?{query}",
            "user_id": 0,
        }

    def upload(self, key: str, files: dict[str, tuple[str, bytes]]) -> dict[str, Any]:
        """The upload server's answer to a multipart POST (not a method: no ``response``)."""
        with self._lock:
            if key not in self._upload_keys:
                return {"error": "ERR_UPLOAD_BAD_KEY: upload url is invalid or expired"}
            group_id = self._upload_keys[key]
        if "photo" not in files:
            return {"error": "ERR_UPLOAD_FILE_NOT_UPLOADED: file not uploaded"}
        name, data = files["photo"]
        server = 846420
        if data.startswith(IMAGE_SIGNATURES):
            photo = json.dumps([{"group": group_id, "name": name, "size": len(data)}])
        else:
            photo = "[]"
        if self.echo:
            logger.info(
                "upload %s, %d bytes → %s", name, len(data), "ok" if photo != "[]" else "[]"
            )
        return {"server": server, "photo": photo, "hash": self._hash(photo, server)}

    def _hash(self, photo: str, server: int) -> str:
        return hmac.new(self._secret, f"{server}:{photo}".encode(), hashlib.sha256).hexdigest()[:32]

    def _photos_saveWallPhoto(self, group_id: int, params: dict[str, str]) -> Any:
        if _required(params, "group_id") != str(group_id):
            raise _error(15)
        photo, server = _required(params, "photo"), _required(params, "server")
        expected = self._hash(photo, int(server)) if server.isdigit() else ""
        if not hmac.compare_digest(_required(params, "hash"), expected):
            raise VkError(121, "Invalid hash")
        uploaded = json.loads(photo)
        if not uploaded:
            raise VkError(
                100,
                "One of the parameters specified was missing or invalid: photos_list is invalid",
            )
        saved = SavedPhoto(
            id=457239000 + len(self.photos) + 1,
            owner_id=-group_id,
            name=uploaded[0]["name"],
            size=uploaded[0]["size"],
        )
        self.photos.append(saved)
        return [
            {
                "album_id": WALL_ALBUM_ID,
                "date": int(self.clock()),
                "id": saved.id,
                "owner_id": saved.owner_id,
                "access_key": secrets.token_hex(9),
                "sizes": [],
                "text": "",
            }
        ]

    def _wall_post(self, group_id: int, params: dict[str, str]) -> Any:
        owner_id = self._own_wall(group_id, params, refusal=214)
        message, attachments = self._content(params)
        guid, now = params.get("guid", ""), self.clock()
        if guid:
            for post in self.posts:
                if (
                    post.owner_id == owner_id
                    and post.guid == guid
                    and now - post.date < self.guid_window
                ):
                    return {"post_id": post.id}
        recent = [
            post
            for post in self.posts
            if post.owner_id == owner_id and now - post.date < self.period
        ]
        if len(recent) >= self.posts_per_period:
            raise _error(9)
        post = WallPost(
            id=len(self.posts) + 1,
            owner_id=owner_id,
            from_group=params.get("from_group") == "1",
            message=message,
            attachments=attachments,
            guid=guid,
            date=now,
        )
        self.posts.append(post)
        return {"post_id": post.id}

    def _wall_edit(self, group_id: int, params: dict[str, str]) -> Any:
        post = self._post(self._own_wall(group_id, params, refusal=15), params)
        post.message, post.attachments = self._content(params)
        post.edits += 1
        return {"post_id": post.id}

    def _wall_delete(self, group_id: int, params: dict[str, str]) -> Any:
        post = self._post(self._own_wall(group_id, params, refusal=15), params)
        post.deleted = True
        return 1

    def _wall_getById(self, group_id: int, params: dict[str, str]) -> Any:
        wanted = {tuple(pair.split("_", 1)) for pair in _required(params, "posts").split(",")}
        items = [
            post.as_vk()
            for post in self.posts
            if (str(post.owner_id), str(post.id)) in wanted and not post.deleted
        ]
        return {"items": items}

    def _wall_get(self, group_id: int, params: dict[str, str]) -> Any:
        owner_id = int(params.get("owner_id", -group_id))
        count = min(int(params.get("count", 20)), 100)
        offset = int(params.get("offset", 0))
        wall = [
            post for post in reversed(self.posts) if post.owner_id == owner_id and not post.deleted
        ]
        return {
            "count": len(wall),
            "items": [post.as_vk() for post in wall[offset : offset + count]],
        }

    def _own_wall(self, group_id: int, params: dict[str, str], refusal: int) -> int:
        owner_id = _required(params, "owner_id")
        if owner_id != str(-group_id):
            raise _error(refusal)
        return -group_id

    def _post(self, owner_id: int, params: dict[str, str]) -> WallPost:
        post_id = _required(params, "post_id")
        for post in self.posts:
            if str(post.id) == post_id and post.owner_id == owner_id and not post.deleted:
                return post
        raise _error(15)

    def _content(self, params: dict[str, str]) -> tuple[str, list[str]]:
        message = params.get("message", "")
        attachments = [item for item in params.get("attachments", "").split(",") if item]
        if not message and not attachments:
            raise _invalid("message is empty or invalid")
        if len(message) > MESSAGE_LIMIT:
            raise _invalid(f"message is longer than {MESSAGE_LIMIT} characters")
        if len(attachments) > ATTACHMENTS_LIMIT:
            raise _invalid("attachments: too many")
        links = [item for item in attachments if item.startswith(("http://", "https://"))]
        if len(links) > 1:
            raise _invalid("attachments: only one link can be attached")
        saved = {f"photo{photo.owner_id}_{photo.id}" for photo in self.photos}
        for item in attachments:
            if item not in links and item not in saved:
                raise _invalid(f"attachments: {item} is not found")
        return message, attachments

    # The HTTP side: what the fake's own routes answer

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(post) for post in self.posts]


def _required(params: dict[str, str], name: str) -> str:
    value = params.get(name, "")
    if not value:
        raise _invalid(f"{name} is undefined")
    return value


def _invalid(what: str) -> VkError:
    return VkError(100, f"One of the parameters specified was missing or invalid: {what}")


def _error(code: int, captcha: dict[str, str] | None = None) -> VkError:
    extra = captcha if code == 14 and captcha else {}
    return VkError(code, ERROR_MESSAGES.get(code, "Unknown error occurred"), **extra)


def _form(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """Fields and files of a request body: a urlencoded form or multipart/form-data."""
    if content_type.startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        fields: dict[str, str] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for part in message.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            filename = part.get_filename()
            if filename is not None:
                files[name] = (filename, data)
            else:
                fields[name] = data.decode()
        return fields, files
    return dict(parse_qsl(body.decode(), keep_blank_values=True)), {}


def _handler(fake: FakeVk) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes; with Nagle's algorithm the second waits for the
        # client's delayed ACK, 40 ms a call.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            if self.path == "/_fake/posts":
                self._json(fake.snapshot())
            else:
                self._serve(b"")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path == "/_fake/faults":
                order = json.loads(body)
                hold = fake._holds.new() if order.pop("hold", False) else None
                fake.inject(Fault(**order, hold=hold))
                self._json({"ok": True})
            elif self.path == "/_fake/release":
                fake.release_all()
                self._json({"ok": True})
            else:
                self._serve(body)

        def _serve(self, body: bytes) -> None:
            fake.paths.append(self.path)
            target = urlsplit(self.path)
            fields, files = _form(self.headers.get("Content-Type", ""), body)
            params = {**dict(parse_qsl(target.query)), **fields}
            if target.path == "/upload.php":
                name = "upload"
            elif target.path.startswith("/method/"):
                name = target.path.removeprefix("/method/")
            else:
                self.send_error(404)
                return
            fault = fake._take_fault(name, transport=True)
            if fault and fault.status:
                self._json({"error": "fake HTTP failure"}, status=fault.status)
                return
            if fault and fault.hang:
                fake._stopping.wait(HANG_LIMIT)
                self.close_connection = True
                return
            if name == "upload":
                answer = fake.upload(params.get("key", ""), files)
            else:
                answer = fake.call(name, params)
            if fault and fault.drop:
                # Carried out, never answered: the client cannot know whether it happened.
                self.close_connection = True
                return
            if fault and fault.hold:
                fault.hold.keep_answer()  # the post is stored: /_fake/posts shows it meanwhile
            self._json(answer)

        def _json(self, answer: Any, status: int = 200) -> None:
            data = json.dumps(answer, ensure_ascii=False).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client went away while its answer was held

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running_fake_vk(**options: Any) -> Iterator[FakeVk]:
    fake = FakeVk(**options)
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake VK API on loopback, for the demo.")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--token", default="vk-demo-token", help="the community token it accepts")
    parser.add_argument("--group", type=int, default=1, help="the community's group id")
    parser.add_argument(
        "--community-key", action="store_true", help="the token is a community key, not a user's"
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    fake = FakeVk(
        tokens={arguments.token: arguments.group},
        community_keys={arguments.token} if arguments.community_key else set(),
        port=arguments.port,
        echo=True,
    )
    fake.start()
    logger.info("Fake VK at VK_API_URL=%s (group %s)", fake.api_url, arguments.group)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
