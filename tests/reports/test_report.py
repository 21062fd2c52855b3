"""The report of the hand-built dataset (see conftest): exact figures, intervals, RAG and
suppressed cells in the HTML, the PDF's text and the Excel workbook; publishing freezes it."""
import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta

import pypdf
import pytest
from conftest import page
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audits.models import Audit, Case
from app.core.db import db
from app.plan.models import KpiValue, PlanAction, Recommendation
from app.reports.models import PublishedReport, PublishedReportIsFrozen
from app.reports.services import ReportData, build_report
from reports.conftest import NOW, PERIOD, sheet, sheet_rows

DRAFT = "/reports/draft?period=H1+2026-27"
GRADED = "As auditors graded, every audit submitted (context only)"
S = "Suppressed (fewer than 5)"

EXPECTED = {
    "exceptions": [
        # final audits only (A3 awaits moderation): contingency 3 of 5, 60% against 70% (Amber from 66.5): Red
        ["2", "Audit 2.1: Plans contain contingency planning", "Red", "60%", "100%"],
        # 2 of 5 (11.8% to 76.9%) after 5 of 5 (56.6% to 100%): lower, but the intervals overlap: not worse
        ["2", "Audit 2.2: Meaningful direct work informs planning", "Red", "40%", "100%"],
        # a KPI is one entered figure: any move the wrong way is worse, and the table says so
        ["2", "KPI T2.1: Plans reviewed on time", "Red; Worse than last period: the figure moved the wrong way", "55%",
         "58%"],
        # A3, submitted Monday 1 June, undecided on 15 October; A1 and A2 took 3 and 1 working days
        ["Audit results", "Moderation: 0 of 2 audits moderated after their target of 10 working days (median 2 days); "
         "1 waiting past target now", "Moderation later than its target", "0 late of 2 moderated; 1 waiting past target",
         "Not compared"],
    ],
    # no target set: listed for the QA group
    "measures-no-target": [["1", "Feedback 1.1", "Families understand the early help process"],
                           ["2", "Feedback 2.1", "Children and families understand their plan"]],
    # action 1.1 due 31 July 2026, in progress on 1 October 2026; recommendation 1 has one action
    "overdue-actions": [["1", "1", "1", "Due 31 July 2026"]],
    "rec-1-overdue": [["1.1", "Launch the early help hub", "Head of early help", "31 July 2026", "In progress"]],
    "rec-1": [
        # 4 parents: suppressed
        ["Feedback 1.1 (Parents and carers): Families understand the early help process", "Feedback measure",
         S, S, S, "No data", "None", "None set", "No target"],
    ],
    "rec-2": [
        # final audits only (A3 awaits moderation): 3 of 5 met; Wilson (0.231, 0.882)
        ["Audit 2.1: Plans contain contingency planning", "Audit measure", "60%", "23% to 88%", "5", "100%",
         "None", "70%", "Red"],
        # the moderator lowered A1's direct work to Requires improvement: 2 of 5; Wilson (0.118, 0.769)
        ["Audit 2.2: Meaningful direct work informs planning", "Audit measure", "40%", "12% to 77%", "5", "100%",
         "None", "60%", "Red"],
        # each audience apart: 3 children suppressed; parents: only 3 answered "the plan is about what
        # my family needs" on the scale (3 don't know), a small group, so the measure is the other
        # statement's: 5 of 6, one answer each, Wilson (0.436, 0.970).
        ["Feedback 2.1 (Children (about 8 to 12)): Children and families understand their plan",
         "Feedback measure", S, S, S, "No data", "None", "None set", "No target"],
        ["Feedback 2.1 (Parents and carers): Children and families understand their plan",
         "Feedback measure", "83%", "44% to 97%", "6", "100%", "None", "None set", "No target"],
        ["KPI T2.1: Plans reviewed on time", "KPI", "55%", "Not applicable", "Value entered", "58%", "50%", "60%", "Red"],
    ],
    "rec-2-trend": [
        ["Audit 2.1", "No data", "No data", "100%", "60%"],
        ["Audit 2.2", "No data", "No data", "100%", "40%"],
        ["Feedback 2.1 children (about 8 to 12)", "No data", "No data", "No data", S],
        ["Feedback 2.1 parents and carers", "80%", "No data", "100%", "83%"],
    ],
    "audit-headline": [
        # 5 final audits (A3 awaits moderation), 3 good or better (A1 moderated down): 60.0%, Wilson (0.231, 0.882),
        # Green at the target; the auditors' 5 of 6 (Wilson 0.436, 0.970) is context, not rated
        ["Final audits (moderated, or not selected for moderation)", "60.0%", "23% to 88%", "5", "1", "100.0%", "43%",
         "60%", "Green"],
        ["As auditors graded, every audit submitted (context only)", "83.3%", "44% to 97%", "6", "Included", "100.0%",
         "43%", "60%", "Not rated: context only"],
    ],
    "audit-judgements": [
        ["As auditors graded, every audit submitted (context only)", "6", "1", "4", "1", "0", "83.3%", "44% to 97%"],
        ["Final audits (moderated, or not selected for moderation)", "5", "1", "2", "2", "0", "60.0%", "23% to 88%"],
    ],
    "audit-by-service": [["Child protection", "5", "1", "2", "2", "0", "60.0%", "23% to 88%", "83.3%"]],
    "moderation": [
        ["Audits submitted", "6"],
        ["Audits selected for moderation", "3 (50%)"],
        ["Moderations finalised", "2"],
        ["Agreement with the auditor's overall judgement", "50%"],
        ["Judgements raised by the moderator", "0"],
        ["Judgements lowered by the moderator", "1"],
        ["Weighted kappa (linear)", "0.00 (slight). Based on 2 pairs: too few to rely on"],
        ["Median working days to moderation", "2"],  # 3 and 1 working days
        ["90th percentile working days", "2.8"],
        ["Moderated within the target of 10 working days", "100%"],
        ["Waiting and already past the target", "1"],  # A3, waiting since 1 June
    ],
    "moderation-by-tool": [["Case file audit", "3", "2", "50%", "0", "1", "0.00 (slight). Based on 2 pairs: too few to rely on", "2"]],
    "corrective-actions": [
        # Confirmed on time (confirmed a day after the due date: the owner's date counts), confirmed late,
        # open, and done on time but not confirmed: still open, and overdue.
        ["Due in the period", "4"], ["Completed on time", "1"], ["Completed late", "1"],
        ["Still open (or not yet confirmed)", "2"], ["Overdue", "2"], ["% of those due completed on time", "25%"],
    ],
    "responses-by-audience": [
        ["Children (about 8 to 12)", S, "0", S, S],
        # early help's 4 parents are a small group: in no count. 4 invites answered: too few to
        # show, and the rate (4 of 8) would give them away
        ["Parents and carers", "6", "8", S, S],
    ],
    "safeguarding-alerts": [["Alerts raised", S], ["Acknowledged", S], ["Median time to acknowledge", S],
                         ["Passed on: not acknowledged in time", S]],
    "comment-themes": [["Being listened to", "6"], ["Waiting times", S]],
    "you-said-we-did": [["Plans were hard to follow", "We rewrote the plan template with families", "3 August 2026", "Feedback 2.1"]],
}


