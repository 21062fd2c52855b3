"""Demo partner agencies (Cumbria's safeguarding partners), their people, and one council QA
viewer narrowed to a district. In production administrators add agencies (/admin/agencies)."""
from datetime import datetime

from sqlalchemy import select

from app.auth.models import User
from app.auth.roles import AGENCY_LEAD, PARTNER_AUDITOR, PARTNERSHIP_PANEL, QA_VIEWER, ROLES
from app.core.db import db
from app.org import scope
from app.org.agencies import agency_named
from app.org.models import Agency, District
from app.org.services import save_user

# The partners named by the partnership's arrangements (the only agency list: look agencies up by name).
DEMO_AGENCIES = [
    ("Cumbria Constabulary", "police"),
    ("North Cumbria Integrated Care", "health"),
    ("University Hospitals of Morecambe Bay", "health"),
    ("Cumbria schools", "education"),
    ("Allerdale Borough Council", "district_council"),
    ("Barrow Borough Council", "district_council"),
    ("Carlisle City Council", "district_council"),
    ("Copeland Borough Council", "district_council"),
    ("Eden District Council", "district_council"),
    ("South Lakeland District Council", "district_council"),
    ("Probation Service Cumbria", "probation"),
    ("Cumbria Voluntary Sector Safeguarding Network", "voluntary"),
]

# (email, name, roles, agency or None, district the person is narrowed to or None)
DEMO_PARTNER_PEOPLE = [
    ("police.auditor@example.org", "Pat Police Auditor", {PARTNER_AUDITOR, AGENCY_LEAD}, "Cumbria Constabulary", None),
    ("health.auditor@example.org", "Hana Health Auditor", {PARTNER_AUDITOR}, "North Cumbria Integrated Care", None),
    ("schools.auditor@example.org", "Sam Schools Auditor", {PARTNER_AUDITOR}, "Cumbria schools", None),
    ("health.lead@example.org", "Harri Health Lead", {AGENCY_LEAD}, "North Cumbria Integrated Care", None),
    ("bay.lead@example.org", "Bea Bay Lead", {AGENCY_LEAD}, "University Hospitals of Morecambe Bay", None),
    ("schools.lead@example.org", "Sol Schools Lead", {AGENCY_LEAD}, "Cumbria schools", None),
    ("district.lead@example.org", "Dee District Council Lead", {AGENCY_LEAD}, "Carlisle City Council", None),
    ("probation.lead@example.org", "Parveen Probation Lead", {AGENCY_LEAD}, "Probation Service Cumbria", None),
    ("voluntary.lead@example.org", "Val Voluntary Lead", {AGENCY_LEAD},
     "Cumbria Voluntary Sector Safeguarding Network", None),
    ("panel@example.org", "Pip Partnership Panel", {PARTNERSHIP_PANEL}, None, None),
    ("qa.carlisle@example.org", "Cal Carlisle QA Viewer", {QA_VIEWER}, None, "Carlisle"),
]


def demo_partners(password: str, joined: datetime | None = None) -> list[tuple[str, str]]:
    """The agencies and their people (idempotent): (email, what they hold) of each account."""
    kinds = dict(DEMO_AGENCIES)
    for name, kind in DEMO_AGENCIES:
        if db.session.scalar(select(Agency.id).where(Agency.name == name)) is None and joined is not None:
            agency_named(name, kind).created_at = joined  # the demo county is the same every run
            db.session.commit()
        else:
            agency_named(name, kind)
    accounts = []
    for email, name, roles, agency_name, district_name in DEMO_PARTNER_PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            agency = agency_named(agency_name, kinds[agency_name]) if agency_name else None
            district = (db.session.scalar(select(District).where(District.name == district_name))
                        if district_name else None)
            placement = ((agency.id, scope.AGENCY, None) if agency else
                         (None, scope.DISTRICT, district.id) if district else (None, scope.COUNTY, None))
            user = save_user(User(), name, email, None, roles, password, placement=placement)
            if joined is not None:
                user.created_at = joined
                db.session.commit()
        held = ", ".join(ROLES[r] for r in sorted(roles))
        where = agency_name or (f"{district_name} district only" if district_name else None)
        accounts.append((email, f"{held} ({where})" if where else held))
    return accounts


def partner_people(password: str) -> dict[str, User]:
    """The demo's partner people by email (the multi-agency audit and Section 11 demos use
    them), made first with their agencies if they are missing."""
    demo_partners(password)
    emails = [person[0] for person in DEMO_PARTNER_PEOPLE]
    return {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
