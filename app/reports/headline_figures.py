"""The headline "% of audits judged good or outstanding" from the database: the KPI whose
figure is worked out from final audits (its rule), and its figure per period for the KPI's
pages. The report works it out from the audits it has already loaded (`from_records`); the
rules are in app.reports.headline."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.audits import rules as audit_rules
from app.audits.models import Audit
from app.core.clock import to_local, uk_today
from app.core.db import db
from app.core.periods import FREQUENCY_PERIOD_KIND, Period, recent_periods
from app.moderation.models import Moderation
from app.partnership.models import in_multi_agency_round
from app.plan import rules as plan_rules
from app.plan.models import Kpi
from app.reports import headline, rules
from app.reports.report_data import threshold, uk_day_bounds
from app.reports.rules import Cell, Proportion


def headline_kpi() -> Kpi | None:
    """The KPI worked out from final audits (the plan's "Percentage of audits judged as good or
    outstanding"), if the plan has one."""
    return db.session.scalar(select(Kpi).where(Kpi.figure_source == plan_rules.FROM_AUDITS).order_by(Kpi.id))


def rule_of(kpi: Kpi | None) -> headline.Rule:
    """The KPI's own RAG rule; the plan's 60% with the usual tolerance when there is no such KPI."""
    if kpi is None:
        return headline.Rule()
    return headline.Rule(kpi.target_value, kpi.direction, kpi.amber_tolerance_pct, kpi.baseline_value)


@dataclass(frozen=True)
class Figure:
    """The headline for one period, as every page shows it."""

    period: str
    counts: headline.Counts
    rule: headline.Rule
    threshold: int

    @property
    def proportion(self) -> Proportion:
        return Proportion(self.counts.good, self.counts.final)

    @property
    def graded(self) -> Proportion:
        return Proportion(self.counts.graded_good, self.counts.graded)

    @property
    def percent(self) -> float | None:
        share = self.proportion.share(self.threshold)
        return None if share is None else share * 100

    @property
    def rag(self) -> str | None:
        return self.rule.rag(self.percent)

    @property
    def cell(self) -> Cell:
        return share_cell(self.proportion, self.rule, self.threshold)

    @property
    def text(self) -> str:
        return self.cell.text

    @property
    def behind(self) -> Cell:
        """The number behind it, with those still waiting beside it."""
        c = self.counts
        return Cell(c.final, f"{c.final:,} final audits; {headline.awaiting_words(c.awaiting)}")


def share_cell(p: Proportion, rule: headline.Rule | None, th: int) -> Cell:
    """The share as the headline shows it (one decimal, more at a RAG boundary); too few, no
    data and suppressed as every share is (rules.share_cell)."""
    plain = rules.share_cell(p, th)
    share = p.share(th)
    if share is None:
        return plain
    return Cell(headline.shown_value(share * 100, rule), headline.percent_text(share * 100, rule))


def counts_of(records: Iterable) -> headline.Counts:
    """Counts from the report's audit records (app.reports.audit_results.AuditRecord)."""
    return headline.count((r.auditor_judgement, r.moderation_state, r.final_judgement) for r in records)


def from_records(records: list, labels: Iterable[str], rule: headline.Rule, th: int) -> dict[str, Figure]:
    """Period label -> the headline, from records already loaded for the report."""
    return {label: Figure(label, counts_of(r for r in records if r.period == label), rule, th) for label in labels}


# --- The KPI's pages ---------------------------------------------------------------------------


def load_judgements(start: date, end: date, kind: str) -> list[tuple[str, tuple]]:
    """(period label, (auditor's judgement, moderation state, moderator's judgement)) for each
    audit submitted on the UK days `start` to `end`, for the whole county. One query."""
    lo, hi = uk_day_bounds(start, end)
    rows = db.session.execute(
        select(Audit.submitted_at, Audit.computed_judgement, Audit.override_judgement, Moderation.state,
               Moderation.final_judgement)
        .outerjoin(Moderation, Moderation.audit_id == Audit.id)
        .where(Audit.submitted_at.is_not(None), Audit.submitted_at >= lo, Audit.submitted_at < hi,
               ~in_multi_agency_round(Audit.round_id))  # the council's audits: as load_audits counts them
    ).all()
    out = []
    for submitted_at, computed, override, state, moderated in rows:
        day = to_local(submitted_at).date()
        if start <= day <= end:
            out.append((Period.containing(day, kind).label, (
                audit_rules.normalise_judgement(override or computed), state,
                audit_rules.normalise_judgement(moderated) if moderated else None)))
    return out


def kpi_figures(kpi: Kpi, today: date | None = None, count: int = 8) -> list[Figure]:
    """The KPI's figure for each of its last `count` periods (the one under way included) that
    has submitted audits, newest first."""
    kind = FREQUENCY_PERIOD_KIND[kpi.frequency]
    periods = recent_periods(kind, today or uk_today(), count=count)
    periods = sorted(periods, key=lambda p: p.start)
    rows = load_judgements(periods[0].start, periods[-1].end, kind) if periods else []
    rule, th = rule_of(kpi), threshold()
    out = []
    for p in reversed(periods):
        audits = [a for label, a in rows if label == p.label]
        if audits:
            out.append(Figure(p.label, headline.count(audits), rule, th))
    return out


def latest_figures(kpis: Iterable[Kpi], today: date | None = None) -> dict[int, Figure]:
    """KPI id -> the latest figure of each KPI worked out from audits (for lists of KPIs)."""
    out = {}
    for kpi in kpis:
        if kpi.from_audits:
            figures = kpi_figures(kpi, today)
            if figures:
                out[kpi.id] = figures[0]
    return out
