"""What is kept no longer than it is needed.

- Who an invite was given to (a case reference or the practitioner's note) is deleted
  INVITE_NOTE_RETENTION_DAYS (default 90) after its campaign ends, unless an alert from its
  response is still open: the note is what lets someone find the child.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from app.core import clock, jobs
from app.core.db import db, utcnow
from app.feedback.models import Campaign, Invite, Response
from app.safeguarding.models import Alert

DEFAULT_INVITE_NOTE_DAYS = 90


@jobs.job
def forget_expired(now: datetime | None = None) -> int:
    """Delete invite notes past their time. The number deleted."""
    now = now or utcnow()
    days = int(current_app.config.get("INVITE_NOTE_RETENTION_DAYS", DEFAULT_INVITE_NOTE_DAYS))
    last_day = clock.local_day(now) - timedelta(days=days)
    ended = select(Campaign.id).where(Campaign.period_end < last_day)
    open_alert = (select(Response.invite_id).join(Alert, Alert.response_id == Response.id)
                  .where(Alert.closed_at.is_(None), Response.invite_id.is_not(None)))
    result = db.session.execute(
        update(Invite).where(Invite.given_to.is_not(None), Invite.campaign_id.in_(ended), Invite.id.not_in(open_alert))
        .values(given_to=None).execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount
