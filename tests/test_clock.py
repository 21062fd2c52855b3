"""Every page shows stored (UTC) moments in UK time, through the same filters."""
from datetime import date, datetime

from app.core.clock import local_date, local_datetime, local_day, local_time, utc_bounds


def test_summer_moments_are_shown_in_british_summer_time():
    late_evening_utc = datetime(2026, 7, 1, 23, 30)
    assert local_datetime(late_evening_utc) == "2 July 2026 at 00:30"
    assert local_time(late_evening_utc) == "00:30"
    assert local_date(late_evening_utc) == "2 July 2026"  # the UK calendar day, not UTC's


def test_winter_moments_are_the_same_as_utc():
    assert local_datetime(datetime(2026, 1, 15, 9, 5)) == "15 January 2026 at 09:05"


def test_plain_dates_are_written_as_they_are():
    assert local_date(date(2026, 7, 1)) == "1 July 2026"
    assert local_date(None) == "" and local_datetime(None) == ""


def test_page_filters_use_uk_time(app):
    render = app.jinja_env.from_string("{{ moment|datetime }} / {{ moment|date }} / {{ day|date }}")
    assert render.render(moment=datetime(2026, 3, 29, 23, 15), day=date(2026, 3, 29)) == (
        "30 March 2026 at 00:15 / 30 March 2026 / 29 March 2026"  # BST began at 01:00 UTC on 29 March 2026
    )


def test_a_periods_uk_days_as_stored_utc_moments():
    # H1 2026-27 runs on British Summer Time at both ends: each UK day starts at 23:00 UTC.
    assert utc_bounds(date(2026, 4, 1), date(2026, 9, 30)) == (datetime(2026, 3, 31, 23), datetime(2026, 9, 30, 23))
    # Q3 2026-27 starts in summer time and ends in winter (clocks go back on 25 October).
    assert utc_bounds(date(2026, 10, 1), date(2026, 12, 31)) == (datetime(2026, 9, 30, 23), datetime(2027, 1, 1))
    assert local_day(datetime(2026, 9, 30, 23, 30)) == date(2026, 10, 1)