def html_rows(soup, table_id):
    table = soup.select_one(f"table#table-{table_id}")
    assert table is not None, table_id
    assert table.caption.get_text(strip=True)
    assert all(th.get("scope") == "col" for th in table.thead.find_all("th"))
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]


@pytest.fixture
def reader(client, dataset, make_user):
    client.sign_in(make_user("qa_viewer", email="quinn@example.org", name="Quinn Viewer"))
    return client


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    from app.reports import services

    monkeypatch.setattr(services, "utcnow", lambda: NOW)


def test_the_draft_report_shows_the_expected_figures(reader):
    soup = page(reader.get(DRAFT))
    assert soup.h1.get_text(strip=True) == "Improvement plan report H1 2026-27"
    for table_id, rows in EXPECTED.items():
        assert html_rows(soup, table_id) == rows, table_id
    statements = {r[0]: r[1:] for r in html_rows(soup, "statements")}
    # 5 of 6 agree; Wilson (0.436, 0.970)
    assert statements["I understand the plan for my child and family."] == [
        "Parents and carers", "Your views on your family's plan", "Feedback 2.1", "83%", "44% to 97%", "6", "100%"]
    assert statements["I know what the plan for my family is."][3:6] == [S, S, S]  # 3 children
    assert statements["The plan is about what my family needs."][3:6] == [S, S, S]  # 3 counted (3 don't know)
    campaigns = {r[0]: r[2:] for r in html_rows(soup, "responses-by-campaign")}
    assert campaigns["Your views on early help H1"] == [S, "0", S, S]
    # early help's 4 are in no count, so the audience's 6 less this campaign's 6 is nothing
    assert campaigns["Your views on your family's plan H1"] == ["6", "8", S, S]


