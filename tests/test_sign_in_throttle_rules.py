from datetime import datetime, timedelta

from app.auth.rules import growing_delay, retry_after

NOW = datetime(2026, 11, 23, 12, 0)
WINDOW = timedelta(minutes=15)


def minutes_ago(*ms):
    return [NOW - timedelta(minutes=m) for m in ms]


def test_allowed_below_the_limit():
    assert retry_after(minutes_ago(1, 2, 3, 4), [], NOW, 5, 20, WINDOW) is None


def test_refused_at_the_limit_until_the_oldest_failure_leaves_the_window():
    wait = retry_after(minutes_ago(1, 2, 3, 4, 10), [], NOW, 5, 20, WINDOW)
    assert wait == timedelta(minutes=5)


def test_old_failures_do_not_count():
    assert retry_after(minutes_ago(1, 2, 3, 4, 16, 30), [], NOW, 5, 20, WINDOW) is None


def test_many_failures_wait_for_enough_of_them_to_expire():
    # 7 failures, limit 5: allowed again once 3 have expired, i.e. when the one 8 minutes ago does.
    wait = retry_after(minutes_ago(1, 2, 3, 4, 8, 9, 10), [], NOW, 5, 20, WINDOW)
    assert wait == timedelta(minutes=7)


def test_address_limit_applies_across_accounts():
    # 20 failures from one address in the last 9.5 minutes, each for a different account.
    address = minutes_ago(*[m / 2 for m in range(20)])
    assert retry_after([], address, NOW, 5, 20, WINDOW) == timedelta(minutes=5.5)
    assert retry_after([], address[:19], NOW, 5, 20, WINDOW) is None


def test_the_longer_wait_wins():
    wait = retry_after(minutes_ago(1, 2, 3, 4, 14), minutes_ago(*[m / 2 for m in range(20)]), NOW, 5, 20, WINDOW)
    assert wait == timedelta(minutes=5.5)


def test_an_account_slows_down_by_growing_delays_after_five_failures():
    assert growing_delay(minutes_ago(1, 2, 3, 4), NOW, 5, WINDOW) is None
    # The fifth failure, 0.5 minutes ago: wait a minute after it.
    assert growing_delay(minutes_ago(0.5, 1, 2, 3, 4), NOW, 5, WINDOW) == timedelta(minutes=0.5)
    assert growing_delay(minutes_ago(1.5, 2, 3, 4, 5), NOW, 5, WINDOW) is None
    # Each further failure doubles the wait: 2, 4, 8 minutes, then the window at most.
    assert growing_delay(minutes_ago(0, 1, 2, 3, 4, 5), NOW, 5, WINDOW) == timedelta(minutes=2)
    assert growing_delay(minutes_ago(0, 1, 2, 3, 4, 5, 6), NOW, 5, WINDOW) == timedelta(minutes=4)
    assert growing_delay(minutes_ago(0, 1, 2, 3, 4, 5, 6, 7), NOW, 5, WINDOW) == timedelta(minutes=8)
    assert growing_delay(minutes_ago(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), NOW, 5, WINDOW) == WINDOW


def test_failures_outside_the_window_do_not_count_towards_a_delay():
    assert growing_delay(minutes_ago(0, 16, 17, 18, 19, 20), NOW, 5, WINDOW) is None


# --- New passwords (NCSC: length and a list of the commonest) ---------------------------------

import pytest  # noqa: E402

from app.auth.rules import password_problem  # noqa: E402


@pytest.mark.parametrize("password", [
    "password1234", "P@ssw0rd2024!", "mypassword123", "Password12345", "letmein12345", "iloveyou2026",
    "qwertyuiop12", "111111111111", "123456789012", "abcdefghijkl", "Summer2026!!!", "Cumbria2026!!",
    "Safeguarding1", "jo.bloggs2026", "short",
])
def test_common_short_or_personal_passwords_are_refused(password):
    assert password_problem(password, "Jo Bloggs", "jo.bloggs@example.org", "Cumbria County Council") is not None


@pytest.mark.parametrize("password", [
    "correct horse battery staple", "another long password", "tr0ub4dor&3xyz", "kettle marigold sleet",
    "Bramble-Harbour-57",
])
def test_long_unusual_passwords_are_accepted(password):
    assert password_problem(password, "Jo Bloggs", "jo.bloggs@example.org", "Cumbria County Council") is None
