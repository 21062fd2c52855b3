"""Corrective action figures for a period, overall, by district and by team: the service on a
hand-built set, and the page QA viewers, moderators and administrators read."""
from datetime import date, datetime

import pytest
from conftest import error_messages, page
from sqlalchemy import event

from app.audits import action_service
from app.audits.action_service import Figures
from app.core.db import db
from audits.test_corrective_actions import make_action  # noqa: F401  (fixture)

H1_2025 = (date(2025, 4, 1), date(2025, 9, 30))
URL = "/corrective-actions/figures"


@pytest.fixture
def actions(make_action, make_user, make_case, make_team):
    owner = make_user("practitioner")
    carlisle = make_team("Carlisle Safeguarding 1", "Carlisle")
    eden = make_team("Eden Early Help", "Eden", "early_help")
    barrow = make_team("Barrow Children Looked After", "Barrow", "cla")
    for team, due, completed in [
        (carlisle, date(2025, 5, 10), datetime(2025, 5, 9, 16)),  # on time
        (carlisle, date(2025, 5, 10), datetime(2025, 5, 10, 22)),  # on time: on the due date
        (carlisle, date(2025, 6, 1), datetime(2025, 6, 2, 9)),  # late
        (carlisle, date(2025, 9, 30), None),  # open, overdue
        (eden, date(2025, 4, 1), datetime(2025, 4, 5, 9)),  # late
        (eden, date(2025, 8, 15), None),  # open, overdue
        (barrow, date(2025, 3, 31), None),  # due before the period
        (barrow, date(2025, 10, 1), datetime(2025, 9, 1)),  # due after it
    ]:
        make_action(owner, case=make_case(team=team), due=due, completed_at=completed)


def test_figures_overall_by_district_and_by_team(actions):
    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        result = action_service.figures_by_team(*H1_2025, today=date(2025, 11, 1))
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert len(statements) == 1  # one query, however many teams
    assert result.all == Figures(due=6, completed_on_time=2, completed_late=2, open=2, overdue=2)
    assert result.all == action_service.figures_for(*H1_2025, today=date(2025, 11, 1))
    assert [(r.label, r.figures) for r in result.by_district] == [
        ("Carlisle", Figures(4, 2, 1, 1, 1)),
        ("Eden", Figures(2, 0, 1, 1, 1)),
    ]
    assert [(r.label, r.district, r.figures) for r in result.by_team] == [
        ("Carlisle Safeguarding 1", "Carlisle", Figures(4, 2, 1, 1, 1)),
        ("Eden Early Help", "Eden", Figures(2, 0, 1, 1, 1)),
    ]
    # Before the due dates passed nothing open was overdue yet.
    assert action_service.figures_by_team(*H1_2025, today=date(2025, 4, 1)).all.overdue == 0


def _rows(response, caption):
    for table in page(response).select("table"):
        if table.caption.get_text(strip=True) == caption:
            return [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    return None


def test_the_page_shows_the_figures_for_the_chosen_period(client, make_user, actions):
    client.sign_in(make_user("qa_viewer"))
    response = client.get(URL, query_string={"period": "H1 2025-26"})
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Corrective action figures"
    assert soup.select_one("#figures").get_text(strip=True) == "Due 1 April 2025 to 30 September 2025 (H1 2025-26)"
    assert _rows(response, "By district") == [
        ["Carlisle", "4", "2 (50%)", "1 (25%)", "1 (25%) 1 overdue"],
        ["Eden", "2", "0", "1 (50%)", "1 (50%) 1 overdue"],
        ["All", "6", "2 (33%)", "2 (33%)", "2 (33%) 2 overdue"],
    ]
    assert _rows(response, "By team") == [
        ["Carlisle Safeguarding 1", "Carlisle", "4", "2 (50%)", "1 (25%)", "1 (25%) 1 overdue"],
        ["Eden Early Help", "Eden", "2", "0", "1 (50%)", "1 (50%) 1 overdue"],
    ]
    nav = {a.get_text(strip=True): "govuk-service-navigation__item--active" in a.parent["class"]
           for a in soup.select("a.govuk-service-navigation__link")}
    assert nav["Corrective actions"] is True
    quarter = client.get(URL, query_string={"period": "Q3 2025-26"})  # October to December 2025
    assert [r[:2] for r in _rows(quarter, "By district")] == [["Barrow", "1"], ["All", "1"]]
    empty = client.get(URL, query_string={"period": "2019-20"})
    assert "No corrective actions were due in this period." in empty.get_data(as_text=True)


def test_the_current_half_is_the_default_and_a_bad_period_is_explained(client, make_user, places):
    from app.core.periods import HALF, Period

    client.sign_in(make_user("admin"))
    current = Period.containing(date.today(), HALF)
    soup = page(client.get(URL))
    assert soup.select_one("select#period option[selected]")["value"] == current.label
    response = client.get(URL, query_string={"period": "Q5 2025-26"})
    assert response.status_code == 400
    assert error_messages(response) == [
        "'Q5 2025-26' is not a period: use a financial year like 2018-19, a half like H1 2018-19, "
        "or a quarter like Q3 2018-19"]
    assert not page(response).select("table")


def test_who_may_open_it_and_where_it_is_linked(client, make_user, places):
    response = client.get(URL)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    for roles in [("auditor",), ("practitioner",), ()]:
        client.sign_in(make_user(*roles))
        assert client.get(URL).status_code == 403, roles
        assert "Corrective action figures" not in client.get("/corrective-actions").get_data(as_text=True)
        client.sign_out()
    for role in ("qa_viewer", "moderator", "admin"):
        client.sign_in(make_user(role))
        assert client.get(URL).status_code == 200, role
        link = page(client.get("/corrective-actions")).find("a", string="Corrective action figures for a period")
        assert link["href"] == URL
        client.sign_out()
