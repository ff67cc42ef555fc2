"""Near-duplicates: shingles, MinHash, LSH bands and the exact check that confirms."""

import doctest
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vestnik.enrichment import duplicates as duplicates_module
from vestnik.enrichment.duplicates import (
    DuplicateVerdict,
    band_keys,
    containment,
    jaccard,
    judge_duplicate,
    minhash_signature,
    shingle_terms,
)
from vestnik.language import analyze_terms

# A prefecture press release as the first outlet published it (183 words).
ORIGINAL = (
    "В Бирюлёве Западном завершили капитальный ремонт детской поликлиники на Харьковской "
    "улице. Здание, построенное в 1978 году, впервые за сорок пять лет получило новые "
    "инженерные сети, окна и кровлю. Рабочие заменили более двух километров труб отопления "
    "и водоснабжения, установили современную систему вентиляции и два лифта, в которых "
    "помещается детская коляска. Внутри появились просторные холлы с игровыми зонами, "
    "пеленальные комнаты и отдельный вход для заболевших детей, чтобы они не встречались "
    "в очереди со здоровыми. Для маленьких пациентов закупили более ста единиц "
    "медицинского оборудования, в том числе аппарат ультразвуковой диагностики экспертного "
    "класса, цифровой рентген и кабинет офтальмолога с новыми приборами для проверки "
    "зрения. Поликлиника обслуживает около двадцати тысяч детей из Бирюлёва Западного и "
    "соседнего Бирюлёва Восточного. На время ремонта приём вели в филиале на "
    "Булатниковской улице, куда родителям приходилось ездить с пересадкой. Теперь врачи "
    "вернулись в основное здание, а запись к специалистам открыта через портал mos.ru и "
    "мобильное приложение «ЕМИАС». Как рассказали в пресс-службе департамента "
    "здравоохранения, до конца года в Южном административном округе по новому стандарту "
    "обновят ещё четыре детские поликлиники. Программа капитального ремонта медицинских "
    "учреждений города рассчитана до 2026 года и включает более четырёхсот зданий."
)
# The same release retouched by a second outlet: «завершили» → «закончили», «более» →
# «свыше», «просторные» → «светлые»; the sentence about the temporary branch dropped and
# one about the head doctor added.
EDITED = (
    "В Бирюлёве Западном закончили капитальный ремонт детской поликлиники на Харьковской "
    "улице. Здание, построенное в 1978 году, впервые за сорок пять лет получило новые "
    "инженерные сети, окна и кровлю. Рабочие заменили свыше двух километров труб отопления "
    "и водоснабжения, установили современную систему вентиляции и два лифта, в которых "
    "помещается детская коляска. Внутри появились светлые холлы с игровыми зонами, "
    "пеленальные комнаты и отдельный вход для заболевших детей, чтобы они не встречались "
    "в очереди со здоровыми. Для маленьких пациентов закупили более ста единиц "
    "медицинского оборудования, в том числе аппарат ультразвуковой диагностики экспертного "
    "класса, цифровой рентген и кабинет офтальмолога с новыми приборами для проверки "
    "зрения. Поликлиника обслуживает около двадцати тысяч детей из Бирюлёва Западного и "
    "соседнего Бирюлёва Восточного. Теперь врачи "
    "вернулись в основное здание, а запись к специалистам открыта через портал mos.ru и "
    "мобильное приложение «ЕМИАС». Как рассказали в пресс-службе департамента "
    "здравоохранения, до конца года в Южном административном округе по новому стандарту "
    "обновят ещё четыре детские поликлиники. Программа капитального ремонта медицинских "
    "учреждений города рассчитана до 2026 года и включает более четырёхсот зданий. "
    "Главный врач поликлиники Ирина Соколова поблагодарила жителей района за терпение."
)
# A reporter's own piece on the same reopening, written from scratch.
SAME_STORY = (
    "Родители из Бирюлёва Западного оценили детскую поликлинику на Харьковской улице, "
    "которая снова принимает маленьких пациентов после капитального ремонта. Мама двоих "
    "школьников Анна Петрова рассказала нашему корреспонденту, что раньше в узких "
    "коридорах было душно и тесно, а теперь можно спокойно дождаться своей очереди на "
    "мягком диване у большого окна. Больше всего ей понравилось, что ребёнка с "
    "температурой теперь ведут через отдельный вход и он не заражает других. Отец "
    "трёхлетней Маши Дмитрий добавил, что наконец-то не нужно возить дочку на другой "
    "конец района: весь прошлый год семья ездила на приём на двух автобусах. Пожилые "
    "жители соседних домов тоже заметили перемены: вокруг здания положили новый асфальт, "
    "поставили скамейки и посадили молодые липы. Впрочем, не всё прошло гладко. Несколько "
    "родителей пожаловались, что в первые дни после открытия электронная очередь "
    "работала с перебоями, а талоны к лору и неврологу разбирали за считанные минуты. В "
    "администрации поликлиники пообещали добавить вечерние часы приёма и пригласить ещё "
    "двух педиатров к осени. Редакция продолжит следить за тем, как работает обновлённое "
    "здание, и ждёт ваших отзывов в комментариях."
)
# Another district, another story.
OTHER_TOPIC = (
    "На складе в промышленной зоне Люблина ночью загорелись деревянные поддоны. Пламя "
    "быстро перекинулось на крышу ангара площадью около тысячи квадратных метров. Сигнал "
    "о возгорании поступил на пульт дежурного в половине третьего, и уже через семь минут "
    "на место прибыли первые пожарные расчёты. Всего в тушении участвовали более "
    "шестидесяти человек и двадцать единиц техники, в том числе пожарный поезд и "
    "вертолёт. Огонь удалось локализовать к рассвету. Пострадавших нет: охранник успел "
    "покинуть здание и вызвать спасателей. Жителей ближайших домов попросили закрыть окна "
    "из-за густого дыма, который был виден даже из Марьина и Печатников. Причины пожара "
    "устанавливают дознаватели, среди версий рассматривают неисправность электропроводки "
    "и нарушение правил хранения горючих материалов. Владелец склада уже оценил ущерб в "
    "несколько миллионов рублей. По данным управы, в прошлом году на этой же территории "
    "уже случался пожар, после которого арендаторам выдали предписание установить "
    "автоматическую систему пожаротушения. Проверка покажет, было ли оно выполнено. "
    "Соседние предприятия работают в обычном режиме, движение по улице не перекрывали."
)


