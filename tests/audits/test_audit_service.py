"""The auditor's use cases, called directly: my audits, drafts, conflicts, corrective
actions, checking and submitting, and the demo filler."""
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from app.audits import audit_service as service
from app.audits import rules, states
from app.audits.models import Audit, CorrectiveAction
from app.demo.audits import fill_demo_audit
from app.core.db import db

CHILD_SAFE = "Is the child safe, and is risk well understood and managed?"


def complete_answers(tool, grade="good"):
    """Every question answered validly, and evidence wherever a question takes it."""
    answers, evidence = {}, {}
    for _, q in tool.all_questions():
        if q.kind == rules.GRADED:
            answers[q.key] = grade
        elif q.kind == rules.YES_PARTLY_NO:
            answers[q.key] = "yes"
        elif q.kind == rules.SINGLE_CHOICE:
            answers[q.key] = q.options[0].key
        elif q.kind == rules.MULTIPLE_CHOICE:
            answers[q.key] = [q.options[0].key]
        elif q.kind == rules.NUMBER:
            answers[q.key] = "3"
        elif q.kind == rules.DATE:
            answers[q.key] = "2026-03-02"
        else:
            answers[q.key] = "Review the plan within four weeks."
        if q.evidence != rules.EVIDENCE_NONE:
            evidence[q.key] = f"Seen on the file for {q.key}."
    return answers, evidence


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", name="Alex Auditor")


@pytest.fixture
def audit(make_audit, auditor):
    return make_audit(auditor=auditor)


def save(audit, user, answers=None, evidence=None, collaborative=True, worker_view=None, lock=None):
    return service.save_draft(audit, user, answers or {}, evidence or {}, collaborative, worker_view,
                              audit.lock_version if lock is None else lock)


# --- My audits -----------------------------------------------------------------------------


def test_my_audits_lists_only_mine_with_states_and_overdue(make_audit, make_user, auditor, publish_tool):
    other = make_user("auditor")
    tool = publish_tool()
    late = make_audit(auditor=auditor, tool_version=tool, due=date(2026, 1, 10))
    soon = make_audit(auditor=auditor, tool_version=tool, due=date(2026, 2, 20))
    returned = make_audit(auditor=auditor, tool_version=tool, due=date(2026, 3, 1), state=states.RETURNED)
    done = make_audit(auditor=auditor, tool_version=tool, due=date(2026, 1, 1), state=states.SUBMITTED)
    make_audit(auditor=other, tool_version=tool)
    make_audit(auditor=None, tool_version=tool)

    rows = service.my_audits(auditor, today=date(2026, 2, 1))

    assert [r.audit.id for r in rows] == [returned.id, late.id, soon.id, done.id]
    assert [(r.state_label, r.overdue) for r in rows] == [
        ("Returned", False), ("Not started", True), ("Not started", False), ("Submitted", False),
    ]
    assert [r.to_do for r in rows] == [True, True, True, False]


# --- Drafts --------------------------------------------------------------------------------


def test_a_draft_keeps_answers_normalised_and_moves_to_in_progress(audit, auditor):
    result = save(audit, auditor, {
        "assessment-timely": "Good",
        "contributors": ["police", "child"],
        "visits-count": " 12 ",
        "last-visit-date": "2026-03-02",
        "next-steps": "  Review the plan.  ",
        "plan-type": "",
    }, {"assessment-timely": " Seen on file. ", "assessment-quality": "Written before grading"},
        collaborative=True, worker_view="  Agreed.  ")

    db.session.expire_all()
    stored = db.session.get(Audit, audit.id)
    assert stored.answers == {
        "assessment-timely": "good",
        "contributors": ["child", "police"],  # in the tool's order
        "visits-count": 12,
        "last-visit-date": "2026-03-02",
        "next-steps": "Review the plan.",
    }
    assert stored.evidence == {"assessment-timely": "Seen on file.", "assessment-quality": "Written before grading"}
    assert (stored.collaborative, stored.worker_view) == (True, "Agreed.")
    assert stored.state == states.IN_PROGRESS
    assert stored.started_at is not None and stored.updated_by_id == auditor.id
    assert result.lock_version == stored.lock_version == 2
    assert result.invalid == {}


