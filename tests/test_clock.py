"""Every page shows stored (UTC) moments in UK time, through the same filters."""
from datetime import date, datetime

from app.core.clock import local_date, local_datetime, local_time


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
