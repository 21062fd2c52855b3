"""A plan's quarterly monitoring report: where every action stands at the end of a quarter.

The partnership's reporting planner asks for a "quarterly monitoring report of the Business
Plan to the LSCB Business Group"; the improvement board reads the same for its plan. Plain
functions over a plan's items, so tests call them without a request."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.core.clock import local_day
from app.core.periods import QUARTER, Period
from app.plan import rules


@dataclass
class ItemProgress:
    number: int
    title: str
    by_status: dict[str, int]  # status -> how many actions
    overdue: list = field(default_factory=list)  # actions past their due date and not complete, at the quarter's end
    changed: list = field(default_factory=list)  # actions whose status or progress changed in the quarter

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass
class Monitoring:
    plan_title: str
    item_noun: str
    quarter: Period
    as_at: date  # the quarter's end, or today while the quarter is open
    items: list[ItemProgress]

    @property
    def totals(self) -> dict[str, int]:
        return {status: sum(i.by_status[status] for i in self.items) for status in rules.ACTION_STATUSES}

    @property
    def overdue(self) -> list:
        return sorted((a for i in self.items for a in i.overdue), key=lambda a: (a.due_date, a.position))

    @property
    def changed(self) -> list:
        return [a for i in self.items for a in i.changed]


def quarter_of(label: str | None, today: date) -> Period:
    """The quarter a label names ("Q3 2026-27"), or the current one; ValueError for any other label."""
    if not label:
        return Period.containing(today, QUARTER)
    period = Period.parse(label)
    if period.kind != QUARTER:
        raise ValueError(f"'{label}' is not a quarter")
    return period


def monitoring(plan, quarter: Period, today: date) -> Monitoring:
    """Every action of `plan` as it stood at the quarter's end (today, while it is open): counted
    by status, overdue on that day, and changed during the quarter. A status is today's; the plan
    keeps no history of statuses, only when progress last changed."""
    as_at = min(quarter.end, today)
    items = []
    for rec in plan.recommendations:
        progress = ItemProgress(rec.number, rec.short_title, {status: 0 for status in rules.ACTION_STATUSES})
        for action in rec.actions:
            progress.by_status[action.status] = progress.by_status.get(action.status, 0) + 1
            if rules.action_overdue(action.status, action.due_date, as_at):
                progress.overdue.append(action)
            changed_on = local_day(action.progress_changed_at) if action.progress_changed_at else None
            if changed_on and quarter.start <= changed_on <= quarter.end:
                progress.changed.append(action)
        items.append(progress)
    return Monitoring(plan.title, plan.item_noun, quarter, as_at, items)
