"""Use cases for people and sign-in."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import rules
from app.auth.models import ApiToken, LoginAttempt, User
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


def authenticate(email: str, password: str, address: str) -> User:
    email = User.normalise_email(email)
    address = (address or "unknown")[:64]
    now = utcnow()
    window = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    since = now - window
    failed = LoginAttempt.succeeded.is_(False)
    account_failures = db.session.scalars(
        select(LoginAttempt.at).where(LoginAttempt.email == email, failed, LoginAttempt.at > since)
    ).all()
    address_failures = db.session.scalars(
        select(LoginAttempt.at).where(LoginAttempt.address == address, failed, LoginAttempt.at > since)
    ).all()
    wait = rules.retry_after(
        account_failures,
        address_failures,
        now,
        current_app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window,
    )
    if wait is not None:
        raise TooManyAttempts(wait)

    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        # Spend the same time as a wrong password, so timing does not reveal who has an account.
        check_password_hash(_DUMMY_HASH, password)
    ok = user is not None and user.active and user.check_password(password)
    db.session.add(LoginAttempt(email=email, address=address, at=now, succeeded=ok))
    if ok:
        user.last_signed_in_at = now
    db.session.commit()
    if not ok:
        raise SignInRefused(BAD_CREDENTIALS)
    return user


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
    # A token stops working when revoked, or when the admin who issued it is deactivated.
    if token is None or not token.active or not token.created_by.active:
        return None
    token.last_used_at = utcnow()
    db.session.commit()
    return token
