"""Rules of case audits. Plain values in, plain values out: no Flask, no database.

An audit tool (see `app.audits.tools`) has sections of questions. An auditor's answers are
a mapping of question key to value:

| kind              | value                                                                   |
|-------------------|-------------------------------------------------------------------------|
| `graded`          | `outstanding`, `good`, `requires_improvement`, `inadequate`, `not_applicable` |
| `yes_partly_no`   | `yes`, `partly`, `no`, `not_applicable`                                 |
| `single_choice`   | one option key                                                          |
| `multiple_choice` | a list of option keys                                                   |
| `number`          | an int or float (or a string of one, as a form sends it)               |
| `date`            | a `datetime.date` or `YYYY-MM-DD`                                       |
| `text`            | a string                                                                |

An unanswered question is absent, None, "" or [].

Scoring (`score`), as the tool's `scoring` says:

- Graded questions score points: Outstanding 4, Good 3, Requires improvement 2,
  Inadequate 1. Not applicable and unanswered questions are left out.
- `mean_of_questions`: the weighted mean of every graded question's points; a question's
  weight is its own weight times its section's weight (both 1 unless set).
- `mean_of_sections`: each section's (question-weighted) mean, then the mean of those
  section means weighted by section weight; sections with nothing graded are left out.
- `lowest_section`: the lowest of the sections' judgements (each from its own mean).
- The mean gives a judgement by the tool's thresholds (by default Outstanding 3.5 or more,
  Good 2.75 or more, Requires improvement 1.75 or more, otherwise Inadequate). Means are
  compared to 9 decimal places, so 2.75 computed as 2.7499999999 still counts as 2.75.
- Limiting questions: a graded question's `limits` maps a grade given to it to the highest
  judgement the audit can have ("a case is not good where a child is left at risk").
  Every limit stricter than the mean's judgement is applied and listed in the reasons,
  strictest first; the strictest wins. A section's judgement is capped the same way by the
  limiting questions in it.
- A section or audit with nothing graded has no judgement (None).

Answers that `validate` would refuse are treated as unanswered when scoring.

Branching (`app.audits.branching`): a question not asked because of an earlier answer
(`show_when`) is left out of validation, scoring, limits and measures, as if it were not
in the tool; an answer it still has is not used.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal
from numbers import Number
from typing import TYPE_CHECKING, Any

from app.audits.grades import (
    OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE, JUDGEMENTS, POINTS,
    DEFAULT_THRESHOLDS, normalise_judgement, judgement_label, is_good_or_better, lowest,
    judgement_from_mean, GRADED, YES_PARTLY_NO, SINGLE_CHOICE, MULTIPLE_CHOICE, NUMBER, DATE,
    TEXT, QUESTION_KINDS, CHOICE_KINDS, KINDS_WITH_NOT_APPLICABLE, KINDS_WITH_ANSWERS,
    NOT_APPLICABLE, YES, PARTLY, NO, YES_PARTLY_NO_ANSWERS, NOT_APPLICABLE_LABEL,
    EVIDENCE_NONE, EVIDENCE_OPTIONAL, EVIDENCE_REQUIRED, EVIDENCE, DEFAULT_EVIDENCE,
    MEAN_OF_QUESTIONS, MEAN_OF_SECTIONS, LOWEST_SECTION, SCORING_METHODS, GRADED_GOOD_OR_BETTER,
    GRADED_REQUIRES_IMPROVEMENT_OR_BETTER, ANSWER_IN, OVERALL_GOOD_OR_BETTER, MEASURE_RULES,
    QUESTION_RULES, TOOL_RULES, MEASURE_KEY_PATTERN, DRAFT, PUBLISHED, RETIRED, TOOL_STATUSES,
)

from app.audits import branching

if TYPE_CHECKING:  # the tool's dataclasses; rules only read their attributes
    from app.audits.tools import AuditTool, MeasureLink, Question

__all__ = [  # the vocabulary from app.audits.grades as well, so callers say audit_rules.GOOD
    "OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE", "JUDGEMENTS", "POINTS",
    "DEFAULT_THRESHOLDS", "normalise_judgement", "judgement_label", "is_good_or_better", "lowest",
    "judgement_from_mean", "GRADED", "YES_PARTLY_NO", "SINGLE_CHOICE", "MULTIPLE_CHOICE", "NUMBER", "DATE",
    "TEXT", "QUESTION_KINDS", "CHOICE_KINDS", "KINDS_WITH_NOT_APPLICABLE", "KINDS_WITH_ANSWERS",
    "NOT_APPLICABLE", "YES", "PARTLY", "NO", "YES_PARTLY_NO_ANSWERS", "NOT_APPLICABLE_LABEL",
    "EVIDENCE_NONE", "EVIDENCE_OPTIONAL", "EVIDENCE_REQUIRED", "EVIDENCE", "DEFAULT_EVIDENCE",
    "MEAN_OF_QUESTIONS", "MEAN_OF_SECTIONS", "LOWEST_SECTION", "SCORING_METHODS", "GRADED_GOOD_OR_BETTER",
    "GRADED_REQUIRES_IMPROVEMENT_OR_BETTER", "ANSWER_IN", "OVERALL_GOOD_OR_BETTER", "MEASURE_RULES",
    "QUESTION_RULES", "TOOL_RULES", "MEASURE_KEY_PATTERN", "DRAFT", "PUBLISHED", "RETIRED", "TOOL_STATUSES",
    "answer_choices", "answer_values", "normalise_answer", "answer_label", "validate", "Cap",
    "SectionResult", "ScoreResult", "score", "judgement_sentence", "LinkResult", "MeasureResult",
    "measure_results", "final_auditor_judgement",
]




def answer_choices(question: Question) -> list[tuple[str, str]]:
    """(value, label) pairs an auditor picks from, in order; [] for number, date and text."""
    if question.kind == GRADED:
        choices = list(JUDGEMENTS.items())
    elif question.kind == YES_PARTLY_NO:
        choices = list(YES_PARTLY_NO_ANSWERS.items())
    elif question.kind in CHOICE_KINDS:
        return [(option.key, option.label) for option in question.options]
    else:
        return []
    if question.allow_not_applicable:
        choices.append((NOT_APPLICABLE, NOT_APPLICABLE_LABEL))
    return choices


def answer_values(question: Question) -> list[str]:
    """The answers `answer_in` and `when` may name for this question (never Not applicable)."""
    if question.kind == GRADED:
        return list(JUDGEMENTS)
    if question.kind == YES_PARTLY_NO:
        return list(YES_PARTLY_NO_ANSWERS)
    if question.kind in CHOICE_KINDS:
        return [option.key for option in question.options]
    return []


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset)):
        return not value
    return False


def _key_words(value: str) -> str:
    return "_".join(value.replace("-", " ").replace("/", " ").split()).lower()


def normalise_answer(question: Question, value: Any) -> Any:
    """The answer in its stored form (see the table at the top), None when unanswered.

    Accepts labels for graded and yes/partly/no answers ("Good", "Not applicable",
    "Adequate"), and strings for numbers and dates, as forms send them. Raises ValueError,
    with the reason in words ("must be a number"), for an answer the question cannot take.
    """
    if _is_empty(value):
        return None
    kind = question.kind
    if kind in KINDS_WITH_NOT_APPLICABLE:
        if not isinstance(value, str):
            raise ValueError(_must_be_one_of(question))
        words = _key_words(value)
        if words in (NOT_APPLICABLE, "n_a", "na"):
            if not question.allow_not_applicable:
                raise ValueError("cannot be answered Not applicable")
            return NOT_APPLICABLE
        if kind == YES_PARTLY_NO:
            if words not in YES_PARTLY_NO_ANSWERS:
                raise ValueError(_must_be_one_of(question))
            return words
        try:
            return normalise_judgement(value)
        except ValueError:
            raise ValueError(_must_be_one_of(question)) from None
    if kind == SINGLE_CHOICE:
        keys = answer_values(question)
        if not isinstance(value, str) or value not in keys:
            raise ValueError(f"cannot be answered {_shown(value)} (its options are {_labels(question)})")
        return value
    if kind == MULTIPLE_CHOICE:
        keys = answer_values(question)
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise ValueError(f"must be a list of its options ({_labels(question)})")
        wrong = [v for v in value if not isinstance(v, str) or v not in keys]
        if wrong:
            raise ValueError(f"cannot be answered {_shown(wrong[0])} (its options are {_labels(question)})")
        return tuple(key for key in keys if key in value)
    if kind == NUMBER:
        number = _number(value)
        if number is None:
            raise ValueError("must be a number")
        if question.minimum is not None and number < question.minimum:
            raise ValueError(f"must be {_fmt_number(question.minimum)} or more")
        if question.maximum is not None and number > question.maximum:
            raise ValueError(f"must be {_fmt_number(question.maximum)} or less")
        return number
    if kind == DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError("must be a date (YYYY-MM-DD)")
    if kind == TEXT:
        if not isinstance(value, str):
            raise ValueError("must be text")
        return value.strip()
    raise ValueError(f"has an unknown kind {kind!r}")


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Number):
        number = value
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            number = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return None
    else:
        return None
    try:
        if not math.isfinite(number):
            return None
    except TypeError:
        return None
    return number


def _safe_answer(question: Question, value: Any) -> Any:
    try:
        return normalise_answer(question, value)
    except ValueError:
        return None


def answer_label(question: Question, value: Any) -> str:
    """An answer as a person reads it: "Requires improvement", "Yes", an option's label."""
    answer = _safe_answer(question, value)
    if answer is None:
        return "Not answered"
    if answer == NOT_APPLICABLE:
        return NOT_APPLICABLE_LABEL
    if question.kind in KINDS_WITH_ANSWERS:
        labels = dict(answer_choices(question))
        if question.kind == MULTIPLE_CHOICE:
            return ", ".join(labels[key] for key in answer)
        return labels[answer]
    if question.kind == NUMBER:
        return _fmt_number(answer)
    if question.kind == DATE:
        return f"{answer:%-d %B %Y}"  # as people write it: 2 March 2026
    return answer


