"""Audit scoring, measure and validation rules, called directly: no request, no database.

Tools are written as YAML, as an administrator would, and read by the real loader.
"""
from datetime import date

import pytest
import yaml

from app.audits import rules
from app.audits.rules import (
    GOOD,
    INADEQUATE,
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
    final_auditor_judgement,
    measure_results,
    normalise_judgement,
    score,
    validate,
)
from app.audits.tools import load_tool_text

O, G, RI, I, NA = OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE, "not_applicable"
LIMITS = {"requires_improvement": "requires_improvement", "inadequate": "inadequate"}


def make_tool(sections, method="mean_of_questions", thresholds=None, measures=None):
    """A tool from {section title: [question dicts]}; keys default to the section's title."""
    data = {
        "key": "test",
        "title": "Test tool",
        "description": "A tool for tests.",
        "version": 1,
        "status": "published",
        "scoring": {"method": method, **({"thresholds": thresholds} if thresholds else {})},
        "sections": [
            {"key": title.lower().replace(" ", "-"), "title": title, "questions": questions}
            for title, questions in sections.items()
        ],
    }
    if measures:
        data["measures"] = measures
    return load_tool_text(yaml.safe_dump(data, sort_keys=False), "test.yaml")


def graded(key, text=None, **extra):
    return {"key": key, "text": text or f"Question {key}?", "kind": "graded", **extra}


def four_graded(method="mean_of_questions", **kw):
    return make_tool({"Practice": [graded(f"q{n}") for n in range(1, 5)]}, method=method, **kw)


def answers_for(*grades):
    return {f"q{n}": grade for n, grade in enumerate(grades, start=1)}


# --- Judgements ------------------------------------------------------------------------


def test_scale_labels_and_points():
    assert rules.JUDGEMENTS == {
        "outstanding": "Outstanding",
        "good": "Good",
        "requires_improvement": "Requires improvement",
        "inadequate": "Inadequate",
    }
    assert rules.POINTS == {O: 4, G: 3, RI: 2, I: 1}
    assert rules.DEFAULT_THRESHOLDS == {O: 3.5, G: 2.75, RI: 1.75}


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Outstanding", O),
        ("good", G),
        ("Requires improvement", RI),
        ("requires improvement to be good", RI),
        ("Requires Improvement To Be Good", RI),
        ("requires_improvement", RI),
        ("Adequate", RI),
        ("  adequate ", RI),
        ("RI", RI),
        ("Inadequate", I),
        (None, None),
        ("", None),
    ],
)
def test_normalise_judgement_reads_labels_keys_and_legacy_words(value, expected):
    assert normalise_judgement(value) == expected


def test_normalise_judgement_refuses_other_words():
    with pytest.raises(ValueError, match=r"'Satisfactory' is not a judgement \(Outstanding, Good, Requires improvement or Inadequate\)"):
        normalise_judgement("Satisfactory")


# --- The mean and its thresholds -------------------------------------------------------


@pytest.mark.parametrize(
    "grades, mean, expected",
    [
        ((O, O, O, O), 4, O),
        ((O, O, G, G), 3.5, O),  # exactly on the Outstanding threshold
        ((O, G, G, G), 3.25, G),
        ((G, G, G, RI), 2.75, G),  # exactly on the Good threshold
        ((G, G, RI, RI), 2.5, RI),
        ((RI, RI, RI, I), 1.75, RI),  # exactly on the Requires improvement threshold
        ((RI, RI, I, I), 1.5, I),
        ((I, I, I, I), 1, I),
    ],
)
def test_mean_of_questions_at_the_boundaries(grades, mean, expected):
    result = score(four_graded(), answers_for(*grades))
    assert result.mean == mean
    assert result.graded_count == 4
    assert result.judgement == expected
    assert result.caps == ()


def test_reason_for_a_mean_judgement():
    tool = make_tool({"Practice": [graded(f"q{n}") for n in range(1, 11)]})
    result = score(tool, answers_for(O, O, G, G, G, G, G, G, G, RI))
    assert result.judgement == G
    assert result.reasons == ("Good: the mean grade of 10 graded questions was 3.1 (Good is 2.75 or more).",)


