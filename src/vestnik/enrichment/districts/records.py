"""The tagger's records: regions and matches it returns, gazetteer entries it builds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vestnik.enrichment.districts.declension import _fold
from vestnik.language.analysis import Token

__all__ = ["DistrictMatch", "Region", "RegionKind", "RegionSuggestion"]

RegionKind = Literal["okrug", "district", "settlement", "city_district"]


@dataclass(frozen=True, slots=True)
class Region:
    """A region an article can be about: an okrug, a district, a settlement.

    ``name`` is the gazetteer's name: the district or settlement as in ``districts.csv``,
    the okrug by its abbreviation. ``okrug`` is the okrug's abbreviation (an okrug's is
    its own).

    >>> from vestnik.enrichment.districts import load_gazetteer
    >>> load_gazetteer().regions["Марфино"]
    Region(name='Марфино', kind='district', okrug='СВАО')
    """

    name: str
    kind: RegionKind
    okrug: str


@dataclass(frozen=True, slots=True)
class DistrictMatch:
    """One mention of a region in a text: where it is, what it is, and how sure.

    ``text`` is ``source[start:stop]``: the name as written («Бибирева»), without the
    words that decided it. ``via`` says how it was found: «name» (the gazetteer name of a
    district or settlement), «okrug» (an okrug's name, abbreviation or side of the city),
    «metro» (a station: one match for its district, one for its okrug), «alias» or «place»
    (from ``aliases.csv``).

    >>> from vestnik.enrichment.districts import tag_districts
    >>> tag_districts("в Марфине")[0]
    ... # doctest: +NORMALIZE_WHITESPACE
    DistrictMatch(region='Марфино', kind='district', okrug='СВАО', start=2, stop=9,
                  text='Марфине', via='name', confidence=0.85)
    """

    region: str
    kind: RegionKind
    okrug: str
    start: int
    stop: int
    text: str
    via: str
    confidence: float


@dataclass(frozen=True, slots=True)
class RegionSuggestion:
    """A region suggested for an article, with every match that speaks for it.

    >>> from vestnik.enrichment.districts import suggest_regions
    >>> [(s.region, s.confidence) for s in suggest_regions("Жители Бибирева, а не Марфина")]
    [('Бибирево', 0.94), ('Марфино', 0.8)]
    """

    region: str
    kind: RegionKind
    okrug: str
    confidence: float
    evidence: tuple[DistrictMatch, ...]


_Shape = Literal[
    "plain",  # «Марфино», «Южное Медведково», «Косино-Ухтомский»: counts in any form
    "adjective",  # «Бабушкинский», «Тверской»: needs «район» or the like next to it
    "neuter",  # «Отрадное», «Сосенское»: counts alone in a neuter form
    "common",  # «Сокол», «Проспект Вернадского»: needs a capital mid-sentence or a cue
    "abbreviation",  # «СВАО», «ВДНХ»: needs capitals
    "okrug",  # «Восточный административный округ», «Восточный АО»
    "okrug_adjective",  # «Троицкий» in «Троицкий и Новомосковский округа»
    "direction",  # «северо-восток Москвы»
    "station",  # counts only after «метро»
]


@dataclass(frozen=True, slots=True)
class _Word:
    """One word of a name: its analysed term and the case forms of a noun.

    ``forms`` (folded, empty for adjectives and hyphenated words) is the fallback where
    the analyser gives a case form another term, and for a one-word name the check
    that the text has a form of the name at all, not a surname («Митин») or a plural
    («Аэропорты») the analyser sends to the same term.
    """

    term: str
    forms: frozenset[str]

    def matches(self, token: Token) -> bool:
        return token.term == self.term or _fold(token.text) in self.forms


@dataclass(frozen=True, slots=True)
class _Entry:
    """A name in the gazetteer and the regions it stands for.

    A station lying in two districts («Каширская») stands for both; every other name
    for one region.
    """

    name: str
    words: tuple[_Word, ...]
    regions: tuple[Region, ...]
    via: str
    shape: _Shape
    confidence: float


@dataclass(frozen=True, slots=True)
class _Cues:
    """Context words by role, as analysed terms (see ``data/context_words.csv``)."""

    unit: frozenset[tuple[str, ...]]
    unit_after: frozenset[str]
    district: frozenset[tuple[str, ...]]
    metro: frozenset[str]
    okrug: frozenset[str]
    okrug_admin: frozenset[str]
    okrug_short: frozenset[str]
    city: frozenset[str]
    block_before: frozenset[tuple[str, ...]]
    block_after: frozenset[str]
    landmark_before: frozenset[str]
    common: frozenset[str]
    elsewhere: frozenset[str]
    # Folded words, not terms: «м», «ул», «г» written with a dot that ends no sentence.
    abbreviations: frozenset[str]
