"""Dip-sample selection for audit rounds.

Pure Python: no Flask, no SQLAlchemy. Values in, values out.

A sample is reproducible from the recorded integer seed: the cohort is first
put into a canonical order, so the same cohort presented in any order, with the
same seed, size and method, always draws the same cases -- in this process or
any other (nothing here depends on Python's per-process salted ``hash()``).

Methods
-------
``simple_random``
    ``random.Random(seed).sample`` of the canonical order.
``stratified``
    Proportional allocation across strata (e.g. teams) by the largest-remainder
    (Hamilton) method, so the allocations sum exactly to the sample size; ties
    on the remainder go to the stratum that sorts first. Within each stratum a
    simple random sample is drawn with an RNG seeded from
    ``sha256(f"{seed}:{stratum}")``.
``systematic``
    Every k-th case from a random start, with k = N / n kept as an exact
    fraction (fractional-interval method): positions floor(start + i*N/n) for
    i = 0..n-1. The start is u/n with u drawn uniformly from 0..N-1, i.e.
    uniform over an exact grid on [0, N/n); every case then has inclusion
    probability exactly n/N and the n positions are always distinct.
"""

from __future__ import annotations

import hashlib
import math
import random
import secrets
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from statistics import NormalDist
from typing import Any, NamedTuple

SIMPLE_RANDOM = "simple_random"
STRATIFIED = "stratified"
SYSTEMATIC = "systematic"
METHODS = (SIMPLE_RANDOM, STRATIFIED, SYSTEMATIC)

METHOD_LABELS = {
    SIMPLE_RANDOM: "Simple random",
    STRATIFIED: "Stratified (proportional by team)",
    SYSTEMATIC: "Systematic (every k-th case)",
}


class StratumAllocation(NamedTuple):
    """How many cases a stratum has in the cohort and how many were drawn."""

    cohort: int
    sample: int


@dataclass(frozen=True)
class SampleResult:
    """The outcome of :func:`draw_sample`.

    ``cases`` are the chosen cases in canonical order. ``allocation`` is only
    set for stratified samples: stratum -> StratumAllocation(cohort, sample),
    in canonical stratum order (strata allocated 0 are included).
    """

    cases: tuple
    cohort_size: int
    method: str
    seed: int
    allocation: dict[Any, StratumAllocation] | None = field(default=None)

    @property
    def size(self) -> int:
        return len(self.cases)

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self):
        return iter(self.cases)

    def __contains__(self, case) -> bool:
        return case in self.cases


# --------------------------------------------------------------------------
# canonical ordering
# --------------------------------------------------------------------------


def _canonical(items: Sequence, key: Callable | None, what: str) -> list:
    """Sort ``items`` into a canonical order that does not depend on input order.

    With ``key=None`` the items are sorted by themselves, or by ``str`` if they
    cannot be compared with each other. Sort keys must be unique, otherwise two
    items could swap places depending on how the cohort was presented.
    """
    items = list(items)
    if key is None:
        try:
            ordered = sorted(items)
            keys = ordered
        except TypeError:
            key = str
    if key is not None:
        try:
            ordered = sorted(items, key=key)
        except TypeError as exc:
            raise ValueError(
                f"The {what} cannot be put in a fixed order ({exc}); pass a key"
            ) from None
        keys = [key(item) for item in ordered]
    for a, b in pairwise(keys):
        if a == b:
            raise ValueError(
                f"Two {what} share the same sort key ({a!r}), so the sample "
                "could not be reproduced; pass a key that is unique"
            )
    return ordered


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"The seed must be a whole number, not {seed!r}")
    return seed


def _stratum_rng(seed: int, stratum) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{stratum}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# --------------------------------------------------------------------------
# allocation
# --------------------------------------------------------------------------


