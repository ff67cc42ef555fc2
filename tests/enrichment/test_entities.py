"""Entities: natasha's mentions become people, organisations and places, each named once."""

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.enrichment.modules import package_modules
from vestnik.enrichment import entities as entities_module
from vestnik.enrichment.districts import suggest_regions
from vestnik.enrichment.entities import (
    Entity,
    EntityKind,
    Mention,
    NerModels,
    extract_entities,
    load_ner_models,
    merge_kinds,
    prevailing_kind,
)

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def models() -> NerModels:
    """natasha's models, loaded once for the module (about 250 MB, under a second)."""
    try:
        import natasha  # noqa: F401
    except ImportError:
        pytest.skip("natasha is not installed: entity extraction needs `pip install natasha`")
    return load_ner_models()


def find(entities: list[Entity], kind: str, name: str) -> Entity:
    matching = [entity for entity in entities if (entity.kind, entity.name) == (kind, name)]
    found = [(entity.kind, entity.name) for entity in entities]
    assert len(matching) == 1, f"{kind} «{name}» is not among {found}"
    return matching[0]


@pytest.mark.parametrize(
    ("body", "kind", "name", "mentions"),
    [
        # персоны: падежи и неполные упоминания
        (
            "Мэр Сергей Собянин осмотрел новую школу. Сергея Собянина встретили учителя, "
            "а Собянину показали спортивный зал.",
            "person",
            "Сергей Собянин",
            ("Сергей Собянин", "Сергея Собянина", "Собянину"),
        ),
        (
            "Ветераны поздравили Владимира Владимировича Путина с праздником. Путин "
            "поблагодарил их за письмо.",
            "person",
            "Владимир Владимирович Путин",
            ("Владимира Владимировича Путина", "Путин"),
        ),
        (
            "Путин выступил первым. Затем Владимир Путин ответил на вопросы, а вечером "
            "Владимира Владимировича Путина поблагодарили участники.",
            "person",
            "Владимир Владимирович Путин",
            ("Путин", "Владимир Путин", "Владимира Владимировича Путина"),
        ),
        (
            "Заместитель мэра Наталья Сергунина открыла выставку. Сергуниной вручили цветы.",
            "person",
            "Наталья Сергунина",
            ("Наталья Сергунина", "Сергуниной"),
        ),
        (
            # the dictionary knows «Раковой» only as the adjective «раковый»
            "Глава управы Анастасия Ракова провела приём. С Анастасией Раковой встретились "
            "жители соседних домов.",
            "person",
            "Анастасия Ракова",
            ("Анастасия Ракова", "Анастасией Раковой"),
        ),
        (
            "Благодарность вручили Семёну Петровичу Кузнецову, а Кузнецов поблагодарил коллег.",
            "person",
            "Семён Петрович Кузнецов",
            ("Семёну Петровичу Кузнецову", "Кузнецов"),
        ),
        (
            # an initial joins the full name it abbreviates
            "Соглашение подписал Сергей Собянин. Позднее документ завизировал и С. Собянин.",
            "person",
            "Сергей Собянин",
            ("Сергей Собянин", "С. Собянин"),
        ),
        (
            # surname first, the first name recognised by the dictionary
            "Интервью с Петровым Олегом записали в студии.",
            "person",
            "Олег Петров",
            ("Петровым Олегом",),
        ),
        (
            "Депутат Ирина Сергеевна Петрова провела встречу с избирателями.",
            "person",
            "Ирина Сергеевна Петрова",
            ("Ирина Сергеевна Петрова",),
        ),
        (
            # surname first, as in decrees; natasha splits it in two
            "Указ подписал мэр Москвы Собянин Сергей Семёнович.",
            "person",
            "Сергей Семёнович Собянин",
            ("Собянин Сергей Семёнович",),
        ),
        (
            # two people of one surname: the bare surname is the one named last
            "Префект Алексей Смирнов и депутат Иван Смирнов осмотрели парк. Смирнов "
            "пообещал, что дорожки отремонтируют к лету.",
            "person",
            "Иван Смирнов",
            ("Иван Смирнов", "Смирнов"),
        ),
        (
            "Префект Алексей Смирнов и депутат Иван Смирнов осмотрели парк. Смирнов "
            "пообещал, что дорожки отремонтируют к лету.",
            "person",
            "Алексей Смирнов",
            ("Алексей Смирнов",),
        ),
        # организации в кавычках
        (
            "В ОЭЗ «Технополис Москва» появился новый резидент.",
            "organisation",
            "ОЭЗ «Технополис Москва»",
            ("ОЭЗ «Технополис Москва»",),
        ),
        (
            "В «Технополисе Москва» открыли цех. Это уже третий цех ОЭЗ «Технополис Москва» "
            "за год.",
            "organisation",
            "ОЭЗ «Технополис Москва»",
            ("«Технополисе Москва»", "ОЭЗ «Технополис Москва»"),
        ),
        (
            "Сотрудники завода «Ангстрем» получили премии.",
            "organisation",
            "Завод «Ангстрем»",
            ("завода «Ангстрем»",),
        ),
        (
            "Акции компании «Технополис «Москва»» выросли.",
            "organisation",
            "Компания «Технополис «Москва»»",
            ("компании «Технополис «Москва»»",),
        ),
        (
            # the quoted name stays as written, natasha would decline «района»
            "Утром ГБУ «Жилищник района Марфино» вывезло снег со дворов.",
            "organisation",
            "ГБУ «Жилищник района Марфино»",
            ("ГБУ «Жилищник района Марфино»",),
        ),
        (
            "Станцию построит АО «Мосинжпроект».",
            "organisation",
            "АО «Мосинжпроект»",
            ("АО «Мосинжпроект»",),
        ),
        (
            "Депутаты Мосгордумы приняли закон о парковках.",
            "organisation",
            "Мосгордума",
            ("Мосгордумы",),
        ),
        (
            # natasha finds nothing here: the abbreviation before the quotes tells
            "Резидентами ОЭЗ «Технополис Москва» стали пять компаний.",
            "organisation",
            "ОЭЗ «Технополис Москва»",
            ("ОЭЗ «Технополис Москва»",),
        ),
        (
            # natasha takes the word before in: the abbreviated name is cut back to
            "Отчёт ОЭЗ «Технополис Москва» опубликовали на сайте.",
            "organisation",
            "ОЭЗ «Технополис Москва»",
            ("ОЭЗ «Технополис Москва»",),
        ),
        (
            # an okrug is where, not what: the company is «Мосгаз»
            "В ЦАО «Мосгаз» заменил газовые трубы.",
            "organisation",
            "«Мосгаз»",
            ("«Мосгаз»",),
        ),
        (
            "Сотрудники ЗАО «Микрон» получили премии.",
            "organisation",
            "ЗАО «Микрон»",
            ("ЗАО «Микрон»",),
        ),
        (
            # a bare abbreviation is a short mention of the full name
            "В ОЭЗ «Технополис Москва» открыли цех. Всего в ОЭЗ работают двести компаний.",
            "organisation",
            "ОЭЗ «Технополис Москва»",
            ("ОЭЗ «Технополис Москва»", "ОЭЗ"),
        ),
        (
            "ГБУ «Жилищник района Марфино» вывезло снег. Позже ГБУ отчиталось о работе.",
            "organisation",
            "ГБУ «Жилищник района Марфино»",
            ("ГБУ «Жилищник района Марфино»", "ГБУ"),
        ),
        (
            # two of one type: the bare one is the one named last before it
            "АО «Мосинжпроект» построит станцию, а АО «Мосводоканал» переложит трубы. "
            "Позже АО сообщило о сроках.",
            "organisation",
            "АО «Мосводоканал»",
            ("АО «Мосводоканал»", "АО"),
        ),
        (
            # a Moscow place after a type word or an abbreviation names an organisation
            "Новый цех открыли в ОЭЗ «Алабушево».",
            "organisation",
            "ОЭЗ «Алабушево»",
            ("ОЭЗ «Алабушево»",),
        ),
        (
            "Гостиница «Измайлово» открылась после ремонта.",
            "organisation",
            "Гостиница «Измайлово»",
            ("Гостиница «Измайлово»",),
        ),
        # места
        (
            "Новый корпус построят в Рудневе.",
            "place",
            "Руднево",
            ("Рудневе",),
        ),
        (
            "Жители Алабушева получили новую площадку.",
            "place",
            "Алабушево",
            ("Алабушева",),
        ),
        (
            "В Марфине высадили двести лип.",
            "place",
            "Марфино",
            ("Марфине",),
        ),
        (
            "В Орехове-Борисове открыли бассейн.",
            "place",
            "Орехово-Борисово",
            ("Орехове-Борисове",),
        ),
        (
            "Парк в Южном Медведкове обновят к осени.",
            "place",
            "Южное Медведково",
            ("Южном Медведкове",),
        ),
        (
            # natasha takes this one for a person
            "В Кунцеве на выходных перекроют дорогу.",
            "place",
            "Кунцево",
            ("Кунцеве",),
        ),
        (
            # not a Moscow district: natasha's own nominative stays
            "В Кирове открыли новый завод.",
            "place",
            "Киров",
            ("Кирове",),
        ),
        (
            "Делегация из Москвы побывала в Зеленограде.",
            "place",
            "Москва",
            ("Москвы",),
        ),
        # места в кавычках: natasha берёт их за организации
        (
            "Склады перенесут в «Рудневе».",
            "place",
            "Руднево",
            ("Рудневе",),
        ),
        (
            "Производство запустили на площадке «Алабушево».",
            "place",
            "Алабушево",
            ("Алабушево",),
        ),
        (
            # a park named after the place is the place: «парк» says no organisation
            "Больше всего запусков пришлось на индустриальный парк «Руднево».",
            "place",
            "Руднево",
            ("Руднево",),
        ),
    ],
)
def test_entity_and_its_mentions(
    models: NerModels, body: str, kind: str, name: str, mentions: tuple[str, ...]
) -> None:
    entity = find(extract_entities(body, models=models), kind, name)
    assert tuple(mention.text for mention in entity.mentions) == mentions
    for mention in entity.mentions:
        assert body[mention.start : mention.stop] == mention.text


