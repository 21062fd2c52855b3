"""KPI figures: entered one at a time in a form, or imported from a CSV file."""
import io
from datetime import date

import pytest
from conftest import load_yaml_file_once, error_messages, page
from sqlalchemy import func, select

from app.core.db import db
from app.core.periods import QUARTER, recent_periods
from app.plan.models import Kpi, KpiValue
from app.plan.seed import load_plan


@pytest.fixture
def plan_kpis(places, monkeypatch):
    """The plan's 44 KPIs exactly as the seed loads them, without the recommendations these tests do not read."""

    def kpis_only(path, schema):
        data = load_yaml_file_once(path, schema)
        data["recommendations"] = []
        return data

    monkeypatch.setattr("app.plan.seed.load_yaml_file", kpis_only)
    load_plan()


@pytest.fixture
def admin(client, make_user, plan_kpis):
    user = make_user("admin")
    client.sign_in(user)
    client.user = user
    return client


# The three most recent quarters the form offers, newest first.
THIS_Q, LAST_Q, EARLIER_Q = (p.label for p in recent_periods(QUARTER, date.today(), 3))


def kpi(key: str) -> Kpi:
    db.session.expire_all()
    return db.session.scalar(select(Kpi).where(Kpi.seed_key == key))


def value_count() -> int:
    return db.session.scalar(select(func.count()).select_from(KpiValue))


def figures_table(response) -> list[list[str]]:
    table = page(response).select_one("main table")
    if table is None:
        return []
    return [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in table.select("tbody tr")]


def enter(client, kpi_id, period, value, rag=None, note=""):
    data = {"period": period, "value": value, "note": note}
    if rag is not None:
        data["entered_rag"] = rag
    return client.submit(f"/plan/figures/{kpi_id}", data)


# --- One figure at a time ---------------------------------------------------------------------------


def test_the_figure_form_offers_recent_quarters_and_no_rag_for_a_numeric_target(admin):
    cs25 = kpi("cs2-5")
    response = admin.get(f"/plan/figures/{cs25.id}")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Children subject of repeat CP plan within 2 years"
    assert "Target: 10%. The figure should decrease." in soup.get_text(" ", strip=True)
    periods = [o["value"] for o in soup.select("#period option")]
    assert periods[:4] == ["", THIS_Q, LAST_Q, EARLIER_Q]
    assert len(periods) == 13
    assert soup.select("input[name=entered_rag]") == []


@pytest.mark.parametrize(
    "typed, shown, rag",
    [("10.4", "10.4%", "Amber"), ("9.9", "9.9%", "Green"), ("12", "12%", "Red"), ("10", "10%", "Green"),
     ("10.5%", "10.5%", "Amber"), ("10.6", "10.6%", "Red")],
)
def test_a_figure_against_a_numeric_target_gets_its_rag_worked_out(admin, typed, shown, rag):
    # CS2.5 should decrease to 10%; Amber is within 5% of the target (up to 10.5).
    cs25 = kpi("cs2-5")
    response = enter(admin, cs25.id, THIS_Q, typed)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/plan/kpis/{cs25.id}"
    shown_page = admin.get(f"/plan/kpis/{cs25.id}")
    assert f"CS2.5 for {THIS_Q}: {shown} saved." in page(shown_page).get_text()
    assert figures_table(shown_page) == [[THIS_Q, shown, rag, ""]]

    [row] = db.session.scalars(select(KpiValue)).all()
    assert (row.kpi_id, row.entered_rag, row.source, row.entered_by_id) == (cs25.id, None, "form", admin.user.id)
    assert row.rag == rag.lower()


def test_several_periods_are_listed_newest_first_and_the_latest_shows_in_the_kpi_list(admin):
    cs25 = kpi("cs2-5")
    for period, value in ((EARLIER_Q, "12"), (LAST_Q, "9.9"), (THIS_Q, "10.4")):
        assert enter(admin, cs25.id, period, value, note=f"note {value}").status_code == 302
    assert figures_table(admin.get(f"/plan/kpis/{cs25.id}")) == [
        [THIS_Q, "10.4%", "Amber", "note 10.4"],
        [LAST_Q, "9.9%", "Green", "note 9.9"],
        [EARLIER_Q, "12%", "Red", "note 12"],
    ]
    rows = {row[0]: row for row in figures_table(admin.get("/plan/kpis"))}
    assert rows["CS2.5"][-1] == f"10.4% ({THIS_Q}) Amber"


@pytest.mark.parametrize("typed, message", [("abc", "Figure: 'abc' is not a number"), ("", "Enter figure"),
                                            ("1.2.3", "Figure: '1.2.3' is not a number")])
def test_a_figure_that_is_not_a_number_is_refused(admin, typed, message):
    cs25 = kpi("cs2-5")
    response = enter(admin, cs25.id, THIS_Q, typed)
    assert response.status_code == 200
    assert error_messages(response) == [message]
    soup = page(response)
    assert soup.select_one("#value-error").get_text(" ", strip=True) == f"Error: {message}"
    assert soup.select_one("#value")["value"] == typed  # what they typed is shown back
    assert value_count() == 0


