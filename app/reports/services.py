"""Building the aggregate report for a period: plain data (`ReportData`) that is JSON both
ways. A draft is built from live data; publishing stores exactly `ReportData.to_dict()`
and a published report is only ever rendered from that JSON.

Each section reads its rows in a few queries over the whole span it needs (the report
period and the trend periods before it) and buckets them in Python: no query per row.
"""
from __future__ import annotations

from datetime import datetime

from app.core.clock import local_day
from app.core.db import utcnow
from app.core.periods import Period
from app.plan import services as plan_services
from app.reports import headline_figures, kept_figures, round_summaries, rules
from app.reports.audit_results import audit_measure_proportions, audit_results_section, headline_trend
from app.reports.feedback_results import feedback_periods, load_responses, what_people_said_section
from app.reports.plan_results import (
    OverdueSummary,
    exceptions_section,
    plan_measures,
    recommendation_sections,
    without_target,
)
from app.reports.pack import build_summary
from app.reports.report_data import COUNTY, TREND_PERIODS, ReportData, Section, area_name, threshold


# --- The report -----------------------------------------------------------------------------------


def build_report(period: Period, *, district_id: int | None = None, locality_id: int | None = None,
                 now: datetime | None = None) -> ReportData:
    return _build(period, district_id, locality_id, now, with_feedback=True)


def build_headlines(period: Period, *, district_id: int | None = None, locality_id: int | None = None,
                    now: datetime | None = None) -> ReportData:
    """The county's (or one area's) report headline figure and its exceptions for audit measures, KPIs and overdue
    actions, built by the very code of `build_report`, for home pages. Without feedback: working it
    out is most of a report's time (seconds, on a county's two years), and live feedback figures are
    not for everyone (app.feedback.services.hands_out_invites). No trend beyond last period."""
    return _build(period, district_id, locality_id, now, with_feedback=False)


def _build(period: Period, district_id: int | None, locality_id: int | None, now: datetime | None, *,
           with_feedback: bool) -> ReportData:
    now = now or utcnow()
    th = threshold()
    previous = period.previous()
    trend = [period]
    while len(trend) < (TREND_PERIODS if with_feedback else 2):
        trend.insert(0, trend[0].previous())
    labels = [p.label for p in trend]
    area = area_name(district_id, locality_id)
    # The board report is the improvement plan's (the partnership's plan has its own page).
    recs = plan_services.recommendations()
    report = ReportData(
        title=f"Improvement plan report {period.label}" + ("" if area == COUNTY else f": {area}"),
        period=period.label, period_long=period.long_label, previous=previous.label, kind=period.kind,
        district_id=district_id, locality_id=locality_id, area=area, generated_at=now.isoformat(timespec="seconds"),
        threshold=th, trend_periods=labels,
        recommendations=[{"number": r.number, "title": r.title, "short_title": r.short_title} for r in recs],
    )
    # Closed periods' audit records and feedback results are kept in the database (kept_figures).
    today = local_day(now)
    audits = kept_figures.audits(trend, district_id, locality_id, today=today)
    audit_props = audit_measure_proportions(audits)
    # The headline, one figure for the report's every table, the KPI's row and the home pages.
    head_kpi = headline_figures.headline_kpi()
    heads = headline_figures.from_records(audits, labels, headline_figures.rule_of(head_kpi), th)  # labels: this and last period at least
    feedback, feedback_trend = (feedback_periods(trend, district_id, locality_id, th, today=today) if with_feedback
                                else (None, {}))

    measures, names = plan_measures(recs)
    exceptions: list[rules.Exception_] = []
    overdue: list[OverdueSummary] = []
    rec_sections = recommendation_sections(report, recs, measures, names, period, previous, labels, audit_props,
                                           feedback, feedback_trend, exceptions, overdue, now, th, heads=heads)
    audit_section = audit_results_section(report, audits, period, previous, district_id, locality_id, exceptions, now,
                                          th, heads, headline_in_plan=bool(head_kpi and head_kpi.links))
    exceptions_part = exceptions_section(report, exceptions, overdue, without_target(recs, measures, names))
    if not with_feedback:
        report.sections = [exceptions_part, *rec_sections, audit_section]
        return report
    rounds_section = Section(round_summaries.SECTION_ID, "What audit rounds showed",
                             *round_summaries.build(report, period, district_id, locality_id))
    responses, campaigns = load_responses(period.start, period.end, district_id, locality_id, th)
    feedback_section = what_people_said_section(report, responses, campaigns, feedback, period, district_id,
                                                locality_id, now, th, names)
    headline_trend(report, heads, labels, audit_section, th)
    report.sections = [exceptions_part, *rec_sections, audit_section, rounds_section, feedback_section, _about(th)]
    report.summary = build_summary(report)
    return report


