"""Sign-in throttling. Plain values in and out, so it is tested without a request."""
import re
import unicodedata
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
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


# --- Passwords (NCSC: length, and a list of the commonest; no rules about kinds of character)

MIN_PASSWORD = 12
MAX_PASSWORD = 256  # long passphrases welcome; the cap only keeps hashing cheap
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "0123456789", "9876543210")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _core(text: str) -> str:
    """The letters a password is built on: lower case, numbers and symbols off both ends,
    0 1 3 4 5 7 @ $ ! inside read as letters, then anything else dropped."""
    text = re.sub(r"^[^a-z]+|[^a-z]+$", "", text.lower())
    return re.sub(r"[^a-z]", "", text.translate(_LEET))


def password_problem(password: str, *context: str) -> str | None:
    """What is wrong with a new password, in words for the form, or None.

    At least MIN_PASSWORD characters; not one of the commonest passwords or one with a few
    letters added (password1234, P@ssw0rd2024!, mypassword); not a run along the keyboard
    or the alphabet, or a few characters repeated; not built on the person's own name,
    email or the organisation (`context`)."""
    if len(password) < MIN_PASSWORD:
        return f"Password must be {MIN_PASSWORD} characters or more"
    if len(password) > MAX_PASSWORD:
        return f"Password must be {MAX_PASSWORD} characters or fewer"
    lowered = password.lower()
    if len(set(lowered)) <= 3 or any(lowered in (sequence * 3) for sequence in _SEQUENCES):
        return "Password must not be a few characters repeated or a run along the keyboard; use three or four unrelated words"
    core = _core(password)
    common = common_passwords()
    known = {c for c in (_core(word) for text in context for word in re.split(r"[\s@._-]+", text or "")) if len(c) >= 3}
    for word in (core, *(core[:i] for i in range(len(core) - 3, len(core))), *(core[i:] for i in range(1, 4))):
        if word in common or word in known:
            return "Password is too common or too easy to guess; use three or four unrelated words"
    if not core:
        return "Password must not be only numbers and symbols; use three or four unrelated words"
    return None
