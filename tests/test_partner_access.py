"""Partner staff (people of a partner agency) reach nothing of the council's own work: every
route in the URL map is walked, so a new council route is covered, and a new route partner
staff may open must be added to PARTNER_PAGES on purpose."""
from datetime import date

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from conftest import page
from moderation.helpers import submitted_audit
from test_access import PUBLIC, _URL_MAP, _fill_rule, _row_counts, world  # noqa: F401  (world: a fixture)

from app.audits.models import CorrectiveAction
from app.auth.models import User
from app.core.db import db
from app.org import scope
from app.org.agencies import agency_named
from app.org.services import save_user

# What partner staff open of what is not the partnership's own: their home page, the partnership's
# plan in the register (not the council's improvement plan or its KPIs), their password and their
# own corrective actions. The partnership's own pages (Section 11, multi-agency audits) are
# checked role by role in their own matrices.
PARTNER_PAGES = {"/", "/plans", "/plans/<plan_key>", "/plans/<plan_key>/<int:number>", "/plans/<plan_key>/monitoring",
                 "/plans/<plan_key>/monitoring.pdf", "/account/password", "/corrective-actions"}
PARTNER_BUTTONS = {"/account/password", "/sign-out"}
PARTNERSHIPS_OWN = ("section11.", "partnership.")

PARTNERS = {
    "partner auditor": {"partner_auditor"},
    "agency lead": {"agency_lead"},
    "panel member": {"partnership_panel"},
    # A council role left on a partner's account by mistake (say, a bad import) counts for nothing.
    "partner given admin by mistake": {"partner_auditor", "agency_lead", "partnership_panel", "admin"},
}

IDS = {"key": "case_file_audit", "number": 1, "section_key": "x", "question_key": "x", "code": "x", "table_id": "x"}


@pytest.fixture
def council_work(world, make_audit, make_user):
    """One of the council's audits, submitted, with its moderation and a corrective action: ids 1."""
    auditor = db.session.get(User, world["user_id"])
    audit, moderation = submitted_audit(make_audit, auditor)
    action = CorrectiveAction(audit=audit, case=audit.case, description="Update the plan", owner_id=auditor.id,
                              due_date=date(2026, 12, 31), raised_by_id=auditor.id)
    db.session.add(action)
    db.session.commit()
    return {**IDS, **world, "audit_id": audit.id, "moderation_id": moderation.id, "action_id": action.id,
            "case_id": audit.case_id, "round_id": audit.round_id, "reference": audit.case.reference}


def sign_in_partner(client, who):
    police = agency_named("Cumbria Constabulary", "police")
    roles = PARTNERS[who]
    user = save_user(User(), "Pat Police", "pat@police.example.org", None, roles & {
        "partner_auditor", "agency_lead", "partnership_panel"}, "correct horse battery staple",
        placement=(police.id, scope.AGENCY, None))
    user.roles = roles
    db.session.commit()
    client.sign_in(user)
    return user


def _council_rules(method):
    return sorted((r for r in _URL_MAP.iter_rules()
                   if method in r.methods and r.endpoint not in PUBLIC and not r.endpoint.startswith(("api.", *PARTNERSHIPS_OWN))
                   and r.rule not in (PARTNER_PAGES if method == "GET" else PARTNER_BUTTONS)),
                  key=lambda r: r.rule)


@pytest.mark.parametrize("who", PARTNERS)
def test_partner_staff_open_no_page_of_the_councils(client, council_work, who):
    sign_in_partner(client, who)
    opened = {}
    for rule in _council_rules("GET"):
        response = client.get(_fill_rule(rule.rule, council_work))
        if response.status_code != 403:
            opened[rule.rule] = response.status_code
    assert opened == {}


@pytest.mark.parametrize("who", ["partner auditor", "partner given admin by mistake"])
def test_partner_staff_use_no_button_of_the_councils(client, council_work, who):
    sign_in_partner(client, who)
    before = _row_counts()
    used = {}
    token = client.csrf_token()
    for rule in _council_rules("POST"):
        response = client.post(_fill_rule(rule.rule, council_work),
                               data={"csrf_token": token, "name": "Forged", "note": "done", "reason": "no"})
        if response.status_code != 403:
            used[rule.rule] = response.status_code
    assert used == {}
    after = _row_counts()
    assert after.pop("activity_entry") > before.pop("activity_entry")  # each refusal is in the activity log
    assert after == before


@pytest.mark.parametrize("who", PARTNERS)
def test_what_partner_staff_open_shows_nothing_of_the_councils(client, council_work, who):
    sign_in_partner(client, who)
    for rule in PARTNER_PAGES:
        response = client.get(_fill_rule(rule, council_work))
        assert response.status_code == 200, rule
        if response.mimetype == "application/pdf":
            continue  # the partnership plan's monitoring PDF: its page is read above
        html = response.get_data(as_text=True)
        assert council_work["reference"] not in html, rule
        assert "Update the plan" not in html, rule
    # The council's improvement plan and its KPIs are not shared with them.
    for url in ("/plan", "/plan/recommendations/1", "/plan/kpis", "/plan/monitoring"):
        assert client.get(url).status_code == 403, url


def test_partner_staff_are_offered_no_council_menu(client, council_work):
    sign_in_partner(client, "partner given admin by mistake")
    nav = page(client.get("/")).select_one(".govuk-service-navigation").get_text(" ", strip=True)
    for council in ("Administration", "Reports", "Safeguarding alerts", "Moderation", "Audit rounds"):
        assert council not in nav
