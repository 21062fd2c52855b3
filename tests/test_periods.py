from datetime import date

import pytest

from app.core.periods import HALF, QUARTER, YEAR, Period, recent_periods


def test_financial_year_halves_and_quarters():
    assert Period.parse("2018-19") == Period(date(2018, 4, 1), date(2019, 3, 31), YEAR, 0)
    assert Period.parse("H1 2018-19") == Period(date(2018, 4, 1), date(2018, 9, 30), HALF, 1)
    assert Period.parse("H2 2018-19") == Period(date(2018, 10, 1), date(2019, 3, 31), HALF, 2)
    assert Period.parse("Q1 2018-19") == Period(date(2018, 4, 1), date(2018, 6, 30), QUARTER, 1)
    assert Period.parse("q4 2018/2019") == Period(date(2019, 1, 1), date(2019, 3, 31), QUARTER, 4)


@pytest.mark.parametrize(
    "label, message",
    [("", "is not a period"), ("2018", "is not a period"), ("Q5 2018-19", "is not a period"), ("H3 2018-19", "two halves"), ("2018-20", "follow each other")],
)
def test_bad_labels_say_what_to_type(label, message):
    with pytest.raises(ValueError, match=message):
        Period.parse(label)


def test_labels_round_trip():
    for label in ("2026-27", "H2 2026-27", "Q3 2026-27", "Q1 1999-00"):
        assert Period.parse(label).label == label


def test_containing_and_neighbours():
    day = date(2026, 11, 23)
    assert Period.containing(day, QUARTER).label == "Q3 2026-27"
    assert Period.containing(day, HALF).label == "H2 2026-27"
    assert Period.containing(day, YEAR).label == "2026-27"
    assert Period.containing(date(2027, 2, 1), HALF).label == "H2 2026-27"
    assert Period.parse("Q1 2026-27").previous().label == "Q4 2025-26"
    assert Period.parse("H2 2025-26").next().label == "H1 2026-27"
    assert Period.parse("2018-19").previous().label == "2017-18"


def test_from_dates_recognises_only_real_periods():
    assert Period.from_dates(date(2018, 10, 1), date(2019, 3, 31)).label == "H2 2018-19"
    with pytest.raises(ValueError):
        Period.from_dates(date(2018, 10, 1), date(2018, 10, 31))


def test_recent_periods_newest_first():
    labels = [p.label for p in recent_periods(HALF, date(2026, 11, 23), count=3)]
    assert labels == ["H2 2026-27", "H1 2026-27", "H2 2025-26"]
