"""Moderation agreement for a period, on a hand-built set of moderations with every figure
worked by hand: agreement, grades raised and lowered, weighted kappa, days to moderation;
grouped by auditor, team and tool; period boundaries in UK time; district and locality."""
from datetime import date, datetime, time
from fractions import Fraction

import pytest
from sqlalchemy import event, select

from app.audits.models import Audit, AuditRound
from app.core.db import db, utcnow
from app.core.periods import Period
from app.moderation import rules
from app.moderation.figures import agreement_for_period, local_date
from app.moderation.models import Moderation, ModerationDecision, RoundModerationPolicy
from app.org.models import Locality
from moderation.test_agreement import LINEAR_W, kappa_by_hand

I, RI, G, O = rules.CATEGORIES
H1 = Period.parse("H1 2026-27")  # 1 April to 30 September 2026
NOW = date(2026, 10, 15)
MONDAY = datetime(2026, 6, 1, 9, 0)  # 10:00 in the UK


@pytest.fixture
def moderated(make_case, make_user, publish_tool):
    """moderated(auditor, team, tool, grade, final=None, days=None, ...): one moderated audit,
    written straight to the tables. `final` set: finalised `days` working days after
    submission; only `days`: returned to the auditor then; neither: still waiting."""
    admin = make_user("admin")
    rounds = {}

    def make(auditor, team, tool, grade, final=None, days=None, submitted=MONDAY, target=None):
        if tool.id not in rounds:
            rounds[tool.id] = AuditRound(
                name=f"Round on {tool.tool.title}", tool_version=tool, cohort_filter={}, sample_spec="1",
                method="simple_random", seed=1, created_by=admin, confirmed_at=utcnow(), confirmed_by=admin)
            db.session.add(rounds[tool.id])
            db.session.flush()
            if target is not None:
                db.session.add(RoundModerationPolicy(round_id=rounds[tool.id].id, policy={}, seed=0, target_days=target))
        case = make_case(team=team)
        audit = Audit(round=rounds[tool.id], case=case, tool_version=tool, auditor=auditor,
                      state="submitted", computed_judgement=grade, submitted_at=submitted)
        decided = None
        if days is not None:
            decided = datetime.combine(rules.due_by(local_date(submitted), days), time(13))  # 13:00 UTC: same UK day
        state = rules.FINALISED if final else rules.RETURNED if days is not None else rules.AWAITING_MODERATION
        moderation = Moderation(audit=audit, round=rounds[tool.id], state=state, first_submitted_at=submitted,
                                first_decided_at=decided, finalised_at=decided if final else None,
                                final_judgement=final)
        if days is not None:
            moderation.decisions.append(ModerationDecision(
                target="overall", auditor_grade=grade, moderator_grade=final or grade,
                agreed=(final or grade) == grade, reason=None if (final or grade) == grade else "Evidence thin"))
        db.session.add_all([audit, moderation])
        db.session.commit()
        return moderation

    return make


@pytest.fixture
def people(make_user, make_team, publish_tool):
    return {
        "alex": make_user("auditor", name="Alex Auditor"),
        "bea": make_user("auditor", name="Bea Auditor"),
        "carlisle": make_team("Carlisle Safeguarding 1", "Carlisle"),
        "barrow": make_team("Barrow Children Looked After", "Barrow", "cla"),
        "cfa": publish_tool("case_file_audit"),
        "eha": publish_tool("early_help_audit"),
    }


# The 20 finalised pairs are test_agreement's SMALL matrix, whose kappa is worked by hand there:
# rows auditor I, RI, G, O; columns moderator. Linear weights: po = 13/15, pe = 401/600,
# kappa = 119/199. Agreed 12; raised 2 (RI→G, G→O); lowered 6 (RI→I, 3 G→RI, 2 O→G), all by one grade.
SMALL = [[2, 0, 0, 0], [1, 3, 1, 0], [0, 3, 5, 1], [0, 0, 2, 2]]

