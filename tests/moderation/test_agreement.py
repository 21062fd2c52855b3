"""Agreement between auditors' and moderators' grades: rate, changes, and Cohen's kappa.

Every kappa value below is worked by hand in the comments and, where marked, checked again
in the test by plain arithmetic on the confusion matrix, written out independently of the
code under test.
"""
from fractions import Fraction

import pytest

from app.moderation.rules import (
    CATEGORIES,
    LINEAR,
    QUADRATIC,
    agreement_rate,
    cohen_kappa,
    grade_changes,
)

I, RI, G, O = CATEGORIES  # inadequate, requires_improvement, good, outstanding


def pairs_from(matrix):
    """(auditor, moderator) pairs for a 4x4 count matrix: rows auditor, columns moderator."""
    return [(CATEGORIES[i], CATEGORIES[j]) for i in range(4) for j in range(4) for _ in range(matrix[i][j])]


def kappa_by_hand(matrix, weight):
    """Independent arithmetic: po = sum w·p_ij, pe = sum w·p_i.·p_.j, kappa = (po − pe)/(1 − pe)."""
    n = sum(sum(row) for row in matrix)
    k = len(matrix)
    row = [sum(matrix[i]) for i in range(k)]
    col = [sum(matrix[i][j] for i in range(k)) for j in range(k)]
    po = Fraction(0)
    pe = Fraction(0)
    for i in range(k):
        for j in range(k):
            po += weight(i, j) * Fraction(matrix[i][j], n)
            pe += weight(i, j) * Fraction(row[i], n) * Fraction(col[j], n)
    return po, pe, (po - pe) / (1 - pe)


def UNWEIGHTED(i, j):
    return 1 if i == j else 0


def LINEAR_W(i, j):
    return 1 - Fraction(abs(i - j), 3)


def QUADRATIC_W(i, j):
    return 1 - Fraction((i - j) ** 2, 9)


# --- agreement rate and changes -----------------------------------------------------------------


def test_agreement_rate_and_changes():
    pairs = (
        [(G, G)] * 28
        + [(G, RI)] * 8  # lowered by one
        + [(O, G)] * 2  # lowered by one
        + [(O, RI)] * 1  # lowered by two
        + [(G, I)] * 1  # lowered by two
        + [(RI, G)] * 2  # raised by one
    )
    assert agreement_rate(pairs) == pytest.approx(28 / 42)
    changes = grade_changes(pairs)
    assert changes.n == 42
    assert (changes.agreed, changes.lowered, changes.raised) == (28, 12, 2)
    assert changes.by_difference == {-3: 0, -2: 2, -1: 10, 0: 28, 1: 2, 2: 0, 3: 0}
    # mean moderator − auditor: (−2·2 − 1·10 + 1·2) / 42 = −12/42
    assert changes.mean_difference == pytest.approx(-12 / 42)
    assert changes.summary() == (
        "Of 42 grades moderators agreed 28 (67%), lowered 12 (29%; 2 by two grades or more) and raised 2 (5%)."
    )


def test_labels_legacy_words_and_ungraded_pairs():
    pairs = [("Good", "good"), ("Adequate", "requires improvement"), ("Outstanding", None),
             (None, "good"), ("not_applicable", "good"), ("inadequate", "Outstanding")]
    changes = grade_changes(pairs)
    assert changes.n == 3  # the ungraded and not applicable pairs are left out
    assert changes.by_difference[3] == 1
    assert agreement_rate(pairs) == pytest.approx(2 / 3)


def test_no_pairs():
    assert agreement_rate([]) is None
    changes = grade_changes([])
    assert changes.n == 0 and changes.mean_difference is None and changes.agreement_rate is None
    assert changes.summary() == "No grades were moderated."


def test_a_word_that_is_not_a_grade_is_refused():
    with pytest.raises(ValueError):
        grade_changes([("good", "excellent")])


# --- kappa: textbook examples ------------------------------------------------------------------


def test_standard_two_by_two_example():
    # The usual textbook example of Cohen's (1960) kappa: 50 items, two raters, yes/no.
    #              B yes  B no
    #   A yes        20     5     (A: 25 yes)
    #   A no         10    15     (B: 30 yes)
    # po = 35/50 = 0.70; pe = (25·30 + 25·20)/50² = 0.5; kappa = 0.2/0.5 = 0.4.
    # Adapted to the grades: yes = Good, no = Requires improvement (the unused categories
    # do not change unweighted kappa).
    pairs = [(G, G)] * 20 + [(G, RI)] * 5 + [(RI, G)] * 10 + [(RI, RI)] * 15
    result = cohen_kappa(pairs)
    assert result.observed == pytest.approx(0.70)
    assert result.expected == pytest.approx(0.50)
    assert result.kappa == pytest.approx(0.40)
    assert result.exact == (Fraction(7, 10), Fraction(1, 2))
    assert result.n == 50 and not result.too_few and result.warning is None


