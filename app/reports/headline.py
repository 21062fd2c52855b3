"""The headline figure boards watch: "% of audits judged good or outstanding". Plain values
in, plain values out: no Flask, no database.

One definition, used by the report (every format), the plan's KPI and the home pages:

- **Final audits only.** An audit is final when its moderation is finalised (the moderator's
  judgement counts) or when its round's policy did not select it for moderation (the
  auditor's judgement counts). An audit selected and still awaiting moderation (waiting,
  being moderated, returned to its auditor) is not counted yet: the figure says how many are
  waiting beside it. Audit measures use the same meaning of final.
- **One RAG rule.** The KPI's own: its target, direction and amber tolerance
  (app.plan.rules.kpi_rag); the plan's 60%, Amber within 5% of it, where there is no KPI.
- **Shown to one decimal place**, and to more where one decimal would put the figure on the
  other side of a RAG boundary: 59.96% reads "59.96%", never "60.0%" beside Amber.
- "As auditors graded" (every submitted audit, the auditor's own judgement) is context only:
  it has no RAG.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.audits.rules import is_good_or_better
from app.moderation.rules import FINALISED
from app.plan import rules as plan_rules

# The plan's figures, for when the KPI is not there (a plan without it).
BASELINE = 43.0
TARGET = 60.0
WHAT = "% of audits judged good or outstanding"


def is_final(moderation_state: str | None) -> bool:
    """Final: never selected for moderation (no moderation), or its moderation finalised."""
    return moderation_state is None or moderation_state == FINALISED


def final_judgement(auditor_judgement: str | None, moderation_state: str | None,
                    moderator_judgement: str | None) -> str | None:
    """The judgement that counts, or None while the audit awaits moderation."""
    if not is_final(moderation_state):
        return None
    if moderation_state == FINALISED and moderator_judgement:
        return moderator_judgement
    return auditor_judgement


@dataclass(frozen=True)
class Rule:
    """How the headline is rated: the KPI's target, direction and tolerance."""

    target: float | None = TARGET
    direction: str | None = plan_rules.INCREASE
    tolerance_pct: float = plan_rules.DEFAULT_AMBER_TOLERANCE_PCT
    baseline: float | None = BASELINE

    def rag(self, percent: float | None) -> str | None:
        return plan_rules.kpi_rag(percent, self.target, self.direction, self.tolerance_pct)


@dataclass(frozen=True)
class Counts:
    """Good or outstanding of the final audits, those awaiting moderation, and the auditors'
    own judgements of every submitted audit (context)."""

    good: int = 0
    final: int = 0
    awaiting: int = 0
    graded_good: int = 0
    graded: int = 0

    @property
    def submitted(self) -> int:
        return self.final + self.awaiting


def count(audits: Iterable[tuple[str | None, str | None, str | None]]) -> Counts:
    """`audits`: (auditor's judgement, moderation state or None, moderator's judgement)."""
    good = final = awaiting = graded_good = graded = 0
    for auditor, state, moderator in audits:
        if auditor:
            graded += 1
            graded_good += is_good_or_better(auditor)
        if not is_final(state):
            awaiting += 1
            continue
        judgement = final_judgement(auditor, state, moderator)
        if judgement:
            final += 1
            good += is_good_or_better(judgement)
    return Counts(good, final, awaiting, graded_good, graded)


def percent_text(percent: float | None, rule: Rule | None = None) -> str:
    """One decimal place; more where one decimal would show the figure on the other side of a
    RAG boundary (59.96 is Amber against 60: "59.96%", not "60.0%")."""
    if percent is None:
        return "No data"
    for places in (1, 2, 3):
        shown = round(percent, places)
        if rule is None or rule.rag(shown) == rule.rag(percent):
            return f"{shown:.{places}f}%"
    return f"{percent:.3f}%"


def shown_value(percent: float | None, rule: Rule | None = None) -> float | None:
    """The number shown, as a number (for spreadsheets): the same places as `percent_text`."""
    if percent is None:
        return None
    return float(percent_text(percent, rule).rstrip("%"))


def awaiting_words(awaiting: int) -> str:
    """What is not counted yet, said beside the figure."""
    if not awaiting:
        return "None awaiting moderation"
    return f"{awaiting:,} awaiting moderation, not counted yet"
