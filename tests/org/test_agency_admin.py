"""Administrators keep the partner agencies and put people in them, through the pages they use."""
import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.auth.models import User
from app.core.db import db
from app.org.agencies import agency_named
from app.org.models import Agency, District

PASSWORD = "another long password"


@pytest.fixture
def admin(client, make_user, places):
    client.sign_in(make_user("admin", email="ada@example.org"))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def field_error(response, field_id):
    element = page(response).select_one(f"#{field_id}-error")
    assert element is not None, f"no error message on {field_id}"
    return element.get_text(" ", strip=True).removeprefix("Error:").strip()


def fresh_user(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_admin_adds_an_agency_and_sees_it_listed(client, admin):
    assert "Partner agencies" in client.get("/admin").get_data(as_text=True)
    response = client.submit("/admin/agencies/new", {"name": "  Cumbria   Constabulary ", "kind": "police"})
    police = db.session.scalar(select(Agency))
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/agencies/{police.id}"
    assert (police.name, police.kind, police.active) == ("Cumbria Constabulary", "police", True)
    shown = page(client.get(f"/admin/agencies/{police.id}"))
    assert shown.h1.get_text(strip=True) == "Cumbria Constabulary"
    summary = [r.get_text(" ", strip=True) for r in shown.select(".govuk-summary-list__row")]
    assert summary[1].startswith("Kind of agency Police")
    listed = page(client.get("/admin/agencies"))
    assert [td.get_text(" ", strip=True) for td in listed.select("tbody tr td")] == [
        "Cumbria Constabulary", "Police", "0", "Active"]


@pytest.mark.parametrize("form, field, message", [
    ({"name": "", "kind": "police"}, "name", "Enter the agency's name"),
    ({"name": "Somewhere"}, "kind", "Select the kind of agency"),
    ({"name": "x" * 151, "kind": "health"}, "name", "The agency's name must be 150 characters or fewer"),
    ({"name": "cumbria constabulary", "kind": "police"}, "name", "There is already an agency called cumbria constabulary"),
])
def test_a_bad_agency_is_refused_at_the_field_and_nothing_is_saved(client, admin, form, field, message):
    agency_named("Cumbria Constabulary", "police")
    response = client.submit("/admin/agencies/new", form)
    assert response.status_code == 400
    assert field_error(response, field) == message
    assert message in error_messages(response)
    assert count(Agency) == 1


def test_admin_renames_and_deactivates_an_agency(client, admin):
    health = agency_named("North Cumbria Trust", "health")
    edit = client.get(f"/admin/agencies/{health.id}/edit")
    assert page(edit).select_one("#name")["value"] == "North Cumbria Trust"
    client.submit(f"/admin/agencies/{health.id}/edit", {"name": "North Cumbria Integrated Care", "kind": "health"})
    client.submit(f"/admin/agencies/{health.id}/deactivate")
    db.session.expire_all()
    assert (health.name, health.active) == ("North Cumbria Integrated Care", False)
    # An inactive agency is not offered for a new person.
    options = [o.get_text(strip=True) for o in page(client.get("/admin/people/new")).select("#agency_id option")]
    assert options == ["No agency (council staff)"]
    client.submit(f"/admin/agencies/{health.id}/reactivate")
    db.session.expire_all()
    assert health.active


def test_admin_adds_partner_staff_with_a_partnership_role(client, admin):
    police = agency_named("Cumbria Constabulary", "police")
    response = client.submit("/admin/people/new", {
        "name": "Pat Police", "email": "pat@police.example.org", "agency_id": str(police.id), "team_id": "",
        "scope": "agency", "roles": ["partner_auditor"], "password": PASSWORD})
    assert response.status_code == 302
    pat = fresh_user("pat@police.example.org")
    assert (pat.agency_id, pat.roles, pat.scope_district_id) == (police.id, {"partner_auditor"}, None)
    people = page(client.get(f"/admin/agencies/{police.id}")).select(".govuk-summary-list__row")
    assert "Pat Police Partner auditor" in [r.get_text(" ", strip=True) for r in people][-1]
    assert "Cumbria Constabulary" in client.get("/admin/people").get_data(as_text=True)


@pytest.mark.parametrize("changes, field, words", [
    ({"roles": ["partner_auditor", "auditor"]}, "roles", "Partner staff can only hold the partnership's roles"),
    ({"roles": ["qa_viewer"]}, "roles", "Remove QA viewer"),
    ({"scope": "county"}, "scope", "Partner staff see only their agency's work"),
    ({"team_id": "team"}, "team_id", "Partner staff are not in a council team"),
])
def test_partner_staff_given_a_council_role_or_scope_are_refused_at_the_field(client, admin, changes, field, words):
    from app.org.models import Team

    police = agency_named("Cumbria Constabulary", "police")
    team = Team(name="Carlisle CLA", district=db.session.scalar(select(District)), service_area="cla")
    db.session.add(team)
    db.session.commit()
    form = {"name": "Pat Police", "email": "pat@police.example.org", "agency_id": str(police.id), "team_id": "",
            "scope": "agency", "roles": ["partner_auditor"], "password": PASSWORD}
    form.update({k: (str(team.id) if v == "team" else v) for k, v in changes.items()})
    response = client.submit("/admin/people/new", form)
    assert response.status_code == 200
    assert words in field_error(response, field)
    assert fresh_user("pat@police.example.org") is None


def test_an_existing_partner_given_a_council_role_keeps_what_they_had(client, admin, make_user):
    police = agency_named("Cumbria Constabulary", "police")
    client.submit("/admin/people/new", {
        "name": "Pat Police", "email": "pat@police.example.org", "agency_id": str(police.id), "scope": "agency",
        "roles": ["agency_lead"], "password": PASSWORD})
    pat = fresh_user("pat@police.example.org")
    response = client.submit(f"/admin/people/{pat.id}", {
        "name": "Pat Changed", "email": "pat@police.example.org", "agency_id": str(police.id), "scope": "agency",
        "roles": ["agency_lead", "moderator"], "password": ""})
    assert "Remove Moderator" in field_error(response, "roles")
    pat = fresh_user("pat@police.example.org")
    assert (pat.name, pat.roles) == ("Pat Police", {"agency_lead"})


def test_council_staff_narrowed_to_a_district_and_the_panel_held_by_council_staff(client, admin):
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    form = page(client.get("/admin/people/new"))
    choices = [o["value"] for o in form.select("#scope option")]
    assert choices[0] == "county" and f"district:{carlisle.id}" in choices and choices[-1] == "agency"
    response = client.submit("/admin/people/new", {
        "name": "Cal QA", "email": "cal@example.org", "scope": f"district:{carlisle.id}",
        "roles": ["qa_viewer", "partnership_panel"], "password": PASSWORD})
    assert response.status_code == 302
    cal = fresh_user("cal@example.org")
    assert (cal.agency_id, cal.scope_district_id, cal.scope_locality_id) == (None, carlisle.id, None)
    again = page(client.get(f"/admin/people/{cal.id}"))
    assert again.select_one("#scope option[selected]")["value"] == f"district:{carlisle.id}"
    assert "Sees only Carlisle district" in client.get("/admin/people").get_data(as_text=True)


def test_an_administrator_is_not_narrowed_and_council_staff_are_not_an_agencys(client, admin):
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    base = {"name": "Al", "email": "al@example.org", "password": PASSWORD}
    response = client.submit("/admin/people/new", {**base, "scope": f"district:{carlisle.id}", "roles": ["admin"]})
    assert "Administrators look after the whole county" in field_error(response, "scope")
    response = client.submit("/admin/people/new", {**base, "scope": "agency", "roles": ["auditor"]})
    assert "Only partner staff are limited to an agency's work" in field_error(response, "scope")
    assert fresh_user("al@example.org") is None
