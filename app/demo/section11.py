"""Demo Section 11: this year's cycle with partner agencies' returns at every stage (agreed
with actions, responded, challenged, submitted, and one late), an agency lead for two of them
and a partnership panel member. Agencies are looked up by name and made only if missing, so
this works with or without the agencies' own demo data."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.auth.roles import AGENCY_LEAD, PARTNERSHIP_PANEL, ROLES
from app.core.db import db
from app.org.models import Agency
from app.org.services import save_user
from app.section11 import services
from app.section11.framework import load_framework
from app.section11.models import Section11Cycle

# (agency, kind, the stage its return has reached)
DEMO_RETURNS = [
    ("Cumbria Constabulary", "police", "agreed_with_actions"),
    ("North Cumbria Integrated Care", "health", "responded"),
    ("University Hospitals of Morecambe Bay", "health", "challenged"),
    ("Cumbria schools", "education", "submitted"),
    ("Probation Service Cumbria", "probation", "not_started"),  # the late one
]
# (email, name, role, agency or None)
DEMO_PARTNER_PEOPLE = [
    ("agency-lead-police@example.org", "Lee Lead (Constabulary)", AGENCY_LEAD, "Cumbria Constabulary"),
    ("agency-lead-health@example.org", "Hana Lead (NCIC)", AGENCY_LEAD, "North Cumbria Integrated Care"),
    ("partnership-panel@example.org", "Pat Panel", PARTNERSHIP_PANEL, None),
]
EVIDENCE = ["Annual safeguarding report to the board, minuted", "Policy reviewed this year; named leads listed",
            "Training figures by role from the learning system", "Audit of personnel files for safer recruitment",
            "Attendance at strategy meetings and conferences", "Case audit of the child's voice in records"]


def agency_named(name: str, kind: str) -> Agency:
    agency = db.session.scalar(select(Agency).where(Agency.name == name))
    if agency is None:
        agency = Agency(name=name, kind=kind)
        db.session.add(agency)
        db.session.flush()
    return agency


def _people(password: str) -> dict[str, User]:
    people = {}
    for email, name, role, agency_name in DEMO_PARTNER_PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = save_user(User(), name, email, None, {role}, password)
        if agency_name:
            user.agency_id = db.session.scalar(select(Agency.id).where(Agency.name == agency_name))
        people[email] = user
    db.session.commit()
    return people


def add_demo_data(rng: random.Random, today: date, password: str) -> list[tuple[str, str]]:
    """This year's cycle (once), and the partner accounts: (email, roles) of each."""
    agencies = [agency_named(name, kind) for name, kind, _ in DEMO_RETURNS]
    db.session.commit()
    people = _people(password)
    accounts = [(email, ROLES[role]) for email, _, role, _ in DEMO_PARTNER_PEOPLE]
    year = today.year if today.month > 3 else today.year - 1
    if db.session.scalar(select(Section11Cycle).where(Section11Cycle.year == year)) is not None:
        return accounts
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    panel = people["partnership-panel@example.org"]
    framework = load_framework()
    # Due ten days ago rather than at the end of February, so the demo has a late return to show.
    cycle = services.open_cycle(year, today - timedelta(days=10), agencies, admin or panel, framework)
    lead = people["agency-lead-police@example.org"]  # completes each in turn, as the demo's stand-in
    for ret, (_, _, stage) in zip(sorted(cycle.returns, key=lambda r: [a.id for a in agencies].index(r.agency_id)),
                                  DEMO_RETURNS):
        if stage == "not_started":
            continue
        for standard in framework.standards:
            rating = rng.choices(["fully_met", "partly_met", "not_met"], weights=[6, 3, 1])[0]
            services.save_standard(ret, standard.key, rating, rng.choice(EVIDENCE), lead)
        services.add_action(ret, "Refresh safeguarding training for front-line staff", "Head of workforce development",
                            today + timedelta(days=120), "training", lead)
        services.submit(ret, lead)
        if stage == "submitted":
            continue
        views = {s.key: ("agree", "") for s in framework.standards}
        views["training"] = ("challenge", "The training figures are from two years ago: give this year's.")
        views["escalation"] = ("challenge", "No escalations are recorded: how do staff know the policy?")
        services.send_review(ret, views)
        if stage == "challenged":
            continue
        services.respond(ret, {
            "training": ("This year's figures: 78% of front-line staff are up to date.", "partly_met"),
            "escalation": ("Escalations are logged by the safeguarding team; three this year.", None),
        }, lead)
        if stage == "responded":
            continue
        services.close_review(ret, stage, "Report training figures to the panel each quarter.", panel)
    return accounts
