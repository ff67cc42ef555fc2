"""Search analysis: every form of a word, in a query or in an article, meets on one term."""

import doctest
import os
import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from vestnik.language import Token, analysis, analyze_terms, analyze_text, lemmatize_word

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(
    ("word", "term"),
    [
        # падежи существительных: «производство» in all six cases, singular
        ("производство", "производство"),
        ("производства", "производство"),
        ("производству", "производство"),
        ("производством", "производство"),
        ("производстве", "производство"),
        # ... and plural
        ("производств", "производство"),
        ("производствам", "производство"),
        ("производствами", "производство"),
        ("производствах", "производство"),
        # a capital at the start of a sentence changes nothing
        ("Производства", "производство"),
        # pymorphy scores «парке» evenly between «парк», «парка» and «парок»
        ("парк", "парк"),
        ("парка", "парк"),
        ("парку", "парк"),
        ("парком", "парк"),
        ("парке", "парк"),
        # прилагательные: every gender, number and case goes to the masculine nominative
        ("новых", "новый"),
        ("новые", "новый"),
        ("новое", "новый"),
        ("новая", "новый"),
        ("новой", "новый"),
        ("Новому", "новый"),
        # глаголы
        ("открыли", "открыть"),
        ("открыл", "открыть"),
        ("откроют", "открыть"),
        # фамилии: pymorphy knows the surname, in both genders
        ("Собянин", "собянин"),
        ("Собянина", "собянин"),
        ("Собянину", "собянин"),
        ("Собяниным", "собянин"),
        ("Собянине", "собянин"),
        ("Сергунина", "сергунин"),
        ("Сергуниной", "сергунин"),
        ("Ефимов", "ефимов"),
        ("Ефимова", "ефимов"),
        # names the dictionary does not know are guessed as names, not stemmed
        ("Байден", "байден"),
        ("Байдена", "байден"),
        ("Байдену", "байден"),
        # топонимы
        ("Алабушева", "алабушево"),
        ("Бибиреве", "бибирево"),
        ("Медведково", "медведково"),
        ("Медведкове", "медведково"),
        ("Зеленоград", "зеленоград"),
        ("Зеленограде", "зеленоград"),
        ("Москвы", "москва"),
        ("Сокольники", "сокольники"),
        ("Сокольниках", "сокольники"),
        # топонимы на -ово в косвенных падежах: every form of a listed place
        # (data/places_ru.txt) is the place, not a surname or an adjective
        ("Руднево", "руднево"),
        ("Рудневе", "руднево"),
        ("Руднева", "руднево"),
        ("Рудневу", "руднево"),
        ("Рудневом", "руднево"),
        ("Алабушево", "алабушево"),
        ("Алабушеве", "алабушево"),
        ("Бутово", "бутово"),
        ("Бутове", "бутово"),
        ("Бутовом", "бутово"),
        ("Орехово", "орехово"),
        ("Ореховом", "орехово"),
        ("Марфино", "марфино"),
        ("Марфине", "марфино"),
        ("Бибирево", "бибирево"),
        ("Бибирева", "бибирево"),
        ("Митино", "митино"),
        ("Митине", "митино"),
        ("Остафьево", "остафьево"),
        ("Остафьеве", "остафьево"),
        ("Кокошкину", "кокошкино"),
        ("Царицыне", "царицыно"),
        ("Замоскворечья", "замоскворечье"),
        ("Замоскворечьем", "замоскворечье"),
        # ... and the same in a hyphenated name, one token, with or without its first
        # part declined
        ("Орехово-Борисово", "орехово-борисово"),
        ("Орехове-Борисове", "орехово-борисово"),
        ("Орехово-Борисове", "орехово-борисово"),
        ("Тропарёве-Никулине", "тропарево-никулино"),
        ("Покровском-Стрешневе", "покровское-стрешнево"),
        ("Нагатине-Садовниках", "нагатино-садовники"),
        ("Хорошёво-Мнёвниках", "хорошево-мневники"),
        # ... and in a name of two words each word is the term of its nominative
        ("Тёплый", "теплый"),
        ("Тёплом", "теплый"),
        ("Теплом", "теплый"),
        ("Тёплому", "теплый"),
        ("Стан", "стан"),
        ("Стане", "стан"),
        ("Старое", "старый"),
        ("Старом", "старый"),
        ("Старого", "старый"),
        ("Воробьёвы", "воробьев"),
        ("Воробьёвых", "воробьев"),
        # other names pymorphy declines wrong
        ("Кузьминки", "кузьминки"),
        ("Кузьминках", "кузьминки"),
        ("Савёлки", "савелки"),
        ("Савёлок", "савелки"),
        ("Сосенское", "сосенский"),
        ("Сосенском", "сосенский"),
        # surnames that are no listed place's forms stay surnames
        ("Собянина", "собянин"),
        ("Собянину", "собянин"),
        ("Путина", "путин"),
        ("Путину", "путин"),
        ("Медведева", "медведев"),
        ("Медведеву", "медведев"),
        ("Медведевым", "медведев"),
        # words of the names that pymorphy handles are left to it: «стану» is «стать»
        ("стану", "стать"),
        ("тепло", "тепло"),
        # the place and the surname on the same stem are one term
        ("Митина", "митино"),
        ("Митину", "митино"),
        ("Перове", "перово"),
        ("Пушкин", "пушкино"),
        ("Пушкиным", "пушкино"),
        ("Пушкина", "пушкино"),
        ("Руднев", "руднево"),
        ("Рудневым", "руднево"),
        ("Румянцев", "румянцево"),
        ("Румянцево", "румянцево"),
        # a place not listed, named after a known surname, is the surname
        ("Бекасово", "бекасов"),
        ("Бекасовом", "бекасов"),
        # places that decline as adjectives lemmatise as the adjective
        ("Отрадное", "отрадный"),
        ("Отрадном", "отрадный"),
        ("Отрадного", "отрадный"),
        ("Тверская", "тверской"),
        ("Тверской", "тверской"),
        # an adjective beats a proper name that reads the same form differently
        ("данной", "данный"),
        ("Курском", "курский"),
        ("Беговой", "беговой"),
        # organisations and brands
        ("Технополис", "технополис"),
        ("Технополиса", "технополис"),
        ("Технополисе", "технополис"),
        ("Мосгордумы", "мосгордума"),
        # a hyphenated word stays one word, lemmatised as a whole
        ("Северо-Восточный", "северо-восточный"),
        ("Северо-Восточного", "северо-восточный"),
        ("интернет-магазинах", "интернет-магазин"),
        # ё/е: folded on both sides, in the word and in its lemma
        ("Бирюлёво", "бирюлево"),
        ("Бирюлево", "бирюлево"),
        ("Бирюлёве", "бирюлево"),
        ("ёлка", "елка"),
        ("елка", "елка"),
        ("Семёновича", "семенович"),
        # acronyms the dictionary does not know are kept whole, not stemmed
        ("ВАО", "вао"),
        ("вао", "вао"),
        ("СВАО", "свао"),
        ("МФЦ", "мфц"),
        # unknown common words get their Snowball stem
        ("хабр", "хабр"),
        ("хабре", "хабр"),
        ("хабра", "хабр"),
        ("биткоин", "биткоин"),
        ("биткоинов", "биткоин"),
        # single letters are kept as they are: pymorphy reads «т» as «так»
        ("т", "т"),
        ("Д", "д"),
        # латиница и числа pass through in lower case
        ("Mos.ru", "mos.ru"),
        ("iPhone", "iphone"),
        ("COVID-19", "covid-19"),
        ("2023", "2023"),
        ("35", "35"),
        # stress marks, soft hyphens and a decomposed «й» do not change the term
        ("за\u0301мок", "замок"),
        ("произ\u00adводство", "производство"),
        ("Новыи\u0306", "новый"),
    ],
)
def test_lemmatize_word(word: str, term: str) -> None:
    assert lemmatize_word(word) == term


