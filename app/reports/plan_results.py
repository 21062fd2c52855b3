"""The report's plan sections: each recommendation's impact measures and KPIs against last
period and the target, its overdue actions, and the exceptions (Red or worse, read first)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.core.clock import local_day
from app.core.db import db
from app.core.periods import Period
from app.plan import rules as plan_rules
from app.plan.models import ImpactMeasure, Kpi, KpiValue, PlanAction, RecommendationKpi
from app.reports import rules
from app.reports.pack import CHANGED, OTHER, OVERDUE, THIS_PERIOD, action_place
from app.reports.report_data import COUNTY, Section
from app.reports.rules import Cell, Chart, Proportion, Table


def _target_cells(target: float | None, rag: str | None) -> list[Cell]:
    if target is None:
        return [rules.text("None set"), rules.rag_cell(None, no_target=True)]
    return [Cell(target, rules.percent_text(target / 100)), rules.rag_cell(rag)]


def _measure_row(label: str, this: Proportion | None, last: Proportion | None, target: float | None,
                 rag: str | None, th: int) -> list[Cell]:
    return [rules.text(label), rules.text("Audit measure"), rules.share_cell(this, th), rules.interval_cell(this, th),
            rules.n_cell(this, th), rules.share_cell(last, th), rules.text("None"), *_target_cells(target, rag)]


def _feedback_row(label: str, this, last, baseline, target: float | None, rag: str | None, th: int) -> list[Cell]:
    share, interval, n = rules.figure_cells(this, th, people=True)
    return [rules.text(label), rules.text("Feedback measure"), share, interval, n, rules.figure_cells(last, th)[0],
            rules.figure_cells(baseline, th)[0] if baseline is not None else rules.text("None"),
            *_target_cells(target, rag)]


MEASURE_COLUMNS = ["Measure", "Kind", "This period", "95% interval", "Number behind it", "Last period", "Baseline",
                   "Target", "RAG"]



def _feedback_measures(feedback, key: str) -> list[tuple[str, object]]:
    """(audience words, MeasureFeedback) for each audience that answered the measure in the period."""
    if feedback is None:  # build_headlines: feedback not worked out
        return []
    return [(a.label, m) for a in feedback.audiences for m in a.measures if m.key == key]


def _value_period(value: KpiValue | None) -> str | None:
    return Period.from_dates(value.period_start, value.period_end).label if value else None


def _kpi_value(values: list[KpiValue], period: Period) -> KpiValue | None:
    """The KPI's figure for the period: for that exact period, else the latest entered within it."""
    exact = [v for v in values if v.period_start == period.start and v.period_end == period.end]
    if exact:
        return exact[0]
    inside = [v for v in values if v.period_start >= period.start and v.period_end <= period.end and v.value is not None]
    return max(inside, key=lambda v: v.period_end) if inside else None


def plan_measures(recs) -> tuple[dict[int, list[ImpactMeasure]], dict[str, str]]:
    """Each recommendation's impact measures in plan order, and each measure's key -> its label in
    the plan's numbering ("Audit 2.1"), which is what readers see instead of the key."""
    by_rec: dict[int, list[ImpactMeasure]] = defaultdict(list)
    for m in db.session.scalars(select(ImpactMeasure).order_by(ImpactMeasure.recommendation_id, ImpactMeasure.position)):
        by_rec[m.recommendation_id].append(m)
    names = {}
    for rec in recs:
        rec_measures = by_rec.get(rec.id, [])
        for m, label in zip(rec_measures, plan_rules.measure_labels(rec.number, [m.kind for m in rec_measures])):
            names[_measure_key(m)] = label
    return by_rec, names


def _measure_key(m: ImpactMeasure) -> str:
    return m.seed_key or f"measure-{m.id}"


@dataclass
class OverdueSummary:
    recommendation: int
    overdue: int
    actions: int
    earliest_due: date


OVERDUE_COLUMNS = ["Action", "What", "Owner", "Due", "Status"]


