"""Text copies of article pages: fields, layout variations and every refusal."""

import dataclasses
import os
from datetime import datetime
from pathlib import Path

import pytest

from vestnik.ingest.textpage import (
    MAX_TEXT_PAGE_BYTES,
    RelatedTeaser,
    TextPage,
    TextPageError,
    parse_text_page,
    read_text_page,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_PAGE = REPO_ROOT.parent / "shared" / "seed" / "000_4b00a952b983aeab.txt"

# A page written for these tests, in the same layout as the outlets' text copies.
OWN_PAGE = """\
Москва. Южный
административный округ
Опубликовано 3 Мар 2025 в 14:05 | Текст: Южные горизонты

В Чертанове открылась библиотека с мастерской для подростков

В Чертанове открылась библиотека с мастерской для подростков
Читальный зал после ремонта. Фото: А. Лебедева, пресс-служба управы района Чертаново Центральное

Обновлённая библиотека на Балаклавском проспекте приняла первых читателей после ремонта.

Теперь в ней три зала и мастерская, где подростки собирают модели и чинят велосипеды.

Занятия бесплатные. По словам сотрудников, в первые выходные пришло больше ста человек.

Летом во дворе библиотеки планируют устраивать чтения под открытым небом.

Читайте также

На Каширском шоссе обновят остановки

Работы завершат до конца весны

2 марта 2025 в 18:20

В Бирюлёве открыли каток с прокатом коньков

28 февраля 2025 г. в 08:05

Жители Нагатинского затона выбрали название для нового сквера

Голосование продолжалось две недели

27 Фев 2025 в 19:00
"""

OWN_HEADLINE = "В Чертанове открылась библиотека с мастерской для подростков"
OWN_PHOTO_LINE = (
    "Читальный зал после ремонта. Фото: А. Лебедева, "
    "пресс-служба управы района Чертаново Центральное"
)
OWN_BODY = (
    "Обновлённая библиотека на Балаклавском проспекте приняла первых читателей после ремонта.",
    "Теперь в ней три зала и мастерская, где подростки собирают модели и чинят велосипеды.",
    "Занятия бесплатные. По словам сотрудников, в первые выходные пришло больше ста человек.",
    "Летом во дворе библиотеки планируют устраивать чтения под открытым небом.",
)
OWN_RELATED = (
    RelatedTeaser(
        "На Каширском шоссе обновят остановки",
        "Работы завершат до конца весны",
        datetime(2025, 3, 2, 18, 20),
    ),
    RelatedTeaser("В Бирюлёве открыли каток с прокатом коньков", "", datetime(2025, 2, 28, 8, 5)),
    RelatedTeaser(
        "Жители Нагатинского затона выбрали название для нового сквера",
        "Голосование продолжалось две недели",
        datetime(2025, 2, 27, 19, 0),
    ),
)
OWN_RELATED_BLOCK = OWN_PAGE[OWN_PAGE.index("Читайте также") :]
OWN_DATE = "3 Мар 2025 в 14:05"
OWN_PUBLISHED_AT = datetime(2025, 3, 3, 14, 5)
OWN_WITHOUT_BODY = OWN_PAGE[: OWN_PAGE.index(OWN_BODY[0])]
MAY_19 = datetime(2025, 5, 19)


def edited(old: str, new: str) -> str:
    """The own page with one fragment replaced; fails loudly if the fragment is gone."""
    assert old in OWN_PAGE
    return OWN_PAGE.replace(old, new)


def page_with_photo_line(photo_line: str) -> TextPage:
    return parse_text_page(edited(OWN_PHOTO_LINE, photo_line))


def assert_one_line(error: BaseException) -> None:
    message = str(error)
    assert message
    assert "\n" not in message
    assert "\r" not in message


# --- the page written for these tests --------------------------------------------------


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("region", "Москва. Южный административный округ"),
        ("published_at", datetime(2025, 3, 3, 14, 5)),
        ("text_credit", "Южные горизонты"),
        ("headline", OWN_HEADLINE),
        ("photo_caption", "Читальный зал после ремонта"),
        ("photo_credit_author", "А. Лебедева"),
        ("photo_credit_source", "пресс-служба управы района Чертаново Центральное"),
        ("body", OWN_BODY),
        ("related", OWN_RELATED),
    ],
)
def test_own_page_field(field: str, expected: object) -> None:
    assert getattr(parse_text_page(OWN_PAGE), field) == expected


