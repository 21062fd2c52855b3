"""The 95% interval of a feedback measure at respondent level (rules.clustered_interval),
and who a measure counts (rules.named_group, rules.counts_towards), on numbers worked by hand."""
import pytest

from app.feedback import rules


def sums(people):
    """(positive, answers, respondents, sum y^2, sum y m, sum m^2) of (y, m) per person."""
    return (sum(y for y, _ in people), sum(m for _, m in people), len(people), sum(y * y for y, _ in people),
            sum(y * m for y, m in people), sum(m * m for _, m in people))


def test_one_answer_each_is_wilsons_interval():
    people = [(1, 1)] * 8 + [(0, 1)] * 2
    assert rules.clustered_interval(*sums(people)) == pytest.approx(rules.wilson_interval(8, 10))


def test_people_who_answer_alike_count_once_each():
    # 4 people each answer 3 statements: all positive or all not. Answers alike within a
    # person: deff = 3, the effective number is the 4 people, as Wilson's for 2 of 4.
    people = [(3, 3), (3, 3), (0, 3), (0, 3)]
    assert rules.clustered_interval(*sums(people)) == pytest.approx(rules.wilson_interval(2, 4))


def test_the_design_effect_worked_by_hand():
    # 6 parents: (2 of 2) x3, (1 of 1) x2, (0 of 1). p = 8/9; sum (y - p m)^2 = 78/81;
    # v = 6/5 * 78/81 / 81; deff = v / (p(1-p)/9) = 1.3; n_eff = 9 / 1.3.
    people = [(2, 2)] * 3 + [(1, 1)] * 2 + [(0, 1)]
    low, high = rules.clustered_interval(*sums(people))
    assert (low, high) == pytest.approx(rules.wilson_share_interval(8 / 9, 9 / 1.3))
    assert (round(low, 3), round(high, 3)) == (0.517, 0.984)
    # wider than the answers taken as independent, narrower than one answer per person
    assert low < rules.wilson_interval(8, 9)[0]


def test_all_positive_counts_the_people_not_the_answers():
    assert rules.clustered_interval(*sums([(2, 2)] * 5)) == pytest.approx(rules.wilson_interval(5, 5))
    assert rules.clustered_interval(0, 0, 0, 0, 0, 0) is None


@pytest.mark.parametrize("words, group", [
    ("Children who are in care will say they feel safe and that they are being well looked after", rules.CHILDREN_IN_CARE),
    ("Children Looked After will say they have experienced good work experience", rules.CHILDREN_IN_CARE),
    ("Social workers will say that they receive appropriate feedback on their performance", rules.SOCIAL_WORKERS),
    ("Practitioners will say they are confident in identifying CSE", None),
    ("Children say they feel listened to by professionals", None),
])
def test_the_group_a_measure_names(words, group):
    assert rules.named_group(words) == group


def test_a_measure_counts_only_the_people_it_names():
    in_care, social_workers = rules.CHILDREN_IN_CARE, rules.SOCIAL_WORKERS
    both = ["children", "young_people"]
    assert rules.counts_towards(in_care, both, "young_people", "care_experienced_young_people", "cla")
    assert not rules.counts_towards(in_care, both, "young_people", "care_experienced_young_people", "care_leavers")
    assert rules.counts_towards(in_care, both, "children", "children_in_care", None)  # given only to children in care
    assert not rules.counts_towards(in_care, both, "parents_carers", "children_in_care", "cla")  # not an audience it names
    assert rules.counts_towards(social_workers, ["practitioners"], "practitioners", "practitioner_survey", "safeguarding")
    assert not rules.counts_towards(social_workers, ["practitioners"], "practitioners", "practitioner_survey", None)
    assert not rules.counts_towards(social_workers, ["practitioners"], "practitioners", "practitioner_survey", "early_help")
    assert rules.counts_towards(None, [], "parents_carers", "parents_send", None)
