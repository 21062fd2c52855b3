"""Rounds as use cases: create, preview (reproducible), confirm (once), assign, spread evenly,
the sample size helper and the demo rounds. Real database, no HTTP."""
import random
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from app.audits import round_service as rs
from app.audits import states
from app.audits.models import Audit, AuditRound, Case
from app.demo.audits import add_cases as add_demo_cases
from app.demo.audits import add_rounds
from app.audits.round_service import RoundError, RoundLocked
from app.auth.models import User
from app.core.db import db

DUE = date(2026, 12, 31)


@pytest.fixture
def teams(make_team):
    return {
        "Alpha": make_team("Alpha Team", "Carlisle"),
        "Bravo": make_team("Bravo Team", "Eden"),
        "Charlie": make_team("Charlie Team", "Barrow"),
    }


def add_cases(team, n, service_type="CP", prefix=None, start=date(2025, 6, 1)):
    prefix = prefix or team.name.split()[0][0]
    cases = [
        Case(reference=f"{prefix}-{i:03d}", service_type=service_type, team=team, start_date=start, flags=[])
        for i in range(1, n + 1)
    ]
    db.session.add_all(cases)
    db.session.commit()
    return cases


@pytest.fixture
def cohort_50_30_20(teams):
    """100 CP cases: 50 in Alpha, 30 in Bravo, 20 in Charlie."""
    add_cases(teams["Alpha"], 50)
    add_cases(teams["Bravo"], 30)
    add_cases(teams["Charlie"], 20)
    return teams


@pytest.fixture
def admin(make_user):
    return make_user("admin", name="Alex Admin")


@pytest.fixture
def tool(publish_tool):
    return publish_tool()


def new_round(tool, admin, name="CP dip sample", filter=None, spec="10", method="stratified", seed=4242, **kw):
    return rs.create_round(
        name=name,
        tool_version=tool,
        cohort_filter={"service_types": ["CP"]} if filter is None else filter,
        sample_spec=spec,
        method=method,
        seed=seed,
        due_date=kw.pop("due_date", DUE),
        exclude_own_team=kw.pop("exclude_own_team", True),
        user=admin,
    )


def audit_count(round_=None):
    query = select(func.count()).select_from(Audit)
    if round_ is not None:
        query = query.where(Audit.round_id == round_.id)
    return db.session.scalar(query)


# --- Create ---------------------------------------------------------------------------------


def test_a_round_records_its_settings_and_a_seed(cohort_50_30_20, tool, admin):
    round_ = new_round(tool, admin, seed=None, filter={"service_types": ["CP"], "open_to": date(2026, 1, 31)})
    db.session.expire_all()
    stored = db.session.get(AuditRound, round_.id)
    assert isinstance(stored.seed, int) and 0 <= stored.seed <= rs.SEED_MAX
    assert stored.cohort_filter == {
        "service_types": ["CP"], "team_ids": [], "district_ids": [], "flags": [], "open_from": None, "open_to": "2026-01-31",
    }
    assert (stored.sample_spec, stored.method, stored.due_date, stored.exclude_own_team) == ("10", "stratified", DUE, True)
    assert stored.created_by_id == admin.id and not stored.confirmed and stored.audits == []


def test_only_a_published_tool_version_can_be_used(cohort_50_30_20, tool, admin, publish_tool):
    tool.status = "retired"
    db.session.commit()
    with pytest.raises(RoundError, match="is retired: a round can only use a published version") as error:
        new_round(tool, admin)
    assert error.value.field == "tool_version_id"
    with pytest.raises(RoundError, match="Choose the audit tool"):
        new_round(None, admin)
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 0
    assert [v.id for v in rs.published_versions()] == []
    newer = publish_tool(version=2)
    assert [v.id for v in rs.published_versions()] == [newer.id]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("ten", "'ten' is not a number or a percentage: enter a number of cases, such as 20"),
        ("", "Enter the sample size"),
        ("0", "Enter a sample size of at least 1"),
        ("2.5", "Enter a whole number of cases, not 2.5"),
        ("150%", "Enter a percentage of 100% or less"),
        ("101", "The sample size (101) is more than the 100 cases in the cohort"),
    ],
)
def test_a_bad_sample_size_is_refused_on_its_field(cohort_50_30_20, tool, admin, spec, message):
    with pytest.raises(RoundError) as error:
        new_round(tool, admin, spec=spec)
    assert message in error.value.message
    assert error.value.field == "sample_spec"
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 0