def _must_be_one_of(question: Question) -> str:
    labels = [label for _, label in answer_choices(question)]
    listed = ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]
    verb = "graded" if question.kind == GRADED else "answered"
    return f"must be {verb} {listed}"


def _labels(question: Question) -> str:
    return ", ".join(option.label for option in question.options)


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _fmt_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _fmt_mean(value: float) -> str:
    """A mean to at most 2 decimal places, rounded DOWN, so 2.749 never shows as 2.75."""
    shown = Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    text = format(shown, "f").rstrip("0").rstrip(".")
    return text or "0"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- Validation -------------------------------------------------------------------------


def validate(tool: AuditTool, answers: Mapping[str, Any], evidence: Mapping[str, str] | None = None) -> list[str]:
    """Problems with a set of answers, in the tool's order, in words an auditor can act on.

    "Section 'Plan': 'Is there a contingency plan?' needs an answer". With `evidence`
    (question key → the evidence written), a question whose evidence is `required` and
    which has an answer other than Not applicable needs some evidence too.
    """
    problems = []
    known = set()
    asked = branching.shown(tool, answers)
    for section in tool.sections:
        for question in section.questions:
            known.add(question.key)
            if question.key not in asked:  # hidden by an earlier answer: not required, not checked
                continue
            where = f"Section '{section.title}': '{question.text}'"
            value = answers.get(question.key)
            try:
                answer = normalise_answer(question, value)
            except ValueError as error:
                problems.append(f"{where} {error}")
                continue
            if answer is None:
                if question.required:
                    problems.append(f"{where} needs an answer")
                continue
            if (
                evidence is not None
                and question.evidence == EVIDENCE_REQUIRED
                and answer != NOT_APPLICABLE
                and _is_empty(evidence.get(question.key))
            ):
                problems.append(f"{where} needs evidence for its answer")
    for key in answers:
        if key not in known:
            problems.append(f"'{key}' is not a question in '{tool.title}'")
    return problems