def recommendation_sections(report, recs, by_rec, names, period, previous, labels, audit_props, feedback, feedback_trend,
                     exceptions, overdue_summary, now, th, *, heads: dict | None = None):
    """`heads`: the headline per period (app.reports.headline_figures.from_records), the figure of
    the KPI worked out from final audits."""
    kpi_links = db.session.execute(select(RecommendationKpi.recommendation_id, RecommendationKpi.kpi_id)
                                   .order_by(RecommendationKpi.position)).all()
    kpis = {k.id: k for k in db.session.scalars(select(Kpi))}
    # Where the plan as printed contradicts itself: kept as printed, flagged until resolved.
    flags = plan_rules.unresolved(plan_rules.kpi_contradictions([k.facts for k in kpis.values()]),
                                  {k.id: k.flags_resolved for k in kpis.values()})
    values: dict[int, list[KpiValue]] = defaultdict(list)
    for v in db.session.scalars(select(KpiValue).where(KpiValue.period_start >= previous.start, KpiValue.period_end <= period.end)):
        values[v.kpi_id].append(v)
    # Every action, placed: overdue, due or changed this period in the body, the rest in the pack's appendix.
    today = local_day(now)
    placed: dict[tuple[int, str], list[PlanAction]] = defaultdict(list)
    for a in sorted(db.session.scalars(select(PlanAction)),
                    key=lambda a: (a.due_date is None, a.due_date or date.max, a.position)):
        changed_on = local_day(a.progress_changed_at) if a.progress_changed_at else None
        placed[(a.recommendation_id, action_place(a.status, a.due_date, period.start, period.end, today,
                                                  changed_on))].append(a)
    action_counts = dict(db.session.execute(select(PlanAction.recommendation_id, func.count())
                                            .group_by(PlanAction.recommendation_id)).all())

    sections = []
    for rec in recs:
        table = Table(f"rec-{rec.number}", f"Recommendation {rec.number}: impact measures and KPIs", MEASURE_COLUMNS)
        series = []
        targets: set[float | None] = set()
        trend_table = Table(f"rec-{rec.number}-trend", f"Recommendation {rec.number}: measures over time (% positive or met)",
                            ["Measure", *labels])
        for m in by_rec.get(rec.id, []):
            key = _measure_key(m)
            name = names[key]
            if m.kind == plan_rules.AUDIT:
                this, last = audit_props.get((key, period.label)), audit_props.get((key, previous.label))
                what = f"{name}: {m.text}"
                rag = rules.share_rag(this.share(th) if this else None, m.target_percent)
                table.rows.append(_measure_row(what, this, last, m.target_percent, rag, th))
                reasons = rules.exception_reasons(rag=rag, worse=rules.share_got_worse(this, last, th))
                if reasons:
                    exceptions.append(rules.Exception_(rec.number, what, reasons,
                                                       rules.share_cell(this, th).text, rules.share_cell(last, th).text))
                series.append(rules.trend_series(name, {p: audit_props.get((key, p)) for p in labels}, labels, th))
                series[-1].words = m.text
                trend_table.rows.append([rules.text(name)] + [rules.share_cell(audit_props.get((key, p)), th) for p in labels])
                targets.add(m.target_percent)
                continue
            # Feedback: one row per audience that answered (children's and parents' figures apart).
            answered = _feedback_measures(feedback, key)
            if not answered:
                table.rows.append(_feedback_row(f"{name}: {m.text}", None, None, None, m.target_percent,
                                                None, th))
            for audience, mf in answered:
                what = f"{name} ({audience}): {m.text}"
                rag = rules.share_rag(mf.figure.share, m.target_percent)
                table.rows.append(_feedback_row(what, mf.figure, mf.previous, mf.baseline, m.target_percent, rag, th))
                worse = rules.figure_got_worse(mf.figure, mf.previous)
                reasons = rules.exception_reasons(rag=rag, worse=worse)
                if reasons:
                    exceptions.append(rules.Exception_(rec.number, what, reasons,
                                                       rules.figure_cells(mf.figure, th)[0].text,
                                                       rules.figure_cells(mf.previous, th)[0].text))
                by_period = {p: feedback_trend[p].get((audience, key)) for p in labels}
                who = f"{name} {audience.lower()}"
                series.append(rules.Series(who, [rules.figure_percent(by_period[p]) for p in labels], m.text))
                trend_table.rows.append([rules.text(who)] + [rules.figure_cells(by_period[p], th)[0] for p in labels])
                targets.add(m.target_percent)
        for rec_id, kpi_id in kpi_links:
            if rec_id != rec.id:
                continue
            kpi = kpis[kpi_id]
            if kpi.from_audits and heads:
                _headline_kpi_row(table, exceptions, rec.number, kpi, heads[period.label], heads[previous.label], th)
                continue
            this_v, last_v = _kpi_value(values[kpi_id], period), _kpi_value(values[kpi_id], previous)
            this_val = this_v.value if this_v else None
            last_val = last_v.value if last_v else None
            rag = kpi.rag_for(this_val, this_v.entered_rag if this_v else None)
            last_rag = kpi.rag_for(last_val, last_v.entered_rag if last_v else None)
            target = plan_rules.figure_words(kpi.target_value, kpi.target_text, kpi.unit)
            baseline = plan_rules.figure_words(kpi.baseline_value, kpi.baseline_text, kpi.unit)
            this_text = rules.kpi_figure_text(kpi.format(this_val), _value_period(this_v), period.label)
            last_text = rules.kpi_figure_text(kpi.format(last_val), _value_period(last_v), previous.label)
            table.rows.append([
                rules.text(f"KPI {kpi.code}: {kpi.description}"), rules.text("KPI"),
                Cell(this_val, this_text), rules.text("Not applicable"),
                rules.text("Value entered" if this_v else "No figure entered"),
                Cell(last_val, last_text), Cell(kpi.baseline_value, baseline or "None"),
                Cell(kpi.target_value, target or "None set"), rules.rag_cell(rag),
            ])
            worse = rules.got_worse(this_val, last_val, kpi.direction) or (
                kpi.direction == plan_rules.MAINTAIN and _rag_rank(rag) > _rag_rank(last_rag))
            reasons = rules.exception_reasons(rag=rag, worse=worse, kpi=True)
            if reasons:
                exceptions.append(rules.Exception_(rec.number, f"KPI {kpi.code}: {kpi.description}", reasons,
                                                   this_text, last_text))
        # Overdue actions: counted in the exceptions, listed here (oldest due first).
        late = placed.get((rec.id, OVERDUE), [])
        if late:
            overdue_summary.append(OverdueSummary(rec.number, len(late), action_counts.get(rec.id, len(late)),
                                                  late[0].due_date))
        action_tables = [_action_table(f"rec-{rec.number}-{suffix}", f"Recommendation {rec.number}: {words}", actions)
                         for suffix, words, actions in (
                             ("overdue", "actions overdue", late),
                             ("due", "actions due this period, not overdue", placed.get((rec.id, THIS_PERIOD), [])),
                             ("changed", "actions whose progress changed this period",
                              placed.get((rec.id, CHANGED), [])),
                             ("actions", "other actions", placed.get((rec.id, OTHER), [])))
                         if actions]
        chart = Chart(f"chart-rec-{rec.number}", f"Recommendation {rec.number}: impact measures over the last {len(labels)} periods",
                      labels, series, _one_target(targets), trend_table.id,
                      sorted(t for t in targets if t is not None) if len(targets) > 1 else [])
        report.tables += [table, trend_table, *action_tables]
        charts = []
        if series:
            report.charts.append(chart)
            charts = [chart.id]
        paragraphs = [rec.title]
        if report.area != COUNTY and any(r == rec.id and not kpis[k].from_audits for r, k in kpi_links):
            paragraphs.append(f"KPI figures are for the whole county; the measures are for {report.area}.")
        for rec_id, kpi_id in kpi_links:
            if rec_id == rec.id and kpi_id in flags:
                paragraphs.append(f"KPI {kpis[kpi_id].code}: {plan_rules.flag_words(flags[kpi_id])}")
        sections.append(Section(f"recommendation-{rec.number}", f"Recommendation {rec.number}: {rec.short_title}",
                                paragraphs, [table.id], charts, [t.id for t in action_tables]))
    return sections


