"""Reading the improvement plan, and an administrator editing it."""

import pytest
from bs4 import BeautifulSoup
from conftest import error_messages, page
from sqlalchemy import func, select

from app.core.db import db
from app.plan.models import (
    ImpactMeasure,
    Kpi,
    PlanAction,
    Recommendation,
    RecommendationKpi,
)


@pytest.fixture
def reader(client, make_user, plan):
    client.sign_in(make_user("qa_viewer"))
    return client


@pytest.fixture
def admin(client, make_user, plan):
    client.sign_in(make_user("admin"))
    return client


def rec(number: int) -> Recommendation:
    db.session.expire_all()
    return db.session.scalar(select(Recommendation).where(Recommendation.number == number))


def kpi(code: str) -> Kpi:
    db.session.expire_all()
    return db.session.scalar(select(Kpi).where(Kpi.code == code))


def counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Recommendation, PlanAction, ImpactMeasure, Kpi, RecommendationKpi)
    )


def table_rows(soup_or_response, selector="table") -> list[list[str]]:
    soup = soup_or_response if isinstance(soup_or_response, BeautifulSoup) else page(soup_or_response)
    table = soup.select_one(selector)
    return [[c.get_text(" ", strip=True) for c in row.select("td, th")] for row in table.select("tbody tr")]


def current_form(response) -> dict:
    """What the form on the page would send if the person pressed Save without changing anything."""
    form = page(response).select_one("main form:not(.app-sign-out)")
    data: dict = {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or name == "csrf_token":
            continue
        if field.name == "textarea":
            add(name, field.get_text().removeprefix("\r\n").removeprefix("\n"))
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            add(name, chosen.get("value", ""))
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                add(name, field["value"])
        else:
            add(name, field.get("value", ""))
    return {k: v if len(v) > 1 or k in ("roles", "respondent_groups") else v[0] for k, v in data.items()}


# --- Reading --------------------------------------------------------------------------------------


def test_plan_index_lists_the_ten_recommendations(reader):
    response = reader.get("/plan")
    assert response.status_code == 200
    assert page(response).h1.get_text(strip=True) == "Improvement plan"
    rows = table_rows(response)
    assert len(rows) == 10
    assert [row[0].split(".")[0] for row in rows] == [str(n) for n in range(1, 11)]
    # Recommendation 2: actions, overdue, audit measures, feedback measures, KPIs.
    assert rows[1][0].startswith("2. Updated assessments and contingency plans Make sure that social workers")
    assert rows[1][1:] == ["1", "1", "3", "1", "5"]
    links = [a["href"] for a in page(response).select("tbody a")]
    assert links == [f"/plan/recommendations/{n}" for n in range(1, 11)]


def test_the_plan_page_explains_when_the_plan_is_not_loaded(client, make_user):
    client.sign_in(make_user())
    response = client.get("/plan")
    assert response.status_code == 200
    assert table_rows(response) == []
    assert "The plan has not been loaded." in page(response).get_text()


def test_recommendation_page_shows_actions_measures_and_kpis(reader):
    response = reader.get("/plan/recommendations/2")
    assert response.status_code == 200
    soup = page(response)
    assert soup.select_one(".govuk-caption-l").get_text(strip=True) == "Recommendation 2"
    assert soup.h1.get_text(strip=True) == "Updated assessments and contingency plans"

    [action] = table_rows(soup, "table")
    assert action[0] == "1"
    assert action[1].startswith("Review the use of C&F Assessment T&F group to be re-established")
    assert action[2:] == ["Lead Senior Manager (SoS)", "31 May 2018", "DMT Programme Board", "Overdue"]

    measures = [li.get_text(" ", strip=True) for li in soup.select("#measures ~ ul li")]
    assert "Audit 2.1 Dip sampling of audits show that plans contain evidence of contingency planning (Six-monthly; no target set)" in measures
    assert (
        "Feedback 2.1 Following re-assessment CYP and families will say they understand the plan and it is relevant to their needs "
        "(Six-monthly; asked of: Children (about 8 to 12), Young people (13 and over), Parents and carers; no target set)"
    ) in measures
    assert len(measures) == 4
    # The plan's numbering, as the reports label measures: by recommendation, then place within its kind.
    assert [m.split(" ", 2)[:2] for m in measures] == [["Audit", "2.1"], ["Audit", "2.2"], ["Audit", "2.3"], ["Feedback", "2.1"]]

    kpis = table_rows(soup, "#kpis table")
    assert [row[0] for row in kpis] == ["NEW", "NEW", "CS1.0a", "CS2.5", "CS2.7"]
    cs25 = next(row for row in kpis if row[0] == "CS2.5")
    assert cs25 == ["CS2.5", "Children subject of repeat CP plan within 2 years", "Decrease", "11.3%", "Red", "10%", "No figures yet"]
    # A reader is not offered the editing links.
    assert "Edit recommendation" not in soup.get_text()
    assert "Link or unlink KPIs" not in soup.get_text()


def test_a_recommendation_that_does_not_exist_is_not_found(reader):
    response = reader.get("/plan/recommendations/11")
    assert response.status_code == 404
    assert page(response).h1.get_text(strip=True) == "Page not found"
    assert reader.get("/plan/kpis/99999").status_code == 404


def test_kpi_page_lists_every_recommendation_it_serves(reader):
    cs25 = kpi("CS2.5")
    response = reader.get(f"/plan/kpis/{cs25.id}")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Children subject of repeat CP plan within 2 years"
    summary = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }
    assert summary["Recommendations"] == "2, 10"
    assert summary["Baseline"] == "11.3% at 31 March 2018"
    assert summary["Target"] == "10% by 31 March 2019"
    assert summary["Import key"] == "cs2-5"
    assert "No figures have been entered yet." in soup.get_text()


