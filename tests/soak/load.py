"""What the soak's readers, editor and subscribers do, each in a thread of its own, and what they
saw: every request with its start time, status and how it ended."""

import re
import threading
import time
from dataclasses import dataclass, field
from html import unescape

import httpx

from tests.articles.admin_forms import article_form_data

TIMEOUT = httpx.Timeout(30.0, connect=5.0)
LINK = re.compile(r'href="(/[^"#?]*)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Request:
    who: str  # reader, editor, subscriber, freshness
    what: str  # the path, or what the request was for
    started: float  # time.monotonic()
    ended: float
    status: int  # 0: no answer (refused, reset, timed out)
    error: str = ""
    cache: str = ""  # X-Vestnik-Cache


@dataclass
class Journal:
    requests: list[Request] = field(default_factory=list)
    published: list[tuple[str, str]] = field(default_factory=list)  # (title, slug) saved
    subscribed: list[str] = field(default_factory=list)  # addresses answered «Проверьте почту»
    # (when the editor's save began, when the home was read, the app server's port, the title)
    stale: list[tuple[float, float, int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)


def send(
    client: httpx.Client, journal: Journal, who: str, method: str, path: str, **kwargs: object
) -> httpx.Response | None:
    """One request, written in the journal whatever happens; None when nothing came back."""
    started = time.monotonic()
    try:
        response = client.request(method, path, **kwargs)  # type: ignore[arg-type]
    except httpx.HTTPError as error:
        journal.add(Request(who, path, started, time.monotonic(), 0, type(error).__name__))
        return None
    failed = response.status_code >= 500 or response.status_code in (400, 403, 404)
    error = response.text[:300] if failed else ""
    cache = response.headers.get("X-Vestnik-Cache", "")
    journal.add(Request(who, path, started, time.monotonic(), response.status_code, error, cache))
    return response


def client_for(base: str, host: str) -> httpx.Client:
    return httpx.Client(base_url=base, headers={"Host": host}, timeout=TIMEOUT)


def site_links(base: str, host: str) -> list[str]:
    """The pages a reader can reach from the outlet's home: sections, articles, regions."""
    with client_for(base, host) as client:
        home = client.get("/")
        home.raise_for_status()
    paths = {
        p for p in LINK.findall(home.text) if not p.startswith(("/static/", "/media/", "/admin"))
    }
    return sorted(paths)


def read_pages(
    base: str, hosts: list[str], paths: list[str], journal: Journal, stop: threading.Event
) -> None:
    """A reader going round the pages, without cookies, as a new visitor each time."""
    extra = ["/", "/search/?q=каток", "/rss/", "/sitemap.xml", "/api/v1/articles/?limit=5"]
    rounds = 0
    while not stop.is_set():
        for host in hosts:
            with client_for(base, host) as client:
                for path in [*extra, *paths[rounds % 3 :: 3]]:
                    if stop.is_set():
                        return
                    send(client, journal, "reader", "GET", path)
                    client.cookies.clear()
        rounds += 1


def csrf_token(page: httpx.Response) -> str:
    found = CSRF_FIELD.search(page.text)
    if found is None:
        raise LookupError("no CSRF token in the form")
    return unescape(found.group(1))


def log_in(client: httpx.Client, username: str, password: str) -> None:
    form = client.get("/admin/login/")
    form.raise_for_status()
    answer = client.post(
        "/admin/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(form)},
    )
    if answer.status_code != 302:
        raise RuntimeError(f"the editor could not log in: {answer.status_code}")


def publish_articles(
    base: str,
    host: str,
    add_path: str,
    apps: list[str],
    credentials: tuple[str, str],
    journal: Journal,
    stop: threading.Event,
    every: float,
) -> None:
    """The outlet's editor publishes a new article every ``every`` seconds through the admin's
    form; after each one saved, the outlet's home is read from each app server directly, as a
    reader would see it, and must carry the new headline (the purge reached both)."""
    with client_for(base, host) as client:
        log_in(client, *credentials)
        number = 0
        while not stop.wait(every):
            number += 1
            title = f"Каток у пруда открылся в {number}-й раз"
            slug = f"каток-{number}"
            form = send(client, journal, "editor", "GET", add_path)
            if form is None or form.status_code != 200:
                continue
            data = {**article_form_data(title, slug, lead="Лёд залили ночью."),
                    "csrfmiddlewaretoken": csrf_token(form)}  # fmt: skip
            saving = time.monotonic()
            saved = send(client, journal, "editor", "POST", add_path, data=data)
            if saved is None or saved.status_code != 302:
                continue
            with journal.lock:
                journal.published.append((title, slug))
            for app in apps:
                check_fresh(app, host, title, saving, journal)


def check_fresh(app: str, host: str, title: str, saving: float, journal: Journal) -> None:
    with client_for(app, host) as client:
        home = send(client, journal, "freshness", "GET", "/")
    if home is not None and home.status_code == 200 and title not in home.text:
        port = int(app.rsplit(":", 1)[1])
        with journal.lock:
            journal.stale.append((saving, time.monotonic(), port, title))


def subscribe_readers(
    base: str, host: str, journal: Journal, stop: threading.Event, every: float
) -> None:
    """Readers subscribing to the outlet's digest, one new address every ``every`` seconds."""
    number = 0
    while not stop.wait(every):
        number += 1
        address = f"chitatel-{number}@example.org"
        with client_for(base, host) as client:
            form = send(client, journal, "subscriber", "GET", "/podpiska/")
            if form is None or form.status_code != 200:
                continue
            data = {"email": address, "csrfmiddlewaretoken": csrf_token(form)}
            answer = send(client, journal, "subscriber", "POST", "/podpiska/", data=data)
        if answer is not None and answer.status_code == 200 and "Проверьте почту" in answer.text:
            with journal.lock:
                journal.subscribed.append(address)
