"""A round's summary: when a dip-sample round ends, the QA lead writes what it showed
(findings) and what must change (recommendations), each linked to the improvement plan's
impact measures it bears on. Shown on the round's page, its summary page, and in the
six-monthly report for rounds that end in the period.

A round ends on its due date (the date its audits are due by); a round without one has no
end, so it appears in no report until it is given one.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audits.models import AuditRound, RoundPoint
from app.auth.models import User
from app.core.db import db, utcnow
from app.plan import rules as plan_rules
from app.plan.models import ImpactMeasure, Plan, Recommendation

FINDING = "finding"
RECOMMENDATION = "recommendation"
KINDS = {FINDING: "Finding", RECOMMENDATION: "Recommendation"}
KIND_HINTS = {FINDING: "What the round showed", RECOMMENDATION: "What must change"}
TEXT_MAX = 4000


class SummaryError(Exception):
    """What was entered cannot be saved; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def point_errors(kind: str | None, text: str | None, measure_ids: Iterable[int], known_ids: set[int]) -> dict[str, str]:
    """Field -> message for a finding or recommendation that cannot be saved. Each one is
    linked to at least one impact measure, so the plan shows what the round says about it."""
    errors = {}
    if kind not in KINDS:
        errors["kind"] = "Choose whether this is a finding or a recommendation"
    text = (text or "").strip()
    if not text:
        errors["text"] = "Enter the finding or recommendation"
    elif len(text) > TEXT_MAX:
        errors["text"] = f"The finding or recommendation must be {TEXT_MAX:,} characters or fewer"
    ids = set(measure_ids)
    if not ids:
        errors["measures"] = "Choose at least one impact measure it bears on"
    elif not ids <= known_ids:
        errors["measures"] = "Choose impact measures from the list"
    return errors


@dataclass(frozen=True)
class MeasureChoice:
    id: int
    label: str  # "Audit 2.1", in the plan's numbering
    text: str
    recommendation: str  # "Recommendation 2: Plans"


def measure_choices() -> list[MeasureChoice]:
    """Every impact measure in plan order, labelled as the plan page labels it."""
    recs = db.session.scalars(select(Recommendation).join(Plan).options(
        selectinload(Recommendation.measures), selectinload(Recommendation.plan))
        .order_by(Plan.position, Recommendation.number)).all()
    out = []
    for rec in recs:
        measures = sorted(rec.measures, key=lambda m: (m.position, m.id))
        for m, label in zip(measures, plan_rules.measure_labels(rec.number, [m.kind for m in measures])):
            place = "" if rec.plan.is_main else f"{rec.plan.title}, "
            out.append(MeasureChoice(m.id, label, m.text, f"{place}{rec.plan.item_noun} {rec.number}: {rec.short_title}"))
    return out


def labels_for(points: Iterable[RoundPoint], with_text: bool = True) -> dict[int, list[str]]:
    """Point id -> its measures in plan order: "Audit 2.1: text", or "Audit 2.1" alone."""
    choices = measure_choices()
    order = {c.id: i for i, c in enumerate(choices)}
    by_id = {c.id: c for c in choices}
    out = {}
    for p in points:
        ms = sorted((m for m in p.measures if m.id in by_id), key=lambda m: order[m.id])
        out[p.id] = [f"{by_id[m.id].label}: {by_id[m.id].text}" if with_text else by_id[m.id].label for m in ms]
    return out


def points(round_: AuditRound) -> dict[str, list[RoundPoint]]:
    """The round's findings and its recommendations, each in the order written."""
    rows = db.session.scalars(select(RoundPoint).options(selectinload(RoundPoint.measures))
                              .where(RoundPoint.round_id == round_.id).order_by(RoundPoint.id)).all()
    return {kind: [p for p in rows if p.kind == kind] for kind in KINDS}


def _measures(measure_ids: Iterable[int]) -> list[ImpactMeasure]:
    ids = set(measure_ids)
    return list(db.session.scalars(select(ImpactMeasure).where(ImpactMeasure.id.in_(ids)))) if ids else []


def _check(kind, text, measure_ids) -> None:
    known = set(db.session.scalars(select(ImpactMeasure.id)))
    errors = point_errors(kind, text, measure_ids, known)
    if errors:
        raise SummaryError(errors)


def add_point(round_: AuditRound, kind: str, text: str, measure_ids: Iterable[int], user: User,
              now: datetime | None = None) -> RoundPoint:
    measure_ids = list(measure_ids)
    _check(kind, text, measure_ids)
    now = now or utcnow()
    point = RoundPoint(round_id=round_.id, kind=kind, text=text.strip(), written_by_id=user.id, written_at=now,
                       updated_at=now, measures=_measures(measure_ids))
    db.session.add(point)
    db.session.commit()
    return point


def update_point(point: RoundPoint, kind: str, text: str, measure_ids: Iterable[int], now: datetime | None = None) -> RoundPoint:
    measure_ids = list(measure_ids)
    _check(kind, text, measure_ids)
    point.kind = kind
    point.text = text.strip()
    point.measures = _measures(measure_ids)
    point.updated_at = now or utcnow()
    db.session.commit()
    return point


def remove_point(point: RoundPoint) -> None:
    db.session.delete(point)
    db.session.commit()


def confirmed_rounds() -> list[AuditRound]:
    """Rounds whose sample is confirmed (they have audits to summarise), latest end first."""
    rows = db.session.scalars(select(AuditRound).where(AuditRound.confirmed_at.is_not(None))).all()
    return sorted(rows, key=lambda r: (r.due_date or date.max, r.id), reverse=True)


def ending_between(start: date, end: date) -> list[tuple[AuditRound, dict[str, list[RoundPoint]]]]:
    """Rounds that end from `start` to `end` (both included), earliest first, with their
    findings and recommendations; for the six-monthly report. Two queries."""
    rounds = db.session.scalars(select(AuditRound).where(
        AuditRound.confirmed_at.is_not(None), AuditRound.due_date >= start, AuditRound.due_date <= end,
    ).order_by(AuditRound.due_date, AuditRound.id)).all()
    if not rounds:
        return []
    rows = db.session.scalars(select(RoundPoint).options(selectinload(RoundPoint.measures))
                              .where(RoundPoint.round_id.in_([r.id for r in rounds])).order_by(RoundPoint.id)).all()
    return [(r, {kind: [p for p in rows if p.round_id == r.id and p.kind == kind] for kind in KINDS}) for r in rounds]
