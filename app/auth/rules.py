"""Sign-in throttling. Plain values in and out, so it is tested without a request."""
from datetime import datetime, timedelta


def retry_after(
    account_failures: list[datetime],
    address_failures: list[datetime],
    now: datetime,
    max_per_account: int,
    max_per_address: int,
    window: timedelta,
) -> timedelta | None:
    """How long until another attempt is allowed, or None if one is allowed now.

    Once an account (or an address) has `max` failures inside the window, further
    attempts wait until the oldest of those failures leaves the window. Counting
    per account stops guessing one password; per address stops trying many accounts.
    """
    waits = []
    for failures, limit in ((account_failures, max_per_account), (address_failures, max_per_address)):
        recent = sorted(t for t in failures if now - t < window)
        if limit and len(recent) >= limit:
            # The attempt that would bring the count below the limit.
            waits.append(recent[len(recent) - limit] + window - now)
    return max(waits) if waits else None
