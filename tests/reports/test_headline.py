"""One headline, "% of audits judged good or outstanding": one definition (final audits), one
RAG rule (the KPI's), shown the same everywhere: the report's HTML, its Excel and CSV cells,
the KPI's page and list, and the home page.

Hand-built, all submitted in May 2026 (Q1 2026-27, in H1 2026-27), so the quarter's figure on
the KPI's page is the half's in the report:

  not selected for moderation (7): good x4, outstanding x1, requires improvement x2 -> 5 good
  finalised (3): good -> requires improvement (moderated down), good -> good, RI -> RI -> 1 good
  awaiting moderation (2): good (waiting), outstanding (returned to its auditor): not counted

  final audits 10, good or outstanding 6: 60.0%, Wilson (0.313, 0.832); target 60: Green.
  As auditors graded, every one of the 12: 9 of 12 = 75.0%, context only.
The KPI also has a figure of 60.2 entered by hand for H1 (as the demo once did): ignored.
"""
import csv
import io
from datetime import date, datetime

import pytest
from conftest import page
from reports.conftest import sheet_rows
from openpyxl import load_workbook
from sqlalchemy import select

from app.audits.models import Audit, AuditRound, AuditTool, AuditToolVersion, Case
from app.audits.tools import TOOLS_DIR
from app.core.db import db, utcnow
from app.core.periods import Period
from app.moderation.models import Moderation
from app.org.models import District, Team
from app.plan import rules as plan_rules
from app.plan.models import Kpi, KpiValue, Recommendation, RecommendationKpi
from app.reports import headline
from app.reports.services import build_report
from reports.conftest import answers_for

PERIOD = Period.parse("H1 2026-27")
NOW = datetime(2026, 10, 15, 12, 0)
TODAY = date(2026, 9, 30)
FINAL = "Final audits (moderated, or not selected for moderation)"
KPI_WHAT = "KPI NEW: Percentage of audits judged as good or outstanding"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    from app.home import services as home
    from app.home import views as home_views
    from app.reports import headline_figures, services

    monkeypatch.setattr(services, "utcnow", lambda: NOW)
    monkeypatch.setattr(home, "uk_today", lambda: TODAY)
    monkeypatch.setattr(home_views, "uk_today", lambda: TODAY)
    monkeypatch.setattr(headline_figures, "uk_today", lambda: TODAY)


@pytest.fixture
def audits(app, places, make_user):
    admin = make_user("admin", email="ada@example.org", name="Ada Admin")
    auditor = make_user("auditor", email="aud@example.org")
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    team = Team(name="Carlisle Safeguarding 1", district=carlisle, service_area="safeguarding")
    rec = Recommendation(number=10, title="Supervision and audit.", short_title="Supervision")
    kpi = Kpi(code="NEW", description="Percentage of audits judged as good or outstanding", unit="percent",
              direction="increase", target_value=60, target_text="60% (September 2018)", baseline_value=43,
              baseline_text="43%", figure_source=plan_rules.FROM_AUDITS, seed_key="new-audits-good-outstanding")
    db.session.add_all([team, rec, kpi, RecommendationKpi(recommendation=rec, kpi=kpi),
                        KpiValue(kpi=kpi, period_start=PERIOD.start, period_end=PERIOD.end, value=60.2)])
    tool = AuditTool(key="case_file_audit", title="Case file audit")
    version = AuditToolVersion(tool=tool, version=1, status="published", published_at=utcnow(),
                               definition_yaml=(TOOLS_DIR / "case_file_audit.yaml").read_text(encoding="utf-8"))
    round_ = AuditRound(name="Q1 dip sample", tool_version=version, cohort_filter={}, sample_spec="12",
                        method="simple_random", seed=1, cohort_size=12, sample_size=12, created_by=admin,
                        confirmed_at=utcnow(), confirmed_by=admin)
    db.session.add_all([tool, version, round_])
    db.session.flush()
    n = iter(range(1, 100))

    def audit(judgement, moderation=None, moderated=None):
        case = Case(reference=f"CASE-{next(n):03d}", service_type="CP", team=team, start_date=date(2025, 1, 6))
        submitted = datetime(2026, 5, 4, 10)  # a Monday
        a = Audit(round=round_, case=case, tool_version=version, auditor_id=auditor.id, state="submitted",
                  answers=answers_for(version.definition), computed_judgement=judgement, submitted_at=submitted)
        db.session.add_all([case, a])
        db.session.flush()
        if moderation:
            decided = datetime(2026, 5, 6, 10) if moderation in ("finalised", "returned") else None
            db.session.add(Moderation(audit_id=a.id, round_id=round_.id, state=moderation, first_submitted_at=submitted,
                                      first_decided_at=decided, final_judgement=moderated,
                                      finalised_at=decided if moderation == "finalised" else None))

    for judgement in ("good", "good", "good", "good", "outstanding", "requires_improvement", "requires_improvement"):
        audit(judgement)  # not selected for moderation: the auditor's judgement is final
    audit("good", "finalised", "requires_improvement")  # moderated down
    audit("good", "finalised", "good")
    audit("requires_improvement", "finalised", "requires_improvement")
    audit("good", "awaiting_moderation")
    audit("outstanding", "returned")
    db.session.commit()
    return {"admin": admin, "kpi": kpi}