def _first_half(text: str) -> str:
    """The first half of the sentences: how an outlet short of space shortens a release."""
    sentences = re.split(r"(?<=\.) ", text)
    return " ".join(sentences[: len(sentences) // 2])


SHORTENED = _first_half(ORIGINAL)
BRIEF = "Поликлиника обслуживает около двадцати тысяч детей."


def shingles_of(text: str) -> frozenset[int]:
    return shingle_terms(analyze_terms(text))


# --- the texts are what the tests claim ---------------------------------------------


def test_the_texts_are_realistic_lengths() -> None:
    for text in (ORIGINAL, EDITED, SAME_STORY, OTHER_TOPIC):
        assert len(text.split()) >= 150
    assert len(SHORTENED.split()) < len(ORIGINAL.split()) * 0.6


# --- shingles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "size", "count"),
    [
        # every run of four terms: n - 3 shingles
        (["новый", "технопарк", "открыться", "зеленоград", "стартап"], 4, 2),
        (["а", "б", "в", "г", "д", "е", "ж"], 4, 4),
        # exactly «size» terms: one shingle
        (["новый", "технопарк", "открыться", "зеленоград"], 4, 1),
        # shorter than «size»: still one shingle of all the terms, so a brief has a set
        (["новый", "технопарк"], 4, 1),
        (["технопарк"], 4, 1),
        # no terms, no shingles
        ([], 4, 0),
        # a repeated run is one shingle: a set, not a bag
        (["раз", "два", "раз", "два", "раз", "два"], 2, 2),
        # other sizes
        (["а", "б", "в", "г", "д"], 1, 5),
        (["а", "б", "в", "г", "д"], 3, 3),
    ],
)
def test_shingle_count(terms: list[str], size: int, count: int) -> None:
    assert len(shingle_terms(terms, size)) == count


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the order of terms matters inside a shingle
        (["новый", "технопарк"], ["технопарк", "новый"]),
        # the join cannot shift a boundary: «а б»+«в» is not «а»+«б в»
        (["а б", "в"], ["а", "б в"]),
        # a short text is not the same shingle as a longer one it starts
        (["новый", "технопарк"], ["новый", "технопарк", "открыться"]),
    ],
)
def test_shingles_that_must_differ(first: list[str], second: list[str]) -> None:
    assert shingle_terms(first) != shingle_terms(second)


def test_shingles_are_64_bit_unsigned() -> None:
    for shingle in shingles_of(ORIGINAL):
        assert 0 <= shingle < 2**64


