"""What happens to a corrective action once it is raised, as plain rules (values in,
values out; no Flask, no database).

    open --complete (owner)--> completed, waiting to be confirmed --confirm--> confirmed
                                                                 --reopen (with a reason)--> open

Ofsted found actions were not addressed in good time, and an owner saying "done" is not
the same as it being done: the person who raised the action (the auditor, or a moderator)
or a team manager of the case's team checks it. Nobody confirms their own action.
"""
from __future__ import annotations

from datetime import date, datetime

OPEN = "open"
AWAITING_CONFIRMATION = "awaiting_confirmation"
CONFIRMED = "confirmed"

STATES = {
    OPEN: "Open",
    AWAITING_CONFIRMATION: "Completed, waiting to be confirmed",
    CONFIRMED: "Confirmed as done",
}

COMPLETE = "complete"
CONFIRM = "confirm"
REOPEN = "reopen"

TRANSITIONS = {
    (OPEN, COMPLETE): AWAITING_CONFIRMATION,
    (AWAITING_CONFIRMATION, CONFIRM): CONFIRMED,
    (AWAITING_CONFIRMATION, REOPEN): OPEN,
}

# History events (CorrectiveActionEvent.event)
COMPLETED = "completed"
REOPENED = "reopened"
ESCALATED = "escalated"
EVENT_WORDS = {
    COMPLETED: "Completed by the owner",
    CONFIRMED: "Confirmed as done",
    REOPENED: "Reopened",
    ESCALATED: "Overdue: the team manager was told",
}

REASON_MAX = 4000


class IllegalMove(ValueError):
    """The action is not in a state that allows this."""


def state(completed_at: datetime | None, confirmed_at: datetime | None) -> str:
    if completed_at is None:
        return OPEN
    return CONFIRMED if confirmed_at is not None else AWAITING_CONFIRMATION


def next_state(current: str, move: str) -> str:
    try:
        return TRANSITIONS[(current, move)]
    except KeyError:
        raise IllegalMove(f"Cannot {move} an action that is {STATES.get(current, current).lower()}") from None


def may_confirm(*, person_id: int, owner_id: int, raised_by_id: int, manages_case_team: bool) -> bool:
    """Who may confirm or reopen a completed action: the person who raised it, or a team
    manager of the case's team; never its owner, whatever other role they hold. Another
    auditor, or an administrator as such, may not."""
    if person_id == owner_id:
        return False
    return person_id == raised_by_id or manages_case_team


def reopen_errors(reason: str | None) -> dict[str, str]:
    """Field -> message for a reopening that cannot be saved. The owner needs to know what
    is still missing, so a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        return {"reason": "Enter why the corrective action is not done yet"}
    if len(reason) > REASON_MAX:
        return {"reason": f"Why it is not done yet must be {REASON_MAX:,} characters or fewer"}
    return {}


def who_to_tell(*, owner_id: int, raised_by_id: int, raiser_active: bool, manager_ids: list[int]) -> list[int]:
    """Who is told that an action is waiting to be confirmed: the person who raised it;
    where they cannot confirm it (deactivated, or it is their own action) the case's team
    managers instead. Never the owner."""
    if raiser_active and raised_by_id != owner_id:
        return [raised_by_id]
    return [m for m in manager_ids if m != owner_id]


def done_at(completed_at: datetime | None, confirmed_at: datetime | None) -> datetime | None:
    """When an action counts as done in the corrective-action figures and reports.

    Only a confirmed action is done. Its completion date is the owner's (when they
    recorded it done), not the confirmer's: an action completed by its due date and
    confirmed a week later was completed on time. Until it is confirmed it counts as
    still open, and as overdue once its due date has passed."""
    return completed_at if confirmed_at is not None else None


def escalation_due(due_date: date, completed_at: datetime | None, escalated_at: datetime | None, today: date) -> bool:
    """An action goes to the team manager once: the first day it is still open (not
    completed by its owner) after its due date."""
    return completed_at is None and escalated_at is None and due_date < today