def _headline_kpi_row(table: Table, exceptions: list, number: int, kpi: Kpi, this, last, th: int) -> None:
    """The KPI worked out from final audits: the headline's own cells and RAG, and as a share
    from a sample, worse only beyond chance (as the audit results' row)."""
    what = f"KPI {kpi.code}: {kpi.description}"
    table.rows.append([
        rules.text(what), rules.text("KPI, worked out from final audits"), this.cell,
        rules.interval_cell(this.proportion, th), this.behind, last.cell,
        Cell(this.rule.baseline, plan_rules.figure_words(kpi.baseline_value, kpi.baseline_text, kpi.unit) or "None"),
        Cell(this.rule.target, plan_rules.figure_words(kpi.target_value, kpi.target_text, kpi.unit) or "None set"),
        rules.rag_cell(this.rag),
    ])
    reasons = rules.exception_reasons(rag=this.rag, worse=rules.share_got_worse(this.proportion, last.proportion, th))
    if reasons:
        exceptions.append(rules.Exception_(number, what, reasons, this.text, last.text))


def _action_table(table_id: str, title: str, actions: list[PlanAction]) -> Table:
    t = Table(table_id, title, OVERDUE_COLUMNS)
    for a in actions:
        t.rows.append([
            rules.text(a.number), rules.text(a.text), rules.text(a.owner or "Not set"),
            Cell(a.due_date.isoformat() if a.due_date else None, a.due_label),
            rules.text(plan_rules.ACTION_STATUSES.get(a.status, a.status)),
        ])
    return t


