"""Article pages saved as plain text, read into structured fields.

Outlets hand over archives as text copies of their published pages: a region header,
an «Опубликовано …» line, the headline (often repeated by the page's image block),
a photo caption with credit, body paragraphs and a trailing «Читайте также» block of
teasers for other articles. This module turns one such page into a ``TextPage``.

It knows nothing about Django: the ingest app decides what to store, this module only
decides what the text says, and refuses with ``TextPageError`` (one human-readable line)
whenever the text does not have the expected shape, so a bad file is reported rather than
imported half-right.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from vestnik.language.dates import parse_russian_datetime

__all__ = [
    "MAX_TEXT_PAGE_BYTES",
    "RelatedTeaser",
    "TextPage",
    "TextPageError",
    "parse_text_page",
    "read_text_page",
    "split_photo_caption",
]

# A long article is ~30 KB of UTF-8; a megabyte leaves room for anything real and stops
# a mislabelled dump or log file from being read into memory whole.
MAX_TEXT_PAGE_BYTES: Final[int] = 1_000_000

_PUBLISHED_MARKER: Final[str] = "опубликовано"
_TEXT_CREDIT_PREFIX: Final[re.Pattern[str]] = re.compile(r"текст\s*:\s*", re.IGNORECASE)
_RELATED_MARKERS: Final[frozenset[str]] = frozenset({"читайте также", "читайте также:"})

# «<caption>. Фото: <credit>»; the dot before «Фото:» belongs to the separator, not to
# the caption.
_PHOTO_SEPARATOR: Final[re.Pattern[str]] = re.compile(r"\.?\s*(?<!\w)фото\s*:\s*", re.IGNORECASE)

_NAME_WORD: Final[str] = r"[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁA-Z][а-яёa-z]+)?"
# «А. Лебедева», «И.О. Фамилия», «И. О. Фамилия»: initials are unambiguous, so the name may
# be followed directly by the source with only a space between them.
_INITIALS_AUTHOR: Final[re.Pattern[str]] = re.compile(
    rf"(?P<author>(?:[А-ЯЁA-Z]\. ?){{1,2}}{_NAME_WORD})(?=$|[ ,;/])"
)
# «Анна Лебедева, …»: two capitalised words could also be an agency («Агентство Москва»),
# so a full name counts as the author only when a comma closes it.
_FULL_NAME_AUTHOR: Final[re.Pattern[str]] = re.compile(rf"(?P<author>{_NAME_WORD} {_NAME_WORD}),")

# Longest piece of input quoted back in an error message.
_ECHO_LIMIT: Final[int] = 60

# C0 control characters that never occur in text typed by people; any of them means the
# file is not a text page. Tab, line feed, vertical tab, form feed and carriage return
# are layout, not binary noise.
_BINARY_BYTES: Final[bytes] = bytes(b for b in range(0x20) if b not in b"\t\n\v\f\r")


@dataclass(frozen=True)
class RelatedTeaser:
    """One teaser of the «Читайте также» block: a link to another article.

    Example: ``RelatedTeaser("В Бирюлёве открыли каток", "", datetime(2025, 1, 4, 12, 0))``.
    """

    headline: str
    lead: str
    published_at: datetime


@dataclass(frozen=True)
class TextPage:
    """Everything a text copy of an article page says, field by field.

    Example: ``region`` is «Москва. Южный административный округ» even though the page
    breaks it over two lines.
    """

    region: str
    published_at: datetime
    text_credit: str
    headline: str
    photo_caption: str
    photo_credit_author: str
    photo_credit_source: str
    body: tuple[str, ...]
    related: tuple[RelatedTeaser, ...]


class TextPageError(ValueError):
    """The text is not an article page of the expected shape; the message is one line.

    Example: ``TextPageError("нет строки «Опубликовано …» с датой публикации")``.
    """


def parse_text_page(text: str) -> TextPage:
    """Split the text of one article page into its fields.

    Lines are compared after normalisation (trimmed, runs of spaces and non-breaking
    spaces collapsed into one space), so copies saved by different browsers and editors
    parse the same way.

    Example: a page starting «Москва. Южный / административный округ /
    Опубликовано 3 Мар 2025 в 14:05 | Текст: Южные горизонты» yields
    ``region="Москва. Южный административный округ"`` and ``text_credit="Южные горизонты"``.
    """
    if not isinstance(text, str):
        raise TextPageError(f"ожидался текст (str), получено {type(text).__name__}")
    lines = _normalise_lines(text)
    if not any(lines):
        raise TextPageError("пустой текст: в нём нет ни одной строки")

    date_index = _find_published_line(lines)
    region = " ".join(line for line in lines[:date_index] if line)
    published_at, text_credit = _parse_published_line(lines[date_index])

    rest = [line for line in lines[date_index + 1 :] if line]
    if not rest:
        raise TextPageError("нет заголовка: после строки «Опубликовано …» текст заканчивается")
    headline = rest[0]
    position = _skip_repeats(rest, 1, headline)

    photo_caption = photo_credit_author = photo_credit_source = ""
    if position < len(rest) and _PHOTO_SEPARATOR.search(rest[position]):
        photo_caption, credit = _split_photo_line(rest[position])
        photo_credit_author, photo_credit_source = _split_photo_credit(credit)
        # Some layouts print the headline again under the picture as well.
        position = _skip_repeats(rest, position + 1, headline)

    body, related_lines = _split_related_block(rest[position:])
    if not body:
        raise TextPageError(f"нет ни одного абзаца текста после заголовка «{_echo(headline)}»")

    return TextPage(
        region=region,
        published_at=published_at,
        text_credit=text_credit,
        headline=headline,
        photo_caption=photo_caption,
        photo_credit_author=photo_credit_author,
        photo_credit_source=photo_credit_source,
        body=tuple(body),
        related=tuple(_parse_related_teasers(related_lines)),
    )


def split_photo_caption(line: str) -> tuple[str, str, str]:
    """A caption line as pages print it, split into caption, photographer and source.

    Example: «Каток в Строгине. Фото: А. Лебедева, пресс-служба управы» gives
    ``("Каток в Строгине", "А. Лебедева", "пресс-служба управы")``.
    """
    caption, credit = _split_photo_line(line)
    return (caption, *_split_photo_credit(credit))


def read_text_page(path: str | os.PathLike[str]) -> TextPage:
    """Read a UTF-8 text file from disk and parse it with ``parse_text_page``.

    Files come from outlets' archives, so everything that can be wrong with a file
    (missing, a directory, too large, binary, another encoding) becomes a
    ``TextPageError`` naming the file, never an ``OSError`` or ``UnicodeDecodeError``.

    Example: ``read_text_page("архив/2025-03-03-библиотека.txt").text_credit`` is
    «Южные горизонты».
    """
    file_path = Path(path)
    data = _read_limited_bytes(file_path)
    text = _decode_page_bytes(file_path, data)
    try:
        return parse_text_page(text)
    except TextPageError as exc:
        raise TextPageError(f"{file_path}: {exc}") from exc


def _normalise_lines(text: str) -> list[str]:
    """Split text into trimmed lines with every whitespace run collapsed to one space.

    Empty lines are kept (as ``""``) so callers can still see paragraph breaks.
    Example: ``"Москва.\\u00a0 Юг\\r\\n"`` becomes ``["Москва. Юг"]``.
    """
    # A byte order mark survives some decoders and would otherwise glue itself to the
    # first header word.
    text = text.removeprefix("\ufeff")
    # str.split() without arguments also splits on non-breaking and other Unicode spaces.
    return [" ".join(line.split()) for line in text.splitlines()]


def _find_published_line(lines: Sequence[str]) -> int:
    """Return the index of the «Опубликовано …» line, the anchor of the whole page.

    Example: in ``["Москва.", "Опубликовано 1 Мар 2025 в 10:00"]`` it is ``1``.
    """
    for index, line in enumerate(lines):
        if line.casefold().startswith(_PUBLISHED_MARKER):
            return index
    raise TextPageError("нет строки «Опубликовано …» с датой публикации")


def _parse_published_line(line: str) -> tuple[datetime, str]:
    """Return the publication datetime and the text credit of the «Опубликовано» line.

    Example: «Опубликовано 3 Мар 2025 в 14:05 | Текст: Южные горизонты» gives
    ``(datetime(2025, 3, 3, 14, 5), "Южные горизонты")``.
    """
    after_marker = line[len(_PUBLISHED_MARKER) :].lstrip(" :")
    date_text, _, credit_text = after_marker.partition("|")
    try:
        published_at = parse_russian_datetime(date_text)
    except ValueError as exc:
        raise TextPageError(f"не удалось прочитать дату публикации: {exc}") from exc
    credit_text = credit_text.strip()
    # Only the «Текст:» label is dropped; an unlabelled credit is kept as written.
    label = _TEXT_CREDIT_PREFIX.match(credit_text)
    if label is not None:
        credit_text = credit_text[label.end() :]
    return published_at, credit_text.strip()


def _skip_repeats(lines: Sequence[str], start: int, headline: str) -> int:
    """Return the first index from ``start`` whose line is not the headline again.

    Example: ``_skip_repeats(["З", "З", "Текст"], 1, "З")`` is ``2``.
    """
    position = start
    while position < len(lines) and lines[position] == headline:
        position += 1
    return position


def _split_photo_line(line: str) -> tuple[str, str]:
    """Split a photo line into caption and credit at «Фото:».

    Example: «Открытие библиотеки. Фото: А. Лебедева» gives
    ``("Открытие библиотеки", "А. Лебедева")``.
    """
    separator = _PHOTO_SEPARATOR.search(line)
    if separator is None:
        return line.rstrip(". "), ""
    caption = line[: separator.start()].rstrip(". ")
    return caption, line[separator.end() :].strip()


def _split_photo_credit(credit: str) -> tuple[str, str]:
    """Split a photo credit into the photographer's name and the source.

    A name is recognised only in forms that cannot be an organisation: initials and a
    surname, or a first name and a surname closed by a comma. Everything else is the source.
    Example: «А. Лебедева пресс-служба управы» gives ``("А. Лебедева", "пресс-служба управы")``.
    """
    for pattern in (_INITIALS_AUTHOR, _FULL_NAME_AUTHOR):
        match = pattern.match(credit)
        if match is not None:
            author = match["author"]
            source = credit[len(author) :].lstrip(" ,;/")
            return author, source
    return "", credit


def _split_related_block(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split non-empty lines into body paragraphs and the lines after «Читайте также».

    Example: ``["Абзац", "Читайте также", "Другое"]`` gives ``(["Абзац"], ["Другое"])``.
    """
    for index, line in enumerate(lines):
        if line.casefold() in _RELATED_MARKERS:
            return list(lines[:index]), list(lines[index + 1 :])
    return list(lines), []


