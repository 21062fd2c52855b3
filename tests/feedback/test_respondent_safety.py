"""What keeps a respondent safe on every page: "Exit this page" to a neutral site, "I need
help now" to a page with Childline, 999 and the children's services number; one true
wording about what happens after a worrying answer; after one, the question whether and how
they want someone to get in touch (recorded on the alert, told to everyone told so far);
and nothing in the session cookie that names the invite or the link."""
from datetime import date

import pytest
from conftest import error_messages, page, static_url
from feedback.conftest import answer, form_of
from sqlalchemy import select

from app.core.db import db
from app.core.jobs import run_queued
from app.feedback import services
from app.safeguarding.models import Alert, AlertEvent

EXIT = "https://www.bbc.co.uk/weather"
NUMBER = "01632 960 123 (demo number)"
DISCLOSURE = {"safe-home": "sad"}, {"anything-else": "my dad hits me when he is drunk"}


def fresh_alert() -> Alert:
    db.session.expire_all()
    return db.session.scalars(select(Alert)).one()


def session_of(client) -> dict:
    """The session cookie as the server reads it (signed, not encrypted: anyone holding the
    phone could read it, so it must not name the invite)."""
    app = client.http.application
    cookie = client.http.get_cookie("session", domain="localhost")
    if cookie is None:
        return {}
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def respondent_pages(client, invite, make_campaign, team):
    """Every respondent page, as (name, response)."""
    open_campaign = make_campaign("young_people_feedback", team=team, open_link=True, name="Open")
    pages = [
        ("code", client.get("/q")),
        ("code error", client.get("/q", query_string={"code": "zz"})),
        ("unknown code", client.get("/q/ZZZZ-ZZZZ")),
        ("questionnaire", client.get(f"/q/{invite.display_code}")),
        ("open link", client.get(f"/c/{open_campaign.open_link_token}")),
        ("missing link", client.get("/c/nothing-here")),
        ("help", client.get("/q/help")),
    ]
    response, _ = answer(client, f"/q/{invite.display_code}", *DISCLOSURE)
    pages.append(("thank you", client.get("/q/thank-you")))
    pages.append(("contact error", client.post("/q/get-in-touch", data={"csrf_token": form_of_contact(pages[-1][1])})))
    pages.append(("contact gone", client.get("/q/get-in-touch")))
    pages.append(("used", client.get(f"/q/{invite.display_code}")))
    services.close_campaign(open_campaign, open_campaign.created_by)
    pages.append(("closed", client.get(f"/c/{open_campaign.open_link_token}")))
    return pages


def form_of_contact(response) -> str:
    return page(response).select_one('form[action="/q/get-in-touch"] input[name=csrf_token]')["value"]


def test_every_respondent_page_has_exit_this_page_and_i_need_help_now(client, invite, lead, make_campaign, team):
    for name, response in respondent_pages(client, invite, make_campaign, team):
        soup = page(response)
        exit_button = soup.select_one(".govuk-exit-this-page a.govuk-exit-this-page__button")
        assert exit_button is not None, name
        assert exit_button["href"] == EXIT and "noreferrer" in exit_button["rel"], name
        assert exit_button.get_text(" ", strip=True) == "Emergency Exit this page", name
        skip = soup.select_one("a.govuk-js-exit-this-page-skiplink")
        assert skip["href"] == EXIT, name
        help_link = soup.find("a", string="I need help now")
        assert help_link is not None and help_link["href"] == "/q/help", name
        # Before main content: reachable at once, without scrolling past the questions.
        assert str(soup).index("I need help now") < str(soup).index('id="main-content"'), name


def test_the_help_page_is_public_and_plain(client):
    response = client.get("/q/help")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Get help now"
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select("main a")}
    assert links["999"] == "tel:999"
    assert links["0800 1111"] == "tel:08001111"
    assert links[NUMBER] == "tel:01632960123"
    text = soup.get_text(" ", strip=True)
    assert "If you are in danger now" in text and "Childline is for anyone under 19" in text
    assert "If you are worried about yourself or another child, call children's services on " + NUMBER in text
    # Nothing loaded from other sites: the Childline link is a link, not a resource.
    assert [s["src"] for s in soup.select("script")] == [static_url("js/respondent.js")]


def test_no_page_promises_more_than_happens_and_the_number_is_never_blank(client, invite, lead, make_campaign, team):
    for name, response in respondent_pages(client, invite, make_campaign, team):
        text = page(response).get_text(" ", strip=True)
        for promise in ("straight away", "today", "at once", "immediately"):
            assert promise not in text.lower(), (name, promise)
        assert "___" not in text and "the number on your invite card" not in text, name


