"""The respondent's journey, over HTTP, signed out: a code typed any way, the questionnaire
page, answers sent once however many times the button is pressed, the friendly pages
for a used code and a closed campaign, and nothing kept about the respondent's device."""
from datetime import date, timedelta

import pytest
from conftest import error_messages, page, static_url
from feedback.conftest import answer, form_of
from sqlalchemy import func, inspect, select

from app.core.db import db, utcnow
from app.feedback.models import Campaign, Invite, Response
from app.safeguarding.models import Alert
from app.feedback.services import FREE_TEXT_MAX


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def h1(response) -> str:
    return page(response).h1.get_text(" ", strip=True)


# --- Typing the code ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{bare}", " {bare_lower} ", "{spaced}"])
def test_a_code_is_found_however_it_is_typed(client, invite, typed):
    code = invite.display_code
    text = typed.format(code=code, lower=code.lower(), bare=invite.code, bare_lower=invite.code.lower(),
                        spaced=f"{invite.code[:4]} {invite.code[4:]}")
    response = client.get("/q", query_string={"code": text})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/q/{code}"


def test_the_code_page_is_plain_and_public(client):
    response = client.get("/q")
    assert response.status_code == 200
    assert h1(response) == "Enter your code"
    assert "for example 7KXM-3QPA" in response.get_data(as_text=True)
    assert error_messages(response) == []


NOT_FOUND = "We cannot find that code, or it has been used. Check it against your card or message. Each code can be used once: for another, ask the person who gave it to you"


@pytest.mark.parametrize("typed, message", [
    ("", "Enter the code from your card or message"),
    ("7KXM-3QP", "The code is 8 letters and numbers, like 7KXM-3QPA. Check it and try again"),
    ("7KXM-3QP0", "Codes never use the letters O, I or L, or the numbers 0 or 1. Check the code and try again"),
    ("7KXM-3QP!", "The code has only letters and numbers. Check it and try again"),
    ("7KXM-3QPA", NOT_FOUND),
])
def test_a_code_that_cannot_be_found_is_explained_and_kept_in_the_box(client, invite, typed, message):
    response = client.get("/q", query_string={"code": typed})
    assert response.status_code == 400
    assert error_messages(response) == [message]
    assert page(response).select_one("#code")["value"] == typed


def test_an_unknown_code_in_the_address_says_so_kindly(client, questionnaires):
    response = client.get("/q/ZZZZ-ZZZZ")
    assert response.status_code == 404
    assert h1(response) == "Enter your code"
    assert error_messages(response) == [NOT_FOUND]


# --- The questionnaire page ---------------------------------------------------------------


def test_the_first_page_has_the_intro_and_the_first_question(client, invite):
    """One statement per page for children (tests/feedback/test_respondent_pages.py follows
    the pages); here, what the first shows."""
    response = client.get(f"/q/{invite.display_code}")
    assert response.status_code == 200
    soup = page(response)
    assert h1(response) == "Tell us what you think"
    text = soup.get_text(" ", strip=True)
    assert "A small team reads the answers." in text
    # One wording about what happens, true at any hour: the published intro's older
    # "straight away" paragraph is left out.
    assert "If you tell us you do not feel safe, or write something that worries us, we tell a worker whose job is" \
           " to keep children safe. If nobody has read it within 2 hours, more people are told, until someone does." in text
    assert "straight away" not in text and "today" not in text
    # What is kept while they answer, said once and plainly.
    assert "Until you send your answers, we keep them for 24 hours, so they are not lost if your signal drops." in text
    assert "keep nothing" not in text and "cookie" not in text
    assert "call Childline free on 0800 1111" in text
    legends = [legend.get_text(strip=True) for legend in soup.select("legend")]
    assert legends == ["Things at home are calmer now."]
    # Faces, with the words beside every face.
    first = soup.select("fieldset")[0]
    labels = [label.get_text(strip=True) for label in first.select("label")]
    assert labels == ["Yes, mostly", "Sometimes", "No, not really"]
    assert [s["class"][1] for s in first.select(".app-face")] == ["app-face--happy", "app-face--middle", "app-face--sad"]
    assert soup.select_one("button.govuk-button[type=submit]").get_text(strip=True) == "Continue"
    # Only our own stylesheet and script: nothing from another site, no main stylesheet.
    assert [link["href"] for link in soup.select("link[rel=stylesheet]")] == [static_url("css/respondent.css")]
    assert [script["src"] for script in soup.select("script")] == [static_url("js/respondent.js")]
    links = [tag.get("src", "") + tag.get("href", "") for tag in soup.select("link, script, img")]
    assert not [link for link in links if "http" in link and not link.startswith("data:")]
    # The icon is in the page (a data: URL): no request for it on a weak signal.
    assert soup.select_one("link[rel=icon]")["href"].startswith("data:image/svg+xml,")


