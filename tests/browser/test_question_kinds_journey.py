"""A practitioner answers a questionnaire with choice, number and branched questions on a
phone 320px wide (issue 16): with JavaScript a question hangs on an answer on its own page
and shows and hides; without it, one question per page, a question not asked is passed over
forward and Back. axe-core clean; what is stored is only what was asked. An administrator
previews a draft at phone width."""
from datetime import date, timedelta

import pytest
from conftest import PASSWORD
from feedback.conftest import admin, questionnaires  # noqa: F401  (fixtures)
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.core.db import db
from app.feedback import services
from app.feedback.models import Response
from app.feedback.questionnaire_service import import_questionnaire_yaml, publish

from feedback.test_question_kinds import ASKING


@pytest.fixture(autouse=True, scope="module")
def concern_model_learned():
    """The concern detector learns its model on first use (seconds): here, not inside a Send."""
    from app.feedback import concern_model

    concern_model.model()


@pytest.fixture
def open_link(app, questionnaires, admin):  # noqa: F811
    def make(layout_name: str) -> str:
        version = import_questionnaire_yaml(ASKING.format(layout=layout_name), "team_check.yaml", admin)
        publish(version, admin)
        today = date.today()
        campaign = services.create_campaign(
            name="Team check", version=version, period_start=today - timedelta(days=1),
            period_end=today + timedelta(days=30), open_link=True, user=admin)
        return f"/c/{campaign.open_link_token}"
    return make


def stored() -> Response:
    db.session.expire_all()
    return db.session.scalars(select(Response)).one()


def continue_(page: Page):
    page.get_by_role("button", name="Continue", exact=True).click()


def check(page: Page, axe, assert_no_horizontal_scroll, what: str):
    assert_no_horizontal_scroll(page)
    axe(page, what)


def test_with_javascript_a_question_shows_and_hides_with_an_answer_on_its_page(
        phone, open_link, axe, assert_only_local_requests, assert_no_horizontal_scroll):
    page = phone
    page.goto(open_link("a_few_per_page"))
    size = page.get_by_label("How many people do you manage?")
    expect(size).to_be_hidden()
    check(page, axe, assert_no_horizontal_scroll, "choice questions, the branched one hidden")
    role = page.get_by_role("group", name="What is your role?")
    role.get_by_label("Manager").check()
    expect(size).to_be_visible()
    expect(page.locator(".app-r-only-if")).to_be_hidden()  # the line for pages without JavaScript
    size.fill("4")
    check(page, axe, assert_no_horizontal_scroll, "the branched number question shown")
    page.screenshot(path="/tmp/q-kinds-branch-320.png", full_page=True)
    role.get_by_label("Social worker").check()
    expect(size).to_be_hidden()
    agencies = page.get_by_role("group", name="Which agencies do you work with?")
    expect(agencies.get_by_text("Choose all that apply.")).to_be_visible()
    agencies.get_by_label("Police").check()
    agencies.get_by_label("Health").check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision helps me improve my practice.")
    expect(page.locator("#progress")).to_have_text("2 of 2")  # the manager's page is not counted
    page.get_by_label("Agree", exact=True).check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")  # the manager's page passed over
    rows = page.locator(".govuk-summary-list__key")
    expect(rows).to_have_text(["What is your role?", "Which agencies do you work with?",
                               "Supervision helps me improve my practice."])
    check(page, axe, assert_no_horizontal_scroll, "check your answers")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    # Not the 4 typed while a manager: that question was not asked in the end.
    assert stored().answers == {"role": "social-worker", "agencies": ["police", "health"], "supervision-helps": "agree"}
    assert_only_local_requests(page)


def test_without_javascript_one_per_page_passes_over_a_question_not_asked(new_page, open_link):
    page = new_page(viewport={"width": 320, "height": 640}, is_mobile=True, java_script_enabled=False)
    page.goto(open_link("one_per_page"))
    page.get_by_label("Other").check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Which agencies do you work with?")
    expect(page.locator("#progress")).to_have_text("2 of 3")
    page.get_by_label("School").check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision helps me improve my practice.")
    page.get_by_role("button", name="Back", exact=True).click()
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How is your team doing?")
    page.get_by_label("Manager").check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("How many people do you manage?")
    page.get_by_label("How many people do you manage?").fill("99")
    continue_(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a number from 1 to 50")
    page.get_by_label("How many people do you manage?").fill("6")
    continue_(page)
    continue_(page)  # the agencies, as chosen before
    expect(page.get_by_role("heading", level=1)).to_have_text("What would help you as a manager?")
    page.get_by_label("What would help you as a manager?").fill("Time to read case notes")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    response = stored()
    assert response.answers == {"role": "manager", "team-size": 6, "agencies": ["school"]}
    assert response.free_text == {"manager-help": "Time to read case notes"}


def test_an_administrator_previews_a_draft_at_phone_width(page, admin, questionnaires, sign_in, axe,  # noqa: F811
                                                        assert_no_horizontal_scroll):
    import_questionnaire_yaml(ASKING.format(layout="one_per_page"), "team_check.yaml", admin)
    sign_in(page, admin.email, PASSWORD)
    page.goto("/admin/questionnaires/team_check/versions/1")
    page.get_by_role("link", name="Preview version 1 as a respondent sees it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview at phone width")
    frame = page.frame_locator("#phone-preview")
    expect(frame.get_by_text("Nothing entered here is saved or sent")).to_be_visible()
    frame.get_by_label("Manager").check()
    frame.get_by_role("button", name="Continue", exact=True).click()
    expect(frame.get_by_role("heading", level=1)).to_have_text("How many people do you manage?")
    axe(page, "the phone-width preview")
    page.screenshot(path="/tmp/q-kinds-preview.png", full_page=True)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page)
    assert db.session.scalar(select(Response.id)) is None
