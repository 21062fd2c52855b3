"""An administrator adds a partner agency and one of its people: errors at the field, the
agency's page with its people, axe-core on each page and each at 320px wide."""
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD


@pytest.fixture
def signed_in(page, places, make_user, sign_in):
    admin = make_user("admin", email="admin@example.org", name="Ada Admin")
    sign_in(page, admin.email, PASSWORD)
    return page


def at_320(page, axe, assert_no_horizontal_scroll, context):
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page)
    axe(page, context + " at 320px")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_admin_adds_an_agency_and_a_partner_auditor(signed_in, axe, assert_no_horizontal_scroll,
                                                     assert_only_local_requests):
    page = signed_in
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Administration", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Partner agencies", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner agencies")
    axe(page, "partner agencies, none yet")

    page.get_by_role("button", name="Add an agency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an agency")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator("#name-error")).to_contain_text("Enter the agency's name")
    axe(page, "add an agency, errors")
    at_320(page, axe, assert_no_horizontal_scroll, "add an agency, errors")

    page.get_by_label("Agency name").fill("Cumbria Constabulary")
    page.get_by_label("Police", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cumbria Constabulary")
    axe(page, "an agency")

    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Full name").fill("Pat Police")
    page.get_by_label("Email address").fill("pat@police.example.org")
    page.get_by_label("Agency", exact=True).select_option(label="Cumbria Constabulary")
    page.get_by_label("What can they see").select_option(label="Only their agency's work (partner staff)")
    page.get_by_label("Auditor", exact=True).check()
    page.get_by_label("Password", exact=True).fill("another long password")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator("#roles-error")).to_contain_text("Partner staff can only hold the partnership's roles")
    axe(page, "a partner given a council role, errors")
    at_320(page, axe, assert_no_horizontal_scroll, "person form, errors")
    page.screenshot(path="/tmp/agencies-person-form.png", full_page=True)

    page.get_by_label("Auditor", exact=True).uncheck()
    page.get_by_label("Partner auditor", exact=True).check()
    page.get_by_label("Password", exact=True).fill("another long password")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_role("row", name=re.compile("Pat Police"))).to_contain_text("Cumbria Constabulary")

    page.goto(page.url.replace("/admin/people", "/admin/agencies"))
    expect(page.get_by_role("row", name=re.compile("Cumbria Constabulary"))).to_contain_text("1")
    at_320(page, axe, assert_no_horizontal_scroll, "partner agencies")
    page.get_by_role("link", name="Cumbria Constabulary").click()
    expect(page.locator(".govuk-summary-list").last).to_contain_text("Pat Police")
    axe(page, "an agency with its people")
    at_320(page, axe, assert_no_horizontal_scroll, "an agency")
    page.screenshot(path="/tmp/agencies-agency.png", full_page=True)
    assert_only_local_requests(page)
