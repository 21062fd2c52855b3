"""An alert nobody acknowledges goes to more people at the set time (a controlled clock):
the team manager and the safeguarding inbox, then the designated lead; office hours, out
of hours and bank holidays; every step kept; acknowledging stops it."""
from datetime import date, datetime, timedelta

import pytest
from conftest import page
from feedback.conftest import answer
from sqlalchemy import select

from app.auth.models import UserRole
from app.auth.roles import PRACTITIONER, TEAM_MANAGER
from app.core import clock, jobs
from app.core.db import db
from app.notifications.models import Notification
from app.safeguarding import rules
from app.safeguarding import services as safeguarding
from app.safeguarding.escalation import check_escalations
from app.safeguarding.models import Alert, AlertEvent

TIMING = rules.Timing(office_minutes=120, out_of_hours_minutes=60, office_hours=(9 * 60, 17 * 60))


def uk(*args) -> datetime:
    return datetime(*args, tzinfo=clock.LOCAL_TIME_ZONE)


@pytest.mark.parametrize("moment, office", [
    (uk(2026, 12, 1, 10, 0), True),  # a Tuesday morning
    (uk(2026, 12, 1, 8, 59), False),
    (uk(2026, 12, 1, 16, 59), True),
    (uk(2026, 12, 1, 17, 0), False),
    (uk(2026, 12, 5, 11, 0), False),  # Saturday
    (uk(2026, 4, 6, 11, 0), False),  # Easter Monday, a bank holiday in England
    (uk(2026, 12, 28, 11, 0), False),  # Boxing Day falls on a Saturday: the Monday is the holiday
    (uk(2026, 12, 29, 11, 0), True),
])
def test_office_hours_are_weekdays_in_opening_hours_but_not_bank_holidays(moment, office):
    assert rules.in_office_hours(moment, TIMING, clock.is_bank_holiday) is office
    expected = timedelta(minutes=120 if office else 60)
    assert rules.acknowledge_within(moment, TIMING, clock.is_bank_holiday) == expected


def test_there_are_two_steps_and_no_third():
    since = datetime(2026, 12, 1, 10, 0)
    local = clock.to_local(since)
    assert rules.next_escalation(0, since, local, TIMING, clock.is_bank_holiday) == since + timedelta(hours=2)
    assert rules.next_escalation(1, since, local, TIMING, clock.is_bank_holiday) == since + timedelta(hours=2)
    assert rules.next_escalation(2, since, local, TIMING, clock.is_bank_holiday) is None


def test_overdue_means_not_acknowledged_and_past_time_or_passed_on_already():
    now = datetime(2026, 12, 1, 12, 0)
    assert rules.is_overdue(None, now - timedelta(minutes=1), 0, now)
    assert not rules.is_overdue(None, now + timedelta(minutes=1), 0, now)
    assert rules.is_overdue(None, None, 2, now)  # at the last step: nothing further is due, still overdue
    assert not rules.is_overdue(now, None, 2, now)


def test_the_list_puts_alerts_nobody_has_acknowledged_first_oldest_first():
    t = datetime(2026, 12, 1, 9, 0)
    items = [(t, t + timedelta(hours=3), 1), (None, t + timedelta(hours=2), 2), (None, t + timedelta(hours=1), 3),
             (t, t, 4)]
    ordered = sorted(items, key=lambda a: rules.list_order(*a))
    assert [a[2] for a in ordered] == [3, 2, 4, 1]


@pytest.fixture
def escalation_config(app, monkeypatch):
    for name, value in {"SAFEGUARDING_INBOX_EMAIL": "front.door@example.org",
                        "SAFEGUARDING_OUT_OF_HOURS_EMAIL": "edt@example.org",
                        "SAFEGUARDING_DESIGNATED_LEAD_EMAIL": "designated.lead@example.org",
                        "ALERT_ACK_MINUTES": 120, "ALERT_ACK_MINUTES_OUT_OF_HOURS": 60}.items():
        monkeypatch.setitem(app.config, name, value)


@pytest.fixture
def manager(make_user, team):
    return make_user(TEAM_MANAGER, email="tess.manager@example.org", name="Tess Manager", team_id=team.id)


def raise_at(client, invite, moment: datetime) -> Alert:
    """An alert raised through the respondent's page, then placed at `moment` (naive UTC)."""
    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"})
    alert = db.session.scalar(select(Alert))
    alert.raised_at = alert.response.submitted_at = moment
    alert.escalate_at = safeguarding.next_escalation_at(0, moment)
    db.session.commit()
    return alert


def told_at(level: int) -> list[str]:
    db.session.expire_all()
    event = db.session.scalar(select(AlertEvent).where(AlertEvent.kind == "escalated", AlertEvent.level == level))
    return sorted(p["email"] for p in event.told) if event else None


def emailed(kind: str) -> list[str]:
    return sorted(n.to_email for n in db.session.scalars(select(Notification).where(Notification.kind == kind)))


