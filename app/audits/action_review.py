"""Closing the loop on corrective actions: the owner completes an action, the person who
raised it (or a team manager of the case's team) confirms it or reopens it with a reason,
and an action still open after its due date goes to the team manager, once.

The rules are in `action_rules`; this module reads and writes the database and queues the
email (through the outbox, in the same transaction as the change it tells of).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app.audits import action_rules as rules
from app.audits import action_service
from app.audits.action_service import ActionError, NotAllowed
from app.audits.models import Case, CorrectiveAction, CorrectiveActionEvent
from app.auth.models import User, UserRole
from app.auth.roles import TEAM_MANAGER
from app.core import clock, jobs
from app.core.db import db, utcnow
from app.core.urls import public_url
from app.notifications import delivery

TO_CONFIRM = "action_to_confirm"
REOPENED = "action_reopened"
ESCALATED = "action_overdue"


def team_managers(team_id: int | None) -> list[User]:
    """Active people holding the team manager role in the team."""
    if team_id is None:
        return []
    return list(db.session.scalars(
        select(User).where(User.team_id == team_id, User.active.is_(True),
                           User.role_rows.any(UserRole.role == TEAM_MANAGER)).order_by(User.name)
    ))


def manages(user: User, team_id: int | None) -> bool:
    return bool(user.active and team_id is not None and user.team_id == team_id and user.has_role(TEAM_MANAGER))


def may_confirm(action: CorrectiveAction, user: User) -> bool:
    return rules.may_confirm(person_id=user.id, owner_id=action.owner_id, raised_by_id=action.raised_by_id,
                             manages_case_team=manages(user, action.case.team_id))


def _event(action: CorrectiveAction, event: str, by: User | None, now: datetime, **fields) -> None:
    db.session.add(CorrectiveActionEvent(action=action, event=event, by_id=by.id if by else None, at=now, **fields))


def _when(value) -> str:
    return clock.local_date(value)


def complete(action: CorrectiveAction, user: User, note: str | None, now: datetime | None = None) -> CorrectiveAction:
    """The owner records the action as done (`action_service.complete`), and the person
    who will confirm it is told, in the same commit. Completing it again changes nothing."""
    if not action_service.may_complete(action, user) or not action.open or not (note or "").strip():
        return action_service.complete(action, user, note, now)  # refuses, or a double submit
    now = now or utcnow()
    _event(action, rules.COMPLETED, user, now, note=note.strip())
    people = {u.id: u for u in team_managers(action.case.team_id)}
    people.setdefault(action.raised_by_id, action.raised_by)
    told = rules.who_to_tell(owner_id=action.owner_id, raised_by_id=action.raised_by_id,
                             raiser_active=action.raised_by.active, manager_ids=[m for m in people if m != action.raised_by_id])
    rows = []
    for person in (people[i] for i in told):
        rows.append(delivery.queue_email(
            kind=TO_CONFIRM, to_email=person.email, to_name=person.name, user_id=person.id,
            subject=f"Corrective action to confirm: case {action.case.reference}",
            body="\n".join([
                f"Dear {person.name},", "",
                f"{user.name} has recorded this corrective action on case {action.case.reference} as done:", "",
                f"  {action.description}", f"  Due {_when(action.due_date)}", "",
                "What was done:", f"  {note.strip()}", "",
                "Check the case file, then confirm it is done or reopen it with the reason:",
                public_url("audits.action_check", action_id=action.id),
            ])))
    action_service.complete(action, user, note, now)  # commits the event and the email with it
    delivery.send_soon(rows)
    return action


def confirm(action: CorrectiveAction, user: User, now: datetime | None = None) -> CorrectiveAction:
    """Confirm a completed action as done. Confirming it again changes nothing."""
    if not may_confirm(action, user):
        raise NotAllowed()
    current = rules.state(action.completed_at, action.confirmed_at)
    if current == rules.CONFIRMED:
        return action
    rules.next_state(current, rules.CONFIRM)
    now = now or utcnow()
    action.confirmed_at = now
    action.confirmed_by_id = user.id
    _event(action, rules.CONFIRMED, user, now)
    db.session.commit()
    return action


def reopen(action: CorrectiveAction, user: User, reason: str | None, now: datetime | None = None) -> CorrectiveAction:
    """Send a completed action back to its owner, open again, with the reason; the history
    keeps what the owner had said was done. The owner is emailed the reason."""
    if not may_confirm(action, user):
        raise NotAllowed()
    errors = rules.reopen_errors(reason)
    if errors:
        raise ActionError(errors)
    rules.next_state(rules.state(action.completed_at, action.confirmed_at), rules.REOPEN)
    now = now or utcnow()
    reason = reason.strip()
    _event(action, rules.REOPENED, user, now, reason=reason, note=action.completion_note)
    action.completed_at = None
    action.completion_note = None
    owner = action.owner
    rows = []
    if owner.active:
        rows.append(delivery.queue_email(
            kind=REOPENED, to_email=owner.email, to_name=owner.name, user_id=owner.id,
            subject=f"Corrective action reopened: case {action.case.reference}",
            body="\n".join([
                f"Dear {owner.name},", "",
                f"{user.name} has reopened this corrective action on case {action.case.reference}:", "",
                f"  {action.description}", f"  Due {_when(action.due_date)}", "",
                "Why it is not done yet:", f"  {reason}", "",
                f"Put it right, then record it as done again: {public_url('audits.actions_mine')}",
            ])))
    db.session.commit()
    delivery.send_soon(rows)
    return action


def _query():
    return select(CorrectiveAction).options(
        joinedload(CorrectiveAction.case), joinedload(CorrectiveAction.owner), joinedload(CorrectiveAction.events)
    )


def waiting_for(user: User) -> list[CorrectiveAction]:
    """Completed actions this person may confirm, oldest completion first: those they
    raised, and (a team manager) those on their team's cases; never their own."""
    who = CorrectiveAction.raised_by_id == user.id
    if manages(user, user.team_id):
        who = who | CorrectiveAction.case_id.in_(select(Case.id).where(Case.team_id == user.team_id))
    rows = db.session.scalars(_query().where(
        CorrectiveAction.completed_at.is_not(None), CorrectiveAction.confirmed_at.is_(None),
        CorrectiveAction.owner_id != user.id, who,
    )).unique().all()
    return sorted(rows, key=lambda a: (a.completed_at, a.id))


