"""Search queries: what a reader types becomes the terms the index stores, and nothing else."""

import doctest
from dataclasses import FrozenInstanceError

import pytest

from vestnik.language import SearchQuery, analyze_terms, parse_query
from vestnik.language import query as query_module
from vestnik.language.query import MAX_QUERY_CHARS, MAX_QUERY_PARTS


def _parts(parsed: SearchQuery) -> int:
    return len(parsed.terms) + len(parsed.phrases) + len(parsed.excluded)


def _all_terms(parsed: SearchQuery) -> list[str]:
    found = list(parsed.terms)
    for group in (*parsed.phrases, *parsed.excluded):
        found.extend(group)
    return found


@pytest.mark.parametrize(
    ("query_form", "document_form"),
    [
        # падежи: the query's form meets the document's form on one term
        ("производствах", "Производство"),
        ("производство", "на производствах"),
        ("Собянину", "Сергей Собянин"),
        ("собянина", "Собяниным"),
        ("парке", "в парках"),
        # прилагательные и глаголы
        ("новых", "Новое"),
        ("открыли", "откроют"),
        # топонимы, typed in lower case as readers do
        ("медведково", "в Южном Медведкове"),
        ("алабушеве", "Алабушево"),
        ("бирюлево", "Бирюлёве"),
        # ё, case and stress marks do not matter
        ("БИРЮЛЁВО", "бирюлево"),
        ("за\u0301мок", "замок"),
    ],
)
def test_every_form_gives_the_document_term(query_form: str, document_form: str) -> None:
    parsed = parse_query(query_form)
    assert len(parsed.terms) == 1
    assert parsed.terms[0] in analyze_terms(document_form)


@pytest.mark.parametrize(
    ("text", "terms", "phrases"),
    [
        # простые слова: required terms in the reader's order
        ("производства Собянина", ("производство", "собянин"), ()),
        ("Собянин собянина СОБЯНИНУ", ("собянин",), ()),
        # кавычки: every style opens a phrase
        ('"Южное Медведково"', (), (("южный", "медведково"),)),
        ("«Южное Медведково»", (), (("южный", "медведково"),)),
        ("„Южное Медведково“", (), (("южный", "медведково"),)),
        ("“Южное Медведково”", (), (("южный", "медведково"),)),
        ('парк "мэр Москвы" школа', ("парк", "школа"), (("мэр", "москва"),)),
        ("«мэр Москвы» «мэр Москвы»", (), (("мэр", "москва"),)),
        # quotes glued to words still open a phrase
        ('парк"мэр Москвы"', ("парк",), (("мэр", "москва"),)),
        # незакрытая кавычка runs to the end
        ('"мэр Москвы', (), (("мэр", "москва"),)),
        ("парк «мэр Москвы открыл", ("парк",), (("мэр", "москва", "открыть"),)),
        # nested «ёлочки»: the first » closes, the stray one is punctuation
        ("«парк «Зарядье»» Москва", ("москва",), (("парк", "зарядье"),)),
        # a quoted single word is a term
        ("«Собянин»", ("собянин",), ()),
        ('"Технополис" Москва', ("технополис", "москва"), ()),
        # a phrase that shrinks to one term through stop words is a term
        ('"мэр и"', ("мэр",), ()),
        ("«и в на»", (), ()),
        # stop words inside a phrase go, its order stays
        ("«мэр и Собянин»", (), (("мэр", "собянин"),)),
        # a word that analyses to several terms is a phrase
        ("mos.ru", (), (("mos", "ru"),)),
        ("новости mos.ru", ("новость",), (("mos", "ru"),)),
        # дефис: a hyphenated word is one word
        ("северо-восточный", ("северо-восточный",), ()),
        ("Северо-Восточного округа", ("северо-восточный", "округ"), ()),
        ("интернет-магазин", ("интернет-магазин",), ()),
        ("2023-2024", ("2023-2024",), ()),
        # break characters split words typed without a space
        ("Москва,Бибирево", ("москва", "бибирево"), ()),
        ("title:москва", ("title", "москва"), ()),
    ],
)
def test_terms_and_phrases(
    text: str, terms: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]
) -> None:
    parsed = parse_query(text)
    assert parsed.terms == terms
    assert parsed.phrases == phrases
    assert parsed.excluded == ()
    assert not parsed.truncated