def rows_of(soup, table_id):
    table = soup.select_one(f"table#table-{table_id}")
    assert table is not None, table_id
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]


def test_the_headline_is_the_same_figure_and_rag_everywhere(client, audits):
    client.sign_in(audits["admin"])
    soup = page(client.get("/reports/draft?period=H1+2026-27"))
    [final, graded] = rows_of(soup, "audit-headline")
    assert final == [FINAL, "60.0%", "31% to 83%", "10", "2", "No data", "43%", "60%", "Green"]
    # the auditors' own grades: context, with no RAG of its own
    assert graded[:4] == ["As auditors graded, every audit submitted (context only)", "75.0%", "47% to 91%", "12"]
    assert graded[-1] == "Not rated: context only"
    # the KPI's row in its recommendation: the same figure and RAG, not the 60.2 entered by hand
    [kpi_row] = rows_of(soup, "rec-10")
    assert kpi_row == [KPI_WHAT, "KPI, worked out from final audits", "60.0%", "31% to 83%",
                       "10 final audits; 2 awaiting moderation, not counted yet", "No data", "43%", "60%", "Green"]
    assert rows_of(soup, "audit-judgements")[1][:2] + rows_of(soup, "audit-judgements")[1][6:7] == [FINAL, "10", "60.0%"]
    assert "60.2" not in soup.get_text()

    excel = sheet_rows(load_workbook(io.BytesIO(client.get("/reports/draft.xlsx?period=H1+2026-27").data)),
                       "audit-headline")
    assert excel[2][0] == FINAL and excel[2][1] == 0.6 and excel[2][4:6] == [10, 2] and excel[2][9] == "Green"
    rows = list(csv.reader(io.StringIO(client.get("/reports/draft/tables/audit-headline.csv?period=H1+2026-27")
                                       .get_data(as_text=True))))
    assert rows[1][:2] == [FINAL, "60.0"] and rows[1][4:6] == ["10", "2"] and rows[1][9] == "Green"

    # The KPI's page: worked out from final audits, no form; the quarter holds every audit.
    kpi_page = page(client.get(f"/plan/kpis/{audits['kpi'].id}"))
    assert "Worked out from final audits" in kpi_page.select_one("#kpi-from-audits").get_text()
    computed = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
                for tr in kpi_page.select("#kpi-computed-figures tbody tr")]
    assert computed == [["Q1 2026-27", "60.0%", "Green", "10", "2"]]
    assert not kpi_page.select("a[href$='/plan/figures/%d']" % audits["kpi"].id)
    assert "Enter a figure" not in kpi_page.get_text()
    listed = page(client.get("/plan/kpis")).get_text(" ", strip=True)
    assert "60.0% (Q1 2026-27; worked out from final audits, 2 awaiting moderation) Green" in listed

    # The home page: the report's own table.
    home = page(client.get("/"))
    [home_final, _] = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
                       for tr in home.select("#home-headlines table#table-audit-headline tbody tr")]
    assert home_final == final


