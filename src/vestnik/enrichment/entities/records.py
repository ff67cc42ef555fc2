"""The records of the entity extractor: what it returns, and the words it reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "Entity",
    "EntityKind",
    "Field",
    "Found",
    "Mention",
    "NameRole",
    "NerModels",
    "Reading",
    "Word",
]

EntityKind = Literal["person", "organisation", "place"]
Field = Literal["title", "body"]


@dataclass(frozen=True)
class Mention:
    """One place in the article where an entity is named.

    ``start`` and ``stop`` are offsets into the text of ``field``, and ``text`` is exactly
    that slice, so the admin can show and highlight the evidence as the author wrote it.

    >>> Mention(field="body", start=4, stop=19, text="Сергея Собянина").stop
    19
    """

    field: Field
    start: int
    stop: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place, named in the nominative, with all its mentions.

    >>> Entity(kind="place", name="Руднево", mentions=()).name
    'Руднево'
    """

    kind: EntityKind
    name: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class NerModels:
    """natasha's segmenter, morphology dictionary and the NER and morphology taggers.

    ``make_doc`` is natasha's ``Doc`` class, kept here so that only load_ner_models()
    imports natasha. Build it with load_ner_models() and share it: the taggers are
    read-only, and one copy serves every thread of a worker.
    """

    segmenter: Any
    morph_vocab: Any
    ner_tagger: Any
    morph_tagger: Any
    make_doc: Callable[[str], Any]


NameRole = Literal["first", "middle", "last"]


@dataclass(frozen=True)
class Reading:
    """One dictionary reading of a word as part of a person's name.

    >>> Reading(role="last", gender="Fem", nominative="сергунина").role
    'last'
    """

    role: NameRole
    gender: str | None
    nominative: str


@dataclass(frozen=True)
class Word:
    """A token of a mention with what the morphology says about it.

    ``pos``, ``case`` and ``gender`` come from natasha's tagger, in context; ``normal`` is
    the word in the nominative as the dictionary declines it (the word itself when it is
    already nominative or unknown); ``readings`` are its readings as a first name,
    patronymic or surname, those agreeing with the tagger first (only for people).
    """

    text: str
    start: int
    stop: int
    pos: str
    case: str | None
    gender: str | None
    normal: str
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class Found:
    """A mention as the tagger found it (organisations widened to their quotes)."""

    kind: EntityKind
    mention: Mention
    words: tuple[Word, ...]
