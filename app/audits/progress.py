"""How far an auditor has got with each part of an audit: the statuses of the task list
(GOV.UK task list pattern) at the top of the audit. Plain values in, plain values out.

A section is
- Needs checking: an answer in it was kept as typed because the question cannot take it
  ("about ten" for a number), so it must be corrected before the audit can be submitted;
- Completed: every required question answered, with evidence where it is needed;
- In progress: something in it answered or written, but not all that is needed;
- Not started: nothing in it answered or written yet.
"""
from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.audits import rules

if TYPE_CHECKING:
    from app.audits.tools import AuditTool, Section

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
NEEDS_CHECKING = "needs_checking"
STATUSES = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
    NEEDS_CHECKING: "Needs checking",
}


def _given(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return any(_given(v) for v in (value.values() if isinstance(value, dict) else value))
    return True


@dataclass(frozen=True)
class SectionProgress:
    key: str
    title: str
    status: str
    answered: int
    questions: int

    @property
    def label(self) -> str:
        return STATUSES[self.status]


def section_status(section: Section, answers: Mapping[str, Any], evidence: Mapping[str, str],
                   invalid: Container[str] = ()) -> str:
    """One section's status (see the module notes). `invalid` holds the keys of answers
    kept as typed that the rules refuse."""
    questions = section.questions
    if any(q.key in invalid for q in questions):
        return NEEDS_CHECKING
    if not any(_given(answers.get(q.key)) or _given(evidence.get(q.key)) for q in questions):
        return NOT_STARTED
    for q in questions:
        answer = answers.get(q.key)
        if q.required and not _given(answer):
            return IN_PROGRESS
        needs_evidence = q.evidence == rules.EVIDENCE_REQUIRED and _given(answer) and answer != rules.NOT_APPLICABLE
        if needs_evidence and not _given(evidence.get(q.key)):
            return IN_PROGRESS
    return COMPLETED


def sections_progress(tool: AuditTool, answers: Mapping[str, Any] | None, evidence: Mapping[str, str] | None,
                      invalid: Container[str] = ()) -> list[SectionProgress]:
    """Every section's status and how many of its questions are answered, in the tool's order."""
    answers, evidence = answers or {}, evidence or {}
    return [
        SectionProgress(s.key, s.title, section_status(s, answers, evidence, invalid),
                        sum(1 for q in s.questions if _given(answers.get(q.key))), len(s.questions))
        for s in tool.sections
    ]


def next_section(tool: AuditTool, key: str) -> str | None:
    """The key of the section after `key`, or None after the last."""
    keys = [s.key for s in tool.sections]
    index = keys.index(key)
    return keys[index + 1] if index + 1 < len(keys) else None
