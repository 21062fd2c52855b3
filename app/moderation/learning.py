"""Learning points from moderation, gathered per round rather than left inside each
audit's history: what moderators want auditors (and the QA lead writing the round's
summary) to take from the audits they finalised. Read only: only finalised moderations
count, as their learning points can no longer change."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.audits.models import Audit, Case
from app.auth.models import User
from app.core.db import db
from app.moderation import rules
from app.moderation.models import Moderation


@dataclass(frozen=True)
class LearningPoint:
    case_reference: str
    finalised_at: datetime
    moderator: str | None
    text: str


def for_round(round_id: int) -> list[LearningPoint]:
    """The learning points of the round's finalised moderations, oldest first (one query)."""
    rows = db.session.execute(
        select(Case.reference, Moderation.finalised_at, User.name, Moderation.learning_points)
        .join(Audit, Moderation.audit_id == Audit.id)
        .join(Case, Audit.case_id == Case.id)
        .outerjoin(User, Moderation.moderator_id == User.id)
        .where(Moderation.round_id == round_id, Moderation.state == rules.FINALISED,
               Moderation.learning_points.is_not(None), Moderation.learning_points != "")
        .order_by(Moderation.finalised_at, Moderation.id)
    ).all()
    return [LearningPoint(ref, at, name, text.strip()) for ref, at, name, text in rows if text and text.strip()]


def counts_by_round() -> dict[int, int]:
    """Round id -> how many finalised moderations in it have learning points."""
    rows = db.session.execute(
        select(Moderation.round_id, Moderation.learning_points)
        .where(Moderation.state == rules.FINALISED, Moderation.learning_points.is_not(None))
    ).all()
    counts: dict[int, int] = {}
    for round_id, text in rows:
        if text and text.strip():
            counts[round_id] = counts.get(round_id, 0) + 1
    return counts