def test_exceptions_come_first_and_the_contents_list_every_section(reader):
    soup = page(reader.get(DRAFT))
    contents = [a.get_text(strip=True) for a in soup.select(".app-contents a")]
    assert contents == ["Exceptions", "Recommendation 1: Early help", "Recommendation 2: Quality of plans",
                        "Audit results", "What audit rounds showed", "What people said", "About these figures"]
    # The summary, then the exceptions: read first.
    assert [s["id"] for s in soup.select("main section")][:2] == ["summary", "exceptions"]


def test_suppressed_figures_never_show_their_number(reader):
    soup = page(reader.get(DRAFT))
    rec1 = soup.select_one("#table-rec-1").get_text(" ", strip=True)
    assert "4" not in rec1  # the 4 early help parents are nowhere
    alerts = soup.select_one("#table-safeguarding-alerts").get_text(" ", strip=True)
    assert "2" not in alerts


def test_charts_are_svg_with_a_text_alternative_and_the_table_beside_them(reader):
    soup = page(reader.get(DRAFT))
    svg = soup.select_one("#recommendation-2 svg")
    assert svg["role"] == "img"
    assert svg.title.get_text() == "Recommendation 2: impact measures over the last 4 periods"
    assert "Audit 2.1: H2 2024-25: not shown, H1 2025-26: not shown, H2 2025-26: 100%, H1 2026-27: 60%." in svg.desc.get_text()
    assert soup.select_one("#recommendation-2 #table-rec-2-trend") is not None


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def test_the_pdf_has_a_title_page_contents_page_numbers_and_the_figures(reader):
    response = reader.get("/reports/draft.pdf?period=H1+2026-27")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.data)
    flat = " ".join(text.split())
    assert "Improvement plan report H1 2026-27" in flat
    assert "Contents" in flat
    assert f"Page 2 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    for title in ("Early help is timely and effective.", "Plans for children are specific and reviewed."):
        assert title in flat
    assert "Exceptions ...." in flat  # the contents line with its page number leader
    for expected in ("23% to 88%", "12% to 77%", "44% to 97%", "60.0%",
                     "Suppressed (fewer than 5)", "Red; Worse than last period", "DRAFT"):
        assert expected in flat, expected
    assert "Based on 2 pairs: too few to rely on" in flat


def test_the_excel_workbook_has_a_sheet_per_table_with_the_same_figures(reader):
    response = reader.get("/reports/draft.xlsx?period=H1+2026-27")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    report = build_report(PERIOD, now=NOW)
    assert wb.sheetnames[0] == "Contents" and len(wb.sheetnames) == len(report.tables) + 1
    assert all(len(name) <= 31 for name in wb.sheetnames)
    rec2 = sheet(wb, "rec-2")
    assert rec2.title == "Rec 2 measures & KPIs"
    rows = [list(r) for r in rec2.iter_rows(values_only=True)]
    assert rows[0][0] == "Recommendation 2: impact measures and KPIs"
    assert rows[1] == ["Measure", "Kind", "This period", "95% interval: lower", "95% interval: upper",
                       "Number behind it", "Last period", "Baseline", "Target", "RAG"]
    # 60% is stored as 0.6 (as printed), the interval as two shares
    assert rows[2] == ["Audit 2.1: Plans contain contingency planning", "Audit measure", 0.6, 0.23, 0.88, 5, 1,
                       "None", 0.7, "Red"]
    assert rows[4][2:6] == [S, S, S, S]
    assert rows[5][2:6] == [0.83, 0.44, 0.97, 6]  # 6 parents (the small group of 3 on the other statement left out)
    assert rows[6][2] == 0.55 and rows[6][9] == "Red"
    rec1 = sheet_rows(wb, "rec-1")
    assert rec1[2][2:6] == [S, S, S, S]
    alerts = sheet_rows(wb, "safeguarding-alerts")
    assert alerts[2:] == [["Alerts raised", S], ["Acknowledged", S], ["Median time to acknowledge", S],
                         ["Passed on: not acknowledged in time", S]]


