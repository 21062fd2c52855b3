"""The words of case audits: the four Ofsted judgements and how they are ordered, the kinds of
question and their answers, the ways a tool is scored, the rules that say when an audit meets
an impact measure, and a tool's statuses. Plain constants and a few functions on judgements.

Audit tools (`app.audits.tools`) are read and checked against these; the rules that score
and validate answers (`app.audits.rules`) use them too. Kept apart so that a tool's file can
be read without the scoring rules, and the rules can name a tool's parts without a cycle.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# --- Judgements -------------------------------------------------------------------------

OUTSTANDING = "outstanding"
GOOD = "good"
REQUIRES_IMPROVEMENT = "requires_improvement"
INADEQUATE = "inadequate"
JUDGEMENTS = {
    OUTSTANDING: "Outstanding",
    GOOD: "Good",
    REQUIRES_IMPROVEMENT: "Requires improvement",
    INADEQUATE: "Inadequate",
}
POINTS = {OUTSTANDING: 4, GOOD: 3, REQUIRES_IMPROVEMENT: 2, INADEQUATE: 1}
DEFAULT_THRESHOLDS = {OUTSTANDING: 3.5, GOOD: 2.75, REQUIRES_IMPROVEMENT: 1.75}

_JUDGEMENT_NAMES = {
    "outstanding": OUTSTANDING,
    "good": GOOD,
    "requires improvement": REQUIRES_IMPROVEMENT,
    "requires improvement to be good": REQUIRES_IMPROVEMENT,
    "ri": REQUIRES_IMPROVEMENT,
    "adequate": REQUIRES_IMPROVEMENT,  # Ofsted's word before 2013; older audits use it
    "inadequate": INADEQUATE,
}


def normalise_judgement(value: Any) -> str | None:
    """The judgement key for a key, a label or a legacy word; None for no value.

    "Adequate" and "Requires improvement to be good" read as requires_improvement.
    Raises ValueError for anything else.
    """
    if value is None:
        return None
    words = " ".join(str(value).replace("_", " ").replace("-", " ").split()).lower()
    if not words:
        return None
    try:
        return _JUDGEMENT_NAMES[words]
    except KeyError:
        raise ValueError(
            f"{value!r} is not a judgement (Outstanding, Good, Requires improvement or Inadequate)"
        ) from None


def judgement_label(key: str | None) -> str:
    return JUDGEMENTS.get(key, "No judgement") if key else "No judgement"


def is_good_or_better(judgement: str | None) -> bool:
    return judgement in (OUTSTANDING, GOOD)


def lowest(judgements: Iterable[str | None]) -> str | None:
    """The lowest of some judgements, ignoring None."""
    present = [j for j in judgements if j]
    return min(present, key=POINTS.__getitem__) if present else None


def judgement_from_mean(mean: float | None, thresholds: Mapping[str, float] = DEFAULT_THRESHOLDS) -> str | None:
    if mean is None:
        return None
    mean = round(mean, 9)
    for key in (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT):
        if mean >= thresholds[key]:
            return key
    return INADEQUATE


# --- Question kinds and their answers ---------------------------------------------------

GRADED = "graded"
YES_PARTLY_NO = "yes_partly_no"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
NUMBER = "number"
DATE = "date"
TEXT = "text"
QUESTION_KINDS = {
    GRADED: "Graded (Outstanding to Inadequate)",
    YES_PARTLY_NO: "Yes, partly or no",
    SINGLE_CHOICE: "One of a list",
    MULTIPLE_CHOICE: "Any of a list",
    NUMBER: "Number",
    DATE: "Date",
    TEXT: "Text",
}
CHOICE_KINDS = (SINGLE_CHOICE, MULTIPLE_CHOICE)
KINDS_WITH_NOT_APPLICABLE = (GRADED, YES_PARTLY_NO)
KINDS_WITH_ANSWERS = (GRADED, YES_PARTLY_NO, SINGLE_CHOICE, MULTIPLE_CHOICE)  # answer_in / when

NOT_APPLICABLE = "not_applicable"
YES = "yes"
PARTLY = "partly"
NO = "no"
YES_PARTLY_NO_ANSWERS = {YES: "Yes", PARTLY: "Partly", NO: "No"}
NOT_APPLICABLE_LABEL = "Not applicable"

EVIDENCE_NONE = "none"
EVIDENCE_OPTIONAL = "optional"
EVIDENCE_REQUIRED = "required"
EVIDENCE = {EVIDENCE_NONE: "No evidence box", EVIDENCE_OPTIONAL: "Evidence box", EVIDENCE_REQUIRED: "Evidence needed"}
DEFAULT_EVIDENCE = {GRADED: EVIDENCE_REQUIRED, YES_PARTLY_NO: EVIDENCE_OPTIONAL, SINGLE_CHOICE: EVIDENCE_OPTIONAL,
                    MULTIPLE_CHOICE: EVIDENCE_OPTIONAL, NUMBER: EVIDENCE_NONE, DATE: EVIDENCE_NONE, TEXT: EVIDENCE_NONE}

# --- Scoring methods, measure rules, tool statuses --------------------------------------

MEAN_OF_QUESTIONS = "mean_of_questions"
MEAN_OF_SECTIONS = "mean_of_sections"
LOWEST_SECTION = "lowest_section"
SCORING_METHODS = {
    MEAN_OF_QUESTIONS: "Mean of all graded questions",
    MEAN_OF_SECTIONS: "Mean of the sections' means",
    LOWEST_SECTION: "Lowest section judgement",
}

GRADED_GOOD_OR_BETTER = "graded_good_or_better"
GRADED_REQUIRES_IMPROVEMENT_OR_BETTER = "graded_requires_improvement_or_better"
ANSWER_IN = "answer_in"
OVERALL_GOOD_OR_BETTER = "overall_good_or_better"
MEASURE_RULES = {
    GRADED_GOOD_OR_BETTER: "Met when the question is graded Good or Outstanding",
    GRADED_REQUIRES_IMPROVEMENT_OR_BETTER: "Met when the question is graded Requires improvement or better",
    ANSWER_IN: "Met when the answer is one of the listed answers",
    OVERALL_GOOD_OR_BETTER: "Met when the audit's overall judgement is Good or Outstanding",
}
QUESTION_RULES = (GRADED_GOOD_OR_BETTER, GRADED_REQUIRES_IMPROVEMENT_OR_BETTER, ANSWER_IN)
TOOL_RULES = (OVERALL_GOOD_OR_BETTER,)
# An audit measure of a plan in the register: its prefix (r: the improvement plan, p: the
# partnership's business plan), the item's number, -am and the measure's number: r2-am1, p14-am1.
MEASURE_KEY_PATTERN = re.compile(r"^[a-z]+[0-9]+-am[0-9]+$")

DRAFT = "draft"
PUBLISHED = "published"
RETIRED = "retired"
TOOL_STATUSES = {DRAFT: "Draft", PUBLISHED: "Published", RETIRED: "Retired"}