def test_kpi_list_shows_all_kpis(reader):
    response = reader.get("/plan/kpis")
    rows = table_rows(response)
    assert len(rows) == 44
    assert ["CS2.5", "Children subject of repeat CP plan within 2 years", "Decrease", "11.3%", "Red", "10%", "No figures yet"] in rows


# --- Editing ------------------------------------------------------------------------------------------


def test_admin_edits_a_recommendations_short_title(admin):
    form = admin.get("/plan/recommendations/2/edit")
    assert form.status_code == 200
    assert "Once you save a change here, loading the plan again will keep your version." in page(form).get_text()
    data = current_form(form)
    assert data["short_title"] == "Updated assessments and contingency plans"
    data["short_title"] = "Assessments kept up to date"

    response = admin.submit("/plan/recommendations/2/edit", data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/plan/recommendations/2"
    shown = admin.get("/plan/recommendations/2")
    assert page(shown).h1.get_text(strip=True) == "Assessments kept up to date"
    assert "Recommendation saved." in page(shown).get_text()
    saved = rec(2)
    assert saved.short_title == "Assessments kept up to date"
    assert saved.title.startswith("Make sure that social workers")
    assert saved.locally_edited


def test_a_recommendation_needs_a_short_title(admin):
    data = current_form(admin.get("/plan/recommendations/2/edit"))
    data["short_title"] = "  "
    response = admin.submit("/plan/recommendations/2/edit", data)
    assert response.status_code == 200
    assert error_messages(response) == ["Enter a short title"]
    assert rec(2).short_title == "Updated assessments and contingency plans"
    assert not rec(2).locally_edited


def test_admin_marks_an_action_complete(admin):
    action = rec(2).actions[0]
    form = admin.get(f"/plan/actions/{action.id}/edit")
    assert page(form).h1.get_text(strip=True) == "Edit action 1"
    data = current_form(form)
    assert data["due_date"] == ["31", "05", "2018"]
    assert data["status"] == "in_progress"
    data["status"] = "complete"
    assert action.progress_changed_at is None  # as loaded from the plan

    response = admin.submit(f"/plan/actions/{action.id}/edit", data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/plan/recommendations/2#actions"
    shown = admin.get("/plan/recommendations/2")
    assert "Action 1 saved." in page(shown).get_text()
    [row] = table_rows(shown)
    assert row[-1] == "Complete"
    assert table_rows(admin.get("/plan"))[1][1:3] == ["1", "0"]  # no longer overdue

    db.session.expire_all()
    saved = db.session.get(PlanAction, action.id)
    assert saved.status == "complete"
    assert saved.locally_edited
    assert saved.text.startswith("T&F group to be re-established")  # the rest is unchanged
    assert saved.achieved.startswith("The task and finish group is established")

    # Its progress changed today: this half-year's report lists it in the body, though it was due in 2018.
    from app.core.clock import local_day, uk_today
    from app.core.periods import Period
    from app.reports.services import build_report

    assert local_day(saved.progress_changed_at) == uk_today()
    report = build_report(Period.containing(uk_today(), "half"))
    changed = report.table("rec-2-changed")
    assert changed is not None and [c.text for c in changed.rows[0]][:1] == ["1"]
    assert report.table("rec-2-actions") is None or all(r[0].text != "1" for r in report.table("rec-2-actions").rows)
    # Saving it again with its progress unchanged does not move the date.
    before = saved.progress_changed_at
    assert admin.submit(f"/plan/actions/{action.id}/edit", current_form(admin.get(f"/plan/actions/{action.id}/edit"))
                        ).status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanAction, action.id).progress_changed_at == before


def test_an_action_needs_a_due_date_or_words(admin):
    action = rec(2).actions[0]
    data = current_form(admin.get(f"/plan/actions/{action.id}/edit"))
    data.update(due_date=["", "", ""], due_text="")
    response = admin.submit(f"/plan/actions/{action.id}/edit", data)
    assert response.status_code == 200
    assert error_messages(response) == ["Enter a due date, or say in words when it is due (for example Ongoing)"]
    data.update(due_date=["31", "13", "2018"])
    response = admin.submit(f"/plan/actions/{action.id}/edit", data)
    assert response.status_code == 200
    assert error_messages(response) == ["Due date must be a real date, for example 31 3 2026"]
    data.update(due_date=["", "7", "2018"])  # a half-typed date is not taken as 'no date'
    response = admin.submit(f"/plan/actions/{action.id}/edit", data)
    assert error_messages(response) == ["Due date must be a real date, for example 31 3 2026"]
    data.update(due_date=["", "", ""], due_text="Ongoing")
    assert admin.submit(f"/plan/actions/{action.id}/edit", data).status_code == 302
    [row] = table_rows(admin.get("/plan/recommendations/2"))
    assert row[3] == "Ongoing"


def test_admin_adds_an_action(admin):
    before = counts()
    response = admin.submit(
        "/plan/recommendations/3/actions/new",
        {"number": "6", "theme": "", "text": "Train CWD team managers", "owner": "Senior Manager CWD",
         "due_date": ["30", "9", "2018"], "due_text": "", "governance": "", "status": "not_started", "achieved": ""},
    )
    assert response.status_code == 302
    rows = table_rows(admin.get("/plan/recommendations/3"))
    assert rows[-1][0] == "6"
    assert rows[-1][1] == "Train CWD team managers Edit action 6"  # with the admin's edit link
    assert rows[-1][2:] == ["Senior Manager CWD", "30 September 2018", "", "Overdue"]
    assert counts() == (before[0], before[1] + 1, *before[2:])


def test_a_feedback_measure_needs_to_say_who_is_asked(admin):
    before = counts()
    data = {"kind": "feedback", "text": "Parents say the plan is clear", "frequency": "six_monthly", "has_baseline": "no"}
    response = admin.submit("/plan/recommendations/2/measures/new", data)
    assert response.status_code == 200
    assert error_messages(response) == ["Select who is asked for a feedback measure"]
    assert counts() == before

    response = admin.submit("/plan/recommendations/2/measures/new", {**data, "respondent_groups": ["parents_carers"]})
    assert response.status_code == 302
    assert response.headers["Location"] == "/plan/recommendations/2#measures"
    text = page(admin.get("/plan/recommendations/2")).get_text(" ", strip=True)
    assert "Parents say the plan is clear (Six-monthly; asked of: Parents and carers; no target set)" in text
    measure = db.session.scalar(select(ImpactMeasure).where(ImpactMeasure.text == "Parents say the plan is clear"))
    assert (measure.kind, measure.respondent_groups, measure.seed_key) == ("feedback", ["parents_carers"], None)
    assert counts() == (before[0], before[1], before[2] + 1, *before[3:])


def test_an_audit_measure_has_no_respondents(admin):
    response = admin.submit(
        "/plan/recommendations/2/measures/new",
        {"kind": "audit", "text": "Audits show updated assessments", "frequency": "quarterly", "has_baseline": "yes",
         "respondent_groups": ["children"]},
    )
    assert response.status_code == 302
    measure = db.session.scalar(select(ImpactMeasure).where(ImpactMeasure.text == "Audits show updated assessments"))
    assert (measure.kind, measure.respondent_groups, measure.has_baseline) == ("audit", [], True)
    text = page(admin.get("/plan/recommendations/2")).get_text(" ", strip=True)
    assert "Audits show updated assessments (Quarterly (baseline in place); no target set)" in text


def test_admin_edits_a_seeded_measure(admin):
    measure = db.session.scalar(select(ImpactMeasure).where(ImpactMeasure.seed_key == "r2-fm1"))
    data = current_form(admin.get(f"/plan/measures/{measure.id}/edit"))
    assert data["respondent_groups"] == ["children", "young_people", "parents_carers"]
    data["respondent_groups"] = ["young_people"]
    assert admin.submit(f"/plan/measures/{measure.id}/edit", data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(ImpactMeasure, measure.id)
    assert saved.respondent_groups == ["young_people"]
    assert saved.locally_edited


KPI_FORM = {
    "code": "CS9.9", "description": "Children with an up to date assessment", "direction": "increase",
    "unit": "percent", "frequency": "quarterly", "baseline_text": "72.5%", "baseline_value": "72.5%",
    "baseline_date": ["31", "3", "2018"], "baseline_rag": "amber", "target_text": "90%", "target_value": "90",
    "target_date": ["31", "3", "2019"], "amber_tolerance_pct": "5", "note": "",
}


def test_admin_adds_a_kpi(admin):
    before = counts()
    response = admin.submit("/plan/kpis/new", KPI_FORM)
    assert response.status_code == 302
    new = kpi("CS9.9")
    assert response.headers["Location"] == f"/plan/kpis/{new.id}"
    assert (new.baseline_value, new.target_value, new.amber_tolerance_pct, new.seed_key) == (72.5, 90, 5, None)
    assert new.direction == "increase"

    shown = admin.get(f"/plan/kpis/{new.id}")
    soup = page(shown)
    assert "KPI CS9.9 saved." in soup.get_text()
    assert soup.h1.get_text(strip=True) == "Children with an up to date assessment"
    summary = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".govuk-summary-list__row")}
    assert summary["Recommendations"] == "None"
    assert summary["Baseline"] == "72.5% at 31 March 2018"
    assert summary["How RAG is set"] == "Worked out from the target: Amber within 5% of it"
    assert summary["Import key"] == f"kpi-{new.id}"
    assert counts() == (*before[:3], before[3] + 1, before[4])