@pytest.mark.parametrize("key", ["children_feedback", "parents_carers_feedback"])
def test_the_printed_card_shows_the_number(client, practitioner, make_campaign, team, key):
    campaign = make_campaign(key, team=team, open_link=True)
    invite = services.issue_invite(campaign, practitioner, date.today())
    client.sign_in(practitioner)
    for url in (f"/feedback/invites/{invite.display_code}/card", f"/feedback/campaigns/{campaign.id}/card"):
        text = page(client.get(url)).get_text(" ", strip=True)
        assert f"call children's services on {NUMBER}" in text.replace("Call", "call"), url
        assert "___" not in text and "today" not in text and "straight away" not in text


def test_the_wording_follows_the_settings(app, client, invite, lead, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_ACK_MINUTES", 60)
    monkeypatch.setitem(app.config, "ALERT_ACK_MINUTES_OUT_OF_HOURS", 90)
    answer(client, f"/q/{invite.display_code}", *DISCLOSURE)
    text = page(client.get("/q/thank-you")).get_text(" ", strip=True)
    # The longer of the two, so it is true at any hour.
    assert "If nobody has read it within 1 hour 30 minutes, more people are told, until someone does." in text


# --- After a safety signal: do they want someone to get in touch? ---------------------------


def thank_you_with_question(client, url, answers=DISCLOSURE[0]):
    answer(client, url, answers, DISCLOSURE[1])
    response = client.get("/q/thank-you")
    soup = page(response)
    assert soup.select_one("legend").get_text(" ", strip=True) == "Do you want someone to get in touch with you?"
    return response


def test_a_disclosure_shows_help_at_once_and_asks_about_contact(client, invite, lead):
    response = thank_you_with_question(client, f"/q/{invite.display_code}")
    soup = page(response)
    help_now = soup.select_one("#help-now").get_text(" ", strip=True)
    assert "0800 1111" in help_now and "999" in help_now and NUMBER in help_now
    labels = [label.get_text(strip=True) for label in soup.select("form[action='/q/get-in-touch'] .govuk-radios__label")]
    assert labels == ["Yes", "No, thank you", "Through my worker", "Ring me", "Send me a text", "Email me"]
    # The alert is found from the session, never from the page.
    alert = fresh_alert()
    html = response.get_data(as_text=True)
    assert alert.contact_token not in html


def test_asking_to_be_rung_is_recorded_and_told_to_everyone_told(client, invite, practitioner, lead, outbox):
    response = thank_you_with_question(client, f"/q/{invite.display_code}")
    outbox.clear()
    sent = client.post("/q/get-in-touch", data={
        "csrf_token": form_of_contact(response), "wants": "yes", "how": "phone", "details": "07700 900123 after 4pm"})
    assert sent.status_code == 302 and sent.headers["Location"] == "/q/get-in-touch"
    run_queued()
    alert = fresh_alert()
    assert alert.contact_request["wants"] == "yes" and alert.contact_request["how"] == "phone"
    assert alert.contact_request["details"] == "07700 900123 after 4pm"
    assert alert.contact_token is None
    event = db.session.scalars(select(AlertEvent).where(AlertEvent.kind == "contact_request")).one()
    assert sorted(p["email"] for p in event.told) == ["lee.lead@example.org", "priya@example.org"]
    assert sorted(a for m in outbox for a in m.to) == ["lee.lead@example.org", "priya@example.org"]
    assert all("ring me (07700 900123 after 4pm)" in m.body for m in outbox)

    done = client.get("/q/get-in-touch")
    assert page(done).h1.get_text(strip=True) == "Thank you for telling us"
    assert "We have passed on how you want us to get in touch." in done.get_data(as_text=True)
    # Shown once, and a second answer gets a kind page, not an error.
    assert page(client.get("/q/get-in-touch")).h1.get_text(strip=True) == "Thank you"
    again = client.post("/q/get-in-touch", data={"csrf_token": form_of_contact(response), "wants": "no"})
    assert again.status_code == 200
    assert "We already have your answer about getting in touch" in again.get_data(as_text=True)
    assert fresh_alert().contact_request["wants"] == "yes"


def test_no_thank_you_is_recorded_too(client, invite, lead, outbox):
    response = thank_you_with_question(client, f"/q/{invite.display_code}")
    outbox.clear()
    client.post("/q/get-in-touch", data={"csrf_token": form_of_contact(response), "wants": "no"})
    run_queued()
    assert fresh_alert().contact_request["wants"] == "no"
    assert outbox == []  # nothing new to do; the alert page says so
    assert "A worker may still check you are OK" in client.get("/q/get-in-touch").get_data(as_text=True)


@pytest.mark.parametrize("form, errors", [
    ({}, ["Choose yes or no"]),
    ({"wants": "yes", "how": "text"}, ["Write the number or email address we should use"]),
    ({"wants": "yes", "how": "email", "details": "x" * 201}, ["Write 200 characters or fewer"]),
])
def test_a_problem_is_shown_with_an_error_summary_and_keeps_the_answer(client, invite, lead, form, errors):
    response = thank_you_with_question(client, f"/q/{invite.display_code}")
    shown = client.post("/q/get-in-touch", data={"csrf_token": form_of_contact(response), **form})
    assert shown.status_code == 400
    assert error_messages(shown) == errors
    assert page(shown).title.get_text().startswith("Error: ")
    if form.get("how"):
        assert page(shown).select_one(f"input[name=how][value={form['how']}]").has_attr("checked")
    assert fresh_alert().contact_request is None and fresh_alert().contact_token


def test_without_the_csrf_token_nothing_is_recorded_and_the_answer_is_kept(client, invite, lead):
    thank_you_with_question(client, f"/q/{invite.display_code}")
    shown = client.post("/q/get-in-touch", data={"wants": "yes", "how": "worker"})
    assert shown.status_code == 400
    assert "Your answer was not sent" in shown.get_data(as_text=True)
    assert page(shown).select_one("input[name=how][value=worker]").has_attr("checked")
    assert fresh_alert().contact_request is None


def test_a_closed_alert_or_another_browser_gets_the_kind_page(client, new_client, invite, lead, admin):
    from app.safeguarding import services as alerts

    response = thank_you_with_question(client, f"/q/{invite.display_code}")
    token = form_of_contact(response)
    # Another browser has nothing of theirs to answer: refused as any forged form.
    stranger = new_client()
    stranger.get("/q")
    other = stranger.post("/q/get-in-touch", data={"csrf_token": token, "wants": "yes", "how": "worker"})
    assert other.status_code == 400 and "The form had expired" in other.get_data(as_text=True)
    alerts.close(fresh_alert(), admin, "Seen at school, safe.")
    late = client.post("/q/get-in-touch", data={"csrf_token": token, "wants": "yes", "how": "worker"})
    assert late.status_code == 200 and "We already have your answer" in late.get_data(as_text=True)
    assert fresh_alert().contact_request is None


def test_an_open_link_respondent_is_told_this_is_the_only_way_to_reach_them(client, make_campaign, team, lead):
    campaign = make_campaign("young_people_feedback", team=team, open_link=True)
    response = thank_you_with_question(client, f"/c/{campaign.open_link_token}", {"safe-home": "disagree"})
    text = page(response).get_text(" ", strip=True)
    assert "Your answers do not say who you are, so we cannot find you to check you are OK, unless you tell us how" in text
    assert "this is the only way we can reach you" in text
    sent = client.post("/q/get-in-touch", data={
        "csrf_token": form_of_contact(response), "wants": "yes", "how": "email", "details": "sam@example.net"})
    assert sent.status_code == 302
    assert fresh_alert().contact_request["details"] == "sam@example.net"


def test_an_ordinary_answer_asks_nothing(client, invite):
    answer(client, f"/q/{invite.display_code}", {"happier": "happy"})
    soup = page(client.get("/q/thank-you"))
    assert soup.select_one("form[action='/q/get-in-touch']") is None


# --- The session cookie ----------------------------------------------------------------------


def test_the_session_cookie_never_holds_the_invite_code_or_the_link(client, invite, lead, make_campaign, team):
    answer(client, f"/q/{invite.display_code}", *DISCLOSURE)
    held = session_of(client)
    alert = fresh_alert()
    text = repr(held)
    assert invite.code not in text and invite.display_code not in text
    assert held["feedback_done"]["forget"] == services.storage_key(invite.campaign, invite)
    assert held["feedback_contact"]["token"] == alert.contact_token  # only here, never in a page or address

    campaign = make_campaign("young_people_feedback", team=team, open_link=True)
    answer(client, f"/c/{campaign.open_link_token}", {"plan-matters": "agree"})
    assert campaign.open_link_token not in repr(session_of(client))


def test_the_name_kept_on_the_phone_is_the_same_each_time_but_opaque(client, invite, make_campaign, team):
    first = form_of(client.get(f"/q/{invite.display_code}"))
    key = page(client.get(f"/q/{invite.display_code}")).select_one("#respondent-form")["data-store-key"]
    assert first and key == services.storage_key(invite.campaign, invite)
    assert key.startswith("feedback-") and invite.code not in key
    other = services.issue_invite(invite.campaign, invite.issued_by, date.today())
    assert services.storage_key(other.campaign, other) != key
