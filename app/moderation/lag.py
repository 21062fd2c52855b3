"""Moderation later than its target, as an exception for the board (Ofsted criticised
moderation "over a month" after the audit). Plain values in, plain values out.

Each audit is measured against its own round's target in working days (Monday to Friday less
England's bank holidays: app.moderation.rules), from its first submission to the moderator's
first decision (finalised or returned). Late: more working days than the target. An audit
still waiting counts as waiting past its target once it is overdue today.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.moderation import rules


@dataclass(frozen=True)
class ModerationLag:
    moderated: int  # audits the moderator has decided on
    late: int  # of those, decided after their target
    median: float | None  # working days to moderation, of those decided
    waiting: int  # not decided yet
    waiting_late: int  # of those, already past their target today
    targets: tuple[int, ...]  # the rounds' targets in working days

    @property
    def is_exception(self) -> bool:
        return bool(self.late or self.waiting_late)

    def words(self) -> str:
        """"Moderation: 23 of 140 audits moderated after their target of 10 working days
        (median 7 days); 4 waiting past target now"."""
        target = " or ".join(str(t) for t in self.targets) or str(rules.DEFAULT_TARGET_DAYS)
        median = "" if self.median is None else f" (median {self.median:g} days)"
        text = (f"Moderation: {self.late:,} of {self.moderated:,} "
                f"{'audit' if self.moderated == 1 else 'audits'} moderated after their target of "
                f"{target} working days{median}")
        return text + f"; {self.waiting_late:,} waiting past target now"

    def this_period(self) -> str:
        return f"{self.late:,} late of {self.moderated:,} moderated; {self.waiting_late:,} waiting past target"


def moderation_lag(items: Iterable[tuple[date, date | None, int]], today: date,
                   holidays: Iterable[date] | None = None) -> ModerationLag:
    """`items`: (first submitted, first decided or None, the round's target in working days),
    UK dates. `holidays`: England's bank holidays when None."""
    days, targets = [], set()
    late = waiting = waiting_late = 0
    for submitted, decided, target in items:
        targets.add(target)
        if decided is None:
            waiting += 1
            waiting_late += rules.is_overdue(submitted, today, target, holidays)
            continue
        taken = rules.working_days_between(submitted, decided, holidays)
        days.append(taken)
        late += taken > target
    return ModerationLag(len(days), late, rules.median(days) if days else None, waiting, waiting_late,
                         tuple(sorted(targets)))