def test_reasons_at_each_level():
    tool = four_graded()
    assert score(tool, answers_for(O, O, G, G)).reasons == (
        "Outstanding: the mean grade of 4 graded questions was 3.5 (Outstanding is 3.5 or more).",
    )
    assert score(tool, answers_for(RI, RI, RI, I)).reasons == (
        "Requires improvement: the mean grade of 4 graded questions was 1.75 (Requires improvement is 1.75 or more).",
    )
    assert score(tool, answers_for(RI, RI, I, I)).reasons == (
        "Inadequate: the mean grade of 4 graded questions was 1.5 (Requires improvement needs 1.75 or more).",
    )
    assert score(tool, {"q1": G}).reasons == ("Good: the mean grade of 1 graded question was 3 (Good is 2.75 or more).",)


def test_a_mean_just_below_a_threshold_is_shown_rounded_down():
    tool = make_tool({"Practice": [graded(f"q{n}") for n in range(1, 8)]})
    result = score(tool, answers_for(G, G, G, G, G, RI, RI))
    assert result.mean == pytest.approx(2.7142857)
    assert result.judgement == RI
    assert result.reasons == (
        "Requires improvement: the mean grade of 7 graded questions was 2.71 (Requires improvement is 1.75 or more).",
    )
    result = score(make_tool({"Practice": [graded("q1", weight=199), graded("q2")]}), answers_for(G, RI))
    assert result.mean == 2.995  # would show as 3 if rounded to the nearest
    assert result.reasons == ("Good: the weighted mean grade of 2 graded questions was 2.99 (Good is 2.75 or more).",)


def test_floating_point_error_does_not_drop_a_mean_below_its_threshold():
    tool = make_tool({"Practice": [graded("q1", weight=0.15), graded("q2", weight=0.05)]})
    result = score(tool, answers_for(G, RI))  # 2.7499999999999996 in floating point
    assert result.judgement == G
    assert result.reasons == ("Good: the weighted mean grade of 2 graded questions was 2.75 (Good is 2.75 or more).",)


def test_the_tool_sets_its_own_thresholds():
    strict = four_graded(thresholds={"outstanding": 3.75, "good": 3, "requires_improvement": 2})
    assert score(strict, answers_for(O, O, G, G)).judgement == G
    assert score(strict, answers_for(G, G, G, RI)).judgement == RI
    assert score(strict, answers_for(G, G, G, RI)).reasons == (
        "Requires improvement: the mean grade of 4 graded questions was 2.75 (Requires improvement is 2 or more).",
    )


# --- Not applicable and unanswered -----------------------------------------------------


def test_not_applicable_and_unanswered_questions_are_left_out():
    result = score(four_graded(), {"q1": G, "q2": G, "q3": NA})
    assert result.mean == 3
    assert result.graded_count == 2
    assert result.judgement == G
    assert result.reasons == ("Good: the mean grade of 2 graded questions was 3 (Good is 2.75 or more).",)


def test_a_section_with_nothing_graded_has_no_judgement():
    tool = make_tool({
        "Plan": [graded("p1"), graded("p2")],
        "Visits": [graded("v1"), {"key": "v2", "text": "Visits on time?", "kind": "yes_partly_no"}],
    })
    result = score(tool, {"p1": G, "p2": O, "v1": NA, "v2": "yes"})
    visits = result.section("visits")
    assert visits.judgement is None
    assert visits.mean is None
    assert visits.graded_count == 0
    assert visits.reasons == ("No judgement: no question in this section was graded.",)
    assert result.section("plan").judgement == O
    assert result.section("plan").reasons == (
        "Outstanding: the mean grade of 2 graded questions was 3.5 (Outstanding is 3.5 or more).",
    )
    assert result.judgement == O


def test_an_audit_with_nothing_graded_has_no_judgement():
    result = score(four_graded(), {"q1": NA, "q2": NA, "q3": NA, "q4": NA})
    assert result.judgement is None
    assert result.mean is None
    assert result.label == "No judgement"
    assert result.reasons == ("No judgement: no question was graded.",)
    assert score(four_graded(), {}).judgement is None


