"""Two real app servers (granian, one worker each) sharing one database and one bucket on the
moto server (see conftest), each with its own in-memory page cache: an outlet editor uploads a
photo and a document through server A's admin over HTTP, an article with the photo is published,
A's page makes the photo's renditions in the bucket, and B, rendering the same page afresh,
uses them (no new object, no new row) at the bucket's public address; the document uploaded on
A downloads through B; and Chromium shows B's page with every picture loaded from the bucket
and nothing refused by the page's Content-Security-Policy."""

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, chromium  # noqa: F401  (fixture)
from tests.browser.demo_server import demo_database, running_app_server
from tests.commands import environment, run, shell
from vestnik.articles.factories import draw_placeholder
from vestnik.media_storage.location import IMMUTABLE

from .conftest import ObjectStore, forget_closed_connections

HOST = "zvezdny.localhost"
EDITOR = "editor-zvezdny"
PHOTO_TITLE = "Фонтан на Звёздном бульваре"
SLUG = "fontan-zarabotal"
PLAN = b"%PDF-1.4 plan of the park"
PUBLISH_ARTICLE = f"""
from vestnik.articles.models import ArticlePage, VestnikImage
from vestnik.outlets.models import OutletHomePage
article = ArticlePage(
    title="Фонтан на Звёздном бульваре заработал",
    slug="{SLUG}",
    lead="Фонтан включили после ремонта.",
    photo=VestnikImage.objects.get(title="{PHOTO_TITLE}"),
)
OutletHomePage.objects.get(slug="zvezdny").add_child(instance=article)
article.save_revision().publish()
"""
# The photo's renditions as the database holds them, one JSON line: [[id, url], ...].
PHOTO_RENDITIONS = f"""
import json
from vestnik.articles.models import VestnikImage
image = VestnikImage.objects.get(title="{PHOTO_TITLE}")
print(json.dumps(sorted([r.pk, r.url] for r in image.renditions.all())))
"""


@dataclass(frozen=True)
class Servers:
    first: int  # A: the editor's uploads, the first render
    second: int  # B: renders afresh what A made
    var_dir: Path
    settings: dict[str, str]  # the database, the bucket and no shared page cache
    store: ObjectStore

    def shell(self, code: str) -> str:
        """The last line ``code`` prints, run by a third process on the same database and
        bucket."""
        return shell(self.var_dir, code, **self.settings)

    def photo_renditions(self) -> list[list[Any]]:
        return json.loads(self.shell(PHOTO_RENDITIONS))

    def password(self) -> str:
        return (self.var_dir / "demo-password.txt").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def servers(
    object_store: ObjectStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Servers]:
    var_dir = tmp_path_factory.mktemp("vestnik-media-two-servers")
    object_store.empty()
    with ExitStack() as stack:
        settings = {
            "DATABASE_URL": stack.enter_context(demo_database(var_dir)),
            "MEDIA_STORAGE_URL": object_store.url,
            # Each server's own memory: B's first render of a page is B's own, not A's.
            "VESTNIK_PAGE_CACHE_URL": "",
            "REDIS_URL": "",
        }
        run(var_dir, "demo", "--no-serve", **settings)
        env = environment(var_dir, **settings)
        first = stack.enter_context(running_app_server(var_dir, env))
        second = stack.enter_context(running_app_server(var_dir, env))
        yield Servers(first, second, var_dir, settings, object_store)


@pytest.fixture(autouse=True)
def connections_closed() -> Iterator[None]:
    """The moto server's side of this test's connections closed with it, not reported by
    whichever test next collects them."""
    yield
    forget_closed_connections()


@contextmanager
def logged_in_editor(servers: Servers) -> Iterator[httpx.Client]:
    """An HTTP client logged in to A's admin as the outlet's editor (not a superuser)."""
    with httpx.Client(base_url=f"http://127.0.0.1:{servers.first}", timeout=60) as client:
        client.get("/admin/login/")
        response = client.post(
            "/admin/login/",
            data={
                "username": EDITOR,
                "password": servers.password(),
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            },
        )
        assert response.status_code == 302 and response.headers["location"] == "/admin/"
        yield client


