"""Problems in plain words (app.core.plain_words, app.core.datafile): each kind of problem
told once, in a sentence naming the thing by its position and title, with the file's name
in front, and the place in the file kept for code."""
import pytest

from app.audits.tools import NAMES as TOOL_NAMES, load_tool_text
from app.core.datafile import DataFileError
from app.core.plain_words import join_place, parse_place, place_in_words, split_place
from app.feedback.questionnaires import load_questionnaire_text

TOOL = """\
key: case_file_audit
title: Case file audit
description: For tests.
version: 1
status: draft
scoring: {method: mean_of_questions}
sections:
  - key: plan
    title: Plan and contingency
    questions:
      - {key: plan-exists, text: 'Is there a plan?', kind: yes_partly_no}
      - {key: contingency, text: 'Is there a contingency plan?', kind: graded}
"""

QUESTIONNAIRE = """\
key: young_people
title: Tell us
audience: young_people
version: 1
status: draft
scale: agree
intro: You do not have to answer.
statements:
  - {key: heard, text: I am listened to., measure: r1-fm3}
  - {key: help, text: I get help when I need it., measure: r1-fm3}
  - {key: plan, text: I know what my plan is., measure: r1-fm3}
  - {key: safe, text: I feel safe where I live., safety_signal: {answers: [disagree]}}
"""


def tool_problems(text, source="case_file_audit.yaml"):
    with pytest.raises(DataFileError) as error:
        load_tool_text(text, source)
    return error.value


def test_split_place_keeps_todays_place_and_message():
    assert split_place("sections[0].questions[1].kind: is missing") == ("sections[0].questions[1].kind", "is missing")
    assert split_place("(top level): has 'x'") == ("(top level)", "has 'x'")
    assert split_place("line 3, column 1: not valid YAML (...)") == (None, "line 3, column 1: not valid YAML (...)")
    assert parse_place("sections[0].questions[1].kind") == ["sections", 0, "questions", 1, "kind"]
    assert join_place(["translations", "easy-read", "statements", "safe"]) == "translations.easy-read.statements.safe"


def test_a_missing_field_needs_it_and_keeps_its_place():
    error = tool_problems(TOOL.replace(", kind: graded}", "}"))
    assert error.problems == ["Question 2 in 'Plan and contingency' needs a kind"]
    assert error.located == [("sections[0].questions[1].kind", "is missing")]
    assert error.with_source() == ["case_file_audit.yaml: Question 2 in 'Plan and contingency' needs a kind"]
    assert str(error) == "case_file_audit.yaml: Question 2 in 'Plan and contingency' needs a kind"


def test_a_section_without_a_title_is_named_by_its_number():
    extra = "  - key: risk\n    questions:\n      - {key: safe, text: 'Is the child safe?', kind: graded}\n"
    error = tool_problems(TOOL + extra + extra.replace("risk", "more").replace("safe", "seen"))
    assert error.problems == ["Section 2 needs a title", "Section 3 needs a title"]


def test_a_wrong_choice_names_the_field_and_the_choices():
    error = tool_problems(TOOL.replace("kind: graded", "kind: grade"))
    assert error.problems == [
        "The kind of question 2 in 'Plan and contingency' is 'grade', which is not one of graded, yes_partly_no,"
        " single_choice, multiple_choice, number, date, text"
    ]


def test_a_wrong_type_a_bad_key_an_empty_text_and_a_number_out_of_range_in_words():
    error = tool_problems(
        TOOL.replace("version: 1", "version: one").replace("key: plan\n", "key: Plan Key\n")
        .replace("title: Case file audit", "title: ''").replace("{method: mean_of_questions}",
                                                               "{method: mean_of_questions, thresholds: {outstanding: 5, good: 2.75, requires_improvement: 1.75}}")
    )
    assert error.problems == [  # in the order of their places in the file
        "The Outstanding threshold is 5, but must be at most 4",
        "The key of section 1 ('Plan and contingency') is 'Plan Key', but a key uses only small letters, numbers,"
        " - and _ and starts with a letter or number",
        "The tool has no title",
        "The version is 'one', but must be a whole number",
    ]


def test_an_unknown_entry_is_told_once_with_its_name():
    error = tool_problems(TOOL.replace("title: Plan and contingency\n", "title: Plan and contingency\n    colour: red\n"))
    assert error.problems == [
        "Section 1 ('Plan and contingency') has 'colour', which is not part of the format (check the spelling)"
    ]


def test_a_statement_is_named_by_its_words():
    with pytest.raises(DataFileError) as error:
        load_questionnaire_text(QUESTIONNAIRE.replace("answers: [disagree]", "answers: [happy]"), "young_people.yaml")
    assert error.value.with_source() == [
        "young_people.yaml: Statement 4 ('I feel safe where I live.'): 'happy' is not an answer on the agree scale"
        " (strongly_agree, agree, neither, disagree, strongly_disagree, dont_know)"
    ]
    assert error.value.located[0][0] == "statements[3].safety_signal.answers[0]"


def test_each_problem_is_told_once_and_a_file_without_a_namer_keeps_its_places():
    error = DataFileError("improvement_plan.yaml", ["kpis[0].direction: 'down' is not one of up", "kpis[0].direction: 'down' is not one of up"])
    assert error.problems == ["kpis[0].direction: 'down' is not one of up"]
    named = DataFileError("a.yaml", ["title: is missing", ("title", "is missing")], TOOL_NAMES)
    assert named.problems == ["The tool needs a title"]


def test_a_reading_level_warning_names_its_place_in_words():
    assert place_in_words("statements[2]") == "Statement 3"
    assert place_in_words("free_text[0]") == "Free-text question 1"
    assert place_in_words("intro") == "Introduction"
    assert place_in_words("Easy Read statements[0]") == "Easy Read statement 1"


def test_a_show_when_problem_names_the_question_it_is_on():
    text = TOOL.replace("kind: graded}", "kind: graded, show_when: {question: plan-exists, answer_in: [yes, maybe]}}")
    error = tool_problems(text)
    assert error.problems == [
        "Question 2 in 'Plan and contingency': 'maybe' is not an answer to 'plan-exists' (yes, partly, no)"]
    assert error.located[0][0] == "sections[0].questions[1].show_when.answer_in[1]"
