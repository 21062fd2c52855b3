"""Board packs: an administrator sets up each board's pack (sections, area, cadence, due);
the QA group sees which periods are due, overdue or published; publishing a pack freezes
the report for its period and area with only its sections."""
import io
from datetime import date, datetime

import pytest
from conftest import error_messages, page
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.clock import uk_today
from app.core.db import db
from app.core.periods import Period
from app.org.models import District, Locality
from app.reports import pack_rules, pack_views
from app.reports.models import BoardPack, PublishedReport
from app.reports.report_data import Section
from app.reports.services import build_report
from reports.conftest import NOW, PERIOD, sheet
from reports.test_report import pdf_text

GOOD = {"board": "Safeguarding Children Board", "name": "Six-monthly report", "sections": ["exceptions", "audit-results"],
        "area": "county", "cadence": "six_monthly", "due_days": "60", "first_period": "H1 2026-27"}


def fixed_today(monkeypatch, moment: datetime):
    """'Today' on the pages: the UK date of a stored (UTC) moment, through the clock's own helper."""
    monkeypatch.setattr(pack_views, "uk_today", lambda: uk_today(moment))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def field_error(response, field_id: str) -> str:
    """The message shown next to a field (its form group's error message)."""
    found = page(response).select_one(f"#{field_id}-error")
    return found.get_text(" ", strip=True).replace("Error: ", "") if found else ""


@pytest.fixture
def admin(client, places, make_user):
    client.sign_in(make_user("admin", name="Ada Admin"))
    return client


def test_an_admin_sets_up_a_pack_and_the_qa_group_sees_it(admin, new_client, make_user, monkeypatch):
    fixed_today(monkeypatch, datetime(2026, 11, 2, 10))
    form = page(admin.get("/reports/packs/new"))
    assert form.h1.get_text(strip=True) == "Set up a board pack"
    assert [i["value"] for i in form.select("input[name=sections]")] == list(pack_rules.SECTIONS)
    assert [i["value"] for i in form.select("input[name=cadence]")] == ["quarterly", "six_monthly", "annual"]
    response = admin.submit("/reports/packs/new", GOOD)
    assert response.status_code == 302
    pack = db.session.scalar(select(BoardPack))
    assert (pack.board, pack.sections, pack.area_key, pack.cadence, pack.due_days, pack.first_period) == (
        "Safeguarding Children Board", ["exceptions", "audit-results"], "county", "six_monthly", 60, "H1 2026-27")

    viewer = new_client()
    viewer.sign_in(make_user("qa_viewer"))
    soup = page(viewer.get("/reports/packs"))
    section = soup.select_one(f"#pack-{pack.id}")
    assert section.h2.get_text(strip=True) == "Safeguarding Children Board: Six-monthly report"
    summary = {row.select_one(".govuk-summary-list__key").get_text(strip=True):
               row.select_one(".govuk-summary-list__value").get_text(" ", strip=True)
               for row in section.select(".govuk-summary-list__row")}
    assert summary == {"Board": "Safeguarding Children Board", "Sections": "Exceptions Audit results",
                       "Area": "The whole county", "How often": "Six-monthly", "Due": "60 days after the period ends",
                       "First period": "H1 2026-27"}
    assert soup.select_one("form[action*='/publish']") is None and "Change" not in section.get_text()
    assert "Set up a board pack" not in soup.get_text()