# --- Scoring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cap:
    """A limiting question that lowered a judgement."""

    question_key: str
    question_text: str
    grade: str
    limit: str

    def reason(self, scope: str = "overall") -> str:
        return (
            f"{JUDGEMENTS[self.limit]}, because '{self.question_text}' was graded {JUDGEMENTS[self.grade]}"
            f" and it limits the {scope} judgement to {JUDGEMENTS[self.limit]}."
        )


@dataclass(frozen=True)
class SectionResult:
    key: str
    title: str
    judgement: str | None  # after the section's limiting questions
    mean: float | None
    graded_count: int
    mean_judgement: str | None  # from the mean alone
    caps: tuple[Cap, ...]
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return judgement_label(self.judgement)

    @property
    def sentence(self) -> str:
        return judgement_sentence(self.judgement, self.reasons)


@dataclass(frozen=True)
class ScoreResult:
    judgement: str | None  # the computed overall judgement
    mean: float | None  # the mean the method used (for lowest_section: of all graded questions)
    graded_count: int  # graded questions counted (not N/A, answered)
    mean_judgement: str | None  # before limiting questions
    caps: tuple[Cap, ...]  # limits applied, strictest first
    sections: tuple[SectionResult, ...]
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return judgement_label(self.judgement)

    @property
    def good_or_better(self) -> bool:
        return is_good_or_better(self.judgement)

    @property
    def sentence(self) -> str:
        return judgement_sentence(self.judgement, self.reasons)

    def section(self, key: str) -> SectionResult:
        return next(s for s in self.sections if s.key == key)