def _parse_related_teasers(lines: Sequence[str]) -> Iterator[RelatedTeaser]:
    """Group the «Читайте также» lines into teasers, each closed by its date line.

    A teaser is a headline, an optional lead and a date. A third line without a date is
    refused rather than glued into the lead: it almost always means a date that failed to
    parse, and gluing would merge two teasers into one.
    Example: ``["Новый сквер", "19 мая 2025 в 09:39"]`` gives one teaser with lead ``""``.
    """
    group: list[str] = []
    for line in lines:
        published_at = _try_parse_date(line)
        if published_at is None:
            if len(group) == 2:
                raise _missing_date_error(group[0])
            group.append(line)
            continue
        if not group:
            raise TextPageError(f"в блоке «Читайте также» дата «{_echo(line)}» стоит без заголовка")
        yield RelatedTeaser(
            headline=group[0],
            lead=group[1] if len(group) > 1 else "",
            published_at=published_at,
        )
        group = []
    if group:
        raise _missing_date_error(group[0])


def _missing_date_error(headline: str) -> TextPageError:
    return TextPageError(
        f"в блоке «Читайте также» у материала «{_echo(headline)}» нет строки с датой"
    )


def _read_limited_bytes(path: Path) -> bytes:
    """Read a regular file of at most ``MAX_TEXT_PAGE_BYTES`` bytes.

    The size is checked before reading so an oversized file is never loaded whole.
    Example: a 10 MB «статья.txt» is refused without reading it.
    """
    try:
        status = path.stat()
    except FileNotFoundError as exc:
        raise TextPageError(f"{path}: файл не найден") from exc
    except OSError as exc:
        raise TextPageError(f"{path}: не удалось открыть файл ({exc.strerror})") from exc
    if stat.S_ISDIR(status.st_mode):
        raise TextPageError(f"{path}: это каталог, а не файл")
    if not stat.S_ISREG(status.st_mode):
        # Pipes and devices could block or never end; pages only come as files.
        raise TextPageError(f"{path}: это не обычный файл")
    if status.st_size > MAX_TEXT_PAGE_BYTES:
        raise TextPageError(_too_large_message(path))
    try:
        with path.open("rb") as handle:
            # One byte over the limit tells a file that grew after stat() from one that fits.
            data = handle.read(MAX_TEXT_PAGE_BYTES + 1)
    except OSError as exc:
        raise TextPageError(f"{path}: не удалось прочитать файл ({exc.strerror})") from exc
    if len(data) > MAX_TEXT_PAGE_BYTES:
        raise TextPageError(_too_large_message(path))
    return data


