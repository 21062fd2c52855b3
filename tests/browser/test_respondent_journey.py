"""A child answers a questionnaire on their phone: the code from their card, one statement
per page with Back, Skip and "Check your answers", "Send my answers" pressed twice, thank
you. With JavaScript and without; answers kept on the server between pages (not on the
phone); the pages fit 320px with text at 200%; axe-core on every respondent page; nothing
loaded from another site.
"""
import re
from datetime import date

import pytest

from feedback.conftest import (  # noqa: F401  (fixtures)
    admin, campaign, invite, lead, make_campaign, outbox, practitioner, questionnaires, team,
)
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.core.db import db
from app.core.jobs import run_queued
from app.feedback import services
from app.feedback.models import Invite, Response
from app.feedback.questionnaires import SURVEYS_DIR, load_questionnaire_file
from app.safeguarding.models import Alert

CHILDREN = load_questionnaire_file(SURVEYS_DIR / "children_feedback.yaml")
SAFE = "I feel safe where I live."
CALMER = "Things at home are calmer now."


@pytest.fixture(autouse=True, scope="module")
def concern_model_learned():
    """The concern detector learns its model once per process, on first use (seconds, more
    on a busy machine): here, not inside the first Send, so that no step times out."""
    from app.feedback import concern_model

    concern_model.model()


def responses() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


def face(page: Page, statement: str, words: str):
    return page.get_by_role("group", name=statement).get_by_label(words)


def watch(page: Page, javascript: bool = True) -> Page:
    """A new tab, watched like the conftest's pages."""
    page.javascript = javascript
    page.requests = []
    page.problems = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.problems.append(f"JavaScript error: {error}"))
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith("Failed to load resource")
            and page.problems.append(f"console error: {msg.text}"))
    return page


def text_at_200_percent(page: Page) -> None:
    # CSSOM, not an inline style attribute, so the page's CSP still allows it.
    page.evaluate("document.documentElement.style.fontSize = '200%'")


def continue_(page: Page):
    page.get_by_role("button", name="Continue", exact=True).click()


def skip(page: Page):
    page.get_by_role("button", name=re.compile("^Skip")).click()


def back(page: Page):
    page.get_by_role("button", name="Back", exact=True).click()


