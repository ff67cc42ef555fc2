"""The Django-free parsing cores: kinds, encodings, sanitising, feeds, pages and ninjs."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from vestnik.ingest.documents import DocumentKind, detect_kind, parse_document
from vestnik.ingest.encoding import decode_document
from vestnik.ingest.feeds import parse_feed
from vestnik.ingest.items import BadItem, IngestItem, SourceError
from vestnik.ingest.ninjs import parse_ninjs
from vestnik.ingest.pages import parse_article_page
from vestnik.ingest.sanitize import safe_url, sanitize_body

from .conftest import data_text

MOSCOW = ZoneInfo("Europe/Moscow")
BASE = "http://okrug.example"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # feeds, with and without prologue
        ('<?xml version="1.0"?>\n<rss version="2.0">', DocumentKind.FEED),
        ("\ufeff<?xml version='1.0'?><!-- лента --><feed xmlns='…'>", DocumentKind.FEED),
        ("<rdf:RDF xmlns:rdf='…'>", DocumentKind.FEED),
        # pages
        ("<!DOCTYPE html><html lang='ru'>", DocumentKind.PAGE),
        ("<html><body><p>Текст</p>", DocumentKind.PAGE),
        ("<p>Фрагмент без обёртки</p>", DocumentKind.PAGE),
        # ninjs
        ('{"uri": "urn:1"}', DocumentKind.NINJS),
        ('  [{"uri": "urn:1"}]', DocumentKind.NINJS),
        # saved text pages
        ("Москва. СВАО\nОпубликовано 29 Янв 2024 в 09:41", DocumentKind.TEXT),
    ],
)
def test_kind_is_told_by_content(text, kind):
    assert detect_kind(text) == kind


@pytest.mark.parametrize(
    ("data", "http_charset"),
    [
        # what the server says comes first
        ("Новости района".encode("koi8_r"), "koi8-r"),
        ("Новости района".encode("cp1251"), "windows-1251"),
        # then what the document says about itself
        ('<meta charset="windows-1251"><p>Новости района</p>'.encode("cp1251"), None),
        ('<?xml version="1.0" encoding="KOI8-R"?><rss>Новости района'.encode("koi8_r"), None),
        # a wrong label falls through to the content
        ("Новости района".encode(), "iso-8859-5-nonsense"),
        ("\ufeffНовости района".encode(), "koi8-r"),
        # nothing said: UTF-8, else a guess among the Russian encodings
        ("Новости района".encode(), None),
        (
            "<p>Жители района Строгино выбрали проект нового сквера у пруда</p>".encode("cp1251"),
            None,
        ),
    ],
)
def test_russian_encodings_are_decoded(data, http_charset):
    text = decode_document(data, http_charset)
    assert "Новости района" in text or "Жители района Строгино" in text


def test_koi8_without_a_label_is_guessed():
    text = "<p>Жители района Строгино выбрали проект нового сквера у пруда</p>"
    assert decode_document(text.encode("koi8_r")) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/news/1", f"{BASE}/news/1"),
        ("https://mos.ru/a", "https://mos.ru/a"),
        ("mailto:press@okrug.example", "mailto:press@okrug.example"),
        # schemes that run code or carry documents
        ("javascript:alert(1)", ""),
        (" JaVaScRiPt:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("vbscript:msgbox", ""),
        ("file:///etc/passwd", ""),
        ("//okrug.example/b", f"{BASE}/b"),
    ],
)
def test_safe_url(value, expected):
    assert safe_url(value, BASE) == expected


@pytest.mark.parametrize(
    ("html", "blocks"),
    [
        # plain text and paragraphs
        ("Просто текст", [("paragraph", "<p>Просто текст</p>")]),
        ("<p>Раз</p><p>Два</p>", [("paragraph", "<p>Раз</p>"), ("paragraph", "<p>Два</p>")]),
        (
            "<div>Раз<div>Два</div></div>",
            [("paragraph", "<p>Раз</p>"), ("paragraph", "<p>Два</p>")],
        ),
        # inline markup kept in the body's own vocabulary
        ("<p><strong>Ж</strong> и <em>К</em></p>", [("paragraph", "<p><b>Ж</b> и <i>К</i></p>")]),
        (
            '<p><a href="/x" title="t">ссылка</a></p>',
            [("paragraph", f'<p><a href="{BASE}/x">ссылка</a></p>')],
        ),
        # headings to h2/h3, lists as they are
        ("<h1>Г</h1><h4>П</h4>", [("paragraph", "<h2>Г</h2>"), ("paragraph", "<h3>П</h3>")]),
        ("<ul><li>а</li><li>б</li></ul>", [("paragraph", "<ul><li>а</li><li>б</li></ul>")]),
        # quotes and pictures become their own blocks
        ("<blockquote>Слова <b>жителя</b></blockquote>", [("quote", "Слова жителя")]),
        (
            '<p>До<img src="/i.png" alt="Сквер">после</p>',
            [("paragraph", "<p>Допосле</p>"), ("image", f"{BASE}/i.png")],
        ),
        # what never survives
        ("<script>alert(1)</script><p>Текст</p>", [("paragraph", "<p>Текст</p>")]),
        ('<p onclick="x()" style="color:red">Текст</p>', [("paragraph", "<p>Текст</p>")]),
        ('<iframe src="https://x">запасной</iframe><p>Т</p>', [("paragraph", "<p>Т</p>")]),
        ('<img src="javascript:x"><img src="data:image/png;base64,AA">', []),
        ("<table><tr><td>ячейка</td></tr></table>", [("paragraph", "<p>ячейка</p>")]),
        ("", []),
    ],
)
def test_sanitize_body(html, blocks):
    result = sanitize_body(html, BASE)
    assert [(b.kind, b.html or b.src or b.text) for b in result] == blocks


def test_feed_prefers_full_text_and_keeps_description_as_lead():
    items = parse_feed(data_text("feed.xml", BASE, number="3"), BASE + "/rss")
    rink, library, light = items
    assert isinstance(rink, IngestItem)
    assert rink.guid == "strogino-news-101"
    assert rink.body_html.startswith("На берегу Строгинского пруда")
    assert rink.lead == "Каток работает ежедневно с 10:00 до 22:00."
    assert rink.published_at == datetime(2025, 1, 4, 9, 30, tzinfo=MOSCOW)
    assert rink.image_url == f"{BASE}/img/katok.png"
    assert (rink.photo_credit_author, rink.photo_credit_source) == (
        "А. Лебедева",
        "пресс-служба управы района Строгино",
    )
    assert library.body_html.startswith("<p>Библиотека")
    assert library.lead == "Анонс о библиотеке."
    # No GUID: the link is the identity; no full text: the description is the body.
    assert light.guid == f"{BASE}/news/svet"
    assert light.lead == ""
    assert "14 новых светильников" in light.body_html


def test_atom_entry():
    (entry,) = parse_feed(data_text("atom.xml", BASE))
    assert entry.guid == "urn:szao:news:7"
    assert entry.url == f"{BASE}/szao/alleya"
    assert entry.author == "Пресс-служба префектуры СЗАО"
    assert entry.published_at == datetime(2025, 1, 5, 10, 15, tzinfo=MOSCOW)


def test_feed_entry_without_guid_or_link_is_a_bad_item():
    feed = '<rss version="2.0"><channel><item><title>Без ссылки</title></item></channel></rss>'
    assert parse_feed(feed) == [BadItem("Без ссылки", "нет ни guid, ни ссылки на материал")]


def test_article_page_reads_metadata_and_caption():
    item = parse_article_page(data_text("article.html", BASE), BASE + "/szao/dosug?utm=x")
    assert item.guid == item.url == f"{BASE}/szao/dosug"
    assert item.headline == "В Куркине открылся центр досуга"
    assert item.published_at == datetime(2025, 2, 10, 11, 20, tzinfo=MOSCOW)
    assert item.author == "Ольга Миронова"
    assert item.image_url == f"{BASE}/img/dosug.png"
    assert (item.image_caption, item.photo_credit_author, item.photo_credit_source) == (
        "Центр досуга в Куркине",
        "В. Орлов",
        "пресс-служба префектуры СЗАО",
    )


def test_ninjs_item():
    (item,) = parse_ninjs(data_text("ninjs.json", BASE))
    assert item.guid == "urn:mos:press:2025-0311"
    assert item.published_at == datetime(2025, 3, 11, 9, 0, tzinfo=MOSCOW)
    assert item.region == "Южное Бутово"
    assert item.image_url == f"{BASE}/img/poliklinika.png"
    assert item.photo_credit_source == "mos.ru"


def test_ninjs_without_headline_is_a_bad_item():
    assert parse_ninjs('[{"uri": "urn:1", "body_text": "т"}]') == [
        BadItem("urn:1", "нет заголовка (headline)")
    ]


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"", "", "пустой документ"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "", "двоичные данные"),
        (b"<html>", "image/jpeg", "это не текст и не HTML"),
        (b"x" * 5_000_001, "", "больше 5 МБ"),
        ("Просто заметка без даты".encode(), "text/plain", "не лента, не HTML"),
    ],
)
def test_documents_that_are_no_source(data, content_type, message):
    with pytest.raises(SourceError, match=message):
        parse_document(data, content_type=content_type)


def test_content_hash_changes_with_the_content_only():
    (item,) = parse_ninjs(data_text("ninjs.json", BASE))
    (same,) = parse_ninjs(data_text("ninjs.json", BASE))
    assert item.content_hash() == same.content_hash()
    from dataclasses import replace

    assert replace(item, headline="Другое").content_hash() != item.content_hash()