@pytest.fixture(scope="module")
def uploads(servers: Servers) -> Iterator[dict[str, str]]:
    """The editor's photo and document, uploaded through A's admin forms (which put them in
    the outlet's collection, the only one the editor may add to); the document's address on
    the site and its name in the bucket."""
    with logged_in_editor(servers) as client:
        token = client.cookies["csrftoken"]
        photo = draw_placeholder("#336699", (1600, 900)).getvalue()
        response = client.post(
            "/admin/images/add/",
            data={
                "csrfmiddlewaretoken": token,
                "title": PHOTO_TITLE,
                "caption": "Фонтан включили после ремонта",
                "credit_author": "Д. Гришкин",
                "credit_source": "mos.ru",
                "tags": "",
            },
            files={"file": ("fontan.png", photo, "image/png")},
        )
        assert response.status_code == 302, response.text[:3000]
        response = client.post(
            "/admin/documents/multiple/add/",
            data={"csrfmiddlewaretoken": token},
            files={"files[]": ("plan.pdf", PLAN, "application/pdf")},
        )
        assert response.status_code == 200 and response.json()["success"], response.text[:3000]
        document_id = response.json()["doc_id"]
    servers.shell(PUBLISH_ARTICLE)
    document = servers.shell(
        "import json\n"
        "from wagtail.documents import get_document_model\n"
        f"document = get_document_model().objects.get(pk={document_id})\n"
        "print(json.dumps({'document': document.url, 'stored_as': document.file.name}))"
    )
    yield json.loads(document)


def read_page(port: int, path: str) -> httpx.Response:
    response = httpx.get(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST}, timeout=60)
    assert response.status_code == 200, response.text[:3000]
    return response


def picture_urls(page: str) -> set[str]:
    """Every picture address the page gives a browser: <img src>, srcset candidates, og:image."""
    srcsets = re.findall(r'srcset="([^"]+)"', page)
    return (
        {unescape(candidate.split()[0]) for srcset in srcsets for candidate in srcset.split(",")}
        | {unescape(url) for url in re.findall(r'<img[^>]* src="([^"]+)"', page)}
        | {unescape(url) for url in re.findall(r'property="og:image" content="([^"]+)"', page)}
    )


def fetch(url: str) -> tuple[int, bytes, str]:
    """What a reader's browser gets from the bucket at ``url``."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read(), response.headers.get("Cache-Control", "")


def test_a_rendition_made_on_one_server_is_served_by_the_other(servers: Servers, uploads):
    public = servers.store.location.public_url
    on_first = read_page(servers.first, f"/{SLUG}/")
    made = servers.photo_renditions()
    assert made, "A's page made no rendition of the photo"
    keys = servers.store.keys()
    assert {url.removeprefix(public) for _, url in made} <= keys

    on_second = read_page(servers.second, f"/{SLUG}/")
    assert on_second.headers["X-Vestnik-Cache"] == "miss"
    assert servers.photo_renditions() == made
    assert servers.store.keys() == keys
    urls = picture_urls(on_second.text)
    assert urls == picture_urls(on_first.text)
    assert {url for _, url in made} <= urls
    for url in urls:
        assert url.startswith(public + "images/"), url
        status, body, cache_control = fetch(url)
        assert status == 200
        assert body == servers.store.read(url.removeprefix(public))
        assert cache_control == IMMUTABLE


def test_a_document_uploaded_on_one_server_downloads_through_the_other(servers: Servers, uploads):
    response = httpx.get(
        f"http://127.0.0.1:{servers.second}{uploads['document']}",
        headers={"Host": HOST},
        timeout=60,
    )
    assert response.status_code == 200
    assert response.content == PLAN
    assert servers.store.read(uploads["stored_as"]) == PLAN
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(servers.store.location.public_url + uploads["stored_as"])
    assert refused.value.code == 403
    refused.value.close()


# The page's own listener, added before any of its content loads: what the policy refused.
RECORD_VIOLATIONS = """
window.vestnikViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.vestnikViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.browser
def test_chromium_shows_the_pictures_from_the_bucket_on_the_other_servers_page(
    servers: Servers,
    uploads,
    chromium: str,  # noqa: F811
):
    public = servers.store.location.public_url
    console: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")
            page.on("console", lambda message: console.append(message_text(message)))
            page.add_init_script(RECORD_VIOLATIONS)
            response = page.goto(f"http://{HOST}:{servers.second}/{SLUG}/")
            assert response is not None and response.status == 200
            assert (
                servers.store.location.public_origin in response.headers["content-security-policy"]
            )
            images = page.locator("img")
            assert images.count() > 0
            shown = []
            for index in range(images.count()):
                image = images.nth(index)
                image.scroll_into_view_if_needed()
                page.wait_for_function("image => image.complete", arg=image.element_handle())
                shown.append(image.evaluate("image => [image.currentSrc, image.naturalWidth]"))
            violations = page.evaluate("window.vestnikViolations")
        finally:
            browser.close()
    assert violations == []
    assert all(source.startswith(public) and width > 0 for source, width in shown), shown
    assert not [line for line in console if "Content Security Policy" in line], console


def message_text(message: ConsoleMessage) -> str:
    return f"{message.type}: {message.text}"