def test_an_agree_questionnaire_offers_the_agree_scale(client, make_campaign, practitioner):
    from app.feedback import services

    campaign = make_campaign("parents_carers_feedback", name="Parents")
    invite = services.issue_invite(campaign, practitioner, date.today())
    soup = page(client.get(f"/q/{invite.display_code}"))
    labels = [label.get_text(strip=True) for label in soup.select("fieldset")[0].select("label")]
    assert labels == ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"]
    assert soup.select(".app-face") == []
    assert soup.select_one("#respondent_name") is None  # this questionnaire does not ask for a name


# --- Answering ------------------------------------------------------------------------------


def test_answers_are_stored_with_the_invites_team_and_the_invite_is_used(client, invite, team, outbox):
    response, _ = answer(client, f"/q/{invite.display_code}",
                         {"home-calmer": "happy", "listened-to": "middle", "safe-home": "happy"},
                         {"better": "More visits after school."})
    assert response.status_code == 302
    assert response.headers["Location"] == "/q/thank-you"
    thanks = client.get("/q/thank-you")
    assert h1(thanks) == "Thank you"
    assert "Your answers have been sent" in thanks.get_data(as_text=True)
    assert "We want to check you are OK" not in thanks.get_data(as_text=True)

    db.session.expire_all()
    stored = db.session.scalar(select(Response))
    assert stored.answers == {"home-calmer": "happy", "listened-to": "middle", "safe-home": "happy"}
    assert stored.free_text == {"better": "More visits after school."}
    assert (stored.invite_id, stored.team_id, stored.district_id) == (invite.id, team.id, team.district_id)
    assert stored.respondent_name is None
    assert fresh(Invite, invite.id).used_at is not None
    assert count(Alert) == 0 and outbox == []


def test_a_name_is_kept_only_when_given(client, invite):
    answer(client, f"/q/{invite.display_code}", {"happier": "happy"}, name="  Sam   Smith ")
    db.session.expire_all()
    assert db.session.scalar(select(Response)).respondent_name == "Sam Smith"