def test_an_unacknowledged_alert_goes_up_a_step_at_the_set_time_and_no_sooner(
        app, client, new_client, invite, practitioner, lead, manager, escalation_config, outbox):
    raised = datetime(2026, 12, 1, 10, 0)  # Tuesday 10:00 UK (GMT): office hours, 2 hours
    alert = raise_at(client, invite, raised)
    assert alert.escalate_at == raised + timedelta(hours=2)

    assert check_escalations(now=raised + timedelta(minutes=119)) == 0
    assert check_escalations(now=raised + timedelta(hours=2)) == 1
    assert told_at(1) == ["front.door@example.org", "tess.manager@example.org"]  # no out-of-hours: it is 12:00
    assert emailed("escalation") == ["front.door@example.org", "tess.manager@example.org"]
    assert check_escalations(now=raised + timedelta(hours=2, minutes=30)) == 0  # one step, once

    alert = db.session.get(Alert, alert.id)
    assert alert.escalation_level == 1 and alert.escalate_at == raised + timedelta(hours=4)
    jobs.run_queued()
    to_manager = next(m for m in outbox if m.to == ("tess.manager@example.org",))
    assert to_manager.subject.startswith("Not acknowledged – Safeguarding alert")
    assert "Nobody has acknowledged this safeguarding alert in time" in to_manager.body
    assert "You are told because you manage the team" in to_manager.body

    assert check_escalations(now=raised + timedelta(hours=4)) == 1
    assert told_at(2) == ["designated.lead@example.org"]
    assert check_escalations(now=raised + timedelta(days=3)) == 0  # there is no step 3

    # The manager may now open it, sees it passed on and overdue, but not who the invite was for.
    viewer = new_client()
    viewer.sign_in(manager)
    listing = page(viewer.get("/feedback/alerts")).select_one("#open-alerts").get_text(" ", strip=True)
    assert "Not acknowledged" in listing and "Overdue" in listing and "Passed on 2 times" in listing
    history = page(viewer.get(f"/feedback/alerts/{alert.id}")).select_one("#alert-history").get_text(" ", strip=True)
    assert "passed on (step 1) to Tess Manager, Safeguarding inbox" in history
    assert "passed on (step 2) to Designated safeguarding lead" in history


def test_out_of_hours_the_time_is_shorter_and_the_out_of_hours_service_is_told(
        app, client, invite, practitioner, manager, escalation_config):
    raised = datetime(2026, 12, 5, 21, 0)  # Saturday night
    alert = raise_at(client, invite, raised)
    assert alert.escalate_at == raised + timedelta(hours=1)
    assert check_escalations(now=raised + timedelta(hours=1)) == 1
    assert told_at(1) == ["edt@example.org", "front.door@example.org", "tess.manager@example.org"]


def test_acknowledging_stops_escalation(app, client, new_client, invite, practitioner, manager, escalation_config):
    raised = datetime(2026, 12, 1, 10, 0)
    alert = raise_at(client, invite, raised)
    viewer = new_client()
    viewer.sign_in(practitioner)
    assert viewer.submit(f"/feedback/alerts/{alert.id}/acknowledge").status_code == 302
    db.session.expire_all()
    assert db.session.get(Alert, alert.id).escalate_at is None
    assert check_escalations(now=raised + timedelta(days=2)) == 0
    assert emailed("escalation") == []
    kinds = [e.kind for e in safeguarding.history(db.session.get(Alert, alert.id))]
    assert kinds == ["raised", "acknowledged"]


def test_two_schedulers_at_once_take_one_step(app, client, invite, practitioner, manager, escalation_config):
    from app.safeguarding.escalation import escalate

    raised = datetime(2026, 12, 1, 10, 0)
    alert = raise_at(client, invite, raised)
    stale = db.session.get(Alert, alert.id)
    now = raised + timedelta(hours=2)
    assert escalate(stale, now) is True
    db.session.expire_all()
    copy = Alert(id=alert.id, escalation_level=0)  # what a second scheduler read before the first won
    assert escalate(copy, now) is False
    assert emailed("escalation") == ["front.door@example.org", "tess.manager@example.org"]


def test_someone_who_has_left_the_role_or_team_is_neither_told_nor_shown(
        app, client, new_client, make_campaign, practitioner, lead, escalation_config, outbox):
    from app.feedback import services

    invite = services.issue_invite(make_campaign(), practitioner, date.today())
    # Later they stop being a practitioner.
    db.session.execute(UserRole.__table__.delete().where(UserRole.user_id == practitioner.id,
                                                         UserRole.role == PRACTITIONER))
    db.session.commit()
    db.session.expire_all()
    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"})
    assert sorted(address for m in outbox for address in m.to) == ["lee.lead@example.org"]
    alert = db.session.scalar(select(Alert))
    viewer = new_client()
    viewer.sign_in(practitioner)
    assert viewer.get(f"/feedback/alerts/{alert.id}").status_code == 403