def test_an_empty_cohort_is_refused(cohort_50_30_20, tool, admin):
    with pytest.raises(RoundError, match="No cases match this round's cohort"):
        new_round(tool, admin, filter={"service_types": ["CL"]})


def test_bad_filters_and_seeds_name_their_field(cohort_50_30_20, tool, admin):
    with pytest.raises(RoundError) as error:
        new_round(tool, admin, filter={"open_from": "2026-02-01", "open_to": "2026-01-01"})
    assert error.value.field == "open_to" and "must be on or after" in error.value.message
    with pytest.raises(RoundError) as error:
        new_round(tool, admin, seed="lucky")
    assert error.value.field == "seed" and "whole number" in error.value.message
    with pytest.raises(RoundError) as error:
        new_round(tool, admin, seed=2**31)
    assert error.value.field == "seed"
    with pytest.raises(RoundError) as error:
        new_round(tool, admin, filter={"team_ids": [999999]})
    assert error.value.field == "team_ids"


def test_a_name_is_used_once_but_the_same_form_twice_gives_the_same_round(cohort_50_30_20, tool, admin):
    first = new_round(tool, admin, seed=None)
    again = new_round(tool, admin, seed=None)  # a double submit: the seed was left blank both times
    assert again.id == first.id
    with pytest.raises(RoundError, match="There is already a round called 'CP dip sample'") as error:
        new_round(tool, admin, name="cp dip SAMPLE", spec="12")
    assert error.value.field == "name"
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 1


# --- Preview --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["simple_random", "stratified", "systematic"])
def test_the_same_round_previews_the_same_cases_every_time(cohort_50_30_20, tool, admin, method):
    round_ = new_round(tool, admin, method=method, seed=77)
    first = rs.preview(round_).references
    db.session.expire_all()
    assert rs.preview(db.session.get(AuditRound, round_.id)).references == first
    twin = new_round(tool, admin, name="Same seed, same cohort", method=method, seed=77)
    assert rs.preview(twin).references == first
    other = new_round(tool, admin, name="Another seed", method=method, seed=78)
    assert rs.preview(other).references != first
    assert len(first) == 10 and len(set(first)) == 10


def test_stratified_preview_shares_the_sample_by_team(cohort_50_30_20, tool, admin):
    drawn = rs.preview(new_round(tool, admin, spec="10", method="stratified"))
    assert [(r.team, r.cohort, r.sample) for r in drawn.allocation] == [
        ("Alpha Team", 50, 5), ("Bravo Team", 30, 3), ("Charlie Team", 20, 2),
    ]
    assert Counter(c.team.name for c in drawn.cases) == {"Alpha Team": 5, "Bravo Team": 3, "Charlie Team": 2}
    assert (drawn.cohort_size, drawn.sample_size) == (100, 10)


def test_a_percentage_sample_rounds_up_and_the_filter_narrows_the_cohort(cohort_50_30_20, tool, admin, teams):
    round_ = new_round(tool, admin, spec="15%", method="simple_random", filter={"team_ids": [teams["Charlie"].id]})
    drawn = rs.preview(round_)
    assert (drawn.cohort_size, drawn.sample_size) == (20, 3)
    assert all(c.team.name == "Charlie Team" for c in drawn.cases)
    assert drawn.allocation is None


def test_preview_explains_a_cohort_that_has_shrunk(cohort_50_30_20, tool, admin):
    round_ = new_round(tool, admin, spec="90")
    for case in db.session.scalars(select(Case).where(Case.reference.like("A-%"))):
        db.session.delete(case)
    db.session.commit()
    with pytest.raises(RoundError, match=r"The sample size \(90\) is more than the 50 cases in the cohort"):
        rs.preview(round_)
    for case in db.session.scalars(select(Case)):
        db.session.delete(case)
    db.session.commit()
    with pytest.raises(RoundError, match="No cases match this round's cohort"):
        rs.preview(round_)


# --- Confirm --------------------------------------------------------------------------------


