"""District geo-tagger: names in any case, the traps around them, and the suggestions.

The sentence table lives in ``src/vestnik/enrichment/data/geo_cases.tsv`` so that an
evaluation harness can read the same cases: one row per sentence, the phenomenon it
tests, the sentence with each expected mention in [brackets], and the expected regions
comma-separated (empty for a trap that must find nothing). The test asserts the exact
set of (region, kind) and the exact evidence spans the brackets mark.
"""

import csv
import doctest
import io
import os
import re
import subprocess
import sys
from dataclasses import FrozenInstanceError
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from tests.enrichment.modules import package_modules
from vestnik.enrichment import districts as districts_module
from vestnik.enrichment.districts import (
    DistrictMatch,
    Gazetteer,
    RegionSuggestion,
    load_gazetteer,
    suggest_regions,
    tag_districts,
)

DATA = resources.files("vestnik.enrichment").joinpath("data")
OKRUGS = {"ЦАО", "САО", "СВАО", "ВАО", "ЮВАО", "ЮАО", "ЮЗАО", "ЗАО", "СЗАО", "ЗелАО", "НАО", "ТАО"}
# The phenomena the issue names; the table may have more.
REQUIRED_PHENOMENA = {
    "падежи районов",
    "многословные названия",
    "станции метро",
    "округа",
    "округ, а не район",
    "аэропорт не район",
    "вокзал не район",
    "улица/шоссе не район",
    "птица сокол",
    "заглавная буква в начале предложения",
    "несколько районов в тексте",
}
BRACKET = re.compile(r"\[([^\]]*)\]")


def read_csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(DATA.joinpath(name).read_text(encoding="utf-8"))))


def kind_of(region: str) -> str:
    """The kind a region has in the data, read straight from districts.csv."""
    if region in OKRUGS:
        return "okrug"
    return {row["name"]: row["kind"] for row in read_csv("districts.csv")}[region]


def unmark(marked: str) -> tuple[str, set[tuple[int, int]]]:
    """Strip the [brackets] and return the plain sentence and the bracketed spans."""
    spans = set()
    plain = ""
    position = 0
    for found in BRACKET.finditer(marked):
        plain += marked[position : found.start()]
        spans.add((len(plain), len(plain) + len(found.group(1))))
        plain += found.group(1)
        position = found.end()
    return plain + marked[position:], spans


def read_cases() -> list[tuple[str, str, str]]:
    source = io.StringIO(DATA.joinpath("geo_cases.tsv").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(source, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(row["phenomenon"], row["sentence"], row["expected"]) for row in rows]


CASES = read_cases()


# --- the table: geo_cases.tsv ---------------------------------------------------------


def test_the_table_covers_every_phenomenon() -> None:
    assert len(CASES) >= 60
    assert REQUIRED_PHENOMENA <= {phenomenon for phenomenon, _, _ in CASES}
    # Traps need sentences that must find nothing, and every group has several cases.
    assert sum(1 for _, _, expected in CASES if not expected) >= 25
    for phenomenon in REQUIRED_PHENOMENA:
        assert sum(1 for found, _, _ in CASES if found == phenomenon) >= 3, phenomenon


def test_every_expected_region_exists() -> None:
    regions = load_gazetteer().regions
    for _, marked, expected in CASES:
        for region in filter(None, (name.strip() for name in expected.split(","))):
            assert region in regions, (marked, region)


@pytest.mark.parametrize(
    ("phenomenon", "marked", "expected"),
    CASES,
    ids=[f"{phenomenon}: {marked}" for phenomenon, marked, _ in CASES],
)
def test_geo_case(phenomenon: str, marked: str, expected: str) -> None:
    text, spans = unmark(marked)
    matches = tag_districts(text)
    regions = {name.strip() for name in expected.split(",") if name.strip()}
    assert {(m.region, m.kind) for m in matches} == {(r, kind_of(r)) for r in regions}
    assert {(m.start, m.stop) for m in matches} == spans
    assert all(text[m.start : m.stop] == m.text for m in matches)


# --- known misses -----------------------------------------------------------------------
#
# Traps the context rules do not catch yet; strict, so a fix shows up as XPASS.


@pytest.mark.xfail(strict=True, reason="the genitive of the surname Перов is a form of Перово")
def test_surname_in_the_genitive() -> None:
    assert tag_districts("Картины Перова висят в Третьяковке.") == []


@pytest.mark.xfail(strict=True, reason="«городской округ» of Moscow Oblast is not recognised")
def test_namesake_town_in_moscow_oblast() -> None:
    assert tag_districts("Беспилотники сбиты над городскими округами Раменки и Домодедово.") == []


@pytest.mark.xfail(strict=True, reason="a place name followed by another city is not checked")
def test_red_square_of_another_city() -> None:
    assert tag_districts("На Красной площади в Курске собрались люди.") == []


# --- the matches ------------------------------------------------------------------------


def test_match_fields() -> None:
    (match,) = tag_districts("Жители Бибирева пожаловались.")
    assert match == DistrictMatch(
        region="Бибирево",
        kind="district",
        okrug="СВАО",
        start=7,
        stop=15,
        text="Бибирева",
        via="name",
        confidence=0.94,
    )
    with pytest.raises(FrozenInstanceError):
        match.region = "Марфино"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "via"),
    [
        # how a match was found
        ("В Марфине открыли школу.", "name"),
        ("В СВАО открыли школу.", "okrug"),
        ("У метро «Бибирево» открыли кафе.", "metro"),
        ("В Бутове открыли школу.", "alias"),
        ("На ВДНХ открыли каток.", "place"),
    ],
)
def test_via(text: str, via: str) -> None:
    assert {m.via for m in tag_districts(text)} == {via}


