"""An administrator builds a short questionnaire with a safety statement from nothing in the
structured editor, translates it into Easy Read beside the English, and publishes it; a
statement with no words is refused at the field. axe-core runs on each page, and the pages
fit a 320 px screen."""
import re

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from app.feedback.questionnaire_service import questionnaire_by_key


@pytest.fixture
def admin_user(make_user, plan):
    return make_user("admin", email="alex.admin@example.org", name="Alex Admin")


def test_an_admin_builds_and_publishes_a_questionnaire_with_a_safety_statement(
        page, admin_user, sign_in, axe, assert_only_local_requests, assert_no_horizontal_scroll):
    sign_in(page, admin_user.email, PASSWORD)
    page.goto("/admin/questionnaires")
    page.get_by_role("button", name="Make a new questionnaire").click()
    axe(page, "make a new questionnaire")
    page.get_by_role("button", name="Make the questionnaire").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page, "make a new questionnaire, errors")

    page.get_by_label("Title").fill("After the forum")
    page.get_by_label("Parents and carers").check()
    page.get_by_label("Agree or disagree", exact=False).check()
    page.get_by_role("button", name="Make the questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft version 1")
    axe(page, "an empty draft")

    # a statement with no words is refused at the field, and what was chosen is kept
    page.get_by_role("button", name="Add a statement").click()
    page.get_by_label("This is a safety statement").check()
    page.get_by_role("group", name="Answers that raise a safeguarding alert").get_by_label("Strongly disagree").check()
    page.get_by_role("button", name="Save statement").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator("#text-error")).to_contain_text("Enter the statement's words")
    expect(page.get_by_role("group", name="Answers that raise a safeguarding alert").get_by_label("Strongly disagree")).to_be_checked()
    axe(page, "a statement with problems")
    page.get_by_label("The statement").fill("My family feels safe at home.")
    page.get_by_role("button", name="Save statement").click()
    expect(page.locator("#item-my-family-feels-safe-at-home")).to_contain_text("Safety statement")

    page.get_by_role("button", name="Add a statement").click()
    page.get_by_label("The statement").fill("I felt listened to at the forum.")
    page.get_by_label("The feedback measure it counts towards").select_option("r2-fm1")
    page.get_by_role("button", name="Save statement").click()
    page.get_by_role("button", name="Move up statement 2").click()
    expect(page.locator("#statement-list h3").first).to_have_text("1. I felt listened to at the forum.")
    axe(page, "a draft with two statements")
    page.screenshot(path="/tmp/q-editor-overview.png", full_page=True)

    # the other pages a QA lead meets on the way, each checked by axe (nothing saved here)
    page.get_by_role("link", name="Change details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Details")
    axe(page, "details")
    page.get_by_role("link", name="Back to the draft").click()
    page.get_by_role("button", name="Add a question").click()
    page.get_by_label("The question").fill("What is your role?")
    page.get_by_role("button", name="Add another answer").click()
    expect(page.get_by_label("Answer 3")).to_be_visible()
    expect(page.get_by_label("The question")).to_have_value("What is your role?")
    axe(page, "a choice question")
    page.screenshot(path="/tmp/q-editor-question.png", full_page=True)
    page.get_by_role("link", name="Back to the draft").click()
    page.get_by_role("link", name="Remove statement 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove statement 2?")
    axe(page, "remove a statement")
    page.get_by_role("link", name="Keep it").click()
    page.get_by_role("link", name="Add another language").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#code-error")).to_be_visible()
    axe(page, "add a language, errors")
    page.get_by_role("link", name="Back to the draft").click()

    page.get_by_role("link", name="Translate Easy Read").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Easy Read")
    page.get_by_label("Title in Easy Read").fill("After the forum")
    page.get_by_label("What respondents read first in Easy Read").fill("Tell us what you think. You do not have to answer.")
    page.get_by_label("Statement 1 in Easy Read").fill("People listened to me.")
    page.get_by_label("Picture for statement 1").select_option("listen")
    page.get_by_label("What the picture shows, for screen readers").first.fill("A person listening.")
    page.get_by_label("Statement 2 in Easy Read").fill("My family is safe at home.")
    page.get_by_label("Picture for statement 2").select_option("safe-home")
    page.get_by_label("What the picture shows, for screen readers").nth(1).fill("A safe home.")
    page.get_by_role("button", name="Save Easy Read").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Easy Read saved")
    page.wait_for_load_state("load")
    axe(page, "Easy Read side by side")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page)
    page.screenshot(path="/tmp/q-editor-translation-320.png", full_page=True)
    page.get_by_role("link", name="Back to the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft version 1")
    assert_no_horizontal_scroll(page)
    axe(page, "the draft at 320px")
    page.get_by_role("link", name="Change statement 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statement 1")
    assert_no_horizontal_scroll(page)
    axe(page, "a statement at 320px")
    page.screenshot(path="/tmp/q-editor-statement-320.png", full_page=True)
    page.get_by_role("link", name="Back to the draft").click()
    page.set_viewport_size({"width": 1024, "height": 768})

    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Version 1 of After the forum is published")
    assert_only_local_requests(page)
    published = questionnaire_by_key("after_the_forum").published
    assert [s.key for s in published.definition.statements] == ["i-felt-listened-to-at-the-forum", "my-family-feels-safe-at-home"]
    assert published.definition.statements[1].safety_answers == ("strongly_disagree",)


