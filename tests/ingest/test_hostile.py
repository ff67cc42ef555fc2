"""A hostile input set (tests/ingest/data/hostile.txt) leaves no executable content.

Every case goes in twice, as an RSS item's full text and as an article page. The stored
bodies and the rendered article pages are checked element by element; the browser test
then opens every page in Chromium and watches for any sign that a script ran.
"""

from html import escape
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.test import Client

from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.conftest import chromium as chromium  # noqa: F401 (fixture)
from vestnik.articles.models import ArticlePage
from vestnik.ingest.models import IngestedItem
from vestnik.ingest.runs import ingest_url
from vestnik.ingest.store import Destination

from .conftest import LOOPBACK, LoopbackSite, hostile_cases

pytestmark = pytest.mark.django_db

HOST = "zvezdny.localhost"
SAFE_TEXT = "Безопасный текст"
# What the article body may contain once rendered: the body blocks' own markup.
BODY_TAGS = {
    "div", "p", "h2", "h3", "ul", "ol", "li", "b", "i", "a", "br", "blockquote", "footer",
    "figure", "figcaption", "img", "span",
}  # fmt: skip
BODY_ATTRIBUTES = {"href", "src", "alt", "class", "data-element", "width", "height", "rel"}
BAD_MARKERS = ('="javascript:', "<script", "<iframe", "<svg", "<object", "<style", "<embed")
PAGE_TEMPLATE = """<!doctype html><html><head><title>{title}</title>
<meta property="og:title" content="{title}"></head><body><article><h1>{title}</h1>
{body}
<p>Второй абзац, написанный для проверки: в нём нет ничего, кроме обычного текста о районе.</p>
</article></body></html>"""


def hostile_feed(base: str) -> str:
    items = "".join(
        f"""<item><title>Враждебный случай {n}: {escape(name)}</title>
        <link>{base}/hostile/{n}</link><guid>hostile-{n}</guid>
        <pubDate>Sat, 04 Jan 2025 10:00:00 +0300</pubDate>
        <content:encoded>{escape(body)}</content:encoded></item>"""
        for n, (name, body) in enumerate(hostile_cases(), start=1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Т</title>'
        f"{items}</channel></rss>"
    )


def ingest_hostile(site: LoopbackSite, outlet: object) -> list[ArticlePage]:
    site.serve("/hostile.rss", "application/rss+xml", hostile_feed(site.base))
    summary = ingest_url(site.base + "/hostile.rss", Destination(outlet, internal_hosts=LOOPBACK))  # type: ignore[arg-type]
    assert summary.failed == []
    for n, (name, body) in enumerate(hostile_cases(), start=1):
        title = escape(f"Враждебная страница {n}: {name}")
        url = site.serve(f"/page/{n}", "text/html", PAGE_TEMPLATE.format(title=title, body=body))
        ingest_url(url, Destination(outlet, internal_hosts=LOOPBACK))  # type: ignore[arg-type]
    ids = IngestedItem.objects.values_list("article_id", flat=True)
    return list(ArticlePage.objects.filter(pk__in=ids).order_by("pk"))


def render(client: Client, article: ArticlePage) -> str:
    response = client.get(article.url, HTTP_HOST=HOST)
    assert response.status_code == 200
    return response.content.decode()


def unsafe_parts(body: lxml.html.HtmlElement) -> list[str]:
    """Every tag, attribute or URL of a rendered body that is not plain article markup."""
    found = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in BODY_TAGS:
            found.append(f"<{element.tag}>")
        for attribute, value in element.attrib.items():
            if attribute not in BODY_ATTRIBUTES:
                found.append(f"{element.tag}[{attribute}]")
            if attribute in ("href", "src"):
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in ("", "http", "https", "mailto"):
                    found.append(f"{element.tag}[{attribute}={value[:40]}]")
    return found


def test_hostile_set_is_large_enough():
    assert len(hostile_cases()) >= 30


def test_hostile_inputs_leave_no_executable_content(site, network, client):
    articles = ingest_hostile(site, network["zvezdny"])
    cases = len(hostile_cases())
    assert len(articles) >= cases  # every feed item; pages with too little text may be refused
    for article in articles:
        stored = str(article.body.raw_data).lower()
        assert not [marker for marker in BAD_MARKERS if marker in stored], article.title
        for block in article.body:
            if block.block_type == "paragraph":
                fragment = lxml.html.fragment_fromstring(block.value.source, create_parent="div")
                assert unsafe_parts(fragment) == [], article.title
                assert not fragment.xpath("//@*[name() != 'href']"), article.title
        assert SAFE_TEXT in str(article.body.raw_data), article.title
        html = render(client, article)
        body = lxml.html.document_fromstring(html).xpath("//*[@data-element='body']")[0]
        assert unsafe_parts(body) == [], article.title
        assert SAFE_TEXT in body.text_content()


@pytest.mark.browser
def test_hostile_pages_run_no_script_in_chromium(site, network, client, chromium):
    from playwright.sync_api import sync_playwright

    articles = ingest_hostile(site, network["zvezdny"])
    # Everything is rendered before the browser starts: Django refuses database work
    # inside Playwright's event loop, and the browser must see exactly what readers get.
    resources = {}
    for article in articles:
        html = render(client, article)
        resources[urlsplit(article.full_url).path] = ("text/html; charset=utf-8", html.encode())
        tree = lxml.html.document_fromstring(html)
        for link in tree.xpath("//img/@src | //link[@rel='stylesheet']/@href | //script/@src"):
            path = urlsplit(link).path
            response = client.get(path, HTTP_HOST=HOST)
            if response.status_code == 200 and path not in resources:
                body = b"".join(response) if response.streaming else response.content
                resources[path] = (response["Content-Type"], body)
            response.close()
    pages = [path for path, (kind, _) in resources.items() if kind.startswith("text/html")]
    # A control: the raw, unsanitised input of one case must trip the same detectors.
    control = next(body for name, body in hostile_cases() if name == "img onerror")
    resources["/control/"] = ("text/html; charset=utf-8", control.encode())

    dialogs: list[str] = []
    page_errors: list[str] = []
    foreign: list[str] = []
    console: list[str] = []

    def answer(route) -> None:  # type: ignore[no-untyped-def]
        parts = urlsplit(route.request.url)
        if parts.hostname == HOST and parts.path in resources:
            kind, body = resources[parts.path]
            route.fulfill(status=200, content_type=kind, body=body)
        else:
            foreign.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context()
            context.route("**/*", answer)
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on("console", lambda message: console.append(message.text))
            page.goto(f"http://{HOST}/control/")
            assert page.evaluate("() => window.__pwned") == 1
            for path in pages:
                page.goto(f"http://{HOST}{path}")
                title = page.title()
                # Give every handler a reason to fire: hover, focus and click each element
                # of the body (links only by hover: their targets are checked above).
                for element in page.query_selector_all("[data-element='body'] *"):
                    for event in ("mouseover", "mouseenter", "focus", "toggle"):
                        element.dispatch_event(event)
                    if element.evaluate("node => node.tagName") != "A":
                        element.dispatch_event("click")
                assert page.evaluate("() => window.__pwned") is None, path
                assert page.title() == title and "pwned" not in title, path
        finally:
            browser.close()
    assert len(pages) == len(articles)
    assert dialogs == [] and page_errors == []
    assert [message for message in console if "pwned" in message] == []
    assert [url for url in foreign if "evil" in url or url.startswith("javascript")] == []
