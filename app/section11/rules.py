"""The rules of a Section 11 cycle as plain functions: ratings, what a return still needs,
late returns, compliance counts and themes for the annual report. No Flask, no database:
they take plain values (or objects with the attributes named), so tests call them directly.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from app.section11 import states

# Met / partly met / not met rather than the partnership's RAG: the question section 11 asks
# is whether a duty is met, and the annual report counts exactly that ("% fully meeting");
# a colour would need a legend, and RAG already means progress of actions in the plan.
FULLY_MET = "fully_met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
RATINGS = {FULLY_MET: "Fully met", PARTLY_MET: "Partly met", NOT_MET: "Not met"}
SHORTFALL = (PARTLY_MET, NOT_MET)

AGREE = "agree"
CHALLENGE = "challenge"
PANEL_VIEWS = {AGREE: "Agree", CHALLENGE: "Challenge"}

EVIDENCE_MAX = 5000
REASON_MAX = 3000
ACTION_TEXT_MAX = 500
WHO_MAX = 150


def default_due_date(year: int) -> date:
    """Returns are due at the end of February, so the annual report on compliance and themes
    can go to the partnership in March (the reporting planner: "every March"). `year` is the
    first year of the cycle: 2026 is 2026-27, due 28 February 2027."""
    following = year + 1
    leap = following % 4 == 0 and (following % 100 != 0 or following % 400 == 0)
    return date(following, 2, 29 if leap else 28)


def cycle_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def final_rating(answer) -> str | None:
    """The rating that stands: the agency's new rating after a challenge, if it gave one."""
    return getattr(answer, "response_rating", None) or getattr(answer, "rating", None)


def standard_complete(answer) -> bool:
    return answer is not None and bool(answer.rating) and bool((answer.evidence or "").strip())


def missing_standards(standard_keys: list[str], answers: dict) -> list[str]:
    """Keys of the standards not yet rated with evidence, in the framework's order."""
    return [key for key in standard_keys if not standard_complete(answers.get(key))]


def unanswered_challenges(answers: dict) -> list[str]:
    return [key for key, a in answers.items() if a.panel_view == CHALLENGE and not (a.response or "").strip()]


def review_problems(standard_keys: list[str], views: dict[str, tuple[str | None, str]]) -> dict[str, str]:
    """{standard key: what is wrong} for a panel review: each standard agreed or challenged,
    and a challenge needs a reason."""
    problems = {}
    for key in standard_keys:
        view, reason = views.get(key, (None, ""))
        if view not in PANEL_VIEWS:
            problems[key] = "Choose agree or challenge"
        elif view == CHALLENGE and not (reason or "").strip():
            problems[key] = "Give the reason for the challenge"
    return problems


def days_late(status: str, due: date, today: date) -> int | None:
    """How many days late a return is: past the due date and not submitted. None if not late."""
    if status in states.NOT_SUBMITTED and today > due:
        return (today - due).days
    return None


@dataclass
class StandardCount:
    key: str
    title: str
    counts: dict[str, int]  # rating -> returns
    rated: int
    challenged: int

    @property
    def shortfall(self) -> int:
        return sum(self.counts[r] for r in SHORTFALL)

    def percent(self, rating: str = FULLY_MET) -> int | None:
        return round(100 * self.counts[rating] / self.rated) if self.rated else None


def compliance_counts(standards, returns_answers: list[dict]) -> list[StandardCount]:
    """Per standard, how many submitted returns rate it each way (the final rating), and how many
    the panel challenged. `standards`: (key, title) pairs; `returns_answers`: each submitted
    return's {standard key: answer}."""
    rows = []
    for key, title in standards:
        counts = Counter({r: 0 for r in RATINGS})
        challenged = 0
        for answers in returns_answers:
            answer = answers.get(key)
            rating = final_rating(answer) if answer else None
            if rating in RATINGS:
                counts[rating] += 1
            if answer is not None and answer.panel_view == CHALLENGE:
                challenged += 1
        rows.append(StandardCount(key, title, dict(counts), sum(counts.values()), challenged))
    return rows


def themes(rows: list[StandardCount], top: int = 3) -> dict[str, list[StandardCount]]:
    """The standards most often partly or not met, and the most challenged, most first."""
    weakest = sorted((r for r in rows if r.shortfall), key=lambda r: (-r.shortfall, -r.counts[NOT_MET]))
    challenged = sorted((r for r in rows if r.challenged), key=lambda r: -r.challenged)
    return {"shortfall": weakest[:top], "challenged": challenged[:top]}


def common_actions(standard_of_actions: list[str | None], top: int = 3) -> list[tuple[str, int]]:
    """The standards agencies most often set themselves actions on: (standard key, agencies)."""
    counts = Counter(key for key in standard_of_actions if key)
    return counts.most_common(top)


@dataclass
class MeasureFigure:
    """A plan measure's figure from a cycle: agencies fully meeting its standards, of those rated."""

    key: str
    met: int
    rated: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.met / self.rated) if self.rated else None


def measure_figures(standard_measures: dict[str, tuple[str, ...]], rows: list[StandardCount]) -> dict[str, MeasureFigure]:
    """{plan measure key: figure} for the measures the standards name (`standard_measures`:
    standard key -> measure keys). A measure named by several standards adds them up."""
    figures: dict[str, MeasureFigure] = {}
    for row in rows:
        for key in standard_measures.get(row.key, ()):
            figure = figures.setdefault(key, MeasureFigure(key, 0, 0))
            figure.met += row.counts[FULLY_MET]
            figure.rated += row.rated
    return figures
