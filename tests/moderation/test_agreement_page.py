"""The moderation agreement page over HTTP: what QA viewers read, the period, grouping and
district choices, clear messages for bad choices in the URL, and who may open it."""
from datetime import date

import pytest
from conftest import error_messages, page

from app.core.periods import HALF, Period
from moderation.test_figures import moderated, people, world  # noqa: F401  (fixtures)

URL = "/moderation/agreement"


def table_rows(response):
    return [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in page(response).select("tbody tr")]


@pytest.fixture
def qa(client, make_user):
    client.sign_in(make_user("qa_viewer", name="Quinn Viewer"))
    return client


def test_qa_viewer_reads_agreement_by_auditor(qa, world):
    response = qa.get(URL, query_string={"period": "H1 2026-27", "by": "auditor"})
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Moderation agreement"
    assert soup.select_one("#figures").get_text(strip=True) == "H1 2026-27 (April 2026 to September 2026)"
    assert soup.select_one("caption").get_text(strip=True) == "Agreement on the overall judgement, by auditor"
    rows = table_rows(response)
    assert [r[0] for r in rows] == ["Alex Auditor", "Bea Auditor", "All"]
    alex, bea, everyone = rows
    # Alex: 12 finalised of 13, 8 agreed, 1 raised and 3 lowered by one grade, kappa 1/3.
    assert alex[1:6] == ["12 of 13 selected", "67%", "1 by 1 grade on average", "3 by 1 grade on average",
                         "0.33 (fair) Too few Based on 12 pairs: too few to rely on"]
    assert alex[6:] == ["Median 7, 90th percentile 11.8 Target 10 working days", "3 late"]
    assert bea[1:3] == ["8 of 9 selected", "50%"]
    assert bea[7] == "9 late 1 still waiting"
    assert everyone[1:6] == ["20 of 22 selected", "60%", "2 by 1 grade on average", "6 by 1 grade on average",
                             "0.60 (moderate) Too few Based on 20 pairs: too few to rely on"]
    assert everyone[6:] == ["Median 11, 90th percentile 19 Target 10 working days", "12 late 1 still waiting"]
    assert soup.select_one("select#period option[selected]")["value"] == "H1 2026-27"
    assert soup.select_one("select#by option[selected]")["value"] == "auditor"
    assert soup.select_one("main form")["method"] == "get"  # works without JavaScript


def test_team_and_tool_groupings_and_the_district_filter(qa, world):
    by_tool = table_rows(qa.get(URL, query_string={"period": "H1 2026-27", "by": "tool"}))
    assert [(r[0], r[1], r[2]) for r in by_tool] == [
        ("Case file audit", "14 of 15 selected", "57%"), ("Early help audit", "6 of 7 selected", "67%"),
        ("All", "20 of 22 selected", "60%")]
    carlisle = world["carlisle"].district
    response = qa.get(URL, query_string={"period": "H1 2026-27", "by": "team", "district": carlisle.id})
    assert page(response).select_one("#figures").get_text(strip=True).endswith(", Carlisle")
    assert [(r[0], r[1], r[2]) for r in table_rows(response)] == [
        ("Carlisle Safeguarding 1", "10 of 11 selected", "70%"), ("All", "10 of 11 selected", "70%")]
    year = table_rows(qa.get(URL, query_string={"period": "2025-26"}))
    assert [(r[0], r[1]) for r in year] == [("All audits", "1 of 1 selected")]  # the one from March 2026


def test_the_current_half_is_the_default(qa, world):
    soup = page(qa.get(URL))
    current = Period.containing(date.today(), HALF)
    assert soup.select_one("#figures").get_text(strip=True) == current.long_label
    assert soup.select_one("select#period option[selected]")["value"] == current.label
    assert soup.select_one("select#by option[selected]")["value"] == ""


def test_a_period_with_no_moderations(qa, world):
    response = qa.get(URL, query_string={"period": "Q1 2019-20"})
    assert response.status_code == 200
    assert "No audits were submitted for moderation in this period." in page(response).get_text(" ", strip=True)
    assert page(response).select_one("select#period option[selected]")["value"] == "Q1 2019-20"


@pytest.mark.parametrize("query, message", [
    ({"period": "H3 2026-27"}, "'H3 2026-27': a year has two halves, H1 and H2"),
    ({"period": "last summer"}, "'last summer' is not a period: use a financial year like 2018-19, "
                                "a half like H1 2018-19, or a quarter like Q3 2018-19"),
    ({"by": "district"}, "Choose to show figures for all together, each auditor, each team or each audit tool"),
    ({"district": "9999"}, "Choose a district from the list"),
    ({"district": "Carlisle"}, "Choose a district from the list"),
])
def test_bad_choices_in_the_url_get_a_clear_message(qa, places, query, message):
    response = qa.get(URL, query_string=query)
    assert response.status_code == 400
    assert error_messages(response) == [message]
    assert page(response).title.get_text(strip=True).startswith("Error: ")
    assert not page(response).select("table")


def test_who_may_open_it(client, make_user, places):
    response = client.get(URL)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    for roles in [("auditor",), ("practitioner",), ()]:
        client.sign_in(make_user(*roles))
        assert client.get(URL).status_code == 403, roles
        client.sign_out()
    for role in ("qa_viewer", "moderator", "admin"):
        client.sign_in(make_user(role))
        assert client.get(URL).status_code == 200, role
        client.sign_out()


def test_qa_viewers_find_it_in_the_navigation_and_from_the_results(qa, places):
    soup = page(qa.get("/"))
    links = {a.get_text(strip=True): a["href"] for a in soup.select("a.govuk-service-navigation__link")}
    assert links["Moderation agreement"] == URL
    assert links["Moderation results"] == "/moderation/results"
    assert "Moderation" not in links  # the queue is for moderators
    results = page(qa.get("/moderation/results"))
    assert results.find("a", string="moderation agreement for a period")["href"] == URL


def test_an_administrator_who_is_not_a_qa_viewer_finds_it_on_the_administration_page(client, make_user, places):
    client.sign_in(make_user("admin"))
    admin_page = page(client.get("/admin"))
    assert admin_page.find("a", string="Moderation agreement")["href"] == URL
    assert admin_page.find("a", string="Moderation results")["href"] == "/moderation/results"
    nav = page(client.get(URL)).select_one(".govuk-service-navigation__item--active")
    assert nav.get_text(strip=True) == "Administration"