# сокращения без полного названия


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a type alone is no tag
        ("Всего в ОЭЗ работают двести компаний.", set()),
        ("Всего в ГБУ работают двести человек.", set()),
        # a name of its own stays
        ("Спасатели МЧС потушили пожар.", {("organisation", "МЧС")}),
    ],
)
def test_bare_abbreviation(models: NerModels, body: str, expected: set[tuple[str, str]]) -> None:
    entities = extract_entities(body, models=models)
    assert {(entity.kind, entity.name) for entity in entities} == expected


# заголовок отдельно


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "Собянин открыл поликлинику в Рудневе",
            "Мэр Москвы Сергей Собянин осмотрел кабинеты.",
            [
                ("person", "Сергей Собянин", ["title", "body"]),
                ("place", "Руднево", ["title"]),
                ("place", "Москва", ["body"]),
            ],
        ),
        (
            # without its own run the title would read into «Москва выделит ...»
            "Технопарк «Строгино» расширят",
            "Москва выделит участок под новый корпус.",
            [
                ("organisation", "Технопарк «Строгино»", ["title"]),
                ("place", "Москва", ["body"]),
            ],
        ),
        (
            # natasha misses the organisation in the title; the body names it in quotes
            "Работы ОЭЗ «Технополис Москва» завершат к осени",
            "Новые корпуса особой экономической зоны «Технополис Москва» откроют в сентябре.",
            [("organisation", "ОЭЗ «Технополис Москва»", ["title", "body"])],
        ),
        (
            # natasha takes a district at the start of a title for a person
            "Алабушево получит новую дорогу",
            "Дорогу до Алабушева проложат к осени.",
            [("place", "Алабушево", ["title", "body"])],
        ),
    ],
)
def test_title_is_tagged_on_its_own(
    models: NerModels, title: str, body: str, expected: list[tuple[str, str, list[str]]]
) -> None:
    entities = extract_entities(body, title, models=models)
    found = [
        (entity.kind, entity.name, [mention.field for mention in entity.mentions])
        for entity in entities
    ]
    assert found == expected
    fields = {"title": title, "body": body}
    for entity in entities:
        for mention in entity.mentions:
            assert fields[mention.field][mention.start : mention.stop] == mention.text


