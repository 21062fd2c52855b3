"""Demo people: teams in every district and one account per role."""
from datetime import datetime

from sqlalchemy import select

from app.auth.models import User
from app.auth.roles import ADMIN, AUDITOR, MODERATOR, PRACTITIONER, QA_VIEWER, ROLES
from app.core.db import db
from app.org.models import District, Team
from app.org.services import save_user

DEMO_PASSWORD = "demo-password-2026"  # development only; demo-data refuses to run in production

DEMO_TEAMS = {
    "Allerdale": [("Allerdale Safeguarding 1", "safeguarding"), ("Allerdale Early Help", "early_help")],
    "Copeland": [("Copeland Safeguarding", "safeguarding"), ("West Cumbria Children Looked After", "cla")],
    "Carlisle": [("Carlisle Safeguarding 1", "safeguarding"), ("Carlisle Care Leavers", "care_leavers"), ("Safeguarding Hub", "hub")],
    "Eden": [("Eden Family Support", "safeguarding"), ("Countywide Children with Disabilities", "cwd")],
    "Barrow": [("Barrow Safeguarding", "safeguarding"), ("Barrow Early Help", "early_help")],
    "South Lakeland": [("South Lakeland Safeguarding", "safeguarding"), ("South Lakeland Children Looked After", "cla")],
}

DEMO_PEOPLE = [
    ("admin@example.org", "Alex Admin", {ADMIN}, "Safeguarding Hub"),
    ("auditor@example.org", "Sam Auditor", {AUDITOR}, "Carlisle Safeguarding 1"),
    ("auditor2@example.org", "Ash Auditor", {AUDITOR}, "South Lakeland Safeguarding"),
    ("moderator@example.org", "Morgan Moderator", {MODERATOR}, "Eden Family Support"),
    ("qa@example.org", "Quinn QA Viewer", {QA_VIEWER}, None),
    ("practitioner@example.org", "Priya Practitioner", {PRACTITIONER}, "Barrow Safeguarding"),
]


def demo_accounts(joined: datetime | None = None) -> list[tuple[str, str]]:
    """The demo teams and one account per role (idempotent): (email, roles) of each account.
    `joined`: when the teams and accounts added are recorded as created (default: now)."""
    teams = {}
    for district_name, team_specs in DEMO_TEAMS.items():
        district = db.session.scalar(select(District).where(District.name == district_name))
        if district is None:
            raise RuntimeError("Run `flask --app wsgi seed` before loading demo data.")
        for name, area in team_specs:
            team = db.session.scalar(select(Team).where(Team.name == name))
            if team is None:
                team = Team(name=name, district=district, service_area=area)
                if joined is not None:
                    team.created_at = joined
                db.session.add(team)
            teams[name] = team
    db.session.commit()

    accounts = []
    for email, name, roles, team_name in DEMO_PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = save_user(User(), name, email, teams[team_name].id if team_name else None, roles, DEMO_PASSWORD)
            if joined is not None:
                user.created_at = joined
                db.session.commit()
        accounts.append((email, ", ".join(ROLES[r] for r in sorted(roles))))
    from app.demo.agencies import demo_partners  # partner agencies and their people, beside the council's

    return accounts + demo_partners(DEMO_PASSWORD, joined)
