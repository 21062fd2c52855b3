"""The audit tool files: the seed tools in audit_tools/ load, cover every audit measure of
the improvement plan, and survive export and import; broken tools are refused with the
file and what is wrong in plain words, naming the thing by its position and title (and
keeping the place in the file for code: DataFileError.located).
"""
import textwrap
from pathlib import Path

import pytest
import yaml

from app.audits import rules
from app.audits.tool_writing import dump_tool
from app.audits.tools import (
    TOOLS_DIR,
    load_all_tools,
    load_tool_file,
    load_tool_text,
)
from app.core.datafile import DataFileError

ROOT = Path(__file__).resolve().parents[2]
TOOL_FILES = sorted(TOOLS_DIR.glob("*.yaml"))
PLAN_FILE = ROOT / "app" / "plan" / "data" / "improvement_plan.yaml"
PARTNERSHIP_PLAN_FILE = ROOT / "app" / "plan" / "data" / "partnership_business_plan.yaml"


def plan_audit_measure_keys(path: Path = PLAN_FILE) -> set[str]:
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {m["key"] for r in plan["recommendations"] for m in r["audit_measures"]}


def test_the_tools_directory_is_where_the_seed_tools_are():
    assert TOOLS_DIR == ROOT / "audit_tools"
    assert len(TOOL_FILES) >= 9


@pytest.mark.parametrize("path", TOOL_FILES, ids=lambda p: p.name)
def test_every_seed_tool_loads(path):
    tool = load_tool_file(path)
    assert tool.key == path.stem
    # Version 1, or the next number once a released tool is revised (the transitions audit's
    # birthday question became months to 18 in version 2; the connected persons audit asks
    # the legal basis only when the child lives with connected people from version 2).
    assert tool.version == (2 if tool.key in ("transitions_audit", "connected_persons_audit") else 1)
    assert tool.status == rules.PUBLISHED
    assert tool.title and tool.description
    assert tool.scoring.method in rules.SCORING_METHODS
    assert tool.sections
    graded = [q for _, q in tool.all_questions() if q.kind == rules.GRADED]
    assert graded, "every tool grades something"
    assert any(q.guidance.startswith("What good looks like") for _, q in tool.all_questions())
    # A multi-agency tool answers the partnership's plan, whose measures are not linked yet.
    assert tool.measure_keys() or tool.multi_agency, "every seed tool answers at least one audit measure"


@pytest.mark.parametrize("path", TOOL_FILES, ids=lambda p: p.name)
def test_every_seed_tool_survives_export_and_import(path):
    tool = load_tool_file(path)
    text = dump_tool(tool)
    assert load_tool_text(text, "exported.yaml") == tool
    assert dump_tool(load_tool_text(text, "exported.yaml")) == text


def test_every_audit_measure_of_the_plan_is_answered_by_some_tool():
    plan_keys = plan_audit_measure_keys()
    assert len(plan_keys) == 20
    linked = {key for tool in load_all_tools() for key in tool.measure_keys()}
    assert plan_keys - linked == set()
    # The partnership's business plan's measure is answered by the multi-agency audit.
    partnership_keys = plan_audit_measure_keys(PARTNERSHIP_PLAN_FILE)
    assert partnership_keys == {"p14-am1"} and partnership_keys <= linked
    assert linked - plan_keys - partnership_keys == set(), "tools link only to measures the plans have"


def test_the_case_file_audit_uses_every_kind_of_question_and_limits_on_safety():
    tool = load_tool_file(TOOLS_DIR / "case_file_audit.yaml")
    assert {q.kind for _, q in tool.all_questions()} == set(rules.QUESTION_KINDS)
    assert [s.key for s in tool.sections] == [
        "assessment", "plan", "direct-work", "visits", "oversight", "multi-agency", "risk", "recording",
    ]
    safe = tool.question("child-safe")
    assert safe.limits == {"requires_improvement": "requires_improvement", "inadequate": "inadequate"}
    assert safe.allow_not_applicable is False
    assert {"r10-am1", "r10-am2", "r2-am1", "r2-am2", "r2-am3", "r3-am1"} <= set(tool.measure_keys())


def test_the_connected_persons_measure_is_the_overall_judgement_when_living_with_connected_people():
    tool = load_tool_file(TOOLS_DIR / "connected_persons_audit.yaml")
    (link,) = tool.measures
    assert (link.key, link.rule) == ("r7-am1", rules.OVERALL_GOOD_OR_BETTER)
    assert (link.when.question, link.when.answer_in) == ("living-with-connected-people", ("yes",))
    answers = {"living-with-connected-people": "yes"}
    assert rules.measure_results(tool, answers, "good")["r7-am1"].met is True
    assert rules.measure_results(tool, answers, "requires_improvement")["r7-am1"].met is False
    assert rules.measure_results(tool, {"living-with-connected-people": "no"}, "good")["r7-am1"].met is None


