"""Highlighted result snippets: the words a reader searched for, as the author wrote them.

The query and the article meet on analysed terms (:mod:`vestnik.language.analysis`),
so a search for «Собянину» must highlight «Собянина» and «Собянин» in the text. The
functions here return fragments of the original text rather than HTML: the template
escapes each fragment and wraps the highlighted ones in ``<mark>``, so nothing from an
article is ever marked safe.

>>> [(f.text, f.highlighted) for f in highlight_text("Мэр Собянина поздравил", {"собянин"})]
[('Мэр ', False), ('Собянина', True), (' поздравил', False)]

Joining the texts of the fragments gives back a slice of the original exactly, plus
the «…» fragments that mark where the text was cut.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Final

from vestnik.language.analysis import Token, analyze_text

__all__ = ["ELLIPSIS", "Fragment", "highlight_text", "make_snippet"]

# Marks a cut. One character, not «...», so the window's width is what the reader sees.
ELLIPSIS: Final = "…"


@dataclass(frozen=True)
class Fragment:
    """A piece of text to show, highlighted when it is a word the reader searched for.

    >>> Fragment("Собянина", highlighted=True).text
    'Собянина'
    """

    text: str
    highlighted: bool


def highlight_text(text: str, terms: Collection[str]) -> tuple[Fragment, ...]:
    """Split the whole ``text`` into fragments, highlighting words whose term is in ``terms``.

    ``terms`` are analysed terms, such as ``SearchQuery.highlight_terms()``; the words
    keep their original form, case and punctuation.

    >>> [f.text for f in highlight_text("Собянин открыл «Технополис»", {"технополис"})
    ...  if f.highlighted]
    ['Технополис']
    """
    if not text:
        return ()
    return _cut_fragments(text, analyze_text(text), frozenset(terms), 0, len(text))


def make_snippet(text: str, terms: Collection[str], width: int = 240) -> tuple[Fragment, ...]:
    """Return about ``width`` characters of ``text`` around its densest cluster of matches.

    The best window holds the most distinct terms, then the most hits, then comes first.
    It is cut at spaces, so no word is split, and a «…» fragment (not highlighted) marks
    each side where text was left out. With no match, the snippet is the start of the
    text; a text shorter than ``width`` is returned whole.

    >>> body = "Вступление. " * 30 + "Сергей Собянин открыл производство. " + "Итог. " * 30
    >>> snippet = make_snippet(body, {"собянин", "производство"}, width=60)
    >>> "".join(f.text for f in snippet)
    '…Сергей Собянин открыл производство. Итог. Итог.…'
    >>> [f.text for f in snippet if f.highlighted]
    ['Собянин', 'производство']
    """
    if not text:
        return ()
    width = max(width, 1)
    wanted = frozenset(terms)
    tokens = analyze_text(text)
    matches = [token for token in tokens if token.term in wanted]
    if matches:
        start, stop = _frame_cluster(text, _find_cluster(matches, width), width)
    else:
        start, stop = _frame_start(text, width)
    start, stop = _strip_window(text, start, stop)
    if start == stop:
        return ()
    fragments = _cut_fragments(text, tokens, wanted, start, stop)
    # A cut leaves text out only when the part beyond it is more than spaces.
    if _has_text(text, 0, start):
        fragments = (Fragment(ELLIPSIS, highlighted=False), *fragments)
    if _has_text(text, stop, len(text)):
        fragments = (*fragments, Fragment(ELLIPSIS, highlighted=False))
    return fragments


# --- choosing the window --------------------------------------------------------------


def _find_cluster(matches: Sequence[Token], width: int) -> tuple[int, int]:
    """Return (start, stop) offsets of the best run of matches that fits in ``width``.

    Two pointers over the matches, so a long article costs one pass. A run always holds
    at least one match, even one longer than ``width`` (a very long word).
    """
    counts: Counter[str] = Counter()
    best_score = (-1, -1)
    best = (matches[0].start, matches[0].stop)
    last = 0  # matches[first:last] is the current run
    for first, head in enumerate(matches):
        if last == first:
            counts[head.term] += 1
            last += 1
        while last < len(matches) and matches[last].stop - head.start <= width:
            counts[matches[last].term] += 1
            last += 1
        score = (len(counts), last - first)
        # Strictly better only: on a tie the earlier run wins, nearer the lead.
        if score > best_score:
            best_score = score
            best = (head.start, matches[last - 1].stop)
        counts[head.term] -= 1
        if not counts[head.term]:
            del counts[head.term]
    return best


def _frame_cluster(text: str, cluster: tuple[int, int], width: int) -> tuple[int, int]:
    """Widen the cluster to about ``width`` characters, centred, then snap to spaces."""
    first, last = cluster
    spare = max(width - (last - first), 0)
    start = first - spare // 2
    stop = last + (spare - spare // 2)
    # Room unused at one end of the text goes to the other side.
    if start < 0:
        stop, start = stop - start, 0
    if stop > len(text):
        start, stop = max(start - (stop - len(text)), 0), len(text)
    # The snap may only shrink the window towards the cluster, or take in the rest of a
    # word the cluster is part of («Собянина»), up to a quarter of the width.
    reach = width // 4
    if not _is_word_start(text, start):
        space = _next_space(text, start, first)
        start = space + 1 if space is not None else _word_start(text, first, reach)
    if not _is_word_end(text, stop):
        space = _previous_space(text, stop, last)
        stop = space if space is not None else _word_end(text, last, reach)
    return start, stop


def _frame_start(text: str, width: int) -> tuple[int, int]:
    """Return the beginning of ``text`` up to ``width``, cut at the last space."""
    # Counted from the first visible character: blank lines at the top are not content.
    visible = _VISIBLE.search(text)
    start = visible.start() if visible else len(text)
    stop = min(start + width, len(text))
    if not _is_word_end(text, stop):
        space = _previous_space(text, stop, start + 1)
        # One word longer than the width is cut inside: better than showing nothing.
        if space is not None:
            stop = space
    return start, stop


def _strip_window(text: str, start: int, stop: int) -> tuple[int, int]:
    while start < stop and _is_space(text[start]):
        start += 1
    while stop > start and _is_space(text[stop - 1]):
        stop -= 1
    return start, stop


# --- spaces as word boundaries ----------------------------------------------------------
#
# The window is cut at spaces, not at token edges: punctuation stays with its word
# («Собянина», «Технополис»), and a cut never lands between a word and its comma.
# Control characters and zero-width spaces count as spaces, as they do in the analysis:
# «Собянин\x00открыл» is two words there, so it is two words here.

_SPACES: Final = r"\s\x00-\x1f\x7f-\x9f\u200b\u2060\ufeff"
_SPACE: Final = re.compile(f"[{_SPACES}]")
_VISIBLE: Final = re.compile(f"[^{_SPACES}]")


def _is_space(char: str) -> bool:
    return _SPACE.match(char) is not None


def _has_text(text: str, start: int, stop: int) -> bool:
    """Tell whether text[start:stop] has anything but spaces."""
    return _VISIBLE.search(text, start, stop) is not None


def _is_word_start(text: str, index: int) -> bool:
    return index == 0 or _is_space(text[index - 1]) or _is_space(text[index])


def _is_word_end(text: str, index: int) -> bool:
    return index == len(text) or _is_space(text[index]) or _is_space(text[index - 1])


def _next_space(text: str, index: int, limit: int) -> int | None:
    """Return the first space in text[index:limit], or None."""
    for position in range(index, limit):
        if _is_space(text[position]):
            return position
    return None


def _previous_space(text: str, index: int, limit: int) -> int | None:
    """Return the last space in text[limit:index], or None."""
    for position in range(index - 1, limit - 1, -1):
        if _is_space(text[position]):
            return position
    return None


def _word_start(text: str, index: int, reach: int) -> int:
    """Return where the word holding ``index`` starts, if within ``reach``; else ``index``."""
    space = _previous_space(text, index, max(index - reach, 0))
    if space is not None:
        return space + 1
    return 0 if index <= reach else index


def _word_end(text: str, index: int, reach: int) -> int:
    """Return where the word holding ``index`` ends, if within ``reach``; else ``index``."""
    space = _next_space(text, index, min(index + reach, len(text)))
    if space is not None:
        return space
    return len(text) if len(text) - index <= reach else index


# --- fragments ------------------------------------------------------------------------


def _cut_fragments(
    text: str, tokens: Sequence[Token], terms: frozenset[str], start: int, stop: int
) -> tuple[Fragment, ...]:
    """Return text[start:stop] as fragments, highlighting the tokens whose term is wanted."""
    fragments: list[Fragment] = []
    position = start
    for token in tokens:
        if token.start < start or token.stop > stop or token.term not in terms:
            continue
        if token.start > position:
            fragments.append(Fragment(text[position : token.start], highlighted=False))
        fragments.append(Fragment(token.text, highlighted=True))
        position = token.stop
    if position < stop:
        fragments.append(Fragment(text[position:stop], highlighted=False))
    return tuple(fragments)
