"""The rules of a multi-agency audit, as plain functions (no request, no database).

Who sees what:
- The QA group of the audit (administrators, QA viewers and its lead auditor) sees every
  agency's part of every case, and completes nothing but the joint section (the lead).
- An agency's auditor sees and completes only the part assigned to them: the case's
  reference and their own agency's questions, never another agency's answers, evidence or
  grades.
- The composite report is read by the QA group with every figure, and by the staff of the
  agencies taking part (and the partnership panel) with the figures for all agencies but no
  case references, and counts of 1 to 4 cases not shown (app/core/privacy.py).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from app.audits import grades
from app.audits import rules as audit_rules
from app.audits.tools import JOINT, AuditTool, Section
from app.auth.roles import ADMIN, AGENCY_LEAD, AUDITOR, PARTNER_AUDITOR, PARTNERSHIP_PANEL, QA_VIEWER
from app.core.privacy import DEFAULT_SUPPRESSION_THRESHOLD, is_small, suppress_small

LOCAL_AUTHORITY = "local_authority"
QA_ROLES = (ADMIN, QA_VIEWER)
PARTNER_READERS = (PARTNER_AUDITOR, AGENCY_LEAD)


# --- The tool's sections ------------------------------------------------------------------


def agency_sections(tool: AuditTool) -> list[Section]:
    """The sections agencies complete, in the tool's order (not the joint one)."""
    return [s for s in tool.sections if s.agency and s.agency != JOINT]


def joint_section(tool: AuditTool) -> Section:
    return next(s for s in tool.sections if s.agency == JOINT)


def sections_in_round(tool: AuditTool, agency_kinds: Iterable[str]) -> list[Section]:
    """The agency sections a round asks for: children's social care always (the council
    commissions with the partnership), the others where an agency of that kind takes part."""
    kinds = set(agency_kinds) | {LOCAL_AUTHORITY}
    return [s for s in agency_sections(tool) if s.agency in kinds]


def section_tool(tool: AuditTool, section: Section) -> AuditTool:
    """The tool as if it had only `section`: an agency's part is checked and scored on it,
    by the same rules as any audit."""
    return replace(tool, sections=(section,), measures=())


# --- Who sees and does what ------------------------------------------------------------------


def in_qa_group(user, lead_auditor_id: int | None) -> bool:
    """Administrators, QA viewers and the audit's lead auditor: they see every part."""
    return user.has_role(*QA_ROLES) or (lead_auditor_id is not None and user.id == lead_auditor_id)


def may_see_part(user, part_auditor_id: int | None, lead_auditor_id: int | None) -> bool:
    """The part's own auditor, or the QA group; no other agency's auditor."""
    return in_qa_group(user, lead_auditor_id) or (part_auditor_id is not None and user.id == part_auditor_id)


def may_complete_part(user, part_auditor_id: int | None) -> bool:
    return part_auditor_id is not None and user.id == part_auditor_id


def may_read_report(user, lead_auditor_id: int | None, agency_ids: Iterable[int]) -> bool:
    """The QA group; the staff of an agency taking part; the partnership panel."""
    if in_qa_group(user, lead_auditor_id) or user.has_role(PARTNERSHIP_PANEL):
        return True
    return user.has_role(*PARTNER_READERS) and user.agency_id is not None and user.agency_id in set(agency_ids)


def may_do_section(user, section_kind: str, agency_kind: str | None, agency_id: int | None,
                   round_agency_ids: Iterable[int]) -> bool:
    """Who may be given an agency's section: the council's auditors (no agency) for children's
    social care; for the others a partner auditor of an agency of that kind taking part.
    `agency_kind`/`agency_id` are the person's agency's."""
    if section_kind == LOCAL_AUTHORITY:
        return user.has_role(AUDITOR) and agency_id is None
    return (user.has_role(PARTNER_AUDITOR) and agency_id is not None and agency_id in set(round_agency_ids)
            and agency_kind == section_kind)


def joint_ready(part_states: Iterable[str], submitted: str = "submitted") -> bool:
    """The joint judgement waits until every agency's part is submitted."""
    states = list(part_states)
    return bool(states) and all(s == submitted for s in states)


def merged_answers(joint: Mapping, parts: Iterable[Mapping]) -> dict:
    """The whole case audit's answers: every part's and the joint section's (keys are unique
    across a tool), for the overall judgement."""
    merged: dict = {}
    for answers in parts:
        merged.update(answers or {})
    merged.update(joint or {})
    return merged


def part_score(tool: AuditTool, section: Section, answers: Mapping) -> audit_rules.ScoreResult:
    return audit_rules.score(section_tool(tool, section), answers)


def part_problems(tool: AuditTool, section: Section, answers: Mapping, evidence: Mapping) -> list[str]:
    return audit_rules.validate(section_tool(tool, section), answers, evidence)


# --- The composite report's figures ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    count: int | None  # None: not shown (a small number, or the one that would give it away)

    @property
    def text(self) -> str:
        return "–" if self.count is None else str(self.count)


@dataclass(frozen=True)
class JudgementRow:
    label: str  # the agency's section, or "Overall (joint)"
    cells: tuple[Cell, ...]  # by grades.JUDGEMENTS, then "No judgement"
    total: int
    hidden: bool  # some counts not shown
    total_cell: Cell = Cell(None)  # the total as shown: not shown either when it is small


JUDGEMENT_COLUMNS = (*grades.JUDGEMENTS, None)


def column_labels() -> list[str]:
    return [grades.JUDGEMENTS[j] if j else "No judgement" for j in JUDGEMENT_COLUMNS]


def judgement_row(label: str, judgements: Iterable[str | None], protect: bool,
                  threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> JudgementRow:
    """Counts of cases by judgement. With `protect` (figures shared beyond the QA group),
    counts of 1-4 are not shown, and one more where a single hidden count could be worked out
    from the total."""
    counts = Counter(judgements)
    values = [counts.get(j, 0) for j in JUDGEMENT_COLUMNS]
    hidden = suppress_small(values, threshold) if protect else set()
    cells = tuple(Cell(None if i in hidden else n) for i, n in enumerate(values))
    total = sum(values)
    shown_total = Cell(None if protect and is_small(total, threshold) else total)
    return JudgementRow(label, cells, total, bool(hidden) or shown_total.count is None, shown_total)
