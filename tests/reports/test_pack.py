"""The board pack: the summary first (one page, built from the report's own tables), a short
body and lettered appendices, charts with target lines and the measures' words, one font
family, table text of 10 pt or more, and a PDF tagged for screen readers (PDF/UA)."""
import io
import re
from datetime import date

import pypdf
import pytest
from conftest import page

from app.core.db import db
from app.plan.models import PlanAction, Recommendation
from app.reports import pack, rules
from app.reports.report_data import ReportData, Section
from app.reports.rules import Cell, Chart, Series, Table
from reports.conftest import NOW, PERIOD
from reports.test_report import DRAFT, fixed_now, reader  # noqa: F401  (fixtures)

PDF = "/reports/draft.pdf?period=H1+2026-27"
S = "Suppressed (fewer than 5)"


def pages_text(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


# --- The summary, a plain function over the report's tables --------------------------------------


def _report(**tables) -> ReportData:
    report = ReportData("Improvement plan report H1 2026-27", "H1 2026-27", "H1 2026-27 (April to September)",
                        "H2 2025-26", "half", None, None, "The whole county", NOW.isoformat(), 5,
                        ["H2 2024-25", "H1 2025-26", "H2 2025-26", "H1 2026-27"], [{"number": 8}, {"number": 9}])
    report.tables = list(tables.values())
    report.sections = [Section("exceptions", "Exceptions", [], ["exceptions"])]
    return report


def _figures(words: list[str]) -> list[Cell]:
    return [Cell(None, w, w.startswith("Suppressed"), {"Red": "red", "Amber": "amber", "Green": "green"}.get(w))
            for w in words]


def test_the_summary_takes_its_figures_from_the_report_tables_and_keeps_suppression():
    columns = ["Measure", "Kind", "This period", "95% interval", "Number behind it", "Last period", "Baseline",
               "Target", "RAG"]
    rec8 = Table("rec-8", "Recommendation 8", columns, [
        [rules.text("Feedback 8.1 (Children (about 8 to 12)): Children who are in care will say they feel safe"),
         *_figures(["Feedback measure", S, S, S, "70%", "None", "75%", "Not rated"])],
        [rules.text("Feedback 8.1 (Young people (13 and over)): Children who are in care will say they feel safe"),
         *_figures(["Feedback measure", "80%", "70% to 88%", "40", "76%", "None", "75%", "Green"])],
        [rules.text("KPI X1: Placements"), *_figures(["KPI", "5", "Not applicable", "Value entered", "4", "3", "6", "Red"])],
    ])
    rec9 = Table("rec-9", "Recommendation 9", columns, [
        [rules.text("KPI X1: Placements"), *_figures(["KPI", "5", "Not applicable", "Value entered", "4", "3", "6", "Red"])],
        [rules.text("Audit 9.1: Leaving care"), *_figures(["Audit measure", "50%", "", "", "", "", "None set", "No target"])],
    ])
    trend = Table("rec-8-trend", "Over time", ["Measure", "H2 2024-25", "H1 2025-26", "H2 2025-26", "H1 2026-27"], [
        [rules.text("Feedback 8.1 children (about 8 to 12)"), *_figures(["60%", "No data", "70%", S])],
        [rules.text("Feedback 8.1 young people (13 and over)"), *_figures(["71%", "72%", "76%", "80%"])],
    ])
    headline = Table("audit-headline", "% good or outstanding", ["Figure", "This period", "95% interval",
                     "Audits judged", "Last period", "Baseline", "Target", "RAG"], [
        [rules.text("After moderation"), *_figures(["61%", "58% to 63%", "1,400", "53%", "43%", "60%", "Green"])]])
    exceptions = Table("exceptions", "Exceptions", ["Recommendation", "What", "Why", "This period", "Last period"],
                       [_figures([str(i), f"Measure {i}", "Red", "1", "2"]) for i in range(1, 8)])
    alerts = Table("safeguarding-alerts", "Alerts", ["Figure", "Value"],
                   [[rules.text("Alerts raised"), Cell(None, S, True)]])
    moderation = Table("moderation", "Moderation", ["Figure", "Value"], [
        [rules.text("Audits submitted"), Cell(1400, "1,400")],
        [rules.text("Median working days to moderation"), Cell(11, "11")],
        [rules.text("Moderated within the target of 10 working days"), Cell(43.0, "43%")]])
    report = _report(rec8=rec8, rec9=rec9, trend=trend, headline=headline, exceptions=exceptions, alerts=alerts,
                     moderation=moderation)

    summary = pack.build_summary(report)

    rows = [[c.text for c in r] for r in summary.table("summary-headlines").rows]
    assert rows[0] == ["% of audits judged good or outstanding", "No data", "No data", "53%", "61%", "60%", "Green"]
    assert rows[1][1:] == ["60%", "No data", "70%", S, "75%", "Not rated"]
    assert rows[1][0].startswith("Feedback 8.1 (Children (about 8 to 12)): Children who are in care")
    assert summary.table("summary-headlines").rows[1][4].suppressed  # still suppressed, no number
    assert rows[2][1:] == ["71%", "72%", "76%", "80%", "75%", "Green"]
    # KPI X1 is linked to two recommendations: counted once; the audit headline counts too.
    assert [c.text for c in summary.table("summary-rag").rows[0]] == ["1", "0", "2", "1", "1"]
    assert summary.table("summary-rag").columns == ["Red", "Amber", "Green", "No target", "Not rated"]
    assert [r[1].text for r in summary.table("summary-exceptions").rows] == [f"Measure {i}" for i in range(1, 6)]
    assert summary.exceptions_more == 2
    assert [[c.text for c in r] for r in summary.table("summary-moderation").rows] == [
        ["Median working days to moderation", "11"], ["Moderated within the target of 10 working days", "43%"]]
    assert summary.table("summary-alerts").rows[0][1].suppressed

    # JSON both ways; a report published before the summary existed still reads.
    report.summary = summary
    again = ReportData.from_dict(report.to_dict())
    assert again.summary == summary
    old = report.to_dict()
    del old["summary"]
    assert ReportData.from_dict(old).summary is None


def test_plan_actions_overdue_and_due_this_period_go_in_the_body_the_rest_at_the_back():
    start, end, today = date(2026, 4, 1), date(2026, 9, 30), date(2026, 10, 15)
    assert pack.action_place("in_progress", date(2026, 7, 31), start, end, today) == pack.OVERDUE
    assert pack.action_place("complete", date(2026, 5, 31), start, end, today) == pack.THIS_PERIOD
    assert pack.action_place("complete", date(2025, 5, 31), start, end, today) == pack.OTHER
    assert pack.action_place("not_started", date(2027, 3, 31), start, end, today) == pack.OTHER
    assert pack.action_place("not_started", None, start, end, today) == pack.OTHER
    # Its progress changed in the period (a UK day): in the body, though not due in it.
    assert pack.action_place("in_progress", date(2027, 3, 31), start, end, today, date(2026, 9, 30)) == pack.CHANGED
    assert pack.action_place("in_progress", date(2027, 3, 31), start, end, today, date(2026, 10, 1)) == pack.OTHER


# --- Charts -----------------------------------------------------------------------------------


def test_a_chart_draws_its_target_as_a_labelled_line_and_keys_series_by_their_words():
    chart = Chart("c", "Recommendation 2 over time", ["H1", "H2"],
                  [Series("Audit 2.1", [50.0, 55.0], "Plans contain contingency planning"),
                   Series("Audit 2.2", [None, None], "Meaningful direct work " * 12)], 60.0)
    svg = rules.chart_svg(chart)
    assert "Target 60%</text>" in svg
    y60 = 12 + 90 * (1 - 0.6)  # the plot's top plus 40% of its height
    assert re.search(rf'<line [^>]*y1="{y60:.1f}" y2="{y60:.1f}" stroke="#505a5f"[^>]*stroke-dasharray', svg)
    assert "Audit 2.1: Plans contain contingency planning</text>" in svg
    # Long words wrap inside the chart (never past its edge), cut with "..." after two lines.
    key_lines = re.findall(r'<text x="84" y="[\d.]+">([^<]*)</text>', svg)
    assert len(key_lines) == 3 and key_lines[-1].endswith("...")
    assert all(len(line) <= rules.KEY_CHARS for line in key_lines)
    height = float(re.search(r'viewBox="0 0 560 ([\d.]+)"', svg).group(1))
    assert max(float(y) for y in re.findall(r'<text x="84" y="([\d.]+)"', svg)) < height
    # Two targets: a line for each.
    two = Chart("d", "t", ["H1"], [Series("A", [50.0]), Series("B", [70.0])], None, "", [60.0, 70.0])
    assert "Target 60%" in rules.chart_svg(two) and "Target 70%" in rules.chart_svg(two)
    # Charts in JSON published before the key had words still read.
    old = chart.to_dict()
    del old["targets"]
    for s in old["series"]:
        del s["words"]
    assert "Target 60%" in rules.chart_svg(Chart.from_dict(old))


# --- The PDF of the hand-built dataset -----------------------------------------------------------


def test_the_pdf_opens_with_the_summary_on_one_page_then_the_contents(reader):
    text = pages_text(reader.get(PDF).data)
    first = text[0]
    assert "Improvement plan report H1 2026-27" in first and "Summary" in first
    assert "% of audits judged good or outstanding" in first
    assert "Top exceptions (of 4)" in first and "KPI T2.1: Plans reviewed on time" in first
    assert "Moderation lag" in first and "Median working days to moderation" in first
    assert "Responses and response rates" in first and "Safeguarding alerts" in first
    # Two alerts: suppressed on the summary as everywhere else.
    assert re.search(r"Alerts raised Suppressed \(fewer than 5\)", first)
    assert text[1].startswith("Contents")
    assert "Appendix A:" in text[1]


def test_the_html_report_shows_the_same_summary_at_the_top(reader):
    soup = page(reader.get(DRAFT))
    summary = soup.select_one("section#summary")
    assert summary is not None
    assert soup.select("main section")[0]["id"] == "summary"
    headline = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
                for tr in summary.select("#table-summary-headlines tbody tr")]
    # The audit headline as the audit results table gives it: 3 of the 5 final audits (one awaits moderation).
    assert headline[0][0] == "% of audits judged good or outstanding" and headline[0][4:] == ["60.0%", "60%", "Green"]
    alerts = summary.select_one("#table-summary-alerts").get_text(" ", strip=True)
    assert S in alerts and "2" not in alerts