def test_each_table_is_a_csv_and_all_of_them_a_zip(reader):
    response = reader.get("/reports/draft/tables/rec-1.csv?period=H1+2026-27")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][2:5] == ["This period", "95% interval: lower", "95% interval: upper"]
    assert rows[1] == ["Feedback 1.1 (Parents and carers): Families understand the early help process",
                       "Feedback measure", S, S, S, S, "No data", "None", "None set", "No target"]
    assert reader.get("/reports/draft/tables/nothing.csv?period=H1+2026-27").status_code == 404
    z = zipfile.ZipFile(io.BytesIO(reader.get("/reports/draft/tables.zip?period=H1+2026-27").data))
    assert "moderation.csv" in z.namelist() and "exceptions.csv" in z.namelist()


def test_a_hidden_campaign_cannot_be_worked_out_from_its_audience_total(client, dataset):
    """10 parents answered: 6 about their family's plan, 4 about early help. The 4 are a small
    group, left out of every count: the audience's total is 6, the same as the family plan's,
    so nothing is left to work out, in every format and in the published data."""
    client.sign_in(dataset["admin"])
    audience = {r[0]: r[1:] for r in html_rows(page(client.get(DRAFT)), "responses-by-audience")}
    assert audience["Parents and carers"][0] == "6"
    campaigns = sheet(load_workbook(io.BytesIO(client.get("/reports/draft.xlsx?period=H1+2026-27").data)),
                      "responses-by-campaign")
    csv_rows = list(csv.reader(io.StringIO(client.get("/reports/draft/tables/responses-by-campaign.csv?period=H1+2026-27")
                                           .get_data(as_text=True))))
    report_id = int(client.submit("/reports/publish?period=H1+2026-27&area=county").headers["Location"].rsplit("/", 1)[1])
    frozen = db.session.get(PublishedReport, report_id).figures
    table = next(t for t in frozen["tables"] if t["id"] == "responses-by-campaign")
    for rows in ([list(r) for r in campaigns.iter_rows(values_only=True)][2:], csv_rows[1:],
                 [[c["text"] for c in row] for row in table["rows"]]):
        parents = {row[0]: row for row in rows if row[1] == "Parents and carers"}
        assert sorted(parents) == ["Your views on early help H1", "Your views on your family's plan H1"]
        assert [parents["Your views on early help H1"][i] for i in (2, 4, 5)] == [S, S, S]
        assert str(parents["Your views on your family's plan H1"][2]) == "6"
    assert all(c["value"] is None for row in table["rows"] if row[0]["text"] == "Your views on early help H1"
               for c in (row[2], row[4], row[5]))


def test_the_report_data_is_json_both_ways(dataset):
    report = build_report(PERIOD, now=NOW)
    assert ReportData.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_a_measure_got_worse_only_when_the_fall_is_beyond_chance(reader):
    # 15 more audits last period like the 5 there: 20 of 20 met each measure (Wilson 83.9% to 100%).
    last = db.session.scalars(select(Audit).where(Audit.submitted_at < datetime(2026, 4, 1))).first()
    for i in range(15):
        case = Case(reference=f"LAST-{i}", service_type="CP", team_id=last.case.team_id, start_date=date(2025, 1, 6))
        db.session.add_all([case, Audit(round_id=last.round_id, case=case, tool_version_id=last.tool_version_id,
                                        auditor_id=last.auditor_id, state="submitted", answers=dict(last.answers),
                                        computed_judgement="good", submitted_at=datetime(2026, 2, 2 + i, 10))])
    db.session.commit()
    rows = html_rows(page(reader.get(DRAFT)), "exceptions")
    assert rows[:3] == [
        ["2", "Audit 2.1: Plans contain contingency planning", "Red", "60%", "100%"],
        # direct work 2 of 5 (11.8% to 76.9%): wholly below 83.9%
        ["2", "Audit 2.2: Meaningful direct work informs planning",
         "Red; Worse than last period: a fall too large to be chance (the 95% intervals do not overlap)", "40%", "100%"],
        ["2", "KPI T2.1: Plans reviewed on time", "Red; Worse than last period: the figure moved the wrong way", "55%",
         "58%"],
    ]  # contingency and good or outstanding, 3 of 5 (23.1% to 88.2%), overlap: not worse