def test_confirm_creates_one_audit_per_sampled_case(cohort_50_30_20, tool, admin):
    round_ = new_round(tool, admin, spec="10", method="stratified")
    shown = rs.preview(round_)
    assert rs.confirm(round_, admin, shown.fingerprint) is True
    db.session.expire_all()
    round_ = db.session.get(AuditRound, round_.id)
    assert round_.confirmed and round_.confirmed_by_id == admin.id
    assert (round_.cohort_size, round_.sample_size) == (100, 10)
    audits = round_.audits
    assert sorted(a.case.reference for a in audits) == shown.references
    assert {(a.tool_version_id, a.due_date, a.state, a.auditor_id) for a in audits} == {(tool.id, DUE, states.NOT_STARTED, None)}
    assert Counter(a.case.team.name for a in audits) == {"Alpha Team": 5, "Bravo Team": 3, "Charlie Team": 2}


def test_confirming_twice_does_nothing_the_second_time(cohort_50_30_20, tool, admin, make_user):
    round_ = new_round(tool, admin)
    assert rs.confirm(round_, admin) is True
    confirmed_at = db.session.get(AuditRound, round_.id).confirmed_at
    other_admin = make_user("admin")
    assert rs.confirm(round_, other_admin) is False
    # Two requests at once: the second still sees the round unconfirmed in its own session.
    set_committed_value(round_, "confirmed_at", None)
    assert rs.confirm(round_, other_admin) is False
    db.session.expire_all()
    stored = db.session.get(AuditRound, round_.id)
    assert (stored.confirmed_at, stored.confirmed_by_id) == (confirmed_at, admin.id)
    assert audit_count(round_) == 10


def test_confirm_refuses_a_sample_that_changed_since_it_was_shown(cohort_50_30_20, tool, admin, teams):
    round_ = new_round(tool, admin)
    shown = rs.preview(round_).fingerprint
    add_cases(teams["Bravo"], 5, prefix="NEW")  # an import between looking and confirming
    with pytest.raises(RoundError, match="have changed since the sample was shown"):
        rs.confirm(round_, admin, shown)
    assert audit_count() == 0 and not db.session.get(AuditRound, round_.id).confirmed


def test_confirm_refuses_a_tool_version_retired_since(cohort_50_30_20, tool, admin):
    round_ = new_round(tool, admin)
    tool.status = "retired"
    db.session.commit()
    with pytest.raises(RoundError, match="is retired"):
        rs.confirm(round_, admin)
    assert audit_count() == 0


def test_a_confirmed_round_can_never_be_redrawn(cohort_50_30_20, tool, admin):
    round_ = new_round(tool, admin, seed=5)
    rs.change_draw(round_, seed=6, sample_spec="12")  # before confirmation it can change
    assert (round_.seed, round_.sample_spec) == (6, "12")
    rs.confirm(round_, admin)
    before = rs.preview(round_).references
    for change in ({"seed": 7}, {"sample_spec": "20"}, {"method": "systematic"}, {"cohort_filter": {"service_types": ["CIN"]}}):
        with pytest.raises(RoundLocked, match="can never be drawn again"):
            rs.change_draw(round_, **change)
    db.session.refresh(round_)
    with pytest.raises(RoundLocked, match="can never be drawn again"):
        round_.seed = 8
    with pytest.raises(RoundLocked):
        round_.method = "simple_random"
    db.session.rollback()
    db.session.expire_all()
    stored = db.session.get(AuditRound, round_.id)
    assert (stored.seed, stored.sample_spec, stored.method) == (6, "12", "stratified")
    assert sorted(a.case.reference for a in stored.audits) == before


# --- Assign ---------------------------------------------------------------------------------


@pytest.fixture
def confirmed(cohort_50_30_20, tool, admin):
    round_ = new_round(tool, admin, spec="10", method="stratified")
    rs.confirm(round_, admin)
    db.session.expire_all()
    return db.session.get(AuditRound, round_.id)


def audit_in(round_, team_name):
    return next(a for a in rs.round_audits(round_) if a.case.team.name == team_name)


def test_an_auditor_is_not_given_their_own_teams_case(confirmed, make_user, teams):
    alpha_auditor = make_user("auditor", name="Ann Alpha", team_id=teams["Alpha"].id)
    audit = audit_in(confirmed, "Alpha Team")
    with pytest.raises(RoundError) as error:
        rs.assign(audit, alpha_auditor)
    assert error.value.message == (
        f"Ann Alpha works in Alpha Team, the team that holds case {audit.case.reference}."
        " This round does not let auditors audit their own team's cases: choose someone from another team."
    )
    assert rs.assign(audit, alpha_auditor, exclude_own_team=False) is True
    db.session.expire_all()
    assert db.session.get(Audit, audit.id).auditor_id == alpha_auditor.id
    assert rs.eligible_auditors(db.session.get(Audit, audit.id)) == []


