"""The report's section on audit rounds that ended in the period: the same findings and
recommendations, with their measures, in the HTML, the PDF and the Excel workbook."""
import io
from datetime import date, datetime

import pytest
from conftest import page
from openpyxl import load_workbook
from sqlalchemy import select

from app.audits import round_summary
from app.audits.models import AuditRound
from app.core.db import db
from app.org.models import District
from app.plan.models import ImpactMeasure
from app.reports.services import build_report
from reports.conftest import NOW, PERIOD, sheet, sheet_rows
from reports.test_report import fixed_now, html_rows, pdf_text, reader  # noqa: F401  (fixtures)

DRAFT = "/reports/draft?period=H1+2026-27"
FINDING = "Half the CP plans had no contingency for when the plan breaks down."
RECOMMENDATION = "Team managers check contingency plans in every supervision."
EXPECTED = [
    ["H1 dip sample", "30 September 2026", "Finding", FINDING, "Audit 2.1; Audit 2.2"],
    ["H1 dip sample", "30 September 2026", "Recommendation", RECOMMENDATION, "Audit 2.1"],
]


@pytest.fixture
def summarised(dataset):
    round_ = db.session.scalar(select(AuditRound).where(AuditRound.name == "H1 dip sample"))
    round_.due_date = date(2026, 9, 30)  # the last day of H1 2026-27
    db.session.commit()
    m1 = db.session.scalar(select(ImpactMeasure).where(ImpactMeasure.seed_key == "r2-am1"))
    m3 = db.session.scalar(select(ImpactMeasure).where(ImpactMeasure.seed_key == "r2-am3"))
    round_summary.add_point(round_, "recommendation", RECOMMENDATION, [m1.id], dataset["admin"])
    round_summary.add_point(round_, "finding", FINDING, [m3.id, m1.id], dataset["admin"])
    return round_


def test_the_html_report_has_the_rounds_findings_and_recommendations(reader, summarised):
    soup = page(reader.get(DRAFT))
    assert "What audit rounds showed" in [a.get_text(strip=True) for a in soup.select(".app-contents a")]
    assert html_rows(soup, "round-summaries") == EXPECTED


def test_the_pdf_says_the_same(reader, summarised):
    _, text = pdf_text(reader.get("/reports/draft.pdf?period=H1+2026-27").data)
    flat = " ".join(text.split())
    assert "What audit rounds showed" in flat
    for row in EXPECTED:
        for cell in row:
            assert cell in flat, cell


def test_the_excel_workbook_says_the_same(reader, summarised):
    wb = load_workbook(io.BytesIO(reader.get("/reports/draft.xlsx?period=H1+2026-27").data))
    rows = sheet_rows(wb, "round-summaries")
    assert rows[0][0] == "Audit rounds ended this period: findings and recommendations"
    assert rows[1] == ["Round", "Ended", "Finding or recommendation", "What", "Measures it bears on"]
    ended = datetime(2026, 9, 30)  # a date in the workbook, shown as 30 September 2026
    assert rows[2:] == [[row[0], ended, *row[2:]] for row in EXPECTED]
    assert sheet(wb, "round-summaries")["B3"].number_format == "d mmmm yyyy"


def test_a_round_ending_in_another_period_is_left_out(dataset, summarised):
    summarised.due_date = date(2026, 10, 1)
    db.session.commit()
    report = build_report(PERIOD, now=NOW)
    assert report.table("round-summaries").rows == []
    section = next(s for s in report.sections if s.id == "round-summaries")
    assert "No audit round ended in this period." in section.paragraphs


def test_an_unwritten_summary_is_said_to_be_missing(dataset):
    round_ = db.session.scalar(select(AuditRound).where(AuditRound.name == "H1 dip sample"))
    round_.due_date = date(2026, 6, 30)
    db.session.commit()
    report = build_report(PERIOD, now=NOW)
    [row] = report.table("round-summaries").rows
    assert [c.text for c in row][2:4] == ["None yet", "The summary has not been written yet"]


def test_an_areas_report_has_only_rounds_that_audited_cases_there(dataset, summarised):
    carlisle = dataset["district"]
    eden = db.session.scalar(select(District).where(District.name == "Eden"))
    assert len(build_report(PERIOD, district_id=carlisle.id, now=NOW).table("round-summaries").rows) == 2
    assert build_report(PERIOD, district_id=eden.id, now=NOW).table("round-summaries").rows == []
