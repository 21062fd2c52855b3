"""The plan's rules, called directly: no request, no database."""
from datetime import date

import pytest

from app.plan import rules
from app.plan.rules import AMBER, GREEN, RED, kpi_rag


@pytest.mark.parametrize(
    "value, target, direction, expected",
    [
        # Increase, target 65, 5% tolerance = 3.25: Amber from 61.75 up to 65.
        (65, 65, "increase", GREEN),
        (70, 65, "increase", GREEN),
        (61.75, 65, "increase", AMBER),
        (63, 65, "increase", AMBER),
        (61.7, 65, "increase", RED),
        (58.4, 65, "increase", RED),  # care leavers in EET at baseline
        # Decrease, target 10, tolerance 0.5: Amber up to 10.5.
        (10, 10, "decrease", GREEN),
        (9.9, 10, "decrease", GREEN),
        (10.4, 10, "decrease", AMBER),
        (10.5, 10, "decrease", AMBER),
        (11.3, 10, "decrease", RED),  # repeat CP plans at baseline
        # Maintain, target 2.3, tolerance 0.115: Green within it either way, Amber within twice.
        (2.3, 2.3, "maintain", GREEN),
        (2.4, 2.3, "maintain", GREEN),
        (2.2, 2.3, "maintain", GREEN),
        (2.5, 2.3, "maintain", AMBER),
        (2.1, 2.3, "maintain", AMBER),
        (2.6, 2.3, "maintain", RED),
    ],
)
def test_numeric_target_rag_follows_direction(value, target, direction, expected):
    assert kpi_rag(value, target, direction) == expected


def test_tolerance_is_per_kpi():
    assert kpi_rag(62, 65, "increase", tolerance_pct=5) == AMBER
    assert kpi_rag(62, 65, "increase", tolerance_pct=0) == RED
    assert kpi_rag(55, 65, "increase", tolerance_pct=20) == AMBER


def test_zero_target_uses_one_unit_of_tolerance():
    assert kpi_rag(0, 0, "decrease") == GREEN
    assert kpi_rag(1, 0, "decrease") == AMBER
    assert kpi_rag(2, 0, "decrease") == RED


def test_text_target_or_unknown_direction_takes_the_entered_rag():
    assert kpi_rag(205, None, "increase", entered_rag=GREEN) == GREEN
    assert kpi_rag(205, None, "increase") is None
    assert kpi_rag(3, 5, None, entered_rag=RED) == RED
    assert kpi_rag(3, 5, None, entered_rag="purple") is None


def test_computed_rag_ignores_an_entered_one():
    assert kpi_rag(9, 10, "decrease", entered_rag=RED) == GREEN


def test_no_value_no_rag():
    assert kpi_rag(None, 10, "decrease", entered_rag=GREEN) is None


@pytest.mark.parametrize("text, number", [("34.7", 34.7), ("34.7%", 34.7), (" 1,204 ", 1204), ("-2", -2), ("0", 0)])
def test_parse_number_accepts_what_people_type(text, number):
    assert rules.parse_number(text) == number


@pytest.mark.parametrize("text, message", [("", "Enter a number"), ("abc", "'abc' is not a number"), ("nan", "'nan' is not a number"), ("12 per month", "'12 per month' is not a number")])
def test_parse_number_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        rules.parse_number(text)


def test_format_value():
    assert rules.format_value(11.3, rules.UNIT_PERCENT) == "11.3%"
    assert rules.format_value(3187, rules.UNIT_COUNT) == "3,187"
    assert rules.format_value(65.0, rules.UNIT_PERCENT) == "65%"
    assert rules.format_value(None, rules.UNIT_COUNT) == "No figure"


def test_action_overdue_only_when_past_due_and_not_complete():
    today = date(2026, 11, 23)
    assert rules.action_overdue(rules.IN_PROGRESS, date(2026, 11, 22), today)
    assert not rules.action_overdue(rules.IN_PROGRESS, date(2026, 11, 23), today)
    assert not rules.action_overdue(rules.COMPLETE, date(2018, 7, 31), today)
    assert not rules.action_overdue(rules.NOT_STARTED, None, today)


def test_frequency_label():
    assert rules.frequency_label("annual", has_baseline=True) == "Annually (baseline in place)"
    assert rules.frequency_label("six_monthly") == "Six-monthly"


def test_measures_are_numbered_by_recommendation_and_place_within_their_kind():
    assert rules.measure_labels(2, ["audit", "feedback", "audit", "feedback", "feedback"]) == [
        "Audit 2.1", "Feedback 2.1", "Audit 2.2", "Feedback 2.2", "Feedback 2.3"]
    assert rules.measure_labels(7, []) == []
