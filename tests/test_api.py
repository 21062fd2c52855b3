"""The read-only JSON API: who may read it (a session or an admin-issued token), and what it says."""
from datetime import date

import pytest
from conftest import error_messages, page
from sqlalchemy import select

from app.auth.models import ApiToken
from app.core.db import db
from app.core.periods import QUARTER, recent_periods
from app.plan.models import Kpi


@pytest.fixture
def admin(new_client, make_user, plan):
    client = new_client()
    client.sign_in(make_user("admin"))
    return client


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def issue_token(admin, name="Power BI scorecard") -> str:
    response = admin.submit("/admin/api-tokens", {"name": name})
    assert response.status_code == 200
    element = page(response).select_one("#new-token")
    assert element is not None, "the new token is not shown"
    return element.get_text(strip=True)


def assert_refused(response):
    assert response.status_code == 401
    assert response.is_json
    assert response.json == {"error": "Sign in, or send an API token as 'Authorization: Bearer <token>'."}
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


# --- Who may read it ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/recommendations", "/api/v1/recommendations/2", "/api/v1/kpis", "/api/v1/kpis/1/values"])
def test_signed_out_without_a_token_is_refused(client, plan, url):
    assert_refused(client.get(url))


@pytest.mark.parametrize(
    "header",
    ["Bearer qa_made-up-token-that-was-never-issued", "Bearer ", "Bearer", "Basic dXNlcjpwYXNz", "qa_abc", "Token qa_abc"],
)
def test_a_made_up_or_malformed_token_is_refused(client, plan, header):
    assert_refused(client.get("/api/v1/recommendations", headers={"Authorization": header}))


def test_a_signed_in_person_reads_the_plan(client, make_user, plan):
    client.sign_in(make_user())  # any role, or none
    response = client.get("/api/v1/recommendations")
    assert response.status_code == 200
    recs = response.json["recommendations"]
    assert [r["number"] for r in recs] == list(range(1, 11))
    for r in recs:
        assert {"number", "title", "short_title", "actions", "audit_measures", "feedback_measures", "kpis"} <= r.keys()
    rec2 = recs[1]
    assert rec2["short_title"] == "Updated assessments and contingency plans"
    assert [m["key"] for m in rec2["audit_measures"]] == ["r2-am1", "r2-am2", "r2-am3"]
    assert rec2["feedback_measures"][0]["respondent_groups"] == ["children", "young_people", "parents_carers"]
    assert rec2["actions"][0]["due_date"] == "2018-05-31"
    cs25 = next(k for k in rec2["kpis"] if k["code"] == "CS2.5")
    assert cs25["key"] == "cs2-5"
    assert cs25["baseline"] == {"text": "11.3%", "value": 11.3, "date": "2018-03-31", "rag": "red"}
    assert cs25["target"] == {"text": "10%", "value": 10, "date": "2019-03-31"}
    assert cs25["recommendations"] == [2, 10]
    assert cs25["direction"] == "decrease"


def test_one_recommendation_and_unknown_ones(client, make_user, plan):
    client.sign_in(make_user())
    response = client.get("/api/v1/recommendations/2")
    assert response.status_code == 200
    assert response.json["number"] == 2
    assert len(response.json["kpis"]) == 5
    missing = client.get("/api/v1/recommendations/11")
    assert missing.status_code == 404
    assert missing.json == {"error": "Not found"}
    missing = client.get("/api/v1/kpis/99999/values")
    assert missing.status_code == 404
    assert missing.json == {"error": "Not found"}


def test_the_api_cannot_change_anything(client, make_user, plan):
    client.sign_in(make_user("admin"))
    for method in (client.http.post, client.http.put, client.http.delete):
        assert method("/api/v1/recommendations").status_code == 405


# --- Tokens -----------------------------------------------------------------------------------------------