SMALL = [  # rows auditor, columns moderator: I, RI, G, O
    [2, 0, 0, 0],
    [1, 3, 1, 0],
    [0, 3, 5, 1],
    [0, 0, 2, 2],
]


def test_four_by_four_worked_by_hand():
    # n = 20; rows (auditor) 2, 5, 9, 4; columns (moderator) 3, 6, 8, 3.
    # Products row·col (÷400):            distance 0: 6+30+72+12 = 120
    #    6  12  16   6                    distance 1: 12+15+40+54+27+32 = 180
    #   15  30  40  15                    distance 2: 16+27+15+24 = 82
    #   27  54  72  27                    distance 3: 6+12 = 18        (total 400)
    #   12  24  32  12
    # Observed: 12 on the diagonal, 8 one grade apart (1+1+3+1+2), none further.
    #
    # Unweighted: po = 12/20 = 3/5; pe = 120/400 = 3/10; kappa = (3/10)/(7/10) = 3/7 = 0.428571
    # Linear (1, 2/3, 1/3, 0): po = (12 + 8·2/3)/20 = 13/15;
    #   pe = (120 + 180·2/3 + 82·1/3)/400 = 401/600; kappa = (520−401)/(600−401) = 119/199 = 0.597990
    # Quadratic (1, 8/9, 5/9, 0): po = (12 + 8·8/9)/20 = 43/45;
    #   pe = (120 + 180·8/9 + 82·5/9)/400 = 293/360; kappa = (344−293)/(360−293) = 51/67 = 0.761194
    pairs = pairs_from(SMALL)
    expected = {
        None: (Fraction(3, 5), Fraction(3, 10), Fraction(3, 7), UNWEIGHTED),
        LINEAR: (Fraction(13, 15), Fraction(401, 600), Fraction(119, 199), LINEAR_W),
        QUADRATIC: (Fraction(43, 45), Fraction(293, 360), Fraction(51, 67), QUADRATIC_W),
    }
    for weights, (po, pe, kappa, weight) in expected.items():
        result = cohen_kappa(pairs, weights=weights)
        assert kappa_by_hand(SMALL, weight) == (po, pe, kappa)  # the hand working, re-done
        assert result.exact == (po, pe)
        assert result.kappa == pytest.approx(float(kappa), abs=1e-12)
        assert result.observed == pytest.approx(float(po))
        assert result.expected == pytest.approx(float(pe))
        assert result.matrix == tuple(map(tuple, SMALL))
        assert result.n == 20 and result.weights == weights
    assert cohen_kappa(pairs).strength == "moderate"
    assert cohen_kappa(pairs, weights=QUADRATIC).strength == "substantial"


# Agresti's husbands' and wives' ratings (R vcd's SexualFun data set), a 4x4 ordinal table:
# rows husband, columns wife: never fun, fairly often, very often, always fun.
SEXUAL_FUN = [
    [7, 7, 2, 3],
    [2, 8, 3, 7],
    [1, 5, 4, 9],
    [2, 8, 9, 14],
]


def test_published_four_by_four_example():
    # vcd's documentation prints Kappa(SexualFun): Unweighted 0.1293, Weighted 0.2374 (its
    # default "Equal-Spacing" weights, i.e. linear). n = 91; rows 19, 20, 19, 33; columns
    # 12, 28, 18, 33.
    # Unweighted: po = (7+8+4+14)/91 = 33/91; pe = (19·12 + 20·28 + 19·18 + 33·33)/91²
    #   = (228 + 560 + 342 + 1089)/8281 = 2219/8281 = 317/1183; kappa = 0.129330
    # Linear: po = 187/273, pe = 2083/3549, kappa = 0.237381.
    # Quadratic ("Fleiss-Cohen"): po = 667/819, pe = 53821/74529, kappa = 0.332046.
    pairs = pairs_from(SEXUAL_FUN)
    assert kappa_by_hand(SEXUAL_FUN, UNWEIGHTED)[:2] == (Fraction(33, 91), Fraction(317, 1183))
    assert Fraction(2219, 8281) == Fraction(317, 1183)
    unweighted = cohen_kappa(pairs)
    linear = cohen_kappa(pairs, weights=LINEAR)
    quadratic = cohen_kappa(pairs, weights=QUADRATIC)
    assert round(unweighted.kappa, 4) == 0.1293
    assert round(linear.kappa, 4) == 0.2374
    assert linear.exact == (Fraction(187, 273), Fraction(2083, 3549))
    assert quadratic.exact == (Fraction(667, 819), Fraction(53821, 74529))
    for result, weight in ((unweighted, UNWEIGHTED), (linear, LINEAR_W), (quadratic, QUADRATIC_W)):
        assert result.kappa == pytest.approx(float(kappa_by_hand(SEXUAL_FUN, weight)[2]), abs=1e-12)
    assert quadratic.kappa == pytest.approx(0.332046, abs=1e-6)


