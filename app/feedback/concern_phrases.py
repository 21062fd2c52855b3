"""Administrators' own concern phrases: matched without regard to case, on whole words,
ignoring punctuation ("self harm" matches "Self-harm"); "*" at the end of a word matches
any ending ("suicid*"). Plain functions, used by the concern detector (`concerns`) and the
administrators' page that checks a phrase before adding it."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def _fold_apostrophes(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def _match_text(text: str) -> str:
    """Words only, lower case, one space apart: apostrophes dropped (don't -> dont), any
    other punctuation, hyphens and runs of spaces become one space."""
    text = _fold_apostrophes(text).casefold().replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", text))


def concern_pattern(phrase: str) -> re.Pattern | None:
    """A regular expression for a concern word or phrase over `_match_text` text; None for
    a blank phrase. "self-harm" matches "self harm" and "Self-Harm"; "suicid*" matches
    "suicide" and "suicidal"; "kill" does not match "skill"."""
    parts = []
    for token in _fold_apostrophes(phrase).casefold().replace("'", "").replace("-", " ").split():
        star = token.endswith("*")
        words = re.findall(r"[^\W_]+", token)
        if not words:
            continue
        pieces = [re.escape(w) for w in words]
        if star:
            pieces[-1] += r"[^\W_]*"
        parts += pieces
    if not parts:
        return None
    return re.compile(r"(?<![^\W_])" + " ".join(parts) + r"(?![^\W_])")


def find_concern_words(text: str, concern_words: Iterable[str]) -> tuple[str, ...]:
    """The concern words (as the list has them, each once, in list order) found in `text`."""
    if not text or not text.strip():
        return ()
    prepared = _match_text(text)
    found = []
    for phrase in concern_words:
        pattern = concern_pattern(phrase or "")
        if pattern is not None and pattern.search(prepared) and phrase.strip() not in found:
            found.append(phrase.strip())
    return tuple(found)
