"""The composite report of a multi-agency audit: judgements by agency and overall (and by
theme across the partnership's multi-agency audits), the lead's findings, and the action plan
with its progress. One set of figures for the page, the PDF and the workbook.

Two readings (app/partnership/rules.py): the QA group's, with every count and each action on
its case; and the one shared with the agencies and the partnership panel, with counts of 1-4
cases not shown and no case references (actions are counted by agency, not listed).
"""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.audits import states
from app.audits.models import Audit, CorrectiveAction
from app.core.clock import uk_today
from app.core.db import db
from app.core.privacy import suppression_threshold
from app.core.spreadsheet import neutralise_excel_row
from app.partnership import rules
from app.partnership.models import THEMES, AuditPart, MultiAgencyRound


@dataclass(frozen=True)
class ActionLine:
    agency: str
    case_reference: str
    description: str
    owner: str
    due: date
    status: str
    overdue: bool


@dataclass(frozen=True)
class AgencyActions:
    agency: str
    open: int
    overdue: int
    done: int  # completed by the owner (awaiting or confirmed)


@dataclass(frozen=True)
class Composite:
    mround: MultiAgencyRound
    protected: bool  # the shared reading: small counts and case references left out
    threshold: int
    columns: list[str]
    by_agency: list[rules.JudgementRow]
    by_theme: list[rules.JudgementRow]
    actions: list[ActionLine]  # the QA group's reading only
    action_counts: list[AgencyActions]
    cases: int
    joint_done: int

    @property
    def title(self) -> str:
        return f"Multi-agency audit: {self.mround.round.name}"


def _agency_label(part_agencies: set[str], section_title: str) -> str:
    return f"{section_title} ({', '.join(sorted(part_agencies))})" if part_agencies else section_title


def _status(action: CorrectiveAction) -> str:
    if action.confirmed:
        return "Done"
    if action.awaiting_confirmation:
        return "Completed, awaiting confirmation"
    return "Open"


def build(mround: MultiAgencyRound, protected: bool, today: date | None = None) -> Composite:
    today = today or uk_today()
    threshold = suppression_threshold()
    round_ = mround.round
    tool = round_.tool_version.definition
    audits = list(db.session.scalars(select(Audit).where(Audit.round_id == round_.id)))
    parts = list(db.session.scalars(select(AuditPart).join(Audit).where(Audit.round_id == round_.id)))
    by_agency = []
    for section in rules.agency_sections(tool):
        mine = [p for p in parts if p.section_key == section.key]
        if not mine:
            continue
        names = {p.agency.name for p in mine if p.agency}
        judgements = [p.computed_judgement for p in mine if p.submitted]
        by_agency.append(rules.judgement_row(_agency_label(names, section.title), judgements, protected, threshold))
    joint = [a.auditor_judgement for a in audits if a.state == states.SUBMITTED]
    by_agency.append(rules.judgement_row("Overall joint judgement", joint, protected, threshold))

    # Each theme's overall judgements across every multi-agency audit on it.
    by_theme_judgements: dict[str, list] = defaultdict(list)
    others = db.session.scalars(select(MultiAgencyRound)).all()
    for other in others:
        rows = db.session.scalars(select(Audit).where(Audit.round_id == other.round_id,
                                                      Audit.state == states.SUBMITTED)).all()
        by_theme_judgements[other.theme] += [a.auditor_judgement for a in rows]
    by_theme = [rules.judgement_row(THEMES.get(t, t), js, protected, threshold)
                for t, js in sorted(by_theme_judgements.items(), key=lambda kv: THEMES.get(kv[0], kv[0]))]

    actions = list(db.session.scalars(
        select(CorrectiveAction).join(Audit).where(Audit.round_id == round_.id).order_by(CorrectiveAction.due_date)))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    lines = []
    for action in actions:
        agency = action.agency.name if action.agency else "Children's social care (the council)"
        row = counts[agency]
        overdue = action.is_overdue(today)
        if action.open:
            row[0] += 1
            row[1] += overdue
        else:
            row[2] += 1
        lines.append(ActionLine(agency, action.case.reference, action.description, action.owner.name, action.due_date,
                                _status(action), overdue))
    action_counts = [AgencyActions(name, *row) for name, row in sorted(counts.items())]
    return Composite(
        mround=mround, protected=protected, threshold=threshold, columns=rules.column_labels(),
        by_agency=by_agency, by_theme=by_theme, actions=[] if protected else lines, action_counts=action_counts,
        cases=len(audits), joint_done=len(joint),
    )


# --- The workbook ----------------------------------------------------------------------------


def workbook(report: Composite) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Judgements"
    m = report.mround
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Theme", m.theme_label])
    ws.append(["Commissioned through", m.commissioned_through])
    ws.append(["Cases", report.cases])
    ws.append(["Joint judgements made", report.joint_done])
    if report.protected:
        ws.append(["Small numbers", f"Counts of fewer than {report.threshold} cases are not shown ('–')"])
    ws.append([])
    ws.append(["Judgements by agency"])
    ws.append(["Agency", *report.columns, "Cases"])
    for row in report.by_agency:
        ws.append([row.label, *[c.count if c.count is not None else "–" for c in [*row.cells, row.total_cell]]])
    ws.append([])
    ws.append(["Overall judgements by theme, every multi-agency audit"])
    ws.append(["Theme", *report.columns, "Cases"])
    for row in report.by_theme:
        ws.append([row.label, *[c.count if c.count is not None else "–" for c in [*row.cells, row.total_cell]]])
    ws.column_dimensions["A"].width = 50

    findings = wb.create_sheet("Findings")
    for label, text in (("Summary", m.summary), ("Strengths", m.strengths), ("Areas to develop", m.areas_to_develop)):
        findings.append([label, text or ""])
    findings.column_dimensions["A"].width = 20
    findings.column_dimensions["B"].width = 100

    plan = wb.create_sheet("Action plan")
    plan.append(["Agency", "Open", "Overdue", "Completed"])
    for a in report.action_counts:
        plan.append([a.agency, a.open, a.overdue, a.done])
    if report.actions:
        plan.append([])
        plan.append(["Agency", "Case", "Action", "Owner", "Due", "Status", "Overdue"])
        for line in report.actions:
            plan.append([line.agency, line.case_reference, line.description, line.owner, line.due, line.status,
                         "Overdue" if line.overdue else ""])
    plan.column_dimensions["A"].width = 40
    plan.column_dimensions["C"].width = 60
    for sheet in (ws, findings, plan):
        for cells in sheet.iter_rows():
            neutralise_excel_row(cells)  # names and findings someone typed
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

