"""Building the aggregate report for a period: plain data (`ReportData`) that is JSON both
ways. A draft is built from live data; publishing stores exactly `ReportData.to_dict()`
and a published report is only ever rendered from that JSON.

Each section reads its rows in a few queries over the whole span it needs (the report
period and the trend periods before it) and buckets them in Python: no query per row.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from app.audits import rules as audit_rules
from app.audits.action_rules import done_at
from app.audits.action_service import figures as action_figures
from app.audits.models import Audit, AuditToolVersion, Case, CorrectiveAction
from app.core import privacy
from app.core.clock import to_local, utc_bounds
from app.core.db import db, utcnow
from app.core.periods import Period
from app.core.privacy import suppression_threshold
from app.feedback import rules as feedback_rules
from app.feedback.models import Campaign, Invite, Questionnaire, QuestionnaireVersion, Response
from app.feedback.period_results import feedback_for_period
from app.feedback.themes import theme_counts
from app.feedback.yswd_models import YouSaidWeDid
from app.moderation import rules as moderation_rules
from app.moderation.figures import agreement_for_period
from app.moderation.models import Moderation, ModerationDecision
from app.org.models import District, Locality, Team
from app.plan import rules as plan_rules
from app.plan.models import (
    ImpactMeasure,
    Kpi,
    KpiValue,
    PlanAction,
    Recommendation,
    RecommendationKpi,
)
from app.reports import round_summaries, rules
from app.reports.rules import Cell, Chart, Proportion, Table
from app.safeguarding.models import Alert
from app.safeguarding.services import duration_words, median_time_to_acknowledge

TREND_PERIODS = 4  # the report period and the three before it
# The headline figure boards watch: % of audits judged good or outstanding.
HEADLINE_BASELINE = 43.0
HEADLINE_TARGET = 60.0
COUNTY = "The whole county"
JUDGEMENT_ORDER = (audit_rules.OUTSTANDING, audit_rules.GOOD, audit_rules.REQUIRES_IMPROVEMENT, audit_rules.INADEQUATE)


@dataclass
class Section:
    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    tables_after: list[str] = field(default_factory=list)  # tables after the charts (a recommendation's overdue actions)


@dataclass
class ReportData:
    title: str
    period: str
    period_long: str
    previous: str
    kind: str
    district_id: int | None
    locality_id: int | None
    area: str
    generated_at: str
    threshold: int
    trend_periods: list[str]
    recommendations: list[dict]  # {"number", "title", "short_title"}
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ReportData:
        plain = {k: v for k, v in data.items() if k not in ("sections", "tables", "charts")}
        return cls(**plain, sections=[Section(**s) for s in data["sections"]],
                   tables=[Table.from_dict(t) for t in data["tables"]],
                   charts=[Chart.from_dict(c) for c in data["charts"]])

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def chart(self, chart_id: str) -> Chart | None:
        return next((c for c in self.charts if c.id == chart_id), None)


def threshold() -> int:
    return suppression_threshold()


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Stored (UTC) moments on the UK days `start` to `end`: audits, responses, invites and
    alerts all count in the period of their UK date."""
    return utc_bounds(start, end)


def _area_name(district_id: int | None, locality_id: int | None) -> str:
    if district_id:
        d = db.session.get(District, district_id)
        return f"{d.name} district" if d else "Unknown district"
    if locality_id:
        loc = db.session.get(Locality, locality_id)
        return f"{loc.name} locality" if loc else "Unknown locality"
    return COUNTY


def _area_clause(district_col, district_id, locality_id):
    """Rows in the chosen district or locality (through the district's locality)."""
    if district_id:
        return district_col == district_id
    if locality_id:
        return district_col.in_(select(District.id).where(District.locality_id == locality_id))
    return None


# --- Audits -------------------------------------------------------------------------------------


@dataclass
class AuditRecord:
    id: int
    period: str
    tool: str
    service_type: str
    team: str
    district: str
    auditor_judgement: str | None
    final_judgement: str | None
    moderation_state: str | None
    moderated_pair: tuple | None  # (auditor's overall grade, moderator's) when finalised
    submitted_at: datetime | None
    first_submitted_at: datetime | None
    first_decided_at: datetime | None
    round_id: int
    measures: dict[str, bool | None]


