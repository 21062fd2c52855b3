"""A QA viewer's or administrator's home page: the period's headline figure and exceptions are the
six-monthly report's own, cell for cell (the hand-built dataset of tests/reports/conftest.py)."""
from datetime import date

import pytest
from conftest import page
from reports.conftest import NOW, PERIOD, dataset  # noqa: F401  (the fixture)

from app.reports.services import build_headlines, build_report

TODAY = date(2026, 9, 30)  # in H1 2026-27, the dataset's period


@pytest.fixture(autouse=True)
def in_the_period(monkeypatch):
    from app.home import services as home
    from app.home import views
    from app.reports import services

    monkeypatch.setattr(services, "utcnow", lambda: NOW)
    monkeypatch.setattr(home, "uk_today", lambda: TODAY)
    monkeypatch.setattr(views, "uk_today", lambda: TODAY)


def cells(table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def shown(soup, table_id) -> list[list[str]]:
    table = soup.select_one(f"#home-headlines table#table-{table_id}")
    assert table is not None, table_id
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]


def not_feedback(rows: list[list[str]]) -> list[list[str]]:
    return [r for r in rows if not r[1].startswith("Feedback")]


def test_the_headlines_are_the_reports_own_figures(dataset):
    report, headlines = build_report(PERIOD, now=NOW), build_headlines(PERIOD, now=NOW)
    assert cells(headlines.table("audit-headline")) == cells(report.table("audit-headline"))
    assert cells(headlines.table("overdue-actions")) == cells(report.table("overdue-actions"))
    # Every exception but the feedback measures' (worked out only in the report).
    assert cells(headlines.table("exceptions")) == not_feedback(cells(report.table("exceptions")))
    assert headlines.table("exceptions").rows, "the dataset has exceptions: a Red audit measure and a KPI"


@pytest.mark.parametrize("role", ["qa_viewer", "admin"])
def test_a_qa_viewer_or_admin_lands_on_the_periods_headline_figures(client, make_user, dataset, role):
    client.sign_in(make_user(role, email=f"{role}@example.org"))
    soup = page(client.get("/"))
    report = build_report(PERIOD, now=NOW)
    assert soup.select_one("#home-headlines-title").get_text(strip=True) == "Headline figures for H1 2026-27"
    assert shown(soup, "audit-headline") == cells(report.table("audit-headline"))
    # 3 of 5 final audits (conftest: A3 awaits moderation), with the 1 waiting beside it
    assert shown(soup, "audit-headline")[0][:5] == ["Final audits (moderated, or not selected for moderation)", "60.0%",
                                                    "23% to 88%", "5", "1"]
    assert shown(soup, "exceptions") == not_feedback(cells(report.table("exceptions")))
    assert shown(soup, "overdue-actions") == cells(report.table("overdue-actions"))
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select("#home-headlines a")}
    assert links["Exceptions in the H1 2026-27 report, feedback measures included"] == "/reports/draft?period=H1+2026-27#exceptions"
    assert links["Audit results for H1 2026-27: by district, team and service"] == "/reports/draft?period=H1+2026-27#audit-results"
    assert client.get("/reports/draft?period=H1+2026-27").status_code == 200


def test_a_qa_viewer_who_hands_out_invites_gets_no_link_to_live_drafts(client, make_user, dataset):
    client.sign_in(make_user("qa_viewer", "practitioner", email="both@example.org"))
    soup = page(client.get("/"))
    assert shown(soup, "audit-headline")  # audit figures: not feedback, so theirs to read
    hrefs = [a["href"] for a in soup.select("#home-headlines a")]
    assert hrefs == ["/reports/"]
    assert shown(soup, "exceptions") == not_feedback(cells(build_report(PERIOD, now=NOW).table("exceptions")))
