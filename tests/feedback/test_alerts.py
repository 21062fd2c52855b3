"""Safeguarding alerts: raised by a safety answer or concern words, emailed to the issuing
practitioner and the team's safeguarding leads and nobody else, shown only to them and
administrators, acknowledged, and closed with a note."""
from datetime import date

import pytest
from conftest import error_messages, page
from feedback.conftest import answer
from sqlalchemy import func, select

from app.core.db import db
from app.safeguarding import services as alert_rules
from app.feedback import services
from app.feedback.models import Response
from app.notifications import delivery
from app.safeguarding.models import Alert, ConcernWord, SafeguardingLead

NO_PERMISSION = "You do not have permission to see this page"


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def only_alert() -> Alert:
    db.session.expire_all()
    rows = db.session.scalars(select(Alert)).all()
    assert len(rows) == 1, rows
    return rows[0]


def recipients(outbox) -> list[str]:
    return sorted(address for mail in outbox for address in mail.to)


@pytest.fixture
def bystanders(make_user, make_team, team, admin):
    """People who must NOT be told: a colleague in the same team, the admin, another
    team's lead, a moderator."""
    other_team = make_team("Carlisle Safeguarding 1", "Carlisle")
    colleague = make_user("practitioner", email="colleague@example.org", team_id=team.id)
    other_lead = make_user("practitioner", email="other.lead@example.org", team_id=other_team.id)
    db.session.add(SafeguardingLead(team_id=other_team.id, user_id=other_lead.id))
    make_user("moderator", email="moderator@example.org", team_id=team.id)
    db.session.commit()
    return colleague


# --- Raising and telling ----------------------------------------------------------------------


def test_a_not_safe_answer_tells_the_issuer_and_the_lead_and_nobody_else(client, invite, practitioner, lead, bystanders, outbox):
    response, _ = answer(client, f"/q/{invite.display_code}", {"safe-home": "sad", "happier": "happy"})
    assert response.status_code == 302

    alert = only_alert()
    assert alert.signals == [{
        "kind": "answer", "key": "safe-home", "question": "I feel safe where I live.", "answer": "sad",
        "answer_words": "No, not really",
    }]
    assert alert.team_id == practitioner.team_id and alert.acknowledged_at is None
    assert recipients(outbox) == ["lee.lead@example.org", "priya@example.org"]
    assert sorted((n.to_email, n.status) for n in delivery.for_alert(alert.id)) == [
        ("lee.lead@example.org", "sent"), ("priya@example.org", "sent")]

    mail = next(m for m in outbox if m.to == ("priya@example.org",))
    assert mail.subject == "Safeguarding alert: children_feedback campaign – please check today"
    assert '"I feel safe where I live." They answered: No, not really' in mail.body
    assert "Questionnaire: Tell us what you think (children_feedback campaign)" in mail.body
    assert "Team: Barrow Safeguarding" in mail.body
    assert f"Invite code: {invite.display_code}, issued by Priya Practitioner" in mail.body
    assert "You are told because you issued the invite." in mail.body
    assert f"http://localhost/feedback/alerts/{alert.id}" in mail.body
    assert "Name they gave" not in mail.body
    assert "happier" not in mail.body and "Yes, mostly" not in mail.body  # only what raised the alert
    lead_mail = next(m for m in outbox if m.to == ("lee.lead@example.org",))
    assert "You are told because you are the team's designated safeguarding lead." in lead_mail.body


def test_the_name_goes_in_the_email_only_if_they_left_one(client, invite, lead, outbox):
    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"}, name="Jamie")
    assert all("Name they gave: Jamie" in m.body for m in outbox) and len(outbox) == 2


def test_the_thank_you_page_says_what_happens_next(client, invite, lead):
    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"})
    thanks = client.get("/q/thank-you").get_data(as_text=True)
    assert "We want to check you are OK" in thanks
    assert "We have told a worker whose job is to keep children safe. If nobody has read it within 2 hours," \
           " more people are told, until someone does." in thanks
    assert "today" not in thanks and "straight away" not in thanks
    assert "0800 1111" in thanks and 'href="tel:999"' in thanks and 'href="tel:01632960123"' in thanks
    # Shown once: opened again (a parent looking at the history), it says only thank you.
    again = client.get("/q/thank-you").get_data(as_text=True)
    assert "We want to check you are OK" not in again and "Thank you" in again


