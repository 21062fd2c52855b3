"""Retention: each kind of record goes when its time is up, and not a day before; nothing
a still-open alert needs goes at all; a second run finds nothing more; periods that make no
sense are refused at start-up. On the real database, through the nightly job itself."""
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from feedback.conftest import admin, lead, make_campaign, make_team, practitioner, questionnaires, team  # noqa: F401
from sqlalchemy import func, select

from app import create_app
from app.config import ConfigError
from app.core.db import db, utcnow
from app.feedback.models import CommentTag, CommentTheme, Response
from app.notifications.models import Notification
from app.retention import rules
from app.retention.purge import purge_expired
from app.safeguarding import services as safeguarding
from app.safeguarding.models import Alert, AlertEvent


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def noon(day: date) -> datetime:
    """Midday UK time on `day`, as a stored (UTC) moment: clear of any midnight."""
    return datetime.combine(day, time(11))


def respond(campaign, answers=None, text=None, name=None) -> Response:
    response = Response(campaign_id=campaign.id, idempotency_key=uuid.uuid4().hex, answers=answers or {"safe-home": "happy"},
                        free_text=text or {}, respondent_name=name, team_id=campaign.team_id)
    db.session.add(response)
    db.session.flush()
    alert = safeguarding.raise_alert(response, campaign.questionnaire)
    db.session.commit()
    return response if alert is None else db.session.get(Response, response.id)


@pytest.fixture
def days(app, monkeypatch):
    def set_days(**periods):
        for name, value in periods.items():
            monkeypatch.setitem(app.config, name, value)
    return set_days


def test_a_respondents_own_words_go_a_year_after_the_campaign_unless_an_alert_is_open(days, make_campaign, lead):
    days(FREE_TEXT_RETENTION_DAYS=365)
    campaign = make_campaign()
    quiet = respond(campaign, text={"better": "More time with my worker"}, name="Sam")
    worrying = respond(campaign, answers={"safe-home": "sad"}, text={"better": "I don't feel safe at home"})
    assert count(Alert) == 1
    ended = campaign.period_end

    assert purge_expired(now=noon(ended + timedelta(days=365)))["respondents' own words"] == 0  # the last day kept
    assert purge_expired(now=noon(ended + timedelta(days=366)))["respondents' own words"] == 1
    db.session.expire_all()
    kept = db.session.get(Response, quiet.id)
    assert (kept.free_text, kept.respondent_name, kept.answers) == ({}, None, {"safe-home": "happy"})
    assert db.session.get(Response, worrying.id).free_text == {"better": "I don't feel safe at home"}  # alert open

    alert = db.session.scalar(select(Alert))
    alert.closed_at = utcnow()
    db.session.commit()
    assert purge_expired(now=noon(ended + timedelta(days=366)))["respondents' own words"] == 1
    db.session.expire_all()
    assert db.session.get(Response, worrying.id).free_text == {}


def test_responses_go_after_their_time_but_an_alerts_response_stays_as_long_as_the_alert(days, make_campaign, lead):
    days(FREE_TEXT_RETENTION_DAYS=365, RESPONSE_RETENTION_DAYS=1000, ALERT_RETENTION_DAYS=2000)
    campaign = make_campaign()
    quiet = respond(campaign, text={"better": "Nothing"})
    theme = CommentTheme(name="Being listened to")
    db.session.add(theme)
    db.session.flush()
    db.session.add(CommentTag(response_id=quiet.id, question_key="better", theme=theme))
    worrying = respond(campaign, answers={"safe-home": "sad"})
    alert = db.session.scalar(select(Alert))
    db.session.add(Notification(kind="alert", alert_id=alert.id, to_email="lead@example.org", subject="Alert",
                                body="What they said: …", status="sent", sent_at=utcnow()))
    db.session.commit()
    assert count(AlertEvent) >= 1 and count(Notification) == 1
    ended = campaign.period_end

    done = purge_expired(now=noon(ended + timedelta(days=1001)))
    assert done["responses"] == 1 and done["alerts"] == 0
    assert [r.id for r in db.session.scalars(select(Response))] == [worrying.id]
    assert count(CommentTag) == 0 and count(CommentTheme) == 1  # the tag went with its response; the theme stays

    closed = noon(ended + timedelta(days=10))
    alert.closed_at = closed
    db.session.commit()
    assert purge_expired(now=noon(closed.date() + timedelta(days=2000)))["alerts"] == 0
    done = purge_expired(now=noon(closed.date() + timedelta(days=2001)))
    assert (done["alerts"], done["responses"]) == (1, 1)
    assert (count(Alert), count(AlertEvent), count(Response)) == (0, 0, 0)
    assert count(Notification) == 0, "the alert's emails quote the child: they go with it"


