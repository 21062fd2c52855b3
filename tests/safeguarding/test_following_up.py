"""Following alerts up: a person's home page shows their open alerts, emails not delivered
show to administrators, invite notes are deleted with the invite's retention, and the
board report counts alerts passed on."""
from datetime import date, datetime, timedelta

from conftest import page
from feedback.conftest import answer
from sqlalchemy import select

from app.core.db import db, utcnow
from app.feedback import services
from app.feedback.models import Invite
from app.notifications import delivery
from app.notifications.models import Notification
from app.safeguarding.models import Alert
from app.retention.purge import purge_expired


def test_the_home_page_shows_open_alerts_not_acknowledged_first(client, new_client, invite, practitioner, lead,
                                                                 make_user, team):
    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"})
    viewer = new_client()
    viewer.sign_in(practitioner)
    banner = page(viewer.get("/")).select_one("#my-open-alerts")
    assert banner is not None
    text = banner.get_text(" ", strip=True)
    assert "1 not acknowledged" in text and "Not acknowledged" in text and "Barrow Safeguarding" in text

    alert = db.session.scalar(select(Alert))
    viewer.submit(f"/feedback/alerts/{alert.id}/acknowledge")
    assert "1 open, all acknowledged" in page(viewer.get("/")).select_one("#my-open-alerts").get_text(" ", strip=True)

    colleague = new_client()
    colleague.sign_in(make_user("practitioner", team_id=team.id))  # a practitioner with no part in it
    assert page(colleague.get("/")).select_one("#my-open-alerts") is None


def test_administrators_see_emails_that_have_not_gone(client, new_client, invite, practitioner, admin):
    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"}, worker=False)  # no worker is running
    viewer = new_client()
    viewer.sign_in(admin)
    assert page(viewer.get("/admin")).select_one("#undelivered") is None  # just written: not late yet
    row = db.session.scalar(select(Notification))
    row.created_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    warning = page(viewer.get("/admin")).select_one("#undelivered").get_text(" ", strip=True)
    assert "1 email has not been delivered" in warning
    assert [n.id for n in delivery.undelivered()] == [row.id]


def forget_notes(now) -> int:
    return purge_expired(now=now)["invite notes"]


def test_who_an_invite_was_for_is_deleted_after_its_campaign_unless_an_alert_is_open(
        app, client, make_campaign, practitioner, lead, monkeypatch):
    monkeypatch.setitem(app.config, "INVITE_NOTE_RETENTION_DAYS", 90)
    campaign = make_campaign()
    quiet = services.issue_invite(campaign, practitioner, date.today())
    worrying = services.issue_invite(campaign, practitioner, date.today())
    quiet.given_to, worrying.given_to = "CASE-1001", "CASE-1002"
    db.session.commit()
    answer(client, f"/q/{worrying.display_code}", {"safe-home": "sad"})

    ended = campaign.period_end
    assert forget_notes(now=datetime.combine(ended + timedelta(days=90), datetime.min.time()) + timedelta(hours=12)) == 0
    after = datetime.combine(ended + timedelta(days=91), datetime.min.time()) + timedelta(hours=12)
    assert forget_notes(now=after) == 1
    db.session.expire_all()
    assert db.session.get(Invite, quiet.id).given_to is None
    assert db.session.get(Invite, worrying.id).given_to == "CASE-1002"  # its alert is still open

    alert = db.session.scalar(select(Alert))
    alert.closed_at = utcnow()
    db.session.commit()
    assert forget_notes(now=after) == 1
    db.session.expire_all()
    assert db.session.get(Invite, worrying.id).given_to is None