# (auditor, team, tool, auditor's grade, moderator's grade, count)
FINALISED = [
    ("alex", "carlisle", "cfa", G, G, 5),
    ("alex", "carlisle", "cfa", G, RI, 3),
    ("alex", "barrow", "cfa", RI, RI, 3),
    ("alex", "barrow", "cfa", RI, G, 1),
    ("bea", "carlisle", "eha", I, I, 2),
    ("bea", "barrow", "cfa", RI, I, 1),
    ("bea", "barrow", "cfa", G, O, 1),
    ("bea", "barrow", "eha", O, G, 2),
    ("bea", "barrow", "eha", O, O, 2),
]


@pytest.fixture
def world(moderated, people):
    """20 finalised in H1 taking 1, 2, ... 20 working days in the order above; one returned
    after 25 working days; one waiting since 1 September (past its target on 15 October);
    and two outside H1."""
    p = people
    days = iter(range(1, 21))
    for auditor, team, tool, grade, final, count in FINALISED:
        for _ in range(count):
            moderated(p[auditor], p[team], p[tool], grade, final, next(days))
    moderated(p["alex"], p["carlisle"], p["cfa"], G, days=25)  # returned
    moderated(p["bea"], p["barrow"], p["eha"], G, submitted=datetime(2026, 9, 1, 9))  # waiting
    moderated(p["alex"], p["carlisle"], p["cfa"], I, I, 1, submitted=datetime(2026, 3, 2, 9))  # H2 2025-26
    moderated(p["alex"], p["carlisle"], p["cfa"], O, I, 1, submitted=datetime(2026, 10, 1, 9))  # H2 2026-27
    return p


def test_the_pairs_are_the_textbook_matrix():
    pairs = [(a, m) for _, _, _, a, m, n in FINALISED for _ in range(n)]
    assert rules.cohen_kappa(pairs).matrix == tuple(map(tuple, SMALL))


def test_all_moderations_in_the_period(world):
    figures = agreement_for_period(H1.start, H1.end, now=NOW)
    row = figures.all
    assert (row.label, row.selected, row.finalised) == ("All", 22, 20)
    assert row.agreed_share == 12 / 20
    assert (row.changes.agreed, row.changes.raised, row.changes.lowered) == (12, 2, 6)
    assert (row.mean_raised_by, row.mean_lowered_by) == (1.0, 1.0)
    assert row.kappa.weights == rules.LINEAR
    assert row.kappa.exact == (Fraction(13, 15), Fraction(401, 600))
    assert row.kappa.kappa == pytest.approx(119 / 199, abs=1e-12)
    assert (row.kappa.n, row.kappa.strength) == (20, "moderate")
    assert row.kappa.warning == "Based on 20 pairs: too few to rely on"
    # Days: 1..20 and the returned one's 25 (21 values). Median = the 11th = 11.
    # P90: position 20·0.9 = 18 (0-based) = the 19th value = 19. Within 10 days: 10.
    times = row.times
    assert (times.n, times.median, times.p90, times.within_target, times.target_days) == (21, 11, 19, 10, 10)
    assert (times.pending, times.pending_overdue) == (1, 1)  # 1 September + 10 working days < 15 October
    assert (row.moderated_late, row.late) == (11, 12)
    assert figures.rows == () and figures.by is None