def _weighted_mean(items: list[tuple[float, float]]) -> float | None:
    total = sum(weight for _, weight in items)
    if not items or total <= 0:
        return None
    return sum(points * weight for points, weight in items) / total


def _apply_caps(judgement: str | None, caps: list[Cap]) -> tuple[str | None, tuple[Cap, ...]]:
    if judgement is None:
        return None, ()
    applied = sorted((c for c in caps if POINTS[c.limit] < POINTS[judgement]), key=lambda c: POINTS[c.limit])
    return (applied[0].limit if applied else judgement), tuple(applied)


def _mean_reason(judgement: str, mean: float, what: str, thresholds: Mapping[str, float]) -> str:
    if judgement == INADEQUATE:
        needed = _fmt_mean(thresholds[REQUIRES_IMPROVEMENT])
        return f"Inadequate: {what} was {_fmt_mean(mean)} (Requires improvement needs {needed} or more)."
    label = JUDGEMENTS[judgement]
    return f"{label}: {what} was {_fmt_mean(mean)} ({label} is {_fmt_mean(thresholds[judgement])} or more)."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def score(tool: AuditTool, answers: Mapping[str, Any]) -> ScoreResult:
    """The judgement each section and the whole audit earn, and why (see the module notes)."""
    answers = branching.asked_answers(tool, answers)
    thresholds = tool.scoring.thresholds
    method = tool.scoring.method
    sections = []
    all_items: list[tuple[float, float]] = []
    all_caps: list[Cap] = []
    section_items: list[tuple[float, float]] = []  # (section mean, section weight)
    for section in tool.sections:
        items = []
        caps = []
        for question in section.questions:
            if question.kind != GRADED:
                continue
            grade = _safe_answer(question, answers.get(question.key))
            if grade is None or grade == NOT_APPLICABLE:
                continue
            items.append((POINTS[grade], question.weight))
            all_items.append((POINTS[grade], question.weight * section.weight))
            limit = question.limits.get(grade)
            if limit:
                caps.append(Cap(question.key, question.text, grade, limit))
        all_caps.extend(caps)
        mean = _weighted_mean(items)
        mean_judgement = judgement_from_mean(mean, thresholds)
        judgement, applied = _apply_caps(mean_judgement, caps)
        if mean is None:
            reasons = ("No judgement: no question in this section was graded.",)
        else:
            section_items.append((mean, section.weight))
            weighted = any(weight != 1 for _, weight in items)
            what = f"the {'weighted ' if weighted else ''}mean grade of {_count(len(items), 'graded question')}"
            reasons = (_mean_reason(mean_judgement, mean, what, thresholds), *(c.reason("section") for c in applied))
        sections.append(SectionResult(section.key, section.title, judgement, mean, len(items), mean_judgement, applied, tuple(reasons)))

    question_mean = _weighted_mean(all_items)
    if question_mean is None:
        return ScoreResult(None, None, 0, None, (), tuple(sections), ("No judgement: no question was graded.",))

    if method == MEAN_OF_SECTIONS:
        mean = _weighted_mean(section_items)
        weighted = any(weight != 1 for _, weight in section_items)
        what = f"the {'weighted ' if weighted else ''}mean of the mean grades of {_count(len(section_items), 'section')}"
        mean_judgement = judgement_from_mean(mean, thresholds)
        first_reason = _mean_reason(mean_judgement, mean, what, thresholds)
    elif method == LOWEST_SECTION:
        mean = question_mean
        mean_judgement = lowest(s.mean_judgement for s in sections)
        titles = [f"'{s.title}'" for s in sections if s.mean_judgement == mean_judgement]
        label = JUDGEMENTS[mean_judgement]
        first_reason = f"{label}: the lowest section judgement was {label}, for {_and_list(titles)}."
    else:
        mean = question_mean
        weighted = any(weight != 1 for _, weight in all_items)
        what = f"the {'weighted ' if weighted else ''}mean grade of {_count(len(all_items), 'graded question')}"
        mean_judgement = judgement_from_mean(mean, thresholds)
        first_reason = _mean_reason(mean_judgement, mean, what, thresholds)
    judgement, applied = _apply_caps(mean_judgement, all_caps)
    reasons = (first_reason, *(c.reason("overall") for c in applied))
    return ScoreResult(judgement, mean, len(all_items), mean_judgement, applied, tuple(sections), reasons)