def test_only_active_auditors_take_audits_and_submitted_ones_stay(confirmed, make_user, teams):
    audit = audit_in(confirmed, "Bravo Team")
    with pytest.raises(RoundError, match="is not an auditor"):
        rs.assign(audit, make_user("moderator", name="Mo Moderator"))
    with pytest.raises(RoundError, match="account is deactivated"):
        rs.assign(audit, make_user("auditor", name="Gone Person", active=False))
    first, second = make_user("auditor", name="First"), make_user("auditor", name="Second")
    assert rs.assign(audit, first) is True
    assert rs.assign(audit, first) is False  # a double submit changes nothing
    audit.state = states.IN_PROGRESS
    db.session.commit()
    assert rs.assign(audit, second) is True  # in progress: can still be reassigned
    audit.state = states.SUBMITTED
    db.session.commit()
    with pytest.raises(RoundError, match="has been submitted, so it stays with Second"):
        rs.assign(audit, first)
    db.session.expire_all()
    assert db.session.get(Audit, audit.id).auditor_id == second.id


def test_an_audit_can_be_taken_back(confirmed, make_user):
    audit = audit_in(confirmed, "Bravo Team")
    rs.assign(audit, make_user("auditor"))
    assert rs.assign(audit, None) is True
    db.session.expire_all()
    assert db.session.get(Audit, audit.id).auditor_id is None


# --- Spread evenly --------------------------------------------------------------------------


def counts_in(round_):
    db.session.expire_all()
    return Counter(a.auditor.name for a in db.session.get(AuditRound, round_.id).audits if a.auditor)


def test_spread_evenly_counts_existing_audits_and_keeps_auditors_off_their_own_team(confirmed, make_user, teams):
    ann = make_user("auditor", name="Ann Alpha", team_id=teams["Alpha"].id)
    bob = make_user("auditor", name="Bob Bravo", team_id=teams["Bravo"].id)
    cat = make_user("auditor", name="Cat Charlie", team_id=teams["Charlie"].id)
    rs.assign(audit_in(confirmed, "Charlie Team"), ann)  # Ann has one already
    result = rs.spread_evenly(confirmed, [cat, bob, ann])
    counts = counts_in(confirmed)
    assert sum(counts.values()) == 10 and result.count == 9 and result.unassignable == []
    assert max(counts.values()) - min(counts.values()) <= 1
    assert [(u.name, n) for u, n in result.assigned] == [(u, counts[u] - (1 if u == "Ann Alpha" else 0)) for u in ("Ann Alpha", "Bob Bravo", "Cat Charlie")]
    for audit in db.session.get(AuditRound, confirmed.id).audits:
        assert audit.auditor.team_id != audit.case.team_id
    # Again: nothing is left to share, so nothing changes.
    assert rs.spread_evenly(confirmed, [ann, bob, cat]).count == 0
    assert counts_in(confirmed) == counts


def test_spread_evenly_is_deterministic_round_robin_by_name(cohort_50_30_20, tool, admin, make_user):
    round_ = new_round(tool, admin, spec="7", method="simple_random", exclude_own_team=False)
    rs.confirm(round_, admin)
    zed, amy = make_user("auditor", name="Zed"), make_user("auditor", name="Amy")
    rs.spread_evenly(round_, [zed, amy])
    by_reference = [a.auditor.name for a in rs.round_audits(round_)]
    assert by_reference == ["Amy", "Zed", "Amy", "Zed", "Amy", "Zed", "Amy"]


def test_spread_evenly_reports_audits_no_chosen_auditor_may_take(confirmed, make_user, teams):
    ann = make_user("auditor", name="Ann Alpha", team_id=teams["Alpha"].id)
    result = rs.spread_evenly(confirmed, [ann])
    assert sorted(a.case.reference for a in result.unassignable) == sorted(
        a.case.reference for a in rs.round_audits(confirmed) if a.case.team.name == "Alpha Team"
    )
    assert len(result.unassignable) == 5 and result.count == 5
    assert counts_in(confirmed) == {"Ann Alpha": 5}


