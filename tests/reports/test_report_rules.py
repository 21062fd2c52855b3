"""The report's rules as plain functions, with hand-worked values."""
import json
import xml.etree.ElementTree as ET

import pytest

from app.feedback.period_results import Figure
from app.feedback.rules import wilson_interval
from app.reports import rules
from app.reports.rules import Cell, Chart, Proportion, Series, Table


def test_a_small_count_about_children_is_suppressed_but_not_about_practitioners():
    assert rules.count(4, protected=True).text == "Suppressed (fewer than 5)"
    assert rules.count(4, protected=True).value is None
    assert rules.count(4, protected=True).suppressed
    assert rules.count(5, protected=True).text == "5"
    assert rules.count(0, protected=True).text == "0"  # nobody: nobody to identify
    assert rules.count(4, protected=False).text == "4"


def test_the_threshold_is_configurable():
    assert rules.count(6, protected=True, threshold=10).text == "Suppressed (fewer than 10)"
    assert rules.share_cell(Proportion(5, 9, protected=True), threshold=10).text == "Suppressed (fewer than 10)"


def test_who_counts_as_children_or_families():
    assert rules.is_protected(["children"])
    assert rules.is_protected(["practitioners", "parents_carers"])
    assert rules.is_protected(["young_people"])
    assert not rules.is_protected(["practitioners"])
    assert not rules.is_protected([])


def test_a_share_with_its_wilson_interval():
    # 4 of 6: 66.7% -> 67%; Wilson (0.300, 0.903) -> 30% to 90%.
    p = Proportion(4, 6)
    assert rules.share_cell(p).text == "67%"
    assert rules.share_cell(p).value == 66.7
    assert rules.interval_cell(p).text == "30% to 90%"
    assert rules.n_cell(p).text == "6"
    # 5 of 5: (0.566, 1.0)
    assert rules.interval_cell(Proportion(5, 5)).text == "57% to 100%"


def test_too_few_to_judge_shows_the_count_and_no_share():
    p = Proportion(3, 4)
    assert rules.share_cell(p).text == "3 of 4: too few to judge"
    assert rules.share_cell(p).value is None
    assert rules.interval_cell(p).text == "Not worked out"
    assert p.share() is None


def test_suppressed_share_never_shows_a_number_anywhere():
    p = Proportion(2, 8, respondents=3, protected=True)  # 8 answers from 3 children
    for cell in (rules.share_cell(p), rules.interval_cell(p), rules.n_cell(p)):
        assert cell.suppressed and cell.value is None
        assert cell.text == "Suppressed (fewer than 5)"
    table = Table("t", "T", ["Measure", "Share"], [[rules.text("m"), rules.share_cell(p)]])
    assert table.csv_rows() == [["Measure", "Share"], ["m", "Suppressed (fewer than 5)"]]


def test_no_data():
    assert rules.share_cell(None).text == "No data"
    assert rules.share_cell(Proportion(0, 0)).text == "No data"


def test_percentages_round_halves_up():
    assert rules.percent_text(0.625) == "63%"
    assert rules.percent_text(0.6249) == "62%"
    assert rules.percent_text(1 / 3) == "33%"


def test_share_rag_uses_the_plan_rule():
    # target 60, tolerance 5% of 60 = 3 points: 60+ green, 57-60 amber, below red
    assert rules.share_rag(0.60, 60) == "green"
    assert rules.share_rag(0.58, 60) == "amber"
    assert rules.share_rag(0.56, 60) == "red"
    assert rules.share_rag(None, 60) is None
    assert rules.share_rag(0.5, None) is None


def test_got_worse():
    assert rules.got_worse(55, 58, "increase")
    assert not rules.got_worse(58, 55, "increase")
    assert rules.got_worse(12, 10, "decrease")
    assert not rules.got_worse(10, 10, "increase")
    assert not rules.got_worse(None, 10)
    assert not rules.got_worse(10, 12, "maintain")