def _one_target(targets: set[float | None]) -> float | None:
    """The target line for a chart: drawn only when every measure on it shares one target."""
    return next(iter(targets)) if len(targets) == 1 else None


def _rag_rank(rag: str | None) -> int:
    return {plan_rules.GREEN: 0, plan_rules.AMBER: 1, plan_rules.RED: 2}.get(rag, -1)



def without_target(recs, by_rec, names) -> list[list[Cell]]:
    """Rows of the audit and feedback measures with no target set: they cannot be rated, so the
    QA group sees them listed until an administrator sets one on the plan's pages."""
    rows = []
    for rec in recs:
        for m in by_rec.get(rec.id, []):
            if m.target_percent is None:
                rows.append([Cell(rec.number, str(rec.number)), rules.text(names[_measure_key(m)]), rules.text(m.text)])
    return rows


def exceptions_section(report, exceptions, overdue: list[OverdueSummary], no_target: list[list[Cell]] | None = None
                       ) -> Section:
    """Measures and KPIs that are Red or got worse and moderation later than its target (read
    first), then overdue plan actions counted per recommendation (each recommendation's section
    lists them), then the measures with no target set."""
    t = Table("exceptions", "Exceptions: Red or worse than last period",
              ["Recommendation", "What", "Why", "This period", "Last period"])
    for e in rules.order_exceptions(rules.merge_shared(exceptions)):
        t.rows.append([Cell(e.recommendation or None, e.recommendations_text),
                       rules.text(e.what), rules.text("; ".join(e.reasons)), rules.text(e.this_period),
                       rules.text(e.last_period)])
    late = Table("overdue-actions", "Plan actions overdue, by recommendation",
                 ["Recommendation", "Actions overdue", "Of all its actions", "Longest overdue"])
    for o in sorted(overdue, key=lambda o: o.recommendation):
        late.rows.append([Cell(o.recommendation, str(o.recommendation)), rules.count(o.overdue), rules.count(o.actions),
                          Cell(o.earliest_due.isoformat(), f"Due {o.earliest_due:%-d %B %Y}")])
    missing = Table("measures-no-target", "Measures with no target set", ["Recommendation", "Measure", "What it says"],
                    list(no_target or []))
    report.tables[0:0] = [t, late, missing]
    paragraphs = ["Measures and KPIs that are Red or got worse since last period. Read these first."]
    if not t.rows:
        paragraphs.append("No measure or KPI is Red or worse than last period.")
    if late.rows:
        total = sum(o.overdue for o in overdue)
        paragraphs.append(f"{total} plan {'action is' if total == 1 else 'actions are'} overdue: past their due date "
                          "and not complete. Each recommendation's section lists its overdue actions.")
    else:
        paragraphs.append("No plan actions are overdue.")
    if missing.rows:
        n = len(missing.rows)
        paragraphs.append(f"{n} audit and feedback {'measure has' if n == 1 else 'measures have'} no target set, so "
                          "cannot be rated Red, Amber or Green: listed below for the QA group. An administrator sets "
                          "a measure's target on the plan's pages.")
    else:
        paragraphs.append("Every audit and feedback measure has a target.")
    return Section("exceptions", "Exceptions", paragraphs,
                   [t.id] + ([late.id] if late.rows else []) + ([missing.id] if missing.rows else []))