def test_spread_evenly_refuses_no_auditors_or_someone_not_an_auditor(confirmed, make_user):
    with pytest.raises(RoundError, match="Choose at least one auditor"):
        rs.spread_evenly(confirmed, [])
    with pytest.raises(RoundError, match="is not an auditor"):
        rs.spread_evenly(confirmed, [make_user("auditor"), make_user("qa_viewer", name="Quinn")])
    assert counts_in(confirmed) == {}


def test_spread_evenly_leaves_submitted_audits_alone(confirmed, make_user):
    first = rs.round_audits(confirmed)[0]
    first.state = states.SUBMITTED
    db.session.commit()
    result = rs.spread_evenly(confirmed, [make_user("auditor", name="Solo")])
    assert result.count == 9
    assert db.session.get(Audit, first.id).auditor_id is None


# --- Sample size helper ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cohort", "margin", "confidence", "needed"),
    [(1000, 5, 95, 278), (1000, 10, 95, 88), (100, 10, 95, 50), (1000, 5, 90, 214), (1000, 5, 99, 400), (20, 5, 95, 20)],
)
def test_sample_size_advice(cohort, margin, confidence, needed):
    assert rs.sample_size_advice(cohort, margin, confidence).needed == needed


def test_sample_size_advice_in_words():
    assert rs.sample_size_advice(1000, 5, 95).sentence == (
        "You need to audit 278 of 1,000 cases to know the % judged good or better"
        " to within ±5 percentage points, 19 times out of 20."
    )
    assert rs.sample_size_advice(300, 7.5, 99).sentence.endswith("±7.5 percentage points, 99 times out of 100.")
    with pytest.raises(RoundError, match="90%, 95% or 99%"):
        rs.sample_size_advice(100, 5, 80)
    with pytest.raises(RoundError, match="less than 50"):
        rs.sample_size_advice(100, 50, 95)
    with pytest.raises(RoundError, match="whole number of 1 or more"):
        rs.sample_size_advice(0, 5, 95)


# --- Demo data ------------------------------------------------------------------------------


def test_demo_rounds_are_skipped_without_demo_cases_or_a_tool(places):
    add_rounds(random.Random(1), date(2026, 3, 1))
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 0


def test_demo_rounds_are_confirmed_shared_out_and_made_once(places):
    from app.audits import tool_service
    from app.demo import load_demo

    today = date(2026, 3, 1)
    load_demo(seed=2026, today=today)
    add_demo_cases(random.Random(2026), today)
    tool_service.seed_tools()
    add_rounds(random.Random(2026), today)
    # (The partnership's multi-agency demo round is tests/partnership's.)
    rounds = {r.name: r for r in db.session.scalars(select(AuditRound)) if not r.tool_version.definition.multi_agency}
    assert set(rounds) == {"Six-monthly CP dip sample", "Care leavers thematic audit"}
    cp, cl = rounds["Six-monthly CP dip sample"], rounds["Care leavers thematic audit"]
    assert (cp.confirmed, cp.sample_size, cp.method, cp.due_date) == (True, 12, "stratified", today + timedelta(days=28))
    assert (cl.confirmed, cl.sample_size, cl.method) == (True, 6, "simple_random")
    assert {a.case.service_type for a in cp.audits} == {"CP"} and {a.case.service_type for a in cl.audits} == {"CL"}
    # Two demo auditors in different districts share every audit, never one from their own team.
    auditors = {u.id: u for u in db.session.scalars(select(User).where(User.email.in_(["auditor@example.org", "auditor2@example.org"])))}
    assert len(auditors) == 2
    for audit in [*cp.audits, *cl.audits]:
        assert audit.auditor_id in auditors
        assert auditors[audit.auditor_id].team_id != audit.case.team_id
    per_auditor = [sum(a.auditor_id == uid for a in cp.audits) for uid in auditors]
    assert max(per_auditor) - min(per_auditor) <= 1
    assert cl.tool_version.tool.key == "care_leavers_audit"
    references = sorted(a.case.reference for a in [*cp.audits, *cl.audits])

    add_rounds(random.Random(2026), today)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 3  # and the multi-agency demo round
    assert sorted(db.session.scalars(select(Case.reference).join(Audit, Audit.case_id == Case.id)
                                     .where(Audit.round_id.in_([cp.id, cl.id])))) == references