def test_a_double_submit_is_stored_once_and_both_land_on_thank_you(client, invite):
    url = f"/q/{invite.display_code}"
    first, data = answer(client, url, {"happier": "happy"})
    second = client.post(url, data=data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.headers["Location"] == second.headers["Location"] == "/q/thank-you"
    assert count(Response) == 1
    assert h1(client.get("/q/thank-you")) == "Thank you"


def test_a_used_code_answers_exactly_as_an_unknown_code(client, new_client, invite):
    """Guessing must not tell codes that exist from codes that do not (issue 11, finding 8)."""
    url = f"/q/{invite.display_code}"
    other = new_client()
    waiting = form_of(other.get(url))  # a second tab, opened before the first sent
    answer(client, url, {"happier": "happy"})

    unknown = new_client()
    for used, never in ((other.get(url), unknown.get("/q/ZZZZ-ZZZZ")),
                        (other.post(url, data={**waiting, "s-happier": "sad"}),
                         unknown.post("/q/ZZZZ-ZZZZ", data={**waiting, "s-happier": "sad",
                                                            "csrf_token": unknown.csrf_token()})),
                        (other.get("/q", query_string={"code": invite.display_code}),
                         unknown.get("/q", query_string={"code": "ZZZZ-ZZZZ"}))):
        assert used.status_code == never.status_code
        assert h1(used) == h1(never) == "Enter your code"
        assert error_messages(used) == error_messages(never) == [NOT_FOUND]
    assert count(Response) == 1
    db.session.expire_all()
    assert db.session.scalar(select(Response)).answers == {"happier": "happy"}


def test_an_open_link_can_be_answered_many_times(new_client, make_campaign, team):
    campaign = make_campaign("parent_carer_forum", team=team, open_link=True)
    url = f"/c/{campaign.open_link_token}"
    for n in range(3):
        response, _ = answer(new_client(), url, {"listened-to": "agree"})
        assert response.status_code == 302
    responses = db.session.scalars(select(Response)).all()
    assert len(responses) == 3
    assert {(r.invite_id, r.team_id, r.district_id) for r in responses} == {(None, team.id, team.district_id)}


def test_a_campaign_without_an_open_link_has_none(client, campaign):
    assert campaign.open_link_token is None
    response = client.get("/c/not-a-token")
    assert response.status_code == 404
    assert h1(response) == "We cannot find this questionnaire"


def test_a_problem_re_shows_every_answer_and_stores_nothing(client, make_campaign, practitioner):
    # All on one page (parents): every answer is shown again; a child's pages show theirs
    # one at a time (test_respondent_pages.py).
    from app.feedback import services

    invite = services.issue_invite(make_campaign("parents_carers_feedback", name="Parents"), practitioner, date.today())
    questionnaire = invite.campaign.questionnaire
    first, second = (s.key for s in questionnaire.statements[:2])
    question = questionnaire.free_text[0]
    url = f"/q/{invite.display_code}"
    long_text = "x" * (FREE_TEXT_MAX + 1)
    response, data = answer(client, url, {first: "agree"}, {question.key: long_text})
    assert response.status_code == 400
    assert error_messages(response) == [
        f"Your answer to '{question.text}' is too long: make it 2,000 characters or fewer (it is {FREE_TEXT_MAX + 1:,})"
    ]
    soup = page(response)
    assert page(response).title.get_text().startswith("Error: ")
    assert soup.select_one(f"#s-{first}-agree").has_attr("checked")
    assert not soup.select(f"input[name=s-{second}][checked]")
    assert soup.select_one(f"#t-{question.key}").get_text() == long_text
    assert form_of(response)["submission"] == data["submission"]  # the same form, so a resend counts once
    assert count(Response) == 0
    assert fresh(Invite, invite.id).used_at is None


def test_nothing_answered_is_pointed_out(client, invite):
    response, _ = answer(client, f"/q/{invite.display_code}")
    assert response.status_code == 400
    assert error_messages(response) == ["Answer at least one question before you send your answers"]
    assert count(Response) == 0


def test_an_answer_not_on_the_scale_is_refused(client, invite):
    response, _ = answer(client, f"/q/{invite.display_code}", {"happier": "ecstatic"})
    assert response.status_code == 400
    assert error_messages(response) == ["Choose one of the answers for: I am happier since we got help."]
    assert count(Response) == 0


def test_no_session_cookie_is_needed_to_send(client, new_client, invite):
    """A phone that dropped (or blocks) the cookie: its answers still go through, because the
    page's CSRF token is tied to the page's own random token, not to a session."""
    url = f"/q/{invite.display_code}"
    data = {**form_of(client.get(url)), "s-happier": "happy", "t-better": "Kind staff."}
    fresh = new_client()
    response = fresh.post(url, data=data)
    assert response.status_code == 302
    assert count(Response) == 1


def test_a_page_without_a_good_csrf_token_keeps_the_answers_on_the_page(client, invite):
    url = f"/q/{invite.display_code}"
    data = {**form_of(client.get(url)), "page": "1", "go": "next", "s-home-calmer": "happy", "csrf_token": "stale"}
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert page(response).select_one(".govuk-error-summary__title").get_text(strip=True) == "Your answers were not sent"
    assert page(response).select_one("#s-home-calmer").has_attr("checked")
    resend = client.post(url, data={**data, **form_of(response)})
    assert resend.status_code == 200 and "2 of" in resend.get_data(as_text=True)


def test_a_post_without_a_token_to_an_unknown_code_is_refused(client, questionnaires):
    response = client.post("/q/ZZZZ-ZZZZ", data={"s-happier": "happy"})
    assert response.status_code == 400
    assert count(Response) == 0


# --- Closed and not yet open ----------------------------------------------------------------


def test_a_closed_campaign_is_explained_and_takes_no_answers(client, invite, admin):
    url = f"/q/{invite.display_code}"
    data = {**form_of(client.get(url)), "s-happier": "happy"}
    campaign = db.session.get(Campaign, invite.campaign_id)
    campaign.closed_at = utcnow()
    db.session.commit()
    for response in (client.get(url), client.post(url, data=data)):
        assert response.status_code == 200
        assert h1(response) == "This questionnaire has closed"
        assert "Thank you for wanting to tell us what you think" in response.get_data(as_text=True)
    assert count(Response) == 0


def test_a_campaign_past_its_end_date_is_closed(client, make_campaign, practitioner):
    from app.feedback import services

    campaign = make_campaign(start=date.today() - timedelta(days=30), end=date.today() + timedelta(days=1))
    invite = services.issue_invite(campaign, practitioner, date.today())
    campaign.period_end = date.today() - timedelta(days=1)
    db.session.commit()
    assert h1(client.get(f"/q/{invite.display_code}")) == "This questionnaire has closed"


def test_a_campaign_not_started_says_so(client, make_campaign, team):
    campaign = make_campaign("parent_carer_forum", open_link=True, start=date.today() + timedelta(days=3))
    assert h1(client.get(f"/c/{campaign.open_link_token}")) == "This questionnaire is not open yet"


# --- Nothing about the respondent's device ----------------------------------------------------

DEVICE = ("ip", "addr", "address", "agent", "device", "fingerprint", "browser", "cookie", "host", "referrer", "referer")


def test_no_address_or_device_is_stored_for_a_respondent(client, invite, lead, outbox):
    agent = "Mozilla/5.0 (Linux; Android 14; Unique-Phone-7731)"
    address = "203.0.113.77"
    http = {"headers": {"User-Agent": agent, "Referer": "https://unique-referrer.example"},
            "environ_base": {"REMOTE_ADDR": address}}
    response, _ = answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"}, {"better": "Less shouting"}, **http)
    assert response.status_code == 302
    assert count(Alert) == 1

    for model in (Response, Alert, Invite):
        columns = [c.key for c in inspect(model).columns]
        assert not [c for c in columns if any(word in c.split("_") for word in DEVICE)], columns
    # And no value anywhere in the feedback tables holds them.
    with db.engine.connect() as conn:
        for table in ("feedback_response", "safeguarding_alert", "feedback_invite"):
            rows = conn.exec_driver_sql(f'SELECT * FROM "{table}"').all()
            text = repr(rows)
            assert agent not in text and "Unique-Phone" not in text and address not in text and "unique-referrer" not in text
    assert not any(address in mail.body or "Unique-Phone" in mail.body for mail in outbox)


def test_the_respondent_gets_no_cookie_while_answering(client, invite):
    url = f"/q/{invite.display_code}"
    response = client.get(url)
    assert response.headers.getlist("Set-Cookie") == []
    page_two = client.post(url, data={**form_of(response), "page": "1", "go": "next", "s-home-calmer": "happy"})
    assert page_two.status_code == 200 and page_two.headers.getlist("Set-Cookie") == []


def test_two_sends_racing_each_other_are_stored_once(invite, monkeypatch):
    """The second of two simultaneous sends checks before the first has saved: the database's
    unique key refuses it, and it is answered as a repeat of the first."""
    from app.feedback import services

    questionnaire = invite.campaign.questionnaire
    first = services.read_submission(questionnaire, {"s-happier": "happy", "submission": "k" * 32})
    stored = services.submit_response(invite.campaign, invite, first, date.today())
    assert stored.created

    real = services._already
    calls = []
    monkeypatch.setattr(services, "_already", lambda key: calls.append(key) or (None if len(calls) == 1 else real(key)))
    invite.used_at = None  # as the racing request saw it, before the first had saved
    second = services.read_submission(questionnaire, {"s-happier": "happy", "submission": "k" * 32})
    again = services.submit_response(invite.campaign, invite, second, date.today())
    assert (again.created, again.response.id) == (False, stored.response.id)
    assert count(Response) == 1