def test_answers_that_validate_refuses_count_as_unanswered():
    result = score(four_graded(), {"q1": G, "q2": "brilliant", "q3": 3})
    assert result.graded_count == 1


def test_legacy_adequate_scores_as_requires_improvement():
    result = score(four_graded(), answers_for("Adequate", "Adequate", "Good", "Good"))
    assert result.mean == 2.5
    assert result.judgement == RI


# --- Limiting questions ----------------------------------------------------------------


def limiting_tool(**extra_limits):
    return make_tool({
        "Practice": [graded("q1"), graded("q2"), graded("q3")],
        "Risk": [
            graded("safe", "Is the child safe?", limits=LIMITS),
            graded("harm", "Is the child protected from significant harm?", limits=extra_limits or {"inadequate": "inadequate"}),
        ],
    })


def test_a_limiting_question_graded_requires_improvement_caps_at_requires_improvement():
    result = score(limiting_tool(), {"q1": O, "q2": O, "q3": O, "safe": RI, "harm": O})
    assert result.mean == 3.6
    assert result.mean_judgement == O
    assert result.judgement == RI
    assert result.reasons == (
        "Outstanding: the mean grade of 5 graded questions was 3.6 (Outstanding is 3.5 or more).",
        "Requires improvement, because 'Is the child safe?' was graded Requires improvement and it limits the overall judgement to Requires improvement.",
    )


def test_a_limiting_question_graded_inadequate_caps_at_inadequate():
    result = score(limiting_tool(), {"q1": O, "q2": O, "q3": O, "safe": I, "harm": O})
    assert result.mean == 3.4
    assert result.judgement == I
    assert result.reasons[1] == (
        "Inadequate, because 'Is the child safe?' was graded Inadequate and it limits the overall judgement to Inadequate."
    )


def test_the_strictest_cap_wins_and_every_cap_applied_is_listed_strictest_first():
    tool = limiting_tool(good="requires_improvement", requires_improvement="inadequate")
    result = score(tool, {"q1": O, "q2": O, "q3": O, "safe": RI, "harm": RI})
    assert result.judgement == I
    assert [(c.question_key, c.limit) for c in result.caps] == [("harm", I), ("safe", RI)]
    assert result.reasons == (
        "Good: the mean grade of 5 graded questions was 3.2 (Good is 2.75 or more).",
        "Inadequate, because 'Is the child protected from significant harm?' was graded Requires improvement and it limits the overall judgement to Inadequate.",
        "Requires improvement, because 'Is the child safe?' was graded Requires improvement and it limits the overall judgement to Requires improvement.",
    )


def test_a_limiting_question_graded_good_does_not_cap():
    result = score(limiting_tool(), {"q1": O, "q2": O, "q3": O, "safe": G, "harm": O})
    assert result.judgement == O
    assert result.caps == ()
    assert result.reasons == ("Outstanding: the mean grade of 5 graded questions was 3.8 (Outstanding is 3.5 or more).",)


def test_a_cap_no_stricter_than_the_mean_is_not_listed():
    result = score(limiting_tool(), {"q1": RI, "q2": I, "q3": RI, "safe": RI, "harm": RI})
    assert result.judgement == RI
    assert result.caps == ()
    assert len(result.reasons) == 1


def test_a_limiting_question_caps_its_own_section_too():
    result = score(limiting_tool(), {"q1": O, "q2": O, "q3": O, "safe": RI, "harm": O})
    risk = result.section("risk")
    assert risk.mean == 3
    assert risk.mean_judgement == G
    assert risk.judgement == RI
    assert risk.reasons == (
        "Good: the mean grade of 2 graded questions was 3 (Good is 2.75 or more).",
        "Requires improvement, because 'Is the child safe?' was graded Requires improvement and it limits the section judgement to Requires improvement.",
    )
    assert result.section("practice").judgement == O


# --- Weights and methods ---------------------------------------------------------------


def test_question_weights():
    tool = make_tool({"Practice": [graded("q1", weight=3), graded("q2")]})
    result = score(tool, answers_for(O, I))
    assert result.mean == 3.25  # (4*3 + 1) / 4
    assert result.judgement == G
    assert result.reasons == ("Good: the weighted mean grade of 2 graded questions was 3.25 (Good is 2.75 or more).",)


