"""An article's HTML made fit for a feed reader: absolute links, and a plain-text copy for
readers (Яндекс) that want the text without markup."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urljoin

import lxml.html

__all__ = ["absolute_urls", "plain_text"]

# Site-relative src/href values, as Wagtail writes links to pages and images («/media/…»).
_RELATIVE_ATTRIBUTE: Final = re.compile(r'(\s(?:src|href)=")(/(?!/)[^"]*)"')


def absolute_urls(html: str, base_url: str) -> str:
    """A feed item is read away from the site, where «/media/x.jpg» leads nowhere.

    >>> absolute_urls('<a href="/tags/ozelenenie/">озеленение</a>', "http://zvezdny.localhost/")
    '<a href="http://zvezdny.localhost/tags/ozelenenie/">озеленение</a>'
    """
    return _RELATIVE_ATTRIBUTE.sub(lambda m: f'{m[1]}{urljoin(base_url, m[2])}"', html)


def plain_text(html: str) -> str:
    """One paragraph a block, whitespace collapsed; images leave only their captions.

    >>> plain_text("<p>Первый  абзац.</p>\\n<blockquote><p>Цитата</p> <footer>— мэр</footer>")
    'Первый абзац.\\n\\nЦитата — мэр'
    """
    if not html.strip():
        return ""
    paragraphs = []
    for fragment in lxml.html.fragments_fromstring(html):
        if isinstance(fragment, str):  # text between blocks
            text = fragment
        else:
            text = fragment.text_content()
        if words := text.split():
            paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)
