"""Building the gazetteer's entries: a name's words, its shape, and the context cues."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Final

from vestnik.enrichment.districts.declension import _ADJECTIVE_ENDINGS, _declension_of, _fold
from vestnik.enrichment.districts.records import Region, _Cues, _Entry, _Shape, _Word
from vestnik.language.analysis import analyze_text

_ALIAS_BASE: Final[dict[str, float]] = {"alias": 0.75, "place": 0.7}
_NEUTER_ENDINGS: Final = ("ое", "ее")


def _words_of(name: str, *, fallback: bool = True) -> tuple[_Word, ...]:
    tokens = analyze_text(name)
    if not tokens:
        raise ValueError(f"gazetteer: {name!r} has no words")
    return tuple(
        _Word(token.term, _declension_of(token.text) if fallback else frozenset())
        for token in tokens
    )


def _make_entry(
    name: str, regions: tuple[Region, ...], via: str, shape: _Shape, base: float
) -> _Entry:
    fallback = shape not in ("abbreviation", "okrug", "okrug_adjective", "direction")
    return _Entry(name, _words_of(name, fallback=fallback), regions, via, shape, base)


def _shape_of(name: str, cues: _Cues) -> _Shape:
    """Classify a district, alias or place name by the rule that decides it."""
    if " " not in name and sum(char.isupper() for char in name) >= 2:
        return "abbreviation"
    if " " not in name and "-" not in name and _fold(name).endswith(_ADJECTIVE_ENDINGS):
        return "neuter" if _fold(name).endswith(_NEUTER_ENDINGS) else "adjective"
    if _words_of(name, fallback=False)[0].term in cues.common:
        return "common"
    return "plain"


def _okrug_entries(region: Region, name: str, direction: str) -> list[_Entry]:
    entries = [
        _make_entry(f"{name} административный округ", (region,), "okrug", "okrug", 0.95),
        _make_entry(f"{name} округ", (region,), "okrug", "okrug", 0.9),
        _make_entry(f"{name} АО", (region,), "okrug", "okrug", 0.9),
        _make_entry(region.name, (region,), "okrug", "abbreviation", 0.9),
        _make_entry(name, (region,), "okrug", "okrug_adjective", 0.85),
    ]
    if direction:
        for city in ("Москвы", "столицы"):
            phrase = f"{direction} {city}"
            entries.append(_make_entry(phrase, (region,), "okrug", "direction", 0.6))
    return entries


def _stations_by_name(
    rows: Iterable[Mapping[str, str]], regions: Mapping[str, Region]
) -> dict[str, tuple[Region, ...]]:
    """Group station rows by name: a name on two lines may lie in two districts."""
    places: dict[str, list[Region]] = defaultdict(list)
    for row in rows:
        if row["district"].strip() not in regions:
            raise ValueError(f"stations: unknown district {row['district']!r}")
        region = regions[row["district"].strip()]
        name = row["station"].strip()
        if region not in places[name]:
            places[name].append(region)
    return {name: tuple(found) for name, found in places.items()}


def _build_cues(rows: Iterable[Mapping[str, str]]) -> _Cues:
    by_role: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    abbreviations: set[str] = set()
    for row in rows:
        if row["role"] == "abbreviation":
            abbreviations.add(_fold(row["word"]))
            continue
        terms = tuple(token.term for token in analyze_text(row["word"]))
        if terms:
            by_role[row["role"]].add(terms)

    def singles(role: str) -> frozenset[str]:
        return frozenset(terms[0] for terms in by_role[role] if len(terms) == 1)

    return _Cues(
        unit=frozenset(by_role["unit"]),
        unit_after=singles("unit_after"),
        district=frozenset(by_role["district"] | by_role["unit"]),
        metro=singles("metro"),
        okrug=singles("okrug"),
        okrug_admin=singles("okrug_admin"),
        okrug_short=singles("okrug_short"),
        city=singles("city"),
        block_before=frozenset(by_role["block_before"]),
        block_after=singles("block_after"),
        landmark_before=singles("landmark_before"),
        common=singles("common"),
        elsewhere=singles("elsewhere"),
        abbreviations=frozenset(abbreviations),
    )
