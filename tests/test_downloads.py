"""Downloads and API answers are never kept in caches (Cache-Control: no-store), production
answers with HSTS, and no CSV or Excel cell is one a spreadsheet would run as a formula."""
import csv
import io

import pytest
from audits.conftest import make_team, publish_tool  # noqa: F401
from conftest import page

from app.core.spreadsheet import csv_cell, csv_row, starts_like_a_formula


@pytest.fixture
def admin(client, make_user):
    client.sign_in(make_user("admin"))
    return client


def test_exports_the_example_csv_and_api_json_are_not_stored(admin, publish_tool, plan):
    publish_tool()
    for url in ("/admin/cases/import/example.csv", "/admin/audit-tools/case_file_audit/versions/1/export",
                "/api/v1/recommendations", "/api/v1/kpis", "/healthz", "/"):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_static_files_may_be_cached(client):
    response = client.get("/static/images/favicon.svg")
    if response.status_code == 200:  # built front end present
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_production_answers_with_hsts(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://feedback.example.gov.uk")
    assert client.get("/sign-in").headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_is_neutralised(value):
    assert starts_like_a_formula(value)
    assert csv_cell(value) == "'" + value
    assert csv_row([value, 5, "Team A"]) == ["'" + value, 5, "Team A"]


def test_the_example_case_csv_writes_team_names_as_text(admin, make_team):
    make_team("=HYPERLINK(\"http://evil.example\",\"Open\")", "Carlisle")
    make_team("+Team", "Eden")
    rows = list(csv.reader(io.StringIO(admin.get("/admin/cases/import/example.csv").get_data(as_text=True))))
    teams = {row[2] for row in rows[1:]}
    assert teams == {"'+Team", "'=HYPERLINK(\"http://evil.example\",\"Open\")"}
    assert not any(starts_like_a_formula(cell) for row in rows for cell in row)
