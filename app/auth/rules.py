"""Sign-in throttling. Plain values in and out, so it is tested without a request."""
import unicodedata
from datetime import datetime, timedelta
from urllib.parse import unquote, urlsplit


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


def growing_delay(failures: list[datetime], now: datetime, free: int, window: timedelta,
                  first: timedelta = timedelta(minutes=1)) -> timedelta | None:
    """How long until another attempt is allowed after `failures`, or None if one is allowed now.

    The first `free` failures inside the window cost nothing; then each attempt must wait
    after the latest failure: 1 minute after `free` failures, 2 after one more, then 4, 8,
    ... up to the window. Guessing slows to a crawl, while the owner who mistypes a few times
    waits a minute, not a quarter of an hour.
    """
    recent = sorted(t for t in failures if now - t < window)
    if not free or len(recent) < free:
        return None
    delay = min(first * 2 ** (len(recent) - free), window)
    ready = recent[-1] + delay
    return ready - now if ready > now else None


def same_site_path(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None. For `next` after sign-in.

    Judged on the fully percent-decoded text, as a browser might end up reading it:
    browsers drop tabs and newlines and treat a backslash as a slash, so `/%09/evil.example`
    and `/\\evil.example` both mean `//evil.example`. Only printable ASCII without a backslash
    It must start with exactly one slash, hold no control or invisible character and no
    backslash, and name no scheme or host.
    """
    if not target or len(target) > 2000:
        return None
    decoded = target
    for _ in range(5):  # %252F decodes to %2F, then to /
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    else:
        return None  # still changing after five rounds: nobody writes paths like that
    if any(ch == "\\" or unicodedata.category(ch).startswith("C") for ch in decoded):
        return None  # tabs, newlines, other controls, invisible format characters, backslashes
    if not decoded.startswith("/") or decoded.startswith("//"):
        return None
    parts = urlsplit(decoded)
    if parts.scheme or parts.netloc:
        return None
    return target
