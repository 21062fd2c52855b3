"""Working days, the 10-working-day moderation target, percentiles and time to moderation."""
import random
from datetime import date, datetime, timedelta

import pytest

from app.moderation.rules import (
    days_to_moderation,
    due_by,
    is_overdue,
    is_working_day,
    median,
    percentile,
    working_days_between,
)

# March/April 2026: Mon 2 March; Good Friday 3 April and Easter Monday 6 April are bank holidays.
EASTER_2026 = (date(2026, 4, 3), date(2026, 4, 6))


def test_days_after_start_up_to_and_including_end():
    monday = date(2026, 3, 2)
    assert working_days_between(monday, monday) == 0
    assert working_days_between(monday, date(2026, 3, 3)) == 1  # Tuesday
    assert working_days_between(monday, date(2026, 3, 6)) == 4  # Friday
    assert working_days_between(monday, date(2026, 3, 9)) == 5  # next Monday


def test_across_a_weekend():
    friday = date(2026, 3, 6)
    assert working_days_between(friday, date(2026, 3, 7)) == 0  # Saturday
    assert working_days_between(friday, date(2026, 3, 8)) == 0  # Sunday
    assert working_days_between(friday, date(2026, 3, 9)) == 1  # Monday
    # submitted on a Saturday: Monday is the first working day after it
    assert working_days_between(date(2026, 3, 7), date(2026, 3, 9)) == 1


def test_across_a_bank_holiday_weekend():
    thursday = date(2026, 4, 2)
    tuesday = date(2026, 4, 7)
    # Fri 3 (Good Friday), Sat, Sun, Mon 6 (Easter Monday), Tue 7: only Tuesday counts
    assert working_days_between(thursday, tuesday, EASTER_2026) == 1
    assert working_days_between(thursday, tuesday, ()) == 3  # without the holidays: Fri, Mon, Tue
    assert not is_working_day(date(2026, 4, 3), EASTER_2026)
    assert is_working_day(date(2026, 4, 3), ())


def test_englands_bank_holidays_are_the_default():
    # Good Friday and Easter Monday 2026, the early May and Christmas bank holidays, and a
    # substitute day: Boxing Day 2026 is a Saturday, so Monday 28 December is the holiday.
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    for day in (date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 12, 25), date(2026, 12, 28)):
        assert not is_working_day(day), day
    assert is_working_day(date(2026, 12, 29))
    assert due_by(date(2026, 12, 23), 3) == date(2026, 12, 30)  # Thu 24, [Fri 25, Mon 28], Tue 29, Wed 30


def test_holidays_at_weekends_or_outside_the_range_do_not_count_twice():
    holidays = [date(2026, 3, 7), date(2026, 3, 2), date(2026, 3, 2), "2026-03-20"]
    # after Mon 2 up to Fri 13: 9 working days; Sat 7 is already not a working day,
    # Mon 2 is the start (not counted), Fri 20 is after the end
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 13), holidays) == 9


def test_end_before_start_is_negative():
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == -5


def test_datetimes_count_as_their_dates():
    assert working_days_between(datetime(2026, 3, 2, 23, 59), datetime(2026, 3, 3, 0, 1)) == 1
    assert working_days_between(datetime(2026, 3, 2, 0, 1), datetime(2026, 3, 2, 23, 59)) == 0


def test_agrees_with_counting_day_by_day():
    rng = random.Random(1)
    holidays = {date(2026, 1, 1) + timedelta(days=rng.randrange(730)) for _ in range(30)}
    for _ in range(500):
        start = date(2025, 12, 1) + timedelta(days=rng.randrange(800))
        end = start + timedelta(days=rng.randrange(120))
        slow = sum(
            1
            for k in range(1, (end - start).days + 1)
            if (d := start + timedelta(days=k)).weekday() < 5 and d not in holidays
        )
        assert working_days_between(start, end, holidays) == slow