def test_overdue_actions_are_counted_in_the_exceptions_and_listed_in_their_recommendation(reader):
    rec1 = db.session.scalar(select(Recommendation).where(Recommendation.number == 1))
    db.session.add_all([
        PlanAction(recommendation=rec1, number="1.2", position=1, text="Train the hub staff", owner="",
                   due_date=date(2018, 7, 31), status="not_started"),
        PlanAction(recommendation=rec1, number="1.3", position=2, text="Agree the referral form", owner="Head of early help",
                   due_date=date(2018, 5, 31), status="complete"),
        PlanAction(recommendation=rec1, number="1.4", position=3, text="Review the hub", owner="Head of early help",
                   due_date=date(2027, 3, 31), status="not_started"),
    ])
    db.session.commit()
    soup = page(reader.get(DRAFT))
    exceptions = soup.select_one("#exceptions")
    assert [t["id"] for t in exceptions.select("table")] == ["table-exceptions", "table-overdue-actions",
                                                              "table-measures-no-target"]
    assert html_rows(soup, "overdue-actions") == [["1", "2", "4", "Due 31 July 2018"]]
    assert "2 plan actions are overdue" in exceptions.get_text(" ", strip=True)
    # the full list, oldest first, in the recommendation's own section; none in recommendation 2's
    assert soup.select_one("#recommendation-1 #table-rec-1-overdue") is not None
    assert html_rows(soup, "rec-1-overdue") == [
        ["1.2", "Train the hub staff", "Not set", "31 July 2018", "Not started"],
        ["1.1", "Launch the early help hub", "Head of early help", "31 July 2026", "In progress"],
    ]
    assert soup.select_one("#table-rec-2-overdue") is None
    # the same table in every format
    workbook = load_workbook(io.BytesIO(reader.get("/reports/draft.xlsx?period=H1+2026-27").data))
    assert sheet_rows(workbook, "overdue-actions")[1:] == [
        ["Recommendation", "Actions overdue", "Of all its actions", "Longest overdue"], [1, 2, 4, datetime(2018, 7, 31)]]
    rows = list(csv.reader(io.StringIO(reader.get("/reports/draft/tables/rec-1-overdue.csv?period=H1+2026-27")
                                       .get_data(as_text=True))))
    assert rows[1] == ["1.2", "Train the hub staff", "Not set", "2018-07-31", "Not started"]  # a date, as ISO 8601
    _, text = pdf_text(reader.get("/reports/draft.pdf?period=H1+2026-27").data)
    flat = " ".join(text.split())
    assert "Plan actions overdue, by recommendation" in flat and "Recommendation 1: actions overdue" in flat


def test_a_district_report_counts_only_that_district(reader, dataset):
    from app.org.models import District

    barrow = db.session.scalar(select(District).where(District.name == "Barrow"))
    soup = page(reader.get(f"{DRAFT}&area=district:{barrow.id}"))
    assert soup.h1.get_text(strip=True) == "Improvement plan report H1 2026-27: Barrow district"
    assert html_rows(soup, "audit-judgements")[0][:2] == ["As auditors graded, every audit submitted (context only)", "0"]
    carlisle = page(reader.get(f"{DRAFT}&area=locality:{dataset['district'].locality_id}"))
    assert html_rows(carlisle, "audit-judgements")[0][:2] == ["As auditors graded, every audit submitted (context only)", "6"]
    assert reader.get(f"{DRAFT}&area=district:9999").status_code == 404
    assert reader.get("/reports/draft?period=H3+2026-27").status_code == 404