# --- kappa: behaviour ------------------------------------------------------------------------------


def test_perfect_agreement_is_one():
    pairs = [(I, I)] * 5 + [(RI, RI)] * 10 + [(G, G)] * 12 + [(O, O)] * 3
    for weights in (None, LINEAR, QUADRATIC):
        result = cohen_kappa(pairs, weights=weights)
        assert result.kappa == 1.0
        assert result.observed == 1.0
        assert result.strength == "almost perfect"


def test_systematic_one_grade_generosity():
    # Auditors always one grade above the moderator, 10 each: (RI→I), (G→RI), (O→G).
    # Auditor margins RI, G, O = 1/3 each; moderator margins I, RI, G = 1/3 each.
    # Unweighted: po = 0; pe = 1/9 (RI) + 1/9 (G) = 2/9; kappa = −(2/9)/(7/9) = −2/7 = −0.285714
    # Linear: po = 2/3; pe = (1/9)·(sum of weights over the 3x3 block) = (1/9)·(16/3) = 16/27;
    #   kappa = (18/27 − 16/27)/(11/27) = 2/11 = 0.181818
    # Quadratic: po = 8/9; pe = (1/9)·(60/9) = 20/27; kappa = (24/27 − 20/27)/(7/27) = 4/7 = 0.571429
    pairs = [(RI, I)] * 10 + [(G, RI)] * 10 + [(O, G)] * 10
    assert cohen_kappa(pairs).kappa == pytest.approx(-2 / 7)
    assert cohen_kappa(pairs, weights=LINEAR).kappa == pytest.approx(2 / 11)
    assert cohen_kappa(pairs, weights=QUADRATIC).kappa == pytest.approx(4 / 7)
    assert cohen_kappa(pairs).strength == "poor"
    assert grade_changes(pairs).by_difference[-1] == 30


def test_near_misses_order_unweighted_linear_quadratic():
    # Disagreements only one grade apart: the weights give partial credit, quadratic most.
    for matrix in (SMALL, SEXUAL_FUN):
        pairs = pairs_from(matrix)
        u, lin, q = (cohen_kappa(pairs, weights=w).kappa for w in (None, LINEAR, QUADRATIC))
        assert u < lin < q


def test_far_misses_are_punished_more_by_quadratic_weights():
    # Half agree on Good; the rest are three grades apart (I vs O): quadratic gives no credit
    # for them and weighs them most heavily, so the order reverses.
    pairs = [(G, G)] * 10 + [(I, O)] * 5 + [(O, I)] * 5
    u, lin, q = (cohen_kappa(pairs, weights=w).kappa for w in (None, LINEAR, QUADRATIC))
    assert q < lin < u


def test_everyone_always_good_has_no_kappa():
    result = cohen_kappa([(G, G)] * 40)
    assert result.kappa is None
    assert result.expected == 1.0 and result.observed == 1.0
    assert result.explanation == (
        "Kappa cannot be worked out: auditors and moderators graded all 40 Good, so chance "
        "alone would give 100% agreement. Agreement was 100%."
    )
    assert result.strength is None
    for weights in (LINEAR, QUADRATIC):
        assert cohen_kappa([(G, G)] * 40, weights=weights).kappa is None


def test_one_rater_constant_is_not_degenerate():
    # The auditor always says Good, the moderator varies: pe = p(moderator Good) < 1, kappa = 0.
    pairs = [(G, G)] * 20 + [(G, RI)] * 10
    result = cohen_kappa(pairs)
    assert result.kappa == pytest.approx(0.0)
    assert result.explanation is None


def test_no_pairs_has_no_kappa():
    result = cohen_kappa([])
    assert result.kappa is None and result.n == 0
    assert result.explanation == "No pairs of grades to compare."
    assert result.warning == "Based on 0 pairs: too few to rely on"


def test_too_few_at_29_but_not_30():
    base = pairs_from(SMALL) + [(G, G)] * 9  # 29 pairs
    assert len(base) == 29
    few = cohen_kappa(base)
    assert few.too_few and few.warning == "Based on 29 pairs: too few to rely on"
    enough = cohen_kappa(base + [(O, O)])
    assert not enough.too_few and enough.warning is None
    assert few.kappa is not None  # still worked out, just flagged


def test_threshold_is_a_parameter():
    pairs = pairs_from(SMALL)[:12]
    assert cohen_kappa(pairs).warning == "Based on 12 pairs: too few to rely on"
    assert not cohen_kappa(pairs, min_pairs=12).too_few
    assert cohen_kappa([(G, G)], min_pairs=5).warning == "Based on 1 pair: too few to rely on"


def test_unknown_weights_are_refused():
    with pytest.raises(ValueError, match="Unknown kappa weights"):
        cohen_kappa([(G, G)], weights="cubic")