def test_a_period_must_be_chosen_from_the_list(admin):
    cs25 = kpi("cs2-5")
    response = enter(admin, cs25.id, "", "10")
    assert response.status_code == 200
    assert error_messages(response) == ["Choose the period the figure is for"]
    response = enter(admin, cs25.id, "H1 2018-19", "10")
    assert response.status_code == 200
    assert error_messages(response) == ["Not a valid choice."]
    assert value_count() == 0


def test_a_words_target_takes_the_rag_the_admin_enters(admin):
    cse2 = kpi("cse2")  # target "Increase": no number to compare with
    form = page(admin.get(f"/plan/figures/{cse2.id}"))
    assert [i["value"] for i in form.select("input[name=entered_rag]")] == ["red", "amber", "green", ""]

    assert enter(admin, cse2.id, LAST_Q, "230", rag="green").status_code == 302
    assert enter(admin, cse2.id, THIS_Q, "190", rag="").status_code == 302
    shown = admin.get(f"/plan/kpis/{cse2.id}")
    summary = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in page(shown).select(".govuk-summary-list__row")}
    assert summary["How RAG is set"] == "Entered with each figure, because the target is in words"
    assert figures_table(shown) == [[THIS_Q, "190", "Not rated", ""], [LAST_Q, "230", "Green", ""]]
    assert sorted(v.entered_rag or "" for v in db.session.scalars(select(KpiValue))) == ["", "green"]


def test_a_numeric_target_with_no_direction_takes_the_entered_rag(admin):
    # Without a direction the RAG cannot be worked out, so the form asks for it: it must be kept.
    odd = Kpi(code="X1", description="Numeric target, direction not stated", unit="count",
              frequency="quarterly", target_value=5, target_text="5", direction=None)
    db.session.add(odd)
    db.session.commit()
    assert page(admin.get(f"/plan/figures/{odd.id}")).select("input[name=entered_rag]")
    assert enter(admin, odd.id, THIS_Q, "7", rag="amber").status_code == 302
    assert figures_table(admin.get(f"/plan/kpis/{odd.id}")) == [[THIS_Q, "7", "Amber", ""]]


def test_entering_the_same_period_again_replaces_the_figure(admin):
    cs25 = kpi("cs2-5")
    assert enter(admin, cs25.id, THIS_Q, "12").status_code == 302
    again = enter(admin, cs25.id, THIS_Q, "9.9", note="corrected")
    assert again.status_code == 302
    shown = admin.get(again.headers["Location"])
    assert f"CS2.5 for {THIS_Q}: 9.9% saved, replacing the earlier figure." in page(shown).get_text()
    assert figures_table(shown) == [[THIS_Q, "9.9%", "Green", "corrected"]]
    assert value_count() == 1


# --- CSV import ------------------------------------------------------------------------------------------