def test_a_seed_tool_scores_a_realistic_audit():
    tool = load_tool_file(TOOLS_DIR / "case_file_audit.yaml")
    answers = {q.key: "outstanding" for _, q in tool.all_questions() if q.kind == rules.GRADED}
    answers["child-safe"] = "inadequate"  # weighs double: (12 * 4 + 2 * 1) / 14
    result = rules.score(tool, answers)
    assert result.mean_judgement == rules.OUTSTANDING
    assert result.judgement == rules.INADEQUATE
    assert result.reasons[-1] == (
        "Inadequate, because 'Is the child safe, and is risk well understood and managed?' was graded"
        " Inadequate and it limits the overall judgement to Inadequate."
    )


# --- Broken tools ----------------------------------------------------------------------

VALID = """\
key: broken
title: Broken tool
description: A tool for tests.
version: 1
status: published
scoring:
  method: mean_of_questions
  thresholds: {outstanding: 3.5, good: 2.75, requires_improvement: 1.75}
sections:
  - key: plan
    title: Plan
    questions:
      - key: contingency
        text: Is there a contingency plan?
        kind: yes_partly_no
        measures:
          - {key: r2-am1, rule: answer_in, values: [yes]}
      - key: plan-quality
        text: Is the plan good?
        kind: graded
      - key: plan-type
        text: What plan?
        kind: single_choice
        options:
          - {key: cin, label: Child in need}
          - {key: cp, label: Child protection}
  - key: risk
    title: Risk
    questions:
      - key: child-safe
        text: Is the child safe?
        kind: graded
        limits: {requires_improvement: requires_improvement, inadequate: inadequate}
"""


def problems(text: str, source: str = "broken.yaml") -> list[str]:
    with pytest.raises(DataFileError) as error:
        load_tool_text(text, source)
    assert error.value.source == source
    assert str(error.value).startswith(f"{source}: ")
    return error.value.problems


def places(text: str) -> list[tuple[str | None, str]]:
    with pytest.raises(DataFileError) as error:
        load_tool_text(text, "broken.yaml")
    return error.value.located


def test_the_valid_tool_loads_and_reads_unquoted_yes_as_yes():
    tool = load_tool_text(VALID, "broken.yaml")
    assert tool.question("contingency").measures[0].values == ("yes",)


def test_a_bad_kind_is_refused():
    text = VALID.replace("kind: yes_partly_no", "kind: grade")
    assert problems(text) == [
        (
            "The kind of question 1 in 'Plan' is 'grade', which is not one of graded, yes_partly_no, single_choice,"
            " multiple_choice, number, date, text"
        )
    ]
    assert [place for place, _ in places(text)] == ["sections[0].questions[0].kind"]


def test_a_duplicate_question_key_is_refused():
    text = VALID.replace("key: child-safe", "key: plan-quality")
    assert problems(text) == ["The key of question 1 in 'Risk' is 'plan-quality', which question 2 in 'Plan' uses too"]


def test_a_duplicate_section_key_is_refused():
    text = VALID.replace("  - key: risk\n", "  - key: plan\n")
    assert problems(text) == ["The key of section 2 ('Risk') is 'plan', which section 1 ('Plan') uses too"]


def test_a_limit_on_a_question_that_is_not_graded_is_refused():
    text = VALID.replace(
        "        kind: yes_partly_no\n",
        "        kind: yes_partly_no\n        limits: {inadequate: inadequate}\n",
    )
    assert problems(text) == [
        "Question 1 in 'Plan': only graded questions can limit the judgement (this one is yes_partly_no)"
    ]


def test_a_limit_must_name_judgements():
    text = VALID.replace("inadequate: inadequate}", "inadequate: terrible}")
    assert problems(text) == [
        "The limit of question 1 in 'Risk' is 'terrible', which is not one of outstanding, good, requires_improvement, inadequate"
    ]


def test_an_answer_in_value_the_question_cannot_have_is_refused():
    text = VALID.replace("values: [yes]", "values: [yes, maybe]")
    assert problems(text) == [
        "Measure 1 of question 1 in 'Plan': 'maybe' is not an answer to this yes_partly_no question (yes, partly, no)"
    ]


def test_answer_in_values_of_a_choice_question_must_be_its_options():
    text = VALID.replace(
        "          - {key: cp, label: Child protection}\n",
        "          - {key: cp, label: Child protection}\n        measures:\n          - {key: r2-am2, rule: answer_in, values: [cla]}\n",
    )
    assert problems(text) == [
        "Measure 1 of question 3 in 'Plan': 'cla' is not an answer to this single_choice question (cin, cp)"
    ]


