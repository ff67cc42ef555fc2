"""The gazetteer: regions and the names that point at them, read from ``data/``."""

from __future__ import annotations

import csv
import functools
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from typing import Final, cast

from vestnik.enrichment.districts.declension import _fold
from vestnik.enrichment.districts.entries import (
    _ALIAS_BASE,
    _build_cues,
    _make_entry,
    _okrug_entries,
    _shape_of,
    _stations_by_name,
)
from vestnik.enrichment.districts.records import Region, RegionKind, _Entry
from vestnik.language.analysis import Token

__all__ = ["Gazetteer", "load_gazetteer"]

_KINDS: Final[frozenset[str]] = frozenset({"okrug", "district", "settlement", "city_district"})


class Gazetteer:
    """Regions, the names that point at them, and the context words, ready to match.

    Built by ``load_gazetteer`` from ``data/``; the constructor takes the parsed rows,
    so a test can build a small one. Names are analysed on construction, which needs
    the morphology (some 0.3 s the first time in a process, most of it loading pymorphy).
    """

    def __init__(
        self,
        *,
        okrugs: Iterable[Mapping[str, str]],
        districts: Iterable[Mapping[str, str]],
        stations: Iterable[Mapping[str, str]],
        aliases: Iterable[Mapping[str, str]],
        context_words: Iterable[Mapping[str, str]],
    ) -> None:
        self.cues: Final = _build_cues(context_words)
        regions: dict[str, Region] = {}
        entries: list[_Entry] = []
        okrug_by_name: dict[str, str] = {}
        for row in okrugs:
            abbrev, name = row["abbrev"], row["name"]
            okrug_by_name[name] = abbrev
            regions[abbrev] = Region(abbrev, "okrug", abbrev)
            entries.extend(_okrug_entries(regions[abbrev], name, row.get("direction", "")))
        for row in districts:
            kind = row["kind"]
            if kind not in _KINDS or kind == "okrug":
                raise ValueError(f"districts: unknown kind {kind!r} of {row['name']!r}")
            if row["okrug"] not in okrug_by_name:
                raise ValueError(f"districts: unknown okrug {row['okrug']!r} of {row['name']!r}")
            region = Region(row["name"], cast(RegionKind, kind), okrug_by_name[row["okrug"]])
            regions[region.name] = region
            entries.append(self._entry(region.name, (region,), "name", 0.8))
        for name, places in _stations_by_name(stations, regions).items():
            entries.append(_make_entry(name, places, "metro", "station", 0.5))
        for row in aliases:
            via = row["kind"]
            if via not in ("alias", "place"):
                raise ValueError(f"aliases: kind must be alias or place, not {via!r}")
            if row["region"] not in regions:
                raise ValueError(f"aliases: unknown region {row['region']!r} of {row['name']!r}")
            region = regions[row["region"]]
            entries.append(self._entry(row["name"], (region,), via, _ALIAS_BASE[via]))
        self.regions: Final[Mapping[str, Region]] = regions
        self.entries: Final[tuple[_Entry, ...]] = tuple(entries)
        self._by_term: dict[str, list[_Entry]] = defaultdict(list)
        self._by_form: dict[str, list[_Entry]] = defaultdict(list)
        for entry in self.entries:
            first = entry.words[0]
            self._by_term[first.term].append(entry)
            for form in first.forms:
                self._by_form[form].append(entry)

    def _entry(self, name: str, regions: tuple[Region, ...], via: str, base: float) -> _Entry:
        return _make_entry(name, regions, via, _shape_of(name, self.cues), base)

    def candidates(self, tokens: Sequence[Token], index: int) -> Iterator[_Entry]:
        """Yield the entries whose first word matches ``tokens[index]``, each once."""
        token = tokens[index]
        seen: set[int] = set()
        found = [*self._by_term.get(token.term, ()), *self._by_form.get(_fold(token.text), ())]
        for entry in found:
            if id(entry) not in seen:
                seen.add(id(entry))
                yield entry


# --- reading data/ --------------------------------------------------------------------


def _read_rows(name: str) -> list[dict[str, str]]:
    source = resources.files("vestnik.enrichment").joinpath(f"data/{name}")
    rows = csv.DictReader(io.StringIO(source.read_text(encoding="utf-8")))
    return [{key: (value or "").strip() for key, value in row.items()} for row in rows]


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Return the gazetteer built from ``data/``, built on the first call.

    Cached for the process: the names are analysed once. Two threads calling it first
    at the same moment may both build it; the results are equal and one is kept.

    >>> len([r for r in load_gazetteer().regions.values() if r.kind == "okrug"])
    12
    """
    return Gazetteer(
        okrugs=_read_rows("okrugs.csv"),
        districts=_read_rows("districts.csv"),
        stations=_read_rows("metro_stations.csv"),
        aliases=_read_rows("aliases.csv"),
        context_words=_read_rows("context_words.csv"),
    )
