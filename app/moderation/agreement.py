"""How far moderators agree with auditors (part 4 of app/moderation/rules.py's story).

On the four-point scale: the share of exact agreement, how many grades moderators raised or
lowered and by how many grades, and Cohen's kappa (unweighted, or weighted linearly or
quadratically) over the fixed ordered categories Inadequate < Requires improvement < Good <
Outstanding, with a warning when there are too few pairs to rely on. Then the time from
submission to moderation: median and 90th percentile in working days and the share within target.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from app.audits.grades import GOOD, INADEQUATE, JUDGEMENTS, NOT_APPLICABLE, OUTSTANDING, POINTS, REQUIRES_IMPROVEMENT
from app.moderation.grade_words import grade_of as _grade
from app.moderation.working_days import (
    DEFAULT_TARGET_DAYS,
    _holiday_set,
    is_overdue,
    working_days_between,
)

CATEGORIES = (INADEQUATE, REQUIRES_IMPROVEMENT, GOOD, OUTSTANDING)  # the kappa scale, in order
LINEAR = "linear"
QUADRATIC = "quadratic"
WEIGHTS = {None: "Unweighted", LINEAR: "Linear weights", QUADRATIC: "Quadratic weights"}
DEFAULT_MIN_PAIRS = 30


def _pairs(pairs: Iterable[tuple[Any, Any]]) -> list[tuple[str, str]]:
    """(auditor, moderator) judgement keys; pairs where either has no grade or is N/A are left out."""
    out = []
    for auditor, moderator in pairs:
        a, m = _grade(auditor), _grade(moderator)
        if a in (None, NOT_APPLICABLE) or m in (None, NOT_APPLICABLE):
            continue
        out.append((a, m))
    return out


def agreement_rate(pairs: Iterable[tuple[Any, Any]]) -> float | None:
    """The share of (auditor, moderator) pairs with the same grade; None with no pairs.

    Pass the moderator's final grade (the auditor's when the moderator agreed). Pairs where
    either side is ungraded or Not applicable are left out of every statistic here.
    """
    graded = _pairs(pairs)
    if not graded:
        return None
    return sum(1 for a, m in graded if a == m) / len(graded)


@dataclass(frozen=True)
class GradeChanges:
    """How moderators changed auditors' grades. Differences are moderator − auditor in points
    (Outstanding 4 ... Inadequate 1): −1 means lowered by one grade."""

    n: int
    agreed: int
    raised: int
    lowered: int
    by_difference: dict[int, int]  # −3..3, every key present

    @property
    def agreement_rate(self) -> float | None:
        return self.agreed / self.n if self.n else None

    @property
    def mean_difference(self) -> float | None:
        """Average moderator − auditor in points; below 0 means auditors grade generously."""
        if not self.n:
            return None
        return sum(d * c for d, c in self.by_difference.items()) / self.n

    def summary(self) -> str:
        """"Of 40 grades moderators agreed 28 (70%), lowered 10 (25%; 2 by two grades or more)
        and raised 2 (5%)."""
        if not self.n:
            return "No grades were moderated."
        far_down = sum(c for d, c in self.by_difference.items() if d <= -2)
        far_up = sum(c for d, c in self.by_difference.items() if d >= 2)
        lowered = f"lowered {self.lowered} ({self.lowered / self.n:.0%}"
        lowered += f"; {far_down} by two grades or more)" if far_down else ")"
        raised = f"raised {self.raised} ({self.raised / self.n:.0%}"
        raised += f"; {far_up} by two grades or more)" if far_up else ")"
        grades = "grade" if self.n == 1 else "grades"
        return f"Of {self.n} {grades} moderators agreed {self.agreed} ({self.agreed / self.n:.0%}), {lowered} and {raised}."


def grade_changes(pairs: Iterable[tuple[Any, Any]]) -> GradeChanges:
    """Count agreed, raised and lowered grades, and a histogram of moderator − auditor."""
    histogram = {d: 0 for d in range(-3, 4)}
    graded = _pairs(pairs)
    for a, m in graded:
        histogram[POINTS[m] - POINTS[a]] += 1
    return GradeChanges(
        n=len(graded),
        agreed=histogram[0],
        raised=sum(c for d, c in histogram.items() if d > 0),
        lowered=sum(c for d, c in histogram.items() if d < 0),
        by_difference=histogram,
    )


def kappa_weight(i: int, j: int, weights: str | None, k: int = len(CATEGORIES)) -> Fraction:
    """The agreement weight of categories i and j (0-based): 1 on the diagonal; off it 0
    (unweighted), 1 − |i−j|/(k−1) (linear) or 1 − (i−j)²/(k−1)² (quadratic)."""
    if weights is None:
        return Fraction(int(i == j))
    if weights == LINEAR:
        return 1 - Fraction(abs(i - j), k - 1)
    if weights == QUADRATIC:
        return 1 - Fraction((i - j) ** 2, (k - 1) ** 2)
    raise ValueError(f"Unknown kappa weights {weights!r}: use 'linear', 'quadratic' or None")


_STRENGTH = ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"), (1.00, "almost perfect"))


@dataclass(frozen=True)
class KappaResult:
    """Cohen's kappa between auditors (rows) and moderators (columns).

    `observed` and `expected` are the (weighted) observed agreement po and the agreement
    expected by chance pe; kappa = (po − pe) / (1 − pe). `kappa` is None when it cannot be
    worked out (no pairs, or pe = 1), and `explanation` then says why. `matrix[i][j]` counts
    pairs the auditor graded CATEGORIES[i] and the moderator CATEGORIES[j].
    """

    kappa: float | None
    observed: float | None
    expected: float | None
    n: int
    weights: str | None
    min_pairs: int
    matrix: tuple[tuple[int, ...], ...]
    explanation: str | None = None
    exact: tuple[Fraction, Fraction] | None = field(default=None, repr=False)  # (po, pe)

    @property
    def too_few(self) -> bool:
        return self.n < self.min_pairs

    @property
    def warning(self) -> str | None:
        """"Based on 12 pairs: too few to rely on", or None when there are enough."""
        if not self.too_few:
            return None
        return f"Based on {self.n} {'pair' if self.n == 1 else 'pairs'}: too few to rely on"

    @property
    def strength(self) -> str | None:
        """Landis and Koch's (1977) words: poor (below 0), slight, fair, moderate, substantial,
        almost perfect (bands up to 0.20, 0.40, 0.60, 0.80, 1)."""
        if self.kappa is None:
            return None
        if self.kappa < 0:
            return "poor"
        return next(word for top, word in _STRENGTH if round(self.kappa, 9) <= top)


def cohen_kappa(
    pairs: Iterable[tuple[Any, Any]],
    weights: str | None = None,
    min_pairs: int = DEFAULT_MIN_PAIRS,
) -> KappaResult:
    """Cohen's kappa (1960), or weighted kappa (Cohen 1968), for (auditor, moderator) grades.

    The categories are always the four of `CATEGORIES` in order, used or not, so the
    weights are 1 − |i−j|/3 (linear) or 1 − (i−j)²/9 (quadratic): a one-grade difference
    earns 2/3 (linear) or 8/9 (quadratic) of an agreement. These are R vcd's "Equal-Spacing"
    and "Fleiss-Cohen" weights, and the same as scikit-learn's cohen_kappa_score with
    labels=CATEGORIES. Worked in exact fractions, returned as floats.
    """
    kappa_weight(0, 0, weights)  # reject unknown weights before anything else
    k = len(CATEGORIES)
    index = {c: i for i, c in enumerate(CATEGORIES)}
    counts = [[0] * k for _ in range(k)]
    for a, m in _pairs(pairs):
        counts[index[a]][index[m]] += 1
    matrix = tuple(tuple(row) for row in counts)
    n = sum(map(sum, counts))
    if n == 0:
        return KappaResult(None, None, None, 0, weights, min_pairs, matrix, "No pairs of grades to compare.")
    rows = [sum(counts[i]) for i in range(k)]
    cols = [sum(counts[i][j] for i in range(k)) for j in range(k)]
    w = [[kappa_weight(i, j, weights) for j in range(k)] for i in range(k)]
    po = sum(w[i][j] * counts[i][j] for i in range(k) for j in range(k)) / Fraction(n)
    pe = sum(w[i][j] * rows[i] * cols[j] for i in range(k) for j in range(k)) / Fraction(n * n)
    if pe == 1:
        # Only when auditors and moderators both gave one and the same grade every time.
        only = JUDGEMENTS[CATEGORIES[rows.index(n)]]
        explanation = (
            f"Kappa cannot be worked out: auditors and moderators graded all {n} {only}, so chance "
            "alone would give 100% agreement. Agreement was 100%."
        )
        return KappaResult(None, float(po), float(pe), n, weights, min_pairs, matrix, explanation, (po, pe))
    kappa = (po - pe) / (1 - pe)
    return KappaResult(float(kappa), float(po), float(pe), n, weights, min_pairs, matrix, None, (po, pe))


# --- Percentiles and time to moderation ------------------------------------------------------


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (q from 0 to 100) by linear interpolation between closest ranks.

    The same as numpy.percentile's default ("linear", Hyndman and Fan's type 7, also R's
    default and Excel's PERCENTILE.INC): sort the n values, take position h = (n − 1)·q/100
    (0-based) and interpolate between the values either side of it. The median of 1, 2, 3,
    4 is 2.5; the 90th percentile of 1..10 is 9.1. Raises ValueError for no values.
    """
    xs = sorted(float(v) for v in values)
    if not xs:
        raise ValueError("A percentile needs at least one value")
    if not 0 <= q <= 100:
        raise ValueError(f"The percentile must be from 0 to 100, not {q!r}")
    h = (len(xs) - 1) * (q / 100)
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    t = h - lo
    a, b = xs[lo], xs[hi]
    # numpy's lerp: from the nearer end, so the result never overshoots b
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t