def load_audits(start: date, end: date, kind: str, district_id=None, locality_id=None) -> list[AuditRecord]:
    """Submitted audits from `start` to `end`, with their final (moderated where moderated)
    judgements and audit measures. Three queries whatever the number of audits."""
    # Each audit counts in the period of its UK date of submission, as the moderation figures do.
    lo, hi = _bounds(start, end)
    where = [Audit.submitted_at.is_not(None), Audit.submitted_at >= lo, Audit.submitted_at < hi]
    area = _area_clause(Team.district_id, district_id, locality_id)
    if area is not None:
        where.append(area)
    rows = db.session.execute(
        select(Audit.id, Audit.answers, Audit.tool_version_id, Audit.computed_judgement, Audit.override_judgement,
               Audit.submitted_at, Audit.round_id, Case.service_type, Team.name, District.name,
               Moderation.id, Moderation.state, Moderation.final_judgement, Moderation.first_submitted_at,
               Moderation.first_decided_at)
        .join(Case, Audit.case_id == Case.id).join(Team, Case.team_id == Team.id)
        .join(District, Team.district_id == District.id)
        .outerjoin(Moderation, Moderation.audit_id == Audit.id)
        .where(*where)
    ).all()
    # The moderator's grades on finalised moderations of these audits.
    decisions: dict[int, list] = defaultdict(list)
    for moderation_id, target, auditor_grade, moderator_grade in db.session.execute(
        select(ModerationDecision.moderation_id, ModerationDecision.target, ModerationDecision.auditor_grade,
               ModerationDecision.moderator_grade)
        .join(Moderation, ModerationDecision.moderation_id == Moderation.id)
        .join(Audit, Moderation.audit_id == Audit.id)
        .join(Case, Audit.case_id == Case.id).join(Team, Case.team_id == Team.id)
        .where(*where, Moderation.state == moderation_rules.FINALISED)
    ):
        decisions[moderation_id].append((target, auditor_grade, moderator_grade))
    version_ids = {r[2] for r in rows}
    versions = {v.id: v for v in db.session.scalars(select(AuditToolVersion).where(AuditToolVersion.id.in_(version_ids)))} if version_ids else {}
    out = []
    for (audit_id, answers, version_id, computed, override, submitted_at, round_id, service_type, team, district,
         moderation_id, m_state, m_final, m_first_submitted, m_first_decided) in rows:
        submitted_on = to_local(submitted_at).date()
        if not start <= submitted_on <= end:
            continue
        version = versions[version_id]
        auditor = audit_rules.normalise_judgement(override or computed)
        finalised = m_state == moderation_rules.FINALISED
        final = audit_rules.normalise_judgement(m_final) if finalised and m_final else auditor
        grades = {t.split(":", 1)[1]: g for t, _, g in decisions.get(moderation_id, ()) if t.startswith("question:")}
        overall = next(((a, g) for t, a, g in decisions.get(moderation_id, ()) if t == "overall"), None)
        pair = None
        if finalised:
            pair = (overall[0] if overall else auditor, final)
        measures = {key: r.met for key, r in audit_rules.measure_results(
            version.definition, rules.final_answers(answers, grades), final).items()}
        out.append(AuditRecord(
            audit_id, Period.containing(submitted_on, kind).label, version.tool.title, service_type, team,
            district, auditor, final, m_state, pair, submitted_at, m_first_submitted, m_first_decided, round_id, measures,
        ))
    return out


def _good_share(records, attr: str) -> Proportion:
    judged = [getattr(r, attr) for r in records if getattr(r, attr)]
    return Proportion(sum(1 for j in judged if audit_rules.is_good_or_better(j)), len(judged))


