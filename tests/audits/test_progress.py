"""The task list's statuses for each section of an audit, called directly: no request,
no database."""
from app.audits import progress
from app.audits.progress import COMPLETED, IN_PROGRESS, NEEDS_CHECKING, NOT_STARTED, sections_progress

from .test_scoring import make_tool

TOOL = make_tool({
    "Plan": [
        {"key": "graded", "text": "Is the plan good?", "kind": "graded"},  # evidence required by default
        {"key": "contingency", "text": "Is there a contingency plan?", "kind": "yes_partly_no"},
        {"key": "notes", "text": "Anything else?", "kind": "text", "required": False},
    ],
    "Visits": [{"key": "count", "text": "How many visits?", "kind": "number"}],
})


def statuses(answers, evidence=None, invalid=()):
    return {p.key: p.status for p in sections_progress(TOOL, answers, evidence or {}, set(invalid))}


def test_nothing_answered_is_not_started():
    assert statuses({}) == {"plan": NOT_STARTED, "visits": NOT_STARTED}
    assert statuses({"notes": "  "}) == {"plan": NOT_STARTED, "visits": NOT_STARTED}


def test_some_answered_is_in_progress():
    assert statuses({"contingency": "yes"})["plan"] == IN_PROGRESS
    assert statuses({}, {"graded": "Seen on file."})["plan"] == IN_PROGRESS  # evidence written first


def test_a_grade_without_the_evidence_it_needs_is_in_progress():
    assert statuses({"graded": "good", "contingency": "no"})["plan"] == IN_PROGRESS
    assert statuses({"graded": "good", "contingency": "no"}, {"graded": "Seen."})["plan"] == COMPLETED
    # Not applicable needs no evidence; an optional question need not be answered.
    assert statuses({"graded": "not_applicable", "contingency": "no"})["plan"] == COMPLETED


def test_every_required_answer_with_its_evidence_is_completed():
    result = sections_progress(TOOL, {"graded": "good", "contingency": "yes", "count": 3}, {"graded": "Seen."})
    assert [(p.title, p.label, p.answered, p.questions) for p in result] == [
        ("Plan", "Completed", 2, 3), ("Visits", "Completed", 1, 1)]


def test_an_answer_kept_as_typed_needs_checking():
    assert statuses({"count": "lots"}, invalid={"count"})["visits"] == NEEDS_CHECKING
    # Even when everything else in it is complete.
    assert statuses({"graded": "good", "contingency": "yes"}, {"graded": "Seen."}, invalid={"contingency"})["plan"] \
        == NEEDS_CHECKING


def test_the_next_section():
    assert progress.next_section(TOOL, "plan") == "visits"
    assert progress.next_section(TOOL, "visits") is None
