"""The annual Section 11 report for a cycle: compliance by standard and agency, themes, late
returns and returns not yet agreed. Built from the database, worked out by app.section11.rules;
rendered as HTML, PDF (WeasyPrint) and Excel."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from flask import render_template

from app.section11 import rules, states
from app.section11.models import Section11Cycle, Section11Return


@dataclass
class AnnualReport:
    cycle: Section11Cycle
    today: date
    returns: list[Section11Return]  # every agency's, by name
    submitted: list[Section11Return]  # submitted or further on: the ones rated
    counts: list[rules.StandardCount]
    themes: dict
    common_actions: list[tuple[str, int]]
    late: list[tuple[Section11Return, int]]  # (return, days late), latest first
    not_agreed: list[Section11Return]  # submitted but the review not closed
    measures: dict[str, rules.MeasureFigure]  # plan measure key -> % of agencies fully meeting

    def title(self, key: str) -> str:
        framework = self.cycle.standards
        return f"{framework.number(key)}. {framework.standard(key).title}"


def build(cycle: Section11Cycle, today: date) -> AnnualReport:
    returns = sorted(cycle.returns, key=lambda r: r.agency.name)
    submitted = [r for r in returns if r.status not in states.NOT_SUBMITTED]
    standards = [(s.key, s.title) for s in cycle.standards.standards]
    counts = rules.compliance_counts(standards, [r.answers_by_key() for r in submitted])
    action_keys = [key for r in submitted for key in {a.standard_key for a in r.actions}]
    late = [(r, days) for r in returns if (days := rules.days_late(r.status, cycle.due_date, today)) is not None]
    return AnnualReport(
        cycle=cycle, today=today, returns=returns, submitted=submitted, counts=counts,
        themes=rules.themes(counts), common_actions=rules.common_actions(action_keys),
        late=sorted(late, key=lambda pair: -pair[1]),
        not_agreed=[r for r in submitted if r.status not in states.CLOSED],
        measures=rules.measure_figures({s.key: s.measures for s in cycle.standards.standards}, counts),
    )


PDF_STYLE = """
@page { size: A4 landscape; margin: 18mm 14mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #505a5f;
                  font-family: Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; } }
body { font-family: Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #0b0c0c; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; border-bottom: 1.5pt solid #0b0c0c; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin-bottom: 8pt; }
th, td { text-align: left; vertical-align: top; padding: 3pt 5pt 3pt 0; border-bottom: 0.75pt solid #b1b4b6; }
thead th { border-bottom: 1.5pt solid #0b0c0c; }
tr { page-break-inside: avoid; }
caption { text-align: left; font-weight: bold; font-size: 12pt; margin: 12pt 0 4pt; }
.govuk-visually-hidden { display: none; }
"""


def render_pdf(report: AnnualReport) -> bytes:
    from app.core.pdf import write_pdf

    html = render_template("section11/pdf/report.html", report=report, rules=rules, style=PDF_STYLE)
    return write_pdf(html, pdf_variant="pdf/ua-1")


def render_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.core.spreadsheet import neutralise_excel_row

    book = Workbook()
    sheet = book.active
    sheet.title = "Compliance"
    agencies = [r.agency.name for r in report.submitted]
    sheet.append(["Standard", *agencies, *rules.RATINGS.values(), "Challenged"])
    for row in report.counts:
        ratings = [rules.RATINGS.get(r.answers_by_key().get(row.key).final_rating, "")
                   if r.answers_by_key().get(row.key) else "" for r in report.submitted]
        sheet.append([report.title(row.key), *ratings, *(row.counts[k] for k in rules.RATINGS), row.challenged])
    late = book.create_sheet("Late returns")
    late.append(["Agency", "Status", "Days late"])
    for ret, days in report.late:
        late.append([ret.agency.name, ret.status_label, days])
    waiting = book.create_sheet("Not yet agreed")
    waiting.append(["Agency", "Status"])
    for ret in report.not_agreed:
        waiting.append([ret.agency.name, ret.status_label])
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for cells in ws.iter_rows():
            neutralise_excel_row(cells)  # agency names are typed by people
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