def audit_measure_proportions(records: list[AuditRecord]) -> dict[tuple[str, str], Proportion]:
    """(measure key, period label) -> met of applicable."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        for key, met in r.measures.items():
            if met is None:
                continue
            t = tally[(key, r.period)]
            t[0] += bool(met)
            t[1] += 1
    return {k: Proportion(v[0], v[1]) for k, v in tally.items()}


# --- Feedback -----------------------------------------------------------------------------------


@dataclass
class ResponseRecord:
    campaign_id: int
    invited: bool


def load_responses(start: date, end: date, district_id=None, locality_id=None):
    """Responses given from `start` to `end` (campaign and whether from an invite only) and
    their campaigns: for counts and response rates. The figures come from feedback_for_period."""
    lo, hi = _bounds(start, end)
    where = [Response.submitted_at >= lo, Response.submitted_at < hi]
    area = _area_clause(Response.district_id, district_id, locality_id)
    if area is not None:
        where.append(area)
    rows = db.session.execute(select(Response.campaign_id, Response.invite_id).where(*where)).all()
    return [ResponseRecord(c, i is not None) for c, i in rows], _campaigns({r[0] for r in rows})


def _campaigns(ids) -> dict[int, dict]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(Campaign.id, Campaign.name, Questionnaire.audience)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.questionnaire_version_id)
        .join(Questionnaire, Questionnaire.id == QuestionnaireVersion.questionnaire_id)
        .where(Campaign.id.in_(ids))
    )  # one query, not two per campaign
    return {c_id: {"id": c_id, "name": name, "audience": audience} for c_id, name, audience in rows}


# --- The report -----------------------------------------------------------------------------------


def build_report(period: Period, *, district_id: int | None = None, locality_id: int | None = None,
                 now: datetime | None = None) -> ReportData:
    return _build(period, district_id, locality_id, now, with_feedback=True)


def build_headlines(period: Period, *, now: datetime | None = None) -> ReportData:
    """The county report's headline figure and its exceptions for audit measures, KPIs and overdue
    actions, built by the very code of `build_report`, for home pages. Without feedback: working it
    out is most of a report's time (seconds, on a county's two years), and live feedback figures are
    not for everyone (app.feedback.services.hands_out_invites). No trend beyond last period."""
    return _build(period, None, None, now, with_feedback=False)


def _build(period: Period, district_id: int | None, locality_id: int | None, now: datetime | None, *,
           with_feedback: bool) -> ReportData:
    now = now or utcnow()
    th = threshold()
    previous = period.previous()
    trend = [period]
    while len(trend) < (TREND_PERIODS if with_feedback else 2):
        trend.insert(0, trend[0].previous())
    labels = [p.label for p in trend]
    area = _area_name(district_id, locality_id)
    recs = db.session.scalars(select(Recommendation).order_by(Recommendation.number)).all()
    report = ReportData(
        title=f"Improvement plan report {period.label}" + ("" if area == COUNTY else f": {area}"),
        period=period.label, period_long=period.long_label, previous=previous.label, kind=period.kind,
        district_id=district_id, locality_id=locality_id, area=area, generated_at=now.isoformat(timespec="seconds"),
        threshold=th, trend_periods=labels,
        recommendations=[{"number": r.number, "title": r.title, "short_title": r.short_title} for r in recs],
    )
    audits = load_audits(trend[0].start, period.end, period.kind, district_id, locality_id)
    audit_props = audit_measure_proportions(audits)
    feedback, feedback_trend = _feedback_periods(trend, district_id, locality_id, th) if with_feedback else (None, {})

    measures, names = _measures(recs)
    exceptions: list[rules.Exception_] = []
    overdue: list[OverdueSummary] = []
    rec_sections = _recommendations(report, recs, measures, names, period, previous, labels, audit_props, feedback,
                                    feedback_trend, exceptions, overdue, now, th)
    audit_section = _audit_results(report, audits, period, previous, district_id, locality_id, exceptions, now, th)
    exceptions_section = _exceptions(report, exceptions, overdue)
    if not with_feedback:
        report.sections = [exceptions_section, *rec_sections, audit_section]
        return report
    rounds_section = Section(round_summaries.SECTION_ID, "What audit rounds showed",
                             *round_summaries.build(report, period, district_id, locality_id))
    responses, campaigns = load_responses(period.start, period.end, district_id, locality_id)
    feedback_section = _what_people_said(report, responses, campaigns, feedback, period, district_id,
                                          locality_id, now, th, names)
    report.sections = [exceptions_section, *rec_sections, audit_section, rounds_section, feedback_section, _about(th)]
    return report


def _target_cells(target: float | None, rag: str | None) -> list[Cell]:
    if target is None:
        return [rules.text("None set"), rules.rag_cell(None, no_target=True)]
    return [Cell(target, rules.percent_text(target / 100)), rules.rag_cell(rag)]


def _measure_row(label: str, this: Proportion | None, last: Proportion | None, target: float | None,
                 rag: str | None, th: int) -> list[Cell]:
    return [rules.text(label), rules.text("Audit measure"), rules.share_cell(this, th), rules.interval_cell(this, th),
            rules.n_cell(this, th), rules.share_cell(last, th), rules.text("None"), *_target_cells(target, rag)]


def _feedback_row(label: str, this, last, baseline, target: float | None, rag: str | None, th: int) -> list[Cell]:
    share, interval, n = rules.figure_cells(this, th)
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


def _feedback_periods(trend: list[Period], district_id, locality_id, th):
    """The report period's feedback results, and each trend period's figure for every
    (audience, measure) answered in it: {period label: {(audience words, key): Figure}}.

    Each `feedback_for_period` call also gives the period before (or, for an annual
    measure, the year before), so the periods between are only worked out again when a
    figure is still missing: usually two calls for four periods."""
    figures: dict[str, dict] = defaultdict(dict)

    def take(results):
        for a in results.audiences:
            for m in a.measures:
                figures[results.period][(a.label, m.key)] = m.figure
                figures[m.previous_label].setdefault((a.label, m.key), m.previous)
                if m.previous_label != results.previous_period:
                    # An annual measure is compared with the year before: not asked in the period between.
                    figures[results.previous_period].setdefault((a.label, m.key), None)
        done.add(results.period)

    done: set[str] = set()
    current = feedback_for_period(trend[-1], district_id=district_id, locality_id=locality_id, threshold=th)
    take(current)
    wanted = set(figures[current.period])
    for p in reversed(trend[:-1]):
        if p.label not in done and not wanted <= set(figures[p.label]):
            take(feedback_for_period(p, district_id=district_id, locality_id=locality_id, threshold=th))
    return current, figures


def _kpi_value(values: list[KpiValue], period: Period) -> KpiValue | None:
    """The KPI's figure for the period: for that exact period, else the latest entered within it."""
    exact = [v for v in values if v.period_start == period.start and v.period_end == period.end]
    if exact:
        return exact[0]
    inside = [v for v in values if v.period_start >= period.start and v.period_end <= period.end and v.value is not None]
    return max(inside, key=lambda v: v.period_end) if inside else None


def _measures(recs) -> tuple[dict[int, list[ImpactMeasure]], dict[str, str]]:
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


