"""One thing at a time (issue 14): a child's questionnaire a statement per page, with a short
first page, progress, Back that keeps answers, Skip, "Check your answers" and Send once;
answers in progress kept on the server against a random token in the page (no cookie),
never mixed between respondents, deleted when sent or after 24 hours."""
from datetime import date, timedelta

import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.core.db import db, utcnow
from app.core.jobs import SCHEDULE, run_queued
from app.feedback import layout, progress, rules, services
from app.feedback.models import AnswersInProgress, Invite, Response
from app.feedback.questionnaires import load_questionnaire_file, SURVEYS_DIR
from app.safeguarding.models import Alert

CHILDREN = load_questionnaire_file(SURVEYS_DIR / "children_feedback.yaml")
PAGES = 11  # 8 statements, 2 free-text questions, the name


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def hidden(response) -> dict:
    soup = page(response)
    form = soup.select_one("#respondent-form")
    assert form is not None, "no questionnaire form on the page"
    return {i["name"]: i["value"] for i in form.select("input[type=hidden]")}


def go(client, url, shown, go_to, answers=None, text=None, name=None, **extra):
    """Press a button (`go_to`: next, back, skip, send, change-3) on the page `shown`,
    with these answers chosen on it."""
    data = {**hidden(shown), "go": go_to, **extra}
    data.update({f"s-{k}": v for k, v in (answers or {}).items()})
    data.update({f"t-{k}": v for k, v in (text or {}).items()})
    if name is not None:
        data["respondent_name"] = name
    return client.post(url, data=data)


def heading(response) -> str:
    soup = page(response)
    legend = soup.select_one("h1")
    return legend.get_text(" ", strip=True)


def progress_line(response) -> str | None:
    line = page(response).select_one("#progress")
    return line.get_text(strip=True) if line else None


def checked(response) -> dict:
    return {i["name"]: i["value"] for i in page(response).select("input[type=radio][checked]")}


# --- Layout rules -------------------------------------------------------------------------


def test_children_and_young_people_get_one_statement_per_page_others_all_on_one():
    pages = layout.pages(CHILDREN)
    assert len(pages) == PAGES
    assert [p.question_keys for p in pages[:2]] == [["home-calmer"], ["happier"]]
    assert pages[8].question_keys == ["better"] and pages[10].asks_name
    young = load_questionnaire_file(SURVEYS_DIR / "young_people_feedback.yaml")
    assert layout.layout_of(young) == layout.ONE_PER_PAGE
    parents = load_questionnaire_file(SURVEYS_DIR / "parents_carers_feedback.yaml")
    assert layout.layout_of(parents) == layout.ALL_ON_ONE_PAGE
    assert len(layout.pages(parents)) == 1
    assert layout.progress(3, 8) == "3 of 8"


def test_a_questionnaire_file_can_choose_a_few_per_page():
    from dataclasses import replace

    from app.feedback.questionnaires import dump_questionnaire, load_questionnaire_text

    few = replace(CHILDREN, layout=layout.A_FEW_PER_PAGE)
    assert load_questionnaire_text(dump_questionnaire(few)) == few  # kept in the file
    pages = layout.pages(few)
    assert [len(p.statements) for p in pages] == [3, 3, 2, 0]
    assert pages[-1].question_keys == ["better", "anything-else"] and pages[-1].asks_name
    assert layout.page_of(few, "know-plan") == 3 and layout.page_of(few, "name") == 4


def test_the_first_words_are_short_and_easy_to_read():
    for audience in (rules.CHILDREN, rules.YOUNG_PEOPLE):
        text = " ".join(layout.first_words(audience))
        assert len(text.split()) <= 50
        assert rules.reading_age(text) <= rules.READING_AGE_LIMITS[rules.CHILDREN]
        assert "reads your answers" in text and "If you tell us you are not safe" in text
    assert layout.first_words(rules.PARENTS_CARERS) == []


# --- The first page -----------------------------------------------------------------------


