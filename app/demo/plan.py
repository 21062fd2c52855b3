"""Demo KPI figures: the last completed periods of each numeric KPI, drifting toward target."""
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.core.db import db
from app.core.periods import FREQUENCY_PERIOD_KIND, HALF, QUARTER, YEAR, Period
from app.plan import rules
from app.plan.models import Kpi, KpiValue

# How many completed periods of figures each kind of KPI gets, by default and for a county's two years.
KPI_HISTORY = {QUARTER: 4, HALF: 4, YEAR: 4}
COUNTY_KPI_HISTORY = {QUARTER: 8, HALF: 4, YEAR: 2}


def kpi_figures(rng: random.Random, today: date, history: dict[str, int] = KPI_HISTORY) -> None:
    """Figures for the last completed periods of each numeric KPI (`history`: how many, by
    period kind), drifting from baseline toward target. A period that has a figure is left alone."""
    for kpi in db.session.scalars(select(Kpi).order_by(Kpi.id)):
        if kpi.baseline_value is None or kpi.from_audits:
            continue  # no baseline to drift from, or worked out from the demo's audits
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
