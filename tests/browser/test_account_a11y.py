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


def test_setting_up_and_using_an_authenticator_app(page, make_user, sign_in, axe, assert_no_horizontal_scroll,
                                                   assert_only_local_requests):
    import pyotp

    from app.core.db import db

    person = make_user("practitioner", email="pat@example.org", name="Pat Practitioner")
    person.totp_required = True
    db.session.commit()
    sign_in(page, "pat@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.locator("#qr svg")).to_be_visible()
    axe(page, "set up an authenticator app")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page)
    axe(page, "set up an authenticator app at 320px")

    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code must be 6 digits")
    axe(page, "set up, with an error")
    secret = page.locator("#key").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Change your password")).to_be_visible()  # only signed-in people have it
    page.screenshot(path="/tmp/after-code.png")
    assert_only_local_requests(page)
