"""Moderation agreement and drift for a period, overall and by auditor, team or tool.

For each group: how many audits were moderated (finalised), the share where the moderator
agreed the overall judgement, how often and by how many grades it was raised or lowered,
weighted Cohen's kappa between auditor and moderator (with its too-few-pairs warning), and
working days from submission to moderation against the round's target.

One query loads plain columns for every moderation in scope (no ORM objects, nothing per
audit), so a county's 6,000 audits cost one round trip. `round_results` in services.py
uses the same loading and summing, grouped by round.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from app.audits.models import Audit, AuditRound, AuditTool, AuditToolVersion, Case
from app.auth.models import User
from app.core.clock import to_local
from app.core.db import db, utcnow
from app.moderation import rules
from app.moderation.lag import ModerationLag, moderation_lag
from app.moderation.models import Moderation, ModerationDecision, RoundModerationPolicy
from app.moderation.decision_rules import OVERALL
from app.org.models import District, Team

KAPPA_WEIGHTS = rules.LINEAR  # one grade apart earns 2/3 of an agreement; see rules.cohen_kappa

BY = {"auditor": "Auditor", "team": "Team", "tool": "Audit tool"}  # groupings people choose


class Fact(NamedTuple):
    """What the figures need about one moderation; dates are local (Europe/London)."""

    moderation_id: int
    round_id: int
    round_name: str
    state: str
    submitted_on: date  # first submission: the target's clock starts here
    decided_on: date | None  # first finalised or returned; None while waiting
    target_days: int
    auditor_grade: str | None  # the auditor's overall judgement the moderator decided on
    final_judgement: str | None
    auditor_id: int | None
    auditor_name: str | None
    team_id: int
    team_name: str
    district_id: int
    tool_id: int
    tool_title: str

    @property
    def finalised(self) -> bool:
        return self.state == rules.FINALISED


@dataclass(frozen=True)
class AgreementRow:
    """The figures for one group (or for all)."""

    key: Any  # the group's id (auditor, team, tool or round); None for all
    label: str
    selected: int  # moderations in scope, in any state
    finalised: int
    changes: rules.GradeChanges  # overall judgements, auditor vs moderator, finalised only
    kappa: rules.KappaResult  # weighted (KAPPA_WEIGHTS), finalised only
    times: rules.ModerationTimes  # all in scope: those still waiting count as pending
    targets: tuple[int, ...]  # the rounds' targets in working days (usually just one)

    @property
    def agreed_share(self) -> float | None:
        """Share of finalised audits (with both grades) where the overall judgement was agreed."""
        return self.changes.agreement_rate

    @property
    def mean_raised_by(self) -> float | None:
        """Average grades moved when raised; None when none were."""
        return _mean_steps(self.changes, 1)

    @property
    def mean_lowered_by(self) -> float | None:
        return _mean_steps(self.changes, -1)

    @property
    def moderated_late(self) -> int:
        return self.times.n - self.times.within_target

    @property
    def late(self) -> int:
        """Moderated after the target, plus those still waiting and already past it."""
        return self.moderated_late + (self.times.pending_overdue or 0)


@dataclass(frozen=True)
class AgreementFigures:
    start: date
    end: date
    by: str | None
    district_id: int | None
    locality_id: int | None
    rows: tuple[AgreementRow, ...]  # one per group, by label; none when `by` is None
    all: AgreementRow
    weights: str | None = KAPPA_WEIGHTS
    lag: ModerationLag | None = None  # moderation later than its target (app.moderation.lag)


def _mean_steps(changes: rules.GradeChanges, sign: int) -> float | None:
    moved = {d: c for d, c in changes.by_difference.items() if d * sign > 0}
    count = sum(moved.values())
    return sum(abs(d) * c for d, c in moved.items()) / count if count else None


def local_date(moment: datetime | date) -> date:
    """A stored naive-UTC moment as the day it was in the authority (a date stays as it is)."""
    return to_local(moment).date() if isinstance(moment, datetime) else moment


# --- Loading -----------------------------------------------------------------------------------


def load_facts(*where) -> list[Fact]:
    """Every moderation matching the SQL conditions `where`, in one query."""
    overall = aliased(ModerationDecision)
    query = (
        select(
            Moderation.id, Moderation.round_id, AuditRound.name, Moderation.state, Moderation.first_submitted_at,
            Moderation.first_decided_at,
            func.coalesce(RoundModerationPolicy.target_days, rules.DEFAULT_TARGET_DAYS),
            overall.auditor_grade, Audit.override_judgement, Audit.computed_judgement, Moderation.final_judgement,
            Audit.auditor_id, User.name, Case.team_id, Team.name, Team.district_id, AuditTool.id, AuditTool.title,
        )
        .join(Audit, Audit.id == Moderation.audit_id)
        .join(AuditRound, AuditRound.id == Moderation.round_id)
        .join(Case, Case.id == Audit.case_id)
        .join(Team, Team.id == Case.team_id)
        .join(District, District.id == Team.district_id)
        .join(AuditToolVersion, AuditToolVersion.id == Audit.tool_version_id)
        .join(AuditTool, AuditTool.id == AuditToolVersion.tool_id)
        .outerjoin(User, User.id == Audit.auditor_id)
        .outerjoin(RoundModerationPolicy, RoundModerationPolicy.round_id == Moderation.round_id)
        .outerjoin(overall, and_(overall.moderation_id == Moderation.id, overall.target == OVERALL))
        .where(*where)
        .order_by(Moderation.round_id, Moderation.first_submitted_at, Moderation.id)
    )
    facts = []
    for (mod_id, round_id, round_name, state, submitted, decided, target, decided_grade, override, computed, final,
         auditor_id, auditor_name, team_id, team_name, district_id, tool_id, tool_title) in db.session.execute(query):
        # Before any decision the auditor's own judgement (their override where they made one).
        auditor_grade = decided_grade if decided_grade is not None else (override or computed)
        facts.append(Fact(mod_id, round_id, round_name, state, local_date(submitted),
                          local_date(decided) if decided else None, target, auditor_grade, final,
                          auditor_id, auditor_name, team_id, team_name, district_id, tool_id, tool_title))
    return facts


# --- Summing -----------------------------------------------------------------------------------


def summarise(facts: Iterable[Fact], now: datetime | date | None = None, *, key: Any = None,
              label: str = "All") -> AgreementRow:
    """The figures over `facts`: agreement over finalised ones, times over all of them."""
    facts = list(facts)
    today = local_date(now or utcnow())
    pairs = [(f.auditor_grade, f.final_judgement) for f in facts if f.finalised]
    return AgreementRow(
        key=key, label=label, selected=len(facts), finalised=len(pairs),
        changes=rules.grade_changes(pairs),
        kappa=rules.cohen_kappa(pairs, weights=KAPPA_WEIGHTS),
        times=_times(facts, today),
        targets=tuple(sorted({f.target_days for f in facts})),
    )


def _times(facts: list[Fact], today: date) -> rules.ModerationTimes:
    """Working days to moderation, each audit against its own round's target. With one
    target (the usual case) this is rules.days_to_moderation; with several, the counts are
    added up per target and the median and 90th percentile taken over every audit."""
    targets = Counter(f.target_days for f in facts)
    if len(targets) <= 1:
        target = next(iter(targets), rules.DEFAULT_TARGET_DAYS)
        return rules.days_to_moderation([(f.submitted_on, f.decided_on) for f in facts], target, now=today)
    parts = [rules.days_to_moderation([(f.submitted_on, f.decided_on) for f in facts if f.target_days == target],
                                      target, now=today) for target in targets]
    days = [rules.working_days_between(f.submitted_on, f.decided_on) for f in facts if f.decided_on is not None]
    return rules.ModerationTimes(
        n=len(days),
        median=rules.median(days) if days else None,
        p90=rules.percentile(days, 90) if days else None,
        within_target=sum(p.within_target for p in parts),
        target_days=max(targets, key=lambda t: (targets[t], -t)),  # the commonest; ModerationTimes holds one
        pending=sum(p.pending for p in parts),
        pending_overdue=sum(p.pending_overdue for p in parts),
    )


_GROUPS: dict[str, Callable[[Fact], tuple[Any, str]]] = {
    "auditor": lambda f: (f.auditor_id, f.auditor_name or "No auditor recorded"),
    "team": lambda f: (f.team_id, f.team_name),
    "tool": lambda f: (f.tool_id, f.tool_title),
    "round": lambda f: (f.round_id, f.round_name),  # for round_results
}


def summarise_by(facts: Iterable[Fact], by: str, now: datetime | date | None = None) -> list[AgreementRow]:
    """One row per group, ordered by label."""
    groups: dict[Any, list[Fact]] = defaultdict(list)
    labels: dict[Any, str] = {}
    for f in facts:
        key, label = _GROUPS[by](f)
        groups[key].append(f)
        labels[key] = label
    rows = [summarise(items, now, key=key, label=labels[key]) for key, items in groups.items()]
    return sorted(rows, key=lambda r: (r.label.casefold(), str(r.key)))


# --- For a period ----------------------------------------------------------------------------


def agreement_for_period(start: date, end: date, *, by: str | None = None, district_id: int | None = None,
                         locality_id: int | None = None, now: datetime | date | None = None) -> AgreementFigures:
    """Agreement and times for moderations whose audit was first submitted in the period.

    A moderation belongs to the period of its audit's first submission (local date, both ends
    included), whatever its state now: its agreement counts once finalised, and while it is
    still waiting it counts in the times as pending (overdue once past its round's target on
    `now`). `by` is None (all only), "auditor", "team" (the case's team) or "tool"; the
    district and locality are the case's team's.
    """
    if by is not None and by not in BY:
        raise ValueError(f"Group moderation figures by auditor, team or tool, not {by!r}")
    if end < start:
        raise ValueError(f"The period ends ({end}) before it starts ({start})")
    where = [
        # A day either side in UTC, then the exact local dates below.
        Moderation.first_submitted_at >= datetime.combine(start - timedelta(days=1), datetime.min.time()),
        Moderation.first_submitted_at < datetime.combine(end + timedelta(days=2), datetime.min.time()),
    ]
    if district_id is not None:
        where.append(Team.district_id == district_id)
    if locality_id is not None:
        where.append(District.locality_id == locality_id)
    facts = [f for f in load_facts(*where) if start <= f.submitted_on <= end]
    now = now or utcnow()
    return AgreementFigures(
        start=start, end=end, by=by, district_id=district_id, locality_id=locality_id,
        rows=tuple(summarise_by(facts, by, now)) if by else (),
        all=summarise(facts, now),
        lag=moderation_lag([(f.submitted_on, f.decided_on, f.target_days) for f in facts], local_date(now)),
    )
