"""An article's HTML made fit for a feed reader: absolute links, a plain-text copy for
readers (Яндекс) that want the text without markup, and a copy cut down to the tags an
aggregator accepts (Дзен), with the addresses of its images."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final
from urllib.parse import urljoin

import lxml.html
import nh3

from vestnik.ingest.sanitize import DROPPED_WITH_CONTENT, safe_url

__all__ = ["absolute_urls", "image_sources", "only_allowed_tags", "plain_text"]

# Site-relative src/href values, as Wagtail writes links to pages and images («/media/…»).
_RELATIVE_ATTRIBUTE: Final = re.compile(r'(\s(?:src|href)=")(/(?!/)[^"]*)"')


def absolute_urls(html: str, base_url: str) -> str:
    """A feed item is read away from the site, where «/media/x.jpg» leads nowhere.

    >>> absolute_urls('<a href="/tags/ozelenenie/">озеленение</a>', "http://zvezdny.localhost/")
    '<a href="http://zvezdny.localhost/tags/ozelenenie/">озеленение</a>'
    """
    return _RELATIVE_ATTRIBUTE.sub(lambda m: f'{m[1]}{urljoin(base_url, m[2])}"', html)


def plain_text(html: str) -> str:
    """One paragraph a block, whitespace collapsed; images leave only their captions, and
    scripts, styles and frames nothing.

    >>> plain_text("<p>Первый  абзац.</p>\\n<blockquote><p>Цитата</p> <footer>— мэр</footer>")
    'Первый абзац.\\n\\nЦитата — мэр'
    """
    if not html.strip():
        return ""
    paragraphs = []
    for fragment in lxml.html.fragments_fromstring(html):
        if isinstance(fragment, str):  # text between blocks
            text = fragment
        elif fragment.tag in DROPPED_WITH_CONTENT:
            continue  # a script's or a frame's text is code or chrome, not the story's
        else:
            for hidden in list(fragment.iterdescendants(*DROPPED_WITH_CONTENT)):
                hidden.drop_tree()
            text = fragment.text_content()
        if words := text.split():
            paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)


def only_allowed_tags(html: str, allowed: Mapping[str, frozenset[str]], base_url: str) -> str:
    """``html`` with the tags of ``allowed`` (each with its own attributes) and nothing else:
    a tag not listed leaves its text behind, a script, style or frame goes with its content,
    and every ``href`` or ``src`` is an absolute http(s) address (or is dropped).

    >>> only_allowed_tags(
    ...     '<p class="x">Парк <script>x()</script><a href="/park/" onclick="y()">открыт</a></p>',
    ...     {"p": frozenset(), "a": frozenset({"href"})},
    ...     "http://zvezdny.localhost/",
    ... )
    '<p>Парк <a href="http://zvezdny.localhost/park/">открыт</a></p>'
    """

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in allowed.get(tag, ()):
            return None  # ammonia also allows lang and title on every tag
        if attribute in ("href", "src"):
            return safe_url(value, base_url, schemes=_WEB) or None
        return value

    return nh3.clean(
        html,
        tags=set(allowed),
        clean_content_tags=DROPPED_WITH_CONTENT - set(allowed),
        attributes={tag: set(names) for tag, names in allowed.items()},
        attribute_filter=keep,
        url_schemes=set(_WEB),
        link_rel=None,
        strip_comments=True,
    )


def image_sources(html: str) -> list[str]:
    """The ``src`` of every image, in order, each once.

    >>> image_sources('<figure><img src="http://a/1.jpg"></figure><img src="http://a/1.jpg">')
    ['http://a/1.jpg']
    """
    if not html.strip():
        return []
    sources = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//img/@src")
    return list(dict.fromkeys(str(source) for source in sources))


_WEB: Final = frozenset({"http", "https"})