def test_lemmas_make_word_forms_meet() -> None:
    # Shingles are cut from lemmas: a change of case or tense is no change at all.
    assert shingles_of("заменили трубы отопления в поликлинике") == shingles_of(
        "заменят трубу отопления в поликлиниках"
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: shingle_terms(["а"], 0), "shingle size"),
        (lambda: minhash_signature({1}, 0), "permutations"),
        (lambda: band_keys((1, 2, 3), 0), "bands"),
        # 128 values do not split into 3 equal bands, nor into more bands than values
        (lambda: band_keys(tuple(range(128)), 3), "equal bands"),
        (lambda: band_keys((1, 2), 4), "equal bands"),
    ],
)
def test_invalid_parameters(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# --- stability: a stored signature must mean the same tomorrow ----------------------

STABLE_TERMS = ["новый", "технопарк", "открыться", "зеленоград", "стартап"]


def test_shingle_hashes_are_fixed() -> None:
    # BLAKE2b, not hash(): if this changes, every stored signature is stale.
    assert sorted(shingle_terms(STABLE_TERMS)) == [4086932388577100238, 15376935488180140436]


def test_signature_is_fixed() -> None:
    shingles = shingle_terms(STABLE_TERMS)
    first = minhash_signature(shingles)
    second = minhash_signature(set(shingles))
    assert first == second
    assert len(first) == 128
    assert first[:4] == (
        785274352220243947,
        14766580152599552,
        90896723424224064,
        2038543856173849354,
    )
    assert band_keys(first)[:2] == ["b0:7ff798b0d36f1f5f", "b1:8e16bf35dfc3c4d6"]


def test_signature_depends_on_the_seed_and_extends_with_permutations() -> None:
    shingles = shingle_terms(STABLE_TERMS)
    assert minhash_signature(shingles, seed=2)[:2] == (321978479618907808, 1529950355568172868)
    # The permutations are drawn one by one from the seed: fewer of them are a prefix.
    assert minhash_signature(shingles, permutations=4) == minhash_signature(shingles)[:4]


def test_signature_is_the_same_in_another_process() -> None:
    # A different PYTHONHASHSEED changes hash() of every str; it must change nothing here.
    code = (
        "from vestnik.enrichment.duplicates import minhash_signature, shingle_terms; "
        f"print(minhash_signature(shingle_terms({STABLE_TERMS!r}))[:8])"
    )
    source = Path(duplicates_module.__file__).resolve().parents[2]
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(source)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert result.stdout.strip() == str(minhash_signature(shingle_terms(STABLE_TERMS))[:8])


def test_signature_values_fit_an_unsigned_bigint_column() -> None:
    assert all(0 <= value < 2**61 for value in minhash_signature(shingles_of(ORIGINAL)))


# --- empty input --------------------------------------------------------------------


def test_empty_text_has_no_signature_and_no_keys() -> None:
    assert shingles_of("") == frozenset()
    assert shingles_of("и в на, — !") == frozenset()
    assert minhash_signature(frozenset()) == ()
    assert band_keys(()) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (frozenset(), frozenset()),
        (frozenset(), shingles_of(ORIGINAL)),
        (shingles_of(ORIGINAL), frozenset()),
    ],
)
def test_empty_is_never_a_duplicate(a: frozenset[int], b: frozenset[int]) -> None:
    verdict = judge_duplicate(a, b)
    assert verdict == DuplicateVerdict(False, 0.0, 0.0, verdict.reason)
    assert verdict.reason.startswith("empty")


# --- the exact measures -------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({1, 2, 3}, {1, 2, 3}, 1.0),
        ({1, 2, 3}, {2, 3, 4}, 0.5),
        ({1, 2}, {3, 4}, 0.0),
        # symmetric, and any collection will do
        ([1, 2, 3, 4], (1,), 0.25),
        ((1,), [1, 2, 3, 4], 0.25),
        # nothing on either side: nothing repeated
        (set(), set(), 0.0),
        ({1}, set(), 0.0),
    ],
)
def test_jaccard(a: set[int], b: set[int], expected: float) -> None:
    assert jaccard(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # a short extract lies wholly inside the original; not the other way round
        ({1, 2}, {1, 2, 3, 4}, 1.0),
        ({1, 2, 3, 4}, {1, 2}, 0.5),
        ({1, 2, 3, 4}, {1, 5, 6, 7, 8, 9}, 0.25),
        ({1, 2}, {3}, 0.0),
        (set(), {1}, 0.0),
        ({1}, set(), 0.0),
    ],
)
def test_containment(a: set[int], b: set[int], expected: float) -> None:
    assert containment(a, b) == expected


# --- the verdict on realistic texts -------------------------------------------------


