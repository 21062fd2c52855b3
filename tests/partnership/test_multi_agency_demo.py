"""The demo's multi-agency audit: partly done, with partner auditors who can sign in."""
from sqlalchemy import func, select

from app.audits.models import AuditRound
from app.core.db import db
from app.demo.multi_agency import ROUND_NAME
from app.partnership import services
from app.partnership.models import MultiAgencyRound


def test_the_demo_has_a_partly_done_multi_agency_audit_and_is_repeatable(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed"])
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert "police.auditor@example.org" in first.output
    mround = db.session.scalar(select(MultiAgencyRound))
    assert mround.round.name == ROUND_NAME and mround.theme == "domestic_abuse"
    assert sorted(a.kind for a in mround.agencies) == ["education", "health", "police"]
    audits = mround.round.audits
    assert audits[0].state == "submitted" and audits[0].corrective_actions[0].agency.kind == "health"
    states = {p.section_key: p.state for p in services.parts_of(audits[1])}
    assert states == {"social-care": "submitted", "police": "submitted", "health": "in_progress", "education": "in_progress"}
    assert all(p.state == "not_started" for a in audits[2:] for p in services.parts_of(a))
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(AuditRound).where(AuditRound.name == ROUND_NAME)) == 1
