"""Delivering the outbox.

1. Whatever needs an email calls `queue_email` in its own transaction: the Notification
   row is saved with it or not at all. After the commit it calls `send_soon`, which puts
   a `deliver` job on the queue (never sending inside the request).
2. `deliver(id)` claims the row (one UPDATE that only one worker can win), sends, and
   marks it sent. If sending fails, the row gets its next try time (back-off: 1, 2, 4 ...
   minutes, at most 30) and the error, and is shown as undelivered on the alerts page.
3. `sweep()`, every minute from the scheduler, queues every row that is due: new rows whose
   job was lost (Redis down), rows waiting for their next try, and rows claimed by a worker
   that died (the claim runs out after CLAIM_SECONDS).

Sent once: a row is sent only by the worker holding its claim, and marked sent straight
after the mail server accepts it. A job that runs twice finds the row sent, or claimed,
and does nothing. The one gap left is a worker dying in the instant between the server's
"accepted" and the commit; the message then goes again with the same Message-ID.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from app.core import jobs, mail
from app.core.db import db, utcnow
from app.notifications.models import FAILED, PENDING, SENT, Notification

log = logging.getLogger(__name__)

CLAIM_SECONDS = 120  # longer than one SMTP conversation (its time-out is 20 s); NOTIFICATION_CLAIM_SECONDS
MAX_ATTEMPTS = 60  # with back-off capped at 30 minutes: about a day of trying


def queue_email(*, kind: str, to_email: str, subject: str, body: str, to_name: str | None = None,
                user_id: int | None = None, alert_id: int | None = None) -> Notification:
    """A Notification, added to the session (the caller commits it with its own work)."""
    row = Notification(kind=kind, to_email=to_email, to_name=to_name, subject=subject[:300], body=body,
                       user_id=user_id, alert_id=alert_id, status=PENDING, attempts=0, next_attempt_at=utcnow())
    db.session.add(row)
    return row


def send_soon(rows: Iterable[Notification]) -> None:
    """After the commit: queue a delivery job per row."""
    for row in rows:
        jobs.enqueue("app.notifications.delivery.deliver", row.id, queue=jobs.URGENT)


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(30, 2 ** max(0, attempts - 1)))


def claim_seconds() -> int:
    return int(current_app.config.get("NOTIFICATION_CLAIM_SECONDS") or CLAIM_SECONDS)


def _claim(notification_id: int, now: datetime) -> bool:
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.status == PENDING,
               Notification.next_attempt_at <= now,
               or_(Notification.claimed_until.is_(None), Notification.claimed_until < now))
        .values(claimed_until=now + timedelta(seconds=claim_seconds()), attempts=Notification.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


@jobs.job
def deliver(notification_id: int, now: datetime | None = None) -> str:
    """Send one notification if it is due and nobody else is sending it. Returns what
    happened: "sent", "failed" (will be tried again), "gave up", or "skipped"."""
    now = now or utcnow()
    if not _claim(notification_id, now):
        return "skipped"
    row = db.session.get(Notification, notification_id)
    try:
        mail.deliver(row.to_email, row.subject, row.body, message_id=row.message_id)
    except mail.MailError as error:
        row.last_error = str(error)[:300]
        row.claimed_until = None
        row.next_attempt_at = utcnow() + backoff(row.attempts)
        gave_up = row.attempts >= MAX_ATTEMPTS
        if gave_up:
            row.status = FAILED
        db.session.commit()
        log.warning("Notification %s to %s not sent (try %s): %s", row.id, row.to_email, row.attempts, error)
        return "gave up" if gave_up else "failed"
    row.status = SENT
    row.sent_at = utcnow()
    row.claimed_until = None
    row.last_error = None
    db.session.commit()
    return "sent"


@jobs.job
def sweep(now: datetime | None = None) -> int:
    """Queue every notification that is due (see the module's note). The number queued."""
    now = now or utcnow()
    due = list(db.session.scalars(
        select(Notification.id).where(
            Notification.status == PENDING, Notification.next_attempt_at <= now,
            or_(Notification.claimed_until.is_(None), Notification.claimed_until < now),
        ).order_by(Notification.next_attempt_at).limit(500)
    ))
    for notification_id in due:
        jobs.enqueue("app.notifications.delivery.deliver", notification_id, queue=jobs.URGENT)
    return len(due)


STUCK_AFTER = timedelta(minutes=5)  # never tried this long after it was written: the queue is not running


def undelivered(alert_ids: Iterable[int] | None = None, now: datetime | None = None) -> list[Notification]:
    """Notifications not sent that a person should know about, oldest first: tried and
    failed, given up on, or waiting longer than a worker ever should."""
    now = now or utcnow()
    query = select(Notification).where(
        Notification.status != SENT,
        or_(Notification.attempts > 0, Notification.status == FAILED, Notification.created_at < now - STUCK_AFTER))
    if alert_ids is not None:
        query = query.where(Notification.alert_id.in_(list(alert_ids)))
    return list(db.session.scalars(query.order_by(Notification.created_at, Notification.id)))


def for_alert(alert_id: int) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(Notification.alert_id == alert_id).order_by(Notification.created_at, Notification.id)))
