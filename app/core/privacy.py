"""The small-numbers rule, one setting for every page and format.

A figure about children, young people or parents and carers built on fewer respondents than
`SUPPRESSION_THRESHOLD` (default 5) is never shown, so nobody can be picked out of a table.
Campaign results, feedback results for a period and the reports all read it from here.

Hiding a small count is not enough when a total is shown beside it: with exactly one count
of a table hidden, it is the total minus the others. `complementary` hides one more (the
next smallest), so the hidden counts can only be known together.

Hiding is not enough across reports either: the county less a district, or a half-year less
one of its quarters, gives the number hidden. So every figure about children and families is
pooled from *groups* (`group_of`: one campaign's answers from one district in one quarter),
and a group counts only when 0 or at least `threshold` people are in it (`counted_groups`).
Every area (county, locality, district), every period (quarter, half, year) and every
campaign is a union of whole groups (so children's and families' figures are not given by
team, which would be smaller), so the difference between any two
figures of the same thing is a sum of groups that each passed: 0 or at least the threshold.
A small group is in no figure at all. docs/small-numbers.md says what this costs.
"""
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date

from flask import current_app

from app.core.periods import QUARTER, Period

DEFAULT_SUPPRESSION_THRESHOLD = 5

# Audiences whose small numbers are suppressed: members of the public, some of them children.
# The same keys as app.feedback.rules.CHILDREN, YOUNG_PEOPLE and PARENTS_CARERS (practitioners
# are staff); written out here so that the core does not import a domain.
PROTECTED_AUDIENCES = ("children", "young_people", "parents_carers")


def suppression_threshold() -> int:
    return int(current_app.config.get("SUPPRESSION_THRESHOLD", DEFAULT_SUPPRESSION_THRESHOLD))


def suppressed_words(threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> str:
    """What the feedback pages show instead of a suppressed figure."""
    return f"fewer than {threshold} — not shown"


def is_protected(audience: str | None) -> bool:
    return audience in PROTECTED_AUDIENCES


def is_small(count: int | None, threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> bool:
    """A count from 1 to threshold - 1: not shown (0 is safe to show)."""
    return count is not None and 0 < count < threshold


def complementary(counts: Sequence[int | None], hidden: Iterable[int]) -> set[int]:
    """The indexes of `counts` to hide, given those already `hidden`: when exactly one is
    hidden, the next smallest other count is hidden too (the first of equal ones), else it
    could be worked out as the total minus the others. A count of None cannot be chosen
    (for example a row that shows nothing anyway)."""
    hidden = set(hidden)
    if len(hidden) == 1:
        others = sorted((c, i) for i, c in enumerate(counts) if i not in hidden and c is not None)
        if others:
            hidden.add(others[0][1])
    return hidden


def suppress_small(counts: Sequence[int | None], threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> set[int]:
    """The indexes of the counts of one table not to show: the small ones, and one more
    when that is exactly one (`complementary`)."""
    return complementary(counts, {i for i, c in enumerate(counts) if is_small(c, threshold)})


# --- Groups: the rule across areas and periods -------------------------------------------------


def group_of(campaign_id: int | None, district_id: int | None, day: date, language: str | None = None) -> tuple:
    """The group a response (or comment, or alert) belongs to: its campaign, district and
    financial quarter, and for a response the language it was answered in (results can be
    split by language, so a language's answers are whole groups too). No district recorded
    is one more district."""
    return (campaign_id, district_id, Period.containing(day, QUARTER).start, language)


def counted_groups(counts: Mapping[Hashable, int], threshold: int) -> set:
    """The groups whose people count towards any figure: those with none or at least
    `threshold` (a group of 1 to threshold - 1 is left out of every figure)."""
    return {g for g, n in counts.items() if not is_small(n, threshold)}


def pooled(counts: Mapping[Hashable, int], threshold: int, *, protect: bool = True) -> tuple[int, bool]:
    """The total of `counts` over the groups that count, and whether any group was left out.
    Not `protect`ed (staff): every group counts."""
    if not protect:
        return sum(counts.values()), False
    total = sum(n for n in counts.values() if not is_small(n, threshold))
    return total, any(is_small(n, threshold) for n in counts.values())
