"""A reader's search query, turned into the analysed terms the index stores.

The search box is a plain text field, not a query language. A reader types words,
«quoted phrases» and ``-exclusions``; everything else (FTS operators, SQL, pasted
junk) comes out as plain words or as nothing, because every part goes through the
same analysis as the articles (:func:`vestnik.language.analysis.analyze_terms`) and
the backend quotes every term it is given. So the parser never raises, never returns
an empty term, and a query in any grammatical form meets the article in any other:

>>> parse_query('«новые производства» Собянину -Бирюлёво')
... # doctest: +NORMALIZE_WHITESPACE
SearchQuery(terms=('собянин',), phrases=(('новый', 'производство'),),
            excluded=(('бирюлево',),), truncated=False)

Syntax:

* words are required terms; stop words vanish (``analyze_terms`` drops them);
* a phrase is quoted with "…", «…», „…“ or “…”; an unclosed quote runs to the end of
  the input; a quoted single word is just a term;
* a minus that starts a token excludes the word or phrase after it: ``-Бирюлёво``,
  ``-"мэр Москвы"``. «северо-восточный» is one word, and «-» alone or «--» is nothing;
* a word that analyses to several terms («mos.ru» → mos, ru) is a phrase, and a phrase
  whose terms shrink to one (stop words) is a term.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from vestnik.language.analysis import analyze_terms

__all__ = ["MAX_QUERY_CHARS", "MAX_QUERY_PARTS", "SearchQuery", "parse_query"]

# Longer input is cut, never refused: a pasted paragraph still searches for its start.
# The cap keeps analysis and the backend's query small whatever is posted to the box.
MAX_QUERY_CHARS: Final = 500
# Terms, phrases and exclusions together. Every part is one more condition for the
# backend; past a dozen or so a query matches nothing anyway.
MAX_QUERY_PARTS: Final = 16

# Opening quote → the characters that close it. Russian «ёлочки» and „лапки“, the
# English “…”, and the ASCII quote that phone and desktop keyboards type. A closer is
# looked for only inside a phrase, so „лапки“ and an English “ do not clash.
_QUOTES: Final[dict[str, str]] = {
    '"': '"”',
    "«": "»",
    "„": "“”",
    "“": "”“",
}
# The ASCII hyphen-minus and the mathematical minus (typed by some phone keyboards).
_MINUS: Final = "-−"
# Characters that end a token like a space does. They are query-language syntax
# (FTS, boolean, regex) or list punctuation typed without a space («Москва,Бибирево»):
# inside a token they would glue two words into a phrase that demands adjacency.
# «.», «/», «'», «_» and «-» stay inside a token: «mos.ru», «д'Артаньян», «северо-восточный».
_BREAKS: Final = frozenset(",;:!?()[]{}<>*^|\\~=")
# Control characters and NUL: separators, as in the analysis.
_CONTROLS: Final[dict[int, str]] = {
    **dict.fromkeys(range(0x20), " "),
    **dict.fromkeys(range(0x7F, 0xA0), " "),
}


@dataclass(frozen=True)
class SearchQuery:
    """What a reader asked for, as analysed terms.

    ``terms`` are required single terms, de-duplicated, in the reader's order;
    ``phrases`` are runs of two or more terms that must stand in this order;
    ``excluded`` are words or phrases (one or more terms each) a result must not have.
    ``truncated`` says the input was cut, by length or by the number of parts, so the
    page can say that not all of it was searched.

    >>> query = parse_query('"Южное Медведково" парки')
    >>> query.terms, query.phrases
    (('парк',), (('южный', 'медведково'),))
    """

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    excluded: tuple[tuple[str, ...], ...]
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        """Tell whether there is nothing positive to search for.

        Exclusions alone select nothing (a search for «-Бирюлёво» is not «every
        article but those»), and a query of stop words or junk has no terms at all.

        >>> parse_query("-Бирюлёво").is_empty, parse_query("и в на").is_empty
        (True, True)
        """
        return not self.terms and not self.phrases

    def highlight_terms(self) -> frozenset[str]:
        """Return the terms to highlight in results: terms and phrase terms, not exclusions.

        >>> sorted(parse_query('Собянин «новые производства» -Бирюлёво').highlight_terms())
        ['новый', 'производство', 'собянин']
        """
        found = set(self.terms)
        for phrase in self.phrases:
            found.update(phrase)
        return frozenset(found)


def _cut_query(text: str) -> tuple[str, bool]:
    """Return ``text`` cut to at most MAX_QUERY_CHARS at a word boundary, and whether it was.

    A word cut in half would analyse to a different term and search for something the
    reader never typed, so the cut goes back to the last space; only a single word
    longer than the limit is cut inside.

    >>> _cut_query("Собянин " * 100)[0].count("Собянин"), _cut_query("Собянин")
    (62, ('Собянин', False))
    """
    if len(text) <= MAX_QUERY_CHARS:
        return text, False
    head = text[:MAX_QUERY_CHARS]
    if not text[MAX_QUERY_CHARS].isspace():
        space = len(head) - 1
        while space >= 0 and not head[space].isspace():
            space -= 1
        if space > 0:
            head = head[:space]
    return head, True


def _split_parts(text: str) -> Iterator[tuple[bool, str]]:
    """Yield ``(excluded, source)`` for every word and quoted phrase of ``text``.

    The sources are raw text; the caller analyses them. A token is a run of characters
    up to a space, a quote or a break character (see _BREAKS).

    >>> list(_split_parts('мэр -«Южное Медведково» -- -парк'))
    [(False, 'мэр'), (True, 'Южное Медведково'), (False, '--'), (True, 'парк')]
    """
    length = len(text)
    index = 0
    while index < length:
        char = text[index]
        if char.isspace() or char in _BREAKS:
            index += 1
            continue
        excluded = False
        following = text[index + 1] if index + 1 < length else " "
        # A single minus glued to what follows; «- слово» and «--» are punctuation.
        if (
            char in _MINUS
            and not following.isspace()
            and following not in _MINUS
            and following not in _BREAKS
        ):
            excluded = True
            index += 1
            char = following
        if char in _QUOTES:
            closers = _QUOTES[char]
            end = index + 1
            while end < length and text[end] not in closers:
                end += 1
            yield excluded, text[index + 1 : end]
            index = end + 1
            continue
        end = index
        while end < length and not (
            text[end].isspace() or text[end] in _QUOTES or text[end] in _BREAKS
        ):
            end += 1
        yield excluded, text[index:end]
        index = end


def _analyze_part(source: str) -> tuple[str, ...]:
    # analyze_terms never returns an empty term today; the filter keeps that promise
    # for the backend even if the analysis changes.
    return tuple(term for term in analyze_terms(source) if term and not term.isspace())


def parse_query(text: str) -> SearchQuery:
    """Turn what a reader typed into a :class:`SearchQuery`; never raises.

    >>> parse_query("производствах Собянина").terms
    ('производство', 'собянин')
    >>> parse_query("'; DROP TABLE news; --").terms
    ('drop', 'table', 'news')
    """
    text, truncated = _cut_query(text.translate(_CONTROLS))
    # Single terms are kept as 1-tuples until the end, so one list type serves all three.
    chosen: dict[str, list[tuple[str, ...]]] = {"terms": [], "phrases": [], "excluded": []}
    for is_excluded, source in _split_parts(text):
        analysed = _analyze_part(source)
        if not analysed:
            continue
        kind = "excluded" if is_excluded else "terms" if len(analysed) == 1 else "phrases"
        if analysed in chosen[kind]:
            continue
        if sum(len(found) for found in chosen.values()) == MAX_QUERY_PARTS:
            truncated = True
            break
        chosen[kind].append(analysed)
    return SearchQuery(
        terms=tuple(term for (term,) in chosen["terms"]),
        phrases=tuple(chosen["phrases"]),
        excluded=tuple(chosen["excluded"]),
        truncated=truncated,
    )
