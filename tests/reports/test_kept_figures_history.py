"""Kept figures over four years of the demo county: the same figures as worked out from
every response, for the county, a district and a locality, closed and open periods, first
worked out and then as kept; baselines from years before those the report reads."""
from datetime import date

from sqlalchemy import select

from app.core.db import db
from app.core.periods import Period
from app.demo_county import Scale, load_county
from app.feedback.period_results import feedback_for_period
from app.org.models import District, Locality
from app.reports import kept_figures
from app.reports.audit_results import load_audits
from app.reports.period_store import to_plain

TODAY = date(2026, 11, 23)  # H2 2026-27 is open


def test_kept_figures_are_those_worked_out_from_all_history(plan):
    load_county(11, TODAY, Scale("history", audits=120, responses=900, years=4))
    district = db.session.scalars(select(District).order_by(District.id)).first()
    locality = db.session.scalars(select(Locality).order_by(Locality.id)).first()
    early_baselines = 0
    for district_id, locality_id in ((None, None), (district.id, None), (None, locality.id)):
        for label in ("H1 2026-27", "H2 2026-27", "2025-26", "Q2 2026-27"):
            period = Period.parse(label)
            live = to_plain(feedback_for_period(period, district_id=district_id, locality_id=locality_id, threshold=5))
            for _ in ("worked out", "kept"):
                assert to_plain(kept_figures.feedback(period, district_id, locality_id, 5, today=TODAY)) == live, label
            read_from = Period.containing(kept_figures.compared_from(period), Period.parse("2025-26").kind)
            early_baselines += sum(1 for a in live["audiences"] for m in a["measures"]
                                   if m["baseline_label"] and m["baseline_label"] < read_from.label)
        trend = [Period.parse(p) for p in ("H1 2025-26", "H2 2025-26", "H1 2026-27", "H2 2026-27")]
        live_audits = sorted(to_plain(load_audits(trend[0].start, trend[-1].end, "half", district_id, locality_id)),
                             key=lambda r: r["id"])
        for _ in ("worked out", "kept"):
            kept = to_plain(kept_figures.audits(trend, district_id, locality_id, today=TODAY))
            assert sorted(kept, key=lambda r: r["id"]) == live_audits
    assert early_baselines, "some baselines come from a year before the responses a report reads"
