"""The evaluation harness of bench/quality.py on its own small data: the figures it reports
stay above floors, and the classic traps of the geo-tagger stay caught.

Duplicates and «Читайте также» need the real posts of ../shared/data and are skipped
without them (set VESTNIK_TELEGRAM_POSTS to point elsewhere).
"""

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
POSTS = Path(
    os.environ.get(
        "VESTNIK_TELEGRAM_POSTS",
        REPO_ROOT.parent / "shared" / "data" / "telegram_news_posts.jsonl.gz",
    )
)
# The traps the issue names, each a phenomenon of the tagger's tables.
TRAPS = ("округ, а не район", "аэропорт не район", "вокзал не район", "птица сокол")


@pytest.fixture(scope="module")
def quality() -> ModuleType:
    sys.path.insert(0, str(REPO_ROOT / "bench"))
    try:
        return importlib.import_module("quality")
    finally:
        sys.path.remove(str(REPO_ROOT / "bench"))


@pytest.fixture(scope="module")
def posts(quality: ModuleType) -> list[dict]:
    if not POSTS.is_file():
        pytest.skip(f"{POSTS} is absent: ../shared/data is not beside this checkout")
    return quality.read_posts(POSTS)


# --- geo-tagging ------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["GEO_DEV", "GEO_HELDOUT"])
def test_geo_traps_find_nothing_wrong(quality: ModuleType, table: str) -> None:
    evaluation = quality.evaluate_geo(getattr(quality, table))
    for phenomenon in TRAPS:
        scores = evaluation.groups[phenomenon]
        assert scores.fp == 0, (phenomenon, evaluation.errors)
        assert scores.fn == 0, (phenomenon, evaluation.errors)


def test_geo_held_out_set_stays_accurate(quality: ModuleType) -> None:
    cases = quality.read_geo_cases(quality.GEO_HELDOUT)
    assert len(cases) >= 60
    evaluation = quality.evaluate_geo(quality.GEO_HELDOUT)
    assert evaluation.overall.precision >= 0.95
    assert evaluation.overall.recall >= 0.95
    assert evaluation.traps_passed >= evaluation.traps - 3


@pytest.mark.parametrize(
    ("sentence", "region"),
    [
        ("Новогодняя ярмарка в Марфине начнёт работу в пятницу.", "Марфино"),
        ("Для жителей Бибирева откроют ещё одну поликлинику.", "Бибирево"),
        ("В Южном Медведкове заработал новый центр госуслуг.", "Южное Медведково"),
        ("Встречу назначили у станции метро «Бабушкинская».", "Бабушкинский"),
    ],
)
def test_the_forms_the_issue_names_are_in_the_held_out_set(
    quality: ModuleType, sentence: str, region: str
) -> None:
    cases = {case.text: case.expected for case in quality.read_geo_cases(quality.GEO_HELDOUT)}
    assert region in cases[sentence]
    assert region in quality.find_regions(sentence)


# --- entities ---------------------------------------------------------------------------


def test_entities_stay_above_their_floor(quality: ModuleType) -> None:
    from vestnik.enrichment.entities import load_ner_models

    evaluation = quality.evaluate_entities(quality.ENTITY_CASES, load_ner_models())
    assert evaluation.overall.f1 >= 0.8
    for phenomenon in ("падеж персоны", "полное имя с отчеством", "организация в кавычках"):
        assert evaluation.groups[phenomenon].f1 == 1.0, evaluation.errors


# --- duplicates and «Читайте также», on real posts --------------------------------------


def test_duplicates_raise_no_false_alarm(quality: ModuleType, posts: list[dict]) -> None:
    pairs = quality.duplicate_pairs(posts, quality.read_stories(), sources=12, seed=7)
    kinds = {pair.kind for pair in pairs}
    assert {"shortened", "lines added", "same story, rewritten (real)"} <= kinds
    evaluation = quality.evaluate_duplicates(pairs)
    assert evaluation.overall.fp == 0
    assert evaluation.groups["shortened"].recall >= 0.9
    assert evaluation.groups["lines added"].recall >= 0.9
    assert evaluation.overall.recall >= 0.6


def test_related_scorer_finds_the_story(quality: ModuleType, posts: list[dict]) -> None:
    stories = quality.read_stories()
    pool = quality.evaluation_pool(posts, stories, 300, seed=7)
    archive = quality.Archive(pool, 7, needed=len(pool))
    targets = quality.story_targets(archive, archive.analysed_posts, stories)
    assert len(targets) >= 140  # the 149 clustered posts, less those without a headline
    scores = quality.evaluate_related(quality.profiles_of(archive, archive.analysed_posts), targets)
    assert scores.targets == len(targets)
    assert scores.precision >= 0.5
    assert scores.recall >= 0.6