def test_own_page_result_is_frozen() -> None:
    page = parse_text_page(OWN_PAGE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.headline = "другой заголовок"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.related[0].lead = "другой анонс"  # type: ignore[misc]


# --- the real seed page ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    """Raw seed lines, whitespace-normalised, for expectations taken from the file itself."""
    if not SEED_PAGE.is_file():
        pytest.skip(f"seed page {SEED_PAGE} is absent (the shared seed folder is not mounted)")
    text = SEED_PAGE.read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines()]


@pytest.fixture(scope="module")
def seed_page(seed_lines: list[str]) -> TextPage:
    return read_text_page(SEED_PAGE)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("region", "Москва. Северо-Восточный административный округ"),
        ("published_at", datetime(2024, 1, 29, 9, 41)),
        ("text_credit", "Звёздный Бульвар"),
        ("photo_credit_author", "Д. Гришкин"),
        ("photo_credit_source", "mos.ru. Пресс-служба мэра и Правительства Москвы"),
    ],
)
def test_seed_page_field(seed_page: TextPage, field: str, expected: object) -> None:
    assert getattr(seed_page, field) == expected


def test_seed_page_headline_and_caption(seed_page: TextPage, seed_lines: list[str]) -> None:
    # Line 5 of the file is the headline; line 8 is the caption, cut at «. Фото:».
    assert seed_page.headline == seed_lines[4]
    assert seed_page.photo_caption == seed_lines[7].split(". Фото:")[0]
    assert seed_page.photo_caption


def test_seed_page_body(seed_page: TextPage, seed_lines: list[str]) -> None:
    # Paragraphs sit on the odd lines 11..19 of the file, between the caption and the block.
    assert seed_page.body == tuple(seed_lines[9:18:2])
    assert all(seed_page.body)


def test_seed_page_related(seed_page: TextPage, seed_lines: list[str]) -> None:
    # Each teaser takes six file lines: headline, blank, lead, blank, date, blank.
    assert [teaser.headline for teaser in seed_page.related] == seed_lines[21:50:6]
    assert [teaser.lead for teaser in seed_page.related] == seed_lines[23:50:6]
    assert [teaser.published_at for teaser in seed_page.related] == [
        datetime(2025, 5, 19, 9, 39),
        datetime(2025, 5, 16, 17, 36),
        datetime(2025, 5, 16, 11, 27),
        datetime(2025, 5, 16, 10, 38),
        datetime(2025, 5, 16, 9, 47),
    ]


def test_seed_page_body_holds_only_paragraphs(seed_page: TextPage) -> None:
    body = "\n".join(seed_page.body)
    assert seed_page.headline not in seed_page.body
    assert seed_page.photo_caption not in seed_page.body
    assert "Фото:" not in body
    assert "Читайте также" not in body
    for teaser in seed_page.related:
        assert teaser.headline not in body
        assert teaser.lead not in body


def test_seed_page_has_no_layout_spaces(seed_page: TextPage) -> None:
    texts = [seed_page.region, seed_page.headline, seed_page.photo_caption, *seed_page.body]
    texts += [teaser.headline for teaser in seed_page.related]
    texts += [teaser.lead for teaser in seed_page.related]
    for text in texts:
        assert "\u00a0" not in text
        assert "  " not in text
        assert text == text.strip()


# --- layout variations that must not change the result ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Windows and old Mac line ends
        OWN_PAGE.replace("\n", "\r\n"),
        OWN_PAGE.replace("\n", "\r"),
        # non-breaking spaces instead of spaces, as browsers copy them
        OWN_PAGE.replace(" ", "\u00a0"),
        # runs of spaces, indentation and trailing spaces
        OWN_PAGE.replace(" ", "  "),
        OWN_PAGE.replace("\n", "  \n\t "),
        # a byte order mark left by the editor
        "\ufeff" + OWN_PAGE,
        # blank lines around and between everything
        "\n\n" + OWN_PAGE.replace("\n", "\n\n") + "\n\n",
        # no blank lines at all
        OWN_PAGE.replace("\n\n", "\n"),
        # the headline printed once, or three times, before the photo line
        edited(f"{OWN_HEADLINE}\n\n{OWN_HEADLINE}\n", f"{OWN_HEADLINE}\n"),
        edited(f"{OWN_HEADLINE}\n{OWN_PHOTO_LINE}", f"{OWN_HEADLINE}\n" * 2 + OWN_PHOTO_LINE),
        # the headline printed again under the photo
        edited(OWN_PHOTO_LINE, f"{OWN_PHOTO_LINE}\n{OWN_HEADLINE}"),
        # the block heading in capitals, or with a colon
        edited("Читайте также", "ЧИТАЙТЕ ТАКЖЕ"),
        edited("Читайте также", "  читайте   также: "),
        # «Опубликовано» in another case
        edited("Опубликовано", "ОПУБЛИКОВАНО"),
    ],
)
def test_layout_variation_parses_like_own_page(text: str) -> None:
    assert parse_text_page(text) == parse_text_page(OWN_PAGE)