def test_a_graded_rule_on_a_question_that_is_not_graded_is_refused():
    text = VALID.replace("rule: answer_in, values: [yes]", "rule: graded_good_or_better")
    assert problems(text) == [
        "Measure 1 of question 1 in 'Plan': graded_good_or_better needs a graded question (this one is yes_partly_no)"
    ]


def test_answer_in_needs_values_and_other_rules_take_none():
    assert problems(VALID.replace("rule: answer_in, values: [yes]", "rule: answer_in")) == [
        "Measure 1 of question 1 in 'Plan': the answer_in rule needs the answers that meet the measure"
    ]
    text = VALID.replace("        kind: graded\n      - key: plan-type", (
        "        kind: graded\n        measures:\n          - {key: r2-am2, rule: graded_good_or_better, values: [good]}\n"
        "      - key: plan-type"
    ))
    assert problems(text) == ["Measure 1 of question 2 in 'Plan': only the answer_in rule takes values"]


def test_a_measure_key_must_look_like_an_audit_measure():
    assert problems(VALID.replace("key: r2-am1", "key: r2-fm1")) == [
        "The key of measure 1 of question 1 in 'Plan' is 'r2-fm1', which is not an audit measure key"
        " (r<recommendation>-am<number>, e.g. r2-am1)"
    ]


def test_thresholds_must_go_down():
    text = VALID.replace("good: 2.75", "good: 3.6")
    assert problems(text) == [
        "The scoring thresholds must go down from outstanding to good to requires improvement (they are 3.5, 3.6, 1.75)"
    ]


def test_when_must_name_a_question_in_the_tool():
    text = VALID.replace(
        "values: [yes]}",
        "values: [yes], when: {question: living-with-connected-people, answer_in: [yes]}}",
    )
    assert problems(text) == [
        "Measure 1 of question 1 in 'Plan': 'living-with-connected-people' is not a question in this tool"
    ]


def test_when_answers_must_fit_its_question():
    text = VALID.replace("values: [yes]}", "values: [yes], when: {question: plan-type, answer_in: [cla]}}")
    assert problems(text) == [
        "Measure 1 of question 1 in 'Plan': 'cla' is not an answer to 'plan-type' (cin, cp)"
    ]


def test_overall_good_or_better_belongs_to_the_whole_tool():
    question_level = VALID.replace("rule: answer_in, values: [yes]", "rule: overall_good_or_better")
    assert problems(question_level) == [
        "Measure 1 of question 1 in 'Plan': overall_good_or_better is for measures on the whole tool (the top-level measures list)"
    ]
    tool_level = VALID.replace("sections:\n", "measures:\n  - {key: r7-am1, rule: graded_good_or_better}\nsections:\n", 1)
    assert problems(tool_level) == [
        "Measure 1 of the whole tool: a measure on the whole tool can only use overall_good_or_better; link graded_good_or_better to a question instead"
    ]


def test_choice_questions_need_options_and_only_they_have_them():
    no_options = VALID.replace(
        "        options:\n          - {key: cin, label: Child in need}\n          - {key: cp, label: Child protection}\n", ""
    )
    assert problems(no_options) == ["Question 3 in 'Plan': a single choice question needs at least two options"]
    options_on_graded = VALID.replace(
        "        kind: graded\n      - key: plan-type",
        "        kind: graded\n        options: [{key: a, label: A}, {key: b, label: B}]\n      - key: plan-type",
    )
    assert problems(options_on_graded) == [
        "Question 2 in 'Plan': only single choice and multiple choice questions have options"
    ]
    duplicate_option = VALID.replace("{key: cp, label: Child protection}", "{key: cin, label: Child protection}")
    assert problems(duplicate_option) == [
        "The key of option 2 ('Child protection') of question 3 in 'Plan' is 'cin', which option 1 uses too"
    ]


def test_unknown_keys_and_missing_fields_are_named():
    text = VALID.replace("status: published\n", "status: published\ncolour: blue\n").replace("title: Broken tool\n", "")
    assert problems(text) == [
        "The tool has 'colour', which is not part of the format (check the spelling)",
        "The tool needs a title",
    ]
    assert places(text) == [
        ("(top level)", "has 'colour', which is not part of the format (check the spelling)"),
        ("title", "is missing"),
    ]


def test_a_question_without_a_kind_is_named_by_its_position_and_section():
    text = VALID.replace("        text: Is the plan good?\n        kind: graded\n", "        text: Is the plan good?\n")
    text = text.replace("title: Plan\n", "title: Plan and contingency\n")
    assert problems(text) == ["Question 2 in 'Plan and contingency' needs a kind"]
    assert places(text) == [("sections[0].questions[1].kind", "is missing")]


