"""Finding organisations natasha missed, and settling the spans it found."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from vestnik.enrichment.entities.quotes import (
    _NAME_GAP,
    _OPENING,
    _PLACE_ABBREVIATIONS,
    _close_quotes,
    extend_organisation,
)
from vestnik.enrichment.entities.records import EntityKind

__all__ = ["abbreviated_organisations", "settle_spans"]

_ABBREVIATED: Final[re.Pattern[str]] = re.compile(
    r'(?<![А-ЯЁ][ \u00a0])(?<![\w-])([А-ЯЁ]{2,5})[ \u00a0]{1,2}(?=[«„“"])'
)


def abbreviated_organisations(text: str) -> list[tuple[int, int]]:
    """Return the spans of all-caps abbreviations followed by a quoted name.

    An abbreviation inside a run of capitals (a headline or a shout) does not count.

    >>> text = "ГБУ «Жилищник района Марфино» и в ЦАО «Мосгаз», ОЭЗ «Технополис «Москва»»"
    >>> [text[start:stop] for start, stop in abbreviated_organisations(text)]
    ['ГБУ «Жилищник района Марфино»', 'ОЭЗ «Технополис «Москва»»']
    """
    spans: list[tuple[int, int]] = []
    for match in _ABBREVIATED.finditer(text):
        if match.group(1) in _PLACE_ABBREVIATIONS:
            continue
        quote = match.end()
        inner = quote
        while inner < len(text) and text[inner] in _OPENING:
            inner += 1
        if inner == len(text) or not (text[inner].isupper() or text[inner].isdigit()):
            continue
        closed = _close_quotes(text, quote, inner)
        if closed is not None:
            spans.append((match.start(), closed))
    return spans


def _widen(text: str, kind: EntityKind, start: int, stop: int) -> tuple[EntityKind, int, int]:
    if kind == "organisation":
        return (kind, *extend_organisation(text, start, stop))
    if kind == "place" and start > 0 and text[start - 1] in _OPENING:
        wide_start, wide_stop = extend_organisation(text, start, stop)
        # A type word was taken: «технопарк «Строгино»» is an organisation.
        if wide_start < start and text[wide_start] not in _OPENING:
            return ("organisation", wide_start, wide_stop)
    return (kind, start, stop)


def settle_spans(
    text: str,
    spans: Iterable[tuple[EntityKind, int, int]],
    organisations: Iterable[tuple[int, int]] = (),
) -> list[tuple[EntityKind, int, int]]:
    """Widen organisations (extend_organisation) and the places that name one, drop
    spans a widened one covers, and join a person's name natasha split in two.

    ``organisations`` are whole names found without natasha (abbreviated_organisations):
    they are added, and an organisation of natasha's that ends where one of them does
    is cut to it (natasha's «Отчёт ОЭЗ «Технополис»» is «ОЭЗ «Технополис»»).

    >>> settle_spans("ОЭЗ «Технополис»", [("organisation", 0, 3), ("organisation", 5, 15)])
    [('organisation', 0, 16)]
    >>> settle_spans("Отчёт ОЭЗ «Технополис»", [("organisation", 0, 21)], [(6, 22)])
    [('organisation', 6, 22)]
    """
    whole = {stop: start for start, stop in organisations}
    widened = [_widen(text, kind, start, stop) for kind, start, stop in spans]
    widened = [
        (kind, whole[stop], stop)
        if kind == "organisation" and whole.get(stop, start) > start
        else (kind, start, stop)
        for kind, start, stop in widened
    ]
    widened.extend(("organisation", start, stop) for stop, start in whole.items())
    # Sorted by start, longest first, a span is covered when one before it reaches as far.
    kept: list[tuple[EntityKind, int, int]] = []
    reach = -1
    for kind, start, stop in sorted(set(widened), key=lambda span: (span[1], -span[2])):
        if start >= stop or stop <= reach:
            continue
        reach = stop
        previous = kept[-1] if kept else None
        # natasha splits «Собянин Сергей Семёнович» into «Собянин» and «Сергей
        # Семёнович»: two people with nothing but a space between them are one name.
        if (
            previous is not None
            and previous[0] == kind == "person"
            and _NAME_GAP.fullmatch(text, previous[2], start)
        ):
            kept[-1] = (kind, previous[1], stop)
        else:
            kept.append((kind, start, stop))
    return kept
