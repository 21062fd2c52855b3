"""Demo board packs, from the safeguarding children board's reporting planner (seed 001):
who receives which report, for which area, how often and how soon after the period.

- Indicators: "quarterly report through scorecard and indicator set to the PMQA(G)".
- Children looked after, domestic abuse: "bi-annual report to the LSCB".
- The PMQAG's annual report to the LSCB "every July": the financial year ends in March.
- Multi-agency audits "commissioned and monitored by PMQAG through the district QAGs",
  reported every other PMQAG meeting: six-monthly audit results for a locality.
- Annual reports to the Children's Trust Board and the Health and Wellbeing Board.
"""
from datetime import date, datetime, time

from sqlalchemy import select

from app.core.db import db
from app.core.periods import HALF, QUARTER, YEAR, Period
from app.org.models import Locality
from app.reports.models import BoardPack

LSCB = "Local Safeguarding Children Board (LSCB)"
PMQAG = "Performance Management and Quality Assurance Group (PMQAG)"


def demo_packs(today: date) -> list[dict]:
    """The packs, each from a period recent enough that some are due, some published or overdue."""
    quarter = Period.containing(today, QUARTER)
    for _ in range(3):
        quarter = quarter.previous()
    half = Period.containing(today, HALF).previous().previous()
    year = Period.containing(today, YEAR).previous()
    locality = db.session.scalar(select(Locality).where(Locality.name == "Carlisle & Eden"))
    packs = [
        {"board": PMQAG, "name": "Quarterly scorecard", "sections": ["exceptions", "recommendations"],
         "area_key": "county", "cadence": "quarterly", "due_days": 30, "first_period": quarter.label},
        {"board": LSCB, "name": "Six-monthly report", "sections": ["exceptions", "recommendations", "audit-results",
                                                                   "round-summaries", "what-people-said"],
         "area_key": "county", "cadence": "six_monthly", "due_days": 60, "first_period": half.label},
        {"board": LSCB, "name": "PMQAG annual report", "sections": ["exceptions", "recommendations", "audit-results",
                                                                    "what-people-said"],
         "area_key": "county", "cadence": "annual", "due_days": 122, "first_period": year.label},  # 31 July
        {"board": "Children's Trust Board and Health and Wellbeing Board", "name": "Annual report",
         "sections": ["exceptions", "what-people-said"], "area_key": "county", "cadence": "annual", "due_days": 122,
         "first_period": year.label},
    ]
    if locality is not None:
        packs.append({"board": "Carlisle and Eden Quality Assurance Group", "name": "Multi-agency audit results",
                      "sections": ["audit-results", "round-summaries"], "area_key": f"locality:{locality.id}",
                      "cadence": "six_monthly", "due_days": 45, "first_period": half.label})
    return packs


def add_demo_packs(today: date) -> int:
    """Add the demo packs that are not there yet (by board and name); how many were added.
    Set up at a fixed time on `today`, so the same day gives the same rows."""
    added = 0
    for spec in demo_packs(today):
        exists = db.session.scalar(select(BoardPack.id).where(BoardPack.board == spec["board"],
                                                              BoardPack.name == spec["name"]))
        if exists is None:
            db.session.add(BoardPack(**spec, created_at=datetime.combine(today, time(9))))
            added += 1
    return added