def test_a_published_report_never_changes(client, dataset):
    client.sign_in(dataset["admin"])
    draft = client.get(DRAFT)
    assert "Publish this report" in draft.get_data(as_text=True)
    response = client.submit("/reports/publish?period=H1+2026-27&area=county")
    assert response.status_code == 302
    report_id = int(response.headers["Location"].rsplit("/", 1)[1])
    again = client.submit("/reports/publish?period=H1+2026-27&area=county")  # a double click
    assert again.headers["Location"] == response.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 1
    before_html = html_rows(page(client.get(f"/reports/{report_id}")), "rec-2")
    before_xlsx = [list(r) for r in sheet(load_workbook(io.BytesIO(client.get(f"/reports/{report_id}.xlsx").data)), "rec-2").iter_rows(values_only=True)]
    _, before_pdf = pdf_text(client.get(f"/reports/{report_id}.pdf").data)

    # The data changes afterwards: the KPI figure is corrected, the publisher changes name.
    value = db.session.scalar(select(KpiValue).where(KpiValue.value == 55))
    value.value = 65
    dataset["admin"].name = "Ada Renamed"
    db.session.commit()

    published = page(client.get(f"/reports/{report_id}"))
    assert html_rows(published, "rec-2") == before_html
    assert html_rows(published, "rec-2")[4][2] == "55%"
    assert "Published on" in published.select_one("#report-status").get_text()
    assert "Ada Admin" in published.select_one("#report-status").get_text()
    after_xlsx = [list(r) for r in sheet(load_workbook(io.BytesIO(client.get(f"/reports/{report_id}.xlsx").data)), "rec-2").iter_rows(values_only=True)]
    assert after_xlsx == before_xlsx
    _, after_pdf = pdf_text(client.get(f"/reports/{report_id}.pdf").data)
    assert after_pdf == before_pdf
    csv_rows = list(csv.reader(io.StringIO(client.get(f"/reports/{report_id}/tables/rec-2.csv").get_data(as_text=True))))
    assert csv_rows[5][2] == "55"
    # The draft follows the live data.
    assert html_rows(page(client.get(DRAFT)), "rec-2")[4][2] == "65%"
    # And the list of published reports shows it.
    listing = page(client.get("/reports/")).get_text(" ", strip=True)
    assert "Improvement plan report H1 2026-27" in listing and "Ada Admin" in listing


def test_a_published_report_cannot_be_changed_in_the_database(dataset):
    row = PublishedReport(period="H1 2026-27", kind="half", area_key="county", title="T", figures={"a": 1},
                          published_by_id=dataset["admin"].id, published_by_name="Ada Admin",
                          published_at=datetime(2026, 10, 15))
    db.session.add(row)
    db.session.commit()
    row.figures = {"a": 2}
    with pytest.raises(PublishedReportIsFrozen):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(PublishedReportIsFrozen):
        db.session.delete(row)
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("who", ["qa_viewer", "moderator"])
def test_readers_cannot_publish(client, dataset, make_user, who):
    client.sign_in(make_user(who, email=f"{who}@example.org"))
    assert "Publish this report" not in client.get(DRAFT).get_data(as_text=True)
    assert client.submit("/reports/publish?period=H1+2026-27&area=county").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 0


@pytest.mark.parametrize("who", ["auditor", "practitioner"])
def test_auditors_and_practitioners_cannot_see_reports(client, dataset, make_user, who):
    client.sign_in(make_user(who, email=f"{who}@example.org"))
    for url in ("/reports/", DRAFT, "/reports/draft.pdf?period=H1+2026-27", "/reports/draft.xlsx"):
        assert client.get(url).status_code == 403
    nav = page(client.get("/")).select_one(".govuk-service-navigation").get_text()
    assert "Reports" not in nav


def test_publishing_needs_the_csrf_token(client, dataset):
    client.sign_in(dataset["admin"])
    response = client.http.post("/reports/publish?period=H1+2026-27&area=county", data={})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 0


def test_the_suppression_threshold_is_configurable(reader, app, monkeypatch):
    monkeypatch.setitem(app.config, "SUPPRESSION_THRESHOLD", 7)
    soup = page(reader.get(DRAFT))
    parents = html_rows(soup, "rec-2")[3]  # 6 parents answered r2-fm1: fewer than 7
    assert parents[2:5] == ["Suppressed (fewer than 7)"] * 3
    assert "fewer than 7 respondents are suppressed" in soup.get_text(" ", strip=True)
    assert html_rows(soup, "rec-2")[0][2] == "60%"  # audits are cases, not respondents: never suppressed


def test_a_district_report_says_kpis_are_for_the_county(reader, dataset):
    soup = page(reader.get(f"{DRAFT}&area=district:{dataset['district'].id}"))
    assert "KPI figures are for the whole county; the measures are for Carlisle district." in soup.select_one(
        "#recommendation-2").get_text(" ", strip=True)