def test_an_answer_the_question_cannot_take_is_kept_as_typed_and_reported(audit, auditor):
    result = save(audit, auditor, {
        "visits-count": "twelve",
        "last-visit-date": {"day": "31", "month": "2", "year": "2026"},
        "assessment-timely": "good",
    })

    assert result.invalid == {
        "visits-count": "The answer to 'How many times has the child been visited in the last three months?' must be a number",
        "last-visit-date": "The answer to 'Date of the most recent visit to the child' must be a date (YYYY-MM-DD)",
    }
    db.session.expire_all()
    stored = db.session.get(Audit, audit.id)
    assert stored.answers["visits-count"] == "twelve"
    assert stored.answers["last-visit-date"] == {"day": "31", "month": "2", "year": "2026"}
    assert service.invalid_answers(stored).keys() == {"visits-count", "last-visit-date"}


def test_a_save_from_an_older_version_is_refused_with_who_and_when(audit, auditor):
    first = save(audit, auditor, {"assessment-timely": "good"})
    with pytest.raises(service.EditConflict) as refused:
        save(audit, auditor, {"assessment-timely": "inadequate"}, lock=first.lock_version - 1)

    assert refused.value.saved_by.id == auditor.id
    assert refused.value.saved_at == first.saved_at
    assert refused.value.lock_version == first.lock_version
    assert refused.value.message() == (
        f"This audit was saved by Alex Auditor at {service.local_time(first.saved_at)} after you opened it. "
        "Your answers are below but NOT saved: check them against the latest version and save again."
    )
    db.session.expire_all()
    assert db.session.get(Audit, audit.id).answers == {"assessment-timely": "good"}


def test_a_save_racing_another_is_refused_not_applied(audit, auditor):
    """Both read version 1; the other one's UPDATE lands first."""
    loaded = db.session.get(Audit, audit.id)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit SET lock_version = 2, answers = '{\"assessment-timely\": \"good\"}' WHERE id = :id"),
                     {"id": audit.id})

    with pytest.raises(service.EditConflict) as refused:
        save(loaded, auditor, {"assessment-timely": "inadequate"}, lock=1)

    assert refused.value.lock_version == 2
    db.session.expire_all()
    assert db.session.get(Audit, audit.id).answers == {"assessment-timely": "good"}


def test_only_the_assigned_auditor_saves_and_only_while_editable(audit, auditor, make_user):
    with pytest.raises(service.NotAllowed):
        save(audit, make_user("auditor"), {"assessment-timely": "good"})
    audit.state = states.SUBMITTED
    db.session.commit()
    with pytest.raises(service.NotEditable):
        save(audit, auditor, {"assessment-timely": "good"})


def test_a_returned_audit_stays_returned_while_it_is_changed(make_audit, auditor):
    audit = make_audit(auditor=auditor, state=states.RETURNED)
    assert save(audit, auditor, {"assessment-timely": "good"}).state == states.RETURNED


def test_a_section_saves_only_its_own_answers(audit, auditor):
    save(audit, auditor, {"assessment-timely": "good", "visits-count": "4"}, {"assessment-timely": "Seen."})

    result = service.save_section(audit, auditor, "visits", {"visits-count": "lots", "last-visit-date": "2026-03-02"},
                                  {}, audit.lock_version)

    assert result.invalid == {"visits-count": "The answer to 'How many times has the child been visited in the last"
                                              " three months?' must be a number"}
    assert audit.answers == {"assessment-timely": "good", "visits-count": "lots", "last-visit-date": "2026-03-02"}
    assert audit.evidence == {"assessment-timely": "Seen."}
    assert audit.collaborative is True  # the collaborative audit is its own page
    # Blank on its page: the answer is taken back.
    service.save_section(audit, auditor, "assessment", {}, {}, audit.lock_version)
    assert "assessment-timely" not in audit.answers and audit.evidence == {}


def test_a_section_save_is_refused_when_stale_or_unknown(audit, auditor):
    save(audit, auditor, {"assessment-timely": "good"})
    with pytest.raises(service.EditConflict):
        service.save_section(audit, auditor, "assessment", {"assessment-timely": "inadequate"}, {}, 1)
    with pytest.raises(KeyError):
        service.save_section(audit, auditor, "no-such-section", {}, {}, audit.lock_version)
    assert audit.answers == {"assessment-timely": "good"} and audit.lock_version == 2