def upload(client, content: bytes, filename: str = "figures.csv"):
    return client.submit("/plan/figures/import", {"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def problems_table(response) -> list[list[str]]:
    table = page(response).select_one("#problems table")
    return [[c.get_text(" ", strip=True) for c in row.select("td")] for row in table.select("tbody tr")]


GOOD_CSV = (
    "kpi,period,value,rag,note\r\n"
    "cs2-5,Q1 2018-19,10.4,,\r\n"
    "cs2-5,Q2 2018-19,9.9%,,from the scorecard\r\n"
    "cse2,Q1 2018-19,\"1,204\",green,\r\n"
    "\r\n"
)


def test_import_page_explains_the_columns(admin):
    response = admin.get("/plan/figures/import")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Import KPI figures"
    assert "kpi,period,value,rag,note" in soup.get_text()


def test_a_good_file_imports_every_row(admin):
    response = upload(admin, GOOD_CSV.encode())
    assert response.status_code == 302
    assert response.headers["Location"] == "/plan/figures"
    assert "3 figures imported." in page(admin.get("/plan/figures")).get_text()
    assert value_count() == 3
    assert figures_table(admin.get(f"/plan/kpis/{kpi('cs2-5').id}")) == [
        ["Q2 2018-19", "9.9%", "Green", "from the scorecard"],
        ["Q1 2018-19", "10.4%", "Amber", ""],
    ]
    assert figures_table(admin.get(f"/plan/kpis/{kpi('cse2').id}")) == [["Q1 2018-19", "1,204", "Green", ""]]
    assert {v.source for v in db.session.scalars(select(KpiValue))} == {"csv"}


def test_importing_again_replaces_figures_for_the_same_periods(admin):
    assert upload(admin, GOOD_CSV.encode()).status_code == 302
    response = upload(admin, b"kpi,period,value\ncs2-5,Q1 2018-19,11\n")
    assert response.status_code == 302
    assert "1 figures imported (1 replaced earlier figures)." in page(admin.get("/plan/figures")).get_text()
    assert value_count() == 3
    assert figures_table(admin.get(f"/plan/kpis/{kpi('cs2-5').id}"))[1] == ["Q1 2018-19", "11%", "Red", ""]


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_problem(admin):
    assert upload(admin, b"kpi,period,value\ncs2-5,Q1 2018-19,10\n").status_code == 302
    before = value_count()
    bad = (
        "kpi,period,value\n"
        "cs2-5,Q2 2018-19,9.5\n"       # row 2: fine on its own
        "cs2-5,Q3 2018-19,abc\n"       # row 3: not a number
        "no-such-kpi,Q3 2018-19,4\n"   # row 4: unknown KPI
        "cs2-5,Q1 2018-19,99\n"        # row 5: fine, would replace the earlier figure
    )
    response = upload(admin, bad.encode())
    assert response.status_code == 400
    messages = error_messages(response)
    assert messages == [
        "Row 3, column 'value': 'abc' is not a number",
        "Row 4, column 'kpi': no KPI has the import key 'no-such-kpi'",
    ]
    assert page(response).select_one(".govuk-error-summary__title").get_text(strip=True) == (
        "Nothing was imported: the file has 2 problems"
    )
    assert problems_table(response) == [
        ["3", "value", "'abc' is not a number"],
        ["4", "kpi", "no KPI has the import key 'no-such-kpi'"],
    ]
    assert value_count() == before
    assert [v.value for v in db.session.scalars(select(KpiValue))] == [10]


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param(b"kpi,period,value\ncs2-5,H1 2018-19,10\n",
                     ["Row 2, column 'period': CS2.5 is reported quarterly: use a period like Q1 2018-19, not H1 2018-19"],
                     id="half-year for a quarterly KPI"),
        pytest.param(b"kpi,period,value\ncs2-5,Q1 2018/20,10\n",
                     ["Row 2, column 'period': 'Q1 2018/20': the years must follow each other, like 2018-19"],
                     id="years that do not follow"),
        pytest.param(b"kpi,period,value\ncs2-5,,10\n",
                     [("Row 2, column 'period': '' is not a period: use a financial year like 2018-19, "
                       "a half like H1 2018-19, or a quarter like Q3 2018-19")],
                     id="no period"),
        pytest.param(b"kpi,period\ncs2-5,Q1 2018-19\n",
                     ["Row 1, column 'value': this column is missing from the header row"],
                     id="missing column"),
        pytest.param(b"kpi,period,value,colour\ncs2-5,Q1 2018-19,10,blue\n",
                     ["Row 1, column 'colour': unknown column; use kpi, period, value, rag, note"],
                     id="unknown column"),
        pytest.param(b"kpi,period,value\ncs2-5,Q1 2018-19,10\ncs2-5,q1 2018-19,11\n",
                     ["Row 3, column 'period': CS2.5 Q1 2018-19 is already on row 2"],
                     id="same KPI and period twice"),
        pytest.param(b"kpi,period,value\ncs2-5,Q1 2018-19,10\xa0\n",
                     ["Row 1, column '(file)': the file is not UTF-8 text; save it as 'CSV UTF-8' and try again"],
                     id="not UTF-8"),
        pytest.param(b"kpi,period,value,rag\ncse2,Q1 2018-19,10,purple\n",
                     ["Row 2, column 'rag': 'purple' is not red, amber or green"],
                     id="bad rag"),
        pytest.param(b"kpi,period,value\n",
                     ["Row 2, column '(file)': the file has no rows of figures"],
                     id="no rows"),
        pytest.param(b"kpi,period,value\ncs2-5,Q1 2018-19,10,extra\n",
                     ["Row 2, column '(row)': this row has more cells than the header"],
                     id="extra cell"),
    ],
)
def test_a_bad_file_is_refused_with_the_reason(admin, content, expected):
    response = upload(admin, content)
    assert response.status_code == 400
    assert error_messages(response) == expected
    assert value_count() == 0


def test_a_file_saved_by_excel_with_a_bom_and_capitalised_headers_is_accepted(admin):
    content = "\ufeffKPI,Period,Value\r\ncs2-5,Q1 2018-19,10.4\r\n".encode("utf-8")
    response = upload(admin, content)
    assert response.status_code == 302
    assert figures_table(admin.get(f"/plan/kpis/{kpi('cs2-5').id}")) == [["Q1 2018-19", "10.4%", "Amber", ""]]


@pytest.mark.parametrize(
    "filename, content, message",
    [("figures.xlsx", b"kpi,period,value\n", "The file must be a CSV file"), (None, None, "Choose a CSV file")],
)
def test_the_upload_must_be_a_csv_file(admin, filename, content, message):
    if filename is None:
        response = admin.submit("/plan/figures/import", {}, content_type="multipart/form-data")
    else:
        response = upload(admin, content, filename)
    assert response.status_code == 400
    assert error_messages(response) == [message]
    assert value_count() == 0
