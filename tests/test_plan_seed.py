"""The improvement plan loads from its data file as printed, and loading again loses nothing."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.core.datafile import DataFileError
from app.core.db import db
from app.plan.models import ImpactMeasure, Kpi, KpiValue, PlanAction, Recommendation, RecommendationKpi
from app.plan.seed import PLAN_FILE, PlanFileError, load_plan


def counts():
    def n(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return {
        "recommendations": n(Recommendation),
        "actions": n(PlanAction),
        "audit": n(ImpactMeasure, ImpactMeasure.kind == "audit"),
        "feedback": n(ImpactMeasure, ImpactMeasure.kind == "feedback"),
        "kpis": n(Kpi),
        "kpi_links": n(RecommendationKpi),
    }


EXPECTED = {"recommendations": 10, "actions": 72, "audit": 20, "feedback": 19, "kpis": 44, "kpi_links": 46}


def kpi(key):
    return db.session.scalar(select(Kpi).where(Kpi.seed_key == key))


def test_seed_twice_gives_the_plan_once(places):
    first = load_plan()
    assert counts() == EXPECTED
    assert first["added"] > 0
    second = load_plan()
    assert counts() == EXPECTED
    assert second == {"added": 0, "updated": 0, "kept": 0}


def test_measures_per_recommendation_as_printed(plan):
    by_number = {r.number: r for r in db.session.scalars(select(Recommendation))}
    assert [len(by_number[n].audit_measures) for n in range(1, 11)] == [3, 3, 2, 3, 2, 1, 1, 2, 1, 2]
    assert [len(by_number[n].feedback_measures) for n in range(1, 11)] == [3, 1, 1, 5, 1, 2, 1, 2, 1, 2]
    assert [len(by_number[n].kpi_links) for n in range(1, 11)] == [5, 5, 0, 2, 1, 11, 2, 7, 5, 8]


def test_shared_kpis_are_one_kpi_linked_twice(plan):
    for key in ("cs2-5", "cs2-7"):
        assert [r.number for r in kpi(key).recommendations] == [2, 10]
    # Codes are not identities: "EH2.0" is printed for two different KPIs.
    eh = db.session.scalars(select(Kpi).where(Kpi.code == "EH2.0")).all()
    assert sorted(k.description for k in eh) == ["EHAs over 2 years", "Number of active Early Help plans"]


def test_kpi_figures_as_printed(plan):
    repeat_cp = kpi("cs2-5")
    assert (repeat_cp.code, repeat_cp.direction, repeat_cp.baseline_text, repeat_cp.baseline_value) == ("CS2.5", "decrease", "11.3%", 11.3)
    assert (repeat_cp.baseline_rag, repeat_cp.target_text, repeat_cp.target_value) == ("red", "10%", 10)
    assert repeat_cp.baseline_date == date(2018, 3, 31) and repeat_cp.target_date == date(2019, 3, 31)

    cp_over_2y = kpi("cs2-7")
    assert (cp_over_2y.direction, cp_over_2y.baseline_text, cp_over_2y.baseline_rag, cp_over_2y.target_value) == ("maintain", "2.3%", "green", 2.3)

    good_audits = db.session.scalar(select(Kpi).where(Kpi.description.like("Percentage of audits judged as good or outstanding")))
    assert (good_audits.baseline_value, good_audits.target_value, good_audits.target_date) == (43, 60, date(2018, 9, 30))


@pytest.mark.parametrize(
    "description, target_text",
    [
        ("Number of approved foster carers", "180 by April 2019"),
        ("Number of approvals", "2 per month"),
        ("Number of active Early Help plans", "Increase"),
    ],
)
def test_text_targets_are_kept_as_printed(plan, description, target_text):
    row = db.session.scalar(select(Kpi).where(Kpi.description == description))
    assert row.target_text == target_text


def test_words_only_targets_have_no_number(plan):
    approvals = db.session.scalar(select(Kpi).where(Kpi.description == "Number of approvals"))
    assert approvals.target_value is None and not approvals.target_is_numeric


def test_feedback_measures_name_who_is_asked(plan):
    feedback = db.session.scalars(select(ImpactMeasure).where(ImpactMeasure.kind == "feedback")).all()
    assert all(m.respondent_groups for m in feedback)
    practitioners = [m for m in feedback if "practitioners" in m.respondent_groups]
    assert len(practitioners) == 3
    assert all(m.frequency == "annual" and m.has_baseline for m in practitioners)


def test_a_locally_edited_row_is_kept_and_others_follow_the_file(plan):
    rec = db.session.scalar(select(Recommendation).where(Recommendation.number == 2))
    rec.short_title = "Our own words"
    rec.locally_edited = True
    other = db.session.scalar(select(Recommendation).where(Recommendation.number == 3))
    original = other.short_title
    other.short_title = "Changed but not marked as edited"
    db.session.commit()

    result = load_plan()

    assert result["kept"] == 1 and result["updated"] == 1
    assert db.session.get(Recommendation, rec.id).short_title == "Our own words"
    assert db.session.get(Recommendation, other.id).short_title == original


def test_rows_added_in_the_browser_and_kpi_figures_survive_a_reload(plan):
    rec = db.session.scalar(select(Recommendation).where(Recommendation.number == 1))
    db.session.add(ImpactMeasure(recommendation=rec, kind="audit", text="Our extra measure", frequency="quarterly"))
    db.session.add(KpiValue(kpi=kpi("cs2-5"), period_start=date(2026, 4, 1), period_end=date(2026, 6, 30), value=10.2))
    db.session.commit()

    load_plan()

    assert db.session.scalar(select(func.count()).select_from(ImpactMeasure).where(ImpactMeasure.text == "Our extra measure")) == 1
    assert [v.value for v in kpi("cs2-5").values] == [10.2]


def _broken_copy(tmp_path, old, new):
    text = PLAN_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "improvement_plan.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_bad_date_names_the_place_and_saves_nothing(places, tmp_path):
    path = _broken_copy(tmp_path, "due: 2018-08-31", "due: 31 August 2018")
    with pytest.raises(DataFileError) as error:
        load_plan(path)
    assert "improvement_plan.yaml: recommendations[0].actions[0].due: '31 August 2018' is not a date" in str(error.value)
    assert counts()["recommendations"] == 0


def test_an_unknown_direction_is_refused(places, tmp_path):
    path = _broken_copy(tmp_path, "direction: decrease", "direction: down")
    with pytest.raises(DataFileError, match=r"kpis\[0\]\.direction: 'down' is not one of increase, decrease, maintain"):
        load_plan(path)


def test_a_reference_to_a_missing_kpi_is_refused(places, tmp_path):
    path = _broken_copy(tmp_path, ', "cs2-5", "cs2-7"]', ', "cs2-55", "cs2-7"]')
    with pytest.raises(PlanFileError, match=r"recommendations\[\d\]\.kpis\[\d+\]: no KPI has the key 'cs2-55'"):
        load_plan(path)
    assert counts()["kpis"] == 0


def test_invalid_yaml_gives_the_line(places, tmp_path):
    path = tmp_path / "improvement_plan.yaml"
    path.write_text("plan:\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"improvement_plan.yaml: line \d+, column \d+: not valid YAML"):
        load_plan(path)


def test_the_headline_kpi_is_worked_out_from_audits_and_no_measure_gets_an_invented_target(places):
    load_plan()
    headline = kpi("new-audits-good-outstanding")
    assert headline.figure_source == "audits" and headline.from_audits
    assert (headline.target_value, headline.baseline_value, headline.direction) == (60, 43, "increase")
    assert [k.seed_key for k in db.session.scalars(select(Kpi).where(Kpi.figure_source == "audits"))] == [
        "new-audits-good-outstanding"]
    # The printed plan gives no target for any audit or feedback measure: the seed sets none.
    assert db.session.scalar(select(func.count()).select_from(ImpactMeasure)
                             .where(ImpactMeasure.target_percent.is_not(None))) == 0
