"""Branching in audit tools (`show_when`): the format and its checks, the export round
trip, which questions are asked, and how questions not asked are left out of validation,
scoring, limiting questions and measures; and the explanation of a sample judgement."""
import pytest

from app.audits import branching, progress, rules
from app.audits.explain import explain_judgement
from app.audits.tool_writing import dump_tool
from app.audits.tools import TOOLS_DIR, Condition, load_tool_file, load_tool_text
from app.core.datafile import DataFileError

TOOL = """\
key: branching
title: Plan audit
description: A tool for tests.
version: 1
status: draft
scoring:
  method: mean_of_questions
  thresholds: {outstanding: 3.5, good: 2.75, requires_improvement: 1.75}
measures:
  - key: r7-am1
    rule: overall_good_or_better
sections:
  - key: plan
    title: Plan and contingency
    questions:
      - key: has-plan
        text: Is there a plan?
        kind: yes_partly_no
        allow_not_applicable: false
      - key: contingency
        text: Is there a contingency plan?
        kind: graded
        show_when: {question: has-plan, answer_in: [yes, partly]}
        limits: {inadequate: requires_improvement}
        measures:
          - {key: r2-am1, rule: graded_good_or_better}
      - key: plan-quality
        text: Is the plan good?
        kind: graded
  - key: review
    title: Reviewing the plan
    show_when: {question: has-plan, answer_in: [yes]}
    questions:
      - key: reviewed
        text: Is the plan reviewed on time?
        kind: graded
      - key: review-notes
        text: Notes on reviews
        kind: text
        required: false
  - key: safety
    title: Safety
    questions:
      - key: child-safe
        text: Is the child safe?
        kind: graded
        limits: {inadequate: inadequate}
      - key: safety-plan
        text: Does the plan say how the child will be kept safe?
        kind: yes_partly_no
        required: false
        show_when: {question: has-plan, answer_in: [yes, partly]}
"""


def tool():
    return load_tool_text(TOOL, "branching.yaml")


def problems(text: str) -> list[str]:
    """Each problem at its place in the file, as an editor maps it to a field (the plain
    words a person reads are tested in tests/test_plain_words.py)."""
    with pytest.raises(DataFileError) as error:
        load_tool_text(text, "branching.yaml")
    return [f"{place}: {message}" for place, message in error.value.located]


# --- The format -----------------------------------------------------------------------------


def test_show_when_is_read_on_questions_and_sections_with_unquoted_yes_as_yes():
    t = tool()
    assert t.question("contingency").show_when == Condition("has-plan", ("yes", "partly"))
    assert t.sections[1].show_when == Condition("has-plan", ("yes",))
    assert t.question("has-plan").show_when is None and t.sections[0].show_when is None


def test_export_round_trips_show_when_exactly():
    t = tool()
    text = dump_tool(t)
    assert "show_when: {question: has-plan, answer_in: [yes, partly]}" not in text  # written as YAML blocks
    assert load_tool_text(text) == t
    assert dump_tool(load_tool_text(text)) == text


def test_the_connected_persons_tool_asks_legal_basis_only_when_living_with_connected_people():
    t = load_tool_file(TOOLS_DIR / "connected_persons_audit.yaml")
    assert t.question("legal-basis").show_when == Condition("living-with-connected-people", ("yes",))
    assert {"legal-basis", "placement-start"} <= branching.shown(t, {"living-with-connected-people": "yes"})
    assert not {"legal-basis", "placement-start"} & branching.shown(t, {"living-with-connected-people": "no"})
    assert load_tool_text(dump_tool(t)) == t


@pytest.mark.parametrize("change, problem", [
    (("show_when: {question: has-plan, answer_in: [yes, partly]}", "show_when: {question: plan-quality, answer_in: [good]}"),
     "sections[0].questions[1].show_when.question: 'plan-quality' does not come before it; a question can only"
     " depend on a question earlier in the tool"),
    (("show_when: {question: has-plan, answer_in: [yes, partly]}", "show_when: {question: contingency, answer_in: [good]}"),
     "sections[0].questions[1].show_when.question: 'contingency' is this question; a question cannot depend on its own answer"),
    (("show_when: {question: has-plan, answer_in: [yes, partly]}", "show_when: {question: no-such, answer_in: [yes]}"),
     "sections[0].questions[1].show_when.question: 'no-such' is not a question in this tool"),
    (("show_when: {question: has-plan, answer_in: [yes, partly]}", "show_when: {question: has-plan, answer_in: [yes, maybe]}"),
     "sections[0].questions[1].show_when.answer_in[1]: 'maybe' is not an answer to 'has-plan' (yes, partly, no)"),
    (("show_when: {question: has-plan, answer_in: [yes]}", "show_when: {question: reviewed, answer_in: [good]}"),
     "sections[1].show_when.question: 'reviewed' does not come before it; a section can only depend on a question"
     " in an earlier section"),
    (("show_when: {question: has-plan, answer_in: [yes]}", "show_when: {question: review-notes, answer_in: [yes]}"),
     "sections[1].show_when.question: 'review-notes' does not come before it; a section can only depend on a"
     " question in an earlier section"),
])
def test_a_condition_that_does_not_name_an_earlier_question_and_its_answers_is_refused(change, problem):
    assert problems(TOOL.replace(*change, 1)) == [problem]


