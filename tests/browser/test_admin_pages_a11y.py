"""An administrator goes through every admin page; axe-core runs on each, error states included."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.core.db import db
from app.org.models import District, Team
from app.org.services import save_team
from app.plan.models import Kpi
from conftest import PASSWORD


@pytest.fixture
def admin(plan, make_user):
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    team = save_team(Team(), "Carlisle Safeguarding", carlisle.id, "safeguarding", True)
    make_user("auditor", "moderator", email="sam@example.org", name="Sam Auditor", team_id=team.id)
    make_user(email="old@example.org", name="Former Colleague", active=False)
    return make_user("admin", email="admin@example.org", name="Ada Admin")


@pytest.fixture
def signed_in(page, admin, sign_in):
    sign_in(page, admin.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")  # an admin lands on the headline figures
    return page


def nav(page, name):
    """Follow a link in the service navigation."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True).click()


def admin_link(page, name):
    """Follow a link on the Administration page, reached from the service navigation."""
    nav(page, "Administration")
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()


def test_administration_page(signed_in, axe, assert_no_horizontal_scroll, assert_only_local_requests):
    page = signed_in
    nav(page, "Administration")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        ["The improvement plan", "Audits", "Feedback", "People and access", "Figures for the QA group", "Help"])
    current = page.get_by_role("navigation", name="Menu").locator("[aria-current]")
    expect(current).to_have_text("Administration")
    axe(page, "administration")

    # At 320px the page fits and the menu folds behind its button.
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert_no_horizontal_scroll(page)
    axe(page, "administration at 320px, menu closed")
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    axe(page, "administration at 320px, menu open")

    page.get_by_role("main").get_by_role("link", name="Corrective action figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Corrective action figures")
    expect(current).to_have_text("Administration")
    assert_only_local_requests(page)


def test_people_and_teams_pages(signed_in, axe, assert_only_local_requests):
    page = signed_in
    admin_link(page, "People")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    axe(page, "people")

    page.get_by_role("link", name="Sam Auditor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Sam Auditor")
    axe(page, "edit a person")

    page.get_by_role("link", name="Back to people").click()
    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    axe(page, "add a person")

    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    axe(page, "add a person, errors")

    admin_link(page, "Teams")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams")
    axe(page, "teams")

    page.get_by_role("button", name="Add a team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a team")
    axe(page, "add a team")

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page, "add a team, errors")

    page.get_by_role("link", name="Back to teams").click()
    page.get_by_role("link", name="Carlisle Safeguarding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Carlisle Safeguarding")
    axe(page, "edit a team")
    assert_only_local_requests(page)


def test_kpi_figures_pages(signed_in, axe, assert_only_local_requests):
    page = signed_in
    admin_link(page, "KPI figures")
    expect(page.get_by_role("heading", level=1)).to_have_text("KPI figures")
    axe(page, "KPI figures")

    first = db.session.scalar(select(Kpi).order_by(Kpi.id))
    page.get_by_role("link", name=re.compile("^Enter figure")).first.click()
    expect(page).to_have_url(re.compile(rf"/plan/figures/{first.id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(first.description)
    axe(page, "enter a figure")

    page.get_by_role("button", name="Save figure").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page, "enter a figure, errors")

    page.get_by_label("Period").select_option(index=1)
    page.get_by_label("Figure", exact=True).fill("12.5")
    page.get_by_role("button", name="Save figure").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    axe(page, "KPI page with a figure")

    admin_link(page, "KPI figures")
    page.get_by_role("button", name="Import figures from CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import KPI figures")
    axe(page, "import figures")

    page.get_by_label("Upload a CSV file").set_input_files(
        files=[{"name": "figures.csv", "mimeType": "text/csv", "buffer": b"kpi,period,value\nno-such-kpi,Q9 2018,abc\n"}]
    )
    page.get_by_role("button", name="Import figures").click()
    expect(page.get_by_role("table", name="Problems in the file")).to_be_visible()
    axe(page, "import figures, problems")
    assert_only_local_requests(page)


def test_tokens_plan_editing_not_found_and_narrow_menu(signed_in, axe, assert_no_horizontal_scroll, assert_only_local_requests):
    page = signed_in
    admin_link(page, "API tokens")
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    axe(page, "API tokens, none issued")

    page.get_by_role("button", name="Issue token").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page, "API tokens, error")

    page.get_by_label("What is the token for?").fill("Power BI scorecard")
    page.get_by_role("button", name="Issue token").click()
    expect(page.get_by_role("heading", name="Copy this token now")).to_be_visible()
    axe(page, "API tokens, new token")

    nav(page, "Improvement plan")
    page.get_by_role("link", name="See all KPIs").click()
    page.get_by_role("link", name="Add a KPI").click()
    expect(page).to_have_url(re.compile("/plan/kpis/new$"))
    axe(page, "add a KPI")

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page, "add a KPI, errors")

    nav(page, "Improvement plan")
    page.get_by_role("table", name="Recommendations").get_by_role("link", name=re.compile(r"^1\. ")).click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Recommendation 1")
    axe(page, "recommendation 1 as admin")
    page.get_by_role("link", name=re.compile("^Edit recommendation")).click()
    expect(page).to_have_url(re.compile("/plan/recommendations/1/edit$"))
    axe(page, "edit recommendation 1")

    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe(page, "404")

    # At 320px an admin's navigation items fold behind a Menu button.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/admin/people")
    assert_no_horizontal_scroll(page)
    menu = page.get_by_role("button", name="Menu")
    sign_out = page.get_by_role("button", name=re.compile("^Sign out"))
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sign_out).to_be_hidden()
    axe(page, "people at 320px, menu closed")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    axe(page, "people at 320px, menu open")
    sign_out.click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have signed out.")
    assert_only_local_requests(page)


def test_activity_log_page(signed_in, axe, assert_no_horizontal_scroll, assert_only_local_requests):
    page = signed_in
    page.goto("/feedback/alerts")  # a page of case-level data: it goes in the log
    admin_link(page, "Activity log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity log")
    expect(page.locator("#activity")).to_contain_text("Ada Admin")
    expect(page.locator("#activity")).to_contain_text("A list of alerts")
    expect(page.locator("#activity")).to_contain_text("/feedback/alerts")
    axe(page, "activity log")
    page.screenshot(path="/tmp/activity.png", full_page=True)
    page.get_by_label("When").select_option("")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#entry-count")).to_contain_text("entr")
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert_no_horizontal_scroll(page)
    axe(page, "activity log at 320px")
