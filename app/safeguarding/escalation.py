"""Escalating alerts nobody has acknowledged in time (the rule is in `rules`). Run every
minute by the scheduler; safe to run twice at once, or late: each step is taken by one
conditional UPDATE that only one run can win, and a late run takes one step at a time."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select, update

from app.core import clock, jobs
from app.core.db import db, utcnow
from app.notifications import delivery
from app.safeguarding import rules
from app.safeguarding.models import Alert, AlertEvent
from app.safeguarding.services import (
    ESCALATED,
    email_text,
    managers_of,
    next_escalation_at,
    send_soon,
    timing,
    told_so_far,
)


def step_recipients(alert: Alert, level: int, now: datetime) -> list[dict]:
    """Who a step adds: [{"user_id", "name", "email", "why"}], without anyone told already."""
    config = current_app.config
    office = rules.in_office_hours(clock.to_local(now), timing(), clock.is_bank_holiday)
    people = []
    for who in rules.ESCALATION_STEPS[level]:
        if who == rules.TEAM_MANAGERS:
            people += [{"user_id": u.id, "name": u.name, "email": u.email, "why": rules.WHY[who]}
                       for u in managers_of(alert.team_id)]
        elif who == rules.INBOX and config.get("SAFEGUARDING_INBOX_EMAIL"):
            people.append({"user_id": None, "name": "Safeguarding inbox", "email": config["SAFEGUARDING_INBOX_EMAIL"],
                           "why": rules.WHY[who]})
        elif who == rules.OUT_OF_HOURS and not office and config.get("SAFEGUARDING_OUT_OF_HOURS_EMAIL"):
            people.append({"user_id": None, "name": "Out-of-hours service",
                           "email": config["SAFEGUARDING_OUT_OF_HOURS_EMAIL"], "why": rules.WHY[who]})
        elif who == rules.DESIGNATED_LEAD and config.get("SAFEGUARDING_DESIGNATED_LEAD_EMAIL"):
            people.append({"user_id": None, "name": "Designated safeguarding lead",
                           "email": config["SAFEGUARDING_DESIGNATED_LEAD_EMAIL"], "why": rules.WHY[who]})
    already = {p["email"].casefold() for p in told_so_far(alert)}
    out, seen = [], set(already)
    for person in people:
        if person["email"].casefold() not in seen:
            seen.add(person["email"].casefold())
            out.append(person)
    return out


def escalate(alert: Alert, now: datetime) -> bool:
    """Take the alert up one step if it is still due. False if another run took it, or it
    was acknowledged meanwhile."""
    level = alert.escalation_level + 1
    won = db.session.execute(
        update(Alert).where(Alert.id == alert.id, Alert.escalation_level == alert.escalation_level,
                            Alert.acknowledged_at.is_(None), Alert.closed_at.is_(None), Alert.escalate_at <= now)
        .values(escalation_level=level, escalate_at=next_escalation_at(level, now))
    ).rowcount == 1
    if not won:
        db.session.rollback()
        return False
    db.session.refresh(alert)
    told = step_recipients(alert, level, now)
    db.session.add(AlertEvent(alert_id=alert.id, at=now, kind=ESCALATED, level=level,
                              told=[{k: p[k] for k in ("name", "email", "why")} for p in told],
                              note=None if told else "Nobody to tell at this step: set it up in the settings."))
    heading = "Nobody has acknowledged this safeguarding alert in time. It has been passed to you."
    for person in told:
        subject, body = email_text(alert, f"You are told because you {person['why']}.", heading=heading)
        delivery.queue_email(kind="escalation", to_email=person["email"], to_name=person["name"],
                             subject="Not acknowledged – " + subject, body=body, user_id=person["user_id"],
                             alert_id=alert.id)
    db.session.commit()
    return True


@jobs.job
def check_escalations(now: datetime | None = None) -> int:
    """Escalate every alert whose time is up. The number of steps taken."""
    now = now or utcnow()
    due = list(db.session.scalars(
        select(Alert).where(Alert.acknowledged_at.is_(None), Alert.closed_at.is_(None), Alert.escalate_at <= now)
        .order_by(Alert.escalate_at)
    ))
    taken = 0
    for alert in due:
        if escalate(alert, now):
            taken += 1
            send_soon(alert)
    return taken
