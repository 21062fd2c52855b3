"""What a moderator decides, section by section. Plain values in, plain values out.

A moderator decides each graded question the auditor graded, each section's judgement and
the overall judgement: Agree, or one of the four grades (a changed grade needs a reason).
Nothing is decided until the moderator says so: there is no default, so a moderation
cannot be finalised by pressing one button without reading anything.

Decisions are kept as a draft (a mapping stored on the moderation) while the moderator
works through the sections:

    {"decisions": {target key: {"choice": "agree" | grade, "reason": str | None,
                                "auditor_grade": the grade the choice was made on}},
     "learning_points": str, "finalise_refused": bool}

A choice made on a grade the auditor has since changed (after the audit was returned and
resubmitted) no longer counts: that grade is undecided again.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.audits import branching
from app.audits import rules as audit_rules
from app.moderation.rules import missing_change_reasons

AGREE = "agree"
OVERALL = "overall"
OVERALL_PAGE = "overall"  # the task list's row for the overall judgement

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"
NEEDS_DECISION = "Needs your decision"


@dataclass(frozen=True)
class Target:
    key: str  # question:<key> | section:<key> | overall
    what: str  # as a person reads it
    kind: str  # question | section | overall
    auditor_grade: str | None
    section_key: str | None = None  # None for the overall judgement

    @property
    def anchor(self) -> str:
        """The id of the first radio of this decision on its page (error links go there)."""
        return "grade-" + self.key.replace(":", "-")

    @property
    def reason_anchor(self) -> str:
        """The id of this decision's reason box."""
        return "reason-" + self.key.replace(":", "-")

    @property
    def page(self) -> str:
        """The page this is decided on: a section's key, or "overall"."""
        return self.section_key or OVERALL_PAGE


def targets(tool, answers: Mapping[str, Any], auditor_judgement: str | None) -> list[Target]:
    """What the moderator decides on, in the tool's order: each graded question answered
    with a grade, each section with a computed judgement, then the overall judgement."""
    answers = answers or {}
    result = audit_rules.score(tool, answers)
    asked = branching.shown(tool, answers)  # a grade left on a question not asked is not decided on
    out = []
    for section in tool.sections:
        for q in section.questions:
            value = answers.get(q.key) if q.key in asked else None
            if q.kind == audit_rules.GRADED and value in audit_rules.JUDGEMENTS:
                out.append(Target(f"question:{q.key}", q.text, "question", audit_rules.normalise_judgement(value), section.key))
        s = result.section(section.key)
        if s.judgement:
            out.append(Target(f"section:{section.key}", f"Section '{section.title}'", "section", s.judgement, section.key))
    out.append(Target(OVERALL, "Overall judgement", "overall", auditor_judgement))
    return out


def answer_text(question, value: Any) -> str:
    """An answer as a person reads it, with dates as they are written ("12 October 2026")."""
    if question.kind == audit_rules.DATE and value not in (None, "", audit_rules.NOT_APPLICABLE):
        try:
            return f"{audit_rules.normalise_answer(question, value):%-d %B %Y}"
        except (ValueError, TypeError):
            pass
    return audit_rules.answer_label(question, value)


def on_page(all_targets: Iterable[Target], page: str) -> list[Target]:
    return [t for t in all_targets if t.page == page]


# --- Reading the draft ------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    choice: str  # "agree" or a grade key
    reason: str | None

    def grade(self, target: Target) -> str | None:
        """The moderator's grade: the auditor's when they agree."""
        return target.auditor_grade if self.choice == AGREE else self.choice

    def agreed(self, target: Target) -> bool:
        return self.choice == AGREE or self.choice == target.auditor_grade


