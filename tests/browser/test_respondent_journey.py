"""A young person answers a questionnaire on their phone: the link from their invite, the
questions, "Send my answers" pressed twice, thank you. With JavaScript and without; their
answers kept on the phone until the server has them; the pages fit 320px with text at
200%; axe-core on every respondent page; nothing loaded from another site.
"""
import re
from datetime import date

from feedback.conftest import (  # noqa: F401  (fixtures)
    admin, campaign, invite, lead, make_campaign, outbox, practitioner, questionnaires, team,
)
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.core.db import db
from app.core.jobs import run_queued
from app.feedback import services
from app.feedback.models import Invite, Response
from app.safeguarding.models import Alert

SAFE = "I feel safe where I live."
CALMER = "Things at home are calmer now."


def responses() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


def kept_key(invite) -> str:
    """Where the phone keeps unsent answers: an opaque name, not the code."""
    key = services.storage_key(invite.campaign, invite)
    assert invite.code not in key
    return key


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


def test_a_young_person_answers_on_their_phone(phone, invite, lead, outbox, axe, assert_only_local_requests,
                                              assert_no_horizontal_scroll):
    page = phone

    def check(what):
        assert_no_horizontal_scroll(page)
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

    expect(page).to_have_url(re.compile(f"/q/{invite.display_code}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you think")
    expect(page.locator("#device-note")).to_be_visible()  # with JavaScript, answers are kept on the phone
    check("the questionnaire")
    text_at_200_percent(page)
    assert_no_horizontal_scroll(page)
    page.reload()

    # Nothing answered: told so, kindly, at the top.
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer at least one question before you send your answers")
    check("nothing answered")

    face(page, CALMER, "Yes, mostly").check()
    face(page, SAFE, "No, not really").check()
    page.get_by_label("What would make things better?").fill("If my worker came after school.")
    page.get_by_role("button", name="Send my answers").dblclick()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_role("heading", level=2, name="We want to check you are OK")).to_be_visible()
    expect(page.get_by_text("If nobody has read it within 2 hours, more people are told")).to_be_visible()
    expect(page.get_by_role("link", name="0800 1111").first).to_have_attribute("href", "tel:08001111")
    check("thank you, with help")
    assert responses() == 1
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1
    run_queued()  # as the queue's worker would: never inside the request
    assert sorted(a for m in outbox for a in m.to) == ["lee.lead@example.org", "priya@example.org"]
    # The server has the answers, so the phone no longer keeps them.
    assert page.evaluate(f"window.localStorage.getItem('{kept_key(invite)}')") is None

    page.goto(f"/q/{invite.display_code}")  # a used code answers as an unknown one does
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    expect(page.locator(".govuk-error-summary")).to_contain_text("We cannot find that code, or it has been used")
    check("code already used")
    assert responses() == 1
    assert_only_local_requests(page)


def test_it_all_works_without_javascript(new_page, invite, assert_only_local_requests, assert_no_horizontal_scroll):
    page = new_page(java_script_enabled=False, viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page.goto(f"/q/{invite.display_code}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you think")
    expect(page.locator("#device-note")).to_be_hidden()  # nothing is kept on the phone without JavaScript
    assert_no_horizontal_scroll(page)

    # A problem keeps every answer.
    face(page, CALMER, "Sometimes").check()
    page.get_by_label("Is there anything else you want to tell us?").fill("x" * 2001)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("is too long")
    expect(face(page, CALMER, "Sometimes")).to_be_checked()

    page.get_by_label("Is there anything else you want to tell us?").fill("Thank you for the help.")
    page.get_by_label("Your name, if you want to tell us").fill("Sam")
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
    statuses = page.evaluate("""async () => {
        const form = document.getElementById("respondent-form");
        const send = () => fetch(form.action, {method: "POST", body: new FormData(form)})
            .then((r) => [r.status, new URL(r.url).pathname]);
        return Promise.all([send(), send(), send()]);
    }""")
    assert statuses == [[200, "/q/thank-you"]] * 3
    assert responses() == 1
    db.session.expire_all()
    assert db.session.get(Invite, invite.id).used_at is not None


def test_answers_given_before_the_page_closed_are_offered_back(phone, invite, axe, assert_only_local_requests):
    page = phone
    page.goto(f"/q/{invite.display_code}")
    face(page, CALMER, "Yes, mostly").check()
    page.get_by_label("What would make things better?").fill("More time to talk.")
    page.wait_for_function(f"() => window.localStorage.getItem('{kept_key(invite)}') !== null")
    page.close()

    again = watch(phone.context.new_page())
    again.goto(f"/q/{invite.display_code}")
    kept = again.locator("#kept-answers")
    expect(kept).to_contain_text("You started answering this before on this phone")
    expect(face(again, CALMER, "Yes, mostly")).not_to_be_checked()
    axe(again, "answers offered back")
    again.get_by_role("button", name="Put my answers back").click()
    expect(face(again, CALMER, "Yes, mostly")).to_be_checked()
    expect(again.get_by_label("What would make things better?")).to_have_value("More time to talk.")
    again.get_by_role("button", name="Send my answers").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert again.evaluate(f"window.localStorage.getItem('{kept_key(invite)}')") is None
    assert responses() == 1
    assert_only_local_requests(again)


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
    expect(child.get_by_role("button", name="Clear my answers from this phone")).to_be_visible()
    check("the questionnaire, with exit and help")
    shot(child, "1-questionnaire-320")

    face(child, CALMER, "Sometimes").check()
    face(child, SAFE, "No, not really").check()
    child.get_by_label(ANYTHING_ELSE).fill("my dad hits me when he is drunk")
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
    assert child.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('feedback-'))") == []

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


