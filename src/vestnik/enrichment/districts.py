"""District geo-tagger: which Moscow districts and okrugs a news text is about.

A network of district papers routes an article to the outlets of the places it is about,
so the editor should see «Марфино, СВАО» suggested under the headline rather than pick
it by hand. Russian declines place names («в Марфине», «жителей Бибирева», «в Южном
Медведкове»), and many of them are also ordinary words or parts of other names: the
falcon «сокол», «аэропорт Шереметьево», «Ярославский вокзал», «Восточный
административный округ». The tagger finds the names in any form and lets the words
around them decide what they are.

>>> [(m.region, m.kind, m.text) for m in tag_districts("Жителей Бибирева пригласили на ВДНХ")]
[('Бибирево', 'district', 'Бибирева'), ('Останкинский', 'district', 'ВДНХ')]
>>> [(m.region, m.via) for m in tag_districts("Над Бибиревом кружил сокол")]
[('Бибирево', 'name')]

The gazetteer (``data/``, read once by ``load_gazetteer``):

- ``districts.csv``: the 125 districts, 21 settlements and city districts of Moscow with
  their okrugs; ``okrugs.csv``: the 12 okrugs, their abbreviations and the side of the
  city each lies on («на северо-востоке Москвы»);
- ``metro_stations.csv``: stations with the district and okrug they lie in. A station on
  a district border can land in the neighbour, so its district is a hint (confidence
  0.5) and its okrug a fact (0.85);
- ``aliases.csv``: other names of regions (umbrella names such as «Бутово» for both
  Бутово districts, which point at the okrug; the reversed order «Северное Чертаново»;
  one half of a double name, «Выхино») and notable places («ВДНХ», «Лужники»), each
  with a note on where the fact comes from;
- ``context_words.csv``: the words around a name that decide what it is.

How a name is found. Every name is put through ``vestnik.language.analyze_text``, the
same analysis the text goes through, and a run of text terms equal to a name's terms is
a candidate: «Марфине» and «Марфино» are both «марфино», «Южном Медведкове» is «южный
медведково». Where the analyser gives two case forms of a name different terms («к
Тёплому Стану» reads «стану» as the verb «стать», «в Троицком» as the adjective), a
fallback accepts the name word's stem plus a case ending of its declension class
(``_declension_of``: «стан» + «у»). The same table is a filter for one-word names: the
analyser merges the surname Митин into Митино and the plural «аэропорты» into
«аэропорт», and «депутат Митин», «Аэропорты работают» are no form of those names. The
longest accepted candidate wins an overlap, so «Южное Медведково» is not also
«Медведково», and «Восточное Измайлово» is not «Восточный».

What a candidate is, decided by the words next to it (``_judge_span``):

1. Station names count only after «метро», «станция», «м.», «МЦК»: «у станции метро
   «Бабушкинская»» gives the station's district (Бабушкинский, hint) and its okrug
   (СВАО). After such a word a district name that is also a station («метро «Митино»»)
   is taken as the station too.
2. An okrug is its abbreviation («СВАО»; not in lower case; not «ЗАО «Рога и копыта»»,
   a company; not «обсерватории (САО)», whose initials it spells), or its adjective
   followed by «(административный) округ» or «АО», in any case and also in a list
   («Троицкий и Новомосковский административные округа»), unless another city follows
   («Восточного округа Нью-Йорка»). A name followed by «округ» is never a district
   («Восточный округ» is ВАО). «На северо-востоке Москвы» counts, with less confidence.
3. A name right after a street, airport or company word, or after one in a list or
   just inside the quotes that follow one («аэропорт Внуково», «в аэропортах
   Шереметьево, Домодедово, Внуково», «улица Академика Королёва», «ЖК «Новое
   Внуково»»), or right before a street, railway terminal, church or court word
   («Ярославский вокзал», «Можайское шоссе») is not the region; nor is one a few words
   before «Подмосковья», «области», «страны» («Можайский район Подмосковья»). After
   «парк», «усадьба» it stays, less sure: a park named after a district lies in or by
   it.
4. A name that is a single adjective («Бабушкинский», «Восточный», «Тверской»,
   «Московский») is everyday Russian too («Тверская улица», «Басманный суд», «Московский
   метрополитен»), so it must be capitalised, masculine (not «Северная Каролина») and
   have a unit word next to it: «район», «поселение», «муниципальный округ», «город»
   before it, «район» after it (but not «Киевский район Харькова»), also across a list
   («Бабушкинский и Лосиноостровский районы»). Neuter ones used as nouns («в Отрадном»,
   «Сосенское») count alone in a neuter form (not «Отрадная»), and not before «район»,
   where they are some other place's masculine adjective («в Первомайском районе»).
5. A name that is also a common word («Сокол», «Аэропорт», «Печатники», «Проспект
   Вернадского») counts when capitalised mid-sentence, where only a proper name is, or
   after a unit or resident word («жители района Сокол»). At the start of a sentence the
   capital letter proves nothing, so the falcon in «Сокол поймал голубя» is no district;
   in quotes it names a brand or a club (зефир «Сокол»). «Аэропорт» followed by a
   capitalised name is an airport's name.
6. Any other name counts in any form; in lower case or in quotes with nothing to say
   what it names it is less sure.

Confidence (0..1) starts from how the name was found (0.8 for a gazetteer name, 0.75 an
alias, 0.7 a notable place, 0.9 or 0.95 an okrug) and rises with a resident or unit word
before the name (most of the way to 1) or a preposition «в», «на», «у» (a quarter of
the way); it falls for the doubts in rules 3, 5 and 6. The numbers rank suggestions; they
are not probabilities measured on a corpus.

``data/geo_cases.tsv`` holds the hand-written cases the tests run, for an evaluation
harness to compute precision and recall on: a header, then one sentence a row, tab
separated: the phenomenon, the sentence with each expected mention in [brackets], the
expected regions comma-separated (empty for a trap that must find nothing).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Final, Literal, cast

from vestnik.language.analysis import Token, analyze_text
from vestnik.language.folding import fold_yo

__all__ = [
    "DistrictMatch",
    "Gazetteer",
    "Region",
    "RegionKind",
    "RegionSuggestion",
    "load_gazetteer",
    "nominative_name",
    "suggest_regions",
    "tag_districts",
]

RegionKind = Literal["okrug", "district", "settlement", "city_district"]
_KINDS: Final[frozenset[str]] = frozenset({"okrug", "district", "settlement", "city_district"})


@dataclass(frozen=True, slots=True)
class Region:
    """A region an article can be about: an okrug, a district, a settlement.

    ``name`` is the gazetteer's name: the district or settlement as in ``districts.csv``,
    the okrug by its abbreviation. ``okrug`` is the okrug's abbreviation (an okrug's is
    its own).

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

    >>> [(s.region, s.confidence) for s in suggest_regions("Жители Бибирева, а не Марфина")]
    [('Бибирево', 0.94), ('Марфино', 0.8)]
    """

    region: str
    kind: RegionKind
    okrug: str
    confidence: float
    evidence: tuple[DistrictMatch, ...]


# --- the gazetteer's pieces -----------------------------------------------------------

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


# --- building entries -----------------------------------------------------------------

_ALIAS_BASE: Final[dict[str, float]] = {"alias": 0.75, "place": 0.7}
_ADJECTIVE_ENDINGS: Final = ("ий", "ый", "ой", "ое", "ее", "ая", "яя", "ие", "ые")
_NEUTER_ENDINGS: Final = ("ое", "ее")

# Case endings of a name that is a noun, by its ending in the nominative, singular
# only for a singular name: «Сокол» is never «Соколы», «Митино» never «Митиным».
_MASCULINE: Final = ("", "а", "у", "ом", "е")
_FEMININE: Final = ("а", "ы", "и", "е", "у", "ой", "ою")
_SOFT_FEMININE: Final = ("я", "и", "е", "ю", "ей", "ею")
_NEUTER: Final = ("о", "а", "у", "ом", "е")
_SOFT_NEUTER: Final = ("е", "я", "ю", "ем")
_PLURAL: Final = ("ы", "и", "ов", "ев", "ей", "ам", "ям", "ами", "ями", "ах", "ях")
_VOWELS: Final = frozenset("аеиоуыэюяй")
_MIN_STEM: Final = 3


def _fold(word: str) -> str:
    """Lower-case and write «е» for «ё», as the analyser does before its lookups."""
    return fold_yo(word.lower())


def _declension_of(word: str) -> frozenset[str]:
    """Return the case forms of a name word that is a noun, folded; ∅ for the rest.

    Stem plus the endings of its class, and the fleeting vowel where the class has one
    («Кузьминки» → «Кузьминок», «Метрогородок» → «Метрогородка»). Adjectives get none:
    the analyser lemmatises them reliably; nor do hyphenated names, which it declines
    as whole tokens, and stems shorter than three letters.

    >>> sorted(_declension_of("Стан"))
    ['стан', 'стана', 'стане', 'станом', 'стану']
    >>> {"кузьминок", "кузьминках"} <= _declension_of("Кузьминки"), _declension_of("Тёплый")
    (True, frozenset())
    """
    folded = _fold(word)
    if not folded.isalpha() or folded.endswith(_ADJECTIVE_ENDINGS):
        return frozenset()
    last = folded[-1]
    extra: set[str] = set()
    endings: tuple[str, ...]
    if last in "ыи":
        stem, endings = folded[:-1], _PLURAL
        if stem.endswith("к"):
            extra = {stem[:-1] + "ок", stem[:-1] + "ек"}
    elif last == "а":
        stem, endings = folded[:-1], _FEMININE
    elif last == "я":
        stem, endings = folded[:-1], _SOFT_FEMININE
    elif last == "о":
        stem, endings = folded[:-1], _NEUTER
    elif last == "е":
        stem, endings = folded[:-1], _SOFT_NEUTER
    elif last in _VOWELS or last == "ь":
        return frozenset()
    else:
        stem, endings = folded, _MASCULINE
        if folded.endswith(("ок", "ек")):
            extra = {folded[:-2] + folded[-1] + ending for ending in _MASCULINE if ending}
    if len(stem) < _MIN_STEM:
        return frozenset()
    return frozenset({stem + ending for ending in endings} | extra)


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


# --- the text around a candidate ------------------------------------------------------

# Between two words of one phrase: spaces and quotes («метро «Сокол»»), or the dot of
# an abbreviation («м. Сокол», «ул. Янгеля»). A comma or a line break ends the phrase.
_JOINING_GAP: Final[re.Pattern[str]] = re.compile(r"[ \t\u00a0«»\"„“”'.]*")
# Between the members of a list: «Бабушкинский и Лосиноостровский», «Северный, Южный».
_LIST_GAP: Final[re.Pattern[str]] = re.compile(
    r"[\s«»\"„“”]*(?:,[\s«»\"„“”]*)?(?:(?:и|или)[\s«»\"„“”]+)?", re.IGNORECASE
)
# Between a name and a word a little further on in the same sentence.
_SAME_SENTENCE_GAP: Final[re.Pattern[str]] = re.compile(r"[^.!?;\n]*")
_WORD: Final[re.Pattern[str]] = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PREPOSITION: Final[re.Pattern[str]] = re.compile(
    r"(?:^|[^\w-])(?:в|во|на|у|из|от|до|около|возле|под)\s+[«\"„“]?$", re.IGNORECASE
)
_QUOTES: Final = frozenset('«"„“')
# How far back (and forward) the context patterns look, in characters.
_WINDOW: Final = 64
# What may stand between the end of a sentence and its first word: spaces, opening
# quotes and brackets, a dash of direct speech.
_LEADING: Final = "«\"„“'([—–- \t\u00a0"
# What may stand before a word inside a sentence, besides letters and digits.
_INSIDE: Final = frozenset(",;:»”)")
# How far a list may stretch between a name and its unit word.
_LIST_LENGTH: Final = 6


def _joined(text: str, left: Token, right: Token, abbreviations: frozenset[str]) -> bool:
    """Tell whether two tokens are one phrase: nothing but spaces, quotes or the dot of
    an abbreviation between them («метро «Сокол»», «м. Сокол»)."""
    gap = text[left.stop : right.start]
    if not _JOINING_GAP.fullmatch(gap):
        return False
    return "." not in gap or _fold(left.text) in abbreviations


def _starts_sentence(text: str, start: int, abbreviations: frozenset[str]) -> bool:
    """Tell whether the word at ``start`` opens a sentence, where capitals prove nothing.

    >>> short = frozenset({"м"})
    >>> _starts_sentence("Сокол поймал голубя", 0, short), _starts_sentence("На Соколе", 3, short)
    (True, False)
    >>> _starts_sentence("12 мая. «Сокол»", 9, short), _starts_sentence("у м. Сокол", 5, short)
    (True, False)
    >>> _starts_sentence("🛫 Аэропорты работают", 2, short)
    True
    """
    before = text[max(0, start - _WINDOW) : start]
    stripped = before.rstrip(_LEADING)
    # Nothing but spaces and quotes before: the text's start, or a run of blanks long
    # enough to be a break anyway.
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    if stripped[-1].isalnum() or stripped[-1] in _INSIDE:
        return False
    if stripped[-1] == ".":
        word = re.search(r"([\w-]+)\.$", stripped)
        # «м. Сокол», «ул. Янгеля», «г. Троицк»: the dot of an abbreviation.
        if word is not None and _fold(word.group(1)) in abbreviations:
            return False
    # A sentence end, or an emoji, bullet or markdown mark that opens a headline line.
    return True


@dataclass(frozen=True, slots=True)
class _Span:
    """A run of tokens ``tokens[first:last + 1]`` that names something, in context."""

    text: str
    tokens: Sequence[Token]
    first: int
    last: int
    abbreviations: frozenset[str]
    city: frozenset[str]

    def joined(self, left: Token, right: Token) -> bool:
        return _joined(self.text, left, right, self.abbreviations)

    def listed(self, left: Token, right: Token) -> bool:
        """Tell whether two tokens are neighbours in a list: joined, or «и», «или», «,»."""
        gap = self.text[left.stop : right.start]
        return self.joined(left, right) or _LIST_GAP.fullmatch(gap) is not None

    @property
    def start(self) -> int:
        return self.tokens[self.first].start

    @property
    def stop(self) -> int:
        return self.tokens[self.last].stop

    def before(self) -> Token | None:
        """The token right before the span, if it is part of the same phrase."""
        if self.first == 0:
            return None
        previous = self.tokens[self.first - 1]
        return previous if self.joined(previous, self.tokens[self.first]) else None

    def after(self) -> Token | None:
        """The token right after the span, if it is part of the same phrase."""
        if self.last + 1 >= len(self.tokens):
            return None
        following = self.tokens[self.last + 1]
        return following if self.joined(self.tokens[self.last], following) else None

    def preceded_by(self, cues: Iterable[tuple[str, ...]], *, first: int | None = None) -> bool:
        """Tell whether one of the ``cues`` (term runs) ends right before token ``first``."""
        index = self.first if first is None else first
        for cue in cues:
            begin = index - len(cue)
            if begin < 0:
                continue
            run = self.tokens[begin : index + 1]
            if all(token.term == term for token, term in zip(run, cue, strict=False)) and all(
                self.joined(left, right) for left, right in zip(run, run[1:], strict=False)
            ):
                return True
        return False

    def list_reaches_before(self, cues: Iterable[tuple[str, ...]]) -> bool:
        """Tell whether a cue stands before the span, maybe across a list of names.

        «районы Северный и Восточный»: for «Восточный» the list walks back over
        «Северный» to «районы».
        """
        index = self.first
        for _ in range(_LIST_LENGTH):
            if self.preceded_by(cues, first=index):
                return True
            if index == 0:
                return False
            previous = self.tokens[index - 1]
            if not (previous.text[:1].isupper() and self.listed(previous, self.tokens[index])):
                return False
            index -= 1
        return False

    def list_reaches_after(self, terms: frozenset[str]) -> int | None:
        """Return the index of a word of ``terms`` after the span, maybe across a list
        («Бабушкинский и Лосиноостровский районы»), or None."""
        index = self.last
        for _ in range(_LIST_LENGTH):
            if index + 1 >= len(self.tokens):
                return None
            following = self.tokens[index + 1]
            if following.term in terms and self.joined(self.tokens[index], following):
                return index + 1
            if not (following.text[:1].isupper() and self.listed(self.tokens[index], following)):
                return None
            index += 1
        return None

    def capitalised(self) -> bool:
        return self.tokens[self.first].text[:1].isupper()

    def at_sentence_start(self) -> bool:
        return _starts_sentence(self.text, self.start, self.abbreviations)

    def followed_within(self, terms: frozenset[str], count: int) -> bool:
        """Tell whether a word of ``terms`` is among the next ``count`` content words of
        the sentence («в районе Очакова в Николаевской области»)."""
        index = self.last
        while index + 1 < len(self.tokens) and index < self.last + count:
            gap = self.text[self.tokens[index].stop : self.tokens[index + 1].start]
            if not _SAME_SENTENCE_GAP.fullmatch(gap):
                return False
            index += 1
            if self.tokens[index].term in terms:
                return True
        return False

    def names_another_city(self, index: int) -> bool:
        """Tell whether ``tokens[index]`` continues the phrase with a place's name in the
        genitive that is not Moscow: «Киевский район Харькова», «Восточного округа
        Нью-Йорка». An okrug's abbreviation («Бабушкинский район СВАО») is Moscow."""
        if index >= len(self.tokens) or index == 0:
            return False
        token = self.tokens[index]
        return (
            self.joined(self.tokens[index - 1], token)
            and token.text[:1].isupper()
            and not token.text.isupper()
            and token.term not in self.city
        )

    def quote_owner(self) -> Token | None | Literal[False]:
        """Return the word before the open quote the span sits in, None if the quote
        opens the text or a clause, False if the span is not in quotes.

        «ЖК «Новое Внуково»»: «ЖК». Only «…» and "…", and only up to three words into
        the quotes.
        """
        window = self._window_before()
        offset = self.start - len(window)
        guillemet = window.rfind("«")
        if guillemet > window.rfind("»"):
            opening = guillemet
        elif window.count('"') % 2 == 1:
            opening = window.rfind('"')
        else:
            return False
        inside = window[opening + 1 :]
        if not _SAME_SENTENCE_GAP.fullmatch(inside) or len(_WORD.findall(inside)) > 3:
            return False
        quote = offset + opening
        index = self.first - 1
        while index >= 0 and self.tokens[index].start > quote:
            index -= 1
        if index < 0 or self.text[self.tokens[index].stop : quote].strip():
            return None
        return self.tokens[index]

    def defines_abbreviation(self) -> bool:
        """«Специальной астрофизической обсерватории (САО)»: the abbreviation in brackets
        spells the initials of the words before it, so it stands for them."""
        letters = self.text[self.start : self.stop]
        if not letters.isalpha() or not letters.isupper():
            return False
        before = self._window_before().rstrip()
        after = self.text[self.stop : self.stop + _WINDOW].lstrip()
        if not before.endswith("(") or not after.startswith(")"):
            return False
        words = _WORD.findall(before[:-1])[-len(letters) :]
        return "".join(word[0] for word in words).upper() == letters

    def after_preposition(self) -> bool:
        return _PREPOSITION.search(self._window_before()) is not None

    def _window_before(self) -> str:
        # The patterns look a few characters back; slicing the whole prefix for each
        # candidate would make a long article quadratic.
        return self.text[max(0, self.start - _WINDOW) : self.start]

    def followed_by_quote(self) -> bool:
        """«ЗАО «Рога и копыта»»: the span is the legal form of the name that follows."""
        return self.text[self.stop : self.stop + _WINDOW].lstrip()[:1] in _QUOTES

    def followed_by_name(self) -> bool:
        """«Аэропорт Шереметьево»: the span is the kind of the thing named next."""
        following = self.after()
        return self.followed_by_quote() or (following is not None and following.text[:1].isupper())


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


