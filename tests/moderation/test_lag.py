"""Moderation later than its target, as the report's exception: hand-built dates around
Easter 2026 (Good Friday 3 April, Easter Monday 6 April) and the early May bank holiday
(4 May), which are not working days."""
from datetime import date

from app.moderation.lag import ModerationLag, moderation_lag

ITEMS = [
    # (first submitted, first decided, the round's target in working days)
    (date(2026, 4, 1), date(2026, 4, 17), 10),  # Wed to Fri over Easter: 10 working days, on time
    (date(2026, 4, 1), date(2026, 4, 20), 10),  # 11: late
    (date(2026, 4, 30), date(2026, 5, 15), 10),  # over the May bank holiday: 10, on time
    (date(2026, 4, 1), date(2026, 4, 20), 15),  # 11 against a round's target of 15: on time
    (date(2026, 4, 1), None, 10),  # waiting since 1 April: 11 working days on 20 April, past target
    (date(2026, 4, 20), None, 10),  # waiting since today
]
TODAY = date(2026, 4, 20)


def test_late_moderation_counts_working_days_without_bank_holidays():
    lag = moderation_lag(ITEMS, TODAY)
    assert lag == ModerationLag(moderated=4, late=1, median=10.5, waiting=2, waiting_late=1, targets=(10, 15))
    assert lag.is_exception
    assert lag.words() == ("Moderation: 1 of 4 audits moderated after their target of 10 or 15 working days "
                           "(median 10.5 days); 1 waiting past target now")


def test_counting_bank_holidays_as_working_days_would_make_more_late():
    lag = moderation_lag(ITEMS, TODAY, holidays=())
    assert (lag.late, lag.waiting_late, lag.median) == (3, 1, 12.5)  # 12, 13, 11 and 13 working days


def test_waiting_is_not_late_until_past_its_target():
    on_the_day = moderation_lag([(date(2026, 4, 1), None, 10)], date(2026, 4, 17))  # the 10th working day
    assert (on_the_day.waiting, on_the_day.waiting_late, on_the_day.is_exception) == (1, 0, False)
    nothing = moderation_lag([], TODAY)
    assert not nothing.is_exception and nothing.median is None
    assert nothing.words() == ("Moderation: 0 of 0 audits moderated after their target of 10 working days; "
                               "0 waiting past target now")
