"""Demo data for a first run: teams in every district, one account per role, KPI figures.

Deterministic for a given seed, and safe to run twice. Each later capability adds
its own part here so the first run shows a product that looks alive.
"""
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.auth.roles import ADMIN, AUDITOR, MODERATOR, PRACTITIONER, QA_VIEWER, ROLES
from app.core.db import db
from app.core.periods import FREQUENCY_PERIOD_KIND, HALF, QUARTER, YEAR, Period
from app.org.models import District, Team
from app.org.services import save_user
from app.plan.models import Kpi, KpiValue
from app.plan import rules

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


def load_demo(seed: int = 2026, today: date | None = None) -> list[tuple[str, str]]:
    """The small demo: a first run that shows a product that looks alive, in a few seconds."""
    rng = random.Random(seed)
    accounts = demo_accounts()
    today = today or date.today()
    kpi_figures(rng, today)
    db.session.commit()
    _audits(seed, today)
    _feedback(seed, today)
    return accounts


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
    return accounts


def _audits(seed: int, today: date) -> None:
    """Audit tools, cases, two dip-sample rounds, and some audits already done."""
    from app.audits import case_service, round_service, tool_service
    from app.audits.audit_service import fill_demo_audit
    from app.audits.models import Audit

    tool_service.add_demo_data(random.Random(seed + 1), today)
    case_service.add_demo_data(random.Random(seed + 2), today)
    round_service.add_demo_data(random.Random(seed + 3), today)
    if db.session.scalar(select(Audit.id).where(Audit.state == "submitted").limit(1)):
        return  # already filled on an earlier run
    rng = random.Random(seed + 4)
    audits = db.session.scalars(
        select(Audit).where(Audit.auditor_id.is_not(None), Audit.state == "not_started").order_by(Audit.id)
    ).all()
    # About half done, so My audits shows every state on the first run.
    for audit in audits[: len(audits) // 2]:
        fill_demo_audit(audit, rng, today)
    from app.demo.moderation import add_demo_data as moderation_demo

    moderation_demo(random.Random(seed + 5), today)


def _feedback(seed: int, today: date) -> None:
    from app.demo.feedback import add_demo_data as feedback_demo
    from app.feedback.yswd import add_demo_data as you_said_we_did_demo

    feedback_demo(random.Random(seed + 6), today)
    you_said_we_did_demo(random.Random(seed + 7), today)


# How many completed periods of figures each kind of KPI gets, by default and for a county's two years.
KPI_HISTORY = {QUARTER: 4, HALF: 4, YEAR: 4}
COUNTY_KPI_HISTORY = {QUARTER: 8, HALF: 4, YEAR: 2}


def kpi_figures(rng: random.Random, today: date, history: dict[str, int] = KPI_HISTORY) -> None:
    """Figures for the last completed periods of each numeric KPI (`history`: how many, by
    period kind), drifting from baseline toward target. A period that has a figure is left alone."""
    for kpi in db.session.scalars(select(Kpi).order_by(Kpi.id)):
        if kpi.baseline_value is None:
            continue
        kind = FREQUENCY_PERIOD_KIND[kpi.frequency]
        latest = Period.containing(today, kind).previous()
        periods = [latest]
        for _ in range(history[kind] - 1):
            periods.insert(0, periods[0].previous())
        goal = kpi.target_value if kpi.target_value is not None else kpi.baseline_value
        for step, period in enumerate(periods, start=1):
            exists = db.session.scalar(
                select(KpiValue.id).where(KpiValue.kpi_id == kpi.id, KpiValue.period_start == period.start)
            )
            if exists:
                continue
            progress = step / len(periods) * rng.uniform(0.4, 1.1)
            value = kpi.baseline_value + (goal - kpi.baseline_value) * progress
            value = round(value, 1) if kpi.unit == rules.UNIT_PERCENT else round(value)
            entered = None if kpi.target_is_numeric else rng.choice([rules.GREEN, rules.AMBER, rules.AMBER, rules.RED])
            # Entered ten days after the period ends: a fixed time, so the same seed gives the same rows.
            entered_at = datetime.combine(period.end + timedelta(days=10), time(10))
            db.session.add(
                KpiValue(kpi=kpi, period_start=period.start, period_end=period.end, value=value,
                         entered_rag=entered, source="demo", note=None, entered_at=entered_at)
            )