def _recommendations(report, recs, by_rec, names, period, previous, labels, audit_props, feedback, feedback_trend,
                     exceptions, overdue_summary, now, th):
    kpi_links = db.session.execute(select(RecommendationKpi.recommendation_id, RecommendationKpi.kpi_id)
                                   .order_by(RecommendationKpi.position)).all()
    kpis = {k.id: k for k in db.session.scalars(select(Kpi))}
    values: dict[int, list[KpiValue]] = defaultdict(list)
    for v in db.session.scalars(select(KpiValue).where(KpiValue.period_start >= previous.start, KpiValue.period_end <= period.end)):
        values[v.kpi_id].append(v)
    overdue = db.session.scalars(select(PlanAction).where(PlanAction.status != plan_rules.COMPLETE,
                                                          PlanAction.due_date.is_not(None),
                                                          PlanAction.due_date < now.date())).all()
    overdue_by_rec: dict[int, list[PlanAction]] = defaultdict(list)
    for a in sorted(overdue, key=lambda a: (a.due_date, a.position)):
        overdue_by_rec[a.recommendation_id].append(a)
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
                series.append(rules.Series(who, [rules.figure_percent(by_period[p]) for p in labels]))
                trend_table.rows.append([rules.text(who)] + [rules.figure_cells(by_period[p], th)[0] for p in labels])
                targets.add(m.target_percent)
        for rec_id, kpi_id in kpi_links:
            if rec_id != rec.id:
                continue
            kpi = kpis[kpi_id]
            this_v, last_v = _kpi_value(values[kpi_id], period), _kpi_value(values[kpi_id], previous)
            this_val = this_v.value if this_v else None
            last_val = last_v.value if last_v else None
            rag = kpi.rag_for(this_val, this_v.entered_rag if this_v else None)
            last_rag = kpi.rag_for(last_val, last_v.entered_rag if last_v else None)
            target = kpi.target_text or (kpi.format(kpi.target_value) if kpi.target_value is not None else "None set")
            baseline = kpi.baseline_text or (kpi.format(kpi.baseline_value) if kpi.baseline_value is not None else "")
            table.rows.append([
                rules.text(f"KPI {kpi.code}: {kpi.description}"), rules.text("KPI"),
                Cell(this_val, kpi.format(this_val)), rules.text("Not applicable"),
                rules.text("Value entered" if this_v else "No figure entered"),
                Cell(last_val, kpi.format(last_val)), rules.text(baseline or "None"), rules.text(target),
                rules.rag_cell(rag),
            ])
            worse = rules.got_worse(this_val, last_val, kpi.direction) or (
                kpi.direction == plan_rules.MAINTAIN and _rag_rank(rag) > _rag_rank(last_rag))
            reasons = rules.exception_reasons(rag=rag, worse=worse)
            if reasons:
                exceptions.append(rules.Exception_(rec.number, f"KPI {kpi.code}: {kpi.description}", reasons,
                                                   kpi.format(this_val), kpi.format(last_val)))
        # Overdue actions: counted in the exceptions, listed here (oldest due first).
        late = overdue_by_rec.get(rec.id, [])
        overdue_table = None
        if late:
            overdue_summary.append(OverdueSummary(rec.number, len(late), action_counts.get(rec.id, len(late)),
                                                  late[0].due_date))
            overdue_table = Table(f"rec-{rec.number}-overdue", f"Recommendation {rec.number}: actions overdue",
                                  OVERDUE_COLUMNS)
            for a in late:
                overdue_table.rows.append([
                    rules.text(a.number), rules.text(a.text), rules.text(a.owner or "Not set"),
                    Cell(a.due_date.isoformat(), a.due_label), rules.text(plan_rules.ACTION_STATUSES.get(a.status, a.status)),
                ])
        chart = Chart(f"chart-rec-{rec.number}", f"Recommendation {rec.number}: impact measures over the last {len(labels)} periods",
                      labels, series, _one_target(targets), trend_table.id)
        report.tables += [table, trend_table] + ([overdue_table] if overdue_table else [])
        charts = []
        if series:
            report.charts.append(chart)
            charts = [chart.id]
        paragraphs = [rec.title]
        if report.area != COUNTY and any(r == rec.id for r, _ in kpi_links):
            paragraphs.append(f"KPI figures are for the whole county; the measures are for {report.area}.")
        sections.append(Section(f"recommendation-{rec.number}", f"Recommendation {rec.number}: {rec.short_title}",
                                paragraphs, [table.id], charts, [overdue_table.id] if overdue_table else []))
    return sections


def _one_target(targets: set[float | None]) -> float | None:
    """The target line for a chart: drawn only when every measure on it shares one target."""
    return next(iter(targets)) if len(targets) == 1 else None


def _rag_rank(rag: str | None) -> int:
    return {plan_rules.GREEN: 0, plan_rules.AMBER: 1, plan_rules.RED: 2}.get(rag, -1)


