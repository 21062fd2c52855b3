"""The administrators' case pages: the list with its filters and pages, one case, the
CSV import and its example file, and who may open them. Through real HTTP."""
import csv
import io
from datetime import date
from urllib.parse import quote

import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.audits.models import Case
from app.auth.roles import ROLES
from app.core.db import db
from app.org.models import District

HEADER = "reference,service_type,team,district,start_date,end_date,worker,flags"


def upload(client, text: str | bytes, filename: str = "cases.csv"):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return client.submit("/admin/cases/import", {"file": (io.BytesIO(raw), filename)}, content_type="multipart/form-data")


def case_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Case))


def table_rows(response) -> list[list[str]]:
    soup = page(response)
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup.select("table tbody tr")]


def references(response) -> list[str]:
    return [row[0] for row in table_rows(response)]


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin")
    client.sign_in(user)
    return user


@pytest.fixture
def teams(make_team):
    return {
        "carlisle": make_team("Carlisle Safeguarding 1", "Carlisle", "safeguarding"),
        "eden": make_team("Eden Family Support", "Eden", "safeguarding"),
    }


# --- Who may open them ------------------------------------------------------------------------


@pytest.fixture
def urls(make_case):
    case = make_case("CM-1")
    return ["/admin/cases", f"/admin/cases/{case.id}", "/admin/cases/import", "/admin/cases/import/example.csv"]


