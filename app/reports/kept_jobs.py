"""The nightly job that works out the county report of the periods that have just closed and
keeps its figures and PDF (app.reports.kept_figures, kept_renders), so the first person to open
a closed period's report or board pack does not wait for it: worked out cold at county scale it
takes seconds (bench/report_speed.py), kept it takes under a second. An area's report is kept
as it is first opened. Nothing here decides a figure: it only calls what a reader's request does.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from app.core import jobs
from app.core.clock import local_day
from app.core.db import utcnow
from app.core.periods import HALF, QUARTER, YEAR, Period
from app.reports import kept_renders
from app.reports.services import build_report


@jobs.job
def keep_closed_periods(now: datetime | None = None) -> list[str]:
    """The latest closed quarter, half-year and year: their county report worked out and kept,
    PDF included. Returns the periods' labels."""
    now = now or utcnow()
    today = local_day(now)
    done = []
    for kind in (QUARTER, HALF, YEAR):
        period = Period.containing(today, kind).previous()
        report = build_report(period, now=now)
        with current_app.test_request_context():  # the PDF's template makes links
            kept_renders.pdf(report, today=today)
        done.append(period.label)
    return done
