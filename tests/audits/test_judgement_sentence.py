"""The judgement and why, as one sentence a person reads (rules.judgement_sentence), and
answers shown as people write them. Called directly: no request, no database."""
from datetime import date

from app.audits import rules
from app.audits.rules import judgement_sentence, score

from .test_scoring import G, I, LIMITS, O, RI, answers_for, four_graded, graded, limiting_tool, make_tool


def test_a_judgement_from_the_mean_reads_as_one_answer():
    result = score(four_graded(), answers_for(G, G, G, O))
    assert result.sentence == "Good, because the mean grade of 4 graded questions was 3.25 (Good is 2.75 or more)."
    inadequate = score(four_graded(), answers_for(RI, RI, I, I))
    assert inadequate.sentence == (
        "Inadequate, because the mean grade of 4 graded questions was 1.5 (Requires improvement needs 1.75 or more).")


def test_a_limited_judgement_leads_with_the_limit_never_with_the_mean():
    result = score(limiting_tool(), {"q1": O, "q2": O, "q3": O, "safe": RI, "harm": O})
    assert result.judgement == RI
    assert result.sentence == (
        "Requires improvement, because 'Is the child safe?' was graded Requires improvement, which limits the overall"
        " judgement to Requires improvement. Without that limit it would be Outstanding: the mean grade of 5 graded"
        " questions was 3.6 (Outstanding is 3.5 or more).")
    assert not result.sentence.startswith("Outstanding")


def test_every_limit_applied_is_named_strictest_first():
    tool = limiting_tool(good="requires_improvement", requires_improvement="inadequate")
    result = score(tool, {"q1": O, "q2": O, "q3": O, "safe": RI, "harm": RI})
    assert result.sentence == (
        "Inadequate, because 'Is the child protected from significant harm?' was graded Requires improvement, which"
        " limits the overall judgement to Inadequate, and 'Is the child safe?' was graded Requires improvement, which"
        " limits it to Requires improvement. Without those limits it would be Good: the mean grade of 5 graded"
        " questions was 3.2 (Good is 2.75 or more).")


def test_a_section_reads_the_same_way():
    result = score(limiting_tool(), {"q1": O, "q2": O, "q3": O, "safe": RI, "harm": O})
    assert result.section("risk").sentence.startswith(
        "Requires improvement, because 'Is the child safe?' was graded Requires improvement, which limits the section"
        " judgement to Requires improvement. Without that limit it would be Good:")


def test_lowest_section_and_no_judgement():
    tool = make_tool({"Visits": [graded("q1"), graded("q2")], "Risk": [graded("q3"), graded("q4")]},
                     method="lowest_section")
    assert score(tool, answers_for(O, O, G, G)).sentence == (
        "Good, because the lowest section judgement was Good, for 'Risk'.")
    assert score(tool, {}).sentence == "No judgement, because no question was graded."


def test_the_sentence_reads_stored_reasons_and_older_judgement_words():
    # A submitted audit keeps its judgement and reasons as they were written.
    stored = ["Good: the mean grade of 13 graded questions was 2.9 (Good is 2.75 or more).",
              "Requires improvement, because 'Is the child safe?' was graded Requires improvement and it limits the"
              " overall judgement to Requires improvement."]
    assert judgement_sentence("requires_improvement", stored).startswith(
        "Requires improvement, because 'Is the child safe?' was graded Requires improvement, which limits")
    assert judgement_sentence("Adequate", ["Requires improvement: the mean grade of 2 graded questions was 2"
                                           " (Requires improvement is 1.75 or more)."]) == (
        "Requires improvement, because the mean grade of 2 graded questions was 2 (Requires improvement is 1.75 or more).")
    assert judgement_sentence("good", []) == "Good."
    assert judgement_sentence(None, None) == "No judgement."


def test_a_date_answer_is_shown_as_people_write_it():
    tool = make_tool({"Visits": [{"key": "visited", "text": "Last visit?", "kind": "date"}, graded("q1", limits=LIMITS)]})
    assert rules.answer_label(tool.question("visited"), "2026-10-12") == "12 October 2026"
    assert rules.answer_label(tool.question("visited"), date(2026, 3, 2)) == "2 March 2026"
