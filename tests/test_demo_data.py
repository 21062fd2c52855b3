"""The demo county (`flask --app wsgi demo-data --scale county`), at its "tiny" scale: the
county's proportions with a fraction of the rows. Deterministic, valid by the domain's own
rules, and telling the story it should."""
import hashlib
import json
from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import func, select, text

from app.audits import rules as audit_rules
from app.audits.models import Audit, AuditRound, Case, CorrectiveAction
from app.auth.models import User
from app.core.db import db
from app.core.periods import HALF, QUARTER, Period
from app.demo_county import SCALES, AlreadyLoaded, Scale, load_county
from app.safeguarding import services as feedback_alerts
from app.feedback import rules as feedback_rules
from app.feedback.models import Campaign, Invite, Response
from app.safeguarding.models import Alert
from app.moderation import rules as moderation_rules
from app.moderation.models import Moderation, ModerationEvent, RoundModerationPolicy
from app.org.services import seed_places
from app.plan.models import Kpi, KpiValue

TODAY = date(2026, 11, 23)  # a Monday in H2 2026-27


def load(seed=7):
    return load_county(seed, TODAY, SCALES["tiny"])


@pytest.fixture
def county(plan):
    return load()


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# Loaded by `flask seed`, not the demo, and stamped with the time the seed ran.
REFERENCE_TABLES = {"audit_tool", "audit_tool_version", "questionnaire", "questionnaire_version", "concern_word"}


def fingerprint() -> str:
    """Every row of every table the demo fills, in id order (password hashes are salted, so left out)."""
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        if table.name in REFERENCE_TABLES:
            continue
        columns = [c for c in table.columns if c.name != "password_hash"]
        rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        digest.update(table.name.encode())
        digest.update(json.dumps([list(r) for r in rows], default=str, sort_keys=True).encode())
    return digest.hexdigest()


def start_again():
    """Empty every table, ids from 1 again (as the autouse clean-up does), and seed the plan."""
    from app.plan.seed import load_plan

    db.session.remove()
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
    seed_places()
    load_plan()


def final(audit, moderation):
    if moderation is not None and moderation.state == moderation_rules.FINALISED:
        return moderation.final_judgement
    return audit.auditor_judgement


def half_of(moment) -> Period:
    return Period.containing(moment.date(), HALF)


# --- Deterministic ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(plan):
    load(7)
    first = fingerprint()
    start_again()
    load(7)
    assert fingerprint() == first
    start_again()
    load(8)
    assert fingerprint() != first


def test_loading_it_twice_is_refused_and_adds_nothing(county):
    before = {model: count(model) for model in (User, Case, Audit, Moderation, Response, Alert)}
    with pytest.raises(AlreadyLoaded, match="loaded already"):
        load()
    assert {model: count(model) for model in before} == before


# --- Its size and its people --------------------------------------------------------------


def test_the_county_has_40_teams_made_up_people_and_every_part(county):
    assert county["team"] == 40
    assert 70 <= county["user_account"] <= 80  # with the demo partner agencies' people (app/demo/agencies.py)
    emails = db.session.scalars(select(User.email)).all()
    assert all(email.endswith("@example.org") for email in emails)
    assert len(set(db.session.scalars(select(User.name)))) == len(emails)  # no two people share a name
    submitted = db.session.scalar(select(func.count()).select_from(Audit).where(Audit.state == "submitted"))
    assert abs(submitted - SCALES["tiny"].audits) <= SCALES["tiny"].audits * 0.1
    assert abs(county["feedback_response"] - SCALES["tiny"].responses) <= SCALES["tiny"].responses * 0.1
    for table in ("moderation", "moderation_event", "corrective_action", "feedback_invite", "safeguarding_alert", "you_said_we_did"):
        assert county[table] > 0, table
    # Five half-years of campaigns (the four before this one, and this one) for each questionnaire.
    halves = {(c.period_start, c.period_end) for c in db.session.scalars(select(Campaign))}
    assert len(halves) == 5
    assert min(start for start, _ in halves) == date(2024, 10, 1)


def test_rounds_every_quarter_for_every_tool(county):
    rounds = db.session.scalars(select(AuditRound)).all()
    quarters = {r.name.rsplit(", ", 1)[1] for r in rounds}
    assert quarters == {"Q3 2024-25", "Q4 2024-25", "Q1 2025-26", "Q2 2025-26", "Q3 2025-26", "Q4 2025-26",
                        "Q1 2026-27", "Q2 2026-27", "Q3 2026-27"}
    assert len({r.tool_version_id for r in rounds}) == 9
    assert all(r.confirmed and r.sample_size == len(r.audits) for r in rounds)


