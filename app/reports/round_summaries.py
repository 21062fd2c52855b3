"""The report's section on audit rounds that ended in the period: the QA lead's findings
and recommendations for each, with the plan's measures they bear on. One table, so the
HTML, the PDF and the Excel workbook (and its CSV) say the same."""
from __future__ import annotations

from sqlalchemy import select

from app.audits import round_summary
from app.audits.models import Audit, Case
from app.core.db import db
from app.core.periods import Period
from app.org.models import District, Team
from app.reports import rules
from app.reports.rules import Cell, Table

SECTION_ID = "round-summaries"
COLUMNS = ["Round", "Ended", "Finding or recommendation", "What", "Measures it bears on"]


def _rounds_in_area(round_ids: list[int], district_id: int | None, locality_id: int | None) -> set[int]:
    """The rounds, of `round_ids`, with an audit of a case in the district or locality."""
    if not district_id and not locality_id:
        return set(round_ids)
    query = (select(Audit.round_id).join(Case, Audit.case_id == Case.id).join(Team, Case.team_id == Team.id)
             .where(Audit.round_id.in_(round_ids)))
    if district_id:
        query = query.where(Team.district_id == district_id)
    else:
        query = query.where(Team.district_id.in_(select(District.id).where(District.locality_id == locality_id)))
    return set(db.session.scalars(query.distinct()))


def build(report, period: Period, district_id: int | None = None, locality_id: int | None = None
          ) -> tuple[list[str], list[str]]:
    """Adds the table to `report.tables`; returns the section's paragraphs and table ids.
    Rounds count in a district's or locality's report when they audited a case there."""
    ended = round_summary.ending_between(period.start, period.end)
    in_area = _rounds_in_area([r.id for r, _ in ended], district_id, locality_id) if ended else set()
    ended = [(r, points) for r, points in ended if r.id in in_area]
    labels = round_summary.labels_for([p for _, points in ended for ps in points.values() for p in ps], with_text=False)
    t = Table(SECTION_ID, "Audit rounds ended this period: findings and recommendations", COLUMNS)
    unwritten = []
    for round_, points in ended:
        ended_on = Cell(round_.due_date.isoformat(), f"{round_.due_date:%-d %B %Y}")
        written = [(kind, p) for kind in round_summary.KINDS for p in points[kind]]
        if not written:
            unwritten.append(round_.name)
            t.rows.append([rules.text(round_.name), ended_on, rules.text("None yet"),
                           rules.text("The summary has not been written yet"), rules.text("None")])
        for kind, p in written:
            t.rows.append([rules.text(round_.name), ended_on, rules.text(round_summary.KINDS[kind]), rules.text(p.text),
                           rules.text("; ".join(labels[p.id]) or "None")])
    report.tables.append(t)
    paragraphs = [("Audit rounds whose audits were due in the period, with what the QA lead found and recommended "
                   "once each ended. Measures are named as in each recommendation's section (Audit 2.1 is the "
                   "first audit measure of recommendation 2).")]
    if not ended:
        paragraphs.append("No audit round ended in this period.")
    elif unwritten:
        paragraphs.append(f"Not yet summarised: {', '.join(unwritten)}.")
    return paragraphs, [t.id]
