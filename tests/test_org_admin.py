"""Administering people and teams through the pages an administrator uses."""

import pytest
from conftest import PASSWORD, error_messages, page
from sqlalchemy import func, select

from app.auth.models import User
from app.core.db import db
from app.org.models import District, Team
from app.org.services import save_team

NEW_PASSWORD = "another long password"


@pytest.fixture
def admin(client, make_user, places):
    user = make_user("admin", name="Ada Admin", email="ada@example.org")
    client.sign_in(user)
    return user


def district(name: str) -> District:
    return db.session.scalar(select(District).where(District.name == name))


def make_team(name: str, district_name: str = "Carlisle", service_area: str = "cla", active: bool = True) -> Team:
    return save_team(Team(), name, district(district_name).id, service_area, active)


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def user_by_email(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def table_rows(response) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td, th")]
        for row in page(response).select("table tbody tr")
    ]


def person_form(**overrides) -> dict:
    data = {"name": "Jo Bloggs", "email": "jo.bloggs@example.org", "team_id": "", "roles": [], "password": NEW_PASSWORD}
    data.update(overrides)
    return data


def field_error(response, field_id: str) -> str:
    element = page(response).select_one(f"#{field_id}-error")
    assert element is not None, f"no error message on {field_id}"
    return element.get_text(" ", strip=True).removeprefix("Error:").strip()


# --- People ---------------------------------------------------------------------------------


def test_admin_adds_a_person_with_two_roles_and_a_team(client, admin, new_client):
    team = make_team("Carlisle CLA Team")
    form = client.get("/admin/people/new")
    assert form.status_code == 200
    assert [o.get_text(strip=True) for o in page(form).select("#team_id option")] == [
        "No team", "Carlisle CLA Team (Carlisle)"
    ]

    response = client.submit(
        "/admin/people/new",
        person_form(email="Jo.Bloggs@Example.org", team_id=str(team.id), roles=["auditor", "moderator"]),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/people"

    people = client.get("/admin/people")
    assert "Jo Bloggs's details are saved." in page(people).get_text()
    assert ["Jo Bloggs", "jo.bloggs@example.org", "Carlisle CLA Team", "Auditor, Moderator", "Active"] in table_rows(people)

    jo = user_by_email("jo.bloggs@example.org")
    assert jo.name == "Jo Bloggs"
    assert jo.roles == {"auditor", "moderator"}
    assert jo.team_id == team.id
    assert jo.active
    # They can sign in with the password they were given.
    new_client().sign_in("jo.bloggs@example.org", NEW_PASSWORD)


def test_a_person_with_no_role_is_listed_as_none(client, admin):
    assert client.submit("/admin/people/new", person_form()).status_code == 302
    assert ["Jo Bloggs", "jo.bloggs@example.org", "No team", "None", "Active"] in table_rows(client.get("/admin/people"))
    assert user_by_email("jo.bloggs@example.org").roles == set()


def test_an_email_already_in_use_is_refused_on_the_email_field(client, admin, make_user):
    make_user(email="taken@example.org")
    before = count(User)
    response = client.submit("/admin/people/new", person_form(email=" TAKEN@example.org "))
    assert response.status_code == 200
    assert error_messages(response) == ["Someone already has the email address taken@example.org"]
    assert field_error(response, "email") == "Someone already has the email address taken@example.org"
    assert page(response).h1.get_text(strip=True) == "Add a person"
    # What they typed is kept, except the password.
    assert page(response).select_one("#name")["value"] == "Jo Bloggs"
    assert count(User) == before


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "jo.bloggs.example.org"}, "email", "Enter an email address in the correct format, like name@example.org"),
        ({"email": "jo@bloggs"}, "email", "Enter an email address in the correct format, like name@example.org"),
        ({"email": "jo bloggs@example.org"}, "email", "Enter an email address in the correct format, like name@example.org"),
        ({"password": "too short"}, "password", "Password must be 12 characters or more"),
        ({"password": "password1234"}, "password", "Password is too common or too easy to guess; use three or four unrelated words"),
        ({"password": "JoBloggs2026!"}, "password", "Password is too common or too easy to guess; use three or four unrelated words"),
        ({"password": ""}, "password", "Enter a password"),
        ({"name": ""}, "name", "Enter their full name"),
        ({"name": "   "}, "name", "Enter their full name"),
        ({"email": ""}, "email", "Enter their email address"),
        ({"roles": ["superuser"]}, "roles", "'superuser' is not a valid choice for this field."),
    ],
)
def test_a_bad_person_form_says_what_is_wrong(client, admin, overrides, field, message):
    before = count(User)
    response = client.submit("/admin/people/new", person_form(**overrides))
    assert response.status_code == 200
    assert message in error_messages(response)
    assert field_error(response, field) == message
    assert count(User) == before