def test_a_childs_first_page_is_short_with_the_rest_under_more_about_this(client, invite):
    response = client.get(f"/q/{invite.display_code}")
    assert response.status_code == 200
    soup = page(response)
    main = soup.select_one("main")
    assert main.h1.get_text(strip=True) == "Tell us what you think"
    # Before the first question: one short paragraph and a closed "More about this".
    before = main.select_one("h1").find_next_sibling("p").get_text(" ", strip=True)
    assert before == ("We want to know what you think of the help you get. A small team reads your answers to make"
                      " our help better. If you tell us you are not safe, a worker will check you are OK. You can"
                      " skip any question.")
    details = main.select_one("details")
    assert details.summary.get_text(strip=True) == "More about this" and not details.has_attr("open")
    more = details.get_text(" ", strip=True)
    assert "A small team reads the answers." in more  # the questionnaire's own introduction
    assert "straight away" not in more  # its older promise, replaced by what really happens:
    assert ("If you tell us you do not feel safe, or write something that worries us, we tell a worker whose job is"
            " to keep children safe. If nobody has read it within 2 hours, more people are told") in more
    assert "we keep them for 24 hours" in more
    # Then the first statement, alone, with faces, Listen (shown by the script), Continue and Skip.
    assert progress_line(response) == f"1 of {PAGES}"
    assert [legend.get_text(strip=True) for legend in main.select("legend")] == ["Things at home are calmer now."]
    assert [label.get_text(strip=True) for label in main.select("fieldset label")] == ["Yes, mostly", "Sometimes", "No, not really"]
    assert main.select_one("[data-listen]").has_attr("hidden")
    buttons = [b.get_text(" ", strip=True) for b in main.select("button[type=submit]:not([aria-hidden])")
               if not b["value"].startswith("lang:")]  # the languages offered, above the title
    assert buttons == ["Continue", "Skip this question"]
    assert main.select_one(".app-r-back") is None  # nothing to go back to
    assert "I need help now" in soup.select_one("header").get_text()
    assert "Exit this page" in soup.get_text()
    # No cookie: the answers are found by the token in the page.
    assert response.headers.getlist("Set-Cookie") == []
    assert len(hidden(response)["submission"]) >= 32


def test_adults_get_every_question_on_one_page_then_check(client, make_campaign, practitioner):
    campaign = make_campaign("parents_carers_feedback", name="Parents")
    invite = services.issue_invite(campaign, practitioner, date.today())
    url = f"/q/{invite.display_code}"
    first = client.get(url)
    assert progress_line(first) is None and page(first).select_one("details") is None
    statements = [s.text for s in campaign.questionnaire.statements]
    assert [legend.get_text(strip=True) for legend in page(first).select("legend")] == statements
    check = go(client, url, first, "next", {campaign.questionnaire.statements[0].key: "agree"})
    assert heading(check) == "Check your answers"
    assert go(client, url, check, "send").headers["Location"] == "/q/thank-you"
    assert count(Response) == 1


# --- Answering a page at a time -------------------------------------------------------------


