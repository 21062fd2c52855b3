"""Working days for moderation's target (part 3 of app/moderation/rules.py's story).

Monday to Friday, less England's bank holidays (the `holidays` package's list, kept up to
date upstream, with substitute days: see app.core.clock), or the days the caller passes
instead (`holidays=()` for none). Good Friday and Easter Monday are not working days. Dates
and datetimes are both accepted; a datetime counts as its own calendar date, so pass UK
(Europe/London) dates: callers turn a stored UTC moment into its UK date first
(app.core.clock.local_day). `working_days_between(start, end)` counts the working days AFTER
`start` up to and including `end`: submitted on Monday, moderated on Tuesday is 1 working day;
moderated the same day is 0. The moderation target is 10 working days from submission:
`due_by(start, 10)` is the date the 10th working day falls on, and an audit is overdue once
more than 10 working days have passed, i.e. from the first working day after that date.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

from app.core.clock import england_bank_holidays

DEFAULT_TARGET_DAYS = 10


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10])
    raise TypeError(f"{value!r} is not a date")


def _holiday_set(holidays: Iterable[date | datetime | str] | None) -> frozenset[date]:
    """The days off: England's bank holidays when `holidays` is None, else those given."""
    if holidays is None:
        return england_bank_holidays()
    if isinstance(holidays, frozenset):
        return holidays
    return frozenset(_as_date(h) for h in holidays)


@lru_cache(maxsize=8)
def _weekday_holidays(holidays: frozenset[date]) -> list[date]:
    """The holidays that fall Monday to Friday, sorted, so a count over a span is two bisects."""
    return sorted(h for h in holidays if h.weekday() < 5)


def _weekdays_up_to(day: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including `day`."""
    n = day.toordinal()  # ordinal 1 is Monday 1 January 0001
    return n // 7 * 5 + min(n % 7, 5)


def is_working_day(day: date | datetime, holidays: Iterable[date] | None = None) -> bool:
    day = _as_date(day)
    return day.weekday() < 5 and day not in _holiday_set(holidays)


def working_days_between(start: date | datetime, end: date | datetime, holidays: Iterable[date] | None = None) -> int:
    """Working days after `start` up to and including `end` (Monday to Friday, less bank holidays).

    Friday to the next Monday is 1; the same day is 0; Friday to Saturday is 0. When `end`
    is before `start` the answer is negative: minus the working days after `end` up to and
    including `start`.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start, holidays)
    days = _weekdays_up_to(end) - _weekdays_up_to(start)
    off = _weekday_holidays(_holiday_set(holidays))
    days -= bisect_right(off, end) - bisect_right(off, start)
    return days


def due_by(start: date | datetime, working_days: int = DEFAULT_TARGET_DAYS, holidays: Iterable[date] | None = None) -> date:
    """The date `working_days` working days after `start` (always a working day, unless 0).

    Submitted on Monday 2 March 2026 with a target of 10: due by Monday 16 March.
    """
    if working_days < 0:
        raise ValueError("The number of working days cannot be negative")
    holidays = _holiday_set(holidays)
    day = _as_date(start)
    left = working_days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def is_overdue(
    submitted_at: date | datetime,
    now: date | datetime,
    target_days: int = DEFAULT_TARGET_DAYS,
    holidays: Iterable[date] | None = None,
) -> bool:
    """True when more than `target_days` working days have passed since submission.

    For an audit already moderated, pass the moderation date as `now` to ask whether it
    was late. Measure from the FIRST submission: time spent returned to the auditor counts.
    """
    return working_days_between(submitted_at, now, holidays) > target_days