def test_admin_changes_someones_roles(client, admin, make_user, new_client):
    person = make_user("auditor", name="Rob Roles", email="rob@example.org")
    form = client.get(f"/admin/people/{person.id}")
    checked = {box["value"] for box in page(form).select("input[name=roles][checked]")}
    assert checked == {"auditor"}

    response = client.submit(
        f"/admin/people/{person.id}",
        {"name": "Rob Roles", "email": "rob@example.org", "team_id": "", "roles": ["moderator", "qa_viewer"], "password": ""},
    )
    assert response.status_code == 302
    assert fresh(User, person.id).roles == {"moderator", "qa_viewer"}
    assert ["Rob Roles", "rob@example.org", "No team", "Moderator, QA viewer", "Active"] in table_rows(client.get("/admin/people"))
    # A blank password keeps the old one.
    new_client().sign_in("rob@example.org", PASSWORD)

    # Unticking every role leaves them able to read the plan only.
    client.submit(f"/admin/people/{person.id}", {"name": "Rob Roles", "email": "rob@example.org", "team_id": "", "password": ""})
    assert fresh(User, person.id).roles == set()


def test_admin_deactivates_and_reactivates_someone(client, admin, make_user, new_client):
    person = make_user("auditor", name="Dee Parted", email="dee@example.org")
    response = client.submit(f"/admin/people/{person.id}/deactivate")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/people/{person.id}"
    assert not fresh(User, person.id).active

    edit = client.get(f"/admin/people/{person.id}")
    text = edit.get_data(as_text=True)
    assert "Dee Parted is deactivated and can no longer sign in. Their work stays attributed to them." in text
    assert "Dee Parted is deactivated and cannot sign in." in text
    assert page(edit).select_one(f"form[action='/admin/people/{person.id}/reactivate']") is not None
    assert ["Dee Parted", "dee@example.org", "No team", "Auditor", "Deactivated"] in table_rows(client.get("/admin/people"))
    refused = new_client().submit("/sign-in", {"email": "dee@example.org", "password": PASSWORD})
    assert refused.status_code == 401

    response = client.submit(f"/admin/people/{person.id}/reactivate")
    assert response.status_code == 302
    assert "Dee Parted can sign in again." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert fresh(User, person.id).active
    new_client().sign_in("dee@example.org")


def test_admin_cannot_deactivate_themselves(client, admin):
    response = client.submit(f"/admin/people/{admin.id}/deactivate")
    assert response.status_code == 302
    shown = client.get(response.headers["Location"])
    assert error_messages(shown) == ["You cannot deactivate your own account. Ask another administrator."]
    assert fresh(User, admin.id).active
    assert client.get("/admin/people").status_code == 200


def test_people_are_never_deleted(app, client, admin, make_user):
    person = make_user("auditor")
    people_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin/people")]
    assert not [r.rule for r in people_rules if "delete" in r.rule or "remove" in r.rule]
    assert not [r.rule for r in app.url_map.iter_rules() if "DELETE" in r.methods]
    assert client.submit(f"/admin/people/{person.id}/delete").status_code == 404
    assert client.http.delete(f"/admin/people/{person.id}").status_code == 405
    edit = client.get(f"/admin/people/{person.id}")
    buttons = [b.get_text(" ", strip=True) for b in page(edit).select("button")]
    assert not [b for b in buttons if "Delete" in b]
    assert fresh(User, person.id) is not None


def test_editing_an_unknown_person_is_not_found(client, admin):
    assert client.get("/admin/people/9999").status_code == 404
    assert client.submit("/admin/people/9999/deactivate").status_code == 404


# --- Teams ------------------------------------------------------------------------------------


def team_form(**overrides) -> dict:
    data = {"name": "Eden Early Help", "district_id": str(district("Eden").id), "service_area": "early_help", "active": "yes"}
    data.update(overrides)
    return data


