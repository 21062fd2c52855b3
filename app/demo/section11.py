"""Demo Section 11: this year's cycle with partner agencies' returns at every stage (agreed
with actions, responded, challenged, submitted, and one late), each completed by its own
agency's lead and reviewed by the partnership panel member (app/demo/agencies.py: the one list
of the partnership's agencies and people)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.core.db import db
from app.demo.agencies import partner_people
from app.section11 import services
from app.section11.framework import load_framework
from app.section11.models import Section11Cycle

# (agency, its safeguarding lead in the demo, the stage its return has reached)
DEMO_RETURNS = [
    ("Cumbria Constabulary", "police.auditor@example.org", "agreed_with_actions"),
    ("North Cumbria Integrated Care", "health.lead@example.org", "responded"),
    ("University Hospitals of Morecambe Bay", "bay.lead@example.org", "challenged"),
    ("Cumbria schools", "schools.lead@example.org", "submitted"),
    ("Probation Service Cumbria", "probation.lead@example.org", "not_started"),  # the late one
]
PANEL = "panel@example.org"
EVIDENCE = ["Annual safeguarding report to the board, minuted", "Policy reviewed this year; named leads listed",
            "Training figures by role from the learning system", "Audit of personnel files for safer recruitment",
            "Attendance at strategy meetings and conferences", "Case audit of the child's voice in records"]


def add_demo_data(rng: random.Random, today: date, password: str) -> list[tuple[str, str]]:
    """This year's cycle, once. Its people's accounts are listed by the agencies' demo."""
    people = partner_people(password)
    leads = [people[email] for _, email, _ in DEMO_RETURNS]
    agencies = [lead.agency for lead in leads]
    accounts: list[tuple[str, str]] = []
    year = today.year if today.month > 3 else today.year - 1
    if db.session.scalar(select(Section11Cycle).where(Section11Cycle.year == year)) is not None:
        return accounts
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    panel = people[PANEL]
    framework = load_framework()
    # Due ten days ago rather than at the end of February, so the demo has a late return to show.
    cycle = services.open_cycle(year, today - timedelta(days=10), agencies, admin or panel, framework)
    by_agency = {lead.agency_id: lead for lead in leads}
    for ret, (_, _, stage) in zip(sorted(cycle.returns, key=lambda r: [a.id for a in agencies].index(r.agency_id)),
                                  DEMO_RETURNS):
        lead = by_agency[ret.agency_id]  # each agency's own lead completes its return
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