def test_metro_gives_the_district_as_a_hint_and_the_okrug_as_a_fact() -> None:
    district, okrug = tag_districts("у станции метро «Бабушкинская»")
    assert (district.region, district.kind, district.okrug) == ("Бабушкинский", "district", "СВАО")
    assert (okrug.region, okrug.kind) == ("СВАО", "okrug")
    assert district.confidence < okrug.confidence
    assert (district.start, district.stop) == (okrug.start, okrug.stop)


@pytest.mark.parametrize(
    ("stronger", "weaker"),
    [
        # a resident or unit word before the name beats a preposition
        ("Жители Бибирева пожаловались.", "В Бибиреве пожаловались."),
        # a preposition beats nothing
        ("В Бибиреве пожаловались.", "Бибирево пожаловалось."),
        # a capital beats lower case
        ("Бибирево пожаловалось.", "бибирево пожаловалось."),
        # a gazetteer name beats a notable place
        ("Концерт в Хамовниках.", "Концерт в Лужниках."),
        # an okrug's full name beats its short name
        ("Восточный административный округ", "Восточный округ"),
    ],
)
def test_confidence_order(stronger: str, weaker: str) -> None:
    (first,) = tag_districts(stronger)
    (second,) = tag_districts(weaker)
    assert first.confidence > second.confidence


def test_confidences_are_between_zero_and_one() -> None:
    for _, marked, _ in CASES:
        text, _ = unmark(marked)
        assert all(0 < m.confidence <= 1 for m in tag_districts(text))


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "—", "12 345", "Hello, world"])
def test_nothing_to_find(text: str) -> None:
    assert tag_districts(text) == []
    assert suggest_regions(text) == []


def test_offsets_survive_a_long_text() -> None:
    filler = "Погода сегодня ясная, без осадков. " * 200
    text = filler + "Жители Марфина пожаловались."
    (match,) = tag_districts(text)
    assert text[match.start : match.stop] == "Марфина"


# --- suggest_regions --------------------------------------------------------------------


def test_suggestions_merge_mentions_of_one_region() -> None:
    text = "Жители Бибирева пожаловались. В Бибиреве тоже. Марфино молчит."
    bibirevo, marfino = suggest_regions(text)
    assert isinstance(bibirevo, RegionSuggestion)
    assert (bibirevo.region, bibirevo.kind, bibirevo.okrug) == ("Бибирево", "district", "СВАО")
    assert [m.text for m in bibirevo.evidence] == ["Бибирева", "Бибиреве"]
    assert bibirevo.confidence > max(m.confidence for m in bibirevo.evidence)
    assert marfino.region == "Марфино"
    assert bibirevo.confidence > marfino.confidence


