"""Who may open which page: every role against every page, CSRF on every POST route,
and no route reachable without signing in (walked from the URL map, so a new route is covered)."""
import re
from urllib.parse import quote

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from conftest import PASSWORD, error_messages, page
from moderation.helpers import submitted_audit
from sqlalchemy import func, select

from app import create_app
from app.auth.models import ApiToken, User
from app.auth.roles import PARTNER_ROLES, ROLES
from app.core.db import db
from app.org.models import Agency, District, Team
from app.plan.models import (
    ImpactMeasure,
    Kpi,
    Plan,
    PlanAction,
    Recommendation,
    RecommendationKpi,
)

NO_PERMISSION = "You do not have permission to see this page"

# Every role, plus someone with no role at all.
PEOPLE = [*ROLES, "no role"]


@pytest.fixture
def world(places):
    """A small plan and organisation with one of everything the pages need, by id (one commit, for speed)."""
    district = db.session.scalar(select(District).where(District.name == "Carlisle"))
    team = Team(name="Fell Team", district=district, service_area="cla")
    rec = Recommendation(number=1, title="Improve the quality of plans for children.", short_title="Quality of plans")
    action = PlanAction(recommendation=rec, number="1.1", text="Run a workshop", owner="Head of service", status="not_started")
    measure = ImpactMeasure(recommendation=rec, kind="audit", text="Audits show clear plans", frequency="quarterly")
    kpi = Kpi(code="T1.0", description="Test indicator of plans", unit="percent", frequency="quarterly",
              direction="increase", target_value=90, target_text="90%")
    target = User(name="Target Person", email="target@example.org", team=team)
    target.roles = {"auditor"}
    issuer = User(name="Token Issuer", email="issuer@example.org")
    issuer.roles = {"admin"}
    for user in (target, issuer):
        user.set_password(PASSWORD)
    token, _ = ApiToken.issue("Scorecard", issuer)
    # A second plan in the register (the improvement plan's own addresses are /plan...).
    partnership = Plan(key="partnership-business-plan", title="Partnership business plan", item_noun="Priority area", measure_prefix="p",
                       position=1)
    area = Recommendation(plan=partnership, number=1, title="Domestic abuse", short_title="Domestic abuse")
    agency = Agency(name="Fell Police", kind="police")
    db.session.add_all([partnership, area, team, rec, action, measure, kpi, RecommendationKpi(recommendation=rec, kpi=kpi), target,
                        issuer, token, agency])
    db.session.commit()
    return {
        "number": 1, "plan_key": "partnership-business-plan", "user_id": target.id, "team_id": team.id, "action_id": action.id,
        "measure_id": measure.id, "kpi_id": kpi.id, "token_id": token.id, "agency_id": agency.id,
    }


def fill(url: str, ids: dict) -> str:
    return url.format(**ids)


def signed_in_as(client, make_user, who: str):
    user = make_user(*([] if who == "no role" else [who]), email=f"{who.replace(' ', '-')}@example.org")
    client.sign_in(user)
    return user


def assert_sent_to_sign_in(response, path: str):
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=" + quote(path, safe="")


# --- Pages every signed-in person reads ------------------------------------------------