@pytest.mark.parametrize(
    "word",
    [
        "собянину",
        "руднево",
        "митине",
        "бибирева",
        "тверской",
        "отрадном",
        "бутове",
        "байдена",
        "вао",
        "технополисе",
        "рудневе",
        "бутовом",
        "тёплом",
        "орехове-борисове",
        "кузьминках",
    ],
)
def test_letter_case_does_not_change_the_term(word: str) -> None:
    # Readers type queries in lower case; the article has the capital.
    assert lemmatize_word(word) == lemmatize_word(word.capitalize())
    assert lemmatize_word(word) == lemmatize_word(word.upper())


def test_lemmatize_word_is_cached() -> None:
    assert lemmatize_word.cache_info().maxsize == 200_000
    lemmatize_word("Алабушеве")
    hits = lemmatize_word.cache_info().hits
    lemmatize_word("Алабушеве")
    assert lemmatize_word.cache_info().hits == hits + 1


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # фразы с топонимами
        ("Южное Медведково", ["южный", "медведково"]),
        ("в Южном Медведкове", ["южный", "медведково"]),
        ("Жители Алабушева", ["житель", "алабушево"]),
        ("в Алабушеве и Рудневе", ["алабушево", "руднево"]),
        # топонимы на -ово в косвенных падежах
        ("Жители Руднева и Бутова", ["житель", "руднево", "бутово"]),
        ("за Бутовом и Ореховом", ["бутово", "орехово"]),
        ("Тёплый Стан", ["теплый", "стан"]),
        ("в Тёплом Стане", ["теплый", "стан"]),
        ("в теплом стане", ["теплый", "стан"]),
        ("Старое Крюково", ["старый", "крюково"]),
        ("в Старом Крюкове", ["старый", "крюково"]),
        ("на Воробьёвых горах", ["воробьев", "гора"]),
        ("Воробьёвы горы", ["воробьев", "гора"]),
        ("Орехово-Борисово Северное", ["орехово-борисово", "северный"]),
        ("в Орехове-Борисове Северном", ["орехово-борисово", "северный"]),
        ("Собянина и Путина", ["собянин", "путин"]),
        ("Северо-Восточный округ", ["северо-восточный", "округ"]),
        # стоп-слова: prepositions, conjunctions, particles and pronouns go
        ("Мэр и его команда", ["мэр", "команда"]),
        ("не работает лифт", ["работать", "лифт"]),
        ("Он сказал, что это уже было", ["сказать"]),
        ("из-за ремонта", ["ремонт"]),
        ("Всё ещё", []),
        # ... but content words that are short or frequent stay
        ("район и округ", ["район", "округ"]),
        ("два дома", ["два", "дом"]),
        # латиница и числа: lower-cased, split as razdel splits them
        ("mos.ru", ["mos", "ru"]),
        ("Портал mos.ru", ["портал", "mos", "ru"]),
        ("https://mos.ru/news/item/123/", ["https", "mos", "ru", "news", "item", "123"]),
        ("35 лет в 2023 году", ["35", "год", "2023", "год"]),
        ("3,5 млн рублей", ["3,5", "млн", "рубль"]),
        ("iPhone 15 Pro", ["iphone", "15", "pro"]),
        # look-alike Latin letters inside a Cyrillic word are read as Cyrillic
        ("Мoсква", ["москва"]),
        ("CОБЯНИН", ["собянин"]),
        # a word with a Latin letter that has no Cyrillic twin is left alone
        ("Mоsква", ["m", "s", "ква"]),
        # control and invisible characters separate words instead of gluing them
        ("Собянин\x00открыл\x07Технополис", ["собянин", "открыть", "технополис"]),
        ("Алабушево\u200bРуднево", ["алабушево", "руднево"]),
        ("\ufeffСобянин", ["собянин"]),
    ],
)
def test_analyze_terms(text: str, terms: list[str]) -> None:
    assert analyze_terms(text) == terms


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\t  \r\n", "…", "— «» !!! ?", "‼ ,.;:", "\x00\x07\x1b", "\u200b\ufeff", "- _ /"],
)
def test_nothing_to_analyse(text: str) -> None:
    assert analyze_text(text) == []
    assert analyze_terms(text) == []