# --- the date line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_line", "published_at", "text_credit"),
    [
        # no «| Текст: …» part at all
        ("Опубликовано 3 Мар 2025 в 14:05", OWN_PUBLISHED_AT, ""),
        # an empty credit after the bar
        ("Опубликовано 3 Мар 2025 в 14:05 |", OWN_PUBLISHED_AT, ""),
        ("Опубликовано 3 Мар 2025 в 14:05 | Текст:", OWN_PUBLISHED_AT, ""),
        # a credit without its label is kept as written
        ("Опубликовано 3 Мар 2025 в 14:05 | Южные горизонты", OWN_PUBLISHED_AT, "Южные горизонты"),
        # label spelling and spacing
        ("Опубликовано 3 Мар 2025 в 14:05|текст :Юг", OWN_PUBLISHED_AT, "Юг"),
        ("Опубликовано: 3 Мар 2025 в 14:05 | Текст: Юг", OWN_PUBLISHED_AT, "Юг"),
        # other date shapes the parser accepts
        ("Опубликовано 3 марта 2025 г. в 14:05 | Текст: Юг", OWN_PUBLISHED_AT, "Юг"),
        ("Опубликовано 3 мар. 2025 в 4:05 | Текст: Юг", datetime(2025, 3, 3, 4, 5), "Юг"),
        ("Опубликовано 3 марта 2025 | Текст: Юг", datetime(2025, 3, 3, 0, 0), "Юг"),
        # «ё» in the credit is kept as written
        ("Опубликовано 3 Мар 2025 в 14:05 | Текст: Звёзды юга", OWN_PUBLISHED_AT, "Звёзды юга"),
    ],
)
def test_date_line(date_line: str, published_at: datetime, text_credit: str) -> None:
    page = parse_text_page(edited(f"Опубликовано {OWN_DATE} | Текст: Южные горизонты", date_line))
    assert (page.published_at, page.text_credit) == (published_at, text_credit)


@pytest.mark.parametrize(
    ("header", "region"),
    [
        # one header line, three header lines, none at all
        ("Москва. Южный административный округ\n", "Москва. Южный административный округ"),
        ("Москва.\nЮжный\nадминистративный округ\n", "Москва. Южный административный округ"),
        ("", ""),
        # blank lines inside the header are not part of it
        ("\nМосква. Южный\n\nадминистративный округ\n\n", "Москва. Южный административный округ"),
    ],
)
def test_region_header(header: str, region: str) -> None:
    page = parse_text_page(edited("Москва. Южный\nадминистративный округ\n", header))
    assert page.region == region


