"""A multi-agency domestic abuse audit with two partner agencies: built through the service,
as the QA group starts one, on cases of the Carlisle district."""
from datetime import date

import pytest
from sqlalchemy import select

from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from app.auth.models import User
from app.core.db import db
from app.org.models import Agency, District
from app.partnership import services


def agency(name: str, kind: str) -> Agency:
    found = db.session.scalar(select(Agency).where(Agency.name == name))
    if found is None:
        found = Agency(name=name, kind=kind)
        db.session.add(found)
        db.session.commit()
    return found


@pytest.fixture
def world(make_user, make_case, publish_tool, places):
    police = agency("Cumbria Constabulary", "police")
    health = agency("North Cumbria Integrated Care", "health")
    version = publish_tool("multi_agency_domestic_abuse_audit")
    for _ in range(3):
        make_case()
    admin = make_user("admin", name="Ada Admin")
    lead = make_user("auditor", name="Lee Lead")
    council = make_user("auditor", name="Cara Council")
    officer = make_user("partner_auditor", name="Pat Police")
    nurse = make_user("partner_auditor", name="Hana Health")
    officer.agency, nurse.agency = police, health
    db.session.commit()
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    mround = services.start(name="Domestic abuse, spring", theme="domestic_abuse", tool_version=version,
                            agency_ids=[police.id, health.id], place=f"district-{carlisle.id}", sample_spec="2",
                            due_date=date(2027, 3, 31), lead_auditor_id=lead.id, user=admin, seed=7)
    return dict(mround=mround, police=police, health=health, admin=admin, lead=lead, council=council,
                officer=officer, nurse=nurse, version=version)


def part_for(mround, section_key: str, n: int = 0):
    audit = mround.round.audits[n]
    return next(p for p in services.parts_of(audit) if p.section_key == section_key)


def user(user_id) -> User:
    return db.session.get(User, user_id)
