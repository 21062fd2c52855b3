"""Changing one's own password in a browser: the link in the footer, the form, its error
state and the confirmation, with axe-core on each."""
from playwright.sync_api import expect

from conftest import PASSWORD


def test_a_person_changes_their_own_password(page, make_user, sign_in, axe, assert_only_local_requests):
    make_user("practitioner", email="pat@example.org", name="Pat Practitioner")
    sign_in(page, "pat@example.org", PASSWORD)
    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    axe(page, "change your password")

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("password1234")
    page.get_by_label("Confirm new password").fill("password1234")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Password is too common")
    axe(page, "change your password, with an error")

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("kettle marigold sleet")
    page.get_by_label("Confirm new password").fill("kettle marigold sleet")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed")).to_be_visible()
    axe(page, "password changed")
    assert_only_local_requests(page)
