"""Deciding a candidate: a station (rule 1), an okrug (rule 2), or a name (``names``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from vestnik.enrichment.districts.gazetteer import Gazetteer
from vestnik.enrichment.districts.names import _CUE_GAIN, _ELSEWHERE_REACH, _name_confidence
from vestnik.enrichment.districts.records import DistrictMatch, Region, _Cues, _Entry, _Shape
from vestnik.enrichment.districts.span import _Span

_METRO_OKRUG: Final = 0.85
_METRO_DISTRICT: Final = 0.5
_METRO_SHARED_DISTRICT: Final = 0.35


def _match(span: _Span, region: Region, via: str, confidence: float) -> DistrictMatch:
    return DistrictMatch(
        region=region.name,
        kind=region.kind,
        okrug=region.okrug,
        start=span.start,
        stop=span.stop,
        text=span.text[span.start : span.stop],
        via=via,
        confidence=round(min(max(confidence, 0.0), 1.0), 2),
    )


def _metro_matches(
    span: _Span, stations: list[_Entry], regions: Mapping[str, Region]
) -> list[DistrictMatch]:
    """A station: its districts as hints, its okrug as a fact (rule 1)."""
    districts = [region for entry in stations for region in entry.regions]
    hint = _METRO_DISTRICT if len(districts) == 1 else _METRO_SHARED_DISTRICT
    matches = [_match(span, region, "metro", hint) for region in districts]
    for okrug in dict.fromkeys(region.okrug for region in districts):
        matches.append(_match(span, regions[okrug], "metro", _METRO_OKRUG))
    return matches


def _okrug_abbreviation(span: _Span, cues: _Cues) -> bool:
    """«СВАО» in capitals, naming no company and spelling no initials."""
    if sum(char.isupper() for char in span.tokens[span.first].text) < 2:
        return False  # «зао» in lower case is no abbreviation
    # «ЗАО «Мосстрой»», «обсерватории (САО)»
    return not (span.followed_by_quote() or span.defines_abbreviation())


def _okrug_adjective(span: _Span, cues: _Cues) -> bool:
    """«Троицкий и Новомосковский административные округа», of Moscow."""
    head = span.list_reaches_after(cues.okrug | cues.okrug_admin | cues.okrug_short)
    if head is None:
        return False
    if span.tokens[head].term in cues.okrug_admin:
        head += 1  # «административных округах»: the city's name would follow «округ»
    return not span.names_another_city(head + 1)


def _okrug_name(span: _Span, cues: _Cues) -> bool:
    """«Восточный административный округ», but not «прокурор Восточного округа Нью-Йорка»."""
    return not span.names_another_city(span.last + 1)


_OKRUG_RULES: Final[Mapping[_Shape, Callable[[_Span, _Cues], bool]]] = {
    "abbreviation": _okrug_abbreviation,
    "okrug_adjective": _okrug_adjective,
}


def _okrug_confidence(span: _Span, entry: _Entry, cues: _Cues) -> float | None:
    """Rule 2: an okrug's full name, abbreviation, adjective in a list, or direction."""
    if not _OKRUG_RULES.get(entry.shape, _okrug_name)(span, cues):
        return None
    if span.followed_within(cues.elsewhere, _ELSEWHERE_REACH):
        return None  # «в центре столицы страны»
    return entry.confidence


def _judge_span(span: _Span, entries: list[_Entry], gazetteer: Gazetteer) -> list[DistrictMatch]:
    """Decide what the names spelled by ``span`` are, by the rules in the module doc."""
    cues = gazetteer.cues
    stations = [entry for entry in entries if entry.shape == "station"]
    before = span.before()
    if stations and before is not None and before.term in cues.metro:
        return _metro_matches(span, stations, gazetteer.regions)
    matches: list[DistrictMatch] = []
    for entry in entries:
        if entry.shape == "station":
            continue
        if entry.via == "okrug":
            confidence = _okrug_confidence(span, entry, cues)
            if confidence is not None and span.preceded_by(cues.district):
                confidence += (1 - confidence) * _CUE_GAIN
        else:
            confidence = _name_confidence(span, entry, cues)
        if confidence is not None:
            matches.extend(_match(span, region, entry.via, confidence) for region in entry.regions)
    if any(match.via == "okrug" for match in matches):
        # «в Троицком и Новомосковском округах»: the okrug, not the town Троицк.
        matches = [match for match in matches if match.via == "okrug"]
    return matches