def test_admin_issues_a_token_that_reads_the_api_and_revokes_it(admin, new_client):
    token = issue_token(admin)
    assert token.startswith("qa_") and len(token) > 40
    row = db.session.scalar(select(ApiToken))
    assert row.name == "Power BI scorecard"
    assert row.token_hash != token and token not in row.token_hash  # only a hash is kept
    assert token.startswith(row.prefix)

    machine = new_client()  # no session: only the token
    response = machine.get("/api/v1/recommendations", headers=bearer(token))
    assert response.status_code == 200
    assert len(response.json["recommendations"]) == 10
    # The token reads the API only, not the pages.
    assert machine.get("/", headers=bearer(token)).status_code == 302

    listing = admin.get("/admin/api-tokens")
    assert page(listing).select_one("#new-token") is None  # shown once only
    [cells] = [[c.get_text(" ", strip=True) for c in tr.select("td")] for tr in page(listing).select("tbody tr")]
    assert cells[0] == "Power BI scorecard"
    assert cells[1] == f"{row.prefix}…"
    assert cells[3] != "Never"  # last used is recorded
    assert cells[4] == "Revoke token Power BI scorecard"

    revoked = admin.submit(f"/admin/api-tokens/{row.id}/revoke")
    assert revoked.status_code == 302
    assert revoked.headers["Location"] == "/admin/api-tokens"
    listing = admin.get("/admin/api-tokens")
    assert "Token 'Power BI scorecard' is revoked. Anything using it can no longer read the API." in page(listing).get_text()
    assert page(listing).select("tbody td")[4].get_text(strip=True).startswith("Revoked ")

    assert_refused(machine.get("/api/v1/recommendations", headers=bearer(token)))
    assert_refused(new_client().get("/api/v1/kpis", headers=bearer(token)))


def test_revoking_one_token_leaves_the_others_working(admin, new_client):
    first = issue_token(admin, "Dashboard")
    second = issue_token(admin, "Scorecard")
    dashboard = db.session.scalar(select(ApiToken).where(ApiToken.name == "Dashboard"))
    assert admin.submit(f"/admin/api-tokens/{dashboard.id}/revoke").status_code == 302
    assert_refused(new_client().get("/api/v1/kpis", headers=bearer(first)))
    assert new_client().get("/api/v1/kpis", headers=bearer(second)).status_code == 200


def test_a_token_needs_a_name(admin):
    response = admin.submit("/admin/api-tokens", {"name": "   "})
    assert response.status_code == 200
    assert error_messages(response) == ["Enter what the token is for"]
    assert page(response).select_one("#new-token") is None
    assert db.session.scalar(select(ApiToken)) is None


# --- KPI figures through the API ------------------------------------------------------------------------


def test_kpi_values_come_with_their_rag(admin, new_client):
    cs25 = db.session.scalar(select(Kpi).where(Kpi.seed_key == "cs2-5"))
    this_q, last_q = (p for p in recent_periods(QUARTER, date.today(), 2))
    for period, value in ((last_q, "12"), (this_q, "10.4")):
        response = admin.submit(f"/plan/figures/{cs25.id}", {"period": period.label, "value": value, "note": ""})
        assert response.status_code == 302
    token = issue_token(admin)

    response = new_client().get(f"/api/v1/kpis/{cs25.id}/values", headers=bearer(token))
    assert response.status_code == 200
    assert response.json["kpi"]["code"] == "CS2.5"
    assert response.json["values"] == [
        {"period": last_q.label, "period_start": last_q.start.isoformat(), "period_end": last_q.end.isoformat(),
         "value": 12, "rag": "red", "note": None},
        {"period": this_q.label, "period_start": this_q.start.isoformat(), "period_end": this_q.end.isoformat(),
         "value": 10.4, "rag": "amber", "note": None},
    ]
    everything = new_client().get("/api/v1/kpis", headers=bearer(token)).json["kpis"]
    assert len(everything) == 44
    assert next(k for k in everything if k["code"] == "CS2.5")["values"] == response.json["values"]


def test_healthz_and_readyz_report_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ok", "database": "ok", "migrations": "ok", "redis": "ok"}


def test_a_token_stops_working_when_the_admin_who_issued_it_is_deactivated(admin, new_client):
    from app.auth.services import set_active

    token = issue_token(admin)
    issuer = db.session.scalar(select(ApiToken)).created_by
    outsider = new_client()
    assert outsider.get("/api/v1/recommendations", headers=bearer(token)).status_code == 200
    set_active(issuer, False)
    assert outsider.get("/api/v1/recommendations", headers=bearer(token)).status_code == 401


def test_a_token_stops_working_when_its_issuer_is_no_longer_an_administrator(admin, new_client):
    token = issue_token(admin)
    issuer = db.session.scalar(select(ApiToken)).created_by
    outsider = new_client()
    assert outsider.get("/api/v1/recommendations", headers=bearer(token)).status_code == 200
    issuer.roles = {"qa_viewer"}
    db.session.commit()
    assert outsider.get("/api/v1/recommendations", headers=bearer(token)).status_code == 401
    issuer.roles = {"admin"}
    db.session.commit()
    assert outsider.get("/api/v1/recommendations", headers=bearer(token)).status_code == 200
