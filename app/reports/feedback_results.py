"""The report's feedback: each period's figures per audience and measure (from
`app.feedback.period_results`), responses and response rates, statements, themes, "you
said, we did" and safeguarding alerts ("What people said")."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.core import privacy
from app.core.clock import local_day, uk_today
from app.core.db import db
from app.core.periods import Period
from app.feedback import rules as feedback_rules
from app.feedback.models import Campaign, Invite, Questionnaire, QuestionnaireVersion, Response
from app.feedback.period_results import feedback_for_period
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
    counted: bool = True  # False when its group is small: left out of every count
    answered_counted: bool = True  # False when its group's invites answered are small
    invite_group: tuple = ()  # privacy.group_of, by the district of the team that handed out the invite


def load_responses(start: date, end: date, district_id=None, locality_id=None, threshold: int | None = None):
    """Responses given from `start` to `end` (campaign and whether from an invite only) and
    their campaigns: for counts and response rates. The figures come from feedback_for_period.

    For children, young people and parents and carers, a group (privacy.group_of: one
    campaign's responses from one district in one quarter) of 1 to threshold - 1
    responses is left out of every count, as it is of the feedback figures; and so is a group
    of 1 to threshold - 1 invites answered from the invites answered and the response rate.
    Every area, period and campaign is whole groups, so no count less another gives a small
    group away."""
    lo, hi = uk_day_bounds(start, end)
    where = [Response.submitted_at >= lo, Response.submitted_at < hi]
    area = area_clause(Response.district_id, district_id, locality_id)
    if area is not None:
        where.append(area)
    rows = db.session.execute(select(Response.campaign_id, Response.invite_id, Response.district_id, Response.team_id,
                                     Response.submitted_at, Team.district_id, Response.language)
                              .outerjoin(Team, Response.team_id == Team.id).where(*where)).all()
    campaigns = campaigns_by_id({r[0] for r in rows})
    th = privacy.suppression_threshold() if threshold is None else threshold
    groups = [privacy.group_of(c, d, local_day(at), language or "en") for c, _, d, t, at, _, language in rows]
    rows = [row[:6] for row in rows]
    # Invites answered are grouped by the team that handed them out, as invites issued are.
    invite_groups = [privacy.group_of(c, td if t is not None else d, local_day(at)) for c, _, d, t, at, td in rows]
    responses = Counter(groups)
    answered = Counter(g for g, row in zip(invite_groups, rows) if row[1] is not None)
    records = []
    for group, invite_group, (c, invite, *_rest) in zip(groups, invite_groups, rows):
        protect = campaigns[c]["audience"] in rules.PROTECTED_AUDIENCES
        records.append(ResponseRecord(c, invite is not None,
                                      not (protect and privacy.is_small(responses[group], th)),
                                      not (protect and privacy.is_small(answered[invite_group], th)), invite_group))
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
    # Invites issued in campaigns running in the period, by campaign (one query). Those in a
    # group whose invites answered are left out (small) are left out of the rate too, so the
    # rate is answered over issued among the same groups.
    lo, hi = uk_day_bounds(period.start, period.end)
    invite_where = [Invite.created_at >= lo, Invite.created_at < hi]
    invite_query = select(Invite.campaign_id, Team.district_id, Invite.team_id, Invite.created_at).outerjoin(
        Team, Invite.team_id == Team.id)
    area = area_clause(Team.district_id, district_id, locality_id)
    if area is not None:
        invite_where.append(area)
    small_answered = {r.invite_group for r in this if r.invited and not r.answered_counted}
    invites: dict[int, int] = defaultdict(int)
    for c, d, t, at in db.session.execute(invite_query.where(*invite_where)):
        if privacy.group_of(c, d, local_day(at)) not in small_answered:
            invites[c] += 1
    missing = set(invites) - set(campaigns)
    campaigns = {**campaigns, **campaigns_by_id(missing)}

    by_audience = Table("responses-by-audience", "Responses by audience",
                        ["Audience", "Responses", "Invites issued", "Invites answered", "Response rate"])
    by_campaign = Table("responses-by-campaign", "Responses by campaign",
                        ["Campaign", "Audience", "Responses", "Invites issued", "Invites answered", "Response rate"])
    # responses, invites answered, and whether a small group was left out of each
    campaign_tally: dict[int, list] = defaultdict(lambda: [0, 0, False, False])
    for r in this:
        t = campaign_tally[r.campaign_id]
        if r.counted:
            t[0] += 1
        else:
            t[2] = True
        if r.invited and r.answered_counted:
            t[1] += 1
        elif r.invited:
            t[3] = True
    audience_tally: dict[str, list] = defaultdict(lambda: [0, 0, 0, False, False])
    for cid in sorted(set(campaign_tally) | set(invites)):
        c = campaigns[cid]
        responses_n, answered, left_out, answered_left_out = campaign_tally[cid]
        issued = invites.get(cid, 0)
        t = audience_tally[c["audience"]]
        t[0] += responses_n
        t[1] += issued
        t[2] += answered
        t[3] = t[3] or left_out
        t[4] = t[4] or answered_left_out
        # Every count is whole groups that passed (0 or at least th): none is hidden to
        # protect another; one left with nothing but small groups says so.
        by_campaign.rows.append([rules.text(c["name"]), rules.text(feedback_rules.AUDIENCES.get(c["audience"], c["audience"])),
                                 *_rate_cells(responses_n, issued, answered, c["audience"] in rules.PROTECTED_AUDIENCES, th,
                                              hide_responses=left_out and responses_n == 0,
                                              hide_answered=answered_left_out and answered == 0)])
    by_campaign.rows.sort(key=lambda row: row[0].text)
    for audience, label in feedback_rules.AUDIENCES.items():
        if audience in audience_tally:
            responses_n, issued, answered, left_out, answered_left_out = audience_tally[audience]
            by_audience.rows.append([rules.text(label), *_rate_cells(responses_n, issued, answered,
                                                                     audience in rules.PROTECTED_AUDIENCES, th,
                                                                     hide_responses=left_out and responses_n == 0,
                                                                     hide_answered=answered_left_out and answered == 0)])
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
    for t in theme_counts(period, district_id=district_id, locality_id=locality_id, threshold=th):
        themes.rows.append([rules.text(t.theme), Cell(None, rules.suppressed_text(th), True) if t.comments is None
                            else rules.count(t.comments, protected=True, threshold=th)])
    tables.append(themes)

    yswd = Table("you-said-we-did", "You said, we did", ["You said", "We did", "When", "Measure"])
    for e in sorted(db.session.scalars(select(YouSaidWeDid)), key=lambda e: (e.done_on, e.id)):
        if not (_label_within(e.period, period) or period.start <= e.done_on <= period.end):
            continue
        yswd.rows.append([rules.text(e.heard), rules.text(e.did), Cell(e.done_on.isoformat(), f"{e.done_on:%-d %B %Y}"),
                          rules.text(names.get(e.measure_key, e.measure_key) if e.measure_key else "None")])
    tables.append(yswd)

    alert_where = [Alert.raised_at >= lo, Alert.raised_at < hi]
    alert_query = select(Alert.raised_at, Alert.acknowledged_at, Alert.escalation_level, Team.district_id).outerjoin(
        Team, Alert.team_id == Team.id)
    if area is not None:
        alert_where.append(area)
    alerts = db.session.execute(alert_query.where(*alert_where)).all()
    raised, acknowledged, escalated, left_out = alert_counts(alerts, th)
    median = median_time_to_acknowledge(raised)
    alert_table = Table("safeguarding-alerts", "Safeguarding alerts (counts only)", ["Figure", "Value"])
    hidden = Cell(None, rules.suppressed_text(th), True)
    small = left_out and not raised  # every alert was in a small group
    alert_table.rows += [
        [rules.text("Alerts raised"), hidden if small else rules.count(len(raised), protected=True, threshold=th)],
        [rules.text("Acknowledged"), _pooled_cell(acknowledged, th, hidden_too=small)],
        [rules.text("Median time to acknowledge"),
         hidden if small else
         Cell(None if median is None else round(median.total_seconds() / 3600, 2),
              "No alerts acknowledged" if median is None else duration_words(median))],
        # Passed on to the team manager and the safeguarding inbox (and on) because nobody
        # acknowledged them in time: the figure that says whether alerts reach a person.
        [rules.text("Passed on: not acknowledged in time"),
         _pooled_cell(escalated, th, hidden_too=small)],
    ]
    tables.append(alert_table)
    report.tables += tables
    paragraphs = [
        ("Responses count in the period they were sent. A statement's share positive counts answers on the scale; "
        "'don't know' and blanks are left out."),
        f"Figures about children, young people, parents and carers from fewer than {th} respondents are suppressed.",
        (f"Every count of them here (responses, invites answered, comment themes, alerts) leaves out any campaign's "
         f"district and quarter where 1 to {th - 1} answered, in every report: see About these figures."),
    ]
    return Section("what-people-said", "What people said", paragraphs, [t.id for t in tables])


def alert_counts(alerts, th: int) -> tuple[list, int, int, bool]:
    """Safeguarding alerts as the report counts them: each is about one child, so they are
    pooled from groups (privacy.group_of: a district's quarter, as alerts are shown only by area
    and period) like every count of children. Returns the alerts raised in groups of none or at
    least `th`; of those, the acknowledged and the passed-on, each pooled the same way from its
    own groups (each a total and whether a group was left out, as `privacy.pooled`); and
    whether any group was left out of those raised. `alerts` have raised_at, acknowledged_at,
    escalation_level and district_id."""
    groups: dict[tuple, list] = defaultdict(list)
    for a in alerts:
        groups[privacy.group_of(None, a.district_id, local_day(a.raised_at))].append(a)
    raised = [a for g in groups.values() if not privacy.is_small(len(g), th) for a in g]
    kept = [g for g in groups.values() if not privacy.is_small(len(g), th)]
    acknowledged = privacy.pooled({i: sum(a.acknowledged_at is not None for a in g) for i, g in enumerate(kept)}, th)
    escalated = privacy.pooled({i: sum(bool(a.escalation_level) for a in g) for i, g in enumerate(kept)}, th)
    return raised, acknowledged, escalated, len(kept) < len(groups)


def _pooled_cell(pooled: tuple[int, bool], th: int, *, hidden_too: bool = False) -> Cell:
    """A pooled count (privacy.pooled): not shown when every group was small, rather than 0."""
    total, left_out = pooled
    if hidden_too or (total == 0 and left_out):
        return Cell(None, rules.suppressed_text(th), True)
    return rules.count(total, protected=True, threshold=th)


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