# --- the photo line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("photo_line", "caption", "author", "source"),
    [
        # initials and surname, then a comma and the source
        ("Зал. Фото: А. Лебедева, пресс-служба", "Зал", "А. Лебедева", "пресс-служба"),
        # initials and surname, then the source after a mere space
        ("Зал. Фото: К. Орлов mos.ru. Префектура ЮАО", "Зал", "К. Орлов", "mos.ru. Префектура ЮАО"),
        # two initials, with and without a space between them
        ("Зал. Фото: И.О. Смирнова, архив управы", "Зал", "И.О. Смирнова", "архив управы"),
        ("Зал. Фото: И. О. Смирнова, архив управы", "Зал", "И. О. Смирнова", "архив управы"),
        # a hyphenated surname
        ("Зал. Фото: Р. Соколова-Белая, архив", "Зал", "Р. Соколова-Белая", "архив"),
        # a slash or a semicolon as the separator
        ("Зал. Фото: К. Орлов / Агентство новостей", "Зал", "К. Орлов", "Агентство новостей"),
        ("Зал. Фото: К. Орлов; архив управы", "Зал", "К. Орлов", "архив управы"),
        # a first name and surname count only when a comma closes them
        ("Зал. Фото: Анна Лебедева, архив управы", "Зал", "Анна Лебедева", "архив управы"),
        ("Зал. Фото: Агентство Москва", "Зал", "", "Агентство Москва"),
        # the author alone, the source alone
        ("Зал. Фото: А. Лебедева", "Зал", "А. Лебедева", ""),
        ("Зал. Фото: mos.ru", "Зал", "", "mos.ru"),
        ("Зал. Фото: пресс-служба префектуры ЮАО", "Зал", "", "пресс-служба префектуры ЮАО"),
        # an empty credit
        ("Зал. Фото:", "Зал", "", ""),
        # the caption without its closing dot, or with stray spaces and dots
        ("Зал после ремонта Фото: mos.ru", "Зал после ремонта", "", "mos.ru"),
        ("Зал после ремонта .  Фото:  mos.ru", "Зал после ремонта", "", "mos.ru"),
        ("Зал после ремонта.Фото:mos.ru", "Зал после ремонта", "", "mos.ru"),
        # no caption at all
        ("Фото: А. Лебедева, архив", "", "А. Лебедева", "архив"),
        # the caption keeps its own inner dots
        ("Ул. Кировоградская, д. 5. Фото: mos.ru", "Ул. Кировоградская, д. 5", "", "mos.ru"),
        # «фото:» in lower case
        ("Зал. фото: mos.ru", "Зал", "", "mos.ru"),
    ],
)
def test_photo_line(photo_line: str, caption: str, author: str, source: str) -> None:
    page = page_with_photo_line(photo_line)
    assert (page.photo_caption, page.photo_credit_author, page.photo_credit_source) == (
        caption,
        author,
        source,
    )
    assert page.body == OWN_BODY


def test_page_without_photo_line() -> None:
    page = parse_text_page(edited(OWN_PHOTO_LINE + "\n", ""))
    assert (page.photo_caption, page.photo_credit_author, page.photo_credit_source) == ("", "", "")
    assert page.body == OWN_BODY
    assert page.related == OWN_RELATED


# «Фото:» further down is part of a paragraph, not a caption.
def test_photo_word_inside_body_stays_body() -> None:
    paragraph = "Фото: архив жителей района, 1970-е годы."
    page = parse_text_page(edited(OWN_BODY[0], f"{OWN_BODY[0]}\n\n{paragraph}"))
    assert page.body == (OWN_BODY[0], paragraph, *OWN_BODY[1:])
    assert page.photo_caption == "Читальный зал после ремонта"


# A word that merely ends in «фото» is not the credit label.
def test_photo_line_needs_the_whole_word() -> None:
    paragraph = "Студия автофото: теперь и в Чертанове."
    page = parse_text_page(edited(OWN_PHOTO_LINE, paragraph))
    assert page.photo_caption == ""
    assert page.body == (paragraph, *OWN_BODY)


# --- the «Читайте также» block ----------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "teasers"),
    [
        # no block at all
        ("", ()),
        # the heading with nothing after it
        ("Читайте также\n", ()),
        # teasers without lead, with a lead, and both in one block
        ("Читайте также\nСквер\n19 мая 2025\n", (("Сквер", ""),)),
        ("Читайте также\nСквер\nАнонс\n19 мая 2025", (("Сквер", "Анонс"),)),
        ("Читайте также\nА\n19 мая 2025\nБ\nАнонс\n19 мая 2025", (("А", ""), ("Б", "Анонс"))),
        # non-breaking spaces and CRLF inside the block
        ("Читайте\u00a0также\r\nСквер\r\n19 мая\u00a02025\r\n", (("Сквер", ""),)),
    ],
)
def test_related_block(block: str, teasers: tuple[tuple[str, str], ...]) -> None:
    page = parse_text_page(edited(OWN_RELATED_BLOCK, block))
    assert tuple((teaser.headline, teaser.lead) for teaser in page.related) == teasers
    assert all(teaser.published_at == MAY_19 for teaser in page.related)
    assert page.body == OWN_BODY