def test_concern_words_in_free_text_raise_an_alert_with_the_text_as_given(client, invite, lead, outbox):
    said = "Sometimes I want to run away, he hits me."
    answer(client, f"/q/{invite.display_code}", {"safe-home": "happy"}, {"anything-else": said})
    alert = only_alert()
    assert alert.signals == [{
        "kind": "free_text", "key": "anything-else", "question": "Is there anything else you want to tell us?",
        "words": ["hits me", "run away"], "categories": ["physical", "exploitation"], "text": said,
    }]
    assert len(outbox) == 2 and all(f'They wrote: "{said}"' in m.body for m in outbox)
    assert all("Concern: Physical harm, Exploitation or going missing" in m.body for m in outbox)


def test_the_administrators_phrases_add_to_the_built_in_detector(client, new_client, make_campaign, practitioner, lead, outbox):
    db.session.add(ConcernWord(phrase="purple elephant"))
    db.session.commit()
    campaign = make_campaign()
    first = services.issue_invite(campaign, practitioner, date.today())
    second = services.issue_invite(campaign, practitioner, date.today())
    answer(client, f"/q/{first.display_code}", {"happier": "happy"}, {"better": "A PURPLE  elephant was in the garden"})
    answer(new_client(), f"/q/{second.display_code}", {"happier": "happy"}, {"better": "I want to run away"})
    db.session.expire_all()
    alerts = db.session.scalars(select(Alert).order_by(Alert.id)).all()
    assert [a.signals[0]["words"] for a in alerts] == [["PURPLE  elephant"], ["run away"]]
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2


def test_positive_answers_raise_nothing(client, invite, lead, outbox):
    answer(client, f"/q/{invite.display_code}",
           {"safe-home": "happy", "happier": "sad", "listened-to": "middle"}, {"better": "More trips out."})
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 0
    assert outbox == []
    assert "We want to check you are OK" not in client.get("/q/thank-you").get_data(as_text=True)


def test_an_open_link_alert_goes_to_the_teams_lead_and_the_page_is_honest(client, make_campaign, team, lead, practitioner, outbox):
    campaign = make_campaign("young_people_feedback", team=team, open_link=True)
    answer(client, f"/c/{campaign.open_link_token}", {"safe-home": "strongly_disagree", "plan-matters": "agree"})
    alert = only_alert()
    assert alert.signals[0]["answer_words"] == "Strongly disagree"
    assert recipients(outbox) == ["lee.lead@example.org"]
    assert "Answered through the campaign's open link" in outbox[0].body
    thanks = client.get("/q/thank-you").get_data(as_text=True)
    assert "Your answers do not say who you are, so we cannot find you to check you are OK, unless you tell us how" \
           " below." in thanks
    assert alert.response.invite_id is None


def test_an_alert_with_nobody_to_tell_still_shows_to_administrators(client, make_campaign, admin, outbox):
    campaign = make_campaign("parent_carer_forum", open_link=True)
    answer(client, f"/c/{campaign.open_link_token}", {}, {"better": "My child said someone hit me and her"})
    alert = only_alert()
    assert alert.recipients == [] and outbox == []
    client.sign_in(admin)
    listing = client.get("/feedback/alerts")
    assert "No one was emailed" in page(listing).select_one("#open-alerts").get_text(" ", strip=True)


def test_the_inbox_is_told_when_nobody_else_can_be(app, client, make_campaign, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "SAFEGUARDING_INBOX_EMAIL", "front.door@example.org")
    campaign = make_campaign("parent_carer_forum", open_link=True)
    answer(client, f"/c/{campaign.open_link_token}", {}, {"better": "I am frightened of him"})
    assert recipients(outbox) == ["front.door@example.org"]


# --- Who may see alerts --------------------------------------------------------------------------


@pytest.fixture
def alert(client, invite, lead, outbox) -> Alert:
    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"})
    client.get("/q/thank-you")
    return only_alert()


