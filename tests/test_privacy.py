"""The small-numbers rule as plain functions, with hand-worked cases."""
import pytest

from app.core import privacy
from app.feedback import rules as feedback_rules


@pytest.mark.parametrize("counts, hidden, expected", [
    ([12, 9, 7], set(), set()),  # none hidden: nothing more
    ([12, 3, 9, 7], {1}, {1, 3}),  # one hidden: the next smallest (7) goes too, so 3 is not 31 - 28
    ([12, 3, 2, 7], {1, 2}, {1, 2}),  # two hidden: they can only be known together
    ([12, 3, 7, 7], {1}, {1, 2}),  # a tie: the first of the equal counts
    ([12, 3, 0, 7], {1}, {1, 2}),  # a 0 is the smallest: hiding it hides how the 3 splits
    ([3, None, 9], {0}, {0, 2}),  # None cannot be chosen
    ([3], {0}, {0}),  # nothing else to hide
])
def test_complementary_hides_one_more_only_when_exactly_one_is_hidden(counts, hidden, expected):
    assert privacy.complementary(counts, hidden) == expected


@pytest.mark.parametrize("counts, threshold, expected", [
    ([6, 3, 0], 5, {1, 2}), ([6, 2, 1], 5, {1, 2}), ([6, 5, 0], 5, set()), ([0, 0, 0], 5, set()),
    ([44, 3, 62, 5, 46], 5, {1, 3}),  # the reviewer's district 6 children: 3 alone was 160 - 157
    ([44, 3, 62, 5, 46], 6, {1, 3}),  # a higher threshold: 5 is small too
])
def test_suppress_small_hides_small_counts_and_their_complement(counts, threshold, expected):
    assert privacy.suppress_small(counts, threshold) == expected


def test_the_protected_audiences_are_the_public_not_practitioners():
    assert privacy.PROTECTED_AUDIENCES == (feedback_rules.CHILDREN, feedback_rules.YOUNG_PEOPLE, feedback_rules.PARENTS_CARERS)
    assert not privacy.is_protected(feedback_rules.PRACTITIONERS)


# --- Groups: the rule across areas and periods -------------------------------------------------


def test_a_group_is_a_campaigns_district_in_one_financial_quarter():
    from datetime import date

    assert privacy.group_of(7, 2, date(2026, 4, 1)) == privacy.group_of(7, 2, date(2026, 6, 30))
    assert privacy.group_of(7, 2, date(2026, 6, 30)) != privacy.group_of(7, 2, date(2026, 7, 1))  # Q1 and Q2
    assert privacy.group_of(7, None, date(2026, 5, 1)) != privacy.group_of(7, 2, date(2026, 5, 1))
    assert privacy.group_of(7, 2, date(2026, 5, 1)) != privacy.group_of(8, 2, date(2026, 5, 1))


@pytest.mark.parametrize("counts, threshold, expected", [
    ({"a": 6, "b": 3, "c": 0}, 5, (6, True)),  # 3 is small: in no figure
    ({"a": 5, "b": 9}, 5, (14, False)),
    ({"a": 4, "b": 1}, 5, (0, True)),  # nothing left: shown as "not shown", not 0
    ({"a": 4}, 2, (4, False)),
    ({}, 5, (0, False)),
])
def test_a_pooled_count_leaves_out_small_groups(counts, threshold, expected):
    assert privacy.pooled(counts, threshold) == expected
    assert privacy.counted_groups(counts, threshold) == {g for g, n in counts.items() if n == 0 or n >= threshold}


def test_staffs_counts_are_not_pooled():
    assert privacy.pooled({"a": 6, "b": 3}, 5, protect=False) == (9, False)


def test_any_two_pooled_figures_of_nested_views_differ_by_0_or_at_least_the_threshold():
    """The claim, on every pair of unions of four groups (a district's two quarters, say)."""
    import itertools

    groups = {"q1": 3, "q2": 7, "q3": 5, "q4": 1}
    views = [set(c) for r in range(1, 5) for c in itertools.combinations(groups, r)]
    for big, small in itertools.product(views, views):
        if small < big:
            diff = privacy.pooled({g: groups[g] for g in big}, 5)[0] - privacy.pooled({g: groups[g] for g in small}, 5)[0]
            assert diff == 0 or diff >= 5, (big, small, diff)