def test_section_weights_multiply_question_weights_in_mean_of_questions():
    tool = make_tool({"Practice": [graded("q1")], "Risk": [graded("q2", weight=2)]})
    weighted = load_tool_text(
        yaml.safe_dump({
            "key": "test", "title": "Test tool", "description": "d", "version": 1, "status": "published",
            "scoring": {"method": "mean_of_questions"},
            "sections": [
                {"key": "a", "title": "A", "questions": [graded("q1")]},
                {"key": "b", "title": "B", "weight": 1.5, "questions": [graded("q2", weight=2)]},
            ],
        }),
        "test.yaml",
    )
    assert score(tool, answers_for(O, I)).mean == 2  # (4 + 2) / 3
    assert score(weighted, answers_for(O, I)).mean == 1.75  # (4 + 1*3) / 4


def test_mean_of_sections():
    tool = make_tool(
        {"Plan": [graded("q1"), graded("q2"), graded("q3")], "Risk": [graded("q4")]},
        method="mean_of_sections",
    )
    result = score(tool, answers_for(O, O, O, RI))
    assert [s.mean for s in result.sections] == [4, 2]
    assert result.mean == 3  # mean_of_questions would give 3.5
    assert result.judgement == G
    assert result.reasons == ("Good: the mean of the mean grades of 2 sections was 3 (Good is 2.75 or more).",)


def test_mean_of_sections_leaves_out_sections_with_nothing_graded_and_uses_section_weights():
    sections = [
        {"key": "plan", "title": "Plan", "weight": 3, "questions": [graded("q1")]},
        {"key": "risk", "title": "Risk", "questions": [graded("q2")]},
        {"key": "visits", "title": "Visits", "questions": [graded("q3")]},
    ]
    tool = load_tool_text(yaml.safe_dump({
        "key": "test", "title": "Test tool", "description": "d", "version": 1, "status": "published",
        "scoring": {"method": "mean_of_sections"}, "sections": sections,
    }), "test.yaml")
    result = score(tool, {"q1": O, "q2": RI, "q3": NA})
    assert result.mean == 3.5  # (4*3 + 2) / 4
    assert result.judgement == O
    assert result.reasons == (
        "Outstanding: the weighted mean of the mean grades of 2 sections was 3.5 (Outstanding is 3.5 or more).",
    )


def test_lowest_section():
    tool = make_tool(
        {"Plan": [graded("q1"), graded("q2")], "Visits": [graded("q3")], "Risk": [graded("q4")]},
        method="lowest_section",
    )
    result = score(tool, answers_for(O, O, RI, RI))
    assert result.judgement == RI
    assert result.reasons == ("Requires improvement: the lowest section judgement was Requires improvement, for 'Visits' and 'Risk'.",)
    assert score(tool, answers_for(O, O, G, O)).reasons == ("Good: the lowest section judgement was Good, for 'Visits'.",)


def test_lowest_section_still_applies_limits():
    tool = make_tool(
        {"Plan": [graded("q1")], "Risk": [graded("safe", "Is the child safe?", limits=LIMITS), graded("q2"), graded("q3")]},
        method="lowest_section",
    )
    result = score(tool, {"q1": O, "safe": I, "q2": O, "q3": O})  # Risk's mean is 3
    assert result.judgement == I
    assert result.reasons == (
        "Good: the lowest section judgement was Good, for 'Risk'.",
        "Inadequate, because 'Is the child safe?' was graded Inadequate and it limits the overall judgement to Inadequate.",
    )


# --- Audit measures --------------------------------------------------------------------