def _judgement_row(name: str, judgements: list[str | None], th: int) -> list[Cell]:
    counts = Counter(j for j in judgements if j)
    judged = sum(counts.values())
    p = Proportion(counts[audit_rules.OUTSTANDING] + counts[audit_rules.GOOD], judged)
    return [rules.text(name), rules.count(len(judgements))] + [rules.count(counts[j]) for j in JUDGEMENT_ORDER] + [
        rules.share_cell(p, th), rules.interval_cell(p, th)]


JUDGEMENT_COLUMNS = ["Audits", *[audit_rules.JUDGEMENTS[j] for j in JUDGEMENT_ORDER], "% good or outstanding", "95% interval"]


def _audit_results(report, audits, period, previous, district_id, locality_id, exceptions, now, th):
    this = [a for a in audits if a.period == period.label]
    last = [a for a in audits if a.period == previous.label]
    tables = []

    graded, moderated = _good_share(this, "auditor_judgement"), _good_share(this, "final_judgement")
    last_graded, last_moderated = _good_share(last, "auditor_judgement"), _good_share(last, "final_judgement")
    headline = Table("audit-headline", "% of audits judged good or outstanding",
                     ["Figure", "This period", "95% interval", "Audits judged", "Last period", "Baseline", "Target", "RAG"])
    for name, p, q in (("As auditors graded", graded, last_graded), ("After moderation", moderated, last_moderated)):
        rag = rules.share_rag(p.share(th), HEADLINE_TARGET)
        headline.rows.append([rules.text(name), rules.share_cell(p, th), rules.interval_cell(p, th), rules.n_cell(p, th),
                              rules.share_cell(q, th), Cell(HEADLINE_BASELINE, "43%"), Cell(HEADLINE_TARGET, "60%"),
                              rules.rag_cell(rag)])
    rag = rules.share_rag(moderated.share(th), HEADLINE_TARGET)
    reasons = rules.exception_reasons(rag=rag, worse=rules.share_got_worse(moderated, last_moderated, th))
    if reasons:
        exceptions.append(rules.Exception_(0, "% of audits judged good or outstanding (after moderation)", reasons,
                                           rules.share_cell(moderated, th).text, rules.share_cell(last_moderated, th).text))
    tables.append(headline)

    overall = Table("audit-judgements", "Judgements this period", ["", *JUDGEMENT_COLUMNS])
    overall.rows.append(_judgement_row("As auditors graded", [a.auditor_judgement for a in this], th))
    overall.rows.append(_judgement_row("After moderation", [a.final_judgement for a in this], th))
    tables.append(overall)
    for table_id, title, attr, label in (
        ("audit-by-district", "Judgements by district (after moderation)", "district", "District"),
        ("audit-by-team", "Judgements by team (after moderation)", "team", "Team"),
        ("audit-by-service", "Judgements by service type (after moderation)", "service_type", "Service type"),
        ("audit-by-tool", "Judgements by audit tool (after moderation)", "tool", "Audit tool"),
    ):
        groups: dict[str, list[AuditRecord]] = defaultdict(list)
        for a in this:
            groups[getattr(a, attr)].append(a)
        t = Table(table_id, title, [label, *JUDGEMENT_COLUMNS, "% good or outstanding as auditors graded"])
        for key in sorted(groups):
            name = audit_rules_service_label(key) if attr == "service_type" else key
            graded = _good_share(groups[key], "auditor_judgement")
            t.rows.append(_judgement_row(name, [a.final_judgement for a in groups[key]], th) + [rules.share_cell(graded, th)])
        tables.append(t)

    tables += moderation_tables(this, period, district_id, locality_id, now)
    tables.append(_corrective_actions(period, district_id, locality_id, now))
    report.tables += tables
    paragraphs = [
        ("Audits count in the period they were submitted. 'After moderation' uses the moderator's judgement "
        "where the moderation is finalised, and the auditor's otherwise. The plan's baseline is 43% and its target 60%."),
    ]
    return Section("audit-results", "Audit results", paragraphs, [t.id for t in tables])


def audit_rules_service_label(key: str) -> str:
    from app.audits.models import SERVICE_TYPES

    return SERVICE_TYPES.get(key, key)


def _kappa_text(kappa) -> str:
    if kappa.kappa is None:
        return kappa.explanation or "Not worked out"
    return f"{kappa.kappa:.2f} ({kappa.strength})" + (f". {kappa.warning}" if kappa.warning else "")


def moderation_tables(this: list[AuditRecord], period: Period, district_id, locality_id, now: datetime) -> list[Table]:
    """Moderation figures for the period's audits, from `agreement_for_period` (moderations
    of audits first submitted in the period, in the chosen area): overall, and by audit tool."""
    figures = agreement_for_period(period.start, period.end, by="tool", district_id=district_id,
                                   locality_id=locality_id, now=now)
    by_tool = Table("moderation-by-tool", "Moderation by audit tool",
                    ["Audit tool", "Selected", "Finalised", "Agreement", "Raised", "Lowered", "Weighted kappa",
                     "Median working days"])
    for r in figures.rows:
        by_tool.rows.append([
            rules.text(r.label), rules.count(r.selected), rules.count(r.finalised),
            Cell(None if r.agreed_share is None else round(r.agreed_share * 100, 1), rules.percent_text(r.agreed_share)),
            rules.count(r.changes.raised), rules.count(r.changes.lowered),
            Cell(None if r.kappa.kappa is None else round(r.kappa.kappa, 2), _kappa_text(r.kappa)),
            Cell(r.times.median, "No data" if r.times.median is None else f"{r.times.median:g}"),
        ])
    return [_moderation_overall(figures, len(this)), by_tool]