def test_admin_adds_a_team(client, admin):
    form = client.get("/admin/teams/new")
    districts = [o.get_text(strip=True) for o in page(form).select("#district_id option")]
    assert districts[0] == "Choose a district"
    assert "Eden (Carlisle & Eden)" in districts and len(districts) == 7

    response = client.submit("/admin/teams/new", team_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/teams"
    listing = client.get("/admin/teams")
    assert "Team Eden Early Help is saved." in listing.get_data(as_text=True)
    assert table_rows(listing) == [["Eden Early Help", "Early Help", "Eden", "Carlisle & Eden", "Active"]]
    team = db.session.scalar(select(Team).where(Team.name == "Eden Early Help"))
    assert (team.district.name, team.service_area, team.active) == ("Eden", "early_help", True)


def test_a_team_name_in_use_is_refused_whatever_its_case(client, admin):
    make_team("Eden Early Help", "Eden", "early_help")
    response = client.submit("/admin/teams/new", team_form(name="  eden EARLY help "))
    assert response.status_code == 200
    assert error_messages(response) == ["There is already a team called eden EARLY help"]
    assert field_error(response, "name") == "There is already a team called eden EARLY help"
    assert count(Team) == 1


def test_a_team_form_with_nothing_chosen_says_what_is_missing(client, admin):
    response = client.submit("/admin/teams/new", {"name": "", "district_id": "", "active": "yes"})
    assert response.status_code == 200
    assert error_messages(response) == [
        "Enter the team's name", "Select the team's district", "Select the team's service area"
    ]
    assert count(Team) == 0


def test_a_team_name_of_only_spaces_is_refused(client, admin):
    response = client.submit("/admin/teams/new", team_form(name="   "))
    assert response.status_code == 200
    assert error_messages(response) == ["Enter the team's name"]
    assert count(Team) == 0


def test_admin_moves_a_team_to_another_district_and_service_area(client, admin):
    team = make_team("Fell Team", "Carlisle", "cla")
    form = client.get(f"/admin/teams/{team.id}")
    soup = page(form)
    assert soup.select_one("#name")["value"] == "Fell Team"
    assert soup.select_one("#district_id option[selected]").get_text(strip=True) == "Carlisle (Carlisle & Eden)"

    response = client.submit(
        f"/admin/teams/{team.id}",
        {"name": "Fell Team", "district_id": str(district("Barrow").id), "service_area": "cwd", "active": "yes"},
    )
    assert response.status_code == 302
    team = fresh(Team, team.id)
    assert (team.district.name, team.service_area) == ("Barrow", "cwd")
    assert table_rows(client.get("/admin/teams")) == [
        ["Fell Team", "Children with disabilities", "Barrow", "Barrow & South Lakeland", "Active"]
    ]


def test_renaming_a_team_only_by_case_is_allowed(client, admin):
    team = make_team("fell team")
    response = client.submit(f"/admin/teams/{team.id}", team_form(name="Fell Team", district_id=str(team.district_id)))
    assert response.status_code == 302
    assert fresh(Team, team.id).name == "Fell Team"


def test_an_inactive_team_is_not_offered_for_new_people(client, admin, make_user):
    make_team("Open Team")
    closed = make_team("Closed Team")
    response = client.submit(f"/admin/teams/{closed.id}", team_form(name="Closed Team", active="no"))
    assert response.status_code == 302
    assert {row[0]: row[-1] for row in table_rows(client.get("/admin/teams"))} == {
        "Open Team": "Active", "Closed Team": "Inactive"
    }

    options = [o.get_text(strip=True) for o in page(client.get("/admin/people/new")).select("#team_id option")]
    assert options == ["No team", "Open Team (Carlisle)"]

    # Sending it anyway is refused.
    refused = client.submit("/admin/people/new", person_form(team_id=str(closed.id)))
    assert refused.status_code == 200
    assert field_error(refused, "team_id") == "Not a valid choice."
    assert user_by_email("jo.bloggs@example.org") is None

    # Someone already in it keeps it when their details are edited.
    member = make_user("auditor", name="Member", email="member@example.org", team_id=closed.id)
    edit = client.get(f"/admin/people/{member.id}")
    assert page(edit).select_one("#team_id option[selected]").get_text(strip=True) == "Closed Team (Eden)"
    saved = client.submit(
        f"/admin/people/{member.id}",
        {"name": "Member", "email": "member@example.org", "team_id": str(closed.id), "roles": ["auditor"], "password": ""},
    )
    assert saved.status_code == 302
    assert fresh(User, member.id).team_id == closed.id
