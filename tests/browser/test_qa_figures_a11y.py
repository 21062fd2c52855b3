"""A QA viewer reads the moderation agreement and the corrective action figures in the
browser: choosing the period and grouping, an error from a bad period in the URL, a 320px
screen and no JavaScript. axe-core runs on every state of both pages."""
import re

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from audits.test_action_figures import actions  # noqa: F401
from audits.test_corrective_actions import make_action  # noqa: F401
from conftest import PASSWORD
from moderation.test_figures import moderated, people, world  # noqa: F401
from playwright.sync_api import expect


@pytest.fixture
def qa(make_user):
    return make_user("qa_viewer", email="quinn@example.org", name="Quinn Viewer")


def nav(page, name):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True).click()


def test_moderation_agreement_page(page, qa, world, sign_in, axe, assert_only_local_requests):  # noqa: F811
    sign_in(page, qa.email, PASSWORD)
    nav(page, "Moderation agreement")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation agreement")
    axe(page, "agreement, the current half")

    page.get_by_label("Period").select_option("H1 2026-27")
    page.get_by_label("Show figures for each").select_option("auditor")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(re.compile(r"period=H1\+2026-27&by=auditor"))
    table = page.get_by_role("table", name="Agreement on the overall judgement, by auditor")
    expect(table.get_by_role("row", name=re.compile("^Alex Auditor"))).to_contain_text("0.33 (fair)")
    expect(table.get_by_role("row", name=re.compile("^All"))).to_contain_text("12 late")
    page.get_by_text("How these figures are worked out").click()
    axe(page, "agreement by auditor, details open")

    page.get_by_label("District").select_option(label="Carlisle")
    page.get_by_label("Show figures for each").select_option("team")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("table", name="Agreement on the overall judgement, by team")).to_contain_text("Carlisle Safeguarding 1")
    axe(page, "agreement by team in Carlisle")

    page.goto("/moderation/agreement?period=H3+2026-27")
    expect(page.locator(".govuk-error-summary")).to_contain_text("a year has two halves, H1 and H2")
    expect(page).to_have_title(re.compile("^Error: "))
    axe(page, "agreement, bad period")

    nav(page, "Moderation results")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation results")
    axe(page, "moderation results")
    page.get_by_role("link", name="Round on Case file audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Round on Case file audit")
    expect(page.get_by_role("table", name=re.compile("^Audits selected for moderation"))).to_be_visible()
    axe(page, "one round's moderation results")
    page.get_by_role("link", name="Moderation results").first.click()
    page.get_by_role("link", name="moderation agreement for a period").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation agreement")
    assert_only_local_requests(page)


def test_corrective_action_figures_page(page, qa, actions, sign_in, axe, assert_only_local_requests):  # noqa: F811
    sign_in(page, qa.email, PASSWORD)
    nav(page, "Corrective actions")
    page.get_by_role("link", name="Corrective action figures for a period").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Corrective action figures")
    axe(page, "action figures, the current half")

    page.get_by_label("Period").select_option("H1 2025-26")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("table", name="By team")).to_contain_text("Eden Early Help")
    expect(page.get_by_role("table", name="By district").get_by_role("row", name=re.compile("^All"))).to_contain_text("2 overdue")
    axe(page, "action figures for H1 2025-26")

    page.goto("/corrective-actions/figures?period=soon")
    expect(page.locator(".govuk-error-summary")).to_contain_text("'soon' is not a period")
    axe(page, "action figures, bad period")
    assert_only_local_requests(page)


@pytest.mark.parametrize("url, data", [
    ("/moderation/agreement?period=H1+2026-27&by=tool", "world"),
    ("/corrective-actions/figures?period=H1+2025-26", "actions"),
])
def test_both_pages_fit_a_phone(phone, qa, request, url, data, sign_in, axe, assert_no_horizontal_scroll):
    request.getfixturevalue(data)
    sign_in(phone, qa.email, PASSWORD)
    phone.goto(url)
    expect(phone.get_by_role("table").first).to_be_visible()
    assert_no_horizontal_scroll(phone)
    axe(phone, f"{url} at 320px")


def test_the_choices_work_without_javascript(new_page, qa, world, sign_in):  # noqa: F811
    plain = new_page(java_script_enabled=False)
    sign_in(plain, qa.email, PASSWORD)
    plain.goto("/moderation/agreement")
    plain.get_by_label("Period").select_option("H1 2026-27")
    plain.get_by_label("Show figures for each").select_option("tool")
    plain.get_by_role("button", name="Show figures").click()
    expect(plain.get_by_role("table", name="Agreement on the overall judgement, by audit tool")).to_contain_text("Early help audit")