# Запрос и документ: each query form, analysed on its own and typed in any case,
# gives only terms the sentence has.
_SENTENCES_AND_QUERIES = [
    (
        "Сергей Собянин открыл в Алабушеве новое производство «Технополиса».",
        [
            "Собянин",
            "собянина",
            "Собянину",
            "производства",
            "производствах",
            "Алабушево",
            "алабушеве",
            "Технополис",
            "технополисе",
            "новых",
            "открыли",
        ],
    ),
    (
        "В районе Руднево построят школу на 1100 мест.",
        ["Руднево", "руднево", "Рудневом", "район", "районах", "школы", "школ", "1100", "место"],
    ),
    (
        "Жители Южного Медведкова и Бибирева обсудили реконструкцию парка.",
        [
            "Южное Медведково",
            "южном медведкове",
            "Бибирево",
            "бибиреве",
            "парк",
            "парке",
            "житель",
            "реконструкции",
        ],
    ),
    (
        "В Марфине открылся новый сквер у станции «Бутово».",
        ["Марфино", "марфине", "сквера", "скверах", "Бутово", "бутове", "новые", "станция"],
    ),
    (
        "На Тверской улице в Митине прошёл праздник; Отрадное готовит ёлку.",
        [
            "Тверская",
            "тверской",
            "Митино",
            "митина",
            "Отрадном",
            "отрадного",
            "елка",
            "ёлки",
            "праздники",
            "улицы",
        ],
    ),
    (
        "В Рудневе, Бутове и Тёплом Стане открыли МФЦ; за Ореховом-Борисовом — Кузьминки.",
        [
            "Руднево",
            "руднева",
            "Рудневом",
            "Бутово",
            "бутовом",
            "Тёплый Стан",
            "теплый стан",
            "Орехово-Борисово",
            "орехово-борисове",
            "Кузьминки",
            "кузьминках",
            "мфц",
        ],
    ),
    (
        "Северо-Восточный административный округ сообщил на mos.ru о 35 проектах в 2023 году.",
        [
            "Северо-Восточного",
            "северо-восточном",
            "округа",
            "mos.ru",
            "MOS.RU",
            "35",
            "проект",
            "2023",
            "годы",
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "queries"), _SENTENCES_AND_QUERIES)
def test_query_terms_are_in_the_document(sentence: str, queries: list[str]) -> None:
    document = set(analyze_terms(sentence))
    for query in queries:
        for form in (query, query.lower(), query.upper()):
            terms = analyze_terms(form)
            assert terms, form
            assert set(terms) <= document, (form, terms, sorted(document))


@pytest.mark.parametrize(("sentence", "queries"), _SENTENCES_AND_QUERIES)
def test_each_word_alone_gives_its_term_in_the_sentence(sentence: str, queries: list[str]) -> None:
    # The term depends on the word only, never on its neighbours.
    for token in analyze_text(sentence):
        assert analyze_terms(token.text) == [token.term], token


@pytest.mark.parametrize(
    "text",
    [
        # смещения
        "Мэр Москвы Сергей Собянин открыл «Технополис».",
        "  В Алабушеве —\tновые производства!\n\n",
        "Собянин\x00открыл\x07Технополис",
        "Мoсква и Mоsква",
        "произ\u00adводство, за\u0301мок, Новыи\u0306 год",
        "🙂 Эмодзи 🚇 в метро «Бибирево» 👍",
        "https://mos.ru/news/item/123/ и info@mos.ru",
        "\ufeffТекст с BOM",
    ],
)
def test_offsets_point_into_the_original_text(text: str) -> None:
    tokens = analyze_text(text)
    assert tokens
    previous_stop = 0
    for token in tokens:
        assert text[token.start : token.stop] == token.text
        assert token.start >= previous_stop
        assert token.term
        previous_stop = token.stop


def test_offsets_for_a_known_sentence() -> None:
    text = "Мэр Москвы открыл «Технополис» в Алабушеве"
    assert analyze_text(text) == [
        Token("Мэр", 0, 3, "мэр"),
        Token("Москвы", 4, 10, "москва"),
        Token("открыл", 11, 17, "открыть"),
        Token("Технополис", 19, 29, "технополис"),
        Token("Алабушеве", 33, 42, "алабушево"),
    ]


def test_token_is_frozen() -> None:
    token = Token("Москвы", 0, 6, "москва")
    with pytest.raises(FrozenInstanceError):
        token.term = "москвы"  # type: ignore[misc]


def test_ten_kilobytes() -> None:
    paragraph = (
        "Сергей Собянин открыл в Алабушеве новое производство «Технополиса». "
        "Жители Южного Медведкова, Бибирева и Марфина обсудили благоустройство парков; "
        "подробности — на mos.ru, 35 проектов в 2023 году.\n"
    )
    text = paragraph * (10_240 // len(paragraph) + 1)
    assert len(text) >= 10_240
    tokens = analyze_text(text)
    per_paragraph = len(analyze_text(paragraph))
    assert len(tokens) == per_paragraph * (10_240 // len(paragraph) + 1)
    assert all(text[t.start : t.stop] == t.text for t in tokens)
    assert analyze_terms(text)[:3] == ["сергей", "собянин", "открыть"]


def test_one_long_word_and_odd_input_do_not_crash() -> None:
    assert len(analyze_terms("а" * 10_000)) == 1
    assert analyze_terms("х" * 5000 + "zzz" + "у" * 5000)
    assert analyze_terms("\ud800 Москва \udfff") == ["москва"]  # lone surrogates
    assert analyze_terms("Москва" + "\u0301" * 50) == ["москва"]


def test_stop_words() -> None:
    words = analysis.stop_words()
    assert 100 <= len(words) <= 250
    assert {"и", "в", "не", "он", "его", "это", "из-за"} <= words
    assert not {"район", "москва", "улица", "школа", "два"} & words
    # every entry is already folded, as the lookup expects
    assert all(word == word.lower() and "ё" not in word for word in words)


def test_import_does_not_load_the_dictionaries() -> None:
    # Settings, migrations and CLI commands import the package; none of them should pay
    # for pymorphy3's dictionaries.
    code = (
        "import sys, vestnik.language, vestnik.language.analysis as a;"
        "print('pymorphy3' in sys.modules, a._morph is None, a._places is None)"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split() == ["False", "True", "True"]


# --- the gazetteer --------------------------------------------------------------------

PLACES_FILE = SRC / "vestnik" / "language" / "data" / "places_ru.txt"


def _listed_names() -> list[str]:
    lines = PLACES_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_places_file() -> None:
    text = PLACES_FILE.read_text(encoding="utf-8")
    header = text.split("\n\n")[0]
    # where the names come from, and under which licence
    assert "moscow_districts.csv" in header
    assert "moscow_metro_stations.csv" in header
    assert "OpenStreetMap" in header
    assert "ODbL" in header
    names = _listed_names()
    assert 60 <= len(names) <= 200
    folded = [name.lower().replace("ё", "е") for name in names]
    assert len(set(folded)) == len(folded), "a name is listed twice"
    assert all(all(char.isalpha() or char in " -" for char in name) for name in names)
    assert {"Руднево", "Алабушево", "Шереметьево", "Тёплый Стан"} <= set(names)


def _neuter_places() -> list[str]:
    return [
        name
        for name in _listed_names()
        if " " not in name and "-" not in name and name.endswith(("во", "но", "цо", "ье"))
    ]


@pytest.mark.parametrize("name", _neuter_places())
def test_every_form_of_a_listed_place_is_the_place(name: str) -> None:
    place = name.lower().replace("ё", "е")
    if place.endswith("ье"):
        forms = [place, place[:-1] + "я", place[:-1] + "ю", place[:-1] + "ем"]
    else:
        forms = [place] + [place[:-1] + ending for ending in ("а", "у", "ом", "е")]
    for form in forms:
        assert lemmatize_word(form) == place, form
        assert lemmatize_word(form.capitalize()) == place, form


def test_gazetteer_is_built_once() -> None:
    places = analysis._gazetteer()
    assert analysis._gazetteer() is places
    # folded keys and terms, as the lookup expects
    assert all(key == key.lower() and "ё" not in key for key in places)
    assert all(term == term.lower() and "ё" not in term for term in places.values())
    # a common noun of a two-word name is not listed: «стан», «стану» are pymorphy's
    assert "стан" not in places
    assert "стану" not in places
    assert "горы" not in places


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(analysis, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0
    assert failures == 0