def measure_tool():
    return make_tool(
        {
            "Plan": [
                graded("plan-quality", "Is the plan good?", measures=[{"key": "r2-am2", "rule": "graded_good_or_better"}]),
                graded("progress", "Is the plan progressing?", measures=[{"key": "r2-am9", "rule": "graded_requires_improvement_or_better"}]),
                {"key": "contingency", "text": "Is there a contingency plan?", "kind": "yes_partly_no",
                 "measures": [{"key": "r2-am1", "rule": "answer_in", "values": ["yes"]}]},
                {"key": "direct-work", "text": "Is there direct work?", "kind": "yes_partly_no",
                 "measures": [{"key": "r2-am3", "rule": "answer_in", "values": ["yes", "partly"]}]},
            ],
            "Arrangement": [
                {"key": "living-with-connected-people", "text": "Living with connected people?", "kind": "single_choice",
                 "options": [{"key": "yes", "label": "Yes"}, {"key": "no", "label": "No"}]},
                {"key": "tools-used", "text": "Which tools were used?", "kind": "multiple_choice", "required": False,
                 "options": [{"key": "screening", "label": "Screening tool"}, {"key": "risk", "label": "Risk assessment"},
                             {"key": "leaflet", "label": "Leaflet"}],
                 "measures": [{"key": "r6-am1", "rule": "answer_in", "values": ["screening", "risk"],
                               "when": {"question": "living-with-connected-people", "answer_in": ["yes"]}}]},
            ],
        },
        measures=[{"key": "r7-am1", "rule": "overall_good_or_better",
                   "when": {"question": "living-with-connected-people", "answer_in": ["yes"]}}],
    )


def met(answers, key, overall=None):
    return measure_results(measure_tool(), answers, overall)[key].met


@pytest.mark.parametrize("grade, expected", [(O, True), (G, True), (RI, False), (I, False), (NA, None), (None, None)])
def test_graded_good_or_better(grade, expected):
    assert met({"plan-quality": grade}, "r2-am2") is expected


@pytest.mark.parametrize("grade, expected", [(O, True), (G, True), (RI, True), (I, False), (NA, None)])
def test_graded_requires_improvement_or_better(grade, expected):
    assert met({"progress": grade}, "r2-am9") is expected


@pytest.mark.parametrize("answer, expected", [("yes", True), ("partly", False), ("no", False), (NA, None), (None, None)])
def test_answer_in_yes(answer, expected):
    assert met({"contingency": answer}, "r2-am1") is expected


@pytest.mark.parametrize("answer, expected", [("yes", True), ("partly", True), ("no", False), (NA, None)])
def test_answer_in_yes_or_partly(answer, expected):
    assert met({"direct-work": answer}, "r2-am3") is expected


@pytest.mark.parametrize(
    "chosen, expected",
    [(["screening"], True), (["leaflet", "risk"], True), (["leaflet"], False), ([], None)],
)
def test_answer_in_on_a_multiple_choice_question_needs_any_listed_option(chosen, expected):
    assert met({"living-with-connected-people": "yes", "tools-used": chosen}, "r6-am1") is expected


def test_a_measure_whose_when_is_false_does_not_apply():
    assert met({"living-with-connected-people": "no", "tools-used": ["screening"]}, "r6-am1") is None
    assert met({"tools-used": ["screening"]}, "r6-am1") is None


@pytest.mark.parametrize(
    "living, overall, expected",
    [
        ("yes", G, True),
        ("yes", O, True),
        ("yes", RI, False),
        ("yes", "Adequate", False),
        ("yes", I, False),
        ("yes", None, None),
        ("no", G, None),
        (None, G, None),
    ],
)
def test_overall_good_or_better_when_living_with_connected_people(living, overall, expected):
    assert met({"living-with-connected-people": living}, "r7-am1", overall) is expected


def test_measure_reasons_in_words():
    results = measure_results(
        measure_tool(),
        {"plan-quality": RI, "contingency": "yes", "direct-work": NA, "living-with-connected-people": "no"},
        G,
    )
    assert list(results) == ["r2-am2", "r2-am9", "r2-am1", "r2-am3", "r6-am1", "r7-am1"]
    assert results["r2-am2"].reasons == ["Not met: 'Is the plan good?' was graded Requires improvement (Good or better needed)."]
    assert results["r2-am9"].reasons == ["Not applicable: 'Is the plan progressing?' was not answered."]
    assert results["r2-am1"].reasons == ["Met: 'Is there a contingency plan?' was answered Yes."]
    assert results["r2-am3"].reasons == ["Not applicable: 'Is there direct work?' was answered Not applicable."]
    assert results["r7-am1"].reasons == ["Not applicable: 'Living with connected people?' was answered No."]
    yes = measure_results(measure_tool(), {"living-with-connected-people": "yes", "contingency": "no"}, RI)
    assert yes["r7-am1"].reasons == ["Not met: the overall judgement was Requires improvement (Good or better needed)."]
    assert yes["r2-am1"].reasons == ["Not met: 'Is there a contingency plan?' was answered No (Yes needed)."]
    assert yes["r7-am1"].links[0].question_key is None