def test_due_by_ten_working_days():
    # Mon 2 March + 10 working days: Tue 3 ... Fri 6 (4), Mon 9 ... Fri 13 (9), Mon 16 (10)
    assert due_by(date(2026, 3, 2), 10) == date(2026, 3, 16)
    assert due_by(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday + 1 = Monday
    assert due_by(date(2026, 3, 7), 0) == date(2026, 3, 7)


def test_due_by_across_easter():
    # Wed 1 April 2026 + 10: Thu 2 (1), [Fri 3, Mon 6 holidays], Tue 7 .. Fri 10 (5),
    # Mon 13 .. Fri 17 (10). Without the holidays it would be Wed 15 April.
    assert due_by(date(2026, 4, 1), 10, EASTER_2026) == date(2026, 4, 17)
    assert due_by(date(2026, 4, 1), 10, ()) == date(2026, 4, 15)
    assert due_by(date(2026, 4, 1), 10) == date(2026, 4, 17)  # England's holidays by default


def test_due_by_and_working_days_between_agree():
    for offset in range(40):
        start = date(2026, 3, 1) + timedelta(days=offset)
        for n in (1, 5, 10):
            assert working_days_between(start, due_by(start, n, EASTER_2026), EASTER_2026) == n


def test_due_by_refuses_negative_days():
    with pytest.raises(ValueError):
        due_by(date(2026, 3, 2), -1)


def test_overdue_after_the_tenth_working_day():
    submitted = date(2026, 3, 2)  # due by Mon 16 March
    assert not is_overdue(submitted, date(2026, 3, 16))
    assert is_overdue(submitted, date(2026, 3, 17))
    assert not is_overdue(submitted, date(2026, 3, 17), target_days=11)
    # due Friday 13 March when submitted Friday 27 Feb; the weekend after is not yet late
    assert not is_overdue(date(2026, 2, 27), date(2026, 3, 14))
    assert is_overdue(date(2026, 2, 27), date(2026, 3, 16))


def test_overdue_allows_for_bank_holidays():
    submitted = datetime(2026, 4, 1, 15, 30)
    assert is_overdue(submitted, date(2026, 4, 16), holidays=())  # without holidays: due 15 April
    assert not is_overdue(submitted, date(2026, 4, 16))  # England's: due 17 April
    assert not is_overdue(submitted, date(2026, 4, 16), holidays=EASTER_2026)  # due 17 April
    assert is_overdue(submitted, date(2026, 4, 20), holidays=EASTER_2026)


# --- percentiles --------------------------------------------------------------------------------


def test_percentile_by_linear_interpolation():
    assert median([1, 2, 3, 4]) == 2.5
    assert median([3, 1, 2]) == 2.0
    assert median([7]) == 7.0
    # 1..10: h = 9 * 0.9 = 8.1 -> 9 + 0.1 * (10 - 9) = 9.1
    assert percentile(range(1, 11), 90) == pytest.approx(9.1)
    # [2, 4, 10, 20]: h = 3 * 0.9 = 2.7 -> 10 + 0.7 * (20 - 10) = 17
    assert percentile([20, 2, 10, 4], 90) == pytest.approx(17.0)
    assert percentile([5, 1, 9], 0) == 1.0
    assert percentile([5, 1, 9], 100) == 9.0


def test_percentile_matches_numpy_default():
    np = pytest.importorskip("numpy")
    rng = random.Random(3)
    for _ in range(300):
        values = [rng.choice([rng.randint(0, 30), rng.uniform(-5, 50)]) for _ in range(rng.randint(1, 25))]
        q = rng.choice([0, 10, 25, 50, 75, 90, 99, 100, rng.uniform(0, 100)])
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), rel=1e-12, abs=1e-12)


def test_percentile_refusals():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


# --- time to moderation ------------------------------------------------------------------------


def test_days_to_moderation():
    mon = date(2026, 3, 2)
    items = [
        (mon, date(2026, 3, 4)),  # 2
        (mon, date(2026, 3, 9)),  # 5
        (mon, date(2026, 3, 16)),  # 10: just within target
        (mon, date(2026, 3, 17)),  # 11: late
        (mon, date(2026, 3, 30)),  # 20: late
        (mon, None),  # still waiting
        (date(2026, 3, 25), None),  # still waiting, not yet due on 31 March
    ]
    times = days_to_moderation(items, now=date(2026, 3, 31))
    # sorted days 2, 5, 10, 11, 20: median 10; p90 h = 4 * 0.9 = 3.6 -> 11 + 0.6 * 9 = 16.4
    assert times.n == 5
    assert times.median == 10
    assert times.p90 == pytest.approx(16.4)
    assert times.within_target == 3
    assert times.share_within_target == pytest.approx(0.6)
    assert times.pending == 2
    assert times.pending_overdue == 1
    assert times.summary() == (
        "Median 10 working days; 90% within 16.4 working days; 3 of 5 (60%) moderated within "
        "the 10-working-day target. 1 waiting and already overdue."
    )


def test_days_to_moderation_with_holidays_and_no_now():
    items = [(date(2026, 4, 1), date(2026, 4, 17))]  # 10 working days over Easter, 12 without
    assert days_to_moderation(items, holidays=EASTER_2026).within_target == 1
    assert days_to_moderation(items).median == 10  # England's holidays by default
    without = days_to_moderation(items, holidays=())
    assert without.within_target == 0 and without.median == 12
    assert without.pending_overdue is None


def test_days_to_moderation_with_nothing_moderated():
    times = days_to_moderation([(date(2026, 3, 2), None)])
    assert (times.n, times.median, times.p90, times.share_within_target) == (0, None, None, None)
    assert times.summary() == "No audits moderated yet."