def test_the_collaborative_audit_saves_on_its_own(audit, auditor):
    save(audit, auditor, {"assessment-timely": "good"}, collaborative=None)
    result = service.save_collaborative(audit, auditor, False, "  Not available.  ", audit.lock_version)
    assert (audit.collaborative, audit.worker_view, result.state) == (False, "Not available.", states.IN_PROGRESS)
    assert audit.answers == {"assessment-timely": "good"}


# --- Corrective actions ----------------------------------------------------------------------


def test_a_corrective_action_starts_when_raised(audit, auditor, make_user):
    owner = make_user(name="Olu Owner", team_id=audit.case.team_id)
    action = service.raise_corrective_action(audit, auditor, " Update the chronology ", owner.id,
                                             date(2026, 4, 1), today=date(2026, 3, 1))

    db.session.expire_all()
    stored = db.session.get(CorrectiveAction, action.id)
    assert (stored.description, stored.owner_id, stored.case_id, stored.raised_by_id) == (
        "Update the chronology", owner.id, audit.case_id, auditor.id)
    assert stored.raised_at is not None
    assert db.session.get(Audit, audit.id).submitted_at is None
    assert db.session.get(Audit, audit.id).lock_version == audit.lock_version  # the draft is not disturbed


def test_a_corrective_action_needs_a_description_an_active_owner_and_a_date_not_past(audit, auditor, make_user):
    gone = make_user(name="Gone Person", active=False)
    with pytest.raises(service.InvalidInput) as refused:
        service.raise_corrective_action(audit, auditor, "  ", gone.id, date(2026, 2, 28), today=date(2026, 3, 1))
    assert refused.value.errors == {
        "description": "Enter what needs to be done",
        "owner_id": "Gone Person can no longer sign in: choose someone else",
        "due_date": "The due date must be today or in the future",
    }
    assert db.session.scalar(select(func.count()).select_from(CorrectiveAction)) == 0


def test_owners_offered_are_active_people_the_case_team_first(audit, make_user, make_team):
    elsewhere = make_team("Barrow Safeguarding", "Barrow")
    outsider = make_user(name="Aaron Elsewhere", team_id=elsewhere.id)
    member = make_user(name="Zoe Teammate", team_id=audit.case.team_id)
    make_user(name="Gone Teammate", team_id=audit.case.team_id, active=False)

    people = service.action_owner_choices(audit)

    assert people[0] == member
    assert outsider in people
    assert all(p.active for p in people)


def test_an_action_can_be_taken_back_while_the_audit_is_a_draft(audit, auditor, make_user):
    action = service.raise_corrective_action(audit, auditor, "Do it", make_user().id, date.today())
    service.remove_corrective_action(audit, auditor, action.id)
    assert db.session.scalar(select(func.count()).select_from(CorrectiveAction)) == 0


# --- Checking and submitting -----------------------------------------------------------------


def test_preview_lists_problems_by_question_and_what_to_fix(audit, auditor):
    tool = audit.tool_version.definition
    answers, evidence = complete_answers(tool)
    del answers["plan-progress"]
    del evidence["child-voice"]
    answers["visits-count"] = "lots"
    save(audit, auditor, answers, evidence, collaborative=None)

    problems = service.preview_submission(audit).problems

    assert [(p.question_key, p.target) for p in problems] == [
        ("plan-progress", "answer"),
        ("child-voice", "evidence"),
        ("visits-count", "answer"),
        (None, "collaborative"),
    ]
    assert problems[0].text == (
        "Section 'Plan and contingency': 'Is the plan progressing within the child's timescale, without drift or delay?' needs an answer"
    )
    assert problems[-1].text == "Say whether you did this audit with the child's social worker"


def test_submit_stores_the_computed_judgement_and_its_reasons(audit, auditor):
    tool = audit.tool_version.definition
    answers, evidence = complete_answers(tool)
    answers["child-safe"] = "requires_improvement"
    result = save(audit, auditor, answers, evidence)

    outcome = service.submit(audit, auditor, None, None, result.lock_version)

    assert outcome.submitted_now
    db.session.expire_all()
    stored = db.session.get(Audit, audit.id)
    assert stored.state == states.SUBMITTED and stored.submitted_at is not None
    assert stored.computed_judgement == rules.REQUIRES_IMPROVEMENT
    assert stored.computed_reasons == [
        "Good: the weighted mean grade of 13 graded questions was 2.85 (Good is 2.75 or more).",
        (f"Requires improvement, because '{CHILD_SAFE}' was graded Requires improvement and it limits the"
         " overall judgement to Requires improvement."),
    ]
    assert stored.override_judgement is None and stored.auditor_judgement == rules.REQUIRES_IMPROVEMENT


