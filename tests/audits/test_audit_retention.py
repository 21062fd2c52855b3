"""Retention of case audits: an audit goes six years after submission, with its moderation,
that moderation's history and its corrective actions; a newer audit stays."""
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.audits.models import Audit, CorrectiveAction
from app.core.db import db
from app.demo.audits import fill_demo_audit
from app.moderation.models import Moderation, ModerationEvent
from app.retention.purge import purge_expired


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def noon(day: date) -> datetime:
    return datetime.combine(day, time(11))


def test_audits_go_six_years_after_submission_with_their_moderation_and_actions(app, monkeypatch, make_audit, make_user, publish_tool):
    monkeypatch.setitem(app.config, "AUDIT_RETENTION_DAYS", 6 * 365)
    auditor = make_user("auditor")
    make_user("moderator")
    tool = publish_tool()
    old, recent = make_audit(auditor=auditor, tool_version=tool), make_audit(auditor=auditor, tool_version=tool)
    for audit in (old, recent):
        fill_demo_audit(audit, random.Random(4), today=date(2026, 3, 1))
        db.session.add(CorrectiveAction(audit_id=audit.id, case_id=audit.case_id, description="Update the plan",
                                        owner_id=auditor.id, due_date=date(2026, 4, 1), raised_by_id=auditor.id))
    db.session.commit()
    assert count(Moderation) == 2 and count(ModerationEvent) >= 2
    submitted = noon(date(2020, 3, 1))
    db.session.get(Audit, old.id).submitted_at = submitted
    db.session.commit()

    assert purge_expired(now=noon(date(2020, 3, 1) + timedelta(days=6 * 365)))["audits"] == 0
    assert purge_expired(now=noon(date(2020, 3, 1) + timedelta(days=6 * 365 + 1)))["audits"] == 1
    assert [a.id for a in db.session.scalars(select(Audit))] == [recent.id]
    assert count(Moderation) == 1 and db.session.scalar(select(Moderation.audit_id)) == recent.id
    assert {a.audit_id for a in db.session.scalars(select(CorrectiveAction))} == {recent.id}
    assert all(e.moderation.audit_id == recent.id for e in db.session.scalars(select(ModerationEvent)))
