"""The rules of Section 11 as plain functions: moves between states, due dates, late returns,
what a review needs, compliance counts and themes."""
from datetime import date
from types import SimpleNamespace

import pytest

from app.section11 import rules, states


@pytest.mark.parametrize("state, event, after", [
    ("not_started", "save", "in_progress"),
    ("in_progress", "save", "in_progress"),
    ("in_progress", "submit", "submitted"),
    ("submitted", "challenge", "challenged"),
    ("challenged", "respond", "responded"),
    ("submitted", "agree", "agreed"),
    ("responded", "agree_with_actions", "agreed_with_actions"),
])
def test_the_moves_a_return_may_make(state, event, after):
    assert states.next_state(state, event) == after


@pytest.mark.parametrize("state, event", [
    ("submitted", "save"),  # a submitted return is not changed
    ("challenged", "agree"),  # the panel waits for the agency's response
    ("agreed", "challenge"),
    ("in_progress", "respond"),
    ("not_started", "agree"),
    ("responded", "submit"),
])
def test_the_moves_it_may_not(state, event):
    with pytest.raises(states.IllegalTransition) as error:
        states.next_state(state, event)
    assert str(error.value).startswith(f"A return that is {states.STATES[state].lower()} cannot be")


def test_returns_are_due_at_the_end_of_february_for_the_march_report():
    assert rules.default_due_date(2026) == date(2027, 2, 28)
    assert rules.default_due_date(2027) == date(2028, 2, 29)  # a leap year
    assert rules.cycle_label(2026) == "2026-27"
    assert rules.cycle_label(2099) == "2099-00"


@pytest.mark.parametrize("status, today, late", [
    ("not_started", date(2027, 3, 10), 10),
    ("in_progress", date(2027, 3, 1), 1),
    ("in_progress", date(2027, 2, 28), None),  # on the day is not late
    ("submitted", date(2027, 6, 1), None),
    ("challenged", date(2027, 6, 1), None),
])
def test_a_return_is_late_when_past_its_due_date_and_not_submitted(status, today, late):
    assert rules.days_late(status, date(2027, 2, 28), today) == late


def answer(rating=None, evidence="", view=None, response=None, response_rating=None):
    return SimpleNamespace(rating=rating, evidence=evidence, panel_view=view, response=response,
                           response_rating=response_rating)


def test_a_standard_needs_a_rating_and_evidence():
    answers = {"a": answer("fully_met", "minutes"), "b": answer("not_met", "  "), "c": answer(None, "text")}
    assert rules.missing_standards(["a", "b", "c", "d"], answers) == ["b", "c", "d"]


def test_a_review_needs_a_view_of_every_standard_and_a_reason_for_a_challenge():
    problems = rules.review_problems(["a", "b", "c"], {"a": ("agree", ""), "b": ("challenge", " "), "c": (None, "")})
    assert problems == {"b": "Give the reason for the challenge", "c": "Choose agree or challenge"}
    assert rules.review_problems(["a"], {"a": ("challenge", "No evidence of training figures")}) == {}


def test_compliance_counts_use_the_rating_after_a_response():
    returns = [
        {"a": answer("fully_met"), "b": answer("partly_met")},
        {"a": answer("fully_met", view="challenge", response="We were wrong", response_rating="partly_met"),
         "b": answer("not_met")},
        {"a": answer("fully_met", view="agree"), "b": answer("partly_met", view="challenge", response="Kept")},
    ]
    rows = rules.compliance_counts([("a", "A"), ("b", "B")], returns)
    assert rows[0].counts == {"fully_met": 2, "partly_met": 1, "not_met": 0}
    assert (rows[0].challenged, rows[0].percent()) == (1, 67)
    assert rows[1].counts == {"fully_met": 0, "partly_met": 2, "not_met": 1}
    assert rows[1].shortfall == 3
    themes = rules.themes(rows)
    assert [r.key for r in themes["shortfall"]] == ["b", "a"]
    assert [r.key for r in themes["challenged"]] == ["a", "b"]


def test_no_returns_no_percentage():
    rows = rules.compliance_counts([("a", "A")], [])
    assert rows[0].percent() is None and rows[0].rated == 0


def test_common_actions_count_agencies_per_standard():
    assert rules.common_actions(["a", "b", None, "a", "c", "a", "b"], top=2) == [("a", 3), ("b", 2)]


def test_a_plan_measure_counts_agencies_fully_meeting_its_standards():
    returns = [{"a": answer("fully_met"), "b": answer("not_met")}, {"a": answer("partly_met"), "b": answer("fully_met")}]
    rows = rules.compliance_counts([("a", "A"), ("b", "B")], returns)
    figures = rules.measure_figures({"a": ("pb-1",), "b": ("pb-1", "pb-2")}, rows)
    assert (figures["pb-1"].met, figures["pb-1"].rated, figures["pb-1"].percent) == (2, 4, 50)
    assert (figures["pb-2"].met, figures["pb-2"].percent) == (1, 50)
    assert rules.measure_figures({}, rows) == {}