def _draft_with_three_statements(key="order_check"):
    from app.feedback import questionnaire_editor as editor
    from app.feedback import questionnaire_service as service

    data = editor.new_questionnaire("Order check", "parents_carers", "agree", key)
    for text in ("One.", "Two.", "Three."):
        data, _ = editor.save_item(data, editor.STATEMENTS, None, {"text": text, "measure": "r2-fm1"})
    service.import_questionnaire_yaml(editor.to_yaml(data), "test")
    return [s.key for s in questionnaire_by_key(key).draft.definition.statements]


def _order(key="order_check"):
    from app.core.db import db

    db.session.expire_all()
    return [s.key for s in questionnaire_by_key(key).draft.definition.statements]


def test_statements_move_with_buttons_without_javascript_and_by_dragging_with_it(
        new_page, page, admin_user, sign_in):
    assert _draft_with_three_statements() == ["one", "two", "three"]
    plain = new_page(java_script_enabled=False)
    sign_in(plain, admin_user.email, PASSWORD)
    plain.goto("/admin/questionnaires/order_check/editor")
    plain.get_by_role("button", name="Move down statement 1").click()
    expect(plain.locator("#statement-list h3").first).to_have_text("1. Two.")
    assert _order() == ["two", "one", "three"]

    sign_in(page, admin_user.email, PASSWORD)
    page.goto("/admin/questionnaires/order_check/editor")
    page.wait_for_function("document.querySelector('#item-three').draggable")
    # The drag events as the browser sends them (headless Chromium here does not start a native drag).
    with page.expect_navigation():
        page.evaluate("""() => {
            const data = new DataTransfer();
            const three = document.querySelector('#item-three'), two = document.querySelector('#item-two');
            const fire = (el, type, y) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data, clientY: y}));
            fire(three, 'dragstart', 0);
            fire(two, 'dragover', two.getBoundingClientRect().top + 1);
            fire(two, 'drop', two.getBoundingClientRect().top + 1);
        }""")
    expect(page.locator("#statement-list h3").first).to_have_text("1. Three.")
    assert _order() == ["three", "two", "one"]