def choice_for(draft: Mapping | None, target: Target) -> Choice | None:
    """The moderator's choice for `target`, or None while it is undecided (or was made on a
    grade the auditor has changed since)."""
    entry = ((draft or {}).get("decisions") or {}).get(target.key)
    if not entry or entry.get("auditor_grade") != target.auditor_grade:
        return None
    choice = entry.get("choice")
    if choice != AGREE and choice not in audit_rules.JUDGEMENTS:
        return None
    return Choice(choice, entry.get("reason") or None)


def undecided(draft: Mapping | None, all_targets: Iterable[Target]) -> list[Target]:
    return [t for t in all_targets if choice_for(draft, t) is None]


def page_status(draft: Mapping | None, page_targets: list[Target]) -> str:
    """A task list row's status: Completed once every grade on the page is decided; "Needs
    your decision" once finalising was refused and a grade here is still undecided; else Not
    started (nothing decided) or In progress."""
    left = len(undecided(draft, page_targets))
    if left == 0:
        return COMPLETED
    if (draft or {}).get("finalise_refused"):
        return NEEDS_DECISION
    return NOT_STARTED if left == len(page_targets) else IN_PROGRESS


# --- Changing the draft -----------------------------------------------------------------------


class Problems(ValueError):
    """What the moderator entered cannot be saved; `errors` maps a field's id to its message."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


def with_choices(draft: Mapping | None, page_targets: list[Target], choices: Mapping[str, str | None],
                 reasons: Mapping[str, str | None], agree_undecided: bool = False) -> dict:
    """A new draft with the choices made on one page. A blank choice leaves a grade
    undecided (or as it was); `agree_undecided` agrees every grade still undecided after
    that. Raises Problems (nothing changed) for a choice that is not Agree or a grade, and
    for a changed grade without a reason: keys are each target's anchor or reason_anchor."""
    new = {**(draft or {}), "decisions": dict((draft or {}).get("decisions") or {})}
    errors: dict[str, str] = {}
    for t in page_targets:
        choice = (choices.get(t.key) or "").strip()
        reason = (reasons.get(t.key) or "").strip() or None
        if not choice:
            kept = choice_for(draft, t)
            if kept is None:
                if agree_undecided:
                    new["decisions"][t.key] = {"choice": AGREE, "reason": None, "auditor_grade": t.auditor_grade}
                else:
                    new["decisions"].pop(t.key, None)
            continue
        if choice != AGREE and choice not in audit_rules.JUDGEMENTS:
            errors[t.anchor] = f"{t.what}: choose Agree or one of the four grades"
            continue
        grade = None if choice == AGREE else choice
        for problem in missing_change_reasons([(t.what, t.auditor_grade, grade, reason)]):
            errors[t.reason_anchor] = problem
        agreed = grade is None or grade == t.auditor_grade
        new["decisions"][t.key] = {"choice": AGREE if agreed else choice, "reason": None if agreed else reason,
                                   "auditor_grade": t.auditor_grade}
    if errors:
        raise Problems(errors)
    return new


# --- Finishing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One decision as finalised (or returned): what ModerationDecision stores."""

    target: Target
    moderator_grade: str | None
    agreed: bool
    reason: str | None


def decided_rows(draft: Mapping | None, all_targets: Iterable[Target]) -> list[Row]:
    """The decisions made so far, in the tool's order (undecided grades left out)."""
    rows = []
    for t in all_targets:
        c = choice_for(draft, t)
        if c is not None:
            agreed = c.agreed(t)
            rows.append(Row(t, c.grade(t), agreed, None if agreed else c.reason))
    return rows


def finalise_problems(draft: Mapping | None, all_targets: list[Target]) -> list[Target]:
    """The grades still undecided: finalising is refused until there are none."""
    return undecided(draft, all_targets)


def changes(rows: Iterable[Row]) -> list[dict]:
    """The changed grades, as the history records them."""
    return [{"what": r.target.what, "from": audit_rules.judgement_label(r.target.auditor_grade),
             "to": audit_rules.judgement_label(r.moderator_grade), "reason": r.reason}
            for r in rows if not r.agreed]
