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
