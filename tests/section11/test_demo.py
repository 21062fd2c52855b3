"""The demo's Section 11 year: returns at every stage, one late, and safe to run twice."""
import random
from datetime import date

from sqlalchemy import func, select

from app.core.db import db
from app.demo.section11 import add_demo_data
from app.section11 import rules
from app.section11.models import Section11Cycle, Section11Return
from app.section11.report import build


def test_the_demo_year_has_a_return_at_every_stage_and_one_late(app):
    today = date(2026, 12, 4)
    add_demo_data(random.Random(1), today, "demo-password-2026")
    cycle = db.session.scalar(select(Section11Cycle))
    assert cycle.label == "2026-27"
    stages = {r.agency.name: r.status for r in cycle.returns}
    assert stages == {
        "Cumbria Constabulary": "agreed_with_actions", "North Cumbria Integrated Care": "responded",
        "University Hospitals of Morecambe Bay": "challenged", "Cumbria schools": "submitted",
        "Probation Service Cumbria": "not_started",
    }
    report = build(cycle, today)
    assert [(r.agency.name, days) for r, days in report.late] == [("Probation Service Cumbria", 10)]
    assert next(row for row in report.counts if row.key == "training").challenged == 3
    assert sum(row.rated for row in report.counts) == 4 * len(cycle.standards.standards)
    assert rules.FULLY_MET in rules.RATINGS

    add_demo_data(random.Random(1), today, "demo-password-2026")  # again: nothing added
    assert db.session.scalar(select(func.count()).select_from(Section11Return)) == 5