def _about(th: int) -> Section:
    return Section("about", "About these figures", [
        ("Final audits: an audit counts once it is final, that is once its moderation is finalised (the "
        "moderator's grades and judgement count) or when its round's policy did not select it for moderation (the "
        "auditor's count). Audits still awaiting moderation are not counted yet; how many are waiting is shown "
        "beside the figure. This one meaning of final is used for the headline and for every audit measure."),
        ("The headline, % of audits judged good or outstanding, is the share of final audits judged Good or "
        "Outstanding. It is also the plan's KPI of that name, worked out from the same audits (never entered by "
        "hand), rated by that KPI's own rule: Green at or above its target, Amber within its tolerance. It is "
        "shown to one decimal place, or more where one decimal would put it on the other side of a RAG boundary. "
        "The auditors' own grades of every audit submitted are shown beside it as context only, with no RAG."),
        ("Audit measures: the share of final audits where the measure applied that met it. Feedback measures: the "
        "share of answers to the linked statements that were positive; 'don't know' and blanks are not counted. "
        "Other KPIs: the figure entered for the period."),
        ("The number behind a feedback measure is the number of people who answered it, not their answers: a "
        "measure pools several statements, and one person answers most of them."),
        ("A feedback measure counts only the people it names, within the groups the plan gives it: "
        "\"children in care will say...\" counts answers from the children in care questionnaire, or from links "
        "handed out by a children looked after team, so care leavers' answers are not counted; \"social workers "
        "will say...\" counts practitioners' answers recorded against a children's social work team, so partner "
        "agencies' staff are not counted (the practitioner survey does not yet ask people's role)."),
        ("Where an audience has not answered yet this period, last period's figure is still shown beside it."),
        ("The 95% interval is the range the true share is likely to lie in. For audit measures and statements it "
        "is the Wilson score interval. For feedback measures it is worked out per person, since one person's "
        "answers are alike: the Wilson interval over an effective number of answers, the answers divided by the "
        "design effect (how much more the share varies between people than if every answer were independent), "
        "never fewer than the number of people."),
        "A share from fewer than 5 cases, people or answers is too few to judge: it is not given, compared or rated.",
        (f"A figure about children, young people, parents or carers from fewer than {th} respondents is "
        "suppressed in every table, so that nobody can be identified."),
        (f"Small groups are left out of every figure, not only hidden. Every figure and count about children, "
        "young people, parents or carers (feedback figures, responses, invites answered, response rates, comment "
        "themes, safeguarding alerts) is added up from groups: the answers one campaign got in one "
        "district in one quarter (for comment themes and alerts, a district's quarter). A group where 1 to "
        f"{th - 1} people answered is left out of the county's, every locality's and every district's figures, "
        "for the quarter, the half and the year alike. So no figure less another (the county less a district, a "
        "half less a quarter, a year less a half, a campaign less the others) can give away a small group: the "
        "difference is always whole groups of at least "
        f"{th}. The cost: those people's answers are in no figure, so figures can be lower than the answers "
        "received, and their answers by category are rarely shown for a whole area; children's and families' "
        "figures are not given by team (docs/small-numbers.md)."),
        ("Audit figures have no such rule: they count case files sampled for audit and the auditors' and "
        "moderators' judgements of the practice on them, not anything a child or family said, and they name no "
        "child. A small number of audits is shown (and, under 5, is too few to judge)."),
        ("RAG against a target: Green at or above it, Amber within 5% of it, Red below that (the plan's rule). "
        "KPI RAG: the KPI's own target, direction and tolerance. A measure with no target set is not rated: the "
        "exceptions list every such measure for the QA group."),
        ("Moderation is an exception when any audit was moderated after its round's target, counted in working "
        "days (Monday to Friday, less England's bank holidays) from the audit's first submission to the "
        "moderator's first decision, or when any audit is still waiting and already past it."),
        ("'Worse than last period' for an audit or feedback measure means this period's share is lower than "
        "last period's and the two 95% intervals do not overlap: a fall too large to be put down to chance in "
        "who happened to be sampled or to answer. A small fall, such as 73% to 72%, is not flagged. A share "
        "that is too few to judge or suppressed in either period is never compared. For a KPI, a figure "
        "entered once for the period, it means the figure moved the wrong way."),
    ])