def test_a_different_judgement_needs_a_reason(audit, auditor):
    answers, evidence = complete_answers(audit.tool_version.definition)
    lock = save(audit, auditor, answers, evidence).lock_version

    with pytest.raises(service.InvalidInput) as refused:
        service.submit(audit, auditor, "outstanding", "  ", lock)
    assert refused.value.errors == {
        "override_reason": "Give a reason for judging this audit Outstanding when the grades give Good."
    }
    db.session.expire_all()
    assert db.session.get(Audit, audit.id).state == states.IN_PROGRESS

    service.submit(db.session.get(Audit, audit.id), auditor, "outstanding", "Exceptional direct work.", lock)
    db.session.expire_all()
    stored = db.session.get(Audit, audit.id)
    assert (stored.computed_judgement, stored.override_judgement, stored.override_reason) == (
        rules.GOOD, rules.OUTSTANDING, "Exceptional direct work.")


def test_choosing_the_computed_judgement_is_no_override(audit, auditor):
    answers, evidence = complete_answers(audit.tool_version.definition)
    lock = save(audit, auditor, answers, evidence).lock_version
    service.submit(audit, auditor, "good", "", lock)
    assert (audit.override_judgement, audit.override_reason) == (None, None)


def test_submit_refuses_an_incomplete_audit(audit, auditor):
    lock = save(audit, auditor, {"assessment-timely": "good"}).lock_version
    with pytest.raises(service.Incomplete) as refused:
        service.submit(audit, auditor, None, None, lock)
    assert len(refused.value.problems) > 10
    assert audit.state == states.IN_PROGRESS


def test_submitting_twice_submits_once(audit, auditor):
    answers, evidence = complete_answers(audit.tool_version.definition)
    lock = save(audit, auditor, answers, evidence).lock_version
    assert service.submit(audit, auditor, None, None, lock).submitted_now
    first = (audit.submitted_at, audit.lock_version)

    again = service.submit(audit, auditor, None, None, lock)  # the same form, sent again

    assert not again.submitted_now
    db.session.expire_all()
    stored = db.session.get(Audit, audit.id)
    assert (stored.submitted_at, stored.lock_version) == first


# --- Demo data -------------------------------------------------------------------------------


def test_fill_demo_audit_answers_everything_and_submits(make_audit, auditor, make_user, publish_tool):
    tool_version = publish_tool()
    audits = [make_audit(auditor=auditor, tool_version=tool_version) for _ in range(6)]
    make_user(name="Team Member", team_id=audits[0].case.team_id)
    rng = random.Random(7)
    for audit in audits:
        fill_demo_audit(audit, rng, today=date(2026, 3, 1))

    db.session.expire_all()
    for audit in audits:
        stored = db.session.get(Audit, audit.id)
        assert stored.state == states.SUBMITTED
        assert rules.validate(stored.tool_version.definition, stored.answers, stored.evidence) == []
        assert stored.computed_judgement in rules.JUDGEMENTS
        if stored.computed_judgement in (rules.REQUIRES_IMPROVEMENT, rules.INADEQUATE):
            assert stored.corrective_actions and stored.corrective_actions[0].due_date == date(2026, 3, 29)
    # Filling again changes nothing.
    before = [db.session.get(Audit, a.id).lock_version for a in audits]
    for audit in audits:
        fill_demo_audit(db.session.get(Audit, audit.id), rng)
    assert [db.session.get(Audit, a.id).lock_version for a in audits] == before


def test_fill_demo_audit_is_deterministic(make_audit, auditor, publish_tool):
    tool_version = publish_tool()
    first, second = make_audit(auditor=auditor, tool_version=tool_version), make_audit(auditor=auditor, tool_version=tool_version)
    fill_demo_audit(first, random.Random(3), today=date(2026, 3, 1))
    fill_demo_audit(second, random.Random(3), today=date(2026, 3, 1))
    assert first.answers == second.answers and first.evidence == second.evidence


def test_due_dates_past_today_are_overdue_only_while_still_to_do(make_audit, auditor):
    today = date(2026, 5, 1)
    late = make_audit(auditor=auditor, due=today - timedelta(days=1))
    assert service.is_overdue(late, today)
    late.state = states.SUBMITTED
    assert not service.is_overdue(late, today)
