"""A second factor for password sign-in: a six-digit code from an authenticator app (TOTP,
RFC 6238, with pyotp). Administrators require it person by person; a person signing in
through the council's identity provider is not asked (the provider has its own).

Plain functions: the codes are checked here without a request. A code is accepted for the
30-second step it belongs to and one step either side (phones' clocks drift), and never
twice: the step last used is stored, so a code seen over someone's shoulder is spent.
"""
from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

STEP_SECONDS = 30
PENDING_SECONDS = 5 * 60  # between the password and the code


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The key as a person types it into their app: in fours, 'ABCD EFGH ...'."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def normalise(code: str | None) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-")


def code_problem(code: str | None) -> str | None:
    """What is wrong with what was typed, before it is checked against the key."""
    code = normalise(code)
    if not code:
        return "Enter the 6-digit code from your authenticator app"
    if not (code.isdigit() and len(code) == 6):
        return "The code must be 6 digits, like 123456"
    return None


def accepted_step(secret: str, code: str | None, last_step: int | None, now: datetime) -> int | None:
    """The step the code belongs to, if it is right for now (give or take a step) and newer
    than the last one used; else None."""
    code = normalise(code)
    if code_problem(code):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None