def test_suggestions_merge_metro_and_name_evidence() -> None:
    text = "У метро «Бабушкинская» открыли кафе. Жители Бабушкинского района довольны."
    suggestions = {s.region: s for s in suggest_regions(text)}
    assert set(suggestions) == {"Бабушкинский", "СВАО"}
    assert [m.via for m in suggestions["Бабушкинский"].evidence] == ["metro", "name"]


def test_title_weighs_more_than_the_text() -> None:
    text = "В Марфине открыли школу. В Бибиреве открыли школу."
    assert [s.region for s in suggest_regions(text)] == ["Марфино", "Бибирево"]
    assert [s.region for s in suggest_regions(text, title="Бибирево: новая школа")] == [
        "Бибирево",
        "Марфино",
    ]
    (with_title, _) = suggest_regions(text, title="Бибирево: новая школа")
    assert with_title.evidence[0].text == "Бибирево"  # the title's match comes first


def test_ties_go_to_the_region_mentioned_first() -> None:
    assert [s.region for s in suggest_regions("В Ясеневе и в Строгине.")] == ["Ясенево", "Строгино"]
    assert [s.region for s in suggest_regions("В Строгине и в Ясеневе.")] == ["Строгино", "Ясенево"]


def test_okrugs_and_districts_are_suggested_side_by_side() -> None:
    suggestions = suggest_regions("В СВАО, в Марфине, открыли школу.")
    assert {(s.region, s.kind) for s in suggestions} == {("СВАО", "okrug"), ("Марфино", "district")}


def test_new_moscow_is_both_new_okrugs() -> None:
    suggestions = suggest_regions("В Новой Москве построят дороги.")
    assert {(s.region, s.okrug) for s in suggestions} == {("НАО", "НАО"), ("ТАО", "ТАО")}


# --- the gazetteer ----------------------------------------------------------------------


def test_gazetteer_regions_match_the_data() -> None:
    regions = load_gazetteer().regions
    okrugs = {name for name, region in regions.items() if region.kind == "okrug"}
    assert okrugs == OKRUGS
    assert sum(1 for region in regions.values() if region.kind != "okrug") == 146
    assert regions["Троицк"].kind == "city_district"
    assert regions["Сосенское"].okrug == "НАО"
    assert regions["Вороновское"].okrug == "ТАО"
    assert load_gazetteer() is load_gazetteer()


def test_aliases_point_at_known_regions_and_name_a_source() -> None:
    regions = load_gazetteer().regions
    rows = read_csv("aliases.csv")
    assert rows
    for row in rows:
        assert row["kind"] in {"alias", "place"}, row
        assert row["region"] in regions, row
        assert row["source"].strip(), row


def test_stations_lie_in_known_districts() -> None:
    regions = load_gazetteer().regions
    for row in read_csv("metro_stations.csv"):
        assert row["district"] in regions, row


def test_a_small_gazetteer_can_be_built_from_rows() -> None:
    gazetteer = Gazetteer(
        okrugs=[{"abbrev": "СВАО", "name": "Северо-Восточный", "direction": "северо-восток"}],
        districts=[{"name": "Марфино", "kind": "district", "okrug": "Северо-Восточный"}],
        stations=[],
        aliases=[],
        context_words=read_csv("context_words.csv"),
    )
    assert [m.region for m in tag_districts("В Марфине и Бибиреве", gazetteer)] == ["Марфино"]


def test_bad_alias_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="alias or place"):
        Gazetteer(
            okrugs=[{"abbrev": "СВАО", "name": "Северо-Восточный"}],
            districts=[{"name": "Марфино", "kind": "district", "okrug": "Северо-Восточный"}],
            stations=[],
            aliases=[{"name": "Марфа", "kind": "nickname", "region": "Марфино"}],
            context_words=[],
        )


# --- the module ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module",
    package_modules(districts_module),
    ids=lambda module: module.__name__,
)
def test_docstring_examples(module: ModuleType) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_imports_without_django() -> None:
    code = (
        "import sys, vestnik.enrichment.districts as d; "
        "d.tag_districts('в Марфине'); "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    source = Path(districts_module.__file__).resolve().parents[3]
    environment = {**os.environ, "PYTHONPATH": str(source)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-c", code], check=True, env=environment)