@pytest.mark.parametrize("who, status", [
    ("priya@example.org", 200),  # issued the invite
    ("lee.lead@example.org", 200),  # the team's safeguarding lead
    ("alex.admin@example.org", 200),
    ("colleague@example.org", 403),  # a practitioner in the same team
    ("other.lead@example.org", 403),  # another team's lead
    ("moderator@example.org", 403),
])
def test_only_the_issuer_the_lead_and_administrators_open_an_alert(new_client, alert, bystanders, who, status):
    client = new_client()
    client.sign_in(who)
    response = client.get(f"/feedback/alerts/{alert.id}")
    assert response.status_code == status
    if status == 200:
        assert page(response).select_one("#what-was-said").get_text(" ", strip=True) == (
            "I feel safe where I live. They answered: No, not really")
    else:
        assert page(response).h1.get_text(strip=True) == NO_PERMISSION


def test_the_list_shows_each_person_only_their_alerts(new_client, alert, bystanders):
    colleague = new_client()
    colleague.sign_in("colleague@example.org")
    listing = colleague.get("/feedback/alerts")
    assert listing.status_code == 200
    assert page(listing).select_one("#no-open-alerts").get_text(strip=True) == "There are no open alerts."

    lead = new_client()
    lead.sign_in("lee.lead@example.org")
    rows = page(lead.get("/feedback/alerts")).select("#open-alerts tbody tr")
    assert len(rows) == 1
    assert "Not acknowledged" in rows[0].get_text(" ", strip=True) and "ago" in rows[0].get_text(" ", strip=True)
    nav = page(lead.get("/feedback/alerts")).select_one(".govuk-service-navigation").get_text(" ", strip=True)
    assert "Safeguarding alerts" in nav  # a lead without the practitioner role is offered the page


def test_people_with_no_part_in_alerts_cannot_open_the_list(new_client, make_user, alert):
    client = new_client()
    client.sign_in(make_user("qa_viewer"))
    assert client.get("/feedback/alerts").status_code == 403
    assert "Safeguarding alerts" not in page(client.get("/")).select_one(".govuk-service-navigation").get_text()


@pytest.mark.parametrize("url", ["/feedback/alerts", "/feedback/alerts/{id}"])
def test_alert_pages_send_signed_out_people_to_sign_in(new_client, alert, url):
    response = new_client().get(url.format(id=alert.id))
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


# --- Acknowledge and close ---------------------------------------------------------------------


def test_acknowledge_then_close_with_a_note(new_client, alert, lead):
    client = new_client()
    client.sign_in(lead)
    response = client.submit(f"/feedback/alerts/{alert.id}/acknowledge")
    assert response.status_code == 302
    acknowledged = fresh(Alert, alert.id)
    assert acknowledged.acknowledged_by_id == lead.id and acknowledged.acknowledged_at >= acknowledged.raised_at
    shown = client.get(f"/feedback/alerts/{alert.id}")
    assert "You have acknowledged the alert." in shown.get_data(as_text=True)
    assert "after it was raised" in shown.get_data(as_text=True)
    # A second click changes nothing.
    first_time = acknowledged.acknowledged_at
    client.submit(f"/feedback/alerts/{alert.id}/acknowledge")
    assert fresh(Alert, alert.id).acknowledged_at == first_time

    refused = client.submit(f"/feedback/alerts/{alert.id}/close", {"note": "   "})
    assert refused.status_code == 400
    assert error_messages(refused) == ["Enter what was done before closing the alert"]
    assert fresh(Alert, alert.id).closed_at is None

    closed = client.submit(f"/feedback/alerts/{alert.id}/close", {"note": "Visited the same day; child safe with grandparents."})
    assert closed.status_code == 302 and closed.headers["Location"] == "/feedback/alerts"
    done = fresh(Alert, alert.id)
    assert (done.closed_by_id, done.close_note) == (lead.id, "Visited the same day; child safe with grandparents.")
    closed_page = page(client.get(f"/feedback/alerts/{alert.id}"))
    assert closed_page.select_one("span.app-pre-line").get_text() == "Visited the same day; child safe with grandparents."
    listing = page(client.get("/feedback/alerts"))
    assert listing.select_one("#no-open-alerts") is not None
    assert len(listing.select("#closed-alerts tbody tr")) == 1
    assert "Typical time to acknowledge" in listing.get_text()