# The two shapes of reason `score` writes (and submitted audits store): a limiting
# question's (`Cap.reason`), and "Label: why" for the mean or the lowest section.
_CAP_REASON = re.compile(r"^(?P<limit>[A-Z][a-z ]+), because (?P<what>'.*' was graded [A-Za-z ]+?)"
                         r" and it limits the (?P<scope>overall|section) judgement to (?P=limit)\.$")
_LABELLED_REASON = re.compile(r"^(?P<label>Outstanding|Good|Requires improvement|Inadequate|No judgement): (?P<why>.+?)\.?$")


def judgement_sentence(judgement: str | None, reasons: Iterable[str] | None) -> str:
    """A judgement and why, as one answer a person reads, the judgement first:

    "Requires improvement, because 'Is the child safe?' was graded Requires improvement,
    which limits the overall judgement to Requires improvement. Without that limit it would
    be Good: the mean grade of 13 graded questions was 2.85 (Good is 2.75 or more)."

    `reasons` are those `score` gives, as stored with a submitted audit. A limit decides the
    judgement, so it comes first; the mean's own (higher) judgement never leads.
    """
    try:
        label = judgement_label(normalise_judgement(judgement))
    except ValueError:
        label = str(judgement)
    caps, others = [], []
    for reason in reasons or ():
        reason = " ".join(str(reason).split())
        if cap := _CAP_REASON.match(reason):
            caps.append(cap)
        elif labelled := _LABELLED_REASON.match(reason):
            others.append((labelled["label"], labelled["why"]))
        elif reason:
            others.append((None, reason.rstrip(".")))
    if caps:
        first, *more = caps
        text = f"{label}, because {first['what']}, which limits the {first['scope']} judgement to {first['limit']}"
        text += "".join(f", and {cap['what']}, which limits it to {cap['limit']}" for cap in more) + "."
        if others:
            own, why = others[0]
            limits = "that limit" if len(caps) == 1 else "those limits"
            text += f" Without {limits} it would be {own}: {why}." if own else f" {why[:1].upper()}{why[1:]}."
        return text
    if others:
        return f"{label}, because {others[0][1]}."
    return f"{label}."


# --- Audit measures ---------------------------------------------------------------------


@dataclass(frozen=True)
class LinkResult:
    """One question's (or the whole tool's) verdict on a measure."""

    measure_key: str
    question_key: str | None  # None for a measure on the whole tool
    rule: str
    met: bool | None
    reason: str


@dataclass(frozen=True)
class MeasureResult:
    """Whether this case meets an audit measure: True, False, or None (not applicable).

    Where several questions link to the same measure, the case meets it when every one
    that applies is met; it is not applicable when none applies.
    """

    key: str
    met: bool | None
    links: tuple[LinkResult, ...]

    @property
    def reasons(self) -> list[str]:
        return [link.reason for link in self.links]


def _question_map(tool: AuditTool) -> dict[str, Question]:
    return {q.key: q for section in tool.sections for q in section.questions}


def _answered(question: Question, answer: Any) -> str:
    if answer is None:
        return f"'{question.text}' was not answered"
    verb = "graded" if question.kind == GRADED and answer != NOT_APPLICABLE else "answered"
    return f"'{question.text}' was {verb} {answer_label(question, answer)}"