def test_by_auditor(world):
    rows = agreement_for_period(H1.start, H1.end, by="auditor", now=NOW).rows
    assert [(r.label, r.selected, r.finalised) for r in rows] == [("Alex Auditor", 13, 12), ("Bea Auditor", 9, 8)]
    alex, bea = rows
    assert alex.key == world["alex"].id
    # Alex: RI/G only. Rows RI (3, 1), G (3, 5); margins rows 4, 8, columns 6, 6; n = 12.
    # Linear (adjacent 2/3): po = (8 + 4·2/3)/12 = 8/9; pe = (24 + 16 + 32 + 48)/144 = 5/6;
    # kappa = (8/9 − 5/6)/(1/6) = 1/3.
    assert alex.kappa.exact == (Fraction(8, 9), Fraction(5, 6))
    assert alex.kappa.kappa == pytest.approx(1 / 3)
    assert (alex.changes.agreed, alex.changes.raised, alex.changes.lowered) == (8, 1, 3)
    bea_matrix = [[2, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 2, 2]]
    assert bea.kappa.exact[:2] == kappa_by_hand(bea_matrix, LINEAR_W)[:2]
    assert (bea.changes.agreed, bea.changes.raised, bea.changes.lowered) == (4, 1, 3)
    assert bea.agreed_share == 0.5
    # Alex: days 1..12 and 25; Bea: 13..20 and one waiting.
    assert (alex.times.n, alex.times.median, alex.times.within_target, alex.times.pending) == (13, 7, 10, 0)
    assert (bea.times.n, bea.times.median, bea.times.within_target, bea.times.pending_overdue) == (8, 16.5, 0, 1)
    assert bea.late == 9


def test_by_team_and_by_tool(world):
    teams = agreement_for_period(H1.start, H1.end, by="team", now=NOW).rows
    assert [(r.label, r.selected, r.finalised, r.changes.agreed, r.changes.raised, r.changes.lowered) for r in teams] == [
        ("Barrow Children Looked After", 11, 10, 5, 2, 3),
        ("Carlisle Safeguarding 1", 11, 10, 7, 0, 3),
    ]
    tools = agreement_for_period(H1.start, H1.end, by="tool", now=NOW).rows
    assert [(r.label, r.selected, r.finalised, r.changes.agreed, r.changes.raised, r.changes.lowered) for r in tools] == [
        ("Case file audit", 15, 14, 8, 2, 4),
        ("Early help audit", 7, 6, 4, 0, 2),
    ]
    # The all row does not depend on the grouping.
    assert agreement_for_period(H1.start, H1.end, by="tool", now=NOW).all == agreement_for_period(H1.start, H1.end, now=NOW).all


def test_district_and_locality_filters(world):
    carlisle = world["carlisle"].district
    only = agreement_for_period(H1.start, H1.end, by="team", district_id=carlisle.id, now=NOW)
    assert [r.label for r in only.rows] == ["Carlisle Safeguarding 1"]
    assert (only.all.selected, only.all.finalised, only.all.changes.agreed) == (11, 10, 7)
    barrow_locality = db.session.scalar(select(Locality).where(Locality.name == "Barrow & South Lakeland"))
    south = agreement_for_period(H1.start, H1.end, locality_id=barrow_locality.id, now=NOW)
    assert (south.all.selected, south.all.finalised) == (11, 10)
    assert agreement_for_period(H1.start, H1.end, district_id=carlisle.id, locality_id=barrow_locality.id).all.selected == 0


def test_periods_follow_the_uk_date_of_first_submission(moderated, people):
    p = people
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in the UK (summer time): H1 2026-27.
    moderated(p["alex"], p["carlisle"], p["cfa"], G, G, 1, submitted=datetime(2026, 3, 31, 23, 30))
    # 22:59 UTC on 31 March 2026 is still 31 March in the UK: H2 2025-26.
    moderated(p["alex"], p["carlisle"], p["cfa"], RI, RI, 1, submitted=datetime(2026, 3, 31, 22, 59))
    # 23:30 UTC on 30 September 2026 is 1 October in the UK: H2 2026-27.
    moderated(p["alex"], p["carlisle"], p["cfa"], O, O, 1, submitted=datetime(2026, 9, 30, 23, 30))
    # 22:30 UTC on 30 September is 23:30 that day: H1.
    moderated(p["alex"], p["carlisle"], p["cfa"], I, I, 1, submitted=datetime(2026, 9, 30, 22, 30))

    def grades(label):
        period = Period.parse(label)
        figures = agreement_for_period(period.start, period.end, now=NOW)
        return sorted(rules.CATEGORIES[i] for i, row in enumerate(figures.all.kappa.matrix) for _ in range(sum(row)))

    assert grades("H1 2026-27") == sorted([G, I])
    assert grades("H2 2025-26") == [RI]
    assert grades("H2 2026-27") == [O]
    assert grades("Q1 2026-27") == [G]  # April to June
    assert grades("2026-27") == sorted([G, I, O])