def test_a_child_answers_one_at_a_time_goes_back_checks_and_sends_once(client, invite, outbox):
    url = f"/q/{invite.display_code}"
    first = client.get(url)
    second = go(client, url, first, "next", {"home-calmer": "happy"})
    assert second.status_code == 200
    assert (heading(second), progress_line(second)) == ("I am happier since we got help.", f"2 of {PAGES}")
    assert second.headers.getlist("Set-Cookie") == []
    # Back keeps what was chosen on both pages.
    back = go(client, url, second, "back", {"happier": "middle"})
    assert progress_line(back) == f"1 of {PAGES}" and checked(back) == {"s-home-calmer": "happy"}
    again = go(client, url, back, "next", {"home-calmer": "sad"})
    assert checked(again) == {"s-happier": "middle"}
    # Skip leaves a statement unanswered.
    shown = go(client, url, again, "skip", {"happier": "happy"})
    assert heading(shown) == "The adults who help me listen to me."
    for answers in ({"listened-to": "happy"}, {"safe-home": "happy"}, {}, {}, {}, {}):
        shown = go(client, url, shown, "next", answers)
    assert heading(shown) == "What would make things better?"
    shown = go(client, url, shown, "next", text={"better": "More time with my worker."})
    shown = go(client, url, shown, "skip")
    assert heading(shown) == "Your name, if you want to tell us"
    check = go(client, url, shown, "next", name="Sam")

    assert heading(check) == "Check your answers"
    rows = [(row.dt.get_text(strip=True), row.select_one(".govuk-summary-list__value").get_text(strip=True))
            for row in page(check).select(".govuk-summary-list__row")]
    assert rows[:4] == [("Things at home are calmer now.", "No, not really"), ("I am happier since we got help.", "Skipped"),
                        ("The adults who help me listen to me.", "Yes, mostly"), ("I feel safe where I live.", "Yes, mostly")]
    assert rows[-3:] == [("What would make things better?", "More time with my worker."),
                         ("Is there anything else you want to tell us?", "Skipped"), ("Your name", "Sam")]
    change = page(check).select_one("#change-2")
    assert change.get_text(" ", strip=True) == "Change your answer to: I am happier since we got help."
    # Change, then Continue comes back to the check page.
    changing = go(client, url, check, change["value"])
    assert heading(changing) == "I am happier since we got help."
    check = go(client, url, changing, "next", {"happier": "happy"})
    assert heading(check) == "Check your answers"
    assert count(Response) == 0 and fresh_invite(invite).used_at is None  # nothing sent until Send

    sent = go(client, url, check, "send")
    twice = go(client, url, check, "send")  # a double tap
    assert sent.headers["Location"] == twice.headers["Location"] == "/q/thank-you"
    assert count(Response) == 1 and count(AnswersInProgress) == 0
    stored = db.session.scalar(select(Response))
    assert stored.answers == {"home-calmer": "sad", "happier": "happy", "listened-to": "happy", "safe-home": "happy"}
    assert stored.free_text == {"better": "More time with my worker."} and stored.respondent_name == "Sam"
    assert stored.idempotency_key == hidden(check)["submission"]
    assert fresh_invite(invite).used_at is not None
    # The code is used now: it answers as an unknown one.
    assert heading(client.get(url)) == "Enter your code"


def fresh_invite(invite) -> Invite:
    db.session.expire_all()
    return db.session.get(Invite, invite.id)


def test_a_safety_answer_raises_its_alert_when_the_questionnaire_is_sent(client, invite, lead, outbox):
    url = f"/q/{invite.display_code}"
    shown = client.get(url)
    for answers in ({}, {}, {}, {"safe-home": "sad"}):
        shown = go(client, url, shown, "next", answers)
    shown = go(client, url, shown, "change-9")  # straight to "What would make things better?"
    check = go(client, url, shown, "next", text={"better": "Nothing. Dad hits me when he is angry."})
    assert heading(check) == "Check your answers"
    assert count(Alert) == 0  # not while answering
    response = go(client, url, check, "send")
    run_queued()
    assert response.headers["Location"] == "/q/thank-you"
    assert count(Alert) == 1
    alert = db.session.scalar(select(Alert))
    assert alert.signals[0] == {"kind": "answer", "key": "safe-home", "question": "I feel safe where I live.",
                                "answer": "sad", "answer_words": "No, not really"}
    assert len(alert.signals) == 2 and alert.signals[1]["key"] == "better"  # and what they wrote
    assert sorted(address for mail in outbox for address in mail.to) == ["lee.lead@example.org", "priya@example.org"]
    thanks = page(client.get("/q/thank-you")).get_text(" ", strip=True)
    assert "We want to check you are OK" in thanks


def test_a_dropped_connection_or_cookie_between_pages_loses_nothing(client, new_client, invite):
    url = f"/q/{invite.display_code}"
    second = go(client, url, client.get(url), "next", {"home-calmer": "middle"})
    # The same page sent again (the phone lost the answer to the first try), from a phone
    # with no cookies at all: nothing is lost or doubled.
    other_phone = new_client()
    third = go(other_phone, url, second, "next", {"happier": "happy"})
    third = go(other_phone, url, second, "next", {"happier": "happy"})
    assert progress_line(third) == f"3 of {PAGES}"
    back = go(other_phone, url, go(other_phone, url, third, "back"), "back")
    assert checked(back) == {"s-home-calmer": "middle"}
    assert count(AnswersInProgress) == 1


