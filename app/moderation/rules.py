"""Rules of moderation. Plain values in, plain values out: no Flask, no database.

Four parts:

1. **States.** An audit selected for moderation is *awaiting moderation* until a moderator
   claims it (*in moderation*). The moderator either finalises it (*finalised*, which is
   final) or returns it to the auditor (*returned*); the auditor amends it and resubmits it
   (*resubmitted*) to the SAME moderator, who claims it again. A moderator can release an
   audit they have claimed back to the pool, and a lead can reassign an audit to another
   moderator without changing its state. `next_state(state, event)` applies the table
   `TRANSITIONS` and raises `IllegalTransition` ("An audit that is finalised cannot be
   returned") for anything else; `check_claim` adds the same-moderator rule.

2. **Selection.** `select_for_moderation(audits, policy, seed)` picks the audits to moderate
   under a `ModerationPolicy` that combines any of: every audit; a random share; every audit
   judged Inadequate or Outstanding (the extremes); the first N audits by each auditor. The
   random draw for an audit depends only on the seed and the audit's id (a SHA-256 hash),
   so the same seed gives the same selection whatever order the audits come in, and an
   audit's draw never changes when other audits are added later.

3. **Working days.** Monday to Friday, less England's bank holidays (the `holidays`
   package's list, kept up to date upstream, with substitute days: see app.core.clock), or
   the days the caller passes instead (`holidays=()` for none). Good Friday and Easter
   Monday are not working days. Dates and datetimes are both accepted; a datetime counts as
   its own calendar date, so pass UK (Europe/London) dates: callers turn a stored UTC moment
   into its UK date first (app.core.clock.local_day), so 00:30 on 16 July in the UK is 16 July. `working_days_between(start, end)` counts the working days AFTER
   `start` up to and including `end`: submitted on Monday, moderated on Tuesday is 1 working
   day; moderated the same day is 0. The moderation target is 10 working days from
   submission: `due_by(start, 10)` is the date the 10th working day falls on, and an audit
   is overdue once more than 10 working days have passed, i.e. from the first working day
   after that date (a weekend straight after the due date does not make it late).

4. **Agreement.** How far moderators agree with auditors on the four-point scale: the share
   of exact agreement, how many grades moderators raised or lowered and by how many grades,
   and Cohen's kappa (unweighted, or weighted linearly or quadratically) over the fixed
   ordered categories Inadequate < Requires improvement < Good < Outstanding, with a
   warning when there are too few pairs to rely on. Then the time from submission to
   moderation: median and 90th percentile in working days and the share within target.
"""
from __future__ import annotations

import hashlib
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache
from numbers import Real
from typing import Any, NamedTuple

from app.audits.rules import (
    GOOD,
    INADEQUATE,
    JUDGEMENTS,
    NOT_APPLICABLE,
    OUTSTANDING,
    POINTS,
    REQUIRES_IMPROVEMENT,
    normalise_judgement,
)
from app.core.clock import england_bank_holidays

# --- 1. Moderation states -----------------------------------------------------------------

AWAITING_MODERATION = "awaiting_moderation"
IN_MODERATION = "in_moderation"
RETURNED = "returned"
RESUBMITTED = "resubmitted"
FINALISED = "finalised"

STATES = {
    AWAITING_MODERATION: "Awaiting moderation",
    IN_MODERATION: "In moderation",
    RETURNED: "Returned to the auditor",
    RESUBMITTED: "Resubmitted",
    FINALISED: "Finalised",
}
TERMINAL_STATES = (FINALISED,)

CLAIM = "claim"  # a moderator takes the audit on (or takes a resubmitted audit back)
RELEASE = "release"  # the moderator puts an audit they claimed back in the pool
RETURN = "return"  # the moderator sends it back to the auditor to amend
RESUBMIT = "resubmit"  # the auditor sends the amended audit back to the same moderator
FINALISE = "finalise"  # the moderator confirms the moderated grades; nothing changes after
REASSIGN = "reassign"  # a lead gives the audit to another moderator; the state stays

EVENTS = {
    CLAIM: "Claim",
    RELEASE: "Release",
    RETURN: "Return to the auditor",
    RESUBMIT: "Resubmit",
    FINALISE: "Finalise",
    REASSIGN: "Reassign",
}
# Who takes each step (for views to check; the table does not know who is acting).
ACTORS = {
    CLAIM: "moderator",
    RELEASE: "moderator",
    RETURN: "moderator",
    RESUBMIT: "auditor",
    FINALISE: "moderator",
    REASSIGN: "lead",
}