def test_kpi_figures_for_every_period_of_the_two_years(county):
    quarterly = db.session.scalar(select(Kpi).where(Kpi.frequency == "quarterly", Kpi.baseline_value.is_not(None)).limit(1))
    starts = sorted(db.session.scalars(select(KpiValue.period_start).where(KpiValue.kpi_id == quarterly.id)))
    latest = Period.containing(TODAY, QUARTER).previous()
    assert len(starts) == 8 and starts[-1] == latest.start


def test_no_figure_is_entered_for_the_kpi_worked_out_from_audits(county):
    headline = db.session.scalar(select(Kpi).where(Kpi.seed_key == "new-audits-good-outstanding"))
    assert headline.from_audits
    assert db.session.scalar(select(func.count()).select_from(KpiValue).where(KpiValue.kpi_id == headline.id)) == 0


# --- Valid by the domain's rules ----------------------------------------------------------


def test_every_submitted_audit_is_valid_and_judged_by_the_scoring_rules(county):
    audits = db.session.scalars(select(Audit).where(Audit.state == "submitted")).all()
    assert audits
    overridden = 0
    for audit in audits:
        tool = audit.tool_version.definition
        assert audit_rules.validate(tool, audit.answers, audit.evidence) == [], audit.id
        result = audit_rules.score(tool, audit.answers)
        assert audit.computed_judgement == result.judgement
        assert audit.computed_reasons == list(result.reasons)
        if audit.override_judgement:
            overridden += 1
            assert audit.override_reason
            assert audit_rules.final_auditor_judgement(audit.computed_judgement, audit.override_judgement,
                                                       audit.override_reason) == audit.override_judgement
        assert audit.auditor.team_id != audit.case.team_id  # nobody audits their own team's case
        assert audit.started_at <= audit.submitted_at
    assert overridden < len(audits) * 0.1


def test_moderation_follows_each_rounds_policy(county):
    moderated = {m.audit_id for m in db.session.scalars(select(Moderation))}
    for policy in db.session.scalars(select(RoundModerationPolicy)):
        audits = db.session.scalars(select(Audit).where(Audit.round_id == policy.round_id, Audit.submitted_at.is_not(None))).all()
        moderations = {m.audit_id: m for m in db.session.scalars(select(Moderation).where(Moderation.round_id == policy.round_id))}
        # Selection is by first submission: a returned audit's first one is its moderation's.
        records = [moderation_rules.AuditRecord(a.id, a.auditor_id,
                                                moderations[a.id].first_submitted_at if a.id in moderations else a.submitted_at,
                                                a.auditor_judgement) for a in audits]
        selection = moderation_rules.select_for_moderation(
            records, moderation_rules.ModerationPolicy.from_mapping(policy.policy), policy.seed)
        assert set(selection.ids) == {a.id for a in audits if a.id in moderated}
        for picked in selection:
            assert moderations[picked.id].selected_reasons == list(picked.reasons)


def test_every_moderation_has_its_history_in_order_and_finalised_ones_their_decisions(county):
    moderations = db.session.scalars(select(Moderation)).all()
    states = defaultdict(int)
    for m in moderations:
        states[m.state] += 1
        events = db.session.scalars(select(ModerationEvent).where(ModerationEvent.moderation_id == m.id)
                                    .order_by(ModerationEvent.id)).all()
        assert [e.at for e in events] == sorted(e.at for e in events)  # ids follow time
        assert events[0].event == "selected" and events[0].by_id is None and events[0].at == m.first_submitted_at
        state = moderation_rules.AWAITING_MODERATION
        moves = {"claimed": moderation_rules.CLAIM, "returned": moderation_rules.RETURN,
                 "resubmitted": moderation_rules.RESUBMIT, "finalised": moderation_rules.FINALISE}
        for e in events[1:]:
            state = moderation_rules.next_state(state, moves[e.event])  # raises on an illegal move
            who = m.audit.auditor_id if e.event == "resubmitted" else m.moderator_id
            assert e.by_id == who
        assert state == m.state
        assert m.moderator_id != m.audit.auditor_id
        if m.state == moderation_rules.FINALISED:
            overall = [d for d in m.decisions if d.target == "overall"]
            assert len(overall) == 1 and overall[0].moderator_grade == m.final_judgement
            assert overall[0].auditor_grade == m.audit.auditor_judgement
            assert all(d.agreed or d.reason for d in m.decisions)  # a changed grade has its reason
            assert events[-1].details["final_judgement"] == m.final_judgement
            assert m.first_submitted_at <= m.claimed_at <= m.first_decided_at <= m.finalised_at
    assert states[moderation_rules.FINALISED] > 0.9 * len(moderations)


