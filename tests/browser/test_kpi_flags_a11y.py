"""A KPI the plan prints in contradiction with itself: the flag on its page and the
administrator's resolve button, with axe-core at desktop width and at 320px, and the button
working without JavaScript."""
from conftest import PASSWORD
from playwright.sync_api import expect
from test_kpi_flags import late_kpi  # noqa: F401  (fixture)


def test_the_flag_and_its_resolve_button(page, phone, new_page, make_user, late_kpi, sign_in, axe,  # noqa: F811
                                         assert_no_horizontal_scroll):
    admin = make_user("admin", email="ada@example.org", name="Ada Admin")
    url = f"/plan/kpis/{late_kpi.id}"
    sign_in(page, admin.email, PASSWORD)
    page.goto(url)
    expect(page.locator("#kpi-flags")).to_contain_text("Flagged for the QA group")
    axe(page, "flagged KPI")
    sign_in(phone, admin.email, PASSWORD)
    phone.goto(url)
    assert_no_horizontal_scroll(phone)
    axe(phone, "flagged KPI at 320px")
    page.screenshot(path="/tmp/kpi-flag-1280.png", full_page=True)
    phone.screenshot(path="/tmp/kpi-flag-320.png", full_page=True)

    plain = new_page(java_script_enabled=False)
    sign_in(plain, admin.email, PASSWORD)
    plain.goto(url)
    plain.get_by_role("button", name="Mark as resolved").click()
    expect(plain.locator("#kpi-flags-resolved")).to_contain_text("Resolved by Ada Admin")
    page.reload()
    axe(page, "resolved KPI")