def test_several_questions_linked_to_one_measure_must_all_be_met_where_they_apply():
    tool = make_tool({"Supervision": [
        {"key": "regular", "text": "Is supervision regular?", "kind": "yes_partly_no",
         "measures": [{"key": "r10-am2", "rule": "answer_in", "values": ["yes"]}]},
        graded("reflective", "Is supervision reflective?", measures=[{"key": "r10-am2", "rule": "graded_good_or_better"}]),
    ]})
    assert measure_results(tool, {"regular": "yes", "reflective": G}, None)["r10-am2"].met is True
    assert measure_results(tool, {"regular": "yes", "reflective": RI}, None)["r10-am2"].met is False
    assert measure_results(tool, {"regular": NA, "reflective": G}, None)["r10-am2"].met is True
    assert measure_results(tool, {"regular": NA, "reflective": NA}, None)["r10-am2"].met is None
    assert len(measure_results(tool, {}, None)["r10-am2"].links) == 2


# --- Validation ------------------------------------------------------------------------


def validation_tool():
    return make_tool({
        "Plan": [
            {"key": "contingency", "text": "Is there a contingency plan?", "kind": "yes_partly_no"},
            graded("safe", "Is the child safe?", allow_not_applicable=False),
            {"key": "plan-type", "text": "What plan?", "kind": "single_choice",
             "options": [{"key": "cin", "label": "Child in need"}, {"key": "cp", "label": "Child protection"}]},
        ],
        "Visits": [
            {"key": "visits", "text": "How many visits?", "kind": "number", "minimum": 0, "maximum": 30},
            {"key": "last-visit", "text": "Date of the last visit", "kind": "date"},
            {"key": "agencies", "text": "Which agencies?", "kind": "multiple_choice", "required": False,
             "options": [{"key": "school", "label": "School"}, {"key": "health", "label": "Health"}]},
            {"key": "notes", "text": "Anything else?", "kind": "text", "required": False},
        ],
    })


GOOD_ANSWERS = {"contingency": "yes", "safe": G, "plan-type": "cp", "visits": 4, "last-visit": "2018-08-31"}


def test_complete_answers_have_no_problems():
    assert validate(validation_tool(), GOOD_ANSWERS) == []
    assert validate(validation_tool(), {**GOOD_ANSWERS, "visits": "4", "last-visit": date(2018, 8, 31),
                                        "agencies": ["health"], "notes": "Seen at school."}) == []


def test_required_questions_need_an_answer():
    assert validate(validation_tool(), {"contingency": "  ", "agencies": []}) == [
        "Section 'Plan': 'Is there a contingency plan?' needs an answer",
        "Section 'Plan': 'Is the child safe?' needs an answer",
        "Section 'Plan': 'What plan?' needs an answer",
        "Section 'Visits': 'How many visits?' needs an answer",
        "Section 'Visits': 'Date of the last visit' needs an answer",
    ]


