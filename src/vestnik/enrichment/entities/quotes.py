"""Finding organisations: the quotes and the type word natasha cuts off a name."""

from __future__ import annotations

import re
from typing import Final

from vestnik.language.analysis import lemmatize_word

__all__ = ["extend_organisation"]

# --- organisation spans: quotes and the type before them ------------------------------
#
# natasha stops an organisation at its quotes: «ОЭЗ «Технополис Москва»» comes back as
# «ОЭЗ «Технополис Москва» or as «Технополис Москва». Quotes are part of how Russian
# writes a company's name, and the abbreviation or word before them says what it is, so
# both are taken back: left over an opening quote directly before the span, then over
# an all-caps abbreviation or a type word («компания», «завод», «центр»; in any case)
# directly before that quote; right over the closing quotes that balance the opening
# ones, so «Технополис «Москва»» stays balanced.
#
# natasha also misses some of them altogether (the «ОЭЗ «Технополис Москва»» of a title,
# «ГБУ «Жилищник района Марфино»»): two to five Cyrillic capitals directly before a
# quoted name that starts with a capital or a digit are an organisation wherever they
# stand, unless they name a place (_PLACE_ABBREVIATIONS). And a place natasha finds
# directly inside quotes after a type word is the organisation named after it
# («технопарк «Строгино»»).

_OPENING: Final[dict[str, str]] = {"«": "»", "„": "“", "“": "”", '"': '"'}
_CLOSING: Final = frozenset(_OPENING.values())
_QUOTES: Final = frozenset(_OPENING) | _CLOSING
# How far to look for the closing quote of a name natasha cut short, on the same line.
_QUOTE_REACH: Final = 150
_ABBREVIATION: Final[re.Pattern[str]] = re.compile("[А-ЯЁA-Z]{2,6}")
# Capitals that say where or what, not which kind of organisation: Moscow's okrugs
# («в ЦАО «Жилищник»» is «Жилищник» in ЦАО), roads and transport, countries. ЗАО and НАО
# are okrugs too, but directly before a quoted name they are company types («ЗАО
# «Микрон»»), as they are in the great majority of texts, and so are not listed here.
_PLACE_ABBREVIATIONS: Final = frozenset(
    {
        "ЦАО",
        "САО",
        "СВАО",
        "ВАО",
        "ЮВАО",
        "ЮАО",
        "ЮЗАО",
        "СЗАО",
        "ТАО",
        "МКАД",
        "ТТК",
        "МЦК",
        "МЦД",
        "БКЛ",
        "ТПУ",
        "РФ",
        "СССР",
        "США",
    }
)
_NAME_GAP: Final[re.Pattern[str]] = re.compile("[ \u00a0]{1,2}")
_WORD_BEFORE: Final[re.Pattern[str]] = re.compile(r"(?<![\w-])([А-Яа-яЁёA-Za-z]+)[ \u00a0]$")
_ORGANISATION_TYPES: Final = frozenset(
    {
        "агентство",
        "академия",
        "ассоциация",
        "банк",
        "библиотека",
        "больница",
        "бюро",
        "газета",
        "гимназия",
        "гостиница",
        "движение",
        "журнал",
        "завод",
        "издательство",
        "институт",
        "кафе",
        "кинотеатр",
        "кластер",
        "клиника",
        "клуб",
        "колледж",
        "комбинат",
        "компания",
        "концерн",
        "корпорация",
        "лаборатория",
        "лицей",
        "магазин",
        "музей",
        "объединение",
        "организация",
        "отель",
        "партия",
        "поликлиника",
        "предприятие",
        "ресторан",
        "сеть",
        "союз",
        "спорткомплекс",
        "студия",
        "театр",
        "телеканал",
        "технопарк",
        "университет",
        "учреждение",
        "фабрика",
        "фирма",
        "фонд",
        "холдинг",
        "центр",
        "школа",
    }
)


def _is_type_abbreviation(word: str) -> bool:
    """Tell whether a word is an all-caps abbreviation of a kind of organisation.

    >>> [_is_type_abbreviation(word) for word in ("ГБУ", "ОЭЗ", "ЦАО", "Москва")]
    [True, True, False, False]
    """
    return _ABBREVIATION.fullmatch(word) is not None and word not in _PLACE_ABBREVIATIONS


def _is_type_word(word: str) -> bool:
    if _is_type_abbreviation(word):
        return True
    return lemmatize_word(word) in _ORGANISATION_TYPES


def _quote_stack(text: str) -> tuple[list[str], bool]:
    """Return the quotes opened in ``text`` and not closed, innermost last, and whether a
    closing quote came with none of its kind open."""
    stack: list[str] = []
    stray = False
    for char in text:
        if stack and char == _OPENING[stack[-1]]:
            stack.pop()
        elif char in _OPENING:
            stack.append(char)
        elif char in _CLOSING:
            stray = True
    return stack, stray


def _unclosed(text: str) -> list[str]:
    return _quote_stack(text)[0]


def _has_stray_closing(text: str) -> bool:
    return _quote_stack(text)[1]


def _close_quotes(text: str, start: int, stop: int) -> int | None:
    """Return where the quotes open in text[start:stop] are all closed, or None."""
    stack = _unclosed(text[start:stop])
    position = stop
    limit = min(len(text), stop + _QUOTE_REACH)
    while stack:
        if position >= limit or text[position] == "\n":
            return None
        char = text[position]
        if char == _OPENING[stack[-1]]:
            stack.pop()
        elif char in _OPENING:
            stack.append(char)
        position += 1
    return position


def _trim_quotes(text: str, start: int, stop: int) -> tuple[int, int]:
    """Drop quotes and spaces from the edges of a span whose quotes do not balance."""
    while start < stop and (text[start] in _QUOTES or text[start].isspace()):
        start += 1
    while stop > start and (text[stop - 1] in _QUOTES or text[stop - 1].isspace()):
        stop -= 1
    return start, stop


def extend_organisation(text: str, start: int, stop: int) -> tuple[int, int]:
    """Widen an organisation's span over its quotes and the type word before them.

    >>> text = "резидент ОЭЗ «Технополис Москва» и компании «Микрон»"
    >>> [text[slice(*extend_organisation(text, a, b))] for a, b in ((9, 31), (44, 50))]
    ['ОЭЗ «Технополис Москва»', 'компании «Микрон»']
    """
    original = (start, stop)
    while start > 0 and text[start - 1] in _OPENING:
        start -= 1
    closed = _close_quotes(text, start, stop)
    if closed is None or _has_stray_closing(text[start:closed]):
        return _trim_quotes(text, *original)
    stop = closed
    if text[start] in _OPENING:
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before is not None and _is_type_word(before.group(1)):
            start = before.start(1)
    return start, stop