def test_the_respondent_pages_pass_axe_on_a_desktop_too(page, invite, axe, assert_only_local_requests):
    for url, heading in ((f"/q/{invite.display_code}", "Tell us what you think"), ("/q/help", "Get help now"),
                         ("/q", "Enter your code")):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe(page, f"{url} on a desktop")
    assert_only_local_requests(page)


def test_exit_this_page_leaves_no_way_back_with_javascript(phone, invite):
    page = phone
    neutral_site(page)
    page.goto("/q/help")  # something before, as a phone's history would have
    page.goto(f"/q/{invite.display_code}")
    face(page, CALMER, "Yes, mostly").check()
    key = kept_key(invite)
    page.wait_for_function(f"() => localStorage.getItem('{key}') !== null")
    before = page.evaluate("history.length")
    page.get_by_role("button", name="Emergency Exit this page").click()
    expect(page).to_have_url(EXIT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather")
    # Replaced, not added: Back goes to what came before, not to the questionnaire.
    assert page.evaluate("history.length") == before
    assert page.evaluate(f"localStorage.getItem('{key}')") is None  # nothing left on the phone either
    page.go_back()
    expect(page).to_have_url(re.compile("/q/help$"))

    # Shift three times does the same, from anywhere on the page.
    page.goto(f"/q/{invite.display_code}")
    page.wait_for_function("() => document.body.dataset.govukFrontendExitThisPageKeypress === 'true'")
    page.locator("body").press("Shift")
    page.locator("body").press("Shift")
    page.locator("body").press("Shift")
    expect(page).to_have_url(EXIT)


def test_answers_kept_on_the_phone_expire_and_can_be_cleared(phone, invite):
    page = phone
    page.goto(f"/q/{invite.display_code}")
    key = kept_key(invite)
    # A day and a minute old: gone when any respondent page opens.
    page.evaluate(f"""localStorage.setItem('{key}', JSON.stringify({{values: {{'s-home-calmer': 'happy'}},
        submission: 'x', at: Date.now() - (24 * 60 + 1) * 60 * 1000}}))""")
    page.goto("/q/help")
    assert page.evaluate(f"localStorage.getItem('{key}')") is None
    page.goto(f"/q/{invite.display_code}")
    expect(page.locator("#kept-answers")).to_have_count(0)

    face(page, CALMER, "Yes, mostly").check()
    page.get_by_label(ANYTHING_ELSE).fill("A secret")
    page.wait_for_function(f"() => localStorage.getItem('{key}') !== null")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{key}')).at") > 0
    page.get_by_role("button", name="Clear my answers from this phone").click()
    expect(page.locator("#cleared")).to_have_text("Done: your answers are cleared from this phone.")
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('feedback-'))") == []
    expect(face(page, CALMER, "Yes, mostly")).not_to_be_checked()
    expect(page.get_by_label(ANYTHING_ELSE)).to_have_value("")
    page.reload()
    expect(page.locator("#kept-answers")).to_have_count(0)


def test_help_and_exit_work_without_javascript(new_page, invite):
    page = new_page(java_script_enabled=False, viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    neutral_site(page)
    page.goto(f"/q/{invite.display_code}")
    expect(page.get_by_role("button", name="Clear my answers from this phone")).to_be_hidden()  # nothing kept to clear
    page.get_by_role("link", name="I need help now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")
    expect(page.get_by_role("link", name="0800 1111")).to_have_attribute("href", "tel:08001111")
    expect(page.get_by_role("link", name="999", exact=True)).to_have_attribute("href", "tel:999")
    shot(page, "6-help-no-js-320")
    page.get_by_role("button", name="Emergency Exit this page").click()
    expect(page).to_have_url(EXIT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather")
