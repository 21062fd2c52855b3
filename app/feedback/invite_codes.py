"""Invite codes: 8 characters a person can type on a phone or read out over the phone,
shown in two groups of four, like 7KXM-3QPA.

The alphabet leaves out the characters people mix up: 0 and O, 1, I and L. Typing is
forgiving: any case, with or without the dash, with spaces. 31 characters to the power 8
is about 850 thousand million codes, so a code cannot usefully be guessed.
Plain functions: no Flask, no database.
"""
from __future__ import annotations

import random
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_CONFUSABLE = set("01OIL")


class CodeError(ValueError):
    """A typed code that cannot be a code, in words a child or parent can act on."""


def new_code(rng: random.Random | None = None) -> str:
    """A new code, without its dash. Random from the operating system unless `rng` is given
    (for deterministic demo data)."""
    choose = rng.choice if rng is not None else secrets.choice
    return "".join(choose(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """'7KXM3QPA' -> '7KXM-3QPA'."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code


def normalise(typed: str) -> str:
    """The code as stored, from what someone typed: upper case, no dash or spaces.

    Raises CodeError with a message to show when it cannot be a code."""
    text = re.sub(r"[\s\-–—_.]+", "", typed or "").upper()
    if not text:
        raise CodeError("Enter the code from your card or message")
    if not text.isalnum():
        raise CodeError("The code has only letters and numbers. Check it and try again")
    if any(c in _CONFUSABLE for c in text):
        raise CodeError("Codes never use the letters O, I or L, or the numbers 0 or 1. Check the code and try again")
    if len(text) != LENGTH or any(c not in ALPHABET for c in text):
        raise CodeError("The code is 8 letters and numbers, like 7KXM-3QPA. Check it and try again")
    return text


def looks_like_code(typed: str) -> str | None:
    """The stored form of `typed`, or None if it cannot be a code."""
    try:
        return normalise(typed)
    except CodeError:
        return None
