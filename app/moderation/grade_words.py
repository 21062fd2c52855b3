"""A grade as moderation reads it: a judgement key, Not applicable, or none; and its words."""
from __future__ import annotations

from typing import Any

from app.audits.grades import JUDGEMENTS, NOT_APPLICABLE, normalise_judgement


def grade_of(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().lower().replace(" ", "_") == NOT_APPLICABLE:
        return NOT_APPLICABLE
    return normalise_judgement(value)


def grade_label(key: str | None) -> str:
    if key == NOT_APPLICABLE:
        return "Not applicable"
    return JUDGEMENTS[key] if key else "no grade"