READ_PAGES = {
    "/": "Home",  # what is on it goes by role: tests/home
    "/plan": "Improvement plan",
    "/plan/recommendations/{number}": "Quality of plans",
    "/plans": "Plans",
    "/plans/{plan_key}": "Partnership business plan",
    "/plans/{plan_key}/{number}": "Domestic abuse",
    "/plan/kpis": "Key performance indicators",
    "/plan/kpis/{kpi_id}": "Test indicator of plans",
    "/account/password": "Change your password",
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("url", READ_PAGES)
def test_anyone_signed_in_reads_the_plan(client, make_user, world, who, url):
    signed_in_as(client, make_user, who)
    response = client.get(fill(url, world))
    assert response.status_code == 200
    assert page(response).h1.get_text(strip=True) == READ_PAGES[url]


@pytest.mark.parametrize("url", READ_PAGES)
def test_plan_pages_send_signed_out_people_to_sign_in(client, world, url):
    path = fill(url, world)
    response = client.get(path)
    assert_sent_to_sign_in(response, path)
    follow = client.get(response.headers["Location"])
    assert page(follow).h1.get_text(strip=True) == "Sign in"
    assert "Sign in to see that page." in follow.get_data(as_text=True)


# --- Administration pages ------------------------------------------------------------------

ADMIN_PAGES = {
    "/admin": "Administration",
    "/admin/people": "People",
    "/admin/people/new": "Add a person",
    "/admin/people/{user_id}": "Edit Target Person",
    "/admin/teams": "Teams",
    "/admin/teams/new": "Add a team",
    "/admin/teams/{team_id}": "Edit Fell Team",
    "/admin/agencies": "Partner agencies",
    "/admin/agencies/new": "Add an agency",
    "/admin/agencies/{agency_id}": "Fell Police",
    "/admin/agencies/{agency_id}/edit": "Edit Fell Police",
    "/admin/api-tokens": "API tokens",
    "/plan/recommendations/{number}/edit": "Edit recommendation 1",
    "/plans/{plan_key}/{number}/edit": "Edit priority area 1",
    "/plans/{plan_key}/{number}/actions/new": "Add an action to priority area 1",
    "/plans/{plan_key}/{number}/measures/new": "Add an impact measure to priority area 1",
    "/plan/recommendations/{number}/actions/new": "Add an action to recommendation 1",
    "/plan/actions/{action_id}/edit": "Edit action 1.1",
    "/plan/recommendations/{number}/measures/new": "Add an impact measure to recommendation 1",
    "/plan/measures/{measure_id}/edit": "Edit impact measure",
    "/plan/kpis/new": "Add a KPI",
    "/plan/kpis/{kpi_id}/edit": "Edit KPI T1.0",
    "/plan/recommendations/{number}/kpis": "KPIs for recommendation 1",
    "/plan/figures": "KPI figures",
    "/plan/figures/{kpi_id}": "Test indicator of plans",
    "/plan/figures/import": "Import KPI figures",
}

# POST-only administration routes, with how to tell that nothing happened.
ADMIN_ACTIONS = {
    "/admin/people/{user_id}/deactivate": lambda ids: db.session.get(User, ids["user_id"]).active,
    "/admin/people/{user_id}/reactivate": lambda ids: db.session.get(User, ids["user_id"]).active,
    "/admin/agencies/{agency_id}/deactivate": lambda ids: db.session.get(Agency, ids["agency_id"]).active,
    "/admin/agencies/{agency_id}/reactivate": lambda ids: db.session.get(Agency, ids["agency_id"]).active,
    "/admin/api-tokens/{token_id}/revoke": lambda ids: db.session.get(ApiToken, ids["token_id"]).revoked_at is None,
    "/plan/recommendations/{number}/kpis/{kpi_id}/unlink":
        lambda ids: db.session.scalar(select(func.count()).select_from(RecommendationKpi)),
}


def _rule_pattern(url: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "<plan_key>" if m[1] == "plan_key" else f"<int:{m[1]}>", url)


def _is_admin_route(rule) -> bool:
    return rule.endpoint.startswith(("org.", "auth.api_token", "plan.edit_", "plan.figures"))


_URL_MAP = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}).url_map


def test_every_admin_route_is_in_the_matrix():
    """A new admin route must be added above, so it is checked for every role."""
    admin_rules = {r.rule for r in _URL_MAP.iter_rules() if _is_admin_route(r)}
    covered = {_rule_pattern(u) for u in [*ADMIN_PAGES, *ADMIN_ACTIONS]}
    assert admin_rules == covered


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_opens_every_admin_page(client, make_user, world, url):
    signed_in_as(client, make_user, "admin")
    response = client.get(fill(url, world))
    assert response.status_code == 200
    assert page(response).h1.get_text(strip=True) == ADMIN_PAGES[url]


@pytest.mark.parametrize("who", [p for p in PEOPLE if p != "admin"])
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_no_one_else_opens_an_admin_page(client, make_user, world, who, url):
    signed_in_as(client, make_user, who)
    response = client.get(fill(url, world))
    assert response.status_code == 403
    assert page(response).h1.get_text(strip=True) == NO_PERMISSION


@pytest.mark.parametrize("url", [*ADMIN_PAGES, *ADMIN_ACTIONS])
def test_admin_routes_send_signed_out_people_to_sign_in(client, world, url):
    path = fill(url, world)
    response = client.get(path) if url in ADMIN_PAGES else client.submit(path)
    assert_sent_to_sign_in(response, path)


