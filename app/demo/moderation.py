"""Demo moderation for a first run: every submitted audit enters moderation under its
round's policy, and about half of those waiting are finalised by a demo moderator (never
their own), lowering the overall judgement of about one in four, as moderators in the
field often do. Each demo moderator agrees the other grades explicitly, as the form asks."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.audits import states as audit_states
from app.audits.grades import GOOD, INADEQUATE, OUTSTANDING, REQUIRES_IMPROVEMENT
from app.audits.models import Audit
from app.auth.models import User
from app.core.db import db
from app.moderation import rules, services
from app.moderation.models import Moderation

_LOWER = {OUTSTANDING: GOOD, GOOD: REQUIRES_IMPROVEMENT, REQUIRES_IMPROVEMENT: INADEQUATE}


def add_demo_data(rng: random.Random, today: date) -> None:
    """Idempotent: audits already selected stay as they are, and only moderations never
    decided are finalised."""
    submitted = db.session.scalars(
        select(Audit).where(Audit.state == audit_states.SUBMITTED).order_by(Audit.submitted_at, Audit.id)
    ).all()
    for audit in submitted:
        services.on_audit_submitted(audit, now=audit.submitted_at)
    moderators = [u for u in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id))
                  if u.has_role("moderator")]
    if not moderators:
        return
    waiting = db.session.scalars(
        select(Moderation).where(Moderation.state == rules.AWAITING_MODERATION, Moderation.first_decided_at.is_(None))
        .order_by(Moderation.id)
    ).all()
    for m in waiting:
        if rng.random() < 0.5:
            continue
        mod = next((u for u in rng.sample(moderators, len(moderators)) if u.id != m.audit.auditor_id), None)
        if mod is None:
            continue
        start = m.first_submitted_at + timedelta(days=rng.randint(1, 12))
        end = min(start + timedelta(hours=2), datetime.combine(today, time(12)))
        services.claim(m, mod, now=min(start, end))
        auditor_grade = m.audit.auditor_judgement
        choices, reasons = {}, {}
        if auditor_grade in _LOWER and rng.random() < 0.25:
            choices[services.OVERALL] = _LOWER[auditor_grade]
            reasons[services.OVERALL] = "The evidence on file does not support the auditor's grade."
        services.decide(m, mod, choices, reasons, "Share the record of direct work in team supervision.",
                        services.FINALISE, now=end, agree_rest=True, notify=False)