def test_an_administrator_opens_every_case_page(client, admin, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", [r for r in ROLES if r != "admin"] + ["no role"])
def test_no_one_else_opens_a_case_page_or_imports(client, make_user, urls, who):
    client.sign_in(make_user(*([] if who == "no role" else [who])))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert page(response).h1.get_text(strip=True) == "You do not have permission to see this page"
    response = upload(client, HEADER + "\nCM-9,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,\n")
    assert response.status_code == 403
    assert case_count() == 1


def test_signed_out_people_are_sent_to_sign_in(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"] == "/sign-in?next=" + quote(url, safe="")
    response = upload(client, HEADER + "\nCM-9,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,\n")
    assert response.status_code == 302
    assert case_count() == 1


def test_administrators_reach_cases_from_the_administration_page(client, admin):
    assert page(client.get("/admin")).find("a", string="Cases")["href"] == "/admin/cases"
    nav = page(client.get("/admin/cases")).select(".govuk-service-navigation__item")
    current = [item.get_text(" ", strip=True) for item in nav if "govuk-service-navigation__item--active" in item["class"]]
    assert current == ["Administration"]


# --- The list ------------------------------------------------------------------------------------


def test_an_empty_list_says_how_to_add_cases(client, admin):
    response = client.get("/admin/cases")
    assert page(response).h1.get_text(strip=True) == "Cases"
    assert "There are no cases yet" in page(response).select_one("#case-count").get_text()
    assert page(response).select_one('a[href="/admin/cases/import"]') is not None


@pytest.fixture
def listed(teams, make_case):
    c, e = teams["carlisle"], teams["eden"]
    make_case("L-01", "CP", c, ["cse"], date(2025, 1, 1), None, "Jo Worker")
    make_case("L-02", "CIN", c, [], date(2024, 1, 1), date(2025, 5, 31))
    make_case("L-03", "CP", e, ["missing", "cse"], date(2025, 7, 1), None)
    make_case("L-04", "CIN", e, ["private_fostering"], date(2025, 6, 15), date(2025, 6, 20))
    return teams


def test_the_list_shows_every_case_with_counts(client, admin, listed):
    response = client.get("/admin/cases")
    assert response.status_code == 200
    assert table_rows(response) == [
        ["L-01", "CP", "Carlisle Safeguarding 1", "Carlisle", "1 January 2025", "Open", "Child sexual exploitation"],
        ["L-02", "CIN", "Carlisle Safeguarding 1", "Carlisle", "1 January 2024", "31 May 2025", ""],
        ["L-03", "CP", "Eden Family Support", "Eden", "1 July 2025", "Open", "Child sexual exploitation, Missing from home"],
        ["L-04", "CIN", "Eden Family Support", "Eden", "15 June 2025", "20 June 2025", "Private fostering"],
    ]
    assert page(response).select_one("#case-count").get_text(" ", strip=True) == "4 cases, 2 open today."
    assert page(response).select_one(".govuk-pagination") is None
    assert "Clear filters" not in response.get_data(as_text=True)


def test_the_list_filters_by_service_type_team_district_and_flag(client, admin, listed):
    assert references(client.get("/admin/cases?service_type=CIN")) == ["L-02", "L-04"]
    assert references(client.get(f"/admin/cases?team={listed['eden'].id}")) == ["L-03", "L-04"]
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    assert references(client.get(f"/admin/cases?district={carlisle.id}")) == ["L-01", "L-02"]
    assert references(client.get("/admin/cases?flag=cse")) == ["L-01", "L-03"]
    assert references(client.get("/admin/cases?flag=missing&flag=private_fostering")) == ["L-03", "L-04"]

    response = client.get(f"/admin/cases?service_type=CP&district={carlisle.id}&flag=cse")
    assert references(response) == ["L-01"]
    soup = page(response)
    assert soup.select_one("#case-count").get_text(" ", strip=True) == "1 of 4 cases match the filters, 1 open today."
    # The form shows the filters chosen, and offers to clear them.
    assert soup.select_one("#service_type option[selected]")["value"] == "CP"
    assert soup.select_one("#district option[selected]")["value"] == str(carlisle.id)
    assert [box["value"] for box in soup.select('input[name="flag"][checked]')] == ["cse"]
    assert soup.find("a", string="Clear filters")["href"] == "/admin/cases"


def test_a_filter_that_matches_nothing_says_so(client, admin, listed):
    response = client.get("/admin/cases?service_type=CWD")
    assert table_rows(response) == []
    assert page(response).select_one("#case-count").get_text(" ", strip=True) == "No cases match the filters. There are 4 cases in all."


def test_filter_values_that_name_nothing_are_ignored(client, admin, listed):
    response = client.get("/admin/cases?service_type=XX&team=abc&flag=gangs&page=zz")
    assert response.status_code == 200
    assert references(response) == ["L-01", "L-02", "L-03", "L-04"]


@pytest.fixture
def many(teams):
    for n in range(1, 121):
        db.session.add(Case(
            reference=f"P-{n:03d}", service_type="CP" if n % 2 else "CIN", team=teams["carlisle"],
            start_date=date(2025, 1, 1), flags=["cse"] if n % 3 == 0 else [],
        ))
    db.session.commit()


def test_the_list_has_fifty_cases_a_page(client, admin, many):
    first = client.get("/admin/cases")
    assert references(first) == [f"P-{n:03d}" for n in range(1, 51)]
    nav = page(first).select_one("nav.govuk-pagination")
    assert [a.get_text(strip=True) for a in nav.select(".govuk-pagination__item a")] == ["1", "2", "3"]
    assert nav.select_one('[aria-current="page"]').get_text(strip=True) == "1"
    assert nav.select_one('a[rel="next"]')["href"] == "/admin/cases?page=2"
    assert nav.select_one('a[rel="prev"]') is None
    assert "Showing 1 to 50." in page(first).select_one("#case-count").get_text(" ", strip=True)

    last = client.get("/admin/cases?page=3")
    assert references(last) == [f"P-{n:03d}" for n in range(101, 121)]
    assert page(last).select_one('a[rel="prev"]')["href"] == "/admin/cases?page=2"
    assert page(last).select_one('a[rel="next"]') is None
    assert "Showing 101 to 120." in page(last).select_one("#case-count").get_text(" ", strip=True)

    assert references(client.get("/admin/cases?page=99")) == references(last)  # past the end: the last page


def test_the_pages_keep_the_filters(client, admin, many):
    first = client.get("/admin/cases?service_type=CP")  # 60 cases
    assert len(references(first)) == 50
    next_href = page(first).select_one('a[rel="next"]')["href"]
    assert "service_type=CP" in next_href and "page=2" in next_href
    second = client.get(next_href)
    assert references(second) == [f"P-{n:03d}" for n in range(101, 121) if n % 2]
    assert "60 of 120 cases match the filters" in page(second).select_one("#case-count").get_text(" ", strip=True)

    flagged = client.get("/admin/cases?flag=cse")
    assert len(references(flagged)) == 40
    assert page(flagged).select_one(".govuk-pagination") is None


# --- One case --------------------------------------------------------------------------------------


def summary(response) -> dict[str, str]:
    soup = page(response)
    return {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(".govuk-summary-list__value").get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }


def test_a_case_page_shows_the_case_and_that_it_has_no_audits(client, admin, teams, make_case):
    case = make_case("CM-42", "CLA", teams["eden"], ["cse", "missing"], date(2025, 2, 3), date(2026, 1, 4), "Jo Worker")
    response = client.get(f"/admin/cases/{case.id}")
    assert page(response).h1.get_text(strip=True) == "CM-42"
    facts = summary(response)
    assert {k: facts[k] for k in ("Reference", "Service type", "Team", "District", "Started", "Closed", "Worker", "Flags")} == {
        "Reference": "CM-42", "Service type": "CLA: Child looked after", "Team": "Eden Family Support",
        "District": "Eden", "Started": "3 February 2025", "Closed": "4 January 2026", "Worker": "Jo Worker",
        "Flags": "Child sexual exploitation, Missing from home",
    }
    assert "This case has not been audited." in response.get_data(as_text=True)


def test_a_case_page_lists_its_audits(client, admin, make_case, make_audit, make_user, publish_tool):
    case = make_case("CM-7", worker=None)
    tool = publish_tool()
    auditor = make_user("auditor", name="Ann Auditor")
    make_audit(auditor=auditor, tool_version=tool, case=case, due=date(2026, 5, 1), state="in_progress")
    make_audit(auditor=None, tool_version=tool, case=case, due=date(2026, 6, 1))
    response = client.get(f"/admin/cases/{case.id}")
    facts = summary(response)
    assert (facts["Worker"], facts["Closed"], facts["Flags"]) == ("Not recorded", "Open", "None")
    rows = table_rows(response)
    assert rows == [
        ["Test round", f"{tool.tool.title}, version 1", "In progress", "Ann Auditor", "1 May 2026"],
        ["Test round", f"{tool.tool.title}, version 1", "Not started", "Not assigned", "1 June 2026"],
    ]


def test_an_unknown_case_is_not_found(client, admin):
    assert client.get("/admin/cases/999").status_code == 404


# --- Importing through the page ------------------------------------------------------------------------


def test_importing_a_good_file_says_what_happened(client, admin, teams, make_case):
    make_case("CM-1", "CP", teams["carlisle"], (), date(2025, 1, 1), None, "Jo Worker")
    response = upload(client, "\n".join([
        HEADER,
        "CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,Jo Worker,",
        "CM-2,CIN,Eden Family Support,Eden,14/09/2024,,,cse; missing",
    ]))
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/cases"
    listing = client.get("/admin/cases")
    banner = page(listing).select_one(".govuk-notification-banner--success")
    assert banner.get_text(" ", strip=True).endswith("2 cases imported: 1 added, 0 updated, 1 unchanged.")
    assert references(listing) == ["CM-1", "CM-2"]
    assert by_ref("CM-2").flags == ["cse", "missing"]


def by_ref(reference):
    db.session.expire_all()
    return db.session.scalar(select(Case).where(Case.reference == reference))


def test_a_bad_file_lists_every_problem_and_saves_nothing(client, admin, teams):
    response = upload(client, "\n".join([
        HEADER,
        "CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,",
        "CM-2,CP,Carlisle Safeguarding 1,Eden,2025-01-01,,,",
        "CM-3,ZZ,Nowhere,Carlisle,2025-02-30,,,",
    ]))
    assert response.status_code == 400
    soup = page(response)
    assert soup.select_one(".govuk-error-summary__title").get_text(strip=True) == "Nothing was imported: the file has 4 problems"
    assert error_messages(response)[0] == "Row 3, column 'district': the team 'Carlisle Safeguarding 1' is in Carlisle, not Eden"
    assert all(a["href"] == "#problems" for a in soup.select(".govuk-error-summary__list a"))
    rows = [tuple(r) for r in table_rows(response)]
    assert [(r[0], r[1]) for r in rows] == [("3", "district"), ("4", "service_type"), ("4", "team"), ("4", "start_date")]
    assert "'2025-02-30' is not a date" in rows[3][2]
    assert soup.title.get_text().startswith("Error: ")
    assert case_count() == 0


def test_a_file_with_a_childs_details_is_refused_on_the_page(client, admin, teams):
    response = upload(client, HEADER + ",date_of_birth\nCM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,,2014-03-02\n")
    assert response.status_code == 400
    assert error_messages(response) == [
        (
            "Row 1, column 'date_of_birth': this file has a column for a child's personal details (date_of_birth); "
            "remove it: cases are stored by reference only"
        )
    ]
    assert "2014-03-02" not in response.get_data(as_text=True)
    assert case_count() == 0


def test_a_file_that_is_not_utf8_is_refused_on_the_page(client, admin, teams):
    response = upload(client, (HEADER + "\nCM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,Zoë,\n").encode("cp1252"))
    assert response.status_code == 400
    assert "the file is not UTF-8 text" in error_messages(response)[0]
    assert case_count() == 0


def test_no_file_or_another_kind_of_file_is_asked_for_again(client, admin):
    response = client.submit("/admin/cases/import", {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert error_messages(response) == ["Choose a CSV file"]
    response = upload(client, "hello", filename="cases.xlsx")
    assert response.status_code == 400
    assert error_messages(response) == ["The file must be a CSV file"]


def test_the_import_page_explains_the_file_and_offers_an_example(client, admin):
    response = client.get("/admin/cases/import")
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Import cases"
    assert "stored by reference only" in soup.select_one(".govuk-warning-text").get_text()
    assert soup.find("a", string="Download an example CSV file")["href"] == "/admin/cases/import/example.csv"
    assert soup.select_one('input[type="file"][name="file"]') is not None
    assert error_messages(response) == []


def test_the_example_file_can_be_imported_as_it_is(client, admin, teams):
    response = client.get("/admin/cases/import/example.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == HEADER.split(",")
    assert len(rows) == 3
    assert upload(client, response.data).status_code == 302
    assert case_count() == 2


def test_a_double_submitted_import_adds_each_case_once(client, admin, teams):
    text = HEADER + "\nCM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,\n"
    assert upload(client, text).status_code == 302
    assert upload(client, text).status_code == 302
    assert case_count() == 1
    banner = page(client.get("/admin/cases")).select(".govuk-notification-banner--success")
    assert banner[-1].get_text(" ", strip=True).endswith("1 case imported: 0 added, 0 updated, 1 unchanged.")
