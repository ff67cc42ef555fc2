"""When a week's issue falls due: from the set weekday and hour, Moscow time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from vestnik.digest.issues import week_title
from vestnik.digest.schedule import due_week

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def friday_at_nine(settings):  # type: ignore[no-untyped-def]
    settings.VESTNIK_DIGEST = {**settings.VESTNIK_DIGEST, "WEEKDAY": 4, "HOUR": 9}


@pytest.mark.parametrize(
    ("moment", "week"),
    [
        # before Friday 09:00 in Moscow: not yet
        (datetime(2026, 12, 4, 8, 59, tzinfo=MOSCOW), None),
        (datetime(2026, 11, 30, 12, 0, tzinfo=MOSCOW), None),
        # from Friday 09:00 to Sunday night: this week's, whose Monday is 30 November
        (datetime(2026, 12, 4, 9, 0, tzinfo=MOSCOW), date(2026, 11, 30)),
        (datetime(2026, 12, 6, 23, 59, tzinfo=MOSCOW), date(2026, 11, 30)),
        # 06:30 UTC on Friday is 09:30 in Moscow
        (datetime(2026, 12, 4, 6, 30, tzinfo=ZoneInfo("UTC")), date(2026, 11, 30)),
        # 05:30 UTC is 08:30 in Moscow
        (datetime(2026, 12, 4, 5, 30, tzinfo=ZoneInfo("UTC")), None),
    ],
)
def test_the_issue_is_due_from_the_weeks_moment(moment: datetime, week: date | None):
    assert due_week(moment) == week


@pytest.mark.parametrize(
    ("monday", "title"),
    [
        (date(2026, 12, 7), "7–13 декабря"),
        (date(2026, 11, 30), "30 ноября – 6 декабря"),
        (date(2026, 12, 28), "28 декабря – 3 января"),
    ],
)
def test_a_weeks_title_is_in_russian(monday: date, title: str):
    assert week_title(monday) == title