def _moderation_overall(figures, submitted: int) -> Table:
    row = figures.all
    changes, kappa, times = row.changes, row.kappa, row.times
    t = Table("moderation", "Moderation", ["Figure", "Value"])
    t.rows.append([rules.text("Audits submitted"), rules.count(submitted)])
    share = rules.percent_text(row.selected / submitted) if submitted else "No data"
    t.rows.append([rules.text("Audits selected for moderation"), Cell(row.selected, f"{row.selected} ({share})")])
    t.rows.append([rules.text("Moderations finalised"), rules.count(row.finalised)])
    agreement = changes.agreement_rate
    t.rows.append([rules.text("Agreement with the auditor's overall judgement"),
                   Cell(None if agreement is None else round(agreement * 100, 1), rules.percent_text(agreement))])
    t.rows.append([rules.text("Judgements raised by the moderator"), rules.count(changes.raised)])
    t.rows.append([rules.text("Judgements lowered by the moderator"), rules.count(changes.lowered)])
    kappa_text = _kappa_text(kappa)
    weights = {None: "unweighted"}.get(figures.weights, figures.weights)
    t.rows.append([rules.text(f"Weighted kappa ({weights})"),
                   Cell(None if kappa.kappa is None else round(kappa.kappa, 2), kappa_text)])
    t.rows.append([rules.text("Median working days to moderation"),
                   Cell(times.median, "No data" if times.median is None else f"{times.median:g}")])
    t.rows.append([rules.text("90th percentile working days"), Cell(times.p90, "No data" if times.p90 is None else f"{times.p90:g}")])
    within = times.share_within_target
    t.rows.append([rules.text(f"Moderated within the target of {times.target_days} working days"),
                   Cell(None if within is None else round(within * 100, 1), rules.percent_text(within))])
    t.rows.append([rules.text("Waiting and already past the target"), rules.count(times.pending_overdue or 0)])
    return t


def _corrective_actions(period, district_id, locality_id, now) -> Table:
    where = [CorrectiveAction.due_date >= period.start, CorrectiveAction.due_date <= period.end]
    area = _area_clause(Team.district_id, district_id, locality_id)
    query = select(CorrectiveAction.due_date, CorrectiveAction.completed_at, CorrectiveAction.confirmed_at)
    if area is not None:
        query = query.join(Case, CorrectiveAction.case_id == Case.id).join(Team, Case.team_id == Team.id)
        where.append(area)
    rows = db.session.execute(query.where(*where)).all()
    # Done means confirmed, dated by the owner's completion (action_rules.done_at).
    f = action_figures([(due, done_at(done, confirmed)) for due, done, confirmed in rows], period.start, period.end,
                       now.date())
    t = Table("corrective-actions", "Corrective actions due this period", ["Figure", "Value"])
    done = f.completed_on_time + f.completed_late
    t.rows += [
        [rules.text("Due in the period"), rules.count(f.due)],
        [rules.text("Completed on time"), rules.count(f.completed_on_time)],
        [rules.text("Completed late"), rules.count(f.completed_late)],
        [rules.text("Still open (or not yet confirmed)"), rules.count(f.open)],
        [rules.text("Overdue"), rules.count(f.overdue)],
        [rules.text("% of those due completed on time"),
         Cell(None if not f.due else round(f.completed_on_time / f.due * 100, 1), rules.percent_text(f.completed_on_time / f.due) if f.due else "No data")],
    ]
    t.note = (f"{done} done of {f.due} due. An action is done once the auditor who raised it or the team manager "
              "confirms it; it is on time if its owner completed it by the due date.")
    return t


