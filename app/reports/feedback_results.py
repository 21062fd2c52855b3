"""The report's feedback: each period's figures per audience and measure (from
`app.feedback.period_results`), responses and response rates, statements, themes, "you
said, we did" and safeguarding alerts ("What people said")."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.core import privacy
from app.core.clock import uk_today
from app.core.db import db
from app.core.periods import Period
from app.feedback import rules as feedback_rules
from app.feedback.models import Campaign, Invite, Questionnaire, QuestionnaireVersion, Response
from app.feedback.period_results import area_districts
from app.feedback.themes import theme_counts
from app.feedback.yswd_models import YouSaidWeDid
from app.org.models import Team
from app.reports import kept_figures, rules
from app.reports.rules import Cell, Table
from app.safeguarding.models import Alert
from app.reports.report_data import Section, area_clause, uk_day_bounds
from app.safeguarding.services import duration_words, median_time_to_acknowledge


# --- Feedback -----------------------------------------------------------------------------------


@dataclass
class ResponseRecord:
    campaign_id: int
    invited: bool
    counted: bool = True  # False when left out of an area's counts (a small district's)


def load_responses(start: date, end: date, district_id=None, locality_id=None, threshold: int | None = None):
    """Responses given from `start` to `end` (campaign and whether from an invite only) and
    their campaigns: for counts and response rates. The figures come from feedback_for_period.

    For the county or a locality, a district where 1 to threshold - 1 children, young people
    or parents and carers of one audience answered is left out of that audience's counts, as
    it is of the feedback figures (`area_districts`): otherwise the county's count less the
    other districts' reports would give it away."""
    lo, hi = uk_day_bounds(start, end)
    where = [Response.submitted_at >= lo, Response.submitted_at < hi]
    area = area_clause(Response.district_id, district_id, locality_id)
    if area is not None:
        where.append(area)
    rows = db.session.execute(select(Response.campaign_id, Response.invite_id, Response.district_id).where(*where)).all()
    campaigns = campaigns_by_id({r[0] for r in rows})
    by_group: dict[str, dict] = defaultdict(lambda: defaultdict(int))  # audience -> district -> responses
    for campaign_id, _, district in rows:
        by_group[campaigns[campaign_id]["audience"]][district] += 1
    th = privacy.suppression_threshold() if threshold is None else threshold
    counted = {audience: area_districts(districts, th, protect=audience in rules.PROTECTED_AUDIENCES,
                                        one_district=district_id is not None)
               for audience, districts in by_group.items()}
    records = [ResponseRecord(c, i is not None, d in counted[campaigns[c]["audience"]]) for c, i, d in rows]
    return records, campaigns


def campaigns_by_id(ids) -> dict[int, dict]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(Campaign.id, Campaign.name, Questionnaire.audience)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.questionnaire_version_id)
        .join(Questionnaire, Questionnaire.id == QuestionnaireVersion.questionnaire_id)
        .where(Campaign.id.in_(ids))
    )  # one query, not two per campaign
    return {c_id: {"id": c_id, "name": name, "audience": audience} for c_id, name, audience in rows}



def feedback_periods(trend: list[Period], district_id, locality_id, th, today: date | None = None):
    """The report period's feedback results, and each trend period's figure for every
    (audience, measure) answered in it: {period label: {(audience words, key): Figure}}.
    A closed period's results are kept (`kept_figures.feedback`), so each view works out
    only the open period's, reading responses only from the period compared with onwards.

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

    today = today or uk_today()
    done: set[str] = set()
    current = kept_figures.feedback(trend[-1], district_id, locality_id, th, today=today)
    take(current)
    wanted = set(figures[current.period])
    for p in reversed(trend[:-1]):
        if p.label not in done and not wanted <= set(figures[p.label]):
            take(kept_figures.feedback(p, district_id, locality_id, th, today=today))
    return current, figures


def what_people_said_section(report, this, campaigns, fb, period, district_id, locality_id, now, th, names):
    tables = []
    # Invites issued in campaigns running in the period, by campaign (one query).
    lo, hi = uk_day_bounds(period.start, period.end)
    invite_where = [Invite.created_at >= lo, Invite.created_at < hi]
    invite_query = select(Invite.campaign_id, func.count()).group_by(Invite.campaign_id)
    area = area_clause(Team.district_id, district_id, locality_id)
    if area is not None:
        invite_query = invite_query.join(Team, Invite.team_id == Team.id)
        invite_where.append(area)
    invites = dict(db.session.execute(invite_query.where(*invite_where)).all())
    missing = set(invites) - set(campaigns)
    campaigns = {**campaigns, **campaigns_by_id(missing)}

    by_audience = Table("responses-by-audience", "Responses by audience",
                        ["Audience", "Responses", "Invites issued", "Invites answered", "Response rate"])
    by_campaign = Table("responses-by-campaign", "Responses by campaign",
                        ["Campaign", "Audience", "Responses", "Invites issued", "Invites answered", "Response rate"])
    audience_tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    campaign_tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    left_out: set[int] = set()  # campaigns with answers from a small district, left out of the area's counts
    for r in this:
        if not r.counted:
            left_out.add(r.campaign_id)
            continue
        campaign_tally[r.campaign_id][0] += 1
        campaign_tally[r.campaign_id][1] += r.invited
    by_audience_campaigns: dict[str, list[tuple[dict, int, int, int]]] = defaultdict(list)
    for cid in sorted(set(campaign_tally) | set(invites) | left_out):
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
        # Answered only from small districts: shown as suppressed, not as none.
        only_left_out = {i for i, (c, n, _, _) in enumerate(rows) if n == 0 and c["id"] in left_out}
        hidden_responses = privacy.complementary(
            [n for _, n, _, _ in rows], only_left_out | {i for i, (_, n, _, _) in enumerate(rows) if privacy.is_small(n, th)},
        ) if protected else set()
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
            only_left_out = responses_n == 0 and any(c["id"] in left_out for c, *_ in by_audience_campaigns[audience])
            by_audience.rows.append([rules.text(label), *_rate_cells(responses_n, issued, answered,
                                                                     audience in rules.PROTECTED_AUDIENCES, th,
                                                                     hide_responses=only_left_out)])
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