def test_other_plan_actions_are_in_an_appendix_after_the_body(reader, app):
    with app.app_context():
        r1 = db.session.scalar(db.select(Recommendation).where(Recommendation.number == 1))
        db.session.add(PlanAction(recommendation=r1, number="1.2", text="Review the hub after a year",
                                  owner="Head of early help", due_date=date(2027, 6, 30), status="not_started"))
        db.session.commit()
    text = pages_text(reader.get(PDF).data)
    appendix = next(i for i, t in enumerate(text) if t.startswith("Appendix A:"))
    body, back = " ".join(text[:appendix]), " ".join(text[appendix:])
    assert "Launch the early help hub" in body  # overdue
    assert "Plan template agreed" in body  # due (and done) this period
    assert "Review the hub after a year" not in body and "Review the hub after a year" in back
    assert re.search(r"Appendix [A-Z]: Plan actions neither overdue nor due this period", back)
    soup = page(reader.get(DRAFT))  # the report page lists them all in place
    assert "Review the hub after a year" in soup.select_one("#table-rec-1-actions").get_text()


def _fonts(reader: pypdf.PdfReader) -> set[str]:
    names = set()

    def visit(resources):
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                visit(xobject["/Resources"])

    for p in reader.pages:
        visit(p.get("/Resources"))
    return names