@pytest.mark.parametrize(
    ("date_line", "published_at"),
    [
        # the teaser shape and the header shape
        ("19 мая 2025 в 09:39", datetime(2025, 5, 19, 9, 39)),
        ("19 Май 2025 в 09:39", datetime(2025, 5, 19, 9, 39)),
        # case, «г.», a comma, no time
        ("19 МАЯ 2025 г. в 09:39", datetime(2025, 5, 19, 9, 39)),
        ("19 мая 2025, 09:39", datetime(2025, 5, 19, 9, 39)),
        ("1 Сен 2025", datetime(2025, 9, 1, 0, 0)),
        ("2 сент. 2025 в 10:00", datetime(2025, 9, 2, 10, 0)),
    ],
)
def test_related_teaser_date(date_line: str, published_at: datetime) -> None:
    page = parse_text_page(edited(OWN_RELATED_BLOCK, f"Читайте также\nСквер\n{date_line}\n"))
    assert page.related == (RelatedTeaser("Сквер", "", published_at),)


# A line that only mentions the heading is a paragraph, not the start of the block.
def test_related_heading_must_be_the_whole_line() -> None:
    paragraph = "Читайте также нашу подборку летних маршрутов."
    page = parse_text_page(edited(OWN_BODY[-1], f"{OWN_BODY[-1]}\n{paragraph}"))
    assert page.body == (*OWN_BODY, paragraph)
    assert page.related == OWN_RELATED


# --- refusals of parse_text_page --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # nothing at all
        ("", "пустой текст"),
        ("   \n\n\t\u00a0\r\n  ", "пустой текст"),
        ("\ufeff", "пустой текст"),
        # no date line
        (OWN_PAGE.replace("Опубликовано", "Обновлено"), "нет строки «Опубликовано …»"),
        ("Просто заметка без даты.\nЕщё одна строка.", "нет строки «Опубликовано …»"),
        # a date line whose date cannot be read
        (edited(OWN_DATE, "31 Фев 2025 в 14:05"), "дату публикации.*31 Фев 2025"),
        (edited(OWN_DATE, "3 Мар 2025 в 25:00"), "дату публикации.*25:00"),
        (edited(OWN_DATE, "вчера"), "дату публикации"),
        (edited(OWN_DATE, ""), "дату публикации"),
        (edited(OWN_DATE, "3 Мрт 2025"), "неизвестный месяц «мрт»"),
        # nothing after the date line
        (OWN_PAGE[: OWN_PAGE.index(OWN_HEADLINE)], "нет заголовка"),
        (f"Опубликовано {OWN_DATE}\n\n   \n", "нет заголовка"),
        # a headline but no paragraph
        (OWN_WITHOUT_BODY, "нет ни одного абзаца"),
        (OWN_WITHOUT_BODY + OWN_RELATED_BLOCK, "нет ни одного абзаца"),
        (f"Опубликовано {OWN_DATE}\n{OWN_HEADLINE}\n{OWN_HEADLINE}\n", "нет ни одного абзаца"),
        # a teaser that never reaches its date
        (OWN_PAGE + "\nЕщё один материал\n", "«Ещё один материал» нет строки с датой"),
        (OWN_PAGE + "Ещё один материал\nИ его анонс\n", "«Ещё один материал» нет строки с датой"),
        # a broken teaser date is refused, not glued into the next teaser
        (edited("2 марта 2025 в 18:20", "2 марта в 18:20"), "Каширском.*нет строки с датой"),
        (edited("Работы завершат", "Анонс\nРаботы завершат"), "Каширском.*нет строки с датой"),
        # a date with no teaser before it
        (edited("Читайте также\n", "Читайте также\n1 марта 2025 в 10:00\n"), "без заголовка"),
        (OWN_PAGE + "1 марта 2025 в 10:00\n", "без заголовка"),
    ],
)
def test_parse_text_page_refuses(text: str, message: str) -> None:
    with pytest.raises(TextPageError, match=message) as caught:
        parse_text_page(text)
    assert_one_line(caught.value)


def test_parse_text_page_refuses_bytes() -> None:
    with pytest.raises(TextPageError, match="ожидался текст"):
        parse_text_page(OWN_PAGE.encode())  # type: ignore[arg-type]


# Long input is quoted only in part, so an error stays a readable one-line log entry.
def test_error_message_shortens_long_quotes() -> None:
    teaser = "Очень длинный заголовок анонса " * 20
    with pytest.raises(TextPageError) as caught:
        parse_text_page(OWN_PAGE + teaser + "\n")
    assert_one_line(caught.value)
    assert len(str(caught.value)) < 150


def test_text_page_error_is_a_value_error() -> None:
    assert issubclass(TextPageError, ValueError)


# --- reading files ----------------------------------------------------------------------


