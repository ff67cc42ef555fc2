"""The Django-free formatters: JSON-LD, OpenGraph, feed text."""

import doctest
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from vestnik.feeds import full_text, schema_org, xml_text
from vestnik.feeds.facts import ArticleFacts, LeadImage, Place
from vestnik.feeds.full_text import absolute_urls, plain_text
from vestnik.feeds.open_graph import open_graph_tags, twitter_card_tags
from vestnik.feeds.schema_org import credited, dump_json_ld, news_article
from vestnik.feeds.xml_text import xml_safe

MOSCOW = timezone(timedelta(hours=3))
OKRUG = Place("Северо-Восточный административный округ", within=Place("Москва"))
PHOTO = LeadImage(
    url="http://zvezdny.localhost/media/images/photo.fill-960x540.png",
    width=960,
    height=540,
    mime_type="image/png",
    length=1234,
    caption="Мэр Москвы рассказал о результатах",
    credit_author="Д. Гришкин",
    credit_source="mos.ru. Пресс-служба мэра и Правительства Москвы",
)
FACTS = ArticleFacts(
    url="http://zvezdny.localhost/technopolis-2023/",
    headline="Новые производства ОЭЗ «Технополис Москва»",
    lead="В минувшем году зона пополнилась 35 производствами.",
    published=datetime(2024, 1, 29, 9, 41, tzinfo=MOSCOW),
    modified=datetime(2024, 1, 30, 12, 0, 30, tzinfo=MOSCOW),
    credit="Звёздный бульвар",
    outlet_name="Звёздный бульвар",
    outlet_url="http://zvezdny.localhost/",
    image=PHOTO,
    places=(OKRUG,),
    tags=("Сергей Собянин", "промышленность"),
)


@pytest.mark.parametrize(
    ("credit", "kind"),
    [
        # инициалы и фамилия
        ("Д. Гришкин", "Person"),
        ("А. Б. Иванова", "Person"),
        ("А.Б. Иванова", "Person"),
        # имя и фамилия, двойные тоже
        ("Мария Петрова", "Person"),
        ("Анна-Мария Лебедева-Кузнецова", "Person"),
        # издание, ведомство, сайт
        ("Звёздный бульвар", "Organization"),
        ("mos.ru. Пресс-служба мэра и Правительства Москвы", "Organization"),
        ("Мосгортранс", "Organization"),
        ("ГКБ № 67", "Organization"),
        ("Пресс-служба Мосгордумы", "Organization"),
    ],
)
def test_credit_is_a_person_or_an_organisation_by_its_shape(credit, kind):
    assert credited(credit) == {"@type": kind, "name": credit}


def test_news_article_has_the_fields_search_engines_read():
    data = news_article(FACTS)
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2024-01-29T09:41:00+03:00"
    assert data["dateModified"] == "2024-01-30T12:00:30+03:00"
    assert data["author"] == data["publisher"]
    assert (
        data["image"]["creditText"]
        == "Д. Гришкин, mos.ru. Пресс-служба мэра и Правительства Москвы"
    )
    assert data["contentLocation"] == [
        {
            "@type": "Place",
            "name": "Северо-Восточный административный округ",
            "containedInPlace": {"@type": "Place", "name": "Москва"},
        }
    ]


def test_news_article_leaves_out_what_is_missing():
    data = news_article(replace(FACTS, lead="", image=None, places=(), tags=()))
    assert not {"description", "image", "contentLocation", "keywords"} & set(data)


def test_photo_by_a_freelancer_is_held_by_the_photographer():
    image = news_article(replace(FACTS, image=replace(PHOTO, credit_source="")))["image"]
    assert image["copyrightHolder"] == {"@type": "Person", "name": "Д. Гришкин"}
    assert image["creditText"] == "Д. Гришкин"


@pytest.mark.parametrize(
    "headline",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT >",
        "<!-- <script>",
        "]]> & &amp; \u2028\u2029",
        '"кавычки" \\ обратная черта',
    ],
)
def test_json_ld_cannot_close_its_script_and_reads_back_unchanged(headline):
    dumped = dump_json_ld(news_article(replace(FACTS, headline=headline)))
    assert "<" not in dumped and ">" not in dumped and "&" not in dumped
    assert json.loads(dumped)["headline"] == headline


def test_open_graph_tags_of_an_article_with_a_photo():
    tags = open_graph_tags(FACTS)
    assert tags[:6] == [
        ("og:type", "article"),
        ("og:title", FACTS.headline),
        ("og:description", FACTS.lead),
        ("og:url", FACTS.url),
        ("og:site_name", "Звёздный бульвар"),
        ("og:locale", "ru_RU"),
    ]
    assert ("og:image", PHOTO.url) in tags
    assert ("article:published_time", "2024-01-29T09:41:00+03:00") in tags
    assert [value for name, value in tags if name == "article:tag"] == list(FACTS.tags)


def test_an_article_without_photo_or_lead_gets_a_small_card():
    facts = replace(FACTS, image=None, lead="")
    assert not any(name.startswith("og:image") for name, _ in open_graph_tags(facts))
    assert ("og:description", "") not in open_graph_tags(facts)
    assert twitter_card_tags(facts) == [
        ("twitter:card", "summary"),
        ("twitter:title", FACTS.headline),
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # ссылки и картинки сайта
        ('<a href="/tags/x/">x</a>', '<a href="http://zvezdny.localhost/tags/x/">x</a>'),
        ('<img src="/media/a.png">', '<img src="http://zvezdny.localhost/media/a.png">'),
        # внешние и протокол-относительные не трогаем
        ('<a href="https://mos.ru/">mos.ru</a>', '<a href="https://mos.ru/">mos.ru</a>'),
        ('<img src="//cdn.example/a.png">', '<img src="//cdn.example/a.png">'),
        # слово href в тексте — не атрибут
        ('<p>href="/x"</p>', '<p>href="/x"</p>'),
    ],
)
def test_absolute_urls(html, expected):
    assert absolute_urls(html, "http://zvezdny.localhost/technopolis-2023/") == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("", ""),
        ("<p>Один.</p><p>Два.</p>", "Один.\n\nДва."),
        ("<p>Жирный <b>текст</b>  и\nперенос</p>", "Жирный текст и перенос"),
        ('<figure><img src="a.png"><figcaption>Подпись</figcaption></figure>', "Подпись"),
        ("<ul><li>раз</li> <li>два</li></ul>", "раз два"),
    ],
)
def test_plain_text(html, expected):
    assert plain_text(html) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("обычный текст\tс табуляцией\nи переводом", "обычный текст\tс табуляцией\nи переводом"),
        ("вертикальная\x0bтабуляция", "вертикальная табуляция"),
        ("нулевой\x00 байт\x1f", "нулевой байт"),
        ("не-символ\ufffe", "не-символ"),
    ],
)
def test_xml_safe(text, expected):
    assert xml_safe(text) == expected


@pytest.mark.parametrize("module", [schema_org, full_text, xml_text])
def test_doctests(module):
    failures, tried = doctest.testmod(module)
    assert tried and not failures


def test_a_copy_names_what_it_is_based_on():
    assert "isBasedOn" not in news_article(FACTS)
    source = "https://www.mos.ru/news/item/123/"
    assert news_article(replace(FACTS, source_url=source))["isBasedOn"] == source
