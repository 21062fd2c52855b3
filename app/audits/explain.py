"""The judgement a sample set of answers would get, and why, for an administrator trying
out a tool version before publishing it ("Try a judgement" on its preview). Plain values
in, plain values out: nothing is stored.

The explanation says, in plain words: the overall judgement; the mean and the threshold it
reached (or the lowest section, for that method); each limiting question that capped it;
the questions hidden by branching and left out; the graded questions left out because they
were not answered or Not applicable; answers the questions cannot take (treated as not
answered); and each measure of the improvement plan, met or not and why.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.audits import branching, rules

if TYPE_CHECKING:
    from app.audits.tools import AuditTool


@dataclass(frozen=True)
class Explanation:
    result: rules.ScoreResult
    sentence: str  # the judgement and why, as `rules.judgement_sentence` puts it
    mean: str | None  # "The mean grade of 3 graded questions was 2.66: Requires improvement (1.75 or more) ..."
    thresholds: str  # the tool's thresholds, in words
    caps: tuple[str, ...]  # each limiting question that capped the judgement
    hidden: tuple[str, ...]  # questions not asked, and why
    left_out: tuple[str, ...]  # graded questions asked but not counted (not answered, Not applicable)
    refused: tuple[str, ...]  # answers the questions cannot take (treated as not answered)
    measures: dict[str, rules.MeasureResult]

    @property
    def label(self) -> str:
        return self.result.label if self.result.judgement else "No judgement"


def _thresholds(tool: AuditTool) -> str:
    t = tool.scoring.thresholds
    parts = [f"{rules.JUDGEMENTS[key]} {rules._fmt_mean(t[key])} or more" for key in rules.DEFAULT_THRESHOLDS]
    return "A mean gives " + ", ".join(parts) + ", otherwise Inadequate."


def _mean(tool: AuditTool, result: rules.ScoreResult) -> str | None:
    if result.judgement is None:
        return None
    if tool.scoring.method == rules.LOWEST_SECTION:
        lowest = [s for s in result.sections if s.mean_judgement == result.mean_judgement]
        return (f"The lowest section judgement was {rules.JUDGEMENTS[result.mean_judgement]}"
                f" ({', '.join(repr(s.title) for s in lowest)}); the judgement before any limit is that.")
    # The first reason `score` gives is "Good: the mean ... was 2.8 (Good is 2.75 or more)."
    why = result.reasons[0].split(": ", 1)[1]
    return why[:1].upper() + why[1:]


def explain_judgement(tool: AuditTool, answers: Mapping[str, Any]) -> Explanation:
    """What `answers` (question key -> answer, as the audit form takes them) would give."""
    answers = {key: value for key, value in answers.items() if not rules._is_empty(value)}
    result = rules.score(tool, answers)
    measures = rules.measure_results(tool, answers, result.judgement)
    asked = branching.shown(tool, answers)
    hidden = tuple(f"'{q.text}' ({section.title}): {why}." for section, q, why in branching.hidden_questions(tool, answers))
    left_out, refused = [], []
    for section, question in tool.all_questions():
        if question.key not in asked:
            continue
        value = answers.get(question.key)
        try:
            answer = rules.normalise_answer(question, value)
        except ValueError as error:
            refused.append(f"'{question.text}' {error}, so it is treated as not answered.")
            answer = None
        if question.kind != rules.GRADED:
            continue
        if answer is None:
            left_out.append(f"'{question.text}' was not answered.")
        elif answer == rules.NOT_APPLICABLE:
            left_out.append(f"'{question.text}' was answered Not applicable.")
    caps = tuple(
        f"'{cap.question_text}' was graded {rules.JUDGEMENTS[cap.grade]}, which limits the judgement to"
        f" {rules.JUDGEMENTS[cap.limit]}." for cap in result.caps
    )
    return Explanation(
        result=result,
        sentence=result.sentence,
        mean=_mean(tool, result),
        thresholds=_thresholds(tool),
        caps=caps,
        hidden=hidden,
        left_out=tuple(left_out),
        refused=tuple(refused),
        measures=measures,
    )