# Wilson 95% bounds worked by hand (z = 1.96, z² = 3.8416):
#   5 of 10:  p = 0.5,  1 + z²/n = 1.38416, centre 0.5, margin 1.96 * sqrt(0.025 + 0.009604) / 1.38416 = 0.26341
#             -> 23.66% to 76.34%
#   19 of 20: p = 0.95, 1 + z²/n = 1.19208, centre (0.95 + 0.09604) / 1.19208 = 0.87749,
#             margin 1.96 * sqrt(0.002375 + 0.002401) / 1.19208 = 0.11363 -> 76.39% to 99.11%
#   18 of 20: centre (0.9 + 0.09604) / 1.19208 = 0.83555, margin 1.96 * sqrt(0.0045 + 0.002401) / 1.19208
#             = 0.13659 -> 69.90% to 97.21%
def test_a_share_is_worse_only_when_its_interval_lies_wholly_below_last_periods():
    assert wilson_interval(5, 10) == pytest.approx((0.23659, 0.76341), abs=1e-5)
    assert wilson_interval(19, 20) == pytest.approx((0.76386, 0.99112), abs=1e-5)
    assert wilson_interval(18, 20) == pytest.approx((0.69896, 0.97213), abs=1e-5)
    # 76.34% < 76.39%: the intervals just do not overlap
    assert rules.share_got_worse(Proportion(5, 10), Proportion(19, 20))
    # 76.34% > 69.90%: they overlap, so 50% after 90% is not flagged from samples this small
    assert not rules.share_got_worse(Proportion(5, 10), Proportion(18, 20))
    # the other way round is better, not worse
    assert not rules.share_got_worse(Proportion(19, 20), Proportion(5, 10))
    # a one-point fall is noise, even from a large sample
    assert not rules.share_got_worse(Proportion(72, 100), Proportion(73, 100))
    assert not rules.share_got_worse(Proportion(4, 6), Proportion(5, 5))
    # 62 of 100 (52.2% to 70.9%) after 80 of 100 (71.1% to 86.7%) is worse; 63 of 100 (to 71.8%) is not
    assert rules.share_got_worse(Proportion(62, 100), Proportion(80, 100))
    assert not rules.share_got_worse(Proportion(63, 100), Proportion(80, 100))


def test_touching_intervals_overlap_and_lower_is_needed():
    assert not rules.shares_differ_worse(0.4, (0.3, 0.5), 0.6, (0.5, 0.7))
    assert rules.shares_differ_worse(0.4, (0.3, 0.49), 0.6, (0.5, 0.7))
    assert not rules.shares_differ_worse(0.6, (0.3, 0.49), 0.6, (0.5, 0.7))


def test_no_comparison_when_too_few_or_suppressed():
    # too few last period: 4 answers (0 of 4 vs 20 of 20 would not overlap)
    assert not rules.share_got_worse(Proportion(0, 20), Proportion(4, 4))
    assert not rules.share_got_worse(Proportion(0, 4), Proportion(20, 20))
    # suppressed: about children, from 3 respondents
    assert not rules.share_got_worse(Proportion(0, 20, respondents=3, protected=True), Proportion(20, 20))
    assert not rules.share_got_worse(None, Proportion(20, 20))
    # feedback figures: no share when suppressed or too few
    low, high = wilson_interval(5, 10)
    figure = Figure(5, 10, 10, 0.5, low, high)
    last = Figure(19, 20, 20, 0.95, *wilson_interval(19, 20))
    assert rules.figure_got_worse(figure, last)
    assert not rules.figure_got_worse(figure, Figure(None, None, None, None, None, None, suppressed=True))
    assert not rules.figure_got_worse(figure, Figure(4, 4, 4, None, None, None, too_few=True))
    assert not rules.figure_got_worse(figure, None)


def test_exceptions_red_first_then_worse():
    items = [
        rules.Exception_(1, "KPI C", ["Worse than last period"]),
        rules.Exception_(3, "KPI B", ["Worse than last period"]),
        rules.Exception_(2, "KPI A", ["Red", "Worse than last period"]),
        rules.Exception_(1, "Measure", ["Worse than last period"]),
    ]
    assert [e.what for e in rules.order_exceptions(items)] == ["KPI A", "KPI C", "Measure", "KPI B"]
    assert rules.exception_reasons(rag="amber", worse=False) == []