def test_bad_input_is_shown_next_to_each_field_and_nothing_is_saved(admin):
    bad = {"board": "", "name": "x" * 121, "area": "district:9999", "cadence": "weekly", "due_days": "thirty",
           "first_period": "Q1 2026-27"}
    response = admin.submit("/reports/packs/new", bad)
    assert response.status_code == 200
    expected = {"board": "Enter the board the pack goes to",
                "name": "Enter the pack's name in 120 characters or fewer",
                "sections": "Select at least one section for the pack",
                "area": "Select the area the pack reports on",
                "cadence": "Select how often the pack goes to the board",
                "due_days": "Enter the number of days as a whole number, like 30"}
    for field, message in expected.items():
        assert field_error(response, field) == message, field
    assert set(expected.values()) <= set(error_messages(response))
    assert page(response).title.get_text().startswith("Error: ")
    assert page(response).select_one("#board")["value"] == "" and page(response).select_one("#due_days")["value"] == "thirty"
    # a first period that is not of the pack's cadence, and too many days
    response = admin.submit("/reports/packs/new", {**GOOD, "first_period": "Q1 2026-27", "due_days": "400"})
    assert field_error(response, "first_period") == "A six-monthly pack starts with a half year, like H1 2026-27"
    assert field_error(response, "due_days") == "Enter a number of days from 0 to 366"
    response = admin.submit("/reports/packs/new", {**GOOD, "first_period": "H3 2026-27"})
    assert field_error(response, "first_period") == "'H3 2026-27': a year has two halves, H1 and H2"
    assert count(BoardPack) == 0


def test_a_board_has_one_pack_of_a_name(admin):
    assert admin.submit("/reports/packs/new", GOOD).status_code == 302
    response = admin.submit("/reports/packs/new", {**GOOD, "cadence": "annual", "first_period": "2026-27"})
    assert field_error(response, "name") == "Safeguarding Children Board already has a pack called Six-monthly report"
    assert count(BoardPack) == 1
    pack = db.session.scalar(select(BoardPack))
    # changing it keeps its name free for itself
    response = admin.submit(f"/reports/packs/{pack.id}/edit", {**GOOD, "sections": ["what-people-said"]})
    assert response.status_code == 302
    db.session.expire_all()
    assert pack.sections == ["what-people-said"]


def test_the_periods_due_overdue_and_published_by_the_uk_date(admin, make_user, monkeypatch):
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    scorecard = BoardPack(board="PMQAG", name="Quarterly scorecard", sections=["exceptions"], area_key=f"district:{carlisle.id}",
                          cadence="quarterly", due_days=45, first_period="Q4 2025-26")
    db.session.add(scorecard)
    db.session.commit()
    someone = make_user("admin")
    db.session.add(PublishedReport(period="Q4 2025-26", kind="quarter", district_id=carlisle.id, area_key=scorecard.area_key,
                                   edition=scorecard.edition, board_pack_id=scorecard.id, title="Scorecard Q4",
                                   figures={}, published_by_id=someone.id, published_by_name=someone.name))
    db.session.commit()
    report_id = db.session.scalar(select(PublishedReport.id))

    def periods(moment):
        fixed_today(monkeypatch, moment)
        table = page(admin.get("/reports/packs")).select_one(f"#pack-{scorecard.id}-periods")
        return [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in table.select("tbody tr")]

    # Q1 2026-27 ended on 30 June and is due by 14 August (45 days). At 23:30 UTC on 14 August
    # it is already 15 August in the UK: overdue, though the server's UTC date is still the 14th.
    rows = periods(datetime(2026, 8, 14, 23, 30))
    assert rows == [
        ["Q2 2026-27", "14 November 2026", "Under way ends 30 September 2026", ""],
        ["Q1 2026-27", "14 August 2026", "Overdue", "Publish Quarterly scorecard for Q1 2026-27"],
        ["Q4 2025-26", "15 May 2026", "Published See the pack for Q4 2025-26", ""],
    ]
    soup = page(admin.get("/reports/packs"))
    assert soup.select_one(f"#pack-{scorecard.id}-overdue").get_text(strip=True) == "1 period is overdue."
    assert soup.select_one(f"#pack-{scorecard.id}-periods a")["href"] == f"/reports/{report_id}"
    # an hour earlier in the UK, 22:30 UTC (23:30 BST) on the 14th, it is due that day, not overdue
    assert periods(datetime(2026, 8, 14, 22, 30))[1][2] == "Ready to publish"