@pytest.mark.parametrize("who", [p for p in PEOPLE if p != "admin"])
@pytest.mark.parametrize("url", ADMIN_ACTIONS)
def test_no_one_else_can_use_an_admin_button(client, make_user, world, who, url):
    if "people" in url and "reactivate" in url:
        db.session.get(User, world["user_id"]).active = False
        db.session.commit()
    before = ADMIN_ACTIONS[url](world)
    signed_in_as(client, make_user, who)
    response = client.submit(fill(url, world))
    assert response.status_code == 403
    assert page(response).h1.get_text(strip=True) == NO_PERMISSION
    db.session.expire_all()
    assert ADMIN_ACTIONS[url](world) == before


@pytest.mark.parametrize("who", [p for p in PEOPLE if p != "admin"])
def test_admin_links_are_not_offered_to_others(client, make_user, world, who):
    signed_in_as(client, make_user, who)
    html = client.get("/plan/recommendations/1").get_data(as_text=True)
    nav = page(client.get("/")).select_one(".govuk-service-navigation")
    assert "Edit recommendation" not in html
    assert "People" not in nav.get_text()
    assert "API tokens" not in nav.get_text()


def test_admin_is_offered_the_admin_navigation(client, make_user, world):
    """Settings and figures are on the Administration page, so an admin's menu stays short."""
    signed_in_as(client, make_user, "admin")
    links = [a.get_text(strip=True) for a in page(client.get("/")).select(".govuk-service-navigation__item a.govuk-service-navigation__link")]
    assert links == ["Improvement plan", "Corrective actions", "Safeguarding alerts", "Reports", "Section 11", "Administration"]


# --- Home: each role's own parts, and no case that is not theirs -----------------------------

HOME_PARTS = {
    "admin": ["home-headlines"],
    "auditor": ["home-audits"],
    "moderator": ["home-moderation"],
    "qa_viewer": ["home-headlines"],
    "practitioner": ["home-alerts", "home-invites"],
    "team_manager": ["home-plan"],
    "partner_auditor": ["home-plan"],
    "agency_lead": ["home-plan"],
    "partnership_panel": ["home-plan"],
    "no role": ["home-plan"],
}


@pytest.mark.parametrize("who", PEOPLE)
def test_home_shows_each_role_its_own_parts_and_nobody_elses_case(client, make_user, world, make_audit, who):
    """Someone else's audit, submitted and waiting for a moderator: its case is on nobody's home page
    (a moderator's shows the queue's counts; the case is named on the queue page, where it is taken)."""
    assert set(HOME_PARTS) == set(PEOPLE)
    audit, _ = submitted_audit(make_audit, db.session.get(User, world["user_id"]), case=None)
    signed_in_as(client, make_user, who)
    response = client.get("/")
    assert response.status_code == 200
    soup = page(response)
    assert [s["id"] for s in soup.select("main section[id^=home-]")] == HOME_PARTS[who]
    assert audit.case.reference not in response.get_data(as_text=True)


# --- Read-only QA pages: results and figures -------------------------------------------------

QA_PAGES = {
    "/moderation/results": "Moderation results",
    "/moderation/agreement": "Moderation agreement",
    "/corrective-actions/figures": "Corrective action figures",
}
QA_READERS = {"qa_viewer", "moderator", "admin"}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("url", QA_PAGES)
def test_qa_pages_are_for_qa_viewers_moderators_and_admins(client, make_user, places, who, url):
    signed_in_as(client, make_user, who)
    response = client.get(url)
    assert response.status_code == (200 if who in QA_READERS else 403)
    assert page(response).h1.get_text(strip=True) == (QA_PAGES[url] if who in QA_READERS else NO_PERMISSION)


# --- CSRF on every POST route ----------------------------------------------------------------


def _post_rules():
    return sorted(
        {r.rule for r in _URL_MAP.iter_rules() if "POST" in r.methods and not r.rule.startswith("/api/")}
    )


def _fill_rule(rule: str, ids: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule)


def _row_counts() -> dict:
    db.session.expire_all()
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def test_the_api_is_read_only():
    api = [r for r in _URL_MAP.iter_rules() if r.rule.startswith("/api/")]
    assert api, "no API routes found"
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in api)


@pytest.mark.parametrize("rule", _post_rules())
def test_every_post_route_refuses_a_request_without_a_csrf_token(client, make_user, world, rule):
    admin = signed_in_as(client, make_user, "admin")
    before = _row_counts()
    # Data that would be accepted with a token, so a missing check would change something.
    data = {
        "name": "Forged", "email": "forged@example.org", "password": "a long enough password",
        "roles": "admin", "team_id": "", "district_id": "1", "service_area": "cla", "active": "yes",
        "title": "Forged", "short_title": "Forged", "kpi_id": str(world["kpi_id"]),
    }
    response = client.post(_fill_rule(rule, world), data=data)
    assert response.status_code == 400
    assert page(response).h1.get_text(strip=True) == "Sorry, there is a problem with that request"
    assert "The form had expired or was sent from somewhere else" in response.get_data(as_text=True)
    assert _row_counts() == before
    assert db.session.get(User, world["user_id"]).active
    assert db.session.get(User, admin.id).active