def test_a_kpi_figure_that_is_not_a_number_is_refused(admin):
    response = admin.submit("/plan/kpis/new", {**KPI_FORM, "target_value": "ninety", "amber_tolerance_pct": ""})
    assert response.status_code == 200
    assert error_messages(response) == [
        "Target figure: 'ninety' is not a number",
        "Enter amber tolerance (% of target)",
    ]
    assert kpi("CS9.9") is None


def test_editing_a_kpi_keeps_its_figures_as_typed(admin):
    cs27 = kpi("CS2.7")
    data = current_form(admin.get(f"/plan/kpis/{cs27.id}/edit"))
    assert (data["baseline_value"], data["target_value"], data["amber_tolerance_pct"]) == ("2.3", "2.3", "5")
    data["target_text"] = "2%"
    data["target_value"] = "2"
    assert admin.submit(f"/plan/kpis/{cs27.id}/edit", data).status_code == 302
    saved = kpi("CS2.7")
    assert (saved.target_value, saved.target_text, saved.baseline_value, saved.locally_edited) == (2, "2%", 2.3, True)


def test_admin_links_and_unlinks_a_kpi(admin):
    cs25 = kpi("CS2.5")
    form = admin.get("/plan/recommendations/3/kpis")
    assert page(form).h1.get_text(strip=True) == "KPIs for recommendation 3"
    assert "No KPIs are linked." in page(form).get_text()
    options = {o.get("value"): o.get_text(strip=True) for o in page(form).select("#kpi_id option")}
    assert options[str(cs25.id)] == "CS2.5: Children subject of repeat CP plan within 2 years"

    response = admin.submit("/plan/recommendations/3/kpis", {"kpi_id": str(cs25.id)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/plan/recommendations/3#kpis"
    shown = admin.get("/plan/recommendations/3")
    assert "KPI CS2.5 is linked to recommendation 3." in page(shown).get_text()
    assert [row[0] for row in table_rows(shown, "#kpis table")] == ["CS2.5"]
    kpi_page = page(admin.get(f"/plan/kpis/{cs25.id}"))
    assert kpi_page.select_one(".govuk-summary-list__value").get_text(strip=True) == "2, 3, 10"

    # Once linked, it is no longer offered, and sending it again is refused.
    form = admin.get("/plan/recommendations/3/kpis")
    assert str(cs25.id) not in {o.get("value") for o in page(form).select("#kpi_id option")}
    again = admin.submit("/plan/recommendations/3/kpis", {"kpi_id": str(cs25.id)})
    assert again.status_code == 200
    assert error_messages(again) == ["Not a valid choice."]

    response = admin.submit(f"/plan/recommendations/3/kpis/{cs25.id}/unlink")
    assert response.status_code == 302
    assert response.headers["Location"] == "/plan/recommendations/3/kpis"
    shown = admin.get(response.headers["Location"])
    assert "KPI CS2.5 is no longer linked to recommendation 3. Its figures are kept." in page(shown).get_text()
    assert "No KPIs are linked." in page(shown).get_text()
    assert [r.number for r in kpi("CS2.5").recommendations] == [2, 10]


def test_linking_needs_a_kpi_to_be_chosen(admin):
    before = counts()
    response = admin.submit("/plan/recommendations/3/kpis", {"kpi_id": ""})
    assert response.status_code == 200
    assert error_messages(response) == ["Choose a KPI"]
    assert counts() == before


# --- Loading the plan again ---------------------------------------------------------------------------


def test_loading_the_plan_again_keeps_admin_edits_and_adds_no_duplicates(admin):
    from app.plan.seed import load_plan

    assert counts() == (10, 72, 39, 44, 46)
    data = current_form(admin.get("/plan/recommendations/2/edit"))
    data["short_title"] = "Assessments kept up to date"
    assert admin.submit("/plan/recommendations/2/edit", data).status_code == 302
    action = rec(2).actions[0]
    data = current_form(admin.get(f"/plan/actions/{action.id}/edit"))
    data["status"] = "complete"
    assert admin.submit(f"/plan/actions/{action.id}/edit", data).status_code == 302

    db.session.expire_all()  # the seed command runs in a process of its own: nothing cached from before the edits
    result = load_plan()
    assert result["added"] == 0
    assert result["kept"] == 2
    result = load_plan()
    assert result["added"] == 0

    assert counts() == (10, 72, 39, 44, 46)
    assert rec(2).short_title == "Assessments kept up to date"
    assert rec(2).actions[0].status == "complete"
    assert rec(3).short_title == "Disabled children practice"  # not edited: still as in the file
    assert page(admin.get("/plan/recommendations/2")).h1.get_text(strip=True) == "Assessments kept up to date"
