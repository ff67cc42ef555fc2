"""The public functions: the mentions in a text, a name's nominative, suggestions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Final

from vestnik.enrichment.districts.gazetteer import Gazetteer, load_gazetteer
from vestnik.enrichment.districts.records import DistrictMatch, RegionSuggestion, _Entry
from vestnik.enrichment.districts.rules import _judge_span
from vestnik.enrichment.districts.span import _joined, _Span
from vestnik.language.analysis import Token, analyze_text

__all__ = ["nominative_name", "suggest_regions", "tag_districts"]


def _matching_spans(
    gazetteer: Gazetteer, text: str, tokens: Sequence[Token]
) -> dict[tuple[int, int], list[_Entry]]:
    """Return every run of tokens that spells a name, with the entries it spells."""
    spans: dict[tuple[int, int], list[_Entry]] = defaultdict(list)
    for index in range(len(tokens)):
        for entry in gazetteer.candidates(tokens, index):
            last = index + len(entry.words) - 1
            if last >= len(tokens):
                continue
            run = tokens[index : last + 1]
            if all(
                word.matches(token) for word, token in zip(entry.words, run, strict=True)
            ) and all(
                _joined(text, left, right, gazetteer.cues.abbreviations)
                for left, right in zip(run, run[1:], strict=False)
            ):
                spans[index, last].append(entry)
    return spans


_KIND_ORDER: Final[dict[str, int]] = {
    "district": 0,
    "settlement": 1,
    "city_district": 2,
    "okrug": 3,
}


def tag_districts(text: str, gazetteer: Gazetteer | None = None) -> list[DistrictMatch]:
    """Find every mention of a Moscow region in ``text``, in order.

    Overlapping candidates go to the longest that its context accepts: «Южное
    Медведково» is one district, «Восточный административный округ» one okrug.

    >>> [(m.region, m.kind, m.via) for m in tag_districts("у станции метро «Бабушкинская»")]
    [('Бабушкинский', 'district', 'metro'), ('СВАО', 'okrug', 'metro')]
    >>> [m.region for m in tag_districts("Восточный административный округ")]
    ['ВАО']
    >>> tag_districts("Ярославский вокзал и аэропорт Шереметьево")
    []
    """
    gazetteer = gazetteer or load_gazetteer()
    tokens = analyze_text(text)
    accepted: list[tuple[_Span, list[DistrictMatch]]] = []
    for (first, last), entries in _matching_spans(gazetteer, text, tokens).items():
        cues = gazetteer.cues
        span = _Span(text, tokens, first, last, cues.abbreviations, cues.city)
        matches = _judge_span(span, entries, gazetteer)
        if matches:
            accepted.append((span, matches))
    # Longest first, then leftmost; a span overlapping one already taken is dropped.
    accepted.sort(key=lambda item: (item[0].first - item[0].last, item[0].first))
    taken: set[int] = set()
    result: list[DistrictMatch] = []
    for span, matches in accepted:
        indices = set(range(span.first, span.last + 1))
        if indices & taken:
            continue
        taken |= indices
        result.extend(matches)
    result.sort(key=lambda m: (m.start, m.stop, _KIND_ORDER[m.kind], m.region))
    return result


def nominative_name(text: str, gazetteer: Gazetteer | None = None) -> str | None:
    """Return the gazetteer's name that the whole of ``text`` spells, in any case form.

    The rule by which the tagger reads a name is the rule by which the entity extractor
    puts a place in the nominative, so the tag «Косино-Ухтомский» and the region suggested
    from the same words never differ; a district's own name wins over a station or alias
    that the words also spell. None when the text is no gazetteer name (or more than one).

    >>> nominative_name("Косине-Ухтомском"), nominative_name("Южном Медведкове")
    ('Косино-Ухтомский', 'Южное Медведково')
    >>> nominative_name("Кирове") is None
    True
    """
    gazetteer = gazetteer or load_gazetteer()
    tokens = analyze_text(text)
    whole = _matching_spans(gazetteer, text, tokens).get((0, len(tokens) - 1), [])
    names = sorted(whole, key=lambda entry: entry.via != "name")
    return names[0].name if names else None


# A title match counts as if the text had said it twice: the headline says what the
# article is about, the text also mentions where the mayor came from.
_TITLE_REPEATS: Final = 2


def suggest_regions(
    text: str, title: str = "", gazetteer: Gazetteer | None = None
) -> list[RegionSuggestion]:
    """Return the regions an article is about, best first, one per region.

    The matches of each region combine as independent evidence, 1 − ∏(1 − cᵢ): two
    mentions at 0.8 give 0.96. Title matches weigh more (counted twice), and their
    ``start``/``stop`` point into ``title``, not ``text``; they come first in
    ``evidence``. Ties go to the region mentioned first. The okrug of a district is not
    added on its own: it is in the suggestion's ``okrug``.

    >>> [(s.region, s.confidence) for s in suggest_regions(
    ...     "Жители Марфина пожаловались. В Бибиреве тоже.", title="Бибирево без воды")]
    [('Бибирево', 0.99), ('Марфино', 0.94)]
    """
    gazetteer = gazetteer or load_gazetteer()
    evidence: dict[str, list[DistrictMatch]] = defaultdict(list)
    doubt: dict[str, float] = defaultdict(lambda: 1.0)
    order: dict[str, int] = {}
    sources = (
        (tag_districts(title, gazetteer), _TITLE_REPEATS),
        (tag_districts(text, gazetteer), 1),
    )
    for matches, repeats in sources:
        for match in matches:
            order.setdefault(match.region, len(order))
            evidence[match.region].append(match)
            doubt[match.region] *= (1 - match.confidence) ** repeats
    suggestions = [
        RegionSuggestion(
            region=region,
            kind=gazetteer.regions[region].kind,
            okrug=gazetteer.regions[region].okrug,
            confidence=round(1 - doubt[region], 2),
            evidence=tuple(found),
        )
        for region, found in evidence.items()
    ]
    suggestions.sort(key=lambda s: (-s.confidence, order[s.region]))
    return suggestions