@pytest.mark.parametrize(
    ("incoming", "existing", "is_duplicate", "rule"),
    [
        # the same text again
        (ORIGINAL, ORIGINAL, True, "jaccard"),
        # a lightly edited copy: three words changed, a sentence dropped, one added
        (EDITED, ORIGINAL, True, "jaccard"),
        (ORIGINAL, EDITED, True, "jaccard"),
        # the first half of the release: found by containment, not by Jaccard
        (SHORTENED, ORIGINAL, True, "containment"),
        # ... and asymmetric: the full release is not a copy of its extract
        (ORIGINAL, SHORTENED, False, "different"),
        # the same story written separately shares names and a phrase, not the text
        (SAME_STORY, ORIGINAL, False, "different"),
        (ORIGINAL, SAME_STORY, False, "different"),
        # another story altogether
        (OTHER_TOPIC, ORIGINAL, False, "different"),
        # one sentence of the release is wholly inside it, but is too short to be a copy
        (BRIEF, ORIGINAL, False, "too short"),
    ],
)
def test_judge_duplicate(incoming: str, existing: str, is_duplicate: bool, rule: str) -> None:
    verdict = judge_duplicate(shingles_of(incoming), shingles_of(existing))
    assert verdict.is_duplicate is is_duplicate, verdict
    assert verdict.reason.startswith(rule), verdict


def test_measured_similarities_are_where_the_docstring_says() -> None:
    original = shingles_of(ORIGINAL)
    edited = judge_duplicate(shingles_of(EDITED), original)
    shortened = judge_duplicate(shingles_of(SHORTENED), original)
    same_story = judge_duplicate(shingles_of(SAME_STORY), original)
    assert 0.65 <= edited.jaccard <= 0.8
    assert shortened.containment == 1.0
    assert 0.45 <= shortened.jaccard < 0.6
    assert same_story.jaccard < 0.05
    assert same_story.containment < 0.05


@pytest.mark.parametrize(
    ("kwargs", "is_duplicate"),
    [
        # the thresholds are the caller's: stricter ones reject the edited copy...
        ({"jaccard_threshold": 0.9, "containment_threshold": 0.95}, False),
        # ...a looser containment accepts it on that rule
        ({"jaccard_threshold": 0.9, "containment_threshold": 0.8}, True),
        ({}, True),
    ],
)
def test_thresholds_are_parameters(kwargs: dict[str, Any], is_duplicate: bool) -> None:
    verdict = judge_duplicate(shingles_of(EDITED), shingles_of(ORIGINAL), **kwargs)
    assert verdict.is_duplicate is is_duplicate


def test_min_shingles_lets_a_short_brief_through_when_asked() -> None:
    brief, original = shingles_of(BRIEF), shingles_of(ORIGINAL)
    assert judge_duplicate(brief, original, min_shingles=1).reason.startswith("containment")


# --- the LSH bands find candidates --------------------------------------------------


def keys_of(text: str) -> set[str]:
    return set(band_keys(minhash_signature(shingles_of(text))))


def test_band_keys_shape() -> None:
    keys = band_keys(minhash_signature(shingles_of(ORIGINAL)))
    assert len(keys) == 32
    assert all(re.fullmatch(r"b\d{1,2}:[0-9a-f]{16}", key) for key in keys)
    assert [key.split(":")[0] for key in keys] == [f"b{index}" for index in range(32)]
    # other layouts of the same 128 values
    assert len(band_keys(minhash_signature(shingles_of(ORIGINAL)), bands=16)) == 16


def test_the_same_rows_in_another_band_are_another_key() -> None:
    keys = band_keys((7, 7, 7, 7), bands=2)
    assert keys[0].split(":")[1] == keys[1].split(":")[1]
    assert keys[0] != keys[1]


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(ORIGINAL, id="identical"),
        pytest.param(EDITED, id="edited"),
        pytest.param(SHORTENED, id="first half"),
    ],
)
def test_near_duplicates_share_a_band(copy: str) -> None:
    assert keys_of(copy) & keys_of(ORIGINAL)


@pytest.mark.parametrize("other", [SAME_STORY, OTHER_TOPIC])
def test_different_articles_share_no_band(other: str) -> None:
    assert not keys_of(other) & keys_of(ORIGINAL)


def test_identical_texts_share_every_band() -> None:
    assert keys_of(ORIGINAL) == keys_of(ORIGINAL)
    assert len(keys_of(ORIGINAL)) == 32


# --- the examples in the docstrings run ---------------------------------------------


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(duplicates_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0
    assert failures == 0
