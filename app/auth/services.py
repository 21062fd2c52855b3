"""Use cases for people and sign-in."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import rules
from app.auth.models import ApiToken, LoginAttempt, User
from app.auth.roles import ADMIN
from app.core.db import db, utcnow


class SignInRefused(Exception):
    pass


class TooManyAttempts(SignInRefused):
    def __init__(self, wait: timedelta):
        self.minutes = max(1, int(wait.total_seconds() // 60) + (1 if wait.total_seconds() % 60 else 0))
        super().__init__(f"Too many attempts. Wait {self.minutes} minute{'s' if self.minutes != 1 else ''} and try again.")


_DUMMY_HASH = generate_password_hash("not a real password")

# One message for an unknown email, a wrong password and a deactivated account:
# it must not tell a guesser which accounts exist.
BAD_CREDENTIALS = "Enter a correct email address and password"


# Failures on one account from every address together before it slows down for everyone:
# a guesser from one address cannot slow the owner down, only one with many addresses can.
ACCOUNT_ANYWHERE_FACTOR = 4


def refuse_if_too_many(email: str, address: str, now) -> None:
    """TooManyAttempts if guessing at this account or from this address must slow down.

    Slowing guessing down, with failures inside the window (LOGIN_FAILURE_WINDOW_MINUTES):
    - an account from one address: after LOGIN_MAX_FAILURES_PER_ACCOUNT failures, growing
      delays (1 minute, then 2, 4, 8...) before the next attempt from that address;
    - an account from anywhere: the same, after four times as many failures;
    - one address, over all accounts: after LOGIN_MAX_FAILURES_PER_ADDRESS failures, no more
      attempts until the oldest leaves the window.
    """
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"])
    since = now - window
    failed = select(LoginAttempt.at).where(LoginAttempt.succeeded.is_(False), LoginAttempt.at > since)
    account_anywhere = db.session.scalars(failed.where(LoginAttempt.email == email)).all()
    account_here = db.session.scalars(failed.where(LoginAttempt.email == email, LoginAttempt.address == address)).all()
    address_failures = db.session.scalars(failed.where(LoginAttempt.address == address)).all()
    per_account = config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    waits = [
        rules.growing_delay(account_here, now, per_account, window),
        rules.growing_delay(account_anywhere, now, per_account * ACCOUNT_ANYWHERE_FACTOR, window),
        rules.retry_after([], address_failures, now, 0, config["LOGIN_MAX_FAILURES_PER_ADDRESS"], window),
    ]
    waits = [w for w in waits if w is not None]
    if waits:
        raise TooManyAttempts(max(waits))


def authenticate(email: str, password: str, address: str) -> User:
    """The person with this email and password, or SignInRefused (TooManyAttempts when slowed down)."""
    email = User.normalise_email(email)
    address = (address or "unknown")[:64]
    now = utcnow()
    refuse_if_too_many(email, address, now)

    user = db.session.scalar(select(User).where(User.email == email))
    # Every refusal costs one password hash, so timing does not tell an unknown or
    # deactivated account from a wrong password.
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        ok = False
    else:
        ok = user.check_password(password) and user.active
    db.session.add(LoginAttempt(email=email, address=address, at=now, succeeded=ok))
    if ok:
        user.last_signed_in_at = now
    db.session.commit()
    if not ok:
        raise SignInRefused(BAD_CREDENTIALS)
    return user


def change_password(user: User, current: str, new: str, address: str) -> None:
    """Change the person's own password once their current one is given. A wrong current
    password counts as a failed sign-in (the same slowing down applies). The new password
    signs them out of every other session (set_password bumps the session version)."""
    address = (address or "unknown")[:64]
    now = utcnow()
    refuse_if_too_many(user.email, address, now)
    if not user.check_password(current):
        db.session.add(LoginAttempt(email=user.email, address=address, at=now, succeeded=False))
        db.session.commit()
        raise SignInRefused("Your current password is not right")
    user.set_password(new)
    db.session.commit()


class DuplicateEmail(ValueError):
    pass


def set_active(user: User, active: bool) -> None:
    if user.active != active:
        user.active = active
        user.session_version += 1  # signs them out everywhere
        db.session.commit()


def end_sessions(user: User) -> None:
    """Sign-out ends the session on the server, not only in this browser: the user loader
    refuses a cookie whose session version is old, so a copied cookie stops working too
    (and the person's other sessions end with it)."""
    user.session_version += 1
    db.session.commit()


def token_user(raw_token: str) -> ApiToken | None:
    """The live token matching a bearer token, recording that it was used."""
    if not raw_token or not raw_token.startswith(ApiToken.PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(raw_token)))
    # A token stops working when revoked, or when the admin who issued it is deactivated or
    # is no longer an administrator: it never outlives its issuer's right to issue it.
    if token is None or not token.active or not token.created_by.active or not token.created_by.has_role(ADMIN):
        return None
    token.last_used_at = utcnow()
    db.session.commit()
    return token