def test_a_section_without_a_title_or_questions_is_named_by_its_position():
    text = VALID.replace("    title: Risk\n", "").replace(
        "    questions:\n      - key: child-safe\n        text: Is the child safe?\n        kind: graded\n"
        "        limits: {requires_improvement: requires_improvement, inadequate: inadequate}\n",
        "    questions: []\n",
    )
    # The file's shape is checked first: the missing title; then, with a title, the empty section.
    assert problems(text) == ["Section 2 needs a title"]
    assert problems(text.replace("  - key: risk\n", "  - key: risk\n    title: Risk\n")) == ["Section 2 ('Risk') has no questions"]


def test_a_key_that_is_not_a_key_is_told_once_in_one_sentence():
    """An option's key may be a word or yes/no (anyOf): one sentence, about the word."""
    text = VALID.replace("{key: cin, label: Child in need}", "{key: Child In Need, label: Child in need}")
    assert problems(text) == [
        "The key of option 1 ('Child in need') of question 3 in 'Plan' is 'Child In Need', but a key uses only"
        " small letters, numbers, - and _ and starts with a letter or number"
    ]


def test_each_problem_is_told_once():
    error = DataFileError("x.yaml", ["title: is missing", "title: is missing", ("title", "is missing")])
    assert error.located == [("title", "is missing")]
    assert error.problems == ["title: is missing"]  # no namer: as the place says it (the improvement plan)


def test_invalid_yaml_is_refused_with_its_line():
    text = VALID.replace("title: Plan\n", "title: Plan\n   questions: [\n")
    (problem,) = problems(text, "case_file_audit.yaml")
    assert problem.startswith("line ")
    assert "not valid YAML" in problem


def test_every_problem_in_a_file_is_reported_at_once():
    text = VALID.replace("kind: yes_partly_no", "kind: grade").replace("good: 2.75", "good: 3.6")
    assert len(problems(text)) == 1  # the schema is checked first; the other checks need a valid shape
    text = VALID.replace("key: child-safe", "key: plan-quality").replace("good: 2.75", "good: 3.6")
    assert problems(text) == [
        "The scoring thresholds must go down from outstanding to good to requires improvement (they are 3.5, 3.6, 1.75)",
        "The key of question 1 in 'Risk' is 'plan-quality', which question 2 in 'Plan' uses too",
    ]


def test_load_tool_file_names_the_file(tmp_path):
    path = tmp_path / "my_tool.yaml"
    path.write_text(VALID.replace("kind: graded\n      - key: plan-type", "kind: grade\n      - key: plan-type"), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_tool_file(path)
    assert str(error.value).startswith("my_tool.yaml: The kind of question 2 in 'Plan' is 'grade', which is not one of")
    assert error.value.with_source()[0].startswith("my_tool.yaml: The kind of question 2 in 'Plan'")


def test_two_tools_with_one_key_are_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_all_tools(tmp_path)
    assert str(error.value) == "b.yaml: The key is 'broken', which a.yaml uses too"


def test_a_round_trip_keeps_every_setting():
    text = textwrap.dedent("""\
        key: settings
        title: Every setting
        description: |
          Two lines
          of description.
        version: 3
        status: draft
        scoring:
          method: lowest_section
          thresholds: {outstanding: 3.6, good: 3, requires_improvement: 2}
        measures:
          - key: r7-am1
            rule: overall_good_or_better
            when: {question: living, answer_in: [yes]}
        sections:
          - key: a
            title: A
            guidance: Read the plan.
            weight: 2.5
            questions:
              - key: living
                text: Living with connected people?
                kind: single_choice
                options: [{key: yes, label: "Yes"}, {key: no, label: "No"}]
              - key: safe
                text: Is the child safe?
                kind: graded
                weight: 2
                evidence: optional
                allow_not_applicable: false
                required: false
                limits: {good: requires_improvement, inadequate: inadequate}
                measures:
                  - {key: r2-am3, rule: graded_requires_improvement_or_better, when: {question: living, answer_in: [no]}}
              - key: visits
                text: Visits?
                kind: number
                minimum: 0
                maximum: 12.5
              - key: tools
                text: Tools?
                kind: multiple_choice
                options: [{key: a, label: A}, {key: b, label: B}]
                measures:
                  - {key: r6-am1, rule: answer_in, values: [a, b]}
        """)
    tool = load_tool_text(text, "settings.yaml")
    assert tool.sections[0].weight == 2.5
    assert tool.question("safe").evidence == "optional"
    assert tool.question("visits").evidence == "none"
    assert tool.question("living").options[0].key == "yes"
    assert tool.description == "Two lines\nof description."
    assert load_tool_text(dump_tool(tool), "settings.yaml") == tool
