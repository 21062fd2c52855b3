"""An administrator and a QA viewer go through the questionnaire, feedback results, theme
and comment pages; axe-core runs on each, error and warning states included."""
import re
import uuid
from datetime import datetime

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from app.core.db import db
from app.feedback import services
from app.feedback.models import Response
from app.feedback.questionnaire_service import questionnaire_by_key, seed_questionnaires

HARD = """\
key: forum_check_in
title: Forum check-in
audience: parents_carers
version: 1
status: draft
scale: agree
intro: |
  Tell us how the forum went. You do not have to answer.
statements:
  - key: heard
    text: Multidisciplinary professionals demonstrated comprehensive understanding of organisational considerations.
    measure: r2-fm1
"""


@pytest.fixture
def feedback(plan, make_user):
    """The seed questionnaires and a children's campaign with 6 responses in H1 2026-27, 3 with comments."""
    seed_questionnaires()
    admin = make_user("admin", email="admin@example.org", name="Ada Admin")
    campaign = services.create_campaign(
        name="Children's feedback, spring", version=questionnaire_by_key("children_feedback").published,
        period_start=datetime(2026, 4, 1).date(), period_end=datetime(2026, 9, 30).date(), district=None, team=None,
        target_rate=0.25, open_link=False, user=admin,
    )
    texts = ["More visits please", "A quieter room", "Nothing", "", "", ""]
    for i, text in enumerate(texts):
        db.session.add(Response(campaign_id=campaign.id, submitted_at=datetime(2026, 5, 1 + i), idempotency_key=uuid.uuid4().hex,
                                answers={"listened-to": "happy" if i else "sad"}, free_text={"better": text} if text else {}))
    db.session.commit()
    return admin


def nav(page, name):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True).click()


def test_questionnaire_pages(page, feedback, sign_in, axe, assert_only_local_requests):
    sign_in(page, feedback.email, PASSWORD)
    nav(page, "Administration")  # questionnaires are one of the admin's settings, not a menu item
    page.get_by_role("main").get_by_role("link", name="Questionnaires", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")
    axe(page, "questionnaires")

    page.get_by_role("button", name="Import a questionnaire").click()
    page.get_by_role("button", name="Import as a draft").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page, "import a questionnaire, errors")

    page.get_by_label("Or paste the questionnaire's YAML").fill(HARD)
    page.get_by_role("button", name="Import as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1")
    expect(page.locator("#reading-warnings li")).to_have_count(1)
    axe(page, "a draft with reading-level warnings")

    page.get_by_role("link", name="Edit as YAML (for bulk changes)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit draft version 1")
    page.get_by_role("button", name="Check reading level").click()
    expect(page.locator("#reading-warnings")).to_be_visible()
    axe(page, "edit, reading level checked")

    page.get_by_role("link", name="Back to Forum check-in").click()
    expect(page.get_by_role("table", name="Versions")).to_be_visible()
    axe(page, "a questionnaire's versions")
    assert_only_local_requests(page)


def test_results_themes_and_comments(page, feedback, make_user, sign_in, axe, assert_only_local_requests):
    qa = make_user("qa_viewer", email="quinn@example.org", name="Quinn QA")
    sign_in(page, qa.email, PASSWORD)
    page.goto("/feedback/results?period=H1 2026-27")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback results for H1 2026-27")
    axe(page, "feedback results for a period")

    page.get_by_label("Period").fill("H3 2026-27")
    page.get_by_role("button", name="Show results").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    axe(page, "feedback results, a bad period")

    page.goto("/feedback/themes")
    page.get_by_label("Name of the theme").fill("Being listened to")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_role("table", name="1 theme")).to_be_visible()
    axe(page, "comment themes")

    page.get_by_role("link", name="Read and tag comments").click()
    page.get_by_label("Period").fill("H1 2026-27")
    page.get_by_role("button", name="Show comments").click()
    expect(page.locator("legend")).to_have_count(3)
    page.locator(".app-comment").first.get_by_label("Being listened to").check()
    page.get_by_role("button", name="Save themes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("1 comment changed")
    axe(page, "comments, tagged")
    assert_only_local_requests(page)