def on_page(page: Page, number: int, heading: str | None = None):
    expect(page.locator("#progress")).to_have_text(f"{number} of 11")
    if heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def answer_to_check(page: Page, faces: dict, text: dict | None = None, name: str | None = None, start: int = 1):
    """From page `start` of the children's questionnaire to "Check your answers": a face where
    `faces` gives one (by statement), the text where `text` gives it, else Skip."""
    statements = [s.text for s in CHILDREN.statements]
    for number in range(start, 12):
        if number <= 8:
            words = faces.get(statements[number - 1])
            if words:
                face(page, statements[number - 1], words).check()
        elif number <= 10:
            question = CHILDREN.free_text[number - 9].text
            words = (text or {}).get(question)
            if words:
                page.get_by_label(question).fill(words)
        elif name:
            page.get_by_label("Your name, if you want to tell us").fill(name)
        chosen = (number <= 8 and faces.get(statements[number - 1])) or (
            8 < number <= 10 and (text or {}).get(CHILDREN.free_text[number - 9].text)) or (number == 11 and name)
        continue_(page) if chosen else skip(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")


def fits(page: Page, assert_no_horizontal_scroll) -> None:
    """Nothing scrolls sideways, and no label is cut off (its words are all inside its box)."""
    assert_no_horizontal_scroll(page)
    cut = page.evaluate("""() => [...document.querySelectorAll('label, legend, .govuk-button, a, p, dt, dd')]
        .filter((el) => el.offsetParent !== null && el.clientWidth > 1  // not the visually hidden skip links
                && el.scrollWidth > el.clientWidth + 1
                && getComputedStyle(el).overflowX !== 'visible')
        .map((el) => el.textContent.trim())""")
    assert cut == []
    for label in page.locator(".app-faces .govuk-radios__label").all():
        box = label.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1, label.text_content()


def test_a_child_answers_one_statement_at_a_time_on_their_phone(phone, invite, lead, outbox, axe,
                                                                assert_only_local_requests, assert_no_horizontal_scroll):
    page = phone

    def check(what):
        fits(page, assert_no_horizontal_scroll)
        axe(page, what)

    # The code typed from the card, in small letters without the dash.
    page.goto("/q")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    check("enter your code")
    page.get_by_label("Enter your code").fill("zzzz zzzz")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    check("code not found")
    page.get_by_label("Enter your code").fill(invite.code.lower())
    page.get_by_role("button", name="Continue").click()

    # The first page: a few words, "More about this" closed, the first statement on the first screen.
    expect(page).to_have_url(re.compile(f"/q/{invite.display_code}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you think")
    on_page(page, 1)
    first_answer = face(page, CALMER, "Yes, mostly")
    assert first_answer.bounding_box()["y"] + first_answer.bounding_box()["height"] <= 640
    expect(page.get_by_text("A small team reads the answers.")).to_be_hidden()
    page.get_by_text("More about this").click()
    expect(page.get_by_text("A small team reads the answers.")).to_be_visible()
    check("the first page, more about this open")
    text_at_200_percent(page)
    fits(page, assert_no_horizontal_scroll)
    shot(page, "first-page-200-percent-320")
    page.reload()

    first_answer.check()
    continue_(page)
    on_page(page, 2, "I am happier since we got help.")
    check("the second statement")
    text_at_200_percent(page)
    fits(page, assert_no_horizontal_scroll)
    page.reload()
    face(page, "I am happier since we got help.", "Sometimes").check()
    back(page)  # keeps both answers
    on_page(page, 1)
    expect(first_answer).to_be_checked()
    continue_(page)
    expect(face(page, "I am happier since we got help.", "Sometimes")).to_be_checked()
    continue_(page)
    answer_to_check(page, {SAFE: "No, not really"}, {"What would make things better?": "If my worker came after school."},
                    start=3)
    check("check your answers")
    text_at_200_percent(page)
    fits(page, assert_no_horizontal_scroll)
    shot(page, "check-200-percent-320")
    page.reload()
    rows = page.locator(".govuk-summary-list__row")
    expect(rows.filter(has_text=SAFE)).to_contain_text("No, not really")
    expect(rows.filter(has_text="The adults who help me listen to me.")).to_contain_text("Skipped")
    # Change, then back to the check page.
    page.get_by_role("button", name="Change your answer to: The adults who help me listen to me.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The adults who help me listen to me.")
    face(page, "The adults who help me listen to me.", "Yes, mostly").check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert responses() == 0 and db.session.scalar(select(func.count()).select_from(Alert)) == 0

    page.get_by_role("button", name="Send my answers").dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_role("heading", level=2, name="We want to check you are OK")).to_be_visible()
    expect(page.get_by_text("If nobody has read it within 2 hours, more people are told")).to_be_visible()
    check("thank you, with help")
    assert responses() == 1
    stored = db.session.scalar(select(Response))
    assert stored.answers == {"home-calmer": "happy", "happier": "middle", "listened-to": "happy", "safe-home": "sad"}
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1
    run_queued()  # as the queue's worker would: never inside the request
    assert sorted(a for m in outbox for a in m.to) == ["lee.lead@example.org", "priya@example.org"]

    page.goto(f"/q/{invite.display_code}")  # a used code answers as an unknown one does
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    check("code already used")
    assert responses() == 1
    assert_only_local_requests(page)


def test_it_all_works_without_javascript(new_page, invite, assert_only_local_requests, assert_no_horizontal_scroll):
    page = new_page(java_script_enabled=False, viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page.goto(f"/q/{invite.display_code}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you think")
    # The first view is this page and its stylesheet: two requests.
    assert len(page.requests) == 2 and page.requests[1].endswith(".css"), page.requests
    expect(page.locator("[data-listen]").first).to_be_hidden()  # Listen needs the script
    page.get_by_text("More about this").click()  # a details element: no script needed
    expect(page.get_by_text("A small team reads the answers.")).to_be_visible()
    assert_no_horizontal_scroll(page)

    face(page, CALMER, "Sometimes").check()
    continue_(page)
    on_page(page, 2)
    back(page)
    expect(face(page, CALMER, "Sometimes")).to_be_checked()
    continue_(page)
    for _ in range(8):
        skip(page)
    # A problem keeps what was typed, and says where.
    on_page(page, 10, "Is there anything else you want to tell us?")
    page.get_by_label("Is there anything else you want to tell us?").fill("x" * 2001)
    continue_(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("is too long")
    page.get_by_role("link", name=re.compile("is too long")).click()
    expect(page.get_by_label("Is there anything else you want to tell us?")).to_be_focused()
    page.get_by_label("Is there anything else you want to tell us?").fill("Thank you for the help.")
    continue_(page)
    page.get_by_label("Your name, if you want to tell us").fill("Sam")
    page.get_by_label("Your name, if you want to tell us").press("Enter")  # Enter means Continue, never Back
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Send my answers").dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_text("We want to check you are OK")).to_have_count(0)
    assert responses() == 1
    stored = db.session.scalar(select(Response))
    assert (stored.answers, stored.free_text, stored.respondent_name) == (
        {"home-calmer": "middle"}, {"anything-else": "Thank you for the help."}, "Sam")
    assert_only_local_requests(page)


def test_the_same_answers_sent_twice_at_once_count_once(phone, invite):
    """A flaky connection (or a double tap the browser does not stop) sends the same form
    twice at the same moment: one response, and both land on the thank-you page."""
    page = phone
    page.goto(f"/q/{invite.display_code}")
    face(page, CALMER, "Yes, mostly").check()
    continue_(page)
    answer_to_check(page, {}, start=2)
    statuses = page.evaluate("""async () => {
        const form = document.getElementById("respondent-form");
        const send = () => {
            const body = new FormData(form);
            body.set("go", "send");
            return fetch(form.action, {method: "POST", body}).then((r) => [r.status, new URL(r.url).pathname]);
        };
        return Promise.all([send(), send(), send()]);
    }""")
    assert statuses == [[200, "/q/thank-you"]] * 3
    assert responses() == 1
    db.session.expire_all()
    assert db.session.get(Invite, invite.id).used_at is not None


def test_a_dropped_connection_between_pages_loses_nothing(phone, invite, assert_only_local_requests):
    page = phone
    page.goto(f"/q/{invite.display_code}")
    face(page, CALMER, "No, not really").check()
    continue_(page)
    face(page, "I am happier since we got help.", "Yes, mostly").check()
    page.context.set_offline(True)  # the signal drops as they press Continue
    try:
        continue_(page)
    except Exception:  # noqa: BLE001 - the browser's own "no internet" page
        pass
    page.context.set_offline(False)
    page.reload()  # "Try again": the browser sends the same page again
    on_page(page, 3)
    back(page)
    back(page)
    expect(face(page, CALMER, "No, not really")).to_be_checked()
    # Nothing of theirs on the phone: the answers are on the server, against the page's token.
    assert page.evaluate("Object.keys(localStorage).length") == 0
    assert page.context.cookies() == []


def test_listen_reads_the_question_and_its_answers_aloud_with_the_browsers_own_voice(new_page, invite,
                                                                                   assert_only_local_requests):
    page = new_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    # The browser's speech synthesis, recorded: what would be said, and nothing else.
    page.add_init_script("""
        window.spoken = [];
        window.SpeechSynthesisUtterance = function (text) { this.text = text; };
        Object.defineProperty(window, "speechSynthesis", {value: {
            speak: (u) => window.spoken.push(u.text), cancel: () => window.spoken.push("(stop)")}});
    """)
    page.goto(f"/q/{invite.display_code}")
    listen = page.get_by_role("button", name="Listen to this question")
    expect(listen).to_be_visible()
    listen.click()
    assert page.evaluate("window.spoken") == [
        "(stop)", "Things at home are calmer now.. Yes, mostly. Sometimes. No, not really"]
    assert_only_local_requests(page)

    without = new_page(viewport={"width": 320, "height": 640})
    without.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    without.goto(f"/q/{invite.display_code}")
    expect(without.locator("[data-listen]")).to_be_hidden()


def test_an_open_link_and_the_closed_and_missing_pages(phone, make_campaign, team, axe, assert_only_local_requests,
                                                      assert_no_horizontal_scroll):
    campaign = make_campaign("parent_carer_forum", team=team, open_link=True)
    page = phone
    for n in range(2):
        page.goto(f"/c/{campaign.open_link_token}")
        if n == 0:
            axe(page, "an open link (agree scale)")
            assert_no_horizontal_scroll(page)
        page.get_by_role("group", name=re.compile("listened to")).get_by_label("Agree", exact=True).check()
        continue_(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
        if n == 0:
            axe(page, "check your answers (agree scale)")
            assert_no_horizontal_scroll(page)
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    axe(page, "thank you")
    assert responses() == 2

    services.close_campaign(campaign, campaign.created_by)
    page.goto(f"/c/{campaign.open_link_token}")
    expect(page.get_by_role("heading", level=1)).to_have_text("This questionnaire has closed")
    axe(page, "closed")
    page.goto("/c/no-such-link")
    expect(page.get_by_role("heading", level=1)).to_have_text("We cannot find this questionnaire")
    axe(page, "not found")
    assert_only_local_requests(page)


def test_a_practitioner_issues_an_invite_and_prints_the_card(page, practitioner, campaign, sign_in, axe,
                                                             assert_only_local_requests):
    from conftest import PASSWORD

    sign_in(page, practitioner.email, PASSWORD)
    page.get_by_role("link", name="Invites").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invites")
    axe(page, "invites")
    page.get_by_role("table", name="Open campaigns you can issue invites in").get_by_role(
        "link", name=campaign.name).click()  # to the campaign's form
    axe(page, "the campaign, with the invite form")
    page.get_by_label("Who is this invite for? (optional)").fill("CASE-4471, the eldest")
    page.get_by_role("button", name="Issue an invite", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Invite [2-9A-Z]{4}-[2-9A-Z]{4}$"))
    expect(page.get_by_role("img", name=re.compile("^QR code for invite"))).to_be_visible()
    axe(page, "an invite")
    page.get_by_role("link", name="Print a card with this code").click()
    db.session.expire_all()
    code = db.session.scalar(select(Invite)).display_code
    expect(page.locator(".app-card__code")).to_have_text(code)
    axe(page, "the card")
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.get_by_role("button", name="Print the card").click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back")).to_be_hidden()
    expect(page.get_by_role("button", name="Print the card")).to_be_hidden()
    expect(page.locator(".app-card")).to_be_visible()
    assert_only_local_requests(page)


def test_the_staff_feedback_pages_pass_axe(page, phone, admin, practitioner, make_campaign, lead, sign_in, axe,
                                          assert_only_local_requests, assert_no_horizontal_scroll):
    from conftest import PASSWORD

    campaign = make_campaign(open_link=True)
    invite = services.issue_invite(campaign, practitioner, date.today())
    services.submit_response(campaign, invite, services.read_submission(
        campaign.questionnaire, {"s-safe-home": "sad", "t-better": "I am scared to go home"}), date.today())
    alert = db.session.scalar(select(Alert))
    pages = [
        ("/feedback/campaigns", "Feedback campaigns"),
        ("/feedback/campaigns/new", "Create a campaign"),
        (f"/feedback/campaigns/{campaign.id}", campaign.name),
        (f"/feedback/campaigns/{campaign.id}/card", "Tell us what you think"),
        (f"/feedback/invites/{invite.display_code}", f"Invite {invite.display_code}"),
        ("/feedback/alerts", "Safeguarding alerts"),
        (f"/feedback/alerts/{alert.id}", "Safeguarding alert"),
        ("/feedback/concern-words", "Concern phrases"),
        ("/feedback/safeguarding-leads", "Safeguarding leads"),
    ]
    for tab, narrow in ((page, False), (phone, True)):
        sign_in(tab, admin.email, PASSWORD)
        for url, heading in pages:
            tab.goto(url)
            expect(tab.get_by_role("heading", level=1)).to_have_text(heading)
            if narrow:
                assert_no_horizontal_scroll(tab)
            axe(tab, f"{url}{' at 320px' if narrow else ''}")
    # Error states: a campaign with nothing filled in, an alert closed without a note.
    page.goto("/feedback/campaigns/new")
    page.get_by_role("button", name="Create campaign").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page, "campaign form with errors")
    page.goto(f"/feedback/alerts/{alert.id}")
    page.get_by_role("button", name="Acknowledge: I am dealing with this").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have acknowledged the alert")
    page.get_by_role("button", name="Close the alert").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what was done before closing the alert")
    axe(page, "alert closed without a note")
    assert_only_local_requests(page)
    assert_only_local_requests(phone)


# --- A child discloses; the practitioner picks it up ----------------------------------------

EXIT = "https://www.bbc.co.uk/weather"
GIVEN_TO = "Case 4471-ZQ, Jordan, Year 6"
ANYTHING_ELSE = "Is there anything else you want to tell us?"


def neutral_site(page: Page) -> None:
    """The neutral site, answered here: the tests never reach the internet."""
    page.context.route(f"{EXIT}**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!DOCTYPE html><title>Weather</title><h1>Weather</h1>"))


def shot(page: Page, name: str) -> None:
    """A full-page screenshot, when RESPONDENT_SCREENSHOTS names a folder (to look at them)."""
    import os

    folder = os.environ.get("RESPONDENT_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_child_discloses_gets_help_at_once_and_the_practitioner_picks_it_up(
        phone, page, campaign, practitioner, lead, outbox, sign_in, axe, assert_only_local_requests,
        assert_no_horizontal_scroll):
    from conftest import PASSWORD

    invite = services.issue_invite(campaign, practitioner, date.today(), given_to=GIVEN_TO)
    child = phone

    def check(what, tab=child):
        assert_no_horizontal_scroll(tab) if tab is child else None
        axe(tab, what)

    child.goto(f"/q/{invite.display_code}")
    expect(child.get_by_role("heading", level=1)).to_have_text("Tell us what you think")
    expect(child.get_by_role("button", name="Emergency Exit this page")).to_have_attribute("href", EXIT)
    expect(child.get_by_role("link", name="I need help now")).to_be_visible()
    check("the questionnaire, with exit and help")
    shot(child, "1-questionnaire-320")

    answer_to_check(child, {CALMER: "Sometimes", SAFE: "No, not really"}, {ANYTHING_ELSE: "my dad hits me when he is drunk"})
    # Exit and help on every page, the check page too.
    expect(child.get_by_role("link", name="I need help now")).to_be_visible()
    expect(child.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    child.get_by_role("button", name="Send my answers").click()

    # Help at once, then the question.
    expect(child.get_by_role("heading", level=1)).to_have_text("Thank you")
    help_now = child.locator("#help-now")
    expect(help_now.get_by_role("link", name="0800 1111")).to_have_attribute("href", "tel:08001111")
    expect(help_now.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")
    expect(help_now.get_by_role("link", name="01632 960 123 (demo number)")).to_have_attribute("href", "tel:01632960123")
    expect(child.get_by_text("If nobody has read it within 2 hours, more people are told, until someone does.")).to_be_visible()
    question = child.get_by_role("group", name="Do you want someone to get in touch with you?")
    expect(question).to_be_visible()
    check("thank you, with help and the contact question")
    shot(child, "2-thank-you-320")

    # Ring me, but the number forgotten first: told so, kindly.
    question.get_by_label("Yes").check()
    child.get_by_role("group", name="If yes, how should we get in touch?").get_by_label("Ring me").check()
    child.get_by_role("button", name="Send", exact=True).click()
    expect(child.locator(".govuk-error-summary")).to_be_focused()
    expect(child.locator(".govuk-error-summary")).to_contain_text("Write the number or email address we should use")
    check("contact question with an error")
    shot(child, "3-contact-error-320")
    child.get_by_label("Your phone number or email address").fill("07700 900123 after 4pm")
    child.get_by_role("button", name="Send", exact=True).click()
    expect(child.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    check("contact recorded")
    shot(child, "4-contact-done-320")

    child.get_by_role("link", name="I need help now").click()
    expect(child.get_by_role("heading", level=1)).to_have_text("Get help now")
    check("help page")
    shot(child, "5-help-320")
    assert_only_local_requests(child)

    # The practitioner: the alert, who the invite was given to, the wish, acknowledged.
    run_queued()
    assert sorted(a for m in outbox for a in m.to) == ["lee.lead@example.org", "lee.lead@example.org",
                                                      "priya@example.org", "priya@example.org"]
    assert not any(GIVEN_TO in m.body for m in outbox)  # never in an email
    for tab, narrow in ((page, False), (phone, True)):
        sign_in(tab, practitioner.email, PASSWORD)
        tab.goto("/feedback/alerts")
        expect(tab.get_by_role("heading", level=1)).to_have_text("Safeguarding alerts")
        check(f"alerts list{' at 320px' if narrow else ''}", tab)
        tab.locator("#open-alerts a").first.click()
        expect(tab.get_by_role("heading", level=1)).to_have_text("Safeguarding alert")
        rows = tab.locator(".govuk-summary-list")
        expect(rows.locator(".govuk-summary-list__row", has_text="Given to")).to_contain_text(GIVEN_TO)
        expect(rows).to_contain_text("They want someone to get in touch: ring me (07700 900123 after 4pm).")
        # The "not safe" answer raises it whatever the detector makes of the comment.
        expect(tab.locator("#what-was-said")).to_contain_text("They answered: No, not really")
        check(f"the alert{' at 320px' if narrow else ''}", tab)
    page.get_by_role("button", name="Acknowledge: I am dealing with this").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have acknowledged the alert")
    check("alert acknowledged", page)
    db.session.expire_all()
    alert = db.session.scalar(select(Alert))
    assert alert.acknowledged_by_id == practitioner.id and alert.contact_request["how"] == "phone"
    assert_only_local_requests(page)


def test_the_respondent_pages_pass_axe_on_a_desktop_too(new_page, invite, axe, assert_only_local_requests,
                                                        assert_no_horizontal_scroll):
    page = new_page(viewport={"width": 1280, "height": 800})
    for url, heading in ((f"/q/{invite.display_code}", "Tell us what you think"), ("/q/help", "Get help now"),
                         ("/q", "Enter your code")):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe(page, f"{url} on a desktop")
        shot(page, f"desktop-{url.strip('/').replace('/', '-')}-1280")
    page.goto(f"/q/{invite.display_code}")
    continue_(page)
    on_page(page, 2, "I am happier since we got help.")
    axe(page, "a statement's own page on a desktop")
    shot(page, "desktop-page-2-1280")
    answer_to_check(page, {"I am happier since we got help.": "Yes, mostly"}, start=2)
    axe(page, "check your answers on a desktop")
    shot(page, "desktop-check-1280")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    axe(page, "thank you on a desktop")
    assert_no_horizontal_scroll(page)
    assert_only_local_requests(page)


def test_exit_this_page_leaves_no_way_back_with_javascript(phone, invite):
    page = phone
    neutral_site(page)
    page.goto("/q/help")  # something before, as a phone's history would have
    page.goto(f"/q/{invite.display_code}")
    face(page, CALMER, "Yes, mostly").check()
    before = page.evaluate("history.length")
    page.get_by_role("button", name="Emergency Exit this page").click()
    expect(page).to_have_url(EXIT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather")
    # Replaced, not added: Back goes to what came before, not to the questionnaire.
    assert page.evaluate("history.length") == before
    page.go_back()
    expect(page).to_have_url(re.compile("/q/help$"))

    # Shift three times does the same, from anywhere on the page.
    page.goto(f"/q/{invite.display_code}")
    page.wait_for_function("() => document.body.dataset.govukFrontendExitThisPageKeypress === 'true'")
    page.locator("body").press("Shift")
    page.locator("body").press("Shift")
    page.locator("body").press("Shift")
    expect(page).to_have_url(EXIT)


def test_answers_kept_on_the_phone_by_an_older_version_are_deleted(phone, invite):
    """Earlier, unsent answers were kept in the phone's storage; now the server keeps them,
    so any copy left on a shared phone goes when a respondent page opens."""
    page = phone
    page.goto("/q/help")
    page.evaluate("""localStorage.setItem('feedback-0123456789abcdef01234567', JSON.stringify({values: {'s-safe-home': 'sad'},
        submission: 'x', at: Date.now()}))""")
    page.goto(f"/q/{invite.display_code}")
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('feedback-'))") == []


def test_help_and_exit_work_without_javascript(new_page, invite):
    page = new_page(java_script_enabled=False, viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    neutral_site(page)
    page.goto(f"/q/{invite.display_code}")
    page.get_by_role("link", name="I need help now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")
    expect(page.get_by_role("link", name="0800 1111")).to_have_attribute("href", "tel:08001111")
    expect(page.get_by_role("link", name="999", exact=True)).to_have_attribute("href", "tel:999")
    shot(page, "6-help-no-js-320")
    page.get_by_role("button", name="Emergency Exit this page").click()
    expect(page).to_have_url(EXIT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather")
