"""Corrective actions, tracked to completion: my actions, my team's, completing one,
the figures for a period (overall, by district and by team), and reminders by email.

Who sees a team's actions: people with the moderator or administrator role see the open
actions on their own team's cases; people with the team manager role see their team's
overdue ones and confirm completed ones (`action_review`).
Only the owner, or an administrator, may complete an action; it then waits to be
confirmed (see `action_review`), and only a confirmed action counts as done in the
figures (`action_rules.done_at`). No child's name is ever written anywhere: a case is
known by its reference.
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.core.clock import local_day, uk_today
from app.audits import action_rules
from app.audits.models import Audit, Case, CorrectiveAction
from app.auth.models import User
from app.auth.roles import ADMIN, MODERATOR
from app.core import clock, jobs
from app.core.db import db, utcnow
from app.core.urls import public_url
from app.notifications import delivery
from app.notifications.models import Notification
from app.org.models import District, Team

REMIND_DAYS_AHEAD = 3
RECENT_DAYS = 30


class NotAllowed(Exception):
    """The person may not complete this corrective action."""


class ActionError(Exception):
    """What was entered cannot be saved; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _sorted_open(actions: Iterable[CorrectiveAction], today: date) -> list[CorrectiveAction]:
    """Overdue first, then by due date (earliest first)."""
    return sorted(actions, key=lambda a: (not a.is_overdue(today), a.due_date, a.id))


def _query():
    return select(CorrectiveAction).options(
        joinedload(CorrectiveAction.case), joinedload(CorrectiveAction.owner)
    )


@dataclass
class MyActions:
    open: list[CorrectiveAction]
    completed: list[CorrectiveAction]


def my_actions(user: User, today: date | None = None) -> MyActions:
    """The person's open actions (overdue first, then by due date) and those they
    completed in the last 30 days (newest first)."""
    today = today or uk_today()
    mine = db.session.scalars(_query().where(CorrectiveAction.owner_id == user.id)).unique().all()
    since = datetime.combine(today - timedelta(days=RECENT_DAYS), datetime.min.time())
    done = [a for a in mine if not a.open and a.completed_at >= since]
    done.sort(key=lambda a: (a.completed_at, a.id), reverse=True)
    return MyActions(_sorted_open([a for a in mine if a.open], today), done)


def may_see_team(user: User) -> bool:
    return bool(user.team_id) and user.has_role(MODERATOR, ADMIN)


def team_actions(user: User, today: date | None = None) -> list[CorrectiveAction] | None:
    """Open actions on the cases of the person's team, for moderators and administrators
    who belong to a team; None for everyone else."""
    if not may_see_team(user):
        return None
    today = today or uk_today()
    rows = db.session.scalars(
        _query().join(Case, CorrectiveAction.case_id == Case.id)
        .where(Case.team_id == user.team_id, CorrectiveAction.completed_at.is_(None))
    ).unique().all()
    return _sorted_open(rows, today)


def raise_action(audit: Audit, raised_by: User, description: str, owner_id: int | None, due_date: date | None,
                 today: date | None = None) -> CorrectiveAction:
    """A corrective action on the audit's case, raised by its auditor or by a moderator. It
    starts now. The owner must be an active person; the due date today or later (UK date).
    Raises ActionError (keyed description, owner_id, due_date) and saves nothing then."""
    today = today or clock.uk_today()
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = "Enter what needs to be done"
    owner = db.session.get(User, owner_id) if owner_id else None
    if owner is None:
        errors["owner_id"] = "Choose who will do it"
    elif not owner.active:
        errors["owner_id"] = f"{owner.name} can no longer sign in: choose someone else"
    if due_date is None:
        errors["due_date"] = "Enter the date it must be done by"
    elif due_date < today:
        errors["due_date"] = "The due date must be today or in the future"
    if errors:
        raise ActionError(errors)
    action = CorrectiveAction(
        audit=audit, case_id=audit.case_id, description=description, owner=owner, due_date=due_date,
        raised_by=raised_by, raised_at=utcnow(),
    )
    db.session.add(action)
    db.session.commit()
    return action