def awaiting_others(user: User) -> list[CorrectiveAction]:
    """The person's own actions they have completed, waiting for someone to confirm."""
    rows = db.session.scalars(_query().where(
        CorrectiveAction.owner_id == user.id, CorrectiveAction.completed_at.is_not(None),
        CorrectiveAction.confirmed_at.is_(None),
    )).unique().all()
    return sorted(rows, key=lambda a: (a.completed_at, a.id))


def team_overdue(user: User, today: date) -> list[CorrectiveAction] | None:
    """A team manager's view: actions on their team's cases still open after their due
    date, longest overdue first. None for anyone who manages no team."""
    if not manages(user, user.team_id):
        return None
    rows = db.session.scalars(_query().join(Case, CorrectiveAction.case_id == Case.id).where(
        Case.team_id == user.team_id, CorrectiveAction.completed_at.is_(None), CorrectiveAction.due_date < today,
    )).unique().all()
    return sorted(rows, key=lambda a: (a.due_date, a.id))


def _claim(action_id: int, now: datetime) -> bool:
    """Mark the action escalated; only one run can (two schedulers, or a retry)."""
    result = db.session.execute(
        update(CorrectiveAction).where(CorrectiveAction.id == action_id, CorrectiveAction.escalated_at.is_(None),
                                       CorrectiveAction.completed_at.is_(None))
        .values(escalated_at=now)
    )
    return result.rowcount == 1


@jobs.job
def escalate_overdue(today: date | None = None, now: datetime | None = None) -> int:
    """Tell each team manager, in one email, of the actions on their team's cases that have
    passed their due date still open and were not passed on before; run daily by the
    scheduler. Each action is passed on once (recorded on it, and in its history), however
    often this runs or is reopened. An action whose team has no manager other than its
    owner is left to be passed on once there is one. Returns how many emails were queued."""
    today = today or clock.uk_today()
    now = now or utcnow()
    due = db.session.scalars(_query().where(
        CorrectiveAction.completed_at.is_(None), CorrectiveAction.escalated_at.is_(None),
        CorrectiveAction.due_date < today,
    ).order_by(CorrectiveAction.due_date, CorrectiveAction.id)).unique().all()
    managers_of: dict[int, list[User]] = {}
    for_manager: dict[User, list[CorrectiveAction]] = defaultdict(list)
    for action in due:
        if not rules.escalation_due(action.due_date, action.completed_at, action.escalated_at, today):
            continue
        team_id = action.case.team_id
        if team_id not in managers_of:
            managers_of[team_id] = team_managers(team_id)
        told = [m for m in managers_of[team_id] if m.id != action.owner_id]
        if not told or not _claim(action.id, now):
            continue
        _event(action, rules.ESCALATED, None, now, note=", ".join(m.name for m in told))
        for manager in told:
            for_manager[manager].append(action)
    rows = []
    for manager, actions in sorted(for_manager.items(), key=lambda kv: kv[0].id):
        lines = [f"Dear {manager.name},", "",
                 "These corrective actions on your team's cases have passed their due date and are still open:", ""]
        for a in actions:
            lines.append(f"- Case {a.case.reference}: {a.description} (owner {a.owner.name}, due {_when(a.due_date)})")
        lines += ["", "Please follow them up with their owners. Your team's overdue actions are listed in "
                  f"Corrective actions: {public_url('audits.actions_mine')}"]
        rows.append(delivery.queue_email(
            kind=ESCALATED, to_email=manager.email, to_name=manager.name, user_id=manager.id,
            subject=f"Overdue corrective actions on your team's cases: {len(actions)}", body="\n".join(lines)))
    db.session.commit()
    delivery.send_soon(rows)
    return len(rows)