def test_words_that_look_like_formulas_stay_words_in_excel_and_csv(reader, dataset):
    from app.feedback.yswd_models import YouSaidWeDid

    db.session.add(YouSaidWeDid(heard="=HYPERLINK(\"http://example.org\")", did="-1 waits", done_on=datetime(2026, 8, 4).date(),
                                period="H1 2026-27", created_by_id=dataset["admin"].id))
    db.session.commit()
    wb = load_workbook(io.BytesIO(reader.get("/reports/draft.xlsx?period=H1+2026-27").data))
    cells = [c for row in sheet(wb, "you-said-we-did").iter_rows() for c in row]
    heard = next(c for c in cells if c.value and str(c.value).startswith("=HYPERLINK"))
    assert heard.data_type == "s"
    rows = list(csv.reader(io.StringIO(reader.get("/reports/draft/tables/you-said-we-did.csv?period=H1+2026-27").get_data(as_text=True))))
    assert rows[2][:2] == ["'=HYPERLINK(\"http://example.org\")", "'-1 waits"]


@pytest.mark.parametrize("label, kpi, yswd", [("Q2 2026-27", "No figure", True), ("2026-27", "55% (H1 2026-27 figure)", True),
                                              ("H2 2026-27", "No figure", False)])
def test_quarter_and_year_reports(reader, label, kpi, yswd):
    soup = page(reader.get(f"/reports/draft?period={label.replace(' ', '+')}"))
    assert soup.h1.get_text(strip=True) == f"Improvement plan report {label}"
    # a half's KPI figure counts in its year (saying it is the half's), not in a quarter
    assert html_rows(soup, "rec-2")[-1][2] == kpi
    # 'You said, we did' for H1, done on 3 August: in Q2 and the year, not in H2
    expected = EXPECTED["you-said-we-did"] if yswd else [["Nothing to show for this period."]]
    assert html_rows(soup, "you-said-we-did") == expected


def test_a_period_that_has_not_ended_is_not_published(client, dataset):
    from datetime import date, timedelta

    from app.core.periods import HALF, Period

    current = Period.containing(date.today(), HALF)
    client.sign_in(dataset["admin"])
    html = client.get(f"/reports/draft?period={current.label.replace(' ', '+')}").get_data(as_text=True)
    assert "Publish this report" not in html
    assert f"it can be published from {current.end + timedelta(days=1):%-d %B %Y}." in html
    response = client.submit(f"/reports/publish?period={current.label.replace(' ', '+')}&area=county")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 0
    assert "has not ended" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_audit_counts_in_the_period_of_its_uk_date(dataset):
    from app.audits.models import Audit, Case

    one = db.session.scalar(select(Audit).order_by(Audit.id))
    case = Case(reference="CASE-LATE", service_type="CP", team_id=one.case.team_id, start_date=one.case.start_date)
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in the UK (summer time): H1 2026-27.
    late = Audit(round_id=one.round_id, case=case, tool_version_id=one.tool_version_id, state="submitted",
                 answers=one.answers, computed_judgement="good", submitted_at=datetime(2026, 3, 31, 23, 30))
    db.session.add_all([case, late])
    db.session.commit()
    this = build_report(PERIOD, now=NOW)
    assert [c.text for c in this.table("audit-judgements").rows[0][:2]] == [GRADED, "7"]
    before = build_report(PERIOD.previous(), now=NOW)
    assert [c.text for c in before.table("audit-judgements").rows[0][:2]] == [GRADED, "5"]


def test_the_report_counts_alerts_their_time_to_acknowledge_and_those_passed_on(reader):
    from app.feedback.models import Response
    from app.safeguarding.models import Alert

    children = db.session.scalars(select(Response).join(Alert, isouter=True).where(Alert.id.is_(None))).all()
    raised = datetime(2026, 7, 2, 9, 0)
    # Two alerts from the dataset (2 hours each) and five more: 30 min, 1 h, 3 h, 5 h, never.
    for r, minutes, level in zip(children, (30, 60, 180, 300, None), (0, 0, 1, 2, 2)):
        db.session.add(Alert(response_id=r.id, campaign_id=r.campaign_id, team_id=r.team_id, raised_at=raised,
                             acknowledged_at=raised + timedelta(minutes=minutes) if minutes else None,
                             escalation_level=level))
    db.session.commit()
    rows = html_rows(page(reader.get(DRAFT)), "safeguarding-alerts")
    # 7 alerts in Carlisle this quarter: shown. 6 acknowledged; the 3 passed on are a small group
    # of children: not shown (a count of 0 would mislead).
    assert rows == [["Alerts raised", "7"], ["Acknowledged", "6"], ["Median time to acknowledge", "2 hours"],
                    ["Passed on: not acknowledged in time", S]]