def test_a_condition_on_a_question_without_set_answers_is_refused():
    text = TOOL.replace("    questions:\n      - key: child-safe", "    show_when: {question: review-notes, answer_in: [x]}\n"
                        "    questions:\n      - key: child-safe")
    assert problems(text) == [
        "sections[2].show_when.question: 'review-notes' is a text question; 'show only when' needs a question with set answers"
    ]


def test_a_condition_must_have_the_agreed_shape():
    text = TOOL.replace("answer_in: [yes, partly]}", "answer_in: []}")
    assert problems(text)[0].startswith("sections[0].questions[1].show_when.answer_in:")


# --- What is asked --------------------------------------------------------------------------


def test_questions_are_asked_only_when_their_condition_and_their_sections_are_met():
    t = tool()
    everything = {"has-plan", "contingency", "plan-quality", "reviewed", "review-notes", "child-safe", "safety-plan"}
    assert branching.shown(t, {"has-plan": "yes"}) == everything
    assert branching.shown(t, {"has-plan": "partly"}) == everything - {"reviewed", "review-notes"}
    assert branching.shown(t, {"has-plan": "no"}) == {"has-plan", "plan-quality", "child-safe"}
    assert branching.shown(t, {}) == {"has-plan", "plan-quality", "child-safe"}  # not answered: not met
    assert branching.shown(t, {"has-plan": "Yes"}) == everything  # as a label too


def test_a_question_depending_on_a_question_not_asked_is_not_asked():
    text = TOOL.replace("      - key: review-notes\n", "      - key: review-notes\n"
                        "        show_when: {question: contingency, answer_in: [inadequate]}\n")
    t = load_tool_text(text)
    assert "review-notes" in branching.shown(t, {"has-plan": "yes", "contingency": "inadequate"})
    # A stale answer to a question no longer asked does not open the questions after it.
    assert "review-notes" not in branching.shown(t, {"has-plan": "no", "contingency": "inadequate"})


def test_the_hidden_questions_are_listed_with_why_in_words():
    hidden = [(q.key, why) for _, q, why in branching.hidden_questions(tool(), {"has-plan": "no"})]
    assert hidden == [
        ("contingency", "it is asked only when 'Is there a plan?' is Yes or Partly"),
        ("reviewed", "its section is asked only when 'Is there a plan?' is Yes"),
        ("review-notes", "its section is asked only when 'Is there a plan?' is Yes"),
        ("safety-plan", "it is asked only when 'Is there a plan?' is Yes or Partly"),
    ]
    assert branching.hint(tool(), tool().question("contingency").show_when) == (
        "Answer this only if 'Is there a plan?' is Yes or Partly.")


def test_a_page_shows_same_page_conditions_and_decides_earlier_pages():
    t = tool()
    plan, review = t.sections[0], t.sections[1]
    assert [(q.key, c) for q, c in branching.on_page(t, plan, {})] == [
        ("has-plan", None), ("contingency", Condition("has-plan", ("yes", "partly"))), ("plan-quality", None)]
    assert branching.on_page(t, review, {"has-plan": "no"}) == []
    assert [q.key for q, _ in branching.on_page(t, review, {"has-plan": "yes"})] == ["reviewed", "review-notes"]
    # A condition on an earlier page is decided by the answer stored: no condition left to the page.
    safety = t.sections[2]
    assert [(q.key, c) for q, c in branching.on_page(t, safety, {"has-plan": "no"})] == [("child-safe", None)]
    assert [(q.key, c) for q, c in branching.on_page(t, safety, {"has-plan": "yes"})] == [
        ("child-safe", None), ("safety-plan", None)]


# --- The rules leave out questions not asked -------------------------------------------------


