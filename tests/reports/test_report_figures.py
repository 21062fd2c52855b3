"""Issue 13: figures right to the last one. The report's hand-built dataset
(reports/conftest.py) plus, counted by hand:

- Young people answered Feedback 2.1 last period only (H2 2025-26): 6 of them in Carlisle,
  one statement each, 4 agree and 2 disagree: 4 of 6 = 67%. This period nobody has.
- 3 parents in Eden answered "I understand the plan..." this period (all disagree). Eden has
  3 (< 5): its answers are left out of the county's and the locality's figures, so every
  county figure is Carlisle's (6 parents, 8 of 9 answers), and county less Carlisle is 0.
- Recommendation 8's "Children who are in care will say they feel safe..." (children and
  young people), answered in Carlisle on "Your say about care and what comes next":
    5 young people whose link came from a children looked after team: both statements agree
      (10 of 10);
    3 care leavers whose link came from the care leavers team: both disagree (0 of 6).
  The measure counts the 5 in care: 100%, 5 people behind it. Counting everyone it was 10 of
  16 (63%) from 8. The statement "I feel safe where I live." counts all 8: 5 of 8 = 63%.
"""
import csv
import io
from datetime import datetime

import pytest
from conftest import page
from sqlalchemy import select

from app.core.db import db
from app.feedback.models import Campaign, Response
from app.feedback.questionnaire_service import questionnaire_by_key
from app.org.models import District, Team
from app.plan.models import ImpactMeasure, Recommendation
from app.reports.services import build_report
from reports.conftest import NOW, PERIOD
from reports.test_report import DRAFT, S, html_rows

THIS_PERIOD = datetime(2026, 7, 1, 12)
LAST_PERIOD = datetime(2026, 1, 20, 12)  # H2 2025-26


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    from app.reports import services

    monkeypatch.setattr(services, "utcnow", lambda: NOW)


@pytest.fixture
def figures(dataset):
    admin, carlisle = dataset["admin"], dataset["district"]
    eden = db.session.scalar(select(District).where(District.name == "Eden"))
    eden_team = Team(name="Eden Safeguarding", district=eden, service_area="safeguarding")
    in_care = Team(name="Carlisle Children Looked After", district=carlisle, service_area="cla")
    leaving = Team(name="Carlisle Care Leavers", district=carlisle, service_area="care_leavers")
    r8 = Recommendation(number=8, title="Children in care are safe and well looked after.", short_title="Children in care")
    db.session.add_all([eden_team, in_care, leaving, r8, ImpactMeasure(
        recommendation=r8, kind="feedback", position=0, seed_key="r8-fm1", frequency="six_monthly",
        text="Children who are in care will say they feel safe and that they are being well looked after",
        respondent_groups=["children", "young_people"])])

    def campaign(key):
        q = questionnaire_by_key(key)
        c = Campaign(name=f"{q.title} (figures)", questionnaire_version=q.published, period_start=PERIOD.previous().start,
                     period_end=PERIOD.end, created_by_id=admin.id)
        db.session.add(c)
        db.session.flush()
        return c

    young, parents, care = campaign("young_people_feedback"), campaign("parents_carers_feedback"), campaign(
        "care_experienced_young_people")
    keys = iter(range(10_000, 20_000))

    def respond(c, team, answers, at=THIS_PERIOD):
        db.session.add(Response(campaign_id=c.id, team_id=team.id, district_id=team.district_id, submitted_at=at,
                                idempotency_key=f"fig-{next(keys)}", answers=answers, free_text={}))

    for answer in ("agree", "agree", "agree", "strongly_agree", "disagree", "disagree"):
        respond(young, dataset["team"], {"understand-plan": answer}, at=LAST_PERIOD)
    for _ in range(3):
        respond(parents, eden_team, {"understand-plan": "disagree"})
    for _ in range(5):
        respond(care, in_care, {"safe-home": "agree", "looked-after": "agree"})
    for _ in range(3):
        respond(care, leaving, {"safe-home": "disagree", "looked-after": "disagree"})
    db.session.commit()
    return {**dataset, "eden": eden}


def rows_by_measure(report, table_id):
    return {row[0].text: [c.text for c in row[1:]] for row in report.table(table_id).rows}


@pytest.fixture
def reader(client, figures, make_user):
    client.sign_in(make_user("qa_viewer", email="quinn@example.org", name="Quinn Viewer"))
    return client


YOUNG_R2 = "Feedback 2.1 (Young people (13 and over)): Children and families understand their plan"
PARENTS_R2 = "Feedback 2.1 (Parents and carers): Children and families understand their plan"
IN_CARE = ("Feedback 8.1 (Young people (13 and over)): Children who are in care will say they feel safe and that "
           "they are being well looked after")


def test_last_periods_figure_shows_when_an_audience_has_not_answered_this_period(reader):
    report = build_report(PERIOD, now=NOW)
    # This period: no data; last period 4 of 6 = 67%
    expected = ["Feedback measure", "No data", "Not worked out", "0", "67%", "None", "None set", "No target"]
    assert rows_by_measure(report, "rec-2")[YOUNG_R2] == expected
    html = {r[0]: r[1:] for r in html_rows(page(reader.get(DRAFT)), "rec-2")}
    assert html[YOUNG_R2] == expected
    trend = {r[0]: r[1:] for r in html_rows(page(reader.get(DRAFT)), "rec-2-trend")}
    assert trend["Feedback 2.1 young people (13 and over)"] == ["No data", "No data", "67%", "No data"]


