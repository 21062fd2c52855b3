"""A plan's quarterly monitoring report (the partnership's reporting planner: "quarterly
monitoring report of the Business Plan to the LSCB Business Group"): every action counted by
status, the overdue ones on the quarter's last day, and those whose progress changed in it."""
from datetime import date, datetime

import pytest
from conftest import page
from sqlalchemy import select

from app.core.db import db
from app.core.periods import Period
from app.plan import monitoring
from app.plan.models import Plan, PlanAction, Recommendation

Q3 = Period.parse("Q3 2026-27")  # October to December 2026


@pytest.fixture
def plan(places):
    plan = Plan(key="partnership", title="Partnership business plan", item_noun="Priority area", measure_prefix="p")
    area = Recommendation(plan=plan, number=14, title="Domestic Abuse", short_title="Domestic Abuse")
    other = Recommendation(plan=plan, number=8, title="CSE", short_title="CSE")
    db.session.add_all([plan, area, other])
    actions = [
        PlanAction(recommendation=area, number="14.1", text="Refresh the strategy", owner="DA sub group", position=0,
                   status="complete", due_date=date(2026, 11, 30), progress_changed_at=datetime(2026, 11, 20, 12)),
        PlanAction(recommendation=area, number="14.2", text="Multi-agency audit", owner="PMQAG", position=1,
                   status="in_progress", due_date=date(2026, 11, 30), progress_changed_at=datetime(2026, 9, 1, 12)),
        PlanAction(recommendation=area, number="14.3", text="Summit", owner="DA sub group", position=2,
                   status="not_started", due_date=date(2027, 3, 31)),
        PlanAction(recommendation=other, number="8.1", text="CSE training", owner="CSE sub group", position=0,
                   status="not_started", due_date=date(2026, 12, 31)),
    ]
    db.session.add_all(actions)
    db.session.commit()
    return plan


def test_actions_are_counted_overdue_on_the_quarters_last_day_and_changed_within_it(plan):
    # Seen on 15 December, the quarter is open: 8.1 (due 31 December) is not overdue yet.
    report = monitoring.monitoring(plan, Q3, date(2026, 12, 15))
    assert report.as_at == date(2026, 12, 15)
    assert report.totals == {"not_started": 2, "in_progress": 1, "complete": 1}
    assert [a.number for a in report.overdue] == ["14.2"], "complete actions are never overdue"
    assert [a.number for a in report.changed] == ["14.1"], "14.2 changed in September, the quarter before"
    # Seen later, the quarter is read as it ended on 31 December: 8.1 is still due that day.
    closed = monitoring.monitoring(plan, Q3, date(2027, 2, 1))
    assert closed.as_at == date(2026, 12, 31)
    assert [a.number for a in closed.overdue] == ["14.2"]
    # The next quarter: 8.1 is overdue by its end.
    q4 = monitoring.monitoring(plan, Q3.next(), date(2027, 4, 2))
    assert [a.number for a in q4.overdue] == ["14.2", "8.1"]
    assert q4.changed == []


def test_a_quarter_is_chosen_by_its_label_and_nothing_else(plan):
    assert monitoring.quarter_of(None, date(2026, 12, 4)) == Q3
    assert monitoring.quarter_of("Q3 2026-27", date(2027, 6, 1)) == Q3
    with pytest.raises(ValueError):
        monitoring.quarter_of("H1 2026-27", date(2026, 12, 4))


def test_the_page_and_the_pdf(client, make_user, plan):
    client.sign_in(make_user("partnership_panel"))
    response = client.get("/plans/partnership/monitoring?quarter=Q3 2026-27")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Quarterly monitoring Q3 2026-27"
    rows = {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
            for row in soup.select("#by-item tbody tr")}
    assert rows["14. Domestic Abuse"] == ["3", "1", "1", "1", "1", "1"]
    assert rows["All"] == ["4", "2", "1", "1", "1", "1"]
    assert "Multi-agency audit" in soup.find(id="overdue").find_next("table").get_text()
    assert client.get("/plans/partnership/monitoring?quarter=not-a-quarter").status_code == 404
    assert client.get("/plans/nothing/monitoring").status_code == 404
    pdf = client.get("/plans/partnership/monitoring.pdf?quarter=Q3 2026-27")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert 'filename="partnership-monitoring-Q3-2026-27.pdf"' in pdf.headers["Content-Disposition"]


def test_signed_out_people_are_sent_to_sign_in(client, plan):
    response = client.get("/plans/partnership/monitoring")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert db.session.scalar(select(Plan.key)) == "partnership"
