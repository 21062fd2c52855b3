"""An administrator sets up a board pack (a mistake first: the error summary and the messages at
the fields), publishes it from the Board packs page, and a QA viewer reads that page on a
320px phone: axe-core on each page, nothing scrolls sideways."""
from datetime import date

from conftest import PASSWORD
from playwright.sync_api import expect
from reports.conftest import dataset  # noqa: F401  (fixture)

from app.reports import pack_views


def test_an_admin_sets_up_and_publishes_a_pack_and_a_phone_reads_it(page, phone, make_user, dataset, sign_in,  # noqa: F811
                                                                      axe, assert_no_horizontal_scroll, monkeypatch):
    monkeypatch.setattr(pack_views, "uk_today", lambda: date(2026, 10, 20))  # H1 2026-27 has ended
    sign_in(page, dataset["admin"].email, PASSWORD)
    page.goto("/admin")
    page.get_by_role("main").get_by_role("link", name="Board packs", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board packs")
    axe(page, "board packs, none yet")

    page.get_by_role("button", name="Set up a board pack").click()
    page.get_by_label("Board").fill("Safeguarding Children Board")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a name for the pack, like Quarterly scorecard")
    expect(summary).to_contain_text("Select at least one section for the pack")
    expect(page.locator("#name-error")).to_contain_text("Enter a name for the pack")
    axe(page, "board pack form with errors")

    page.get_by_label("Name of the pack").fill("Six-monthly report")
    page.get_by_label("Exceptions").check()
    page.get_by_label("Audit results").check()
    page.get_by_label("Six-monthly").check()
    page.get_by_label("Due, in days after the period ends").fill("45")
    page.get_by_label("First period").fill("H1 2026-27")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=2, name="Safeguarding Children Board: Six-monthly report")).to_be_visible()
    periods = page.get_by_role("table", name="Six-monthly report: periods, newest first")
    expect(periods.get_by_role("row").nth(1)).to_contain_text("Under way")  # H2 2026-27
    expect(periods.get_by_role("row").nth(2)).to_contain_text("Ready to publish")  # H1, due by 14 November
    axe(page, "board packs, one ready")

    periods.get_by_role("button", name="Publish Six-monthly report for H1 2026-27").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding Children Board: Six-monthly report H1 2026-27")
    expect(page.locator("#report-status")).to_contain_text("Published on")

    qa = make_user("qa_viewer", email="quinn@example.org", name="Quinn Viewer")
    sign_in(phone, qa.email, PASSWORD)
    phone.goto("/reports/packs")
    expect(phone.get_by_role("table", name="Six-monthly report: periods, newest first")).to_contain_text("Published")
    expect(phone.get_by_role("button", name="Set up a board pack")).to_have_count(0)
    assert_no_horizontal_scroll(phone)
    axe(phone, "board packs on a phone")