def test_a_hidden_required_question_is_not_required_and_its_answer_is_not_checked():
    t = tool()
    assert rules.validate(t, {"has-plan": "no", "plan-quality": "good", "child-safe": "good", "contingency": "nonsense"}) == []
    assert rules.validate(t, {"has-plan": "yes", "plan-quality": "good", "child-safe": "good"}) == [
        "Section 'Plan and contingency': 'Is there a contingency plan?' needs an answer",
        "Section 'Reviewing the plan': 'Is the plan reviewed on time?' needs an answer",
    ]


def test_a_hidden_question_is_not_scored_and_does_not_limit_or_count_for_measures():
    t = tool()
    answers = {"has-plan": "no", "contingency": "inadequate", "plan-quality": "good", "reviewed": "inadequate",
               "child-safe": "good"}
    result = rules.score(t, answers)
    assert (result.judgement, result.graded_count, result.caps) == (rules.GOOD, 2, ())
    measure = rules.measure_results(t, answers, result.judgement)["r2-am1"]
    assert measure.met is None
    assert measure.reasons == ["Not applicable: 'Is there a contingency plan?' was not asked, because of an earlier answer."]

    asked = rules.score(t, {**answers, "has-plan": "yes"})
    assert asked.graded_count == 4
    assert asked.judgement == rules.REQUIRES_IMPROVEMENT


def test_a_section_not_asked_is_not_needed_on_the_task_list_and_is_skipped():
    t = tool()
    rows = progress.sections_progress(t, {"has-plan": "no"}, {})
    assert [(r.key, r.status, r.questions) for r in rows] == [
        ("plan", progress.IN_PROGRESS, 2), ("review", progress.NOT_NEEDED, 0), ("safety", progress.NOT_STARTED, 1)]
    assert progress.next_section(t, "plan", {"has-plan": "no"}) == "safety"
    assert progress.next_section(t, "plan", {"has-plan": "yes"}) == "review"
    done = progress.sections_progress(t, {"has-plan": "no", "plan-quality": "good"}, {"plan-quality": "Seen."})
    assert done[0].status == progress.COMPLETED  # the hidden contingency question is not needed


# --- Try a judgement ------------------------------------------------------------------------


def test_the_explanation_names_the_mean_the_threshold_the_limit_and_what_was_left_out():
    t = tool()
    explained = explain_judgement(t, {"has-plan": "partly", "contingency": "good", "plan-quality": "outstanding",
                                      "reviewed": "good", "child-safe": "inadequate"})
    assert explained.label == "Inadequate"
    assert explained.mean == "The mean grade of 3 graded questions was 2.66 (Requires improvement is 1.75 or more)."
    assert explained.caps == (
        "'Is the child safe?' was graded Inadequate, which limits the judgement to Inadequate.",)
    assert explained.hidden == (
        "'Is the plan reviewed on time?' (Reviewing the plan): its section is asked only when 'Is there a plan?' is Yes.",
        "'Notes on reviews' (Reviewing the plan): its section is asked only when 'Is there a plan?' is Yes.",
    )
    assert len(explained.hidden) == 2  # the safety plan question is asked: the plan is Partly there
    assert explained.thresholds == ("A mean gives Outstanding 3.5 or more, Good 2.75 or more, Requires improvement"
                                    " 1.75 or more, otherwise Inadequate.")
    assert explained.sentence.startswith("Inadequate, because 'Is the child safe?' was graded Inadequate")
    assert explained.measures["r2-am1"].met is True
    assert explained.measures["r7-am1"].met is False


def test_the_explanation_lists_questions_not_counted_and_answers_refused():
    explained = explain_judgement(tool(), {"has-plan": "yes", "contingency": "not_applicable", "reviewed": "brilliant"})
    assert explained.left_out == (
        "'Is there a contingency plan?' was answered Not applicable.",
        "'Is the plan good?' was not answered.",
        "'Is the plan reviewed on time?' was not answered.",
        "'Is the child safe?' was not answered.",
    )
    assert explained.refused[0].startswith("'Is the plan reviewed on time?' must be graded Outstanding")
    assert explained.refused[0].endswith(", so it is treated as not answered.")
    assert explained.label == "No judgement" and explained.mean is None


def test_a_moderator_is_not_asked_to_decide_on_a_grade_left_on_a_question_not_asked():
    from app.moderation.decision_rules import targets

    keys = [t.key for t in targets(tool(), {"has-plan": "no", "contingency": "good", "plan-quality": "good"}, "good")]
    assert "question:contingency" not in keys
    assert "question:plan-quality" in keys
