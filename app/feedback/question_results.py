"""A campaign's answers to its choice and number questions (not statements on the scale:
they count towards no measure). Plain values in, plain values out.

- Choice: how many chose each option, with the small-number rule of app.core.privacy: a
  question answered by fewer than the threshold shows nothing; for single choice, as for a
  statement, when any option was chosen by 1 to threshold - 1 none is shown (one hidden
  alone would be the answers less the others); for multiple choice (options do not add up
  to the answers) only the small ones are hidden.
- Number: how many answered and the median, shown from the threshold up.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Iterable

from app.core import privacy


@dataclass(frozen=True)
class QuestionResult:
    key: str
    text: str
    kind: str
    answered: int
    options: tuple[tuple[str, int | None], ...] = ()  # (label, people, or None when not shown)
    median: float | None = None
    threshold: int = privacy.DEFAULT_SUPPRESSION_THRESHOLD

    @property
    def suppressed(self) -> bool:
        return self.answered < self.threshold

    @property
    def options_hidden(self) -> bool:
        return any(n is None for _, n in self.options)


def _chosen(answer) -> list:
    if isinstance(answer, list):
        return answer
    return [] if answer in (None, "") else [answer]


def question_results(questionnaire, responses: Iterable, threshold: int = privacy.DEFAULT_SUPPRESSION_THRESHOLD,
                     ) -> list[QuestionResult]:
    """Per choice or number question, in the questionnaire's order. `responses` have `.answers`."""
    responses = list(responses)
    out = []
    for item in getattr(questionnaire, "items", ()):
        if item.kind == "scale":
            continue
        answers = [r.answers.get(item.key) for r in responses]
        if item.kind == "number":
            numbers = [a for a in answers if isinstance(a, (int, float)) and not isinstance(a, bool)]
            shown = len(numbers) >= threshold
            out.append(QuestionResult(item.key, item.text, item.kind, len(numbers),
                                      median=median(numbers) if shown else None, threshold=threshold))
            continue
        chosen = [_chosen(a) for a in answers]
        counts = {o.key: sum(o.key in c for c in chosen) for o in item.options}
        small = {k for k, n in counts.items() if privacy.is_small(n, threshold)}
        hide_all = item.kind == "single_choice" and bool(small)
        out.append(QuestionResult(
            item.key, item.text, item.kind, sum(1 for c in chosen if c),
            options=tuple((o.label, None if hide_all or o.key in small else counts[o.key]) for o in item.options),
            threshold=threshold))
    return out


def plain(number) -> str:
    """A median as people read it: 4, 4.5."""
    return f"{number:g}" if isinstance(number, float) else str(number)
