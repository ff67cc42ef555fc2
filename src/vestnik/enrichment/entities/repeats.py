"""Finding the mentions natasha missed of a name the article has already named."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from typing import Final

from vestnik.enrichment.entities.people import _order, _surname_key
from vestnik.enrichment.entities.quotes import _OPENING, extend_organisation
from vestnik.enrichment.entities.records import Entity, Field, Mention

__all__ = ["add_repeats"]

# --- mentions natasha missed ----------------------------------------------------------
#
# natasha finds a name in one sentence and misses it in the next («Собянин:» in a title,
# «зоны «Технополис Москва»»). Once the article has named someone or something, the
# other places that name is written are its mentions too: a known person's surname in
# any case, a known organisation's quoted name as written.

_SURNAME_FORMS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile("(?<=ов|ев|ёв|ин|ын)$"), "(?:|а|у|ым|е)"),
    (re.compile("(?<=ов|ев|ёв|ин|ын)а$"), "(?:а|ой|ою|у)"),
    (re.compile("(?<=ск|цк)ий$"), "(?:ий|ого|ому|им|ом)"),
    (re.compile("(?<=ск|цк)ая$"), "(?:ая|ой|ую)"),
)


def _surname_pattern(surname: str) -> re.Pattern[str]:
    """Match a surname in any case, as a whole word: «Собянин» → «Собянину» too."""
    for ending, forms in _SURNAME_FORMS:
        if ending.search(surname):
            stem = ending.sub("", surname)
            return re.compile(rf"(?<![\w-]){re.escape(stem)}{forms}(?![\w-])")
    return re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")


def _quoted_name(name: str) -> str | None:
    """Return an organisation's name inside its outer quotes, if it has them."""
    quote = next((index for index, char in enumerate(name) if char in _OPENING), None)
    if quote is None or name[-1:] != _OPENING[name[quote]]:
        return None
    return name[quote + 1 : -1] or None


def _repeat_pattern(entity: Entity, people: Counter[str]) -> re.Pattern[str] | None:
    if entity.kind == "person":
        surname = entity.name.split()[-1]
        # Two people of one surname: a bare surname is left to natasha's reading.
        if surname.endswith(".") or people[_surname_key(surname)] > 1:
            return None
        return _surname_pattern(surname)
    if entity.kind == "organisation":
        inner = _quoted_name(entity.name)
        if inner is not None:
            return re.compile(rf"(?<![\w-]){re.escape(inner)}(?![\w-])")
    return None


def _overlaps(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Tell whether [start, stop) overlaps one of the sorted ``spans``.

    The mentions of a field barely overlap one another (settle_spans drops the covered
    ones), so only the last few spans starting before ``stop`` can reach ``start``.
    """
    before = bisect.bisect_left(spans, (stop, -1))
    return any(other_stop > start for _, other_stop in spans[max(0, before - 3) : before])


def add_repeats(entities: Sequence[Entity], fields: dict[Field, str]) -> list[Entity]:
    """Add the mentions of known people and quoted organisations natasha missed.

    >>> known = Entity("person", "Сергей Собянин", (Mention("body", 0, 14, "Сергей Собянин"),))
    >>> fields = {"title": "Собянину вручили", "body": "Сергей Собянин"}
    >>> [mention.text for mention in add_repeats([known], fields)[0].mentions]
    ['Собянину', 'Сергей Собянин']
    """
    taken: dict[Field, list[tuple[int, int]]] = {field: [] for field in fields}
    for entity in entities:
        for mention in entity.mentions:
            taken.setdefault(mention.field, []).append((mention.start, mention.stop))
    for spans in taken.values():
        spans.sort()
    people = Counter(
        _surname_key(entity.name.split()[-1]) for entity in entities if entity.kind == "person"
    )
    result: list[Entity] = []
    for entity in entities:
        pattern = _repeat_pattern(entity, people)
        if pattern is None:
            result.append(entity)
            continue
        found: list[Mention] = []
        for field, text in fields.items():
            for match in pattern.finditer(text):
                start, stop = match.span()
                if entity.kind == "organisation":
                    start, stop = extend_organisation(text, start, stop)
                if _overlaps(taken[field], start, stop):
                    continue
                bisect.insort(taken[field], (start, stop))
                found.append(Mention(field, start, stop, text[start:stop]))
        mentions = tuple(sorted([*entity.mentions, *found], key=_order))
        result.append(Entity(entity.kind, entity.name, mentions))
    return result