def test_changes_of_more_than_one_grade_and_mixed_targets(moderated, people):
    p = people
    # Case file audit round: target 10. Early help round: target 15.
    moderated(p["alex"], p["carlisle"], p["cfa"], O, RI, 12, target=10)  # lowered 2; late
    moderated(p["alex"], p["carlisle"], p["cfa"], G, I, 4)  # lowered 2
    moderated(p["alex"], p["carlisle"], p["cfa"], I, G, 2)  # raised 2
    moderated(p["alex"], p["carlisle"], p["eha"], O, I, 12, target=15)  # lowered 3; within its 15
    moderated(p["alex"], p["carlisle"], p["eha"], RI, G, 16)  # raised 1; late
    row = agreement_for_period(H1.start, H1.end, now=NOW).all
    assert row.changes.by_difference == {-3: 1, -2: 2, -1: 0, 0: 0, 1: 1, 2: 1, 3: 0}
    assert row.mean_lowered_by == pytest.approx(7 / 3)
    assert row.mean_raised_by == 1.5
    assert row.changes.mean_difference == pytest.approx((-3 - 2 - 2 + 1 + 2) / 5)
    assert row.targets == (10, 15)
    # Days 2, 4, 12, 12, 16: median 12; P90 at position 3.6: 12 + 0.6·4 = 14.4.
    assert (row.times.n, row.times.median, row.times.p90) == (5, 12, pytest.approx(14.4))
    assert (row.times.within_target, row.moderated_late) == (3, 2)
    assert row.times.target_days == 10  # the commonest target


def test_nothing_in_the_period():
    figures = agreement_for_period(H1.start, H1.end, by="auditor", now=NOW)
    assert figures.rows == ()
    row = figures.all
    assert (row.selected, row.finalised, row.agreed_share, row.kappa.kappa, row.times.median) == (0, 0, None, None, None)
    assert row.kappa.warning == "Based on 0 pairs: too few to rely on"


def test_a_grouping_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="Group moderation figures by auditor, team or tool, not 'district'"):
        agreement_for_period(H1.start, H1.end, by="district")
    with pytest.raises(ValueError, match="ends"):
        agreement_for_period(H1.end, H1.start)


def test_one_query_however_many_audits(world, moderated):
    statements = []

    def count(*args):
        statements.append(args[2])

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        agreement_for_period(H1.start, H1.end, by="auditor", now=NOW)
        before = len(statements)
        for _ in range(5):
            moderated(world["bea"], world["carlisle"], world["cfa"], G, G, 3)
        statements.clear()
        figures = agreement_for_period(H1.start, H1.end, by="auditor", now=NOW)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == before == 1
    assert figures.all.finalised == 25


def test_round_results_share_the_figures(world):
    from app.moderation.services import round_results, round_summaries

    now = datetime(2026, 10, 15, 12)
    summaries = {r.label: r for r in round_summaries(now=now)}
    assert set(summaries) == {"Round on Case file audit", "Round on Early help audit"}
    cfa = round_results(summaries["Round on Case file audit"].key, now=now)
    assert cfa.changes == summaries["Round on Case file audit"].changes
    assert len(cfa.moderations) == 17  # 14 finalised in H1, one returned, two outside H1
    assert cfa.kappa.weights == rules.LINEAR
    assert (cfa.changes.n, cfa.changes.agreed) == (16, 9)  # and one O→I outside H1
    assert db.session.scalar(select(Moderation.id).limit(1)) is not None
