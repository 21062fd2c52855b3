"""The nightly job that deletes what is past its time (the periods are in `rules`).

Each step commits on its own and is safe to repeat: a step that fails leaves the others
done, and the next night finishes it. The histories that are otherwise written once (an
alert's steps, a moderation's) are deleted here with their record, with plain DELETE
statements: this is the one place that may remove them.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import and_, delete, exists, or_, select, update

from app.activity.models import ActivityEntry
from app.audits.models import Audit, AuditRound, CorrectiveAction, CorrectiveActionEvent
from app.core import clock, jobs
from app.core.db import db, utcnow
from app.feedback.models import Campaign, CommentTag, Invite, Response
from app.moderation.models import Moderation, ModerationDecision, ModerationEvent
from app.notifications.models import PENDING, Notification
from app.retention import rules
from app.safeguarding.models import Alert, AlertEvent


def _start_of(day) -> datetime:
    """The UTC moment the UK day begins: stored moments are UTC, periods count UK days."""
    return clock.utc_bounds(day, day)[0]


def _campaigns_ended_before(day):
    return select(Campaign.id).where(Campaign.period_end < day)


def _with_open_alert():
    return select(Alert.response_id).where(Alert.closed_at.is_(None))


def forget_invite_notes(policy: rules.Policy, today) -> int:
    """Who an invite was given to, once its campaign is past its time, unless an alert from
    its response is still open: the note is what lets someone find the child."""
    open_invites = (select(Response.invite_id).join(Alert, Alert.response_id == Response.id)
                    .where(Alert.closed_at.is_(None), Response.invite_id.is_not(None)))
    result = db.session.execute(
        update(Invite).where(Invite.given_to.is_not(None),
                             Invite.campaign_id.in_(_campaigns_ended_before(rules.cutoff(today, policy.invite_note_days))),
                             Invite.id.not_in(open_invites))
        .values(given_to=None).execution_options(synchronize_session=False))
    return result.rowcount


def forget_free_text(policy: rules.Policy, today) -> int:
    """A respondent's own words and any name they gave, unless an alert on them is open."""
    rows = db.session.execute(select(Response.id, Response.free_text, Response.respondent_name).where(
        Response.campaign_id.in_(_campaigns_ended_before(rules.cutoff(today, policy.free_text_days))),
        Response.id.not_in(_with_open_alert()))).all()
    ids = [r.id for r in rows if r.free_text or r.respondent_name]  # JSON is compared here, the same on every database
    for chunk in range(0, len(ids), 500):
        db.session.execute(update(Response).where(Response.id.in_(ids[chunk:chunk + 500]))
                           .values(free_text={}, respondent_name=None).execution_options(synchronize_session=False))
    return len(ids)


def delete_alerts(policy: rules.Policy, today) -> int:
    """Alerts closed before the cut-off, with their history and their emails."""
    old = select(Alert.id).where(Alert.closed_at.is_not(None), Alert.closed_at < _start_of(rules.cutoff(today, policy.alert_days)))
    ids = list(db.session.scalars(old))
    if not ids:
        return 0
    db.session.execute(delete(Notification).where(Notification.alert_id.in_(ids)))
    db.session.execute(delete(AlertEvent).where(AlertEvent.alert_id.in_(ids)))
    db.session.execute(delete(Alert).where(Alert.id.in_(ids)))
    return len(ids)


def delete_responses(policy: rules.Policy, today) -> int:
    """Responses past their time that no alert still needs, with their comment tags."""
    ids = list(db.session.scalars(
        select(Response.id).where(
            Response.campaign_id.in_(_campaigns_ended_before(rules.cutoff(today, policy.response_days))),
            ~exists().where(Alert.response_id == Response.id))))
    if not ids:
        return 0
    db.session.execute(delete(CommentTag).where(CommentTag.response_id.in_(ids)))
    db.session.execute(delete(Response).where(Response.id.in_(ids)))
    return len(ids)


def delete_notifications(policy: rules.Policy, today) -> int:
    """Emails sent or given up before the cut-off, except those about an alert still open.
    Who was told stays in the alert's history; the email itself can quote the child."""
    before = _start_of(rules.cutoff(today, policy.notification_days))
    open_alerts = select(Alert.id).where(Alert.closed_at.is_(None))
    result = db.session.execute(delete(Notification).where(
        Notification.status != PENDING,
        or_(Notification.alert_id.is_(None), Notification.alert_id.not_in(open_alerts)),
        or_(and_(Notification.sent_at.is_not(None), Notification.sent_at < before),
            and_(Notification.sent_at.is_(None), Notification.created_at < before))))
    return result.rowcount


def delete_audits(policy: rules.Policy, today) -> int:
    """Audits submitted before the cut-off (never submitted: their round was due before it),
    with their moderation, its history and decisions, and their corrective actions with theirs."""
    last = rules.cutoff(today, policy.audit_days)
    ids = list(db.session.scalars(
        select(Audit.id).join(AuditRound, AuditRound.id == Audit.round_id).where(or_(
            and_(Audit.submitted_at.is_not(None), Audit.submitted_at < _start_of(last)),
            and_(Audit.submitted_at.is_(None), AuditRound.due_date.is_not(None), AuditRound.due_date < last)))))
    if not ids:
        return 0
    moderations = select(Moderation.id).where(Moderation.audit_id.in_(ids))
    db.session.execute(delete(ModerationDecision).where(ModerationDecision.moderation_id.in_(moderations)))
    db.session.execute(delete(ModerationEvent).where(ModerationEvent.moderation_id.in_(moderations)))
    db.session.execute(delete(Moderation).where(Moderation.audit_id.in_(ids)))
    actions = select(CorrectiveAction.id).where(CorrectiveAction.audit_id.in_(ids))
    db.session.execute(delete(CorrectiveActionEvent).where(CorrectiveActionEvent.action_id.in_(actions)))
    db.session.execute(delete(CorrectiveAction).where(CorrectiveAction.audit_id.in_(ids)))
    db.session.execute(delete(Audit).where(Audit.id.in_(ids)))
    return len(ids)


def delete_activity(policy: rules.Policy, today) -> int:
    """Activity log entries written before the cut-off."""
    result = db.session.execute(delete(ActivityEntry).where(
        ActivityEntry.at < _start_of(rules.cutoff(today, policy.activity_days))))
    return result.rowcount


# In this order: an alert goes before the response it was raised on can.
STEPS = (
    ("invite notes", forget_invite_notes),
    ("respondents' own words", forget_free_text),
    ("alerts", delete_alerts),
    ("responses", delete_responses),
    ("emails", delete_notifications),
    ("audits", delete_audits),
    ("activity log", delete_activity),
)


@jobs.job
def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Run every step; {step: how many records} (forgotten or deleted)."""
    policy = rules.Policy.from_config(current_app.config)
    today = clock.local_day(now or utcnow())
    done = {}
    for name, step in STEPS:
        try:
            done[name] = step(policy, today)
            db.session.commit()
        except Exception:
            db.session.rollback()
            current_app.logger.exception("Retention step %r failed; the others ran", name)
            done[name] = 0
    return done
