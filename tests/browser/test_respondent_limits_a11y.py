"""The respondent's "Too many tries" page (rate limits, app/feedback/limits.py) on a phone:
axe-clean, fits 320px, help numbers on it, nothing from another site."""
from feedback.conftest import questionnaires  # noqa: F401  (fixtures)
from playwright.sync_api import expect


def test_too_many_wrong_codes_show_a_clear_page_with_help(phone, questionnaires, axe, assert_no_horizontal_scroll,
                                                         assert_only_local_requests):
    for n in range(20):
        phone.goto(f"/q/ZZZZ-{n % 8 + 2}{n // 8 + 2}ZZ")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Enter your code")
    response = phone.goto("/q/ZZZZ-ZZZZ")
    assert response.status == 429
    expect(phone.get_by_role("heading", level=1)).to_have_text("Too many tries")
    expect(phone.get_by_role("link", name="0800 1111").first).to_have_attribute("href", "tel:08001111")
    axe(phone, "too many tries")
    assert_no_horizontal_scroll(phone)
    assert_only_local_requests(phone)