def test_no_figure_can_be_entered_or_imported_for_it(client, audits):
    client.sign_in(audits["admin"])
    kpi_id = audits["kpi"].id
    response = client.get(f"/plan/figures/{kpi_id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plan/kpis/{kpi_id}")
    figures = page(client.get("/plan/figures"))
    assert not figures.select(f"a[href='/plan/figures/{kpi_id}']")
    assert "Worked out from final audits" in figures.get_text()
    from app.plan import services

    with pytest.raises(services.CsvImportError) as error:
        services.import_values_csv(b"kpi,period,value\nnew-audits-good-outstanding,Q1 2026-27,61\n", audits["admin"])
    assert "worked out from final audits" in str(error.value)


def test_a_red_headline_is_one_exception_under_its_kpi(audits):
    """Two more final audits judged Inadequate: 6 of 12 = 50.0% (Wilson 0.254, 0.746), below 57
    (60 less 5%): Red,
    listed once with the KPI's recommendation, not again under the audit results."""
    one = db.session.scalar(select(Audit).order_by(Audit.id))
    for i in range(2):
        case = Case(reference=f"MORE-{i}", service_type="CP", team_id=one.case.team_id, start_date=date(2025, 1, 6))
        db.session.add_all([case, Audit(round_id=one.round_id, case=case, tool_version_id=one.tool_version_id,
                                        auditor_id=one.auditor_id, state="submitted", answers=dict(one.answers),
                                        computed_judgement="inadequate", submitted_at=datetime(2026, 5, 5, 10))])
    db.session.commit()
    report = build_report(PERIOD, now=NOW)
    rows = [[c.text for c in row] for row in report.table("exceptions").rows]
    headline_rows = [r for r in rows if "good or outstanding" in r[1]]
    assert headline_rows == [["10", KPI_WHAT, "Red", "50.0%", "No data"]]
    assert [c.text for c in report.table("audit-headline").rows[0]][1:5] == ["50.0%", "25% to 75%", "12", "2"]


# --- The rules, by hand -------------------------------------------------------------------------


def test_an_audit_counts_once_final():
    assert headline.is_final(None) and headline.is_final("finalised")
    for waiting in ("awaiting_moderation", "in_moderation", "returned", "resubmitted"):
        assert not headline.is_final(waiting)
    assert headline.final_judgement("good", "finalised", "requires_improvement") == "requires_improvement"
    assert headline.final_judgement("good", None, None) == "good"
    assert headline.final_judgement("good", "in_moderation", None) is None
    counts = headline.count([("good", None, None), ("good", "finalised", "inadequate"), ("outstanding", "returned", None)])
    assert counts == headline.Counts(good=1, final=2, awaiting=1, graded_good=3, graded=3)


def test_rounding_never_hides_which_side_of_a_rag_boundary_it_is():
    rule = headline.Rule(target=60, tolerance_pct=5)  # Green from 60, Amber from 57
    assert rule.rag(59.9) == "amber" and headline.percent_text(59.9, rule) == "59.9%"
    assert headline.percent_text(599 / 1000 * 100, rule) == "59.9%"
    assert rule.rag(59.96) == "amber" and headline.percent_text(59.96, rule) == "59.96%"  # not "60.0%"
    assert rule.rag(56.96) == "red" and headline.percent_text(56.96, rule) == "56.96%"  # not "57.0%"
    assert headline.percent_text(60, rule) == "60.0%" and headline.percent_text(61.04, rule) == "61.0%"
    assert headline.shown_value(59.96, rule) == 59.96


def test_the_api_gives_the_same_figure(client, audits):
    client.sign_in(audits["admin"])
    response = client.get(f"/api/v1/kpis/{audits['kpi'].id}/values")
    assert response.json["kpi"]["figure_source"] == "audits"
    assert response.json["values"] == [{"period": "Q1 2026-27", "value": 60.0, "text": "60.0%", "rag": "green",
                                        "final_audits": 10, "awaiting_moderation": 2}]  # not the 60.2 entered