def test_publishing_a_pack_freezes_only_its_sections(client, dataset, monkeypatch):
    from app.reports import services

    monkeypatch.setattr(services, "utcnow", lambda: NOW)
    fixed_today(monkeypatch, datetime(2026, 10, 20, 9))
    client.sign_in(dataset["admin"])
    pack = BoardPack(board="Carlisle and Eden QAG", name="Audit results", sections=["exceptions", "audit-results"],
                     area_key="county", cadence="six_monthly", due_days=45, first_period="H1 2026-27")
    db.session.add(pack)
    db.session.commit()
    url = f"/reports/packs/{pack.id}/publish?period=H1+2026-27"
    response = client.submit(url)
    assert response.status_code == 302
    report_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert client.submit(url).headers["Location"] == response.headers["Location"]  # a second click finds the first
    assert count(PublishedReport) == 1

    row = db.session.get(PublishedReport, report_id)
    assert (row.period, row.area_key, row.edition, row.board_pack_id) == ("H1 2026-27", "county", f"pack:{pack.id}", pack.id)
    assert [s["id"] for s in row.figures["sections"]] == ["exceptions", "audit-results", "about"]
    full = build_report(PERIOD, now=NOW)
    kept = {t["id"] for t in row.figures["tables"]}
    assert {"exceptions", "audit-headline", "moderation"} <= kept
    assert not kept & {"rec-2", "statements", "responses-by-audience", "round-summaries"}
    assert kept < {t.id for t in full.tables}
    # the frozen tables are the full report's, cell for cell
    assert next(t for t in row.figures["tables"] if t["id"] == "audit-headline") == full.table("audit-headline").to_dict()

    soup = page(client.get(f"/reports/{report_id}"))
    assert soup.h1.get_text(strip=True) == "Carlisle and Eden QAG: Audit results H1 2026-27"
    assert [s["id"] for s in soup.select("main section[id]")] == ["summary", "exceptions", "audit-results", "about"]
    # the pack's summary speaks only of what it holds: no response rates in an audit results pack
    assert "Responses and response rates" not in soup.select_one("section#summary").get_text()
    wb = load_workbook(io.BytesIO(client.get(f"/reports/{report_id}.xlsx").data))
    assert len(wb.sheetnames) == len(kept) + 1 and sheet(wb, "audit-headline")["A1"].value.startswith("%")
    _, text = pdf_text(client.get(f"/reports/{report_id}.pdf").data)
    flat = " ".join(text.split())
    assert "Carlisle and Eden QAG: Audit results H1 2026-27" in flat and "What people said" not in flat

    # The whole report for the same period and area is published beside it, and found by its own page.
    assert "Publish this report" in client.get("/reports/draft?period=H1+2026-27").get_data(as_text=True)
    whole = client.submit("/reports/publish?period=H1+2026-27&area=county")
    assert whole.status_code == 302 and whole.headers["Location"] != response.headers["Location"]
    assert count(PublishedReport) == 2
    listed = page(client.get("/reports/packs")).select_one(f"#pack-{pack.id}-periods").get_text(" ", strip=True)
    assert "Published" in listed


def test_a_pack_is_published_only_for_its_own_periods_once_ended(admin, monkeypatch):
    fixed_today(monkeypatch, datetime(2026, 9, 30, 22, 30))  # 23:30 BST on 30 September: H1 has not ended
    admin.submit("/reports/packs/new", GOOD)
    pack = db.session.scalar(select(BoardPack))
    not_ended = admin.submit(f"/reports/packs/{pack.id}/publish?period=H1+2026-27")
    assert not_ended.status_code == 302 and not_ended.headers["Location"].endswith(f"/reports/packs#pack-{pack.id}")
    assert "H1 2026-27 has not ended: publish it from 1 October 2026." in error_messages(admin.get("/reports/packs"))
    assert admin.submit(f"/reports/packs/{pack.id}/publish?period=Q1+2026-27").status_code == 404  # not its cadence
    assert admin.submit(f"/reports/packs/{pack.id}/publish?period=H2+2025-26").status_code == 404  # before its first
    assert admin.submit(f"/reports/packs/{pack.id}/publish?period=nonsense").status_code == 404
    assert count(PublishedReport) == 0