# странный ввод


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("", ""),
        ("   \n\t ", ""),
        ("!!! ... ??? — «»", "«»"),
        ("\x00\x01\x02\x1b", "\x00"),
        ("\ud800 \udfff", ""),
        ("😀" * 200, "🔥"),
        ("1234 5678 2023-12-31", "35"),
        ("Hello world, John Smith from Apple visited London yesterday.", "Breaking news"),
        ("а" * 20_000, ""),
        ("«" * 1000 + "»" * 999, "„“"),
        # natasha reads a headline in capitals as one organisation
        ("", "СОБЯНИН ОТКРЫЛ ЗАВОД В РУДНЕВЕ"),
    ],
)
def test_odd_input_gives_nothing(models: NerModels, body: str, title: str) -> None:
    assert extract_entities(body, title, models=models) == []


def test_control_characters_do_not_glue_names(models: NerModels) -> None:
    body = "Москва\x00Собянин"
    assert [(entity.kind, entity.name) for entity in extract_entities(body, models=models)]


def test_fifty_kilobytes(models: NerModels) -> None:
    text = "\n\n".join(ARTICLE) + "\n\n"
    body = text * (50_000 // len(text))
    entities = extract_entities(body, models=models)
    assert {(entity.kind, entity.name) for entity in entities} == EXPECTED_ARTICLE
    # One 50 KB sentence without a full stop, as a pasted table gives.
    words = "Собянин осмотрел школу в Рудневе вместе с жителями района "
    entities = extract_entities(words * (50_000 // len(words)), models=models)
    assert ("place", "Руднево") in {(entity.kind, entity.name) for entity in entities}


def test_letter_soup_does_not_raise(models: NerModels) -> None:
    soup = "".join(chr(0x400 + index * 7919 % 0x60) + " .,«»"[index % 5] for index in range(5000))
    assert isinstance(extract_entities(soup, soup[:300], models=models), list)


# одна статья целиком

ARTICLE_TITLE = "Собянин: в ОЭЗ «Технополис Москва» за год открылись 35 производств"
ARTICLE = [
    "Мэр Москвы Сергей Собянин подвёл итоги работы особой экономической зоны «Технополис "
    "Москва» за 2023 год. По его словам, за двенадцать месяцев резиденты ОЭЗ «Технополис "
    "Москва» запустили 35 новых производств.",
    "Больше всего новых цехов появилось на площадках в Рудневе и Алабушеве. «В Руднево "
    "пришли производители электроники и лекарств, а в Алабушеве заработали сразу несколько "
    "фабрик микросхем», — рассказал Собянин.",
    "Мэр напомнил, что президент Владимир Владимирович Путин назвал технологический "
    "суверенитет главной задачей промышленности. «Как говорит Владимир Владимирович Путин, "
    "своё производство — это основа независимости страны. Москва этот курс поддерживает», — "
    "подчеркнул Собянин.",
    "По данным мэрии, налоговые льготы для резидентов сохранятся до 2030 года. Собянину "
    "также доложили, что в Алабушеве к концу следующего года достроят ещё два корпуса. "
    "Слова Путина о поддержке отечественных предприятий, отметил мэр, для зоны — прямое "
    "руководство к действию.",
    "Сейчас в «Технополисе Москва» работают более 130 компаний. Собянин пообещал, что к "
    "2025 году площадки в Рудневе и Алабушеве расширят ещё на 40 гектаров.",
]
EXPECTED_ARTICLE = {
    ("person", "Сергей Собянин"),
    ("person", "Владимир Владимирович Путин"),
    ("organisation", "ОЭЗ «Технополис Москва»"),
    ("place", "Руднево"),
    ("place", "Алабушево"),
    ("place", "Москва"),
}


def test_sample_article(models: NerModels) -> None:
    body = "\n\n".join(ARTICLE)
    entities = extract_entities(body, ARTICLE_TITLE, models=models)
    assert {(entity.kind, entity.name) for entity in entities} == EXPECTED_ARTICLE
    # In order of first appearance, the title's first.
    assert [entity.name for entity in entities[:2]] == ["Сергей Собянин", "ОЭЗ «Технополис Москва»"]
    sobyanin = find(entities, "person", "Сергей Собянин")
    assert [mention.text for mention in sobyanin.mentions] == [
        "Собянин",
        "Сергей Собянин",
        "Собянин",
        "Собянин",
        "Собянину",
        "Собянин",
    ]
    technopolis = find(entities, "organisation", "ОЭЗ «Технополис Москва»")
    assert [mention.text for mention in technopolis.mentions] == [
        "ОЭЗ «Технополис Москва»",
        "«Технополис Москва»",
        "ОЭЗ «Технополис Москва»",
        "«Технополисе Москва»",
    ]
    putin = find(entities, "person", "Владимир Владимирович Путин")
    assert [mention.text for mention in putin.mentions][-1] == "Путина"
    fields = {"title": ARTICLE_TITLE, "body": body}
    for entity in entities:
        for mention in entity.mentions:
            assert fields[mention.field][mention.start : mention.stop] == mention.text


DEMO_DATA = SRC / "vestnik" / "demo" / "data" / "network.json"


def test_demo_article(models: NerModels) -> None:
    # The demo's canonical article, as the site shows it: headline, lead and body.
    article = json.loads(DEMO_DATA.read_text(encoding="utf-8"))["articles"][0]
    title = article["headline"]
    body = "\n".join([article["lead"], *(block["text"] for block in article["body"])])
    entities = extract_entities(body, title, models=models)
    assert {(entity.kind, entity.name) for entity in entities} - {("place", "Москва")} == {
        ("person", "Сергей Собянин"),
        ("person", "Владимир Владимирович Путин"),
        ("organisation", "ОЭЗ «Технополис Москва»"),
        ("place", "Руднево"),
        ("place", "Алабушево"),
    }
    technopolis = find(entities, "organisation", "ОЭЗ «Технополис Москва»")
    assert [mention.field for mention in technopolis.mentions][0] == "title"
    fields = {"title": title, "body": body}
    for entity in entities:
        for mention in entity.mentions:
            assert fields[mention.field][mention.start : mention.stop] == mention.text


# импорт и загрузка моделей


def test_import_does_not_load_natasha() -> None:
    # The web process imports the module (through vestnik.articles); only the worker
    # that extracts entities should pay for natasha's 250 MB.
    code = (
        "import sys, vestnik.enrichment.entities;"
        "print('natasha' in sys.modules, 'slovnet' in sys.modules, 'pymorphy2' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split() == ["False", "False", "False"]


def test_loading_natasha_leaves_pymorphy3_alone(models: NerModels) -> None:
    # natasha's pymorphy2 is usually pointed at its dictionary through
    # PYMORPHY2_DICT_PATH, which pymorphy3 reads too: search would then load the wrong
    # dictionary and crash on the first unknown word.
    code = (
        "import os, pymorphy3, vestnik.enrichment.entities as e; e.load_ner_models();"
        "print('PYMORPHY2_DICT_PATH' in os.environ);"
        "print(pymorphy3.MorphAnalyzer(lang='ru').parse('бекасовом')[0].normal_form)"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYMORPHY2_DICT_PATH"}
    env["PYTHONPATH"] = str(SRC)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split()[0] == "False"


def test_models_are_loaded_once(models: NerModels) -> None:
    assert load_ner_models() is models


@pytest.mark.parametrize(
    "module",
    package_modules(entities_module),
    ids=lambda module: module.__name__,
)
def test_doctests(module: ModuleType) -> None:
    assert doctest.testmod(module).failed == 0


# --- одно имя, одна сущность -------------------------------------------------------------
# natasha may read one name as two kinds; the prevailing kind takes all the mentions.
@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["organisation", "person", "person"], "person"),
        (["person", "place"], "person"),
        (["place", "person"], "place"),
        (["person", "organisation"], "organisation"),
    ],
)
def test_prevailing_kind(kinds: list[EntityKind], expected: str) -> None:
    assert prevailing_kind(kinds) == expected


def test_one_name_of_two_kinds_becomes_one_entity() -> None:
    person = Entity("person", "Профи", (Mention("body", 30, 35, "Профи"),))
    organisation = Entity("organisation", "Профи", (Mention("body", 0, 5, "Профи"),))
    assert merge_kinds([person, organisation]) == [
        Entity("organisation", "Профи", (organisation.mentions[0], person.mentions[0]))
    ]


# --- падежи районов: the geo-tagger's nominative ------------------------------------------
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("В Косине-Ухтомском открыли новый парк.", "Косино-Ухтомский"),
        ("В Очакове-Матвеевском открыли сквер.", "Очаково-Матвеевское"),
        ("В Орехове-Борисове Южном построят дом.", "Орехово-Борисово Южное"),
    ],
)
def test_district_named_as_the_geo_tagger_names_it(
    models: NerModels, body: str, expected: str
) -> None:
    places = [e.name for e in extract_entities(body, models=models) if e.kind == "place"]
    assert places == [expected]
    assert expected in {s.region for s in suggest_regions(body)}