def write_page(tmp_path: Path, data: bytes, name: str = "статья.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        # plain UTF-8, with a BOM, with Windows line ends
        OWN_PAGE.encode("utf-8"),
        OWN_PAGE.encode("utf-8-sig"),
        OWN_PAGE.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_read_text_page_reads_utf8(tmp_path: Path, data: bytes) -> None:
    assert read_text_page(write_page(tmp_path, data)) == parse_text_page(OWN_PAGE)


def test_read_text_page_accepts_str_path(tmp_path: Path) -> None:
    path = write_page(tmp_path, OWN_PAGE.encode())
    assert read_text_page(os.fspath(path)) == parse_text_page(OWN_PAGE)


# The limit is inclusive: a page of exactly MAX_TEXT_PAGE_BYTES bytes is still a page.
def test_read_text_page_accepts_exactly_the_limit(tmp_path: Path) -> None:
    padding = "я" * ((MAX_TEXT_PAGE_BYTES - len(OWN_PAGE.encode())) // 2)
    text = OWN_PAGE.replace(OWN_BODY[-1], OWN_BODY[-1] + padding)
    text += "\n" * (MAX_TEXT_PAGE_BYTES - len(text.encode()))
    path = write_page(tmp_path, text.encode())
    assert path.stat().st_size == MAX_TEXT_PAGE_BYTES
    assert read_text_page(path).body[-1].endswith("я")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # empty or blank files
        (b"", "пустой текст"),
        (b"  \r\n\n\t", "пустой текст"),
        ("\ufeff".encode(), "пустой текст"),
        # binary content: an image header, NUL bytes, other control bytes
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "не текст"),
        (OWN_PAGE.encode()[:200] + b"\x00" + OWN_PAGE.encode()[200:], "не текст"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08abc", "не текст"),
        (OWN_PAGE.encode("utf-16"), "не текст"),
        # another encoding
        (OWN_PAGE.encode("cp1251"), "не в кодировке UTF-8 \\(похоже на Windows-1251\\)"),
        (OWN_PAGE.encode("koi8-r"), "не в кодировке UTF-8"),
        # truncated in the middle of a character
        (OWN_PAGE.encode()[:101], "не в кодировке UTF-8: недопустимый байт"),
        # a well-formed file with a page problem is reported with the file name
        (OWN_PAGE.replace("Опубликовано", "Обновлено").encode(), "статья.txt: нет строки"),
    ],
)
def test_read_text_page_refuses_content(tmp_path: Path, data: bytes, message: str) -> None:
    path = write_page(tmp_path, data)
    with pytest.raises(TextPageError, match=message) as caught:
        read_text_page(path)
    assert_one_line(caught.value)


def test_read_text_page_refuses_cp1251_with_encoding_in_message(tmp_path: Path) -> None:
    path = write_page(tmp_path, OWN_PAGE.encode("cp1251"))
    with pytest.raises(TextPageError) as caught:
        read_text_page(path)
    message = str(caught.value)
    assert str(path) in message
    assert "UTF-8" in message
    assert "0x" in message


def test_read_text_page_refuses_ten_megabytes_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = "Строка обычного текста, которая повторяется слишком много раз.\n"
    path = write_page(tmp_path, (line * (10_000_000 // len(line.encode()) + 1)).encode())
    assert path.stat().st_size > 10_000_000

    def refuse_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("an oversized file must be refused before it is opened")

    monkeypatch.setattr(Path, "open", refuse_open)
    with pytest.raises(TextPageError, match=f"больше {MAX_TEXT_PAGE_BYTES} байт") as caught:
        read_text_page(path)
    assert_one_line(caught.value)


def test_read_text_page_refuses_one_byte_over_the_limit(tmp_path: Path) -> None:
    path = write_page(tmp_path, b"a" * (MAX_TEXT_PAGE_BYTES + 1))
    with pytest.raises(TextPageError, match="больше"):
        read_text_page(path)


def test_read_text_page_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TextPageError, match="файл не найден") as caught:
        read_text_page(tmp_path / "нет-такого.txt")
    assert_one_line(caught.value)


def test_read_text_page_refuses_directory(tmp_path: Path) -> None:
    with pytest.raises(TextPageError, match="это каталог") as caught:
        read_text_page(tmp_path)
    assert_one_line(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_read_text_page_refuses_named_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "труба"
    os.mkfifo(pipe)
    with pytest.raises(TextPageError, match="не обычный файл"):
        read_text_page(pipe)