def test_the_pdf_is_tagged_in_one_font_family_with_tables_at_10_pt(reader):
    data = reader.get(PDF).data
    pdf = pypdf.PdfReader(io.BytesIO(data))
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.metadata.title == "Improvement plan report H1 2026-27"
    families = {re.sub(r"^[A-Z]{6}\+", "", name.lstrip("/")).split("-")[0] for name in _fonts(pdf)}
    assert families == {"Liberation"}, families  # Liberation-Sans, -Bold, -Italic: one family

    sizes = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.setdefault(text.strip(), []).append(font_size * tm[0] * cm[0])

    for p in pdf.pages[2:]:
        p.extract_text(visitor_text=visit)
    for cell in ("23% to 88%", "Launch the early help hub", "Plans reviewed on time"):
        found = [size for words, found_sizes in sizes.items() if cell in words for size in found_sizes]
        assert found and min(found) >= 9.99, (cell, found)


# --- A county's pack -------------------------------------------------------------------------------


@pytest.fixture
def tiny_county(plan, make_user):
    from app.demo_county import SCALES, load_county

    load_county(7, date(2026, 11, 23), SCALES["tiny"])
    return make_user("qa_viewer", email="viewer@example.org", name="Vera Viewer")


def test_a_county_pack_has_at_most_20_pages_before_its_appendices(client, tiny_county):
    """The whole plan (10 recommendations, their measures, KPIs and 69 overdue actions) with a
    small county's audits and answers: the body a board reads stays within 20 pages."""
    client.sign_in(tiny_county)
    text = pages_text(client.get(PDF).data)
    appendix = next(i for i, t in enumerate(text) if t.startswith("Appendix A:"))
    assert appendix <= 20, appendix
    assert "Summary" in text[0] and text[1].startswith("Contents")
    assert re.search(r"Top exceptions \(of \d+\).* And \d+ more: see Exceptions, straight after the contents", text[0])
    assert sum(t.startswith("Appendix ") for t in text) >= 4  # each appendix starts its own page
    assert f"Page {len(text)} of {len(text)}" in text[-1]


def test_no_two_of_many_series_look_alike():
    styles = [rules.series_style(i) for i in range(36)]
    assert len(set(styles)) == 36
    chart = Chart("e", "t", ["H1"], [Series(f"S{i}", [50.0], "word " * 40) for i in range(9)])
    lines = re.findall(r'<text x="84" y="[\d.]+">([^<]*)</text>', rules.chart_svg(chart))
    assert len(lines) == 9 and all(line.endswith("word...") for line in lines)  # one line each, cut at a word