# (from, event) -> to
TRANSITIONS = {
    (AWAITING_MODERATION, CLAIM): IN_MODERATION,
    (IN_MODERATION, RELEASE): AWAITING_MODERATION,
    (IN_MODERATION, RETURN): RETURNED,
    (IN_MODERATION, FINALISE): FINALISED,
    (RETURNED, RESUBMIT): RESUBMITTED,
    (RESUBMITTED, CLAIM): IN_MODERATION,  # only by the moderator who returned it: check_claim
    (IN_MODERATION, REASSIGN): IN_MODERATION,
    (RETURNED, REASSIGN): RETURNED,
    (RESUBMITTED, REASSIGN): RESUBMITTED,
}

_PAST = {
    CLAIM: "claimed",
    RELEASE: "released",
    RETURN: "returned",
    RESUBMIT: "resubmitted",
    FINALISE: "finalised",
    REASSIGN: "reassigned",
}
_STATE_WORDS = {
    AWAITING_MODERATION: "awaiting moderation",
    IN_MODERATION: "in moderation",
    RETURNED: "returned to the auditor",
    RESUBMITTED: "resubmitted",
    FINALISED: "finalised",
}


class IllegalTransition(ValueError):
    """A move the moderation states do not allow; str() is a sentence for the user."""


def next_state(state: str, event: str) -> str:
    """The state after `event`; raises IllegalTransition with a plain message if not allowed."""
    if state not in STATES:
        raise IllegalTransition(f"'{state}' is not a moderation state")
    if event not in EVENTS:
        raise IllegalTransition(f"'{event}' is not a moderation step")
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise IllegalTransition(f"An audit that is {_STATE_WORDS[state]} cannot be {_PAST[event]}") from None


def allowed_events(state: str) -> list[str]:
    """The events allowed from `state`, in the order of `EVENTS` (for buttons)."""
    return [event for event in EVENTS if (state, event) in TRANSITIONS]


def is_terminal(state: str) -> bool:
    return state in TERMINAL_STATES


def check_claim(state: str, moderator_id: Any, assigned_moderator_id: Any = None) -> str:
    """The state after `moderator_id` claims the audit, or IllegalTransition.

    Any moderator may claim an audit awaiting moderation. A resubmitted audit goes back to
    the moderator it is assigned to (the one who returned it, unless a lead reassigned it).
    """
    new_state = next_state(state, CLAIM)
    if state == RESUBMITTED and assigned_moderator_id is not None and moderator_id != assigned_moderator_id:
        raise IllegalTransition("This audit was resubmitted to another moderator: only they can claim it")
    return new_state


def missing_change_reasons(decisions: Iterable[tuple[str, Any, Any, str | None]]) -> list[str]:
    """Problems with a moderator's decisions, one sentence each, in the order given.

    Each decision is (what, auditor's grade, moderator's grade, reason): `what` names the
    question, section or "Overall judgement"; a moderator's grade of None (or the same as
    the auditor's) means they agree. A changed grade needs a reason.
    """
    problems = []
    for what, auditor, moderator, reason in decisions:
        before, after = _grade(auditor), _grade(moderator)
        if after is None or after == before:
            continue
        if reason is None or not str(reason).strip():
            problems.append(
                f"{what}: give a reason for changing {_grade_label(before)} to {_grade_label(after)}"
            )
    return problems


