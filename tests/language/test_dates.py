"""Russian dates: the two printed shapes and the forgiving parser behind ingestion."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from vestnik.language import format_item_date, format_published, parse_russian_datetime


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        # every month abbreviation, as Django's Russian «M» prints it
        (datetime(2024, 1, 29, 9, 41), "29 Янв 2024 в 09:41"),
        (datetime(2024, 2, 29, 23, 59), "29 Фев 2024 в 23:59"),
        (datetime(2024, 3, 8, 10, 0), "8 Мар 2024 в 10:00"),
        (datetime(2024, 4, 12, 12, 30), "12 Апр 2024 в 12:30"),
        (datetime(2025, 5, 16, 10, 38), "16 Май 2025 в 10:38"),
        (datetime(2025, 6, 12, 18, 5), "12 Июн 2025 в 18:05"),
        (datetime(2025, 7, 1, 7, 7), "1 Июл 2025 в 07:07"),
        (datetime(2025, 8, 31, 21, 15), "31 Авг 2025 в 21:15"),
        (datetime(2025, 9, 1, 8, 0), "1 Сен 2025 в 08:00"),
        (datetime(2025, 10, 5, 16, 45), "5 Окт 2025 в 16:45"),
        (datetime(2025, 11, 4, 11, 11), "4 Ноя 2025 в 11:11"),
        (datetime(2025, 12, 31, 23, 0), "31 Дек 2025 в 23:00"),
        # day without a leading zero, hour and minute always two digits
        (datetime(2024, 1, 2, 0, 0), "2 Янв 2024 в 00:00"),
        # seconds and microseconds are not shown
        (datetime(2024, 1, 29, 9, 41, 59, 999_999), "29 Янв 2024 в 09:41"),
        # an aware datetime is printed on its own wall clock, never converted
        (datetime(2024, 1, 29, 9, 41, tzinfo=timezone(timedelta(hours=3))), "29 Янв 2024 в 09:41"),
        (datetime(2024, 1, 29, 9, 41, tzinfo=UTC), "29 Янв 2024 в 09:41"),
    ],
)
def test_format_published(dt: datetime, expected: str) -> None:
    assert format_published(dt) == expected


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        # every genitive month name, lowercase
        (datetime(2025, 1, 9, 9, 0), "9 января 2025 в 09:00"),
        (datetime(2025, 2, 14, 14, 2), "14 февраля 2025 в 14:02"),
        (datetime(2025, 3, 3, 14, 5), "3 марта 2025 в 14:05"),
        (datetime(2025, 4, 30, 6, 30), "30 апреля 2025 в 06:30"),
        (datetime(2025, 5, 19, 9, 39), "19 мая 2025 в 09:39"),
        (datetime(2025, 6, 22, 4, 0), "22 июня 2025 в 04:00"),
        (datetime(2025, 7, 15, 13, 13), "15 июля 2025 в 13:13"),
        (datetime(2025, 8, 2, 20, 20), "2 августа 2025 в 20:20"),
        (datetime(2025, 9, 30, 19, 45), "30 сентября 2025 в 19:45"),
        (datetime(2025, 10, 10, 10, 10), "10 октября 2025 в 10:10"),
        (datetime(2025, 11, 7, 17, 0), "7 ноября 2025 в 17:00"),
        (datetime(2025, 12, 1, 0, 1), "1 декабря 2025 в 00:01"),
        # an aware datetime is printed on its own wall clock, never converted
        (datetime(2025, 5, 19, 6, 39, tzinfo=UTC), "19 мая 2025 в 06:39"),
    ],
)
def test_format_item_date(dt: datetime, expected: str) -> None:
    assert format_item_date(dt) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the header shape and the teaser shape, exactly as printed
        ("29 Янв 2024 в 09:41", datetime(2024, 1, 29, 9, 41)),
        ("19 мая 2025 в 09:39", datetime(2025, 5, 19, 9, 39)),
        ("16 Май 2025 в 10:38", datetime(2025, 5, 16, 10, 38)),
        ("31 декабря 2025 в 23:59", datetime(2025, 12, 31, 23, 59)),
        # letter case does not matter
        ("29 ЯНВ 2024 В 09:41", datetime(2024, 1, 29, 9, 41)),
        ("19 МАЯ 2025 в 09:39", datetime(2025, 5, 19, 9, 39)),
        ("1 СеНтЯбРя 2025 в 08:00", datetime(2025, 9, 1, 8, 0)),
        # abbreviations with a dot, and the longer hand-typed ones
        ("29 янв. 2024 в 09:41", datetime(2024, 1, 29, 9, 41)),
        ("29 янв.2024 в 09:41", datetime(2024, 1, 29, 9, 41)),
        ("14 февр. 2025 в 14:02", datetime(2025, 2, 14, 14, 2)),
        ("1 сент. 2025 в 08:00", datetime(2025, 9, 1, 8, 0)),
        ("4 нояб. 2025 в 11:11", datetime(2025, 11, 4, 11, 11)),
        ("5 Окт. 2025 в 16:45", datetime(2025, 10, 5, 16, 45)),
        # nominative month names
        ("3 март 2025 в 14:05", datetime(2025, 3, 3, 14, 5)),
        ("22 Июнь 2025 в 04:00", datetime(2025, 6, 22, 4, 0)),
        ("7 ноябрь 2025 в 17:00", datetime(2025, 11, 7, 17, 0)),
        # «г.» after the year, with or without the dot and the space
        ("19 мая 2025 г. в 09:39", datetime(2025, 5, 19, 9, 39)),
        ("19 мая 2025 г в 09:39", datetime(2025, 5, 19, 9, 39)),
        ("19 мая 2025г. в 09:39", datetime(2025, 5, 19, 9, 39)),
        ("19 мая 2025 г.", datetime(2025, 5, 19)),
        # a comma instead of «в», or together with it
        ("19 мая 2025, 09:39", datetime(2025, 5, 19, 9, 39)),
        ("19 мая 2025 г., в 09:39", datetime(2025, 5, 19, 9, 39)),
        # extra, leading, trailing and non-breaking spaces
        ("  19   мая  2025   в   09:39  ", datetime(2025, 5, 19, 9, 39)),
        ("19\u00a0мая\u00a02025\u00a0в\u00a009:39", datetime(2025, 5, 19, 9, 39)),
        ("\t29 Янв 2024 в 09:41\n", datetime(2024, 1, 29, 9, 41)),
        # single-digit hour and zero-padded day
        ("19 мая 2025 в 9:39", datetime(2025, 5, 19, 9, 39)),
        ("09 мая 2025 в 09:39", datetime(2025, 5, 9, 9, 39)),
        # no time means midnight
        ("19 мая 2025", datetime(2025, 5, 19)),
        ("29 Янв 2024", datetime(2024, 1, 29)),
        # leap day exists in leap years
        ("29 февраля 2024 в 12:00", datetime(2024, 2, 29, 12, 0)),
        # the extremes of the clock
        ("1 января 2025 в 00:00", datetime(2025, 1, 1, 0, 0)),
        ("1 января 2025 в 23:59", datetime(2025, 1, 1, 23, 59)),
    ],
)
def test_parse_russian_datetime_accepts(text: str, expected: datetime) -> None:
    parsed = parse_russian_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # nothing to parse
        ("", "пустая строка"),
        ("   \u00a0\t ", "пустая строка"),
        # unknown month words
        ("29 фуб 2024 в 09:41", "неизвестный месяц «фуб»"),
        ("29 january 2024 в 09:41", "не похоже на дату"),
        ("29 мартобря 2024", "неизвестный месяц «мартобря»"),
        # days that do not exist
        ("31 февраля 2024 в 10:00", "несуществующая дата «31 февраля 2024 в 10:00»"),
        ("29 февраля 2023", "несуществующая дата"),
        ("31 апреля 2025", "несуществующая дата"),
        ("0 мая 2025", "несуществующая дата"),
        # times that do not exist
        ("19 мая 2025 в 25:00", "недопустимое время 25:00"),
        ("19 мая 2025 в 24:00", "недопустимое время 24:00"),
        ("19 мая 2025 в 09:60", "недопустимое время 09:60"),
        # other shapes
        ("2025-05-19 09:39", "не похоже на дату"),
        ("19.05.2025 в 09:39", "не похоже на дату"),
        ("19 мая 25 в 09:39", "не похоже на дату"),
        ("мая 2025 в 09:39", "не похоже на дату"),
        ("19 мая 2025 в 09", "не похоже на дату"),
        ("19 мая 2025 в 9:3", "не похоже на дату"),
        ("19 мая 2025 в 09:39:15", "не похоже на дату"),
        ("19 мая 2025 в 09:39 утра", "не похоже на дату"),
        ("Опубликовано 19 мая 2025 в 09:39", "не похоже на дату"),
        # digits that are not ASCII
        ("١٩ мая 2025", "не похоже на дату"),
    ],
)
def test_parse_russian_datetime_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_russian_datetime(text)
    assert "\n" not in str(caught.value)


# Messages quote long input only in part, so a pasted paragraph stays a one-line log entry.
def test_parse_russian_datetime_shortens_long_input_in_message() -> None:
    with pytest.raises(ValueError) as caught:
        parse_russian_datetime("строка\n" * 100)
    message = str(caught.value)
    assert "\n" not in message
    assert len(message) < 150
    assert message.endswith("…»")


# Whatever the formatters print, the parser reads back, minute for minute.
@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("formatter", [format_published, format_item_date])
def test_formatted_dates_parse_back(month: int, formatter: Callable[[datetime], str]) -> None:
    dt = datetime(2025, month, 28, 7, 5)
    assert parse_russian_datetime(formatter(dt)) == dt