def test_worse_than_last_period_says_why_where_it_is_shown():
    assert rules.exception_reasons(rag="red", worse=True) == [
        "Red", "Worse than last period: a fall too large to be chance (the 95% intervals do not overlap)"]
    assert rules.exception_reasons(rag="green", worse=True, kpi=True) == [
        "Worse than last period: the figure moved the wrong way"]
    late = rules.Exception_(0, "Moderation: ...", [rules.LATE_REASON])
    red = rules.Exception_(2, "KPI A", ["Red"])
    worse = rules.Exception_(1, "Measure", rules.exception_reasons(rag=None, worse=True))
    assert [e.what for e in rules.order_exceptions([worse, late, red])] == ["KPI A", "Moderation: ...", "Measure"]


def test_final_answers_apply_the_moderators_grades():
    answers = {"direct-work": "good", "plan-contingency": "yes"}
    assert rules.final_answers(answers, {"direct-work": "inadequate"}) == {"direct-work": "inadequate", "plan-contingency": "yes"}
    assert rules.final_answers(answers, {}) == answers
    assert answers["direct-work"] == "good"  # the audit's own answers are untouched


def test_trend_series_leaves_gaps_where_not_shown():
    s = rules.trend_series("Audit 2.1", {"H1": Proportion(3, 6), "H2": Proportion(2, 3), "H3": None,
                                         "H4": Proportion(1, 9, 3, True)}, ["H1", "H2", "H3", "H4"])
    assert s.values == [50.0, None, None, None]


def test_chart_svg_is_accessible_and_greyscale():
    chart = Chart("c1", "Recommendation 2 over time", ["H2 2025-26", "H1 2026-27"],
                  [Series("Audit 2.1", [100.0, 66.7]), Series("Audit 2.2", [None, 50.0])], 60.0, "t1")
    svg = rules.chart_svg(chart)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{ns}title").text == "Recommendation 2 over time"
    assert root.find(f"{ns}desc").text == (
        "Audit 2.1: H2 2025-26: 100%, H1 2026-27: 67%. Audit 2.2: H2 2025-26: not shown, H1 2026-27: 50%. Target 60%.")
    colours = {el.get(a) for el in root.iter() for a in ("fill", "stroke") if el.get(a)}
    assert colours <= {"#0b0c0c", "#505a5f", "#b1b4b6", "#ffffff"}  # no colour carries meaning
    assert "stroke-dasharray" in svg  # series and the target differ by dash, not colour
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert "Audit 2.1" in labels and "Audit 2.2" in labels and "Target 60%" in labels


def test_tables_and_charts_survive_json_both_ways():
    table = Table("t", "T", ["A", "B"], [[rules.text("x"), Cell(None, "Suppressed (fewer than 5)", True)],
                                         [rules.text("y"), rules.rag_cell("red")]], "note")
    assert Table.from_dict(json.loads(json.dumps(table.to_dict()))) == table
    chart = Chart("c", "C", ["H1"], [Series("a", [None])], None, "t")
    assert Chart.from_dict(json.loads(json.dumps(chart.to_dict()))) == chart


def test_alerts_are_counted_from_districts_quarters_of_at_least_the_threshold():
    """Carlisle's Q2: 6 alerts (4 acknowledged, 2 passed on); Eden's Q2: 2 alerts; Carlisle's Q3: 5.
    Eden's 2 are in no count; the 2 passed on are a small group of their own."""
    from datetime import datetime
    from types import SimpleNamespace as A

    from app.reports.feedback_results import alert_counts

    def alert(district, month, acknowledged, passed_on):
        at = datetime(2026, month, 3, 10)
        return A(district_id=district, raised_at=at, acknowledged_at=at.replace(hour=12) if acknowledged else None,
                 escalation_level=int(passed_on))

    alerts = [alert(1, 7, i < 4, 4 <= i) for i in range(6)] + [alert(2, 7, True, False)] * 2
    alerts += [alert(1, 10, True, False)] * 5
    raised, acknowledged, passed_on, left_out = alert_counts(alerts, 5)
    assert (len(raised), acknowledged, passed_on, left_out) == (11, (5, True), (0, True), True)