def _labels_of(question: Question, values: Iterable[str]) -> str:
    labels = dict(answer_choices(question))
    names = [labels.get(v, v) for v in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _matches(answer: Any, values: Iterable[str]) -> bool:
    values = set(values)
    if isinstance(answer, tuple):  # multiple choice: any chosen option will do
        return bool(values & set(answer))
    return answer in values


def _link_result(link: MeasureLink, question: Question | None, questions: Mapping[str, Question],
                 answers: Mapping[str, Any], overall: str | None) -> LinkResult:
    def result(met, reason):
        return LinkResult(link.key, question.key if question else None, link.rule, met, reason)

    if link.when is not None:
        condition_question = questions[link.when.question]
        condition = _safe_answer(condition_question, answers.get(condition_question.key))
        if condition is None or condition == NOT_APPLICABLE or not _matches(condition, link.when.answer_in):
            return result(None, f"Not applicable: {_answered(condition_question, condition)}.")

    if link.rule == OVERALL_GOOD_OR_BETTER:
        if overall is None:
            return result(None, "Not applicable: the audit has no overall judgement.")
        if is_good_or_better(overall):
            return result(True, f"Met: the overall judgement was {JUDGEMENTS[overall]}.")
        return result(False, f"Not met: the overall judgement was {JUDGEMENTS[overall]} (Good or better needed).")

    answer = _safe_answer(question, answers.get(question.key))
    if answer is None or answer == NOT_APPLICABLE:
        return result(None, f"Not applicable: {_answered(question, answer)}.")
    if link.rule in (GRADED_GOOD_OR_BETTER, GRADED_REQUIRES_IMPROVEMENT_OR_BETTER):
        floor = GOOD if link.rule == GRADED_GOOD_OR_BETTER else REQUIRES_IMPROVEMENT
        if POINTS[answer] >= POINTS[floor]:
            return result(True, f"Met: {_answered(question, answer)}.")
        return result(False, f"Not met: {_answered(question, answer)} ({JUDGEMENTS[floor]} or better needed).")
    # answer_in
    if _matches(answer, link.values):
        return result(True, f"Met: {_answered(question, answer)}.")
    return result(False, f"Not met: {_answered(question, answer)} ({_labels_of(question, link.values)} needed).")


def measure_results(tool: AuditTool, answers: Mapping[str, Any], overall_judgement: str | None) -> dict[str, MeasureResult]:
    """For each audit measure the tool links to, in the tool's order: is it met in this case?

    `overall_judgement` is the audit's judgement as it stands (computed, the auditor's or
    the moderator's); legacy words such as "Adequate" are accepted.
    """
    overall = normalise_judgement(overall_judgement)
    answers = branching.asked_answers(tool, answers)
    questions = _question_map(tool)
    asked = branching.shown(tool, answers)
    links: dict[str, list[LinkResult]] = {}
    for section in tool.sections:
        for question in section.questions:
            for link in question.measures:
                if question.key in asked:
                    verdict = _link_result(link, question, questions, answers, overall)
                else:
                    verdict = LinkResult(link.key, question.key, link.rule, None,
                                         f"Not applicable: '{question.text}' was not asked, because of an earlier answer.")
                links.setdefault(link.key, []).append(verdict)
    for link in tool.measures:
        links.setdefault(link.key, []).append(_link_result(link, None, questions, answers, overall))
    results = {}
    for key, verdicts in links.items():
        applying = [v.met for v in verdicts if v.met is not None]
        met = all(applying) if applying else None
        results[key] = MeasureResult(key, met, tuple(verdicts))
    return results


# --- The auditor's judgement ------------------------------------------------------------


def final_auditor_judgement(computed: str | None, override: str | None, reason: str | None) -> str | None:
    """The auditor's overall judgement: the computed one, or their own with a written reason.

    An override the same as the computed judgement needs no reason. Raises ValueError when
    the override differs and no reason is given, or when it is not a judgement.
    """
    computed = normalise_judgement(computed)
    chosen = normalise_judgement(override)
    if chosen is None or chosen == computed:
        return computed
    if _is_empty(reason):
        raise ValueError(
            f"Give a reason for judging this audit {JUDGEMENTS[chosen]} when the grades give "
            f"{judgement_label(computed) if computed else 'no judgement'}."
        )
    return chosen
