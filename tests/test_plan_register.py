"""The plan register holds several plans: the council's improvement plan at /plan and the
safeguarding partnership's business plan (Cumbria LSCB Business Plan 2017-20) beside it, each
numbering its own items, read by everyone signed in and edited by administrators."""
import pytest
from conftest import page
from sqlalchemy import func, select

from app.core.db import db
from app.plan import services
from app.plan.models import ImpactMeasure, Plan, PlanAction, Recommendation
from app.plan.seed import load_plans

PARTNERSHIP = "/plans/partnership-business-plan"


@pytest.fixture
def plans(places):
    return load_plans()


def test_both_plans_load_and_loading_again_adds_nothing(plans):
    assert plans["added"] > 0
    again = load_plans()
    assert again["added"] == 0 and again["updated"] == 0
    keys = db.session.scalars(select(Plan.key).order_by(Plan.position)).all()
    assert keys == ["improvement-plan", "partnership-business-plan"]


def test_the_partnership_plan_is_the_business_plan_as_printed(plans):
    plan = db.session.scalar(select(Plan).where(Plan.key == "partnership-business-plan"))
    assert plan.item_noun == "Priority area"
    assert [r.number for r in plan.recommendations] == list(range(1, 15))
    assert plan.recommendations[13].short_title == "Domestic Abuse"
    actions = {a.number: a for a in plan.recommendations[13].actions}
    assert actions["14.2"].owner == "Children and Young People's Domestic Abuse Sub Group"
    assert actions["14.2"].due_text == "August 2018" and actions["14.2"].due_date.isoformat() == "2018-08-31"
    assert actions["14.2"].outcome == "LSCB is assured of the multi - agency response to Domestic Abuse"
    # 13.2 is printed twice for two different actions: both are kept.
    assert [a.number for a in plan.recommendations[12].actions].count("13.2") == 2
    # Where the printed table spans rows with one outcome, each action carries it.
    first = {a.number: a for a in plan.recommendations[0].actions}
    assert first["1.2"].outcome == first["1.1"].outcome == "Members of the Board are clear about their roles"
    assert [m.seed_key for m in plan.recommendations[13].measures] == ["p14-am1"]


def test_each_plan_numbers_its_own_items(plans):
    counts = dict(db.session.execute(select(Plan.key, func.count(Recommendation.id)).join(Recommendation)
                                     .group_by(Plan.key)).all())
    assert counts == {"improvement-plan": 10, "partnership-business-plan": 14}
    assert [r.number for r in services.recommendations()] == list(range(1, 11))
    assert len(services.recommendations("partnership-business-plan")) == 14


def test_the_register_lists_both_plans_and_each_opens(client, make_user, plans):
    client.sign_in(make_user("qa_viewer"))
    soup = page(client.get("/plans"))
    rows = [row.select_one("td a").get_text(strip=True) for row in soup.select("tbody tr")]
    assert rows == ["Children's Services Improvement Plan", "Cumbria LSCB Business Plan 2017-20"]
    partnership = page(client.get(PARTNERSHIP))
    assert partnership.h1.get_text(strip=True) == "Cumbria LSCB Business Plan 2017-20"
    headers = [th.get_text(strip=True) for th in partnership.select("#recommendations-caption ~ thead th")]
    assert headers[0] == "Priority area" and "KPIs" not in headers
    assert "14. Domestic Abuse" in partnership.get_text()
    # The improvement plan's own page is unchanged: its ten recommendations only.
    main = page(client.get("/plan"))
    assert "Domestic Abuse" not in main.select_one("#recommendations-caption").find_parent("table").get_text()


def test_a_priority_area_shows_its_actions_with_what_they_are_trying_to_achieve(client, make_user, plans):
    client.sign_in(make_user())
    soup = page(client.get(f"{PARTNERSHIP}/14"))
    assert soup.h1.get_text(strip=True) == "Domestic Abuse"
    assert "Priority area 14" in soup.select_one(".govuk-caption-l").get_text()
    assert "What we are trying to achieve: LSCB is assured of the multi - agency response to Domestic Abuse" in \
        " ".join(soup.get_text(" ").split())
    assert soup.find(id="kpis") is None, "KPIs are the improvement plan's"
    assert client.get(f"{PARTNERSHIP}/15").status_code == 404
    assert client.get("/plans/no-such-plan").status_code == 404


def test_an_admin_adds_an_action_to_a_priority_area(client, make_user, plans):
    client.sign_in(make_user("admin"))
    form = page(client.get(f"{PARTNERSHIP}/14/actions/new"))
    assert form.h1.get_text(strip=True) == "Add an action to priority area 14"
    response = client.submit(f"{PARTNERSHIP}/14/actions/new", data={
        "number": "14.6", "theme": "", "text": "Run the multi-agency domestic abuse audit again", "owner": "PMQAG",
        "due_date": ["31", "3", "2027"], "due_text": "", "governance": "",
        "status": "not_started", "achieved": "",
    })
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{PARTNERSHIP}/14#actions")
    area = db.session.scalar(select(Recommendation).join(Plan).where(Plan.key == "partnership-business-plan",
                                                                      Recommendation.number == 14))
    assert [a.number for a in area.actions][-1] == "14.6"
    # The improvement plan's recommendation 14 does not exist, and was not touched.
    assert db.session.scalar(select(func.count()).select_from(PlanAction).join(Recommendation)
                             .where(Recommendation.number == 14)) == 6


def test_others_cannot_edit_the_partnership_plan(client, make_user, plans):
    client.sign_in(make_user("partnership_panel"))
    assert client.get(f"{PARTNERSHIP}/14/edit").status_code == 403
    before = db.session.scalar(select(func.count()).select_from(ImpactMeasure))
    assert client.submit(f"{PARTNERSHIP}/14/measures/new", data={"kind": "audit", "text": "x"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ImpactMeasure)) == before


def test_partner_staff_read_the_partnerships_plan_and_council_staff_every_plan():
    from app.plan import rules

    assert rules.may_read_plan(rules.PARTNERSHIP_PLAN, partner=True)
    assert not rules.may_read_plan(rules.MAIN_PLAN, partner=True)
    assert rules.may_read_plan(rules.MAIN_PLAN, partner=False) and rules.may_read_plan(rules.PARTNERSHIP_PLAN, partner=False)