def _what_people_said(report, this, campaigns, fb, period, district_id, locality_id, now, th, names):
    tables = []
    # Invites issued in campaigns running in the period, by campaign (one query).
    lo, hi = _bounds(period.start, period.end)
    invite_where = [Invite.created_at >= lo, Invite.created_at < hi]
    invite_query = select(Invite.campaign_id, func.count()).group_by(Invite.campaign_id)
    area = _area_clause(Team.district_id, district_id, locality_id)
    if area is not None:
        invite_query = invite_query.join(Team, Invite.team_id == Team.id)
        invite_where.append(area)
    invites = dict(db.session.execute(invite_query.where(*invite_where)).all())
    missing = set(invites) - set(campaigns)
    campaigns = {**campaigns, **_campaigns(missing)}

    by_audience = Table("responses-by-audience", "Responses by audience",
                        ["Audience", "Responses", "Invites issued", "Invites answered", "Response rate"])
    by_campaign = Table("responses-by-campaign", "Responses by campaign",
                        ["Campaign", "Audience", "Responses", "Invites issued", "Invites answered", "Response rate"])
    audience_tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    campaign_tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for r in this:
        campaign_tally[r.campaign_id][0] += 1
        campaign_tally[r.campaign_id][1] += r.invited
    by_audience_campaigns: dict[str, list[tuple[dict, int, int, int]]] = defaultdict(list)
    for cid in sorted(set(campaign_tally) | set(invites)):
        c = campaigns[cid]
        responses_n, answered = campaign_tally[cid]
        issued = invites.get(cid, 0)
        t = audience_tally[c["audience"]]
        t[0] += responses_n
        t[1] += issued
        t[2] += answered
        by_audience_campaigns[c["audience"]].append((c, responses_n, issued, answered))
    for audience, rows in by_audience_campaigns.items():
        # The audience's totals are shown too: with one campaign hidden it would be the
        # total minus the others, so one more is hidden (privacy.complementary).
        protected = audience in rules.PROTECTED_AUDIENCES
        hidden_responses = privacy.suppress_small([n for _, n, _, _ in rows], th) if protected else set()
        hidden_answered = privacy.complementary(
            [a for _, _, _, a in rows],
            hidden_responses | {i for i, (_, _, _, a) in enumerate(rows) if privacy.is_small(a, th)},
        ) if protected else set()
        for i, (c, responses_n, issued, answered) in enumerate(rows):
            by_campaign.rows.append([rules.text(c["name"]), rules.text(feedback_rules.AUDIENCES.get(audience, audience)),
                                     *_rate_cells(responses_n, issued, answered, protected, th,
                                                  hide_responses=i in hidden_responses, hide_answered=i in hidden_answered)])
    by_campaign.rows.sort(key=lambda row: row[0].text)
    for audience, label in feedback_rules.AUDIENCES.items():
        if audience in audience_tally:
            responses_n, issued, answered = audience_tally[audience]
            by_audience.rows.append([rules.text(label), *_rate_cells(responses_n, issued, answered,
                                                                     audience in rules.PROTECTED_AUDIENCES, th)])
    tables += [by_audience, by_campaign]

    statements = Table("statements", "% positive per statement",
                       ["Statement", "Audience", "Questionnaire", "Measure", "% positive", "95% interval",
                        "Answers counted", "Last period"])
    for audience in fb.audiences:
        for st in audience.statements:
            share, interval, n = rules.figure_cells(st.figure, th)
            statements.rows.append([rules.text(st.text), rules.text(audience.label), rules.text(st.questionnaire_title),
                                    rules.text(names.get(st.measure, st.measure) if st.measure else "None"), share, interval, n,
                                    rules.figure_cells(st.previous, th)[0]])
    tables.append(statements)

    themes = Table("comment-themes", "Themes from comments", ["Theme", "Comments"])
    for t in theme_counts(period, district_id=district_id, locality_id=locality_id):
        themes.rows.append([rules.text(t.theme), rules.count(t.comments, protected=True, threshold=th)])
    tables.append(themes)

    yswd = Table("you-said-we-did", "You said, we did", ["You said", "We did", "When", "Measure"])
    for e in sorted(db.session.scalars(select(YouSaidWeDid)), key=lambda e: (e.done_on, e.id)):
        if not (_label_within(e.period, period) or period.start <= e.done_on <= period.end):
            continue
        yswd.rows.append([rules.text(e.heard), rules.text(e.did), Cell(e.done_on.isoformat(), f"{e.done_on:%-d %B %Y}"),
                          rules.text(names.get(e.measure_key, e.measure_key) if e.measure_key else "None")])
    tables.append(yswd)

    alert_where = [Alert.raised_at >= lo, Alert.raised_at < hi]
    alert_query = select(Alert.raised_at, Alert.acknowledged_at, Alert.escalation_level)
    if area is not None:
        alert_query = alert_query.join(Team, Alert.team_id == Team.id)
        alert_where.append(area)
    alerts = db.session.execute(alert_query.where(*alert_where)).all()
    acknowledged = [a for a in alerts if a.acknowledged_at is not None]
    escalated = [a for a in alerts if a.escalation_level]
    median = median_time_to_acknowledge(alerts)
    alert_table = Table("safeguarding-alerts", "Safeguarding alerts (counts only)", ["Figure", "Value"])
    small = rules.is_suppressed(len(alerts), protected=True, threshold=th)
    alert_table.rows += [
        [rules.text("Alerts raised"), rules.count(len(alerts), protected=True, threshold=th)],
        [rules.text("Acknowledged"), rules.count(len(acknowledged), protected=True, threshold=th) if not small
         else Cell(None, rules.suppressed_text(th), True)],
        [rules.text("Median time to acknowledge"),
         Cell(None, rules.suppressed_text(th), True) if small else
         Cell(None if median is None else round(median.total_seconds() / 3600, 2),
              "No alerts acknowledged" if median is None else duration_words(median))],
        # Passed on to the team manager and the safeguarding inbox (and on) because nobody
        # acknowledged them in time: the figure that says whether alerts reach a person.
        [rules.text("Passed on: not acknowledged in time"),
         Cell(None, rules.suppressed_text(th), True) if small else rules.count(len(escalated))],
    ]
    tables.append(alert_table)
    report.tables += tables
    paragraphs = [
        ("Responses count in the period they were sent. A statement's share positive counts answers on the scale; "
        "'don't know' and blanks are left out."),
        f"Figures about children, young people, parents and carers from fewer than {th} respondents are suppressed.",
    ]
    return Section("what-people-said", "What people said", paragraphs, [t.id for t in tables])