def test_old_emails_go_but_not_those_about_an_alert_still_open(days, make_campaign, lead):
    days(NOTIFICATION_RETENTION_DAYS=90)
    campaign = make_campaign()
    respond(campaign, answers={"safe-home": "sad"})
    db.session.add(Notification(kind="reminder", to_email="owner@example.org", subject="Actions due", body="…",
                                status="sent", sent_at=noon(date(2026, 1, 5)), created_at=noon(date(2026, 1, 5))))
    db.session.add(Notification(kind="reminder", to_email="owner@example.org", subject="Actions due", body="…",
                                status="pending", created_at=noon(date(2026, 1, 5))))
    alert = db.session.scalar(select(Alert))
    db.session.add(Notification(kind="alert", alert_id=alert.id, to_email="lead@example.org", subject="Alert",
                                body="What they said: …", status="sent", sent_at=noon(date(2026, 1, 5))))
    db.session.commit()
    alert_emails = 1

    assert purge_expired(now=noon(date(2026, 4, 5)))["emails"] == 0  # 90 days after 5 January: kept
    assert purge_expired(now=noon(date(2026, 4, 6)))["emails"] == 1  # the old reminder; pending ones wait to be sent
    assert count(Notification) == alert_emails + 1


def test_a_second_run_finds_nothing_more(days, make_campaign, lead):
    days(FREE_TEXT_RETENTION_DAYS=30, RESPONSE_RETENTION_DAYS=60)
    campaign = make_campaign()
    respond(campaign, text={"better": "More activities"})
    later = noon(campaign.period_end + timedelta(days=61))
    done = purge_expired(now=later)
    assert (done["respondents' own words"], done["responses"]) == (1, 1)
    assert set(purge_expired(now=later).values()) == {0}


def test_periods_that_defeat_their_purpose_are_refused_at_start_up():
    assert rules.Policy().problems() == []
    with pytest.raises(ConfigError, match="FREE_TEXT_RETENTION_DAYS cannot be longer than RESPONSE_RETENTION_DAYS"):
        create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "FREE_TEXT_RETENTION_DAYS": 900, "RESPONSE_RETENTION_DAYS": 300})


def test_the_cut_off_counts_whole_uk_days():
    assert rules.cutoff(date(2026, 5, 31), 91) == date(2026, 3, 1)


def test_activity_log_entries_go_after_their_time(days, make_user):
    from app.activity.models import ActivityEntry

    days(ACTIVITY_RETENTION_DAYS=730)
    person = make_user("admin")
    db.session.add_all([ActivityEntry(at=noon(date(2024, 1, 10)), user_id=person.id, action="viewed", record_kind="audit",
                                      record_id="1", page="/audits/1/submitted", status=200),
                        ActivityEntry(at=noon(date(2024, 6, 10)), user_id=person.id, action="viewed", record_kind="audit",
                                      record_id="2", page="/audits/2/submitted", status=200)])
    db.session.commit()
    assert purge_expired(now=noon(date(2026, 1, 10)))["activity log"] == 1
    assert [e.record_id for e in db.session.scalars(select(ActivityEntry))] == ["2"]
