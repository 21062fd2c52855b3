"""An auditor reads the improvement plan: sign in (to their home page), plan, recommendation 2, a KPI, sign out.

axe-core runs on every page the journey visits.
"""
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD


@pytest.fixture
def auditor(plan, make_user):
    return make_user("auditor", email="auditor@example.org", name="Alex Auditor")


def test_auditor_reads_the_plan_and_signs_out(page, auditor, axe, sign_in, assert_only_local_requests):
    page.goto("/")
    # Not signed in: sent to sign in, told why.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sign in to see that page.")
    axe(page, "sign-in page")

    sign_in(page, auditor.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")  # what they came to do: audits due
    expect(page.get_by_role("heading", level=2, name="Audits due")).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Improvement plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plan")
    axe(page, "improvement plan")

    page.get_by_role("table", name="Recommendations").get_by_role("link", name=re.compile(r"^2\. ")).click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Recommendation 2")
    expect(page.get_by_role("heading", level=2, name="Actions")).to_be_visible()
    expect(page.get_by_role("table", name="Actions for recommendation 2").locator("tbody tr")).not_to_have_count(0)
    expect(page.get_by_role("heading", level=2, name="Impact measures")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Quality audit")).to_be_visible()
    kpis = page.get_by_role("table", name="Key performance indicators")
    kpi_row = kpis.get_by_role("row").filter(has=page.get_by_role("cell", name="CS2.5", exact=True))
    expect(kpi_row).to_have_count(1)
    expect(kpi_row).to_contain_text("Children subject of repeat CP plan within 2 years")
    axe(page, "recommendation 2")

    kpi_row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children subject of repeat CP plan within 2 years")
    expect(page.locator(".govuk-caption-l")).to_have_text("KPI CS2.5")
    axe(page, "KPI page")

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("You have signed out.")
    axe(page, "signed out")

    assert_only_local_requests(page)


def test_journey_pages_fit_a_320px_screen(phone, auditor, sign_in, axe, assert_no_horizontal_scroll, assert_only_local_requests):
    """WCAG 1.4.10 reflow: at 320 CSS pixels only tables scroll sideways (inside .app-table-wrapper)."""
    page = phone

    def check(what):
        assert_no_horizontal_scroll(page)
        axe(page, f"{what} at 320px")

    page.goto("/sign-in")
    check("sign-in page")

    sign_in(page, auditor.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    page.goto("/plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plan")
    check("improvement plan")

    page.get_by_role("table", name="Recommendations").get_by_role("link", name=re.compile(r"^2\. ")).click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Recommendation 2")
    check("recommendation 2")

    page.get_by_role("link", name="Children subject of repeat CP plan within 2 years").click()
    expect(page.locator(".govuk-caption-l")).to_have_text("KPI CS2.5")
    check("KPI page")

    # At 320px the service navigation folds behind its Menu button.
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have signed out.")
    check("signed out")
    assert_only_local_requests(page)


def test_sign_in_and_out_work_without_javascript(new_page, auditor, sign_in, assert_only_local_requests):
    page = new_page(java_script_enabled=False, viewport={"width": 1024, "height": 768})
    sign_in(page, auditor.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have signed out.")
    assert_only_local_requests(page)


def test_wrong_password_shows_the_error_summary(page, auditor, sign_in, axe):
    sign_in(page, auditor.email, "not the password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    axe(page, "sign-in error")
