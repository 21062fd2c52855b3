"""Demo data for a first run: teams in every district, one account per role, KPI figures,
audits and their moderation, and feedback. A module per domain; this one runs them in order.

Deterministic for a given seed, and safe to run twice. Each later capability adds
its own part so the first run shows a product that looks alive.
"""
import random
from datetime import date

from app.core.clock import uk_today
from app.core.db import db
from app.demo import audits as audit_demo
from app.demo.people import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEAMS, demo_accounts
from app.demo.plan import COUNTY_KPI_HISTORY, KPI_HISTORY, kpi_figures

__all__ = ["COUNTY_KPI_HISTORY", "DEMO_PASSWORD", "DEMO_PEOPLE", "DEMO_TEAMS", "KPI_HISTORY", "demo_accounts",
           "kpi_figures", "load_demo"]


def load_demo(seed: int = 2026, today: date | None = None) -> list[tuple[str, str]]:
    """The small demo: a first run that shows a product that looks alive, in a few seconds."""
    rng = random.Random(seed)
    accounts = demo_accounts()
    today = today or uk_today()
    kpi_figures(rng, today)
    db.session.commit()
    _audits(seed, today)
    accounts += _multi_agency(seed, today)
    _feedback(seed, today)
    _board_packs(today)
    accounts += _section11(seed, today)
    return accounts


def _audits(seed: int, today: date) -> None:
    """Audit tools, cases, two dip-sample rounds, some audits already done, and their moderation."""
    audit_demo.add_demo_data(seed, today)
    from app.demo.moderation import add_demo_data as moderation_demo

    moderation_demo(random.Random(seed + 5), today)


def _multi_agency(seed: int, today: date) -> list[tuple[str, str]]:
    """The partnership's multi-agency domestic abuse audit, partly done, and its partner auditors."""
    from app.demo.multi_agency import add_demo_data as multi_agency_demo

    return multi_agency_demo(random.Random(seed + 8), today, DEMO_PASSWORD)


def _feedback(seed: int, today: date) -> None:
    from app.demo.feedback import add_demo_data as feedback_demo
    from app.feedback.yswd import add_demo_data as you_said_we_did_demo

    feedback_demo(random.Random(seed + 6), today)
    you_said_we_did_demo(random.Random(seed + 7), today)


def _board_packs(today: date) -> None:
    """Each board's pack of the report, from the reporting planner."""
    from app.demo.packs import add_demo_packs

    add_demo_packs(today)
    db.session.commit()


def _section11(seed: int, today: date) -> list[tuple[str, str]]:
    """This year's Section 11 audit with partner agencies' returns at every stage."""
    from app.demo.section11 import add_demo_data as section11_demo

    return section11_demo(random.Random(seed + 11), today, DEMO_PASSWORD)
