"""The report's audit results: audits submitted in the period with their final judgements
and audit measures (final audits only: app.reports.headline), judgements by district, team,
service and tool, moderation figures and corrective actions."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.audits import rules as audit_rules
from app.audits.action_rules import done_at
from app.audits.action_service import figures as action_figures
from app.audits.models import Audit, AuditToolVersion, Case, CorrectiveAction
from app.core.clock import local_day, to_local
from app.core.db import db
from app.core.periods import Period
from app.moderation import rules as moderation_rules
from app.moderation.figures import agreement_for_period
from app.moderation.models import Moderation, ModerationDecision
from app.org.models import District, Team
from app.partnership.models import in_multi_agency_round
from app.plan import rules as plan_rules
from app.reports import headline, rules
from app.reports.headline_figures import Figure, share_cell
from app.reports.rules import Cell, Proportion, Table
from app.reports.report_data import Section, area_clause, uk_day_bounds


JUDGEMENT_ORDER = (audit_rules.OUTSTANDING, audit_rules.GOOD, audit_rules.REQUIRES_IMPROVEMENT, audit_rules.INADEQUATE)


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
    final_judgement: str | None  # None while awaiting moderation (headline.final_judgement)
    moderation_state: str | None  # None: not selected for moderation
    moderated_pair: tuple | None  # (auditor's overall grade, moderator's) when finalised
    submitted_at: datetime | None
    first_submitted_at: datetime | None
    first_decided_at: datetime | None
    round_id: int
    measures: dict[str, bool | None]  # empty while awaiting moderation: only final audits count

    @property
    def final(self) -> bool:
        return headline.is_final(self.moderation_state)


def load_audits(start: date, end: date, kind: str, district_id=None, locality_id=None) -> list[AuditRecord]:
    """Submitted audits from `start` to `end`, with their final judgements and audit measures
    (the moderator's where the moderation is finalised, the auditor's where the audit was not
    selected; none while awaiting moderation). Three queries whatever the number of audits."""
    # Each audit counts in the period of its UK date of submission, as the moderation figures do.
    lo, hi = uk_day_bounds(start, end)
    where = [Audit.submitted_at.is_not(None), Audit.submitted_at >= lo, Audit.submitted_at < hi,
             ~in_multi_agency_round(Audit.round_id)]
    area = area_clause(Team.district_id, district_id, locality_id)
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
        moderated = audit_rules.normalise_judgement(m_final) if m_final else None
        final = headline.final_judgement(auditor, m_state, moderated)
        grades = {t.split(":", 1)[1]: g for t, _, g in decisions.get(moderation_id, ()) if t.startswith("question:")}
        overall = next(((a, g) for t, a, g in decisions.get(moderation_id, ()) if t == "overall"), None)
        pair = None
        if finalised:
            pair = (overall[0] if overall else auditor, final)
        measures = {}  # only final audits count towards audit measures
        if headline.is_final(m_state):
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


def headline_trend(report, heads: dict, labels: list[str], section: Section, th: int) -> None:
    """The headline (`heads`: headline_figures.from_records, the very figures of the headline
    table) period by period, as a table and a chart with the target line, added to the audit
    results section."""
    table = Table("audit-headline-trend", "% of audits judged good or outstanding (final audits) over time",
                  ["Figure", *labels])
    table.rows.append([rules.text("Final audits")] + [heads[p].cell for p in labels])
    series = rules.Series("Final audits", [heads[p].percent for p in labels])
    series.words = "% of audits judged good or outstanding"
    chart = rules.Chart("chart-audit-headline", f"% of audits judged good or outstanding over the last {len(labels)} periods",
                        labels, [series], heads[labels[-1]].rule.target, table.id)
    report.tables.append(table)
    report.charts.append(chart)
    section.charts.append(chart.id)


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



def _judgement_row(name: str, judgements: list[str | None], th: int, rule: headline.Rule | None = None) -> list[Cell]:
    """% good or outstanding shown as the headline is (one decimal; `rule`: the headline's own
    row, to the same places as the headline)."""
    counts = Counter(j for j in judgements if j)
    judged = sum(counts.values())
    p = Proportion(counts[audit_rules.OUTSTANDING] + counts[audit_rules.GOOD], judged)
    return [rules.text(name), rules.count(len(judgements))] + [rules.count(counts[j]) for j in JUDGEMENT_ORDER] + [
        share_cell(p, rule, th), rules.interval_cell(p, th)]


JUDGEMENT_COLUMNS = ["Audits", *[audit_rules.JUDGEMENTS[j] for j in JUDGEMENT_ORDER], "% good or outstanding", "95% interval"]


def audit_results_section(report, audits, period, previous, district_id, locality_id, exceptions, now, th,
                          heads: dict[str, Figure], *, headline_in_plan: bool = False):
    """`heads`: the headline for this period and the last (headline_figures.from_records). Its
    exception is listed here only when no recommendation carries the headline KPI (it is
    listed once, with the KPI, otherwise)."""
    this = [a for a in audits if a.period == period.label]
    tables = []
    now_fig, last_fig = heads[period.label], heads[previous.label]
    rule = now_fig.rule
    # Baseline and target as the KPI shows them (43%, 60%).
    baseline = Cell(rule.baseline, plan_rules.format_value(rule.baseline, plan_rules.UNIT_PERCENT)
                    ) if rule.baseline is not None else rules.text("None")
    target = Cell(rule.target, plan_rules.format_value(rule.target, plan_rules.UNIT_PERCENT)
                  ) if rule.target is not None else rules.text("None set")
    table = Table("audit-headline", headline.WHAT,
                  ["Figure", "This period", "95% interval", "Audits counted", "Awaiting moderation", "Last period",
                   "Baseline", "Target", "RAG"])
    table.rows.append([rules.text(FINAL_WORDS), now_fig.cell, rules.interval_cell(now_fig.proportion, th),
                       rules.n_cell(now_fig.proportion, th), rules.count(now_fig.counts.awaiting), last_fig.cell,
                       baseline, target, rules.rag_cell(now_fig.rag)])
    # The auditors' own grades: context only, so no RAG (a second RAG is a second headline).
    table.rows.append([rules.text(GRADED_WORDS), share_cell(now_fig.graded, rule, th),
                       rules.interval_cell(now_fig.graded, th), rules.n_cell(now_fig.graded, th),
                       rules.text("Included"), share_cell(last_fig.graded, rule, th), baseline, target,
                       Cell(None, "Not rated: context only")])
    table.note = (f"Final audits: moderation finalised (the moderator's judgement), or not selected for moderation "
                  f"(the auditor's). {headline.awaiting_words(now_fig.counts.awaiting).capitalize()}.")
    reasons = rules.exception_reasons(rag=now_fig.rag, worse=rules.share_got_worse(
        now_fig.proportion, last_fig.proportion, th))
    if reasons and not headline_in_plan:
        exceptions.append(rules.Exception_(0, f"{headline.WHAT} (final audits)", reasons, now_fig.text, last_fig.text))
    tables.append(table)

    final = [a for a in this if a.final]  # the headline's audits, so its row here is the headline
    overall = Table("audit-judgements", "Judgements this period", ["", *JUDGEMENT_COLUMNS])
    overall.rows.append(_judgement_row(GRADED_WORDS, [a.auditor_judgement for a in this], th, rule))
    overall.rows.append(_judgement_row(FINAL_WORDS, [a.final_judgement for a in final], th, rule))
    tables.append(overall)
    for table_id, title, attr, label in (
        ("audit-by-district", "Judgements by district (final audits)", "district", "District"),
        ("audit-by-team", "Judgements by team (final audits)", "team", "Team"),
        ("audit-by-service", "Judgements by service type (final audits)", "service_type", "Service type"),
        ("audit-by-tool", "Judgements by audit tool (final audits)", "tool", "Audit tool"),
    ):
        groups: dict[str, list[AuditRecord]] = defaultdict(list)
        for a in this:
            groups[getattr(a, attr)].append(a)
        t = Table(table_id, title, [label, *JUDGEMENT_COLUMNS, "% good or outstanding as auditors graded"])
        for key in sorted(groups):
            name = audit_rules_service_label(key) if attr == "service_type" else key
            graded = _good_share(groups[key], "auditor_judgement")
            t.rows.append(_judgement_row(name, [a.final_judgement for a in groups[key] if a.final], th)
                          + [share_cell(graded, None, th)])
        tables.append(t)

    tables += moderation_tables(this, period, district_id, locality_id, now, exceptions)
    tables.append(_corrective_actions(period, district_id, locality_id, now))
    report.tables += tables
    paragraphs = [
        ("Audits count in the period they were submitted, once final: the moderator's judgement where the "
         "moderation is finalised, the auditor's where the audit was not selected for moderation. Audits still "
         "awaiting moderation are not counted yet; the auditors' own grades of every audit submitted are shown "
         "as context only, with no RAG."),
        (f"{headline.WHAT}: {now_fig.text} of {now_fig.counts.final:,} final audits "
         f"({headline.awaiting_words(now_fig.counts.awaiting)}); baseline {baseline.text}, target {target.text}."),
    ]
    return Section("audit-results", "Audit results", paragraphs, [t.id for t in tables])


FINAL_WORDS = "Final audits (moderated, or not selected for moderation)"
GRADED_WORDS = "As auditors graded, every audit submitted (context only)"


def audit_rules_service_label(key: str) -> str:
    from app.audits.models import SERVICE_TYPES

    return SERVICE_TYPES.get(key, key)


def _kappa_text(kappa) -> str:
    if kappa.kappa is None:
        return kappa.explanation or "Not worked out"
    return f"{kappa.kappa:.2f} ({kappa.strength})" + (f". {kappa.warning}" if kappa.warning else "")


def moderation_tables(this: list[AuditRecord], period: Period, district_id, locality_id, now: datetime,
                      exceptions: list | None = None) -> list[Table]:
    """Moderation figures for the period's audits, from `agreement_for_period` (moderations
    of audits first submitted in the period, in the chosen area): overall, and by audit tool.
    Moderation later than its target is an exception (app.moderation.lag)."""
    figures = agreement_for_period(period.start, period.end, by="tool", district_id=district_id,
                                   locality_id=locality_id, now=now)
    if exceptions is not None and figures.lag is not None and figures.lag.is_exception:
        exceptions.append(rules.Exception_(0, figures.lag.words(), [rules.LATE_REASON], figures.lag.this_period(),
                                           "Not compared"))
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
    area = area_clause(Team.district_id, district_id, locality_id)
    query = select(CorrectiveAction.due_date, CorrectiveAction.completed_at, CorrectiveAction.confirmed_at)
    if area is not None:
        query = query.join(Case, CorrectiveAction.case_id == Case.id).join(Team, Case.team_id == Team.id)
        where.append(area)
    rows = db.session.execute(query.where(*where)).all()
    # Done means confirmed, dated by the owner's completion (action_rules.done_at).
    f = action_figures([(due, done_at(done, confirmed)) for due, done, confirmed in rows], period.start, period.end,
                       local_day(now))
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