def _label_within(label: str, period: Period) -> bool:
    """Whether the period a label names lies within `period` (a half within its year, say)."""
    try:
        p = Period.parse(label)
    except ValueError:
        return False
    return period.start <= p.start and p.end <= period.end


def _rate_cells(responses_n: int, issued: int, answered: int, protected: bool, th: int, *,
                hide_responses: bool = False, hide_answered: bool = False) -> list[Cell]:
    """Responses, invites issued, invites answered and the response rate. Small numbers of
    responses and of invites answered are hidden, and those the caller hides to protect
    another row; the rate follows invites answered (it is answered over issued)."""
    hidden = Cell(None, rules.suppressed_text(th), True)
    hide_responses = hide_responses or rules.is_suppressed(responses_n, protected=protected, threshold=th)
    hide_answered = hide_answered or hide_responses or rules.is_suppressed(answered, protected=protected, threshold=th)
    if hide_answered:
        answered_cells = [hidden, hidden]
    else:
        rate = feedback_rules.response_rate(answered, issued)
        answered_cells = [rules.count(answered), Cell(None if rate is None else round(rate * 100, 1),
                                                      "No invites issued" if rate is None else rules.percent_text(rate))]
    return [hidden if hide_responses else rules.count(responses_n), rules.count(issued), *answered_cells]


def _about(th: int) -> Section:
    return Section("about", "About these figures", [
        ("Audit measures: the share of audits where the measure applied that met it, from the final answers "
        "(the moderator's grades where the moderation is finalised). Feedback measures: the share of answers to "
        "the linked statements that were positive; 'don't know' and blanks are not counted. KPIs: the figure "
        "entered for the period."),
        ("The 95% interval is the Wilson score interval: the range the true share is likely to lie in, given "
        "how many cases or answers it rests on."),
        "A share from fewer than 5 cases or answers is too few to judge: it is not given, compared or rated.",
        (f"A figure about children, young people, parents or carers from fewer than {th} respondents is "
        "suppressed in every table, so that nobody can be identified."),
        ("RAG against a target: Green at or above it, Amber within 5% of it, Red below that (the plan's rule). "
        "KPI RAG: the KPI's own target, direction and tolerance."),
        ("'Worse than last period' for an audit or feedback measure means this period's share is lower than "
        "last period's and the two 95% intervals do not overlap: a fall too large to be put down to chance in "
        "who happened to be sampled or to answer. A small fall, such as 73% to 72%, is not flagged. A share "
        "that is too few to judge or suppressed in either period is never compared. For a KPI, a figure "
        "entered once for the period, it means the figure moved the wrong way."),
    ])


def _exceptions(report, exceptions, overdue: list[OverdueSummary]) -> Section:
    """Measures and KPIs that are Red or got worse (read first), then overdue plan actions
    counted per recommendation; each recommendation's section lists its overdue actions."""
    t = Table("exceptions", "Exceptions: Red or worse than last period",
              ["Recommendation", "What", "Why", "This period", "Last period"])
    for e in rules.order_exceptions(exceptions):
        t.rows.append([Cell(e.recommendation or None, str(e.recommendation) if e.recommendation else "Audit results"),
                       rules.text(e.what), rules.text("; ".join(e.reasons)), rules.text(e.this_period),
                       rules.text(e.last_period)])
    late = Table("overdue-actions", "Plan actions overdue, by recommendation",
                 ["Recommendation", "Actions overdue", "Of all its actions", "Longest overdue"])
    for o in sorted(overdue, key=lambda o: o.recommendation):
        late.rows.append([Cell(o.recommendation, str(o.recommendation)), rules.count(o.overdue), rules.count(o.actions),
                          Cell(o.earliest_due.isoformat(), f"Due {o.earliest_due:%-d %B %Y}")])
    report.tables[0:0] = [t, late]
    paragraphs = ["Measures and KPIs that are Red or got worse since last period. Read these first."]
    if not t.rows:
        paragraphs.append("No measure or KPI is Red or worse than last period.")
    if late.rows:
        total = sum(o.overdue for o in overdue)
        paragraphs.append(f"{total} plan {'action is' if total == 1 else 'actions are'} overdue: past their due date "
                          "and not complete. Each recommendation's section lists its overdue actions.")
    else:
        paragraphs.append("No plan actions are overdue.")
    return Section("exceptions", "Exceptions", paragraphs, [t.id] + ([late.id] if late.rows else []))