def hamilton_allocation(counts: dict[Any, int], size: int) -> dict[Any, int]:
    """Allocate ``size`` across strata in proportion to ``counts``.

    Largest-remainder (Hamilton) method with exact integer arithmetic. Each
    stratum first gets floor(size * count / N); the seats left over go one each
    to the largest remainders, ties to the stratum that comes first in the
    iteration order of ``counts`` (callers pass strata in canonical order). A
    stratum is never given more than it has: a full stratum is skipped and its
    seat goes to the next-largest remainder.
    """
    total = sum(counts.values())
    if any(c < 0 for c in counts.values()):
        raise ValueError("Stratum sizes cannot be negative")
    if size < 0 or size > total:
        raise ValueError(f"Cannot allocate {size} across a cohort of {total}")
    if total == 0:
        return {s: 0 for s in counts}
    alloc = {s: min(size * c // total, c) for s, c in counts.items()}
    order = {s: i for i, s in enumerate(counts)}
    # remainder numerators over the common denominator N: exact comparison
    by_remainder = sorted(
        counts, key=lambda s: (-((size * counts[s]) % total), order[s])
    )
    left = size - sum(alloc.values())
    while left:
        for s in by_remainder:
            if left and alloc[s] < counts[s]:
                alloc[s] += 1
                left -= 1
    return alloc


# --------------------------------------------------------------------------
# drawing
# --------------------------------------------------------------------------


def _default_stratum(case):
    return case.team


def draw_sample(
    cases: Sequence[Hashable],
    size: int,
    method: str,
    seed: int,
    stratum: Callable[[Any], Any] = _default_stratum,
    key: Callable[[Any], Any] | None = None,
) -> SampleResult:
    """Draw a dip sample of ``size`` cases from ``cases``.

    ``key`` puts the cohort in canonical order (default: the cases themselves,
    or ``str`` if they are not mutually comparable). ``stratum`` is only used
    by the stratified method. Raises ValueError for an empty cohort, duplicate
    cases, a size below 1 or above the cohort, or an unknown method.
    """
    if method not in METHODS:
        raise ValueError(
            f"Unknown sampling method {method!r}; choose one of {', '.join(METHODS)}"
        )
    seed = _check_seed(seed)
    cases = list(cases)
    n_total = len(cases)
    if n_total == 0:
        raise ValueError("There are no cases in the cohort to sample from")
    if len(set(cases)) != n_total:
        raise ValueError("The cohort lists the same case more than once")
    if isinstance(size, bool) or not isinstance(size, int):
        raise TypeError(f"The sample size must be a whole number, not {size!r}")
    if size < 1:
        raise ValueError("Enter a sample size of at least 1")
    if size > n_total:
        raise ValueError(
            f"The sample size ({size}) is larger than the cohort ({n_total})"
        )

    ordered = _canonical(cases, key, "cases")
    allocation = None

    if method == SIMPLE_RANDOM:
        rng = random.Random(seed)
        picked = set(rng.sample(range(n_total), size))
        chosen = [ordered[i] for i in range(n_total) if i in picked]

    elif method == SYSTEMATIC:
        rng = random.Random(seed)
        u = rng.randrange(n_total)  # start = u / size, uniform grid on [0, N/n)
        positions = [(u + i * n_total) // size for i in range(size)]
        chosen = [ordered[p] for p in positions]  # already increasing

    else:  # STRATIFIED
        members: dict[Any, list] = {}
        for case in ordered:  # keeps canonical order within each stratum
            members.setdefault(stratum(case), []).append(case)
        strata = _canonical(members, None, "strata")
        counts = {s: len(members[s]) for s in strata}
        alloc = hamilton_allocation(counts, size)
        picked_set = set()
        for s in strata:
            if alloc[s]:
                picked_set.update(_stratum_rng(seed, s).sample(members[s], alloc[s]))
        chosen = [c for c in ordered if c in picked_set]
        allocation = {s: StratumAllocation(counts[s], alloc[s]) for s in strata}

    return SampleResult(
        cases=tuple(chosen),
        cohort_size=n_total,
        method=method,
        seed=seed,
        allocation=allocation,
    )


def new_seed() -> int:
    """A fresh seed for a round that did not give one (record it!)."""
    return secrets.randbelow(2**31)


# --------------------------------------------------------------------------
# sample sizes
# --------------------------------------------------------------------------


def sample_size_from(spec, cohort_size: int) -> int:
    """Turn a user's sample-size entry into a number of cases.

    ``spec`` is a whole number ("20", 20) or a percentage of the cohort
    ("10%"); a percentage rounds up. Raises ValueError with a message that can
    be shown to the user.
    """
    if spec is None:
        raise ValueError("Enter a sample size, as a number or a percentage")
    if isinstance(spec, bool):
        raise ValueError(f"'{spec}' is not a number or a percentage")  # noqa: TRY004
    if isinstance(spec, (int, float, Decimal)):
        text = str(spec)
    elif isinstance(spec, str):
        text = spec.strip()
    else:
        raise ValueError(f"'{spec}' is not a number or a percentage")  # noqa: TRY004
    if not text:
        raise ValueError("Enter a sample size, as a number or a percentage")

    is_percent = text.endswith("%")
    number_text = text[:-1].strip() if is_percent else text
    try:
        value = Decimal(number_text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number or a percentage") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a number or a percentage")

    if is_percent:
        if value > 100:
            raise ValueError("Enter a percentage of 100% or less")
        n = math.ceil(value * cohort_size / 100)
    else:
        if value != value.to_integral_value():
            raise ValueError(f"Enter a whole number of cases, not {text}")
        n = int(value)

    if n < 1:
        raise ValueError("Enter a sample size of at least 1")
    if n > cohort_size:
        raise ValueError(
            f"The sample size ({n}) is larger than the cohort ({cohort_size})"
        )
    return n


def sample_size_for_proportion(
    cohort_size: int,
    margin: float,
    confidence: float = 0.95,
    expected: float = 0.5,
) -> int:
    """Cases needed to estimate a proportion within +/- ``margin``.

    n0 = z^2 p (1 - p) / e^2, then the finite population correction
    n = n0 / (1 + (n0 - 1) / N), rounded up, never more than N.
    """
    if isinstance(cohort_size, bool) or not isinstance(cohort_size, int):
        raise TypeError("The cohort size must be a whole number")
    if cohort_size < 1:
        raise ValueError("The cohort must contain at least one case")
    if not 0 < margin < 0.5:
        raise ValueError(
            "The margin of error must be between 0 and 0.5 (e.g. 0.1 for ±10 points)"
        )
    if not 0 < confidence < 1:
        raise ValueError(
            "The confidence level must be between 0 and 1 (e.g. 0.95 for 95%)"
        )
    if not 0 < expected < 1:
        raise ValueError(
            "The expected proportion must be between 0 and 1 (use 0.5 if unknown)"
        )
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * expected * (1 - expected) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / cohort_size)
    # tolerance so float noise on an exact integer does not add a whole case
    return max(1, min(cohort_size, math.ceil(n - 1e-9)))
