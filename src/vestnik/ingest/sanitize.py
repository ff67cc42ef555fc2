"""Untrusted HTML from elsewhere into the blocks an article body allows.

An article body is a stream of paragraphs (rich text with bold, italic, links, lists and
h2/h3 headings), quotes and images (see ``vestnik.articles.blocks``). Whatever a feed or a
page sends, what comes out is only that: nh3 (ammonia) removes scripts, styles, event
handlers, frames, forms and every URL that is not http(s) or mailto; the blocks are then
cut from the cleaned tree and each paragraph is cleaned once more with the paragraph's own
tag set, so the splitting code can never reintroduce markup nh3 removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from typing import Final, Literal
from urllib.parse import urljoin, urlsplit

import lxml.html
import nh3

__all__ = [
    "DROPPED_WITH_CONTENT",
    "MAX_HTML_CHARS",
    "Block",
    "plain_text",
    "safe_url",
    "sanitize_body",
]

# Ten times a very long article; more is a dump, not a story.
MAX_HTML_CHARS: Final[int] = 2_000_000

_CONTAINERS: Final[frozenset[str]] = frozenset(
    {"div", "section", "article", "main", "header", "footer", "aside", "figure"}
)
_HEADINGS: Final[dict[str, str]] = {
    "h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3",
}  # fmt: skip
_INLINE: Final[frozenset[str]] = frozenset({"b", "strong", "i", "em", "a", "br"})
_LISTS: Final[frozenset[str]] = frozenset({"ul", "ol"})
_FIRST_PASS_TAGS: Final[set[str]] = {
    *_CONTAINERS, *_HEADINGS, *_INLINE, *_LISTS, "li", "p", "blockquote", "img", "figcaption",
}  # fmt: skip
# Removed together with everything inside them: their text is code or chrome, not prose.
DROPPED_WITH_CONTENT: Final[set[str]] = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "math", "title", "textarea", "select", "button", "head",
    "canvas", "audio", "video", "form",
}  # fmt: skip
_PARAGRAPH_TAGS: Final[set[str]] = {"p", "h2", "h3", "ul", "ol", "li", "b", "i", "a", "br"}
_URL_SCHEMES: Final[set[str]] = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Block:
    """One block of an article body. ``html`` of a paragraph is safe to store as rich text.

    Example: ``Block("paragraph", html="<p>Каток открыт до <b>22:00</b></p>")``,
    ``Block("image", src="https://okrug.ru/i/1.jpg", text="Каток в Строгине")``.
    """

    kind: Literal["paragraph", "quote", "image"]
    html: str = ""
    text: str = ""
    src: str = ""


def safe_url(value: str, base_url: str = "", *, schemes: frozenset[str] | None = None) -> str:
    """``value`` made absolute against ``base_url`` if its scheme is allowed, else ``""``.

    Example: ``safe_url("/news/1", "https://okrug.ru/rss")`` is
    ``"https://okrug.ru/news/1"``; ``safe_url("javascript:alert(1)")`` is ``""``.
    """
    # Browsers ignore whitespace and control characters inside a scheme («java\tscript:»).
    cleaned = "".join(ch for ch in value.strip() if ch >= " " and ch != "\x7f")
    absolute = urljoin(base_url, cleaned) if base_url else cleaned
    parts = urlsplit(absolute)
    allowed = schemes if schemes is not None else frozenset(_URL_SCHEMES)
    if parts.scheme.lower() not in allowed:
        return ""
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return ""
    return absolute


def plain_text(html: str) -> str:
    """Markup dropped, entities resolved, whitespace collapsed: for headlines and leads.

    Example: ``plain_text("Каток &laquo;Лёд&raquo; <b>открыт</b>")`` is «Каток «Лёд» открыт».
    """
    text = nh3.clean(html, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return " ".join(unescape(text).split())


def sanitize_body(html: str, base_url: str = "") -> tuple[Block, ...]:
    """Cut untrusted HTML into safe body blocks; text with no markup becomes paragraphs.

    Example: ``<p onclick="x()">Парк <script>steal()</script>открыт</p>`` gives one
    paragraph ``<p>Парк открыт</p>``.
    """
    if len(html) > MAX_HTML_CHARS:
        raise ValueError(f"текст больше {MAX_HTML_CHARS} символов")

    def keep_url(tag: str, attribute: str, value: str) -> str | None:
        # ammonia allows lang and title everywhere; a body needs neither.
        if attribute in ("href", "src"):
            return safe_url(value, base_url) or None
        return value if attribute == "alt" else None

    cleaned = nh3.clean(
        html,
        tags=_FIRST_PASS_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}, "img": {"src", "alt"}},
        attribute_filter=keep_url,
        url_schemes=_URL_SCHEMES,
        strip_comments=True,
    )
    if not cleaned.strip():
        return ()
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    return tuple(block for block in _blocks(root) if block.html or block.text or block.src)


def _blocks(container: lxml.html.HtmlElement) -> Iterator[Block]:
    """Walk a container: block children become blocks, loose inline runs become paragraphs."""
    loose: list[str] = [_escape(container.text or "")]
    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _INLINE:
            loose.append(_serialize(child))
            continue
        yield from _paragraph("".join(loose))
        loose = []
        if tag in _CONTAINERS:
            yield from _blocks(child)
        elif tag == "p":
            yield from _split_images(child, "p")
        elif tag in _HEADINGS:
            yield from _paragraph(_wrap(_HEADINGS[tag], _inner_inline(child)))
        elif tag in _LISTS:
            yield from _paragraph(_serialize(child, with_tail=False))
        elif tag == "blockquote":
            text = " ".join(child.text_content().split())
            yield Block("quote", text=text)
        elif tag == "img":
            yield from _image(child)
        elif tag in ("li", "figcaption"):
            yield from _split_images(child, "p")
        loose.append(_escape(child.tail or ""))
    yield from _paragraph("".join(loose))


def _split_images(element: lxml.html.HtmlElement, wrapper: str) -> Iterator[Block]:
    """A paragraph holding pictures: the pictures become image blocks after its text."""
    images = list(element.iter("img"))
    for image in images:
        image.drop_tree()
    yield from _paragraph(_wrap(wrapper, _inner_inline(element)))
    for image in images:
        yield from _image(image)


def _image(element: lxml.html.HtmlElement) -> Iterator[Block]:
    src = element.get("src", "")
    if src:
        yield Block("image", src=src, text=" ".join(element.get("alt", "").split()))


def _paragraph(html: str) -> Iterator[Block]:
    if not html.strip():
        return
    if not html.lstrip().startswith(("<p>", "<h2>", "<h3>", "<ul>", "<ol>")):
        html = _wrap("p", html)
    # The second pass: the paragraph's own tag set, whatever the walk above produced.
    safe = nh3.clean(
        html.replace("<strong", "<b")
        .replace("</strong>", "</b>")
        .replace("<em>", "<i>")
        .replace("</em>", "</i>"),
        tags=_PARAGRAPH_TAGS,
        attributes={"a": {"href"}},
        attribute_filter=_only_links,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
    )
    if lxml.html.fragment_fromstring(safe, create_parent="div").text_content().strip():
        yield Block("paragraph", html=safe)


def _only_links(tag: str, attribute: str, value: str) -> str | None:
    return value if attribute == "href" else None


def _inner_inline(element: lxml.html.HtmlElement) -> str:
    parts = [_escape(element.text or "")]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _INLINE | _LISTS | {"li"}:
            parts.append(_serialize(child))
        else:
            parts.append(_escape(child.text_content()) + _escape(child.tail or ""))
    return "".join(parts)


def _serialize(element: lxml.html.HtmlElement, *, with_tail: bool = True) -> str:
    return str(lxml.html.tostring(element, encoding="unicode", with_tail=with_tail))


def _wrap(tag: str, inner: str) -> str:
    return f"<{tag}>{inner}</{tag}>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