def test_a_forged_token_is_refused_too(client, make_user, world):
    signed_in_as(client, make_user, "admin")
    response = client.post(f"/admin/people/{world['user_id']}/deactivate", data={"csrf_token": "forged"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, world["user_id"]).active


def test_sign_in_itself_needs_a_token(client, make_user):
    user = make_user()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # not signed in


# --- Nothing is reachable signed out ---------------------------------------------------------

PUBLIC = {"static", "core.healthz", "core.readyz", "auth.sign_in",
          # The rest of signing in: through the identity provider (tests/test_oidc.py), and the
          # code after a right password (tests/test_second_factor.py: nobody without one gets in).
          "oidc.start", "oidc.callback", "second_factor.code", "second_factor.set_up",
          # The respondent's pages: children, families and practitioners answer without an account.
          "feedback.code_entry", "feedback.respond", "feedback.open_link", "feedback.thank_you",
          "feedback.respondent_help", "feedback.get_in_touch"}


def _protected_rules():
    return sorted(
        (r for r in _URL_MAP.iter_rules() if r.endpoint not in PUBLIC and not r.endpoint.startswith("api.")),
        key=lambda r: r.rule,
    )


@pytest.mark.parametrize("rule", _protected_rules(), ids=lambda r: r.rule)
def test_every_page_needs_sign_in(client, rule):
    path = _fill_rule(rule.rule, {})
    # A signed-out person can still hold a valid CSRF token (from the sign-in page).
    response = client.get(path) if "GET" in rule.methods else client.submit(path)
    assert_sent_to_sign_in(response, path)


def test_sign_in_and_healthz_are_public(client):
    sign_in = client.get("/sign-in")
    assert sign_in.status_code == 200
    assert page(sign_in).h1.get_text(strip=True) == "Sign in"
    assert error_messages(sign_in) == []
    health = client.get("/healthz")
    assert (health.status_code, health.json["status"]) == (200, "ok")


# --- Reports: admins, QA viewers and moderators read; only admins publish ------------------

REPORT_PAGES = {"/reports/": "Reports", "/reports/draft?period=H1+2026-27": "Improvement plan report H1 2026-27"}
REPORT_READERS = ("admin", "qa_viewer", "moderator")


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("url", REPORT_PAGES)
def test_reports_are_read_by_admins_qa_viewers_and_moderators(client, make_user, world, who, url):
    signed_in_as(client, make_user, who)
    response = client.get(url)
    if who in REPORT_READERS:
        assert response.status_code == 200
        assert page(response).h1.get_text(strip=True) == REPORT_PAGES[url]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", [p for p in PEOPLE if p != "admin"])
def test_only_admins_publish_a_report(client, make_user, world, who):
    from app.reports.models import PublishedReport

    signed_in_as(client, make_user, who)
    assert client.submit("/reports/publish?period=H1+2026-27").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 0


# --- Section 11: agency leads their own return, the panel reviews, admins open years, QA viewers read the report --

def _section11_world(make_user):
    from datetime import date

    from app.org.models import Agency
    from app.section11 import services
    from app.section11.framework import load_framework

    police, health = Agency(name="Cumbria Constabulary", kind="police"), Agency(name="North Cumbria Integrated Care", kind="health")
    db.session.add_all([police, health])
    db.session.commit()
    opener = make_user("admin", email="opener@example.org")
    framework = load_framework()
    cycle = services.open_cycle(2026, date(2027, 2, 28), [police, health], opener, framework)
    own, other = sorted(cycle.returns, key=lambda r: r.agency_id != police.id)
    health_lead = make_user("agency_lead", email="health-lead@example.org")
    for s in framework.standards:
        services.save_standard(other, s.key, "fully_met", "Evidence", health_lead)
    services.submit(other, health_lead)
    action = services.add_action(own, "Refresh training", "Head of learning", date(2027, 6, 30), None, opener)
    return {"cycle": cycle.id, "own": own.id, "other": other.id, "action": action.id, "police": police.id}


# (url, roles that may open it). "own" is the agency lead's own agency's return; "other" another agency's, submitted.
SECTION11_PAGES = {
    "/section-11": {"admin", "partnership_panel", "agency_lead", "qa_viewer"},
    "/section-11/cycles/new": {"admin"},
    "/section-11/cycles/{cycle}": {"admin", "partnership_panel"},
    "/section-11/cycles/{cycle}/report": {"admin", "partnership_panel", "qa_viewer"},
    "/section-11/cycles/{cycle}/report.pdf": {"admin", "partnership_panel", "qa_viewer"},
    "/section-11/cycles/{cycle}/report.xlsx": {"admin", "partnership_panel", "qa_viewer"},
    "/section-11/returns/{own}": {"admin", "partnership_panel", "agency_lead"},
    "/section-11/returns/{other}": {"admin", "partnership_panel"},  # not the lead's agency
    "/section-11/returns/{own}/standards/leadership": {"agency_lead"},
    "/section-11/returns/{own}/actions": {"agency_lead"},
    "/section-11/returns/{own}/check": {"agency_lead"},
    "/section-11/returns/{own}/respond": {"agency_lead"},  # nothing to answer: back to the return
    "/section-11/returns/{other}/review": {"partnership_panel"},
    "/section-11/returns/{other}/close": {"partnership_panel"},  # not reviewed yet: back to the return
}
# POST-only routes, with who may use them.
SECTION11_ACTIONS = {
    "/section-11/returns/{own}/submit": {"agency_lead"},
    "/section-11/returns/{own}/actions/{action}/remove": {"agency_lead"},
}


def test_every_section11_route_is_in_the_matrix():
    rules = {r.rule for r in _URL_MAP.iter_rules() if r.endpoint.startswith("section11.")}
    covered = {re.sub(r"\{(own|other)\}", "<int:return_id>", u).replace("{cycle}", "<int:cycle_id>")
               .replace("{action}", "<int:action_id>").replace("leadership", "<key>")
               for u in [*SECTION11_PAGES, *SECTION11_ACTIONS]}
    assert rules == covered


@pytest.mark.parametrize("who", PEOPLE)
def test_section11_pages_for_every_role(client, make_user, places, who):
    ids = _section11_world(make_user)
    user = signed_in_as(client, make_user, who)
    if who in PARTNER_ROLES:  # partner staff: the lead's own agency is the police
        user.agency_id = ids["police"]
        db.session.commit()
    for url, allowed in SECTION11_PAGES.items():
        response = client.get(url.format(**ids))
        if who in allowed:
            assert response.status_code in (200, 302), (url, response.status_code)
        else:
            assert response.status_code == 403, (url, response.status_code)
            assert page(response).h1.get_text(strip=True) == NO_PERMISSION


@pytest.mark.parametrize("who", PEOPLE)
def test_section11_buttons_for_every_role(client, make_user, places, who):
    ids = _section11_world(make_user)
    user = signed_in_as(client, make_user, who)
    user.agency_id = ids["police"]
    db.session.commit()
    for url, allowed in SECTION11_ACTIONS.items():
        if who in allowed:
            continue
        before = {t: n for t, n in _row_counts().items() if t.startswith("section11")}
        response = client.submit(url.format(**ids))
        assert response.status_code == 403, url
        assert {t: n for t, n in _row_counts().items() if t.startswith("section11")} == before


@pytest.mark.parametrize("url", [*SECTION11_PAGES, *SECTION11_ACTIONS])
def test_section11_routes_send_signed_out_people_to_sign_in(client, make_user, places, url):
    path = url.format(**_section11_world(make_user))
    response = client.get(path) if url in SECTION11_PAGES else client.submit(path)
    assert_sent_to_sign_in(response, path)


def test_partner_staff_reach_nothing_of_the_councils_case_audits(client, make_user, world):
    """A partner auditor or agency lead (with an agency) opens no single-agency audit page, result or report."""
    from app.org.models import Agency

    agency = Agency(name="Cumbria Constabulary", kind="police")
    db.session.add(agency)
    db.session.commit()
    for who in ("partner_auditor", "agency_lead", "partnership_panel"):
        user = signed_in_as(client, make_user, who)
        user.agency_id = agency.id
        db.session.commit()
        for url in ["/audits", "/audit-rounds", "/moderation/results", "/reports/", "/corrective-actions/figures", "/section-11/cycles/new"]:
            assert client.get(url).status_code == 403, (who, url)
        client.sign_out()