def _grade(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().lower().replace(" ", "_") == NOT_APPLICABLE:
        return NOT_APPLICABLE
    return normalise_judgement(value)


def _grade_label(key: str | None) -> str:
    if key == NOT_APPLICABLE:
        return "Not applicable"
    return JUDGEMENTS[key] if key else "no grade"


# --- 2. Selection for moderation -----------------------------------------------------------


class AuditRecord(NamedTuple):
    """What selection needs to know about a submitted audit."""

    id: Any
    auditor_id: Any
    submitted_at: date | datetime
    judgement: str | None  # the auditor's overall judgement (legacy words accepted)


@dataclass(frozen=True)
class ModerationPolicy:
    """Which audits are moderated: any combination of the four rules (at least one).

    - `all`: every audit;
    - `random_share`: each audit with this probability (0 < share <= 1), drawn from the seed;
    - `extremes`: every audit judged Inadequate or Outstanding;
    - `first_n_per_auditor`: the first N audits submitted by each auditor (by submission
      time, then id) among the audits passed in: pass an auditor's earlier audits too if
      "first" means their first ever.
    """

    all: bool = False
    random_share: float | None = None
    extremes: bool = False
    first_n_per_auditor: int | None = None

    def __post_init__(self):
        share = self.random_share
        if share is not None and (isinstance(share, bool) or not isinstance(share, Real) or not 0 < share <= 1):
            raise ValueError(f"The random share must be more than 0 and at most 1 (20% is 0.2), not {share!r}")
        n = self.first_n_per_auditor
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise ValueError(f"The number of first audits per auditor must be a whole number of 1 or more, not {n!r}")
        if not (self.all or share is not None or self.extremes or n is not None):
            raise ValueError("A moderation policy needs at least one rule")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> ModerationPolicy:
        """From a stored setting such as {"random_share": 0.2, "extremes": true}."""
        unknown = set(values) - {"all", "random_share", "extremes", "first_n_per_auditor"}
        if unknown:
            raise ValueError(f"Unknown moderation policy setting(s): {', '.join(sorted(unknown))}")
        return cls(
            all=bool(values.get("all", False)),
            random_share=values.get("random_share"),
            extremes=bool(values.get("extremes", False)),
            first_n_per_auditor=values.get("first_n_per_auditor"),
        )

    def describe(self) -> str:
        """The policy in a sentence: "A random 20% of audits and every audit judged ..."."""
        if self.all:
            return "Every audit is moderated."
        parts = []
        if self.random_share is not None:
            parts.append(f"a random {_percent(self.random_share)} of audits")
        if self.extremes:
            parts.append("every audit judged Inadequate or Outstanding")
        if self.first_n_per_auditor is not None:
            n = self.first_n_per_auditor
            parts.append("each auditor's first audit" if n == 1 else f"the first {n} audits by each auditor")
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Moderated: {text}."


@dataclass(frozen=True)
class SelectedAudit:
    id: Any
    reasons: tuple[str, ...]  # why it was selected, in the order all, random, extremes, first N


@dataclass(frozen=True)
class Selection:
    """The audits selected, in order of submission (then id), each with its reasons."""

    selected: tuple[SelectedAudit, ...]
    considered: int  # how many audits were looked at
    policy: ModerationPolicy
    seed: int | str

    @property
    def ids(self) -> tuple:
        return tuple(s.id for s in self.selected)

    @property
    def reasons(self) -> dict[Any, tuple[str, ...]]:
        return {s.id: s.reasons for s in self.selected}

    def __contains__(self, audit_id) -> bool:
        return any(s.id == audit_id for s in self.selected)

    def __len__(self) -> int:
        return len(self.selected)

    def __iter__(self):
        return iter(self.selected)


def random_draw(seed: int | str, audit_id: Any) -> float:
    """The audit's draw in [0, 1): the first 8 bytes of sha256(f"{seed}:{audit_id}").

    It depends on nothing but the seed and the id, so it is the same in every process and
    whichever other audits exist.
    """
    digest = hashlib.sha256(f"{_check_seed(seed)}:{audit_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def select_for_moderation(audits: Iterable[Any], policy: ModerationPolicy, seed: int | str) -> Selection:
    """Select audits for moderation under `policy`, reproducibly from `seed`.

    `audits` are `AuditRecord`s, or any objects or mappings with `id`, `auditor_id`,
    `submitted_at` and `judgement`, in any order; ids must be unique. Reasons read
    "every audit is moderated", "random 20%", "judged Inadequate",
    "one of the first 3 audits by this auditor".
    """
    seed = _check_seed(seed)
    records = [_record(a) for a in audits]
    records.sort(key=lambda r: (r.submitted_at, _id_key(r.id)))
    seen = set()
    for r in records:
        if r.id in seen:
            raise ValueError(f"Audit {r.id!r} is listed twice")
        seen.add(r.id)

    first_n = set()
    if policy.first_n_per_auditor is not None:
        counts: dict[Any, int] = {}
        for r in records:  # already in submission order
            counts[r.auditor_id] = counts.get(r.auditor_id, 0) + 1
            if counts[r.auditor_id] <= policy.first_n_per_auditor:
                first_n.add(r.id)

    selected = []
    for r in records:
        reasons = []
        if policy.all:
            reasons.append("every audit is moderated")
        if policy.random_share is not None and random_draw(seed, r.id) < policy.random_share:
            reasons.append(f"random {_percent(policy.random_share)}")
        if policy.extremes and r.judgement in (INADEQUATE, OUTSTANDING):
            reasons.append(f"judged {JUDGEMENTS[r.judgement]}")
        if r.id in first_n:
            n = policy.first_n_per_auditor
            reasons.append("the first audit by this auditor" if n == 1 else f"one of the first {n} audits by this auditor")
        if reasons:
            selected.append(SelectedAudit(r.id, tuple(reasons)))
    return Selection(tuple(selected), len(records), policy, seed)


def _check_seed(seed: Any) -> int | str:
    if isinstance(seed, bool) or not isinstance(seed, (int, str)):
        raise TypeError(f"The seed must be a whole number or a string, not {seed!r}")
    return seed


def _record(audit: Any) -> AuditRecord:
    if isinstance(audit, Mapping):
        get = audit.get
    else:
        def get(name, default=None):
            return getattr(audit, name, default)
    audit_id = get("id")
    if audit_id is None:
        raise ValueError(f"An audit to select from has no id: {audit!r}")
    submitted_at = get("submitted_at")
    if submitted_at is None:
        raise ValueError(f"Audit {audit_id!r} has not been submitted, so it cannot be selected for moderation")
    return AuditRecord(audit_id, get("auditor_id"), submitted_at, normalise_judgement(get("judgement")))


def _id_key(audit_id: Any) -> tuple:
    if isinstance(audit_id, Real) and not isinstance(audit_id, bool):
        return (0, audit_id, "")
    return (1, 0, str(audit_id))


def _percent(share: float) -> str:
    """0.2 -> "20%", 0.125 -> "12.5%", 1/3 -> "33.3%"."""
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


# --- 3. Working days -----------------------------------------------------------------------

DEFAULT_TARGET_DAYS = 10


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10])
    raise TypeError(f"{value!r} is not a date")