def may_complete(action: CorrectiveAction, user: User) -> bool:
    return action.owner_id == user.id or user.has_role(ADMIN)


def complete(action: CorrectiveAction, user: User, note: str | None, now: datetime | None = None) -> CorrectiveAction:
    """Record the action as done, with what was done. Completing it again changes nothing."""
    if not may_complete(action, user):
        raise NotAllowed()
    if not action.open:
        return action  # a double submit, or a second window: already done
    note = (note or "").strip()
    if not note:
        raise ActionError({"note": "Enter what was done to complete the corrective action"})
    action.completion_note = note
    action.completed_at = now or utcnow()
    db.session.commit()
    return action


@dataclass(frozen=True)
class Figures:
    due: int
    completed_on_time: int
    completed_late: int
    open: int
    overdue: int


def figures(records: Iterable[tuple[date, datetime | date | None]], period_start: date, period_end: date, today: date) -> Figures:
    """Counts over (due_date, done_at) pairs for actions due in the period (both ends
    included), where done_at is `action_rules.done_at`: the owner's completion, once the
    action is confirmed. On time: done on or before the due date. Open: not done (including
    completed but not yet confirmed); overdue: open and due before `today`. No database:
    pass the pairs in."""
    due = on_time = late = still_open = overdue = 0
    for due_date, completed_at in records:
        if not period_start <= due_date <= period_end:
            continue
        due += 1
        if completed_at is None:
            still_open += 1
            if due_date < today:
                overdue += 1
            continue
        # The UK date it was done: 00:30 on 16 July in the UK is 16 July, though it is 15 July in UTC.
        done_on = local_day(completed_at) if isinstance(completed_at, datetime) else completed_at
        if done_on <= due_date:
            on_time += 1
        else:
            late += 1
    return Figures(due, on_time, late, still_open, overdue)


def figures_for(period_start: date, period_end: date, today: date | None = None) -> Figures:
    rows = db.session.execute(
        select(CorrectiveAction.due_date, CorrectiveAction.completed_at, CorrectiveAction.confirmed_at).where(
            CorrectiveAction.due_date >= period_start, CorrectiveAction.due_date <= period_end
        )
    ).all()
    return figures([(due, action_rules.done_at(done, confirmed)) for due, done, confirmed in rows],
                   period_start, period_end, today or uk_today())


@dataclass(frozen=True)
class FiguresRow:
    label: str
    district: str | None  # a team's district; None on a district's own row
    figures: Figures


@dataclass(frozen=True)
class PeriodFigures:
    """Corrective action figures for a period: all, by district and by team (the case's)."""

    all: Figures
    by_district: list[FiguresRow]
    by_team: list[FiguresRow]


def figures_by_team(period_start: date, period_end: date, today: date | None = None,
                    district_ids: set[int] | None = None) -> PeriodFigures:
    """`figures` for the actions due in the period, overall, per district and per team,
    from one query. Only districts and teams with an action due in the period appear.
    `district_ids`: only these districts' (someone narrowed to a locality or district); None: all."""
    today = today or uk_today()
    query = (
        select(CorrectiveAction.due_date, CorrectiveAction.completed_at, CorrectiveAction.confirmed_at, Team.name,
               District.name)
        .join(Case, Case.id == CorrectiveAction.case_id)
        .join(Team, Team.id == Case.team_id)
        .join(District, District.id == Team.district_id)
        .where(CorrectiveAction.due_date >= period_start, CorrectiveAction.due_date <= period_end)
    )
    if district_ids is not None:
        query = query.where(District.id.in_(sorted(district_ids)))
    rows = db.session.execute(query).all()
    teams: dict[tuple[str, str], list] = {}
    districts: dict[str, list] = {}
    records = []
    for due_date, completed_at, confirmed_at, team, district in rows:
        record = (due_date, action_rules.done_at(completed_at, confirmed_at))
        records.append(record)
        teams.setdefault((team, district), []).append(record)
        districts.setdefault(district, []).append(record)

    def count(records):
        return figures(records, period_start, period_end, today)

    return PeriodFigures(
        all=count(records),
        by_district=[FiguresRow(name, None, count(records)) for name, records in sorted(districts.items())],
        by_team=[FiguresRow(team, district, count(records)) for (team, district), records
                 in sorted(teams.items(), key=lambda kv: kv[0][0].casefold())],
    )