def test_a_measure_counts_only_the_people_it_names(reader):
    report = build_report(PERIOD, now=NOW)
    # 5 in care, 10 of 10 answers positive: 100% from 5 people; the care leavers' 6 answers are
    # left out. Every answer alike, so the effective number is the 5 people: Wilson(5 of 5) = 57% to 100%.
    expected = ["Feedback measure", "100%", "57% to 100%", "5", "No data", "None", "None set", "No target"]
    assert rows_by_measure(report, "rec-8")[IN_CARE] == expected
    rows = list(csv.reader(io.StringIO(reader.get("/reports/draft/tables/rec-8.csv?period=H1+2026-27")
                                       .get_data(as_text=True))))
    assert rows[1] == [IN_CARE, "Feedback measure", "100", "57", "100", "5", "No data", "None", "None set", "No target"]
    # The statement itself is everyone's: 5 of 8 feel safe where they live.
    statements = [[c.text for c in row] for row in report.table("statements").rows]
    safe = next(r for r in statements if r[0] == "I feel safe where I live." and r[1] == "Young people (13 and over)")
    assert safe[4:7] == ["63%", "31% to 86%", "8"]
    assert "care leavers' answers are not counted" in " ".join(next(s for s in report.sections if s.id == "about").paragraphs)


def cells(report, table_id, first):
    return next([c.text for c in row] for row in report.table(table_id).rows if row[0].text == first)


def test_a_small_districts_answers_cannot_be_had_by_subtracting_one_report_from_another(figures):
    """Eden's 3 parents: county, locality and Carlisle give the same parents' figures and counts,
    so no difference between them shows Eden; Eden's own report suppresses them.
    (tests/reports/test_small_number_attack.py tries every pair of views.)"""
    carlisle, eden = figures["district"], figures["eden"]
    county = build_report(PERIOD, now=NOW)
    locality = build_report(PERIOD, locality_id=carlisle.locality_id, now=NOW)
    district = build_report(PERIOD, district_id=carlisle.id, now=NOW)
    for report in (county, locality, district):
        # 5 of 6 (see test_report): Eden's 3 disagreeing are not in it
        assert cells(report, "rec-2", PARENTS_R2)[2:5] == ["83%", "44% to 97%", "6"]
        statement = next([c.text for c in row] for row in report.table("statements").rows
                         if row[0].text == "I understand the plan for my child and family.")
        assert statement[4:7] == ["83%", "44% to 97%", "6"]  # 5 of 6, Carlisle's
        assert cells(report, "responses-by-audience", "Parents and carers")[1] == "6"
    eden_report = build_report(PERIOD, district_id=eden.id, now=NOW)
    assert cells(eden_report, "rec-2", PARENTS_R2)[2:5] == [S, S, S]
    assert cells(eden_report, "responses-by-audience", "Parents and carers")[1] == S
    assert "Small groups are left out of every figure" in " ".join(
        next(s for s in county.sections if s.id == "about").paragraphs)


@pytest.fixture
def shared_kpi(figures):
    """KPI CS2.4, a number (direction decrease, baseline 3187, target 3000), linked to
    recommendations 2 and 8, with only a Q2 2026-27 figure of 3300: in the H1 report it is
    the latest figure within the half-year, Red (300 over the target, more than 5% of it)."""
    from datetime import date

    from app.plan.models import Kpi, KpiValue, RecommendationKpi

    kpi = Kpi(code="CS2.4", description="Children in need at the end of the period", unit="count",
              direction="decrease", baseline_value=3187, baseline_text="3187", target_value=3000, target_text="3000")
    r2, r8 = (db.session.scalar(select(Recommendation).where(Recommendation.number == n)) for n in (2, 8))
    db.session.add_all([kpi, RecommendationKpi(recommendation=r2, kpi=kpi, position=5),
                        RecommendationKpi(recommendation=r8, kpi=kpi, position=0),
                        KpiValue(kpi=kpi, period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), value=3300)])
    db.session.commit()
    return kpi


def test_a_kpi_says_which_quarter_appears_once_in_the_exceptions_and_formats_its_baseline_like_its_values(
        reader, shared_kpi):
    report = build_report(PERIOD, now=NOW)
    what = "KPI CS2.4: Children in need at the end of the period"
    row = ["KPI", "3,300 (Q2 2026-27 figure)", "Not applicable", "Value entered", "No figure", "3,187", "3,000", "Red"]
    assert rows_by_measure(report, "rec-2")[what] == row
    assert rows_by_measure(report, "rec-8")[what] == row
    exceptions = [[c.text for c in r] for r in report.table("exceptions").rows if r[1].text == what]
    assert exceptions == [["2, 8", what, "Red", "3,300 (Q2 2026-27 figure)", "No figure"]]
    html = [r for r in html_rows(page(reader.get(DRAFT)), "exceptions") if r[1] == what]
    assert html == exceptions