# --- deciding a candidate -------------------------------------------------------------

# «Дмитровский район Московской области»: the region word is up to three words on.
_ELSEWHERE_REACH: Final = 3
_METRO_OKRUG: Final = 0.85
_METRO_DISTRICT: Final = 0.5
_METRO_SHARED_DISTRICT: Final = 0.35
# How far the context moves a confidence towards 1 (cues) or towards 0 (doubts).
_CUE_GAIN: Final = 0.7
_PREPOSITION_GAIN: Final = 0.25
_LOWER_CASE: Final = 0.6
_QUOTED: Final = 0.7
_LANDMARK: Final = 0.9
_COMMON_NAME: Final = 0.85
_NEUTER_NAME: Final = 0.9
_NEUTER_AT_START: Final = 0.75
# Forms a neuter adjective-name takes («Отрадное», «в Отрадном», «Отрадного»); the
# feminine «Отрадная», «на Отрадной» is a street.
_NEUTER_FORMS: Final = ("ое", "ее", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем")
# «районов», «районы», «поселениях»: a plural unit word after a list of adjectives.
_PLURAL_UNIT: Final = ("ов", "ы", "ам", "ах", "ами", "ий", "иям", "иях", "иями")
# Forms a masculine one takes: «Бабушкинский», «Бабушкинского», «в Бабушкинском»; the
# feminine «Северная Каролина» is no district Северный.
_MASCULINE_FORMS: Final = ("ий", "ый", "ой", "ого", "его", "ому", "ему", "им", "ым", "ом", "ем")


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


def _okrug_confidence(span: _Span, entry: _Entry, cues: _Cues) -> float | None:
    """Rule 2: an okrug's full name, abbreviation, adjective in a list, or direction."""
    if entry.shape == "abbreviation":
        surface = span.tokens[span.first].text
        if sum(char.isupper() for char in surface) < 2:
            return None  # «зао» in lower case is no abbreviation
        if span.followed_by_quote() or span.defines_abbreviation():
            return None  # «ЗАО «Мосстрой»», «обсерватории (САО)»
    elif entry.shape == "okrug_adjective":
        head = span.list_reaches_after(cues.okrug | cues.okrug_admin | cues.okrug_short)
        if head is None:
            return None
        if span.tokens[head].term in cues.okrug_admin:
            head += 1  # «административных округах»: the city's name would follow «округ»
        if span.names_another_city(head + 1):
            return None
    elif span.names_another_city(span.last + 1):
        return None  # «прокурор Восточного округа Нью-Йорка»
    if span.followed_within(cues.elsewhere, _ELSEWHERE_REACH):
        return None  # «в центре столицы страны»
    return entry.confidence


def _name_confidence(span: _Span, entry: _Entry, cues: _Cues) -> float | None:
    """Rules 3 to 6 for a district, settlement, alias or place name; None rejects it."""
    before, after = span.before(), span.after()
    if span.list_reaches_before(cues.block_before):
        return None  # «аэропорт Внуково», «в аэропортах Шереметьево, Домодедово, Внуково»
    if after is not None and after.term in cues.block_after | cues.okrug | cues.okrug_admin:
        return None
    if after is not None and after.term in cues.okrug_short and after.text.isupper():
        return None
    if span.followed_within(cues.elsewhere, _ELSEWHERE_REACH):
        return None  # «Можайский район Подмосковья»: a namesake outside Moscow
    owner = span.quote_owner()
    if owner and (owner.term,) in cues.block_before:
        return None  # «ЖК «Новое Внуково»», «СИЗО «Лефортово»»
    quoted = owner is not False
    surface = _fold(span.tokens[span.last].text)
    forms = entry.words[0].forms
    if len(entry.words) == 1 and forms and _fold(span.tokens[span.first].text) not in forms:
        return None  # «депутат Митин», «Аэропорты»: the same term, not the name's form
    cue = span.list_reaches_before(cues.district)
    confidence = entry.confidence
    if entry.shape == "adjective":
        if not span.capitalised() or not surface.endswith(_MASCULINE_FORMS):
            return None  # «северным районам», «Северная Каролина»
        if span.list_reaches_before(cues.unit):
            pass
        elif after is not None and after.term in cues.unit_after:
            if span.names_another_city(span.last + 2):
                return None  # «Киевский район Харькова»
        elif span.list_reaches_after(cues.unit_after) is None:
            return None
        cue = True
    elif entry.shape == "neuter":
        if not surface.endswith(_NEUTER_FORMS):
            return None  # «на Отрадной»: a street
        unit = span.list_reaches_after(cues.unit_after)
        if unit is not None and (
            unit == span.last + 1 or _fold(span.tokens[unit].text).endswith(_PLURAL_UNIT)
        ):
            # «в Первомайском районе», «Ивановского и Тамбовского районов»: masculine
            # namesakes; but «Отрадного и Алтуфьевского района» lists two districts.
            return None
        at_start = span.at_sentence_start()
        if not cue and not span.capitalised():
            return None
        if not cue and at_start and entry.words[0].term in cues.common:
            return None  # «Отрадное известие пришло утром»
        confidence *= _NEUTER_AT_START if at_start else _NEUTER_NAME
    elif entry.shape == "common":
        if (entry.words[0].term,) in cues.block_before and span.followed_by_name():
            return None  # «в Аэропорту Шереметьево»: an airport's name follows
        if not cue and (quoted or not span.capitalised() or span.at_sentence_start()):
            return None  # «Сокол поймал голубя», зефир «Сокол»
        confidence *= _COMMON_NAME
    elif entry.shape == "abbreviation":
        if sum(char.isupper() for char in span.tokens[span.first].text) < 2:
            return None
    elif not span.capitalised():
        confidence *= _LOWER_CASE
    if before is not None and before.term in cues.landmark_before:
        confidence *= _LANDMARK
    elif quoted and not cue:
        confidence *= _QUOTED
    if cue:
        confidence += (1 - confidence) * _CUE_GAIN
    elif span.after_preposition():
        confidence += (1 - confidence) * _PREPOSITION_GAIN
    return confidence


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


# --- the public functions -------------------------------------------------------------

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
