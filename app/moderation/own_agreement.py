"""An auditor's own agreement with moderators over time, so they can correct their own drift.

Per half-year (by the audit's first submission, as in the QA figures): how many of their
audits were moderated, the share where the moderator agreed, raised or lowered the overall
judgement, and the grades moderators changed most often. The agreement is
app.moderation.figures' own (load_facts and summarise), limited to one auditor; only the
question-level changes are loaded here, in one more query.

Only ever for the auditor passed in: the page passes the person signed in.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.audits.models import Audit, AuditToolVersion
from app.auth.models import User
from app.core.db import db
from app.core.periods import HALF, Period
from app.moderation import figures, rules
from app.moderation.models import Moderation, ModerationDecision
from app.moderation.outcomes import direction, target_text

MOST_CHANGED = 3  # grades listed per half-year


@dataclass(frozen=True)
class ChangedGrade:
    what: str
    lowered: int
    raised: int

    @property
    def times(self) -> int:
        return self.lowered + self.raised


@dataclass(frozen=True)
class HalfYear:
    period: Period | None  # None for the row over all of them
    figures: figures.AgreementRow
    most_changed: tuple[ChangedGrade, ...]

    @property
    def label(self) -> str:
        return self.period.long_label if self.period else "All half-years"


@dataclass(frozen=True)
class OwnAgreement:
    halves: tuple[HalfYear, ...]  # newest first, only those with audits in moderation
    all: HalfYear


def _half(day) -> Period:
    return Period.containing(day, HALF)


def _changed_grades(user: User) -> dict[int, list[tuple[str, str | None]]]:
    """Each finalised moderation's changed question and section grades: (what, direction)."""
    rows = db.session.execute(
        select(ModerationDecision.moderation_id, ModerationDecision.target, ModerationDecision.auditor_grade,
               ModerationDecision.moderator_grade, Audit.tool_version_id)
        .join(Moderation, Moderation.id == ModerationDecision.moderation_id)
        .join(Audit, Audit.id == Moderation.audit_id)
        .where(Audit.auditor_id == user.id, Moderation.state == rules.FINALISED,
               ModerationDecision.agreed.is_(False), ModerationDecision.target != "overall")
    ).all()
    versions = {v.id: v.definition for v in db.session.scalars(
        select(AuditToolVersion).where(AuditToolVersion.id.in_({r.tool_version_id for r in rows})))} if rows else {}
    out: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for mod_id, target, before, after, version_id in rows:
        out[mod_id].append((target_text(target, versions[version_id])[1], direction(before, after)))
    return out


def _most_changed(changes: list[tuple[str, str | None]]) -> tuple[ChangedGrade, ...]:
    lowered = Counter(what for what, way in changes if way == "lowered")
    raised = Counter(what for what, way in changes if way == "raised")
    grades = [ChangedGrade(what, lowered[what], raised[what]) for what in set(lowered) | set(raised)]
    return tuple(sorted(grades, key=lambda g: (-g.times, g.what))[:MOST_CHANGED])


def own_agreement(user: User, now: datetime | None = None) -> OwnAgreement:
    """The figures for `user`'s own audits, per half-year, newest first."""
    facts = figures.load_facts(Audit.auditor_id == user.id)
    changed = _changed_grades(user)
    by_half: dict[Period, list[figures.Fact]] = defaultdict(list)
    for f in facts:
        by_half[_half(f.submitted_on)].append(f)

    def row(period, items):
        finalised = [c for f in items if f.finalised for c in changed.get(f.moderation_id, [])]
        summary = figures.summarise(items, now, key=period.label if period else None, label=period.label if period else "All")
        return HalfYear(period, summary, _most_changed(finalised))

    halves = tuple(row(p, by_half[p]) for p in sorted(by_half, reverse=True))
    return OwnAgreement(halves, row(None, facts))