def median(values: Iterable[float]) -> float:
    return percentile(values, 50)


@dataclass(frozen=True)
class ModerationTimes:
    """Working days from submission to moderation, for audits moderated so far."""

    n: int  # moderated audits counted
    median: float | None
    p90: float | None
    within_target: int  # moderated in target_days working days or fewer
    target_days: int
    pending: int  # not moderated yet (left out of the figures above)
    pending_overdue: int | None  # of those, already past the target (None without `now`)

    @property
    def share_within_target(self) -> float | None:
        return self.within_target / self.n if self.n else None

    def summary(self) -> str:
        if not self.n:
            text = "No audits moderated yet."
        else:
            text = (
                f"Median {_days(self.median)}; 90% within {_days(self.p90)}; "
                f"{self.within_target} of {self.n} ({self.share_within_target:.0%}) moderated within "
                f"the {self.target_days}-working-day target."
            )
        if self.pending_overdue:
            text += f" {self.pending_overdue} waiting and already overdue."
        return text


def _days(value: float) -> str:
    shown = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{shown} working day" + ("" if shown == "1" else "s")


def days_to_moderation(
    items: Iterable[tuple[date | datetime, date | datetime | None]],
    target_days: int = DEFAULT_TARGET_DAYS,
    holidays: Iterable[date] | None = None,
    now: date | datetime | None = None,
) -> ModerationTimes:
    """Median and 90th percentile of working days from submission to moderation, and the
    share within target.

    `items` are (submitted_at, moderated_at) pairs; moderated_at is None for an audit still
    waiting. Use the first submission date and the date the moderator first decided
    (finalised or returned it). Audits still waiting are not in the median (their time is
    not known yet) but are counted, and with `now` those already overdue are counted too,
    so a backlog cannot hide behind a good median.
    """
    holidays = _holiday_set(holidays)
    days = []
    pending = overdue = 0
    for submitted_at, moderated_at in items:
        if moderated_at is None:
            pending += 1
            if now is not None and is_overdue(submitted_at, now, target_days, holidays):
                overdue += 1
        else:
            days.append(working_days_between(submitted_at, moderated_at, holidays))
    return ModerationTimes(
        n=len(days),
        median=median(days) if days else None,
        p90=percentile(days, 90) if days else None,
        within_target=sum(1 for d in days if d <= target_days),
        target_days=target_days,
        pending=pending,
        pending_overdue=overdue if now is not None else None,
    )