REMINDER = "reminder"


def reminders(today: date) -> dict[User, list[CorrectiveAction]]:
    """Open actions due within three days, or overdue, by owner (active owners only)."""
    rows = db.session.scalars(
        _query().where(
            CorrectiveAction.completed_at.is_(None),
            CorrectiveAction.due_date <= today + timedelta(days=REMIND_DAYS_AHEAD),
        )
    ).unique().all()
    by_owner: dict[User, list[CorrectiveAction]] = {}
    for action in rows:
        if action.owner.active:
            by_owner.setdefault(action.owner, []).append(action)
    return {owner: _sorted_open(actions, today) for owner, actions in sorted(by_owner.items(), key=lambda kv: kv[0].id)}


def reminder_body(owner: User, actions: list[CorrectiveAction], today: date) -> str:
    lines = [f"Dear {owner.name},", "", "These corrective actions are yours and are due soon or overdue:", ""]
    for a in actions:
        when = "OVERDUE, was due" if a.is_overdue(today) else "due"
        lines.append(f"- Case {a.case.reference}: {a.description} ({when} {a.due_date:%-d %B %Y})")
    lines += ["", f"Record each one as done in Corrective actions: {public_url('audits.actions_mine')}"]
    return "\n".join(lines)


@jobs.job
def queue_reminders(today: date | None = None) -> int:
    """One email to each owner listing their actions due soon or overdue, through the outbox;
    run daily by the scheduler. An owner already reminded today (UK date) is not reminded
    again, so a second run the same day adds nothing. Returns how many were queued."""
    today = today or clock.uk_today()
    start, end = clock.utc_bounds(today, today)
    reminded = set(db.session.scalars(select(Notification.user_id).where(
        Notification.kind == REMINDER, Notification.created_at >= start, Notification.created_at < end)))
    rows = []
    for owner, actions in reminders(today).items():
        if owner.id in reminded:
            continue
        rows.append(delivery.queue_email(
            kind=REMINDER, to_email=owner.email, to_name=owner.name, user_id=owner.id,
            subject=f"Corrective actions: {len(actions)} due soon or overdue", body=reminder_body(owner, actions, today)))
    db.session.commit()
    delivery.send_soon(rows)
    return len(rows)


DEMO_ACTIONS = [
    "Update the chronology with the last three months of visits",
    "Record the child's views from the most recent visit",
    "Hold a supervision and record the decisions on file",
    "Complete the outstanding assessment and upload it",
    "Write the contingency plan into the child protection plan",
]


def add_demo_data(rng: random.Random, today: date) -> None:
    """A few corrective actions on audits that have an auditor: some done on time, some
    late, some open and overdue. Adds nothing if any corrective action already exists."""
    if db.session.scalar(select(func.count()).select_from(CorrectiveAction)):
        return
    audits = db.session.scalars(
        select(Audit).where(Audit.auditor_id.is_not(None)).order_by(Audit.id).limit(len(DEMO_ACTIONS))
    ).all()
    people = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)).all()
    for i, audit in enumerate(audits):
        team = [p for p in people if p.team_id == audit.case.team_id]
        owner = rng.choice(team) if team else audit.auditor
        due = today + timedelta(days=rng.randint(-20, 20))
        raised = datetime.combine(due - timedelta(days=28), datetime.min.time())
        action = CorrectiveAction(
            audit=audit, case=audit.case, description=DEMO_ACTIONS[i], owner=owner, due_date=due,
            raised_by=audit.auditor, raised_at=raised,
        )
        if i % 3 == 0 and due - timedelta(days=2) <= today:
            action.completed_at = datetime.combine(due - timedelta(days=2), datetime.min.time())
            action.completion_note = "Done and recorded on the case file."
            if i == 0:  # one confirmed by the auditor; the other waits to be confirmed
                action.confirmed_at, action.confirmed_by = action.completed_at + timedelta(days=1), audit.auditor
        db.session.add(action)
    db.session.commit()
