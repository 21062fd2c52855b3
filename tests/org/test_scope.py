"""Who a person can see (app/org/scope.py) and the roles partner staff may hold: plain functions,
tested without a request."""
import pytest
from sqlalchemy import select

from app.auth.models import User
from app.core.db import db
from app.org import scope
from app.org.agencies import agency_named
from app.org.models import District, Locality, Team
from app.org.services import PersonProblem, save_user


def district(name):
    return db.session.scalar(select(District).where(District.name == name))


def locality(name):
    return db.session.scalar(select(Locality).where(Locality.name == name))


def person(roles=(), agency=None, where=(scope.COUNTY, None), email="p@example.org"):
    return save_user(User(), "A Person", email, None, set(roles), "a long enough password",
                     placement=(agency.id if agency else None, *where))


def test_council_staff_see_the_county_unless_narrowed(places):
    assert scope.scope_of(person(["qa_viewer"])) == scope.Scope(scope.COUNTY)
    assert scope.district_ids(scope.Scope(scope.COUNTY)) is None
    assert scope.team_ids(scope.Scope(scope.COUNTY)) is None


def test_a_district_scope_takes_in_only_its_district_and_teams(places):
    carlisle, barrow = district("Carlisle"), district("Barrow")
    ours, theirs = Team(name="Ours", district=carlisle, service_area="cla"), Team(name="Theirs", district=barrow,
                                                                                  service_area="cla")
    db.session.add_all([ours, theirs])
    db.session.commit()
    seen = scope.scope_of(person(["qa_viewer"], where=(scope.DISTRICT, carlisle.id)))
    assert (seen.kind, seen.name, seen.area_key) == (scope.DISTRICT, "Carlisle district", f"district:{carlisle.id}")
    assert scope.district_ids(seen) == {carlisle.id}
    assert scope.team_ids(seen) == {ours.id}
    assert scope.may_see_area(seen, carlisle.id, None)
    assert not scope.may_see_area(seen, barrow.id, None)
    assert not scope.may_see_area(seen, None, None)  # not the county's figures
    assert not scope.may_see_area(seen, None, carlisle.locality_id)  # nor the locality's (Eden is in it)
    assert scope.areas_in(seen) == [(f"district:{carlisle.id}", "Carlisle district")]


def test_a_locality_scope_takes_in_its_districts(places):
    north = locality("Carlisle & Eden")
    seen = scope.scope_of(person(["moderator"], where=(scope.LOCALITY, north.id)))
    assert scope.district_ids(seen) == {district("Carlisle").id, district("Eden").id}
    assert scope.may_see_area(seen, None, north.id)
    assert scope.may_see_area(seen, district("Eden").id, None)
    assert not scope.may_see_area(seen, district("Barrow").id, None)
    assert [name for _, name in scope.areas_in(seen)] == ["Carlisle & Eden locality", "Carlisle district",
                                                          "Eden district"]


def test_partner_staff_see_their_agency_and_nothing_of_the_councils(places):
    police = agency_named("Cumbria Constabulary", "police")
    seen = scope.scope_of(person(["partner_auditor"], agency=police, where=(scope.AGENCY, None)))
    assert (seen.kind, seen.ident, seen.name, seen.is_partner) == (scope.AGENCY, police.id, "Cumbria Constabulary", True)
    assert scope.district_ids(seen) == set() and scope.team_ids(seen) == set()
    assert seen.area_key is None and scope.areas_in(seen) == []
    assert not scope.may_see_area(seen, None, None)
    assert not scope.may_see_area(seen, district("Carlisle").id, None)


@pytest.mark.parametrize("roles, problem", [
    ({"partner_auditor"}, None),
    ({"agency_lead", "partnership_panel"}, None),
    ({"partner_auditor", "auditor"}, "Remove Auditor"),
    ({"admin", "qa_viewer", "agency_lead"}, "Remove Administrator, QA viewer"),
    ({"moderator"}, "Remove Moderator"),
])
def test_partner_staff_hold_only_the_partnerships_roles(roles, problem):
    found = scope.role_problem(True, roles)
    assert (found is None) if problem is None else (problem in found and "choose no agency" in found)


def test_council_staff_may_hold_any_role_the_panel_included():
    assert scope.role_problem(False, {"admin", "partnership_panel", "auditor"}) is None


def test_what_they_see_must_fit_who_they_are():
    assert scope.scope_problem(True, scope.DISTRICT, {"partner_auditor"}) is not None
    assert scope.scope_problem(False, scope.AGENCY, {"auditor"}) is not None
    assert "Administrators" in scope.scope_problem(False, scope.DISTRICT, {"admin"})
    assert scope.scope_problem(False, scope.LOCALITY, {"qa_viewer"}) is None
    assert scope.scope_problem(True, scope.AGENCY, {"agency_lead"}) is None
    assert scope.team_problem(True, 3) is not None and scope.team_problem(False, 3) is None


def test_a_refused_person_is_not_half_saved(places):
    police = agency_named("Cumbria Constabulary", "police")
    with pytest.raises(PersonProblem) as refused:
        person(["auditor"], agency=police, where=(scope.AGENCY, None))
    assert refused.value.field == "roles"
    db.session.rollback()
    assert db.session.scalar(select(User).where(User.email == "p@example.org")) is None


def test_a_council_role_given_to_partner_staff_counts_for_nothing(places):
    """Defence in depth: even if the data says so, a partner person never holds a council role."""
    police = agency_named("Cumbria Constabulary", "police")
    user = person(["partner_auditor"], agency=police, where=(scope.AGENCY, None))
    user.roles = {"partner_auditor", "admin"}  # as a bad import might leave it
    db.session.commit()
    assert not user.has_role("admin")
    assert user.has_role("partner_auditor")
