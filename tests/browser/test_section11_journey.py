"""A Section 11 year in the browser: an agency lead completes and submits the return, the
partnership panel challenges one standard, the agency responds, the panel agrees, and the
annual report shows it. axe-core on every page; the main pages at 320 px."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from app.core.db import db
from app.org.models import Agency
from app.section11 import services
from app.section11.framework import load_framework


@pytest.fixture
def year(app, make_user):
    police = Agency(name="Cumbria Constabulary", kind="police")
    db.session.add(police)
    db.session.commit()
    lead = make_user("agency_lead", email="lead@example.org", name="Lee Lead")
    lead.agency_id = police.id
    panel = make_user("partnership_panel", email="panel@example.org", name="Pat Panel")
    admin = make_user("admin", email="admin@example.org", name="Ada Admin")
    db.session.commit()
    cycle = services.open_cycle(2026, date(2027, 2, 28), [police], admin, load_framework())
    return {"lead": lead, "panel": panel, "cycle": cycle, "return": cycle.returns[0]}


def test_a_section11_year_from_self_assessment_to_the_report(page, new_page, year, axe, sign_in,
                                                             assert_only_local_requests):
    standards = load_framework().standards
    sign_in(page, year["lead"].email, PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Section 11").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Section 11 audits")
    axe(page, "Section 11 home, agency lead")
    page.get_by_role("link", name=re.compile("^2026-27")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cumbria Constabulary")
    axe(page, "the return's task list")

    page.get_by_role("link", name="1. Senior management commitment and accountability").click()
    axe(page, "a standard")
    page.get_by_role("button", name="Save and continue").click()  # nothing chosen: errors at the field
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose how well the standard is met")
    axe(page, "a standard with an error")
    for number, standard in enumerate(standards, start=1):
        expect(page.locator(".govuk-caption-l")).to_contain_text(f"standard {number} of {len(standards)}")
        page.get_by_label("Partly met" if standard.key == "training" else "Fully met").check()
        page.get_by_label("Your evidence").fill(f"Our evidence for {standard.title.lower()}")
        page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cumbria Constabulary")

    page.get_by_role("link", name="Your actions").click()
    page.get_by_label("What will be done").fill("Refresh safeguarding training for all officers")
    page.get_by_label("Who will do it").fill("Head of learning")
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Standard it is about (optional)").select_option("training")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("table", name="Actions so far")).to_contain_text("Head of learning")
    axe(page, "actions")
    page.get_by_role("link", name="Back to the return").first.click()
    page.get_by_role("button", name="Check your return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your return")
    axe(page, "check your return")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is submitted to the partnership")
    expect(page.locator("#return-status")).to_contain_text("Submitted")
    axe(page, "submitted return")

    panel = new_page(viewport={"width": 1024, "height": 768})
    sign_in(panel, year["panel"].email, PASSWORD)
    panel.goto("/section-11")
    panel.get_by_role("link", name="2026-27", exact=True).click()
    axe(panel, "the year's returns")
    panel.get_by_role("link", name="Cumbria Constabulary").click()
    panel.get_by_role("button", name="Review this return").click()
    for number, standard in enumerate(standards, start=1):
        group = panel.get_by_role("group", name=f"The panel's view of standard {number}", exact=True)
        group.get_by_label("Challenge" if standard.key == "training" else "Agree").check()
    panel.get_by_role("button", name="Send the review").click()  # a challenge with no reason
    expect(panel.locator(".govuk-error-summary")).to_contain_text("Standard 4: give the reason for the challenge")
    axe(panel, "review with an error")
    panel.get_by_label("Reasons for standard 4").fill("The training figures are two years old.")
    panel.get_by_role("button", name="Send the review").click()
    expect(panel.locator("#return-status")).to_contain_text("Challenged")

    page.reload()
    page.get_by_role("button", name="Respond to the challenge").click()
    expect(page.get_by_text("The training figures are two years old.")).to_be_visible()
    axe(page, "respond")
    page.get_by_label("Your response on standard 4").fill("This year's figures: 78% are up to date.")
    page.get_by_label("Your rating of standard 4 now").select_option("not_met")
    page.get_by_role("button", name="Send your response").click()
    expect(page.locator("#return-status")).to_contain_text("Responded")

    panel.reload()
    panel.get_by_role("button", name="Close the review").click()
    axe(panel, "close the review")
    panel.get_by_label("Agreed", exact=True).check()
    panel.get_by_role("button", name="Close the review").click()
    expect(panel.locator(".govuk-notification-banner--success")).to_contain_text("closed: agreed")
    panel.get_by_role("link", name="Annual report").click()
    expect(panel.get_by_role("heading", level=1)).to_have_text("Section 11 annual report 2026-27")
    matrix = panel.get_by_role("table", name="Ratings by standard and agency")
    expect(matrix.get_by_role("row").filter(has_text="Staff are trained")).to_contain_text("Not met (challenged)")
    expect(panel.locator("#theme-challenged")).to_contain_text("Staff are trained in safeguarding")
    expect(panel.get_by_role("table", name="Returns not yet agreed")).to_contain_text("None.")
    axe(panel, "annual report")
    panel.screenshot(path="/tmp/section11-report.png", full_page=True)
    assert_only_local_requests(page)
    assert_only_local_requests(panel)


def test_section11_pages_fit_a_320px_screen(phone, year, sign_in, axe, assert_no_horizontal_scroll):
    sign_in(phone, year["lead"].email, PASSWORD)
    ret = year["return"]
    for url in ["/section-11", f"/section-11/returns/{ret.id}", f"/section-11/returns/{ret.id}/standards/training",
                f"/section-11/returns/{ret.id}/actions", f"/section-11/returns/{ret.id}/check"]:
        phone.goto(url)
        assert_no_horizontal_scroll(phone)
        axe(phone, f"{url} at 320px")
    phone.screenshot(path="/tmp/section11-check-320.png", full_page=True)
    phone.goto(f"/section-11/returns/{ret.id}/standards/training")
    phone.screenshot(path="/tmp/section11-standard-320.png", full_page=True)
    phone.context.clear_cookies()  # signed out: the menu (and its sign-out button) is folded at 320 px
    sign_in(phone, year["panel"].email, PASSWORD)
    phone.goto(f"/section-11/cycles/{year['cycle'].id}/report")
    assert_no_horizontal_scroll(phone)
    axe(phone, "report at 320px")
