"""The respondent's page during a database outage, in the browser: answers sent (page by
page, then Send on "Check your answers") while the database is down come back as a "Try sending again" page (axe-clean at 320 px and 1280 px,
with and without JavaScript), and pressing it once the database is back stores them once."""
import os
from datetime import date

import pytest
from feedback.conftest import admin, campaign, invite, make_campaign, practitioner, questionnaires, team  # noqa: F401
from playwright.sync_api import expect
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import browser.test_respondent_journey as journey  # its steps, not its tests (a module, so nothing is collected twice)
from app.core.db import db
from app.feedback import concern_model, services
from app.feedback.models import Response

CALMER = "Things at home are calmer now."
WORDS = "If my worker came after school.\nAnd stayed longer."
SHOTS = os.environ.get("SCREENSHOTS")  # a folder: save what the pages look like


@pytest.fixture(autouse=True)
def _model_learnt():
    """The concern model learnt beforehand (as the server's start-up does), not inside the
    first request with free text, which would take longer than a click waits."""
    concern_model.model()


def responses() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


def database_down(monkeypatch):
    def commit():
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"),
                               connection_invalidated=True)

    monkeypatch.setattr(db.session, "commit", commit)


def send_during_an_outage(page, invite, monkeypatch):
    """Answer page by page to "Check your answers"; the database goes as Send is pressed."""
    page.goto(f"/q/{invite.display_code}")
    journey.answer_to_check(page, {CALMER: "Yes, mostly"}, {"What would make things better?": WORDS})
    database_down(monkeypatch)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have not been sent yet")


def test_on_a_phone_the_answers_wait_on_the_page_until_the_database_is_back(
        phone, invite, monkeypatch, axe, assert_no_horizontal_scroll, assert_only_local_requests):
    send_during_an_outage(phone, invite, monkeypatch)
    expect(phone.get_by_role("link", name="0800 1111").first).to_have_attribute("href", "tel:08001111")
    axe(phone, "outage, 320px")
    assert_no_horizontal_scroll(phone)
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/outage-320.png", full_page=True)
    assert responses() == 0

    monkeypatch.undo()  # the database is back
    phone.get_by_role("button", name="Try sending again").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert responses() == 1
    db.session.expire_all()
    assert db.session.scalar(select(Response)).free_text == {"better": WORDS}
    assert_only_local_requests(phone)


def test_on_a_wide_screen_with_and_without_javascript(new_page, invite, practitioner, monkeypatch, axe,
                                                    assert_no_horizontal_scroll):
    # Without JavaScript: the form alone keeps the answers.
    page = new_page(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    send_during_an_outage(page, invite, monkeypatch)
    assert_no_horizontal_scroll(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/outage-1280.png", full_page=True)
    monkeypatch.undo()
    page.get_by_role("button", name="Try sending again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert responses() == 1

    # axe needs JavaScript: the same page at 1280 px with it on, for another invite.
    checked = new_page(viewport={"width": 1280, "height": 800})
    send_during_an_outage(checked, services.issue_invite(invite.campaign, practitioner, date.today()), monkeypatch)
    axe(checked, "outage, 1280px")
    assert_no_horizontal_scroll(checked)