def test_closing_without_acknowledging_records_both(new_client, alert, admin):
    client = new_client()
    client.sign_in(admin)
    client.submit(f"/feedback/alerts/{alert.id}/close", {"note": "Passed to the MASH."})
    done = fresh(Alert, alert.id)
    assert done.acknowledged_by_id == admin.id and done.closed_at == done.acknowledged_at


def test_someone_who_cannot_see_the_alert_cannot_act_on_it(new_client, alert, bystanders):
    client = new_client()
    client.sign_in("colleague@example.org")
    assert client.submit(f"/feedback/alerts/{alert.id}/acknowledge").status_code == 403
    assert client.submit(f"/feedback/alerts/{alert.id}/close", {"note": "x"}).status_code == 403
    assert fresh(Alert, alert.id).acknowledged_at is None


# --- Concern words and leads (administrators) -------------------------------------------------


def test_an_administrator_keeps_the_concern_words(client, admin):
    client.sign_in(admin)
    empty = page(client.get("/feedback/concern-words"))
    categories = [li.get_text(strip=True) for li in empty.select("#concern-categories li")]
    assert categories[:3] == ["Physical harm", "Sexual harm or grooming", "Self-harm or suicide"]
    assert "Asking for help" in categories and not empty.select("#concern-words")
    assert client.submit("/feedback/concern-words", {"phrase": "  locked   in "}).status_code == 302
    duplicate = client.submit("/feedback/concern-words", {"phrase": "LOCKED IN"})
    assert duplicate.status_code == 400
    assert error_messages(duplicate) == ["'LOCKED IN' is already on the list"]
    blank = client.submit("/feedback/concern-words", {"phrase": ""})
    assert error_messages(blank) == ["Enter a word or phrase"]
    assert alert_rules.concern_words() == ["locked in"]
    word = db.session.scalar(select(ConcernWord))
    client.submit(f"/feedback/concern-words/{word.id}/remove")
    assert alert_rules.concern_words() == []  # the built-in detector stays on without any


def test_an_administrator_names_the_safeguarding_leads(client, admin, team, make_user):
    person = make_user("auditor", email="manager@example.org", name="Mo Manager", team_id=team.id)
    client.sign_in(admin)
    before = page(client.get("/feedback/safeguarding-leads")).select_one("#teams-without-lead").get_text()
    assert "Barrow Safeguarding" in before
    response = client.submit("/feedback/safeguarding-leads", {"team_id": str(team.id), "user_id": str(person.id)})
    assert response.status_code == 302
    client.submit("/feedback/safeguarding-leads", {"team_id": str(team.id), "user_id": str(person.id)})  # twice: once
    assert [u.email for u in alert_rules.leads_of(team.id)] == ["manager@example.org"]
    missing = client.submit("/feedback/safeguarding-leads", {"team_id": "", "user_id": ""})
    assert error_messages(missing) == ["Choose the team", "Choose the person"]
    lead = db.session.scalar(select(SafeguardingLead))
    client.submit(f"/feedback/safeguarding-leads/{lead.id}/remove")
    assert alert_rules.leads_of(team.id) == []


@pytest.mark.parametrize("role", ["practitioner", "auditor", "moderator", "qa_viewer"])
@pytest.mark.parametrize("url", ["/feedback/concern-words", "/feedback/safeguarding-leads"])
def test_only_administrators_keep_words_and_leads(client, make_user, places, role, url):
    client.sign_in(make_user(role))
    assert client.get(url).status_code == 403
    assert client.submit(url, {"phrase": "x", "team_id": "1", "user_id": "1"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ConcernWord)) == 0


def test_durations_read_as_words():
    from datetime import timedelta

    words = alert_rules.duration_words
    assert words(timedelta(seconds=30)) == "less than a minute"
    assert words(timedelta(minutes=1)) == "1 minute"
    assert words(timedelta(hours=2, minutes=5)) == "2 hours 5 minutes"
    assert words(timedelta(hours=1)) == "1 hour"
    assert words(timedelta(days=3, hours=4, minutes=9)) == "3 days 4 hours"
