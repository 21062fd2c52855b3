"""A QA viewer reads a draft report in the browser and an admin publishes it: axe-core on
the list, the draft and the published report, at desktop width and on a 320px phone, and
the period chooser without JavaScript."""
import re

from conftest import PASSWORD
from playwright.sync_api import expect
from reports.conftest import dataset  # noqa: F401  (fixture)


def nav(page, name):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True).click()


def test_a_qa_viewer_reads_the_draft_report(page, make_user, dataset, sign_in, axe, assert_only_local_requests):  # noqa: F811
    qa = make_user("qa_viewer", email="quinn@example.org", name="Quinn Viewer")
    sign_in(page, qa.email, PASSWORD)
    nav(page, "Reports")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    axe(page, "reports list")

    page.get_by_label("Period").select_option("H1 2026-27")
    page.get_by_role("button", name="See the draft").click()
    expect(page).to_have_url(re.compile(r"period=H1\+2026-27"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plan report H1 2026-27")
    exceptions = page.get_by_role("table", name="Exceptions: Red or worse than last period")
    expect(exceptions.get_by_role("row").nth(1)).to_contain_text("Audit 2.1")  # both Red: in the plan's order
    expect(exceptions.get_by_role("row").nth(2)).to_contain_text("Audit 2.2")
    overdue = page.get_by_role("table", name="Plan actions overdue, by recommendation")
    expect(overdue.get_by_role("row").nth(1)).to_contain_text("Due 31 July 2026")
    expect(page.get_by_role("table", name="Recommendation 1: actions overdue")).to_contain_text("Launch the early help hub")
    expect(page.get_by_role("img", name=re.compile("Recommendation 2: impact measures over the last 4 periods"))).to_be_visible()
    expect(page.get_by_role("button", name="Publish this report")).to_have_count(0)
    axe(page, "draft report")
    assert_only_local_requests(page)


def test_an_admin_publishes_and_a_phone_reads_it(page, phone, dataset, sign_in, axe, assert_no_horizontal_scroll):  # noqa: F811
    sign_in(page, dataset["admin"].email, PASSWORD)
    page.goto("/reports/draft?period=H1+2026-27")
    page.get_by_role("button", name="Publish this report").click()
    expect(page.locator("#report-status")).to_contain_text("Published on")
    axe(page, "published report")
    nav(page, "Reports")
    expect(page.get_by_role("link", name="Improvement plan report H1 2026-27")).to_be_visible()
    axe(page, "reports list with a published report")

    sign_in(phone, dataset["admin"].email, PASSWORD)
    phone.goto("/reports/draft?period=H1+2026-27")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert_no_horizontal_scroll(phone)
    axe(phone, "draft report at 320px")


def test_the_chooser_works_without_javascript(new_page, dataset, sign_in):  # noqa: F811
    plain = new_page(java_script_enabled=False)
    sign_in(plain, dataset["admin"].email, PASSWORD)
    plain.goto("/reports/")
    plain.get_by_label("Period").select_option("H1 2026-27")
    plain.get_by_label("Area").select_option(label="Carlisle district")
    plain.get_by_role("button", name="See the draft").click()
    expect(plain.get_by_role("heading", level=1)).to_have_text("Improvement plan report H1 2026-27: Carlisle district")
