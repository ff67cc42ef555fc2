"""Russian dates as district outlets print them, and back.

Two shapes appear on the pages we publish and ingest:

* the article header, «29 Янв 2024 в 09:41», the same as Django's Russian ``M`` format,
  so that pages rendered by templates and by Python read identically;
* teaser lists, «19 мая 2025 в 09:39», with the month in the genitive case, which is
  how a Russian reader says a date aloud.

The functions format the datetime exactly as given: callers convert to Moscow time first.
Nothing here touches time zones, so an aware datetime keeps its wall-clock reading and
a parsed datetime is always naive.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from vestnik.language.folding import fold_yo

__all__ = ["format_item_date", "format_published", "parse_russian_datetime"]

# One row per month, January first: the header abbreviation, the genitive, the nominative.
# The abbreviations follow Django's Russian locale, not the Russian typographic norm
# («февр.», «сент.»), because outlet templates use Django's ``M``.
_MONTHS: Final[tuple[tuple[str, str, str], ...]] = (
    ("Янв", "января", "январь"),
    ("Фев", "февраля", "февраль"),
    ("Мар", "марта", "март"),
    ("Апр", "апреля", "апрель"),
    ("Май", "мая", "май"),
    ("Июн", "июня", "июнь"),
    ("Июл", "июля", "июль"),
    ("Авг", "августа", "август"),
    ("Сен", "сентября", "сентябрь"),
    ("Окт", "октября", "октябрь"),
    ("Ноя", "ноября", "ноябрь"),
    ("Дек", "декабря", "декабрь"),
)

# Longer abbreviations that editors type by hand; accepted when parsing, never produced.
_EXTRA_ABBREVIATIONS: Final[dict[str, int]] = {"февр": 2, "сент": 9, "нояб": 11}


def _build_month_lookup() -> dict[str, int]:
    lookup: dict[str, int] = dict(_EXTRA_ABBREVIATIONS)
    for number, names in enumerate(_MONTHS, start=1):
        for name in names:
            lookup[_fold(name)] = number
    return lookup


def _fold(text: str) -> str:
    # Letter case and «ё» carry no meaning in a date and vary with whoever typed the page,
    # so both are folded away before any comparison.
    return fold_yo(text.casefold())


_MONTH_NUMBERS: Final[dict[str, int]] = _build_month_lookup()

# Day, month word (optionally closed by an abbreviation dot), four-digit year, an optional
# «г.» and an optional time introduced by «в» or a comma. ASCII digits only: a date with
# other digit forms is a data error we want to hear about, not to guess at.
_DATE_PATTERN: Final[re.Pattern[str]] = re.compile(
    r"(?P<day>[0-9]{1,2}) "
    r"(?P<month>[а-я]+)(?:\. ?| )"
    r"(?P<year>[0-9]{4})"
    r"(?: ?г\.?)?"
    r"(?:(?:,? в|,) (?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}))?"
)

# Longest input echoed back in an error message; keeps messages on one readable line.
_ECHO_LIMIT: Final[int] = 60


def format_published(dt: datetime) -> str:
    """Format the publication moment for an article header.

    The day has no leading zero and the month is the capitalised three-letter form,
    matching what the Django templates print for the same article.

    >>> format_published(datetime(2024, 1, 29, 9, 41))
    '29 Янв 2024 в 09:41'
    """
    abbreviation = _MONTHS[dt.month - 1][0]
    return f"{dt.day} {abbreviation} {dt.year:04d} в {dt:%H:%M}"


def format_item_date(dt: datetime) -> str:
    """Format a date for teaser lists («Читайте также», section feeds).

    The month is lowercase and in the genitive case, as in running Russian text.

    >>> format_item_date(datetime(2025, 5, 19, 9, 39))
    '19 мая 2025 в 09:39'
    """
    genitive = _MONTHS[dt.month - 1][1]
    return f"{dt.day} {genitive} {dt.year:04d} в {dt:%H:%M}"


def parse_russian_datetime(text: str) -> datetime:
    """Read a date written in either shape above and return a naive datetime.

    Ingested pages are typed by many people, so the parser forgives letter case, «ё»
    versus «е», a «г.» after the year, repeated or non-breaking spaces, nominative month
    names and abbreviations with or without a dot. A date without a time means midnight.
    Anything else raises ``ValueError`` with a one-line message, because a wrong
    publication date silently reorders a whole news feed.

    >>> parse_russian_datetime("16 Май 2025 в 10:38")
    datetime.datetime(2025, 5, 16, 10, 38)
    """
    collapsed = " ".join(text.split())
    folded = _fold(collapsed)
    if not folded:
        raise ValueError("пустая строка вместо даты (empty date string)")
    match = _DATE_PATTERN.fullmatch(folded)
    if match is None:
        raise ValueError(f"не похоже на дату вида «29 января 2024 в 09:41»: «{_echo(collapsed)}»")
    month = _MONTH_NUMBERS.get(match["month"])
    if month is None:
        raise ValueError(f"неизвестный месяц «{match['month']}» в дате «{_echo(collapsed)}»")
    hour = int(match["hour"]) if match["hour"] is not None else 0
    minute = int(match["minute"]) if match["minute"] is not None else 0
    if hour > 23 or minute > 59:
        raise ValueError(f"недопустимое время {hour:02d}:{minute:02d} в дате «{_echo(collapsed)}»")
    try:
        return datetime(int(match["year"]), month, int(match["day"]), hour, minute)
    except ValueError as exc:
        # datetime's own message («day is out of range for month») is accurate but
        # does not say which input was wrong; add it so a log line is self-contained.
        raise ValueError(f"несуществующая дата «{_echo(collapsed)}»: {exc}") from exc


def _echo(text: str) -> str:
    if len(text) <= _ECHO_LIMIT:
        return text
    return text[: _ECHO_LIMIT - 1] + "…"