def test_corrective_actions_are_raised_in_audits_and_some_are_late_or_open(county):
    actions = db.session.scalars(select(CorrectiveAction)).all()
    assert actions
    late = open_ = 0
    for action in actions:
        assert action.case_id == action.audit.case_id and action.raised_by_id == action.audit.auditor_id
        assert (action.due_date - action.raised_at.date()).days == 28
        if action.completed_at is None:
            open_ += 1
        else:
            assert action.completed_at > action.raised_at and action.completion_note
            late += action.completed_at.date() > action.due_date
    assert late > 0 and open_ > 0


def test_every_response_is_valid_for_its_questionnaire(county):
    questionnaires = {c.id: c.questionnaire for c in db.session.scalars(select(Campaign))}
    for response in db.session.scalars(select(Response)):
        q = questionnaires[response.campaign_id]
        scale = feedback_rules.SCALES[q.scale]
        assert set(response.answers) <= {s.key for s in q.statements}
        assert all(answer in scale.answers for answer in response.answers.values())
        assert set(response.free_text) <= {f.key for f in q.free_text}
        if response.invite_id is not None:
            invite = db.session.get(Invite, response.invite_id)
            assert invite.campaign_id == response.campaign_id and invite.used_at == response.submitted_at
            assert invite.created_at < response.submitted_at and response.team_id == invite.team_id


def test_alerts_are_exactly_the_responses_with_a_safety_signal(county):
    words = feedback_alerts.concern_words()
    questionnaires = {c.id: c.questionnaire for c in db.session.scalars(select(Campaign))}
    alerted = {a.response_id: a for a in db.session.scalars(select(Alert))}
    signalled = set()
    for response in db.session.scalars(select(Response)):
        if feedback_rules.safety_signals(questionnaires[response.campaign_id], response.answers, response.free_text, words):
            signalled.add(response.id)
    assert signalled and signalled == set(alerted)
    for alert in alerted.values():
        # Told to the issuer or the team's lead; an open link for every team has neither, and
        # goes to the safeguarding inbox, which tests do not set.
        assert alert.raised_at == alert.response.submitted_at
        assert alert.recipients or (alert.team_id is None and alert.response.invite_id is None)
        if alert.acknowledged_at:
            assert alert.raised_at < alert.acknowledged_at and alert.acknowledged_by_id
        if alert.closed_at:
            assert alert.acknowledged_at < alert.closed_at and alert.close_note


# --- The story ----------------------------------------------------------------------------


@pytest.fixture
def bigger_county(plan):
    """Enough audits and responses for shares by half-year to show the trend, not chance."""
    return load_county(7, TODAY, Scale("story", audits=1500, responses=4000))


def test_the_story_judgements_improve_moderation_lowers_fewer_and_gets_quicker(bigger_county):
    moderations = {m.audit_id: m for m in db.session.scalars(select(Moderation))}
    good, lowered, days = defaultdict(list), defaultdict(list), defaultdict(list)
    for audit in db.session.scalars(select(Audit).where(Audit.state == "submitted")):
        m = moderations.get(audit.id)
        half = half_of(audit.submitted_at).start
        good[half].append(audit_rules.is_good_or_better(final(audit, m)))
        if m is not None and m.state == moderation_rules.FINALISED:
            lowered[half].append(m.final_judgement != audit.auditor_judgement)
            days[half].append(moderation_rules.working_days_between(m.first_submitted_at, m.first_decided_at))
    halves = sorted(good)

    def share(values, which):
        pooled = [v for h in which for v in values[h]]
        return sum(pooled) / len(pooled)

    early, late = halves[:2], halves[-3:-1]  # the first year, and the last full year
    assert 0.38 <= share(good, halves[:1]) <= 0.48 and 0.55 <= share(good, halves[-2:-1]) <= 0.65
    assert share(good, early) + 0.07 <= share(good, late)
    assert share(lowered, early) > share(lowered, late) > 0
    medians = [moderation_rules.median(days[h]) for h in halves[:-1]]  # working days to moderation, by half-year
    assert medians == sorted(medians, reverse=True) and medians[0] >= 18 and medians[-1] <= 13


def test_the_story_feedback_becomes_a_little_more_positive(bigger_county):
    questionnaires = {c.id: c.questionnaire for c in db.session.scalars(select(Campaign))}
    tallies = defaultdict(lambda: [0, 0])
    for response in db.session.scalars(select(Response)):
        q = questionnaires[response.campaign_id]
        for statement in q.statements:
            positive = feedback_rules.is_positive(statement, response.answers.get(statement.key))
            if positive is not None:
                tally = tallies[half_of(response.submitted_at).start]
                tally[0] += positive
                tally[1] += 1
    shares = [positive / counted for _, (positive, counted) in sorted(tallies.items())]
    assert 0.6 <= shares[0] < shares[-2] <= 0.8