def _holiday_set(holidays: Iterable[date | datetime | str] | None) -> frozenset[date]:
    """The days off: England's bank holidays when `holidays` is None, else those given."""
    if holidays is None:
        return england_bank_holidays()
    if isinstance(holidays, frozenset):
        return holidays
    return frozenset(_as_date(h) for h in holidays)


@lru_cache(maxsize=8)
def _weekday_holidays(holidays: frozenset[date]) -> list[date]:
    """The holidays that fall Monday to Friday, sorted, so a count over a span is two bisects."""
    return sorted(h for h in holidays if h.weekday() < 5)


def _weekdays_up_to(day: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including `day`."""
    n = day.toordinal()  # ordinal 1 is Monday 1 January 0001
    return n // 7 * 5 + min(n % 7, 5)


def is_working_day(day: date | datetime, holidays: Iterable[date] | None = None) -> bool:
    day = _as_date(day)
    return day.weekday() < 5 and day not in _holiday_set(holidays)


def working_days_between(start: date | datetime, end: date | datetime, holidays: Iterable[date] | None = None) -> int:
    """Working days after `start` up to and including `end` (Monday to Friday, less bank holidays).

    Friday to the next Monday is 1; the same day is 0; Friday to Saturday is 0. When `end`
    is before `start` the answer is negative: minus the working days after `end` up to and
    including `start`.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start, holidays)
    days = _weekdays_up_to(end) - _weekdays_up_to(start)
    off = _weekday_holidays(_holiday_set(holidays))
    days -= bisect_right(off, end) - bisect_right(off, start)
    return days


def due_by(start: date | datetime, working_days: int = DEFAULT_TARGET_DAYS, holidays: Iterable[date] | None = None) -> date:
    """The date `working_days` working days after `start` (always a working day, unless 0).

    Submitted on Monday 2 March 2026 with a target of 10: due by Monday 16 March.
    """
    if working_days < 0:
        raise ValueError("The number of working days cannot be negative")
    holidays = _holiday_set(holidays)
    day = _as_date(start)
    left = working_days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def is_overdue(
    submitted_at: date | datetime,
    now: date | datetime,
    target_days: int = DEFAULT_TARGET_DAYS,
    holidays: Iterable[date] | None = None,
) -> bool:
    """True when more than `target_days` working days have passed since submission.

    For an audit already moderated, pass the moderation date as `now` to ask whether it
    was late. Measure from the FIRST submission: time spent returned to the auditor counts.
    """
    return working_days_between(submitted_at, now, holidays) > target_days


# --- 4. Agreement ----------------------------------------------------------------------------

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