def test_one_respondents_token_never_opens_anothers_answers(client, new_client, campaign, practitioner):
    mine = services.issue_invite(campaign, practitioner, date.today())
    theirs = services.issue_invite(campaign, practitioner, date.today())
    mine_url, their_url = f"/q/{mine.display_code}", f"/q/{theirs.display_code}"
    shown = go(client, mine_url, client.get(mine_url), "next", {"home-calmer": "sad"})
    token = hidden(shown)["submission"]

    stranger = new_client()
    theirs_page = stranger.get(their_url)
    stolen = {**hidden(shown), "go": "back"}  # my token and its CSRF token, on their invite
    response = stranger.post(their_url, data=stolen)
    assert response.status_code == 200
    assert checked(response) == {}  # none of my answers
    assert hidden(response)["submission"] != token  # a fresh token of their own
    assert hidden(theirs_page)["submission"] != token
    db.session.expire_all()
    kept = db.session.scalar(select(AnswersInProgress).where(AnswersInProgress.token == token))
    assert (kept.invite_id, kept.answers) == (mine.id, {"home-calmer": "sad"})  # mine untouched
    # A token that does not exist is no way in either: a new, empty start.
    made_up = stranger.post(mine_url, data={**hidden(theirs_page), "page": "2", "go": "back"})
    assert checked(made_up) == {}


def test_answers_in_progress_are_deleted_after_24_hours(client, invite):
    url = f"/q/{invite.display_code}"
    shown = go(client, url, client.get(url), "next", {"home-calmer": "happy"})
    assert count(AnswersInProgress) == 1
    assert "app.feedback.progress.forget_expired" in {s.path for s in SCHEDULE}
    assert progress.forget_expired(utcnow() + timedelta(hours=23)) == 0
    assert progress.forget_expired(utcnow() + timedelta(hours=24, minutes=1)) == 1
    assert count(AnswersInProgress) == 0
    back = go(client, url, shown, "back")
    assert checked(back) == {}  # gone


def test_expired_answers_are_not_shown_even_before_the_purge(client, invite):
    url = f"/q/{invite.display_code}"
    shown = go(client, url, client.get(url), "next", {"home-calmer": "happy"})
    kept = db.session.scalar(select(AnswersInProgress))
    kept.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert checked(go(client, url, shown, "back")) == {}


def test_a_problem_on_a_page_is_linked_and_nothing_is_half_saved(client, invite):
    url = f"/q/{invite.display_code}"
    shown = go(client, url, client.get(url), "change-9")
    long_text = "x" * (services.FREE_TEXT_MAX + 1)
    response = go(client, url, shown, "next", text={"better": long_text})
    assert response.status_code == 400
    assert page(response).title.get_text().startswith("Error: ")
    assert error_messages(response) == [
        f"Your answer to 'What would make things better?' is too long: make it 2,000 characters or fewer (it is {long_text.__len__():,})"]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#t-better"
    assert page(response).select_one("#t-better").get_text() == long_text
    assert count(AnswersInProgress) == 0 or db.session.scalar(select(AnswersInProgress)).free_text == {}


def test_sending_with_nothing_answered_points_to_the_first_question(client, invite):
    url = f"/q/{invite.display_code}"
    shown = go(client, url, client.get(url), "change-99")
    assert heading(shown) == "Check your answers"
    response = go(client, url, shown, "send")
    assert response.status_code == 400
    assert error_messages(response) == ["Answer at least one question before you send your answers"]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#change-1"
    assert page(response).select_one("#change-1") is not None
    assert count(Response) == 0


@pytest.mark.parametrize("pressed", ["back", "next", "skip", "send"])
def test_a_used_invite_takes_no_more_pages(client, new_client, invite, pressed):
    url = f"/q/{invite.display_code}"
    other = new_client()
    waiting = other.get(url)
    check = go(client, url, client.get(url), "change-99")
    go(client, url, go(client, url, check, "change-1"), "next", {"home-calmer": "happy"})
    go(client, url, go(client, url, check, "change-1"), "send", {"home-calmer": "happy"})
    late = go(other, url, waiting, pressed, {"home-calmer": "sad"})
    assert heading(late) == "Enter your code"
    assert count(Response) == 1
