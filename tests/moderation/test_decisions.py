"""Moderation that cannot be rubber-stamped: nothing is decided until the moderator decides
it, page by page, as a draft that is never in a figure; finalising with a grade undecided is
refused; "agree with every grade" works one section at a time; moderators raise actions."""
from datetime import date, timedelta

import pytest
from audits.test_audit_service import complete_answers
from sqlalchemy import select

from app.audits import action_service, audit_service
from app.audits.tools import load_tool_file
from app.core.clock import uk_today
from app.core.db import db
from app.moderation import decision_rules, figures, rules, services
from app.moderation.models import Moderation, ModerationDecision
from moderation.helpers import submitted_audit

SAFE = "Is the child safe, and is risk well understood and managed?"


@pytest.fixture
def people(make_user):
    return make_user("auditor", name="Alex Auditor"), make_user("moderator", name="Mo Moderator")


@pytest.fixture
def claimed(make_audit, people):
    auditor, mo = people
    audit, moderation = submitted_audit(make_audit, auditor)
    services.claim(moderation, mo)
    return audit, moderation


def fresh(moderation) -> Moderation:
    return db.session.get(Moderation, moderation.id, populate_existing=True)


# --- The rules, without a database ----------------------------------------------------------------


@pytest.fixture(scope="module")
def tool():
    return load_tool_file("audit_tools/case_file_audit.yaml")


def test_every_grade_starts_undecided_and_each_has_its_page(tool):
    answers, _ = complete_answers(tool, "good")
    targets = decision_rules.targets(tool, answers, "good")
    assert decision_rules.undecided(None, targets) == targets
    safe = next(t for t in targets if t.key == "question:child-safe")
    assert (safe.page, safe.anchor, safe.reason_anchor) == ("risk", "grade-question-child-safe", "reason-question-child-safe")
    assert targets[-1].key == "overall" and targets[-1].page == "overall"
    assert {t.page for t in targets} == {s.key for s in tool.sections} | {"overall"}


def test_page_status_follows_the_decisions(tool):
    answers, _ = complete_answers(tool, "good")
    risk = decision_rules.on_page(decision_rules.targets(tool, answers, "good"), "risk")
    assert decision_rules.page_status({}, risk) == "Not started"
    one = decision_rules.with_choices({}, risk, {risk[0].key: "agree"}, {})
    assert decision_rules.page_status(one, risk) == "In progress"
    assert decision_rules.page_status({**one, "finalise_refused": True}, risk) == "Needs your decision"
    every = decision_rules.with_choices(one, risk, {}, {}, agree_undecided=True)
    assert decision_rules.page_status({**every, "finalise_refused": True}, risk) == "Completed"


def test_a_choice_that_is_not_a_grade_or_a_change_without_reason_is_refused(tool):
    answers, _ = complete_answers(tool, "good")
    risk = decision_rules.on_page(decision_rules.targets(tool, answers, "good"), "risk")
    with pytest.raises(decision_rules.Problems) as bad:
        decision_rules.with_choices({}, risk, {risk[0].key: "brilliant", risk[1].key: "inadequate"}, {})
    assert bad.value.errors == {
        risk[0].anchor: f"{risk[0].what}: choose Agree or one of the four grades",
        risk[1].reason_anchor: f"{risk[1].what}: give a reason for changing Good to Inadequate",
    }


def test_choosing_the_auditors_own_grade_is_agreeing(tool):
    answers, _ = complete_answers(tool, "good")
    [overall] = decision_rules.on_page(decision_rules.targets(tool, answers, "good"), "overall")
    draft = decision_rules.with_choices({}, [overall], {"overall": "good"}, {"overall": "ignored"})
    [row] = decision_rules.decided_rows(draft, [overall])
    assert (row.moderator_grade, row.agreed, row.reason) == ("good", True, None)


def test_dates_read_as_people_write_them(tool):
    assert decision_rules.answer_text(tool.question("assessment-date"), "2026-10-12") == "12 October 2026"
    assert decision_rules.answer_text(tool.question("assessment-date"), None) == "Not answered"


# --- The use cases ------------------------------------------------------------------------------------


def test_finalising_with_nothing_decided_is_refused_and_marks_the_pages(claimed, people):
    audit, moderation = claimed
    _, mo = people
    with pytest.raises(services.Undecided) as refused:
        services.finalise(moderation, mo, "Notes so far")
    assert refused.value.targets == services.targets(audit)
    assert refused.value.errors["grade-overall"] == "Overall judgement: choose Agree or a grade"
    m = fresh(moderation)
    assert m.state == rules.IN_MODERATION and m.finalised_at is None and m.decisions == []
    assert m.draft["learning_points"] == "Notes so far"  # kept, not lost
    risk = decision_rules.on_page(services.targets(audit), "risk")
    assert decision_rules.page_status(m.draft, risk) == "Needs your decision"


def test_a_draft_persists_and_is_never_in_a_figure(claimed, people):
    audit, moderation = claimed
    _, mo = people
    services.save_page(moderation, mo, "overall", {"overall": "inadequate"}, {"overall": "No safety plan."})
    m = fresh(moderation)
    assert decision_rules.choice_for(m.draft, services.targets(audit)[-1]) == decision_rules.Choice("inadequate", "No safety plan.")
    assert db.session.scalars(select(ModerationDecision)).all() == []
    assert m.final_judgement is None and services.final_judgement(audit) == "good"
    [fact] = figures.load_facts()
    assert (fact.finalised, fact.auditor_grade, fact.final_judgement) == (False, "good", None)
    results = services.round_results(audit.round_id)
    assert results.changes.n == 0  # a lowered grade still in draft is not counted