@pytest.mark.parametrize(
    ("text", "terms", "excluded"),
    [
        # исключения: a word or a phrase after a minus
        ("парк -Бирюлёво", ("парк",), (("бирюлево",),)),
        ("-Бирюлёве парк", ("парк",), (("бирюлево",),)),
        ('парк -"мэр Москвы"', ("парк",), (("мэр", "москва"),)),
        ("парк -«мэр Москвы»", ("парк",), (("мэр", "москва"),)),
        ("парк -„мэр Москвы“", ("парк",), (("мэр", "москва"),)),
        ("парк -mos.ru", ("парк",), (("mos", "ru"),)),
        ("парк −Бирюлёво", ("парк",), (("бирюлево",),)),  # U+2212 minus
        ("парк -Бирюлёво -Бирюлево", ("парк",), (("бирюлево",),)),
        # an excluded phrase may shrink to one term, and stays excluded
        ('парк -"и Бирюлёво"', ("парк",), (("бирюлево",),)),
        # the minus must start the token
        ("северо-восточный -округ", ("северо-восточный",), (("округ",),)),
        ("парк-школа", ("парк-школа",), ()),
        # a lone minus, a dash or a double minus is punctuation
        ("парк - школа", ("парк", "школа"), ()),
        ("парк -- школа", ("парк", "школа"), ()),
        ("--школа", ("школа",), ()),
        ("парк — школа", ("парк", "школа"), ()),
        ("-", (), ()),
        ("- -- ---", (), ()),
        # an exclusion of stop words or junk is nothing
        ("парк -и -* -()", ("парк",), ()),
        ('парк -""', ("парк",), ()),
        # the same word may be required and excluded: the backend finds nothing, honestly
        ("Москва -Москва", ("москва",), (("москва",),)),
    ],
)
def test_exclusions(
    text: str, terms: tuple[str, ...], excluded: tuple[tuple[str, ...], ...]
) -> None:
    parsed = parse_query(text)
    assert parsed.terms == terms
    assert parsed.excluded == excluded
    assert parsed.phrases == ()


@pytest.mark.parametrize(
    "text",
    [
        # пустые запросы
        "",
        " ",
        "\n\t ",
        # только стоп-слова
        "и",
        "и в на",
        "не про это",
        "«и в на»",
        # только исключения
        "-Бирюлёво",
        '-"мэр Москвы" -парк',
        # только знаки
        "***",
        "«»",
        '""',
        "—",
        "...",
        "🙂👍",
    ],
)
def test_empty_queries(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.is_empty
    assert parsed.terms == ()
    assert parsed.phrases == ()


_HOSTILE = [
    # синтаксис полнотекстового поиска и булевы операторы
    "*",
    "парк*",
    "(парк)",
    "((()))",
    "парк NEAR школа",
    "NEAR(парк школа)",
    "парк AND школа OR NOT сквер",
    "AND OR NOT",
    "парк^2",
    "title:парк",
    "парк; школа",
    "'парк'",
    "100%",
    "%парк%",
    "_",
    "парк_школа",
    "\\",
    "\\\\парк\\",
    "парк~2 +школа |сквер",
    "{парк} [школа] <сквер>",
    # SQL
    "'; DROP TABLE x; --",
    "' OR '1'='1",
    "парк'); DELETE FROM news_article; --",
    "1; SELECT pg_sleep(10)",
    # управляющие символы
    "\x00",
    "парк\x00школа",
    "\x00\x01\x02\x07\x1b[31m",
    "\x7f\x85\x9f",
    "\u200b\ufeff\u2028",
    "\ud800 парк \udfff",
    # смешение латиницы и кириллицы
    "Мoсква",
    "Mосква iPhone Москва",
    "parkПарк",
    # кавычки и минусы в любых сочетаниях
    '"',
    '-"',
    '""""""',
    "«««»»»",
    '-"-"-"-',
    "„“”«»\"'",
    ":-)",
    "-(",
    "−−−",
]


@pytest.mark.parametrize("text", _HOSTILE)
def test_hostile_input_gives_plain_terms(text: str) -> None:
    parsed = parse_query(text)
    for term in _all_terms(parsed):
        assert term
        assert term == term.strip()
        # no operator or quote character ever reaches the backend as a term of its own
        assert term not in {"*", "(", ")", "^", ":", ";", "'", "%", "_", "\\", "-", '"'}
        assert "\x00" not in term
    assert all(len(phrase) >= 2 for phrase in parsed.phrases)
    assert all(len(group) >= 1 for group in parsed.excluded)
    assert _parts(parsed) <= MAX_QUERY_PARTS


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # the words survive, the syntax does not
        ("парк*", ("парк",)),
        ("(парк)", ("парк",)),
        ("парк^2", ("парк", "2")),
        ("'парк'", ("парк",)),
        ("%парк%", ("парк",)),
        ("парк\x00школа", ("парк", "школа")),
        ("NEAR(парк школа)", ("near", "парк", "школа")),
        ("'; DROP TABLE x; --", ("drop", "table", "x")),
        ("Мoсква", ("москва",)),  # a Latin «o» inside
        ("Mосква iPhone Москва", ("москва", "iphone")),
    ],
)
def test_hostile_input_keeps_the_words(text: str, terms: tuple[str, ...]) -> None:
    assert parse_query(text).terms == terms