def test_a_questionnaire_built_from_nothing_is_previewed_published_and_its_safety_statement_raises_an_alert(
        page, new_page, admin_user, make_user, sign_in, axe):
    """The whole loop a QA lead trusts: built in the editor, previewed at phone width (nothing
    saved, no alert), published, handed out by a practitioner, and a parent's answer to the
    safety statement raises a safeguarding alert that reaches a person."""
    from datetime import date, timedelta

    from sqlalchemy import func, select

    from app.core.db import db
    from app.feedback import services
    from app.feedback.models import Response
    from app.org.models import District, Team
    from app.safeguarding.models import Alert

    sign_in(page, admin_user.email, PASSWORD)
    page.goto("/admin/questionnaires")
    page.get_by_role("button", name="Make a new questionnaire").click()
    page.get_by_label("Title").fill("After the family meeting")
    page.get_by_label("Parents and carers").check()
    page.get_by_label("Agree or disagree", exact=False).check()
    page.get_by_role("button", name="Make the questionnaire").click()
    page.get_by_role("button", name="Add a statement").click()
    page.get_by_label("The statement").fill("I felt listened to at the meeting.")
    page.get_by_label("The feedback measure it counts towards").select_option("r2-fm1")
    page.get_by_role("button", name="Save statement").click()
    page.get_by_role("button", name="Add a statement").click()
    page.get_by_label("The statement").fill("My children are safe at home.")
    page.get_by_label("This is a safety statement").check()
    alert_answers = page.get_by_role("group", name="Answers that raise a safeguarding alert")
    alert_answers.get_by_label("Disagree", exact=True).check()
    alert_answers.get_by_label("Strongly disagree").check()
    page.get_by_role("button", name="Save statement").click()
    expect(page.locator("#item-my-children-are-safe-at-home")).to_contain_text("Safety statement")

    # The preview walks the respondent's page at phone width: nothing saved, no alert raised.
    page.goto("/admin/questionnaires/after_the_family_meeting/versions/1")
    page.get_by_role("link", name="Preview version 1 as a respondent sees it").click()
    frame = page.frame_locator("#phone-preview")
    expect(frame.get_by_text("Nothing entered here is saved or sent")).to_be_visible()
    frame.get_by_role("group", name="My children are safe at home.").get_by_label("Strongly disagree").check()
    # Back to the top: scrolled, the sticky "Exit this page" button lies over the content below it
    # (as on a phone), which axe counts as a crowded target.
    page.frames[1].evaluate("window.scrollTo(0, 0)")  # frames[0] is the admin page, [1] the phone
    axe(page, "the preview of a questionnaire built from nothing")
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 0
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0

    page.goto("/admin/questionnaires/after_the_family_meeting/editor")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is published")

    # A practitioner hands it out; a parent answers on their phone.
    team = Team(name="Eden Family Support", district=db.session.scalar(select(District).where(District.name == "Eden")),
                service_area="early_help")
    db.session.add(team)
    db.session.commit()
    worker = make_user("practitioner", email="pat.worker@example.org", name="Pat Worker", team_id=team.id)
    version = questionnaire_by_key("after_the_family_meeting").published
    campaign = services.create_campaign(
        name="After family meetings", version=version, period_start=date.today() - timedelta(days=1),
        period_end=date.today() + timedelta(days=30), district=None, team=team, target_rate=0.25, open_link=False,
        user=admin_user)
    invite = services.issue_invite(campaign, worker, date.today())
    phone = new_page(viewport={"width": 320, "height": 640})
    phone.goto(f"/q/{invite.display_code}")
    phone.get_by_role("group", name="I felt listened to at the meeting.").get_by_label("Agree", exact=True).check()
    phone.get_by_role("group", name="My children are safe at home.").get_by_label("Disagree", exact=True).check()
    phone.get_by_role("button", name=re.compile("^(Continue|Check your answers)")).first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your answers")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
    axe(phone, "thank you, after a safety answer")
    db.session.expire_all()
    response = db.session.scalar(select(Response))
    assert response.answers == {"i-felt-listened-to-at-the-meeting": "agree", "my-children-are-safe-at-home": "disagree"}
    alert = db.session.scalar(select(Alert))
    assert alert is not None and alert.response_id == response.id