@pytest.mark.parametrize("who", ["moderator", "auditor", "practitioner", "team_manager", None])
def test_the_board_packs_page_is_for_the_qa_group_only(client, places, make_user, who):
    pack = BoardPack(board="B", name="P", sections=["exceptions"], area_key="county", cadence="annual", due_days=90,
                     first_period="2025-26")
    db.session.add(pack)
    db.session.commit()
    client.sign_in(make_user(*([who] if who else [])))
    assert client.get("/reports/packs").status_code == 403
    assert client.get("/reports/packs/new").status_code == 403
    assert client.submit("/reports/packs/new", GOOD).status_code == 403
    assert client.submit(f"/reports/packs/{pack.id}/publish?period=2025-26").status_code == 403
    assert count(BoardPack) == 1 and count(PublishedReport) == 0


def test_a_qa_viewer_reads_but_does_not_change_or_publish(client, places, make_user):
    pack = BoardPack(board="B", name="P", sections=["exceptions"], area_key="county", cadence="annual", due_days=90,
                     first_period="2025-26")
    db.session.add(pack)
    db.session.commit()
    client.sign_in(make_user("qa_viewer"))
    assert page(client.get("/reports/packs")).h1.get_text(strip=True) == "Board packs"
    assert "Board packs" in page(client.get("/reports/")).get_text()
    assert client.get(f"/reports/packs/{pack.id}/edit").status_code == 403
    assert client.submit(f"/reports/packs/{pack.id}/publish?period=2025-26").status_code == 403
    assert count(PublishedReport) == 0


# --- The rules, without a request ------------------------------------------------------------

def test_a_packs_periods_from_its_first_to_the_one_under_way():
    got = pack_rules.pack_periods("annual", "2024-25", 122, date(2026, 8, 1), {"2024-25": 7})
    assert [(p.period.label, p.due, p.state, p.published_id) for p in got] == [
        ("2026-27", date(2027, 7, 31), "under_way", None),
        ("2025-26", date(2026, 7, 31), "overdue", None),
        ("2024-25", date(2025, 7, 31), "published", 7),
    ]
    assert [p.can_publish for p in got] == [False, True, False]
    due = pack_rules.pack_periods("quarterly", "Q1 2026-27", 30, date(2026, 7, 30), {})
    assert [(p.period.label, p.state) for p in due] == [("Q2 2026-27", "under_way"), ("Q1 2026-27", "due")]


def test_a_pack_keeps_only_its_sections_and_their_tables(dataset):
    full = build_report(Period.parse("H1 2026-27"), now=NOW)
    pack = pack_rules.restrict(full, ["recommendations"])
    assert [s.id for s in pack.sections] == [s.id for s in full.sections if s.id.startswith("recommendation-")] + ["about"]
    assert {t.id for t in pack.tables} == {t for s in pack.sections for t in [*s.tables, *s.tables_after]} | {
        c.table_id for c in pack.charts}
    assert {c.id for c in pack.charts} == {c for s in pack.sections for c in s.charts} and pack.charts
    assert len(full.sections) > len(pack.sections)  # the full report is left as it was
    full.sections.insert(0, Section("summary", "Summary", tables=["audit-headline"]))  # one that is not a choice
    with_summary = pack_rules.restrict(full, ["exceptions"])
    assert [s.id for s in with_summary.sections] == ["summary", "exceptions", "about"]
    assert "audit-headline" in {t.id for t in with_summary.tables}
    said = pack_rules.restrict(full, ["what-people-said"])
    assert {"statements", "you-said-we-did", "safeguarding-alerts"} <= {t.id for t in said.tables}


