"""How far an auditor has got with each part of an audit: the statuses of the task list
(GOV.UK task list pattern) at the top of the audit. Plain values in, plain values out.

A section is
- Needs checking: an answer in it was kept as typed because the question cannot take it
  ("about ten" for a number), so it must be corrected before the audit can be submitted;
- Completed: every required question answered, with evidence where it is needed;
- In progress: something in it answered or written, but not all that is needed;
- Not started: nothing in it answered or written yet;
- Not needed: not asked at all, because of an earlier answer (branching: the section's
  `show_when`). Questions not asked are left out of a section's status and counts.
"""
from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.audits import branching, rules

if TYPE_CHECKING:
    from app.audits.tools import AuditTool, Section

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
NEEDS_CHECKING = "needs_checking"
NOT_NEEDED = "not_needed"
STATUSES = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
    NEEDS_CHECKING: "Needs checking",
    NOT_NEEDED: "Not needed",
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
                   invalid: Container[str] = (), asked: Container[str] | None = None) -> str:
    """One section's status (see the module notes). `invalid` holds the keys of answers
    kept as typed that the rules refuse; `asked` the keys of the questions asked (all
    when None)."""
    questions = [q for q in section.questions if asked is None or q.key in asked]
    if not questions:
        return NOT_NEEDED
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
    asked = branching.shown(tool, answers)
    result = []
    for s in tool.sections:
        questions = [q for q in s.questions if q.key in asked]
        result.append(SectionProgress(s.key, s.title, section_status(s, answers, evidence, invalid, asked),
                                      sum(1 for q in questions if _given(answers.get(q.key))), len(questions)))
    return result


def next_section(tool: AuditTool, key: str, answers: Mapping[str, Any] | None = None) -> str | None:
    """The key of the next section asked after `key` (sections not asked, given the
    answers, are skipped), or None after the last."""
    keys = [s.key for s in tool.sections]
    for section in tool.sections[keys.index(key) + 1:]:
        if branching.section_asked(tool, section, answers):
            return section.key
    return None
