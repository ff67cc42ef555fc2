"""Merging organisations and places by name, and bare abbreviations into them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from vestnik.enrichment.districts import nominative_name
from vestnik.enrichment.entities.kinds import prevailing_kind
from vestnik.enrichment.entities.names import name_organisation, name_place
from vestnik.enrichment.entities.people import _nearest, _order
from vestnik.enrichment.entities.quotes import _ABBREVIATION
from vestnik.enrichment.entities.records import Entity, EntityKind, Found, Mention
from vestnik.enrichment.entities.text import _fold

__all__ = ["merge_abbreviations", "merge_named"]


def merge_named(found: Sequence[Found]) -> list[Entity]:
    """Group organisation and place mentions by name.

    natasha may call the same name an organisation once and a place once («в
    Технополисе Москва»); the name is one entity, of the kind most of its mentions
    have, an organisation on a tie. An organisation is called by its fullest name.
    """
    groups: dict[str, list[tuple[EntityKind, str, Mention]]] = {}
    for item in sorted(found, key=lambda item: _order(item.mention)):
        if item.kind == "organisation":
            name, key = name_organisation(item.words)
        else:
            # A Moscow name is put in the nominative as the geo-tagger reads it.
            name = nominative_name(item.mention.text) or name_place(item.words)
            key = _fold(name)
        if key:
            groups.setdefault(key, []).append((item.kind, name, item.mention))
    entities: list[Entity] = []
    for members in groups.values():
        kind = prevailing_kind([kind for kind, _, _ in members])
        names = [name for member_kind, name, _ in members if member_kind == kind]
        # max() keeps the first of equal keys: the earliest of the longest names.
        name = max(names, key=len) if kind == "organisation" else names[0]
        entities.append(Entity(kind, name, tuple(mention for _, _, mention in members)))
    return entities


# Abbreviations alone («в ОЭЗ», «ГБУ провело») are a short mention of the organisation
# the article names in full with that abbreviation («ОЭЗ «Технополис Москва»»); with no
# such organisation in the article, an abbreviation that says only what kind of
# organisation it is, or that has two letters, is no tag an editor could use.
_GENERIC_ABBREVIATIONS: Final = frozenset(
    {
        "АНО",
        "АО",
        "ГАУ",
        "ГБОУ",
        "ГБУ",
        "ГБУЗ",
        "ГБУК",
        "ГКБ",
        "ГКУ",
        "ГУП",
        "ДК",
        "ЖК",
        "ЖСК",
        "ЗАО",
        "ИП",
        "КБ",
        "МУП",
        "НАО",
        "НИИ",
        "НКО",
        "НПО",
        "НПП",
        "ОАО",
        "ОЭЗ",
        "ООО",
        "ПАО",
        "СНТ",
        "СОШ",
        "ТРЦ",
        "ТСЖ",
        "ТЦ",
        "ФГБУ",
        "ФГУП",
        "ФКУ",
    }
)
_TYPED_NAME: Final[re.Pattern[str]] = re.compile(r"([А-ЯЁA-Z]{2,6})[ \u00a0]+[«„“\"]")


def merge_abbreviations(entities: Sequence[Entity]) -> list[Entity]:
    """Join bare abbreviations to the organisation they abbreviate, or drop vague ones.

    >>> full = Entity("organisation", "ОЭЗ «Технополис»", (Mention("body", 0, 16, "x"),))
    >>> bare = Entity("organisation", "ОЭЗ", (Mention("body", 30, 33, "ОЭЗ"),))
    >>> [(e.name, len(e.mentions)) for e in merge_abbreviations([full, bare])]
    [('ОЭЗ «Технополис»', 2)]
    >>> [e.name for e in merge_abbreviations([bare, Entity("organisation", "МЧС", ())])]
    ['МЧС']
    """
    owners: dict[str, list[int]] = {}
    for index, entity in enumerate(entities):
        typed = _TYPED_NAME.match(entity.name) if entity.kind == "organisation" else None
        if typed is not None:
            owners.setdefault(typed.group(1), []).append(index)
    joined: dict[int, list[Mention]] = {}
    dropped: set[int] = set()
    for index, entity in enumerate(entities):
        if entity.kind != "organisation" or not _ABBREVIATION.fullmatch(entity.name):
            continue
        pool = owners.get(entity.name)
        if pool:
            dropped.add(index)
            for mention in entity.mentions:
                owner = pool[_nearest([entities[i].mentions for i in pool], mention)]
                joined.setdefault(owner, []).append(mention)
        elif len(entity.name) < 3 or entity.name in _GENERIC_ABBREVIATIONS:
            dropped.add(index)
    return [
        Entity(
            entity.kind,
            entity.name,
            tuple(sorted([*entity.mentions, *joined.get(index, ())], key=_order)),
        )
        for index, entity in enumerate(entities)
        if index not in dropped
    ]