def _decode_page_bytes(path: Path, data: bytes) -> str:
    """Decode file contents as UTF-8 (a BOM is allowed), refusing binary data.

    Binary is checked first: an image is also invalid UTF-8, and «не текст» is the more
    useful diagnosis for it.
    Example: bytes of «Опубликовано» in Windows-1251 are refused with a UTF-8 message.
    """
    # Deleting the forbidden bytes is a C-speed scan; a shorter result means one was there.
    if len(data.translate(None, _BINARY_BYTES)) != len(data):
        raise TextPageError(f"{path}: не текст (binary): файл содержит управляющие байты")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = " (похоже на Windows-1251)" if _looks_like_cp1251(data) else ""
        raise TextPageError(
            f"{path}: файл не в кодировке UTF-8{hint}: "
            f"недопустимый байт 0x{data[exc.start]:02x} в позиции {exc.start}"
        ) from exc


def _looks_like_cp1251(data: bytes) -> bool:
    # Windows-1251 decodes almost any byte string, so the hint is given only when most of
    # the high bytes land on Cyrillic letters, as they do in real Russian text.
    high = [byte for byte in data if byte >= 0x80]
    if not high:
        return False
    cyrillic = sum(1 for byte in high if byte >= 0xC0 or byte in (0xA8, 0xB8))
    return cyrillic / len(high) > 0.9


def _too_large_message(path: Path) -> str:
    return f"{path}: файл больше {MAX_TEXT_PAGE_BYTES} байт — это не похоже на страницу статьи"


def _try_parse_date(line: str) -> datetime | None:
    try:
        return parse_russian_datetime(line)
    except ValueError:
        return None


def _echo(text: str) -> str:
    if len(text) <= _ECHO_LIMIT:
        return text
    return text[: _ECHO_LIMIT - 1] + "…"