@pytest.mark.parametrize(
    "text",
    [
        # длинный ввод: cut, never refused
        "Собянин открыл производство в Алабушеве. " * 250,
        " ".join(str(number) for number in range(2500)),
        "а" * 10_240,
        "«" + "парк " * 2048,
        "-" * 10_240,
        "\x00" * 10_240,
        '"' * 10_240,
    ],
)
def test_ten_kilobytes(text: str) -> None:
    assert len(text) >= 10_000
    parsed = parse_query(text)
    assert parsed.truncated
    assert _parts(parsed) <= MAX_QUERY_PARTS
    assert all(_all_terms(parsed))


@pytest.mark.parametrize(
    ("text", "truncated"),
    [
        # по длине
        ("парк " * (MAX_QUERY_CHARS // 5), False),
        ("парк " * (MAX_QUERY_CHARS // 5) + "школа", True),
        # по числу частей
        (" ".join(str(number) for number in range(MAX_QUERY_PARTS)), False),
        (" ".join(str(number) for number in range(MAX_QUERY_PARTS + 1)), True),
        # repeated parts are not counted twice
        (" ".join(["парк"] * 100), False),
    ],
)
def test_truncated_flag(text: str, truncated: bool) -> None:
    assert parse_query(text).truncated is truncated


def test_parts_over_the_limit_are_dropped_in_order() -> None:
    words = [str(number) for number in range(MAX_QUERY_PARTS + 4)]
    parsed = parse_query(" ".join(words[:10]) + ' "мэр Москвы" -парк ' + " ".join(words[10:]))
    assert _parts(parsed) == MAX_QUERY_PARTS
    assert parsed.phrases == (("мэр", "москва"),)
    assert parsed.excluded == (("парк",),)
    assert len(parsed.terms) == MAX_QUERY_PARTS - 2
    assert parsed.terms == tuple(words[: MAX_QUERY_PARTS - 2])


def test_length_cut_keeps_whole_words() -> None:
    # «производствах» straddles the limit: cutting inside it would search for «произво»
    text = "парк " * ((MAX_QUERY_CHARS - 3) // 5) + "производствах"
    assert len(text) > MAX_QUERY_CHARS
    parsed = parse_query(text)
    assert parsed.truncated
    assert parsed.terms == ("парк",)


def test_highlight_terms() -> None:
    parsed = parse_query('Собянину «новые производства» -Бирюлёво -"мэр Москвы" mos.ru')
    assert parsed.highlight_terms() == frozenset({"собянин", "новый", "производство", "mos", "ru"})
    assert parse_query("-Бирюлёво").highlight_terms() == frozenset()


def test_search_query_is_frozen() -> None:
    parsed = parse_query("парк")
    with pytest.raises(FrozenInstanceError):
        parsed.terms = ()  # type: ignore[misc]


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(query_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0
    assert failures == 0