def test_the_first_period_must_match_the_cadence():
    assert pack_rules.first_period_error("quarterly", "Q3 2026-27") is None
    assert pack_rules.first_period_error("annual", "H1 2026-27") == "An annual pack starts with a financial year, like 2026-27"
    assert pack_rules.first_period_error("quarterly", " ") == "Enter the first period the pack reports on, like Q1 2026-27"


def test_a_board_name_that_looks_like_a_formula_stays_words_in_the_workbook(client, dataset, monkeypatch):
    fixed_today(monkeypatch, datetime(2026, 10, 20, 9))
    client.sign_in(dataset["admin"])
    pack = BoardPack(board="=HYPERLINK(\"http://example.org\")", name="Pack", sections=["exceptions"], area_key="county",
                     cadence="six_monthly", due_days=45, first_period="H1 2026-27")
    db.session.add(pack)
    db.session.commit()
    location = client.submit(f"/reports/packs/{pack.id}/publish?period=H1+2026-27").headers["Location"]
    title = load_workbook(io.BytesIO(client.get(f"{location}.xlsx").data))["Contents"]["A1"]
    assert title.value.startswith("=HYPERLINK") and title.data_type == "s" and title.quotePrefix


def test_localities_are_areas(admin):
    locality = db.session.scalar(select(Locality).order_by(Locality.name))
    assert admin.submit("/reports/packs/new", {**GOOD, "area": f"locality:{locality.id}"}).status_code == 302
    assert db.session.scalar(select(BoardPack.area_key)) == f"locality:{locality.id}"


@pytest.mark.parametrize("field, value, message", [
    ("board", "Board\x00", "Enter the board's name without control characters"),
    ("due_days", "²", "Enter the number of days as a whole number, like 30"),
    ("due_days", "99999999999999999999999", "Enter the number of days as a whole number, like 30"),
    ("first_period", "<script>", "'<script>' is not a period: use a financial year like 2018-19, a half like H1 2018-19, "
                                 "or a quarter like Q3 2018-19"),
])
def test_awkward_input_gets_a_message_not_an_error(admin, field, value, message):
    response = admin.submit("/reports/packs/new", {**GOOD, field: value})
    assert response.status_code == 200 and field_error(response, field) == message
    assert count(BoardPack) == 0


def test_the_demo_has_the_planners_packs(admin, monkeypatch):
    from app.demo.packs import add_demo_packs

    assert add_demo_packs(date(2026, 11, 23)) == 5
    db.session.commit()
    assert add_demo_packs(date(2026, 11, 23)) == 0  # safe to run twice
    fixed_today(monkeypatch, datetime(2026, 11, 23, 10))
    soup = page(admin.get("/reports/packs"))
    titles = [h.get_text(strip=True) for h in soup.select("main h2")]
    assert "Performance Management and Quality Assurance Group (PMQAG): Quarterly scorecard" in titles
    assert "Carlisle and Eden Quality Assurance Group: Multi-agency audit results" in titles
    scorecard = db.session.scalar(select(BoardPack).where(BoardPack.name == "Quarterly scorecard"))
    rows = [r.select_one("th").get_text(strip=True) for r in soup.select(f"#pack-{scorecard.id}-periods tbody tr")]
    assert rows == ["Q3 2026-27", "Q2 2026-27", "Q1 2026-27", "Q4 2025-26"]
    assert len(soup.select("form[action*='/publish'] button")) >= 4  # ended and unpublished: ready or overdue
    contents = soup.select_one("#pack-contents").get_text(" ", strip=True)
    assert "Carlisle and Eden Quality Assurance Group: Multi-agency audit results (2 overdue)" in contents  # H2 2025-26 and H1 2026-27