@pytest.mark.parametrize(
    "key, value, problem",
    [
        ("visits", "lots", "Section 'Visits': 'How many visits?' must be a number"),
        ("visits", True, "Section 'Visits': 'How many visits?' must be a number"),
        ("visits", -1, "Section 'Visits': 'How many visits?' must be 0 or more"),
        ("visits", 31, "Section 'Visits': 'How many visits?' must be 30 or less"),
        ("last-visit", "31/08/2018", "Section 'Visits': 'Date of the last visit' must be a date (YYYY-MM-DD)"),
        ("last-visit", "2018-02-30", "Section 'Visits': 'Date of the last visit' must be a date (YYYY-MM-DD)"),
        ("plan-type", "cla", "Section 'Plan': 'What plan?' cannot be answered 'cla' (its options are Child in need, Child protection)"),
        ("agencies", ["school", "police"], "Section 'Visits': 'Which agencies?' cannot be answered 'police' (its options are School, Health)"),
        ("agencies", "school", "Section 'Visits': 'Which agencies?' must be a list of its options (School, Health)"),
        ("contingency", "maybe", "Section 'Plan': 'Is there a contingency plan?' must be answered Yes, Partly, No or Not applicable"),
        ("safe", "great", "Section 'Plan': 'Is the child safe?' must be graded Outstanding, Good, Requires improvement or Inadequate"),
        ("safe", NA, "Section 'Plan': 'Is the child safe?' cannot be answered Not applicable"),
        ("notes", 42, "Section 'Visits': 'Anything else?' must be text"),
    ],
)
def test_answers_of_the_wrong_type_are_refused(key, value, problem):
    assert validate(validation_tool(), {**GOOD_ANSWERS, key: value}) == [problem]


def test_labels_and_legacy_grades_are_accepted():
    assert validate(validation_tool(), {**GOOD_ANSWERS, "safe": "Adequate", "contingency": "Not applicable"}) == []


def test_unknown_questions_are_reported():
    assert validate(validation_tool(), {**GOOD_ANSWERS, "colour": "blue"}) == ["'colour' is not a question in 'Test tool'"]


def test_graded_answers_need_evidence_when_evidence_is_checked():
    tool = validation_tool()
    assert validate(tool, GOOD_ANSWERS, evidence={"safe": ""}) == [
        "Section 'Plan': 'Is the child safe?' needs evidence for its answer"
    ]
    assert validate(tool, GOOD_ANSWERS, evidence={"safe": "Safety plan reviewed on 1 August."}) == []


# --- The auditor's own judgement -------------------------------------------------------


def test_no_override_keeps_the_computed_judgement():
    assert final_auditor_judgement(G, None, None) == G
    assert final_auditor_judgement(G, "", "") == G
    assert final_auditor_judgement(G, "Good", None) == G  # the same judgement needs no reason


def test_an_override_needs_a_reason():
    with pytest.raises(ValueError) as error:
        final_auditor_judgement(G, RI, "   ")
    assert str(error.value) == "Give a reason for judging this audit Requires improvement when the grades give Good."
    with pytest.raises(ValueError, match="when the grades give no judgement"):
        final_auditor_judgement(None, G, None)


def test_an_override_with_a_reason_is_the_final_judgement():
    assert final_auditor_judgement(G, "Requires improvement", "Plans drifted for six months before the audit.") == RI
    assert final_auditor_judgement("Adequate", I, "The child was left at risk.") == I


def test_an_override_must_be_a_judgement():
    with pytest.raises(ValueError, match="is not a judgement"):
        final_auditor_judgement(G, "Excellent", "Because.")


# --- What a form shows -----------------------------------------------------------------


def test_answer_choices_and_labels_for_forms_and_reports():
    tool = validation_tool()
    assert rules.answer_choices(tool.question("safe")) == [
        (O, "Outstanding"), (G, "Good"), (RI, "Requires improvement"), (I, "Inadequate"),
    ]
    assert rules.answer_choices(tool.question("contingency"))[-1] == (NA, "Not applicable")
    assert rules.answer_choices(tool.question("visits")) == []
    assert rules.answer_label(tool.question("agencies"), ["health", "school"]) == "School, Health"
    assert rules.answer_label(tool.question("safe"), "adequate") == "Requires improvement"
    assert rules.answer_label(tool.question("visits"), "4.0") == "4"
    assert rules.answer_label(tool.question("notes"), None) == "Not answered"


def test_evidence_defaults_follow_the_kind():
    from app.audits.tools import Question

    assert Question("q", "Graded?", "graded").evidence == "required"
    assert Question("q", "How many?", "number").evidence == "none"
    assert Question("q", "Yes or no?", "yes_partly_no", evidence="required").evidence == "required"
