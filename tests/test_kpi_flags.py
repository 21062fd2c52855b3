"""Where the plan as printed contradicts itself, the KPI is kept as printed but flagged for
the QA group, on its page and in the report, until an administrator resolves it."""
from datetime import datetime

import pytest
from conftest import page
from sqlalchemy import select

from app.core.db import db
from app.plan import rules
from app.plan.models import Kpi, Recommendation, RecommendationKpi

LATE = rules.KpiFacts(1, "NEW", "Number of Regulation 24/s20 arrangements recorded >1mth after starting",
                      rules.INCREASE, rules.UNIT_COUNT, 12, 18)
CS10 = rules.KpiFacts(2, "CS1.0", "Referrals within 12 months of a previous referral", rules.DECREASE,
                      rules.UNIT_PERCENT, 20.9, 20)
CS10A = rules.KpiFacts(3, "CS1.0a", "Referrals within 12 months of a previous referral (rolling 12 month)",
                       rules.DECREASE, rules.UNIT_PERCENT, 20.9, 20)
FINE = rules.KpiFacts(4, "CS1.1", "Re-referrals to early help", rules.DECREASE, rules.UNIT_PERCENT, 20.9, 20)
LATE_DOWN = rules.KpiFacts(5, "CS9", "Reviews held late", rules.DECREASE, rules.UNIT_PERCENT, 10, 5)


def test_the_contradictions_the_plan_prints():
    flags = rules.kpi_contradictions([LATE, CS10, CS10A, FINE, LATE_DOWN])
    assert flags == {
        1: ["its words count things done late, but its direction is Increase, so more of them would score Green"],
        2: ["it seems to be the same figure as KPI CS1.0a"],
        3: ["it seems to be the same figure as KPI CS1.0"],
    }
    assert rules.flag_words(flags[2]) == "Flagged for the QA group: it seems to be the same figure as KPI CS1.0a."
    # resolved as worded: gone; a flag worded differently since: back
    assert rules.unresolved(flags, {2: rules.flag_words(flags[2])}).keys() == {1, 3}
    assert rules.unresolved(flags, {2: "Flagged for the QA group: something else."}).keys() == {1, 2, 3}


@pytest.fixture
def late_kpi(app):
    rec = Recommendation(number=7, title="Children are safe in family and friends care.", short_title="Kinship care")
    kpi = Kpi(code="NEW", description="Number of Regulation 24/s20 arrangements recorded >1mth after starting",
              direction="increase", unit="count", baseline_value=12, baseline_text="12", target_value=18,
              target_text="18 (+50% of previous year)")
    db.session.add_all([rec, kpi, RecommendationKpi(recommendation=rec, kpi=kpi)])
    db.session.commit()
    return kpi


WORDS = ("Flagged for the QA group: its words count things done late, but its direction is Increase, "
         "so more of them would score Green.")


def test_the_kpi_page_flags_it_and_an_administrator_resolves_it(client, make_user, late_kpi, monkeypatch):
    reader = make_user("qa_viewer", email="quinn@example.org", name="Quinn Viewer")
    admin = make_user("admin", email="ada@example.org", name="Ada Admin")
    client.sign_in(reader)
    doc = page(client.get(f"/plan/kpis/{late_kpi.id}"))
    assert doc.select_one("#kpi-flags").get_text(" ", strip=True).startswith(f"! Warning {WORDS}")
    assert not doc.find("button", string=lambda s: s and "Mark as resolved" in s)
    assert client.submit(f"/plan/kpis/{late_kpi.id}/resolve-flags").status_code == 403
    client.sign_out()

    client.sign_in(admin)
    # without the CSRF token nothing is resolved
    client.http.post(f"/plan/kpis/{late_kpi.id}/resolve-flags", data={})
    assert db.session.get(Kpi, late_kpi.id).flags_resolved is None
    from app.plan import views

    monkeypatch.setattr(views, "utcnow", lambda: datetime(2026, 10, 12, 23, 30))  # 00:30 on 13 October, UK
    response = client.submit(f"/plan/kpis/{late_kpi.id}/resolve-flags")
    assert response.status_code == 302
    doc = page(client.get(f"/plan/kpis/{late_kpi.id}"))
    assert doc.select_one("#kpi-flags") is None
    assert doc.select_one("#kpi-flags-resolved").get_text(" ", strip=True) == (
        f"{WORDS} Resolved by Ada Admin on 13 October 2026.")


def test_the_report_flags_it_in_the_kpis_recommendation_until_resolved(late_kpi, make_user):
    from app.core.periods import Period
    from app.plan import services
    from app.reports.services import build_report

    period = Period.parse("H1 2026-27")
    section = next(s for s in build_report(period).sections if s.id == "recommendation-7")
    assert f"KPI NEW: {WORDS}" in section.paragraphs
    services.resolve_kpi_flags(late_kpi, make_user("admin"), datetime(2026, 10, 12, 9))
    section = next(s for s in build_report(period).sections if s.id == "recommendation-7")
    assert not any("Flagged" in p for p in section.paragraphs)
    assert db.session.scalar(select(Kpi.flags_resolved_by_id).where(Kpi.id == late_kpi.id)) is not None
