"""Kinds: which mentions natasha gave the wrong kind, and one kind per name."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from vestnik.enrichment.entities.names import _ADJECTIVE_POS, _listed_places, _mended_place
from vestnik.enrichment.entities.people import _order, _surname_key
from vestnik.enrichment.entities.person_names import _has_role, name_person
from vestnik.enrichment.entities.quotes import _OPENING, _QUOTES
from vestnik.enrichment.entities.records import Entity, EntityKind, Found, Mention
from vestnik.enrichment.entities.text import _fold, _is_word
from vestnik.language.analysis import lemmatize_word

__all__ = ["correct_kinds", "correct_quoted_places", "merge_kinds", "prevailing_kind"]

_PLACE_ONLY_ENDING: Final[re.Pattern[str]] = re.compile("(?:е|ом)$")
_NEUTER_NOMINATIVE: Final[re.Pattern[str]] = re.compile("(?:ов|ев|ёв|ин|ын)о$")


def _is_misread_place(item: Found, surnames: set[str]) -> bool:
    words = [word for word in item.words if _is_word(word)]
    if not words or any(_has_role(w, "first") or _has_role(w, "middle") for w in words):
        return False
    *before, last = words
    nominative = _NEUTER_NOMINATIVE.search(last.text.lower()) is not None
    place = last.text if nominative else _mended_place(last)
    if place is None or _fold(place) not in _listed_places():
        return False
    # «Иван Руднев ... о Рудневе»: a surname the article gives a first name is a person.
    if _surname_key(last.text) in surnames or _surname_key(last.normal) in surnames:
        return False
    if before:
        return all(word.pos in _ADJECTIVE_POS for word in before)
    return nominative or _PLACE_ONLY_ENDING.search(last.text.lower()) is not None


def correct_kinds(found: Sequence[Found]) -> list[Found]:
    """Turn the Moscow districts natasha took for people into places."""
    surnames: set[str] = set()
    for item in found:
        # Only a real first name makes a surname: «Южного» is no first name.
        if item.kind == "person" and any(_has_role(word, "first") for word in item.words):
            last = name_person(item.words).last
            if last is not None:
                surnames.add(_surname_key(last))
    return [
        Found("place", item.mention, item.words)
        if item.kind == "person" and _is_misread_place(item, surnames)
        else item
        for item in found
    ]


def _quoted_place(item: Found) -> Found | None:
    words = item.words
    if item.kind != "organisation" or len(words) < 3 or words[0].text not in _OPENING:
        return None
    inner = words[1:-1]
    if words[-1].text != _OPENING[words[0].text] or any(w.text in _QUOTES for w in inner):
        return None
    names = [word for word in inner if _is_word(word)]
    listed = [word for word in names if lemmatize_word(word.text) in _listed_places()]
    if not listed or any(w not in listed and w.pos not in _ADJECTIVE_POS for w in names):
        return None
    start, stop = inner[0].start, inner[-1].stop
    offset = start - item.mention.start
    text = item.mention.text[offset : offset + stop - start]
    # «Руднево» as written is the nominative, whatever case the tagger read into it.
    words = tuple(
        replace(word, normal=word.text) if _NEUTER_NOMINATIVE.search(word.text.lower()) else word
        for word in inner
    )
    return Found("place", Mention(item.mention.field, start, stop, text), words)


def correct_quoted_places(found: Sequence[Found]) -> list[Found]:
    """Turn the quoted Moscow places natasha took for organisations into places.

    «в «Алабушеве»», «площадка «Руднево»»: a quoted name with nothing before it that
    says what kind of organisation it is (settle_spans has taken any type word or
    abbreviation into the span, and those stay organisations: «ОЭЗ «Алабушево»»,
    «технопарк «Строгино»») is the place it names when its words are a listed Moscow
    place and adjectives. The place's mention is the name inside the quotes.
    """
    return [_quoted_place(item) or item for item in found]


def prevailing_kind(kinds: Sequence[EntityKind]) -> EntityKind:
    """The kind of a name its mentions disagree on: the kind most of them have, an
    organisation on a tie, else the kind mentioned first.

    >>> prevailing_kind(["place", "person", "person"]), prevailing_kind(["person", "place"])
    ('person', 'person')
    """
    counts = Counter(kinds)
    return max(counts, key=lambda kind: (counts[kind], kind == "organisation", -kinds.index(kind)))


def merge_kinds(entities: Sequence[Entity]) -> list[Entity]:
    """One entity per name: natasha may read the same name as a person in one sentence
    and a place in another («Руднев»), and one name is one tag, so its mentions join under
    the prevailing kind (see ``prevailing_kind``); order is kept, by first mention.
    """
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        groups.setdefault(_fold(entity.name), []).append(entity)
    merged: list[Entity] = []
    for members in groups.values():
        if len(members) == 1:
            merged.append(members[0])
            continue
        pairs = sorted(
            ((m, e.kind) for e in members for m in e.mentions), key=lambda p: _order(p[0])
        )
        kinds = [kind for _, kind in pairs]
        kind = prevailing_kind(kinds)
        name = next(e.name for e in members if e.kind == kind)
        mentions = sorted({m for e in members for m in e.mentions}, key=_order)
        merged.append(Entity(kind, name, tuple(mentions)))
    return merged