def test_agree_with_every_grade_fills_only_that_sections_undecided_grades(claimed, people):
    audit, moderation = claimed
    _, mo = people
    targets = services.targets(audit)
    risk = decision_rules.on_page(targets, "risk")
    chosen = risk[0]
    services.save_page(moderation, mo, "risk", {chosen.key: "requires_improvement"}, {chosen.key: "Plan out of date."},
                       agree_undecided=True)
    draft = fresh(moderation).draft
    assert decision_rules.choice_for(draft, chosen).choice == "requires_improvement"
    assert all(decision_rules.choice_for(draft, t).choice == "agree" for t in risk[1:])
    assert [t.page for t in decision_rules.undecided(draft, targets)].count("risk") == 0
    assert {t.page for t in decision_rules.undecided(draft, targets)} == {t.page for t in targets} - {"risk"}


def test_a_change_without_a_reason_saves_nothing(claimed, people):
    audit, moderation = claimed
    _, mo = people
    risk = decision_rules.on_page(services.targets(audit), "risk")
    with pytest.raises(services.InvalidInput) as refused:
        services.save_page(moderation, mo, "risk", {risk[0].key: "agree", risk[1].key: "inadequate"}, {})
    assert list(refused.value.errors) == [risk[1].reason_anchor]
    assert not (fresh(moderation).draft or {}).get("decisions")


def test_only_the_claiming_moderator_saves(make_audit, people, make_user):
    auditor, mo = people
    _, moderation = submitted_audit(make_audit, auditor)
    with pytest.raises(rules.IllegalTransition):
        services.save_page(moderation, mo, "overall", {"overall": "agree"}, {})
    services.claim(moderation, mo)
    with pytest.raises(services.AlreadyClaimed):
        services.save_page(moderation, make_user("moderator"), "overall", {"overall": "agree"}, {})
    with pytest.raises(services.NotAllowed):
        services.save_page(moderation, auditor, "overall", {"overall": "agree"}, {})


def test_finalising_once_every_grade_is_decided(claimed, people):
    audit, moderation = claimed
    _, mo = people
    targets = services.targets(audit)
    for page in dict.fromkeys(t.page for t in targets):
        choices = {"overall": "requires_improvement"} if page == "overall" else {}
        services.save_page(moderation, mo, page, choices, {"overall": "Drift in the plan."}, agree_undecided=True)
    services.finalise(moderation, mo, "Record the plan's review dates.")
    m = fresh(moderation)
    assert m.state == rules.FINALISED and m.final_judgement == "requires_improvement"
    assert m.learning_points == "Record the plan's review dates."
    rows = {d.target: (d.auditor_grade, d.moderator_grade, d.agreed, d.reason) for d in m.decisions}
    assert len(rows) == len(targets)
    assert rows["overall"] == ("good", "requires_improvement", False, "Drift in the plan.")
    assert rows["question:child-safe"] == ("good", "good", True, None)
    [fact] = figures.load_facts()
    assert (fact.finalised, fact.auditor_grade, fact.final_judgement) == (True, "good", "requires_improvement")
    assert services.finalise(m, mo, None) is m  # a second click changes nothing
    assert [e.event for e in m.events].count("finalised") == 1


def test_returning_needs_comments_not_every_decision(claimed, people):
    audit, moderation = claimed
    auditor, mo = people
    safe = next(t for t in services.targets(audit) if t.key == "question:child-safe")
    services.save_page(moderation, mo, "risk", {safe.key: "inadequate"}, {safe.key: "No safety plan on file."})
    with pytest.raises(services.InvalidInput) as refused:
        services.return_audit(moderation, mo, "  ")
    assert refused.value.errors == {"comments": "Say what the auditor should change before returning the audit"}
    services.return_audit(moderation, mo, "Add the safety plan.")
    m = fresh(moderation)
    assert m.state == rules.RETURNED and audit.state == "returned"
    assert [(d.target, d.moderator_grade, d.reason) for d in m.decisions] == [(safe.key, "inadequate", "No safety plan on file.")]

    # The auditor changes one grade and resubmits: only that grade is undecided again.
    answers, evidence = complete_answers(audit.tool_version.definition)
    answers["assessment-timely"] = "requires_improvement"
    saved = audit_service.save_draft(audit, auditor, answers, evidence, True, None, audit.lock_version)
    audit_service.submit(audit, auditor, None, None, saved.lock_version)
    services.on_audit_submitted(audit)
    services.claim(m, mo)
    targets = services.targets(audit)
    timely = next(t for t in targets if t.key == "question:assessment-timely")
    assert timely.auditor_grade == "requires_improvement"
    assert decision_rules.choice_for(m.draft, timely) is None
    assert decision_rules.choice_for(m.draft, next(t for t in targets if t.key == safe.key)).choice == "inadequate"


def test_a_moderator_raises_a_corrective_action_on_the_case(claimed, people, make_user):
    audit, moderation = claimed
    _, mo = people
    owner = make_user("practitioner", name="Pat Worker")
    due = uk_today() + timedelta(days=14)
    action = services.raise_action(moderation, mo, "Write the contingency plan into the CP plan.", owner.id, due)
    assert (action.audit_id, action.case_id, action.raised_by_id, action.owner_id, action.due_date) == (
        audit.id, audit.case_id, mo.id, owner.id, due)
    with pytest.raises(action_service.ActionError) as bad:
        services.raise_action(moderation, mo, " ", None, date(2020, 1, 1))
    assert bad.value.errors == {"description": "Enter what needs to be done", "owner_id": "Choose who will do it",
                                "due_date": "The due date must be today or in the future"}
    services.release(moderation, mo)
    with pytest.raises(rules.IllegalTransition):
        services.raise_action(moderation, mo, "Another", owner.id, due)
    assert len(audit.corrective_actions) == 1
