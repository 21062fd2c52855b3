"""Fixtures for audit tests: teams, cases, published tool versions, rounds and audits,
made directly in the database so each test builds only what it needs."""
from datetime import date

import pytest
from sqlalchemy import select

from app.audits.models import Audit, AuditRound, AuditTool, AuditToolVersion, Case
from app.audits.tools import TOOLS_DIR
from app.core.db import db, utcnow
from app.org.models import District, Team


@pytest.fixture
def make_team(places):
    def make(name: str = "Carlisle Safeguarding 1", district: str = "Carlisle", service_area: str = "safeguarding") -> Team:
        team = db.session.scalar(select(Team).where(Team.name == name))
        if team is None:
            team = Team(name=name, district=db.session.scalar(select(District).where(District.name == district)), service_area=service_area)
            db.session.add(team)
            db.session.commit()
        return team

    return make


@pytest.fixture
def make_case(make_team):
    counter = iter(range(1, 100_000))

    def make(reference: str | None = None, service_type: str = "CP", team: Team | None = None, flags=(), start=date(2026, 1, 5), end=None, worker="Jo Worker") -> Case:
        case = Case(
            reference=reference or f"CASE-{next(counter):05d}",
            service_type=service_type,
            team=team or make_team(),
            start_date=start,
            end_date=end,
            worker=worker,
            flags=list(flags),
        )
        db.session.add(case)
        db.session.commit()
        return case

    return make


@pytest.fixture
def publish_tool(app):
    """Publish a seed tool file (audit_tools/<key>.yaml) as a version, as the seed command does."""

    def publish(key: str = "case_file_audit", version: int = 1, yaml_text: str | None = None) -> AuditToolVersion:
        text = yaml_text or (TOOLS_DIR / f"{key}.yaml").read_text(encoding="utf-8")
        tool = db.session.scalar(select(AuditTool).where(AuditTool.key == key))
        if tool is None:
            tool = AuditTool(key=key, title=key.replace("_", " ").capitalize())
            db.session.add(tool)
        row = AuditToolVersion(tool=tool, version=version, status="published", definition_yaml=text, published_at=utcnow())
        db.session.add(row)
        db.session.commit()
        tool.title = row.definition.title
        db.session.commit()
        return row

    return publish


@pytest.fixture
def make_audit(make_case, publish_tool, make_user):
    """An audit assigned to `auditor` in a confirmed round of its own."""

    def make(auditor=None, tool_version: AuditToolVersion | None = None, case: Case | None = None, due=date(2026, 12, 31), **fields) -> Audit:
        tool_version = tool_version or publish_tool()
        creator = make_user("admin")
        round_ = AuditRound(
            name="Test round", tool_version=tool_version, cohort_filter={}, sample_spec="1", method="simple_random",
            seed=1, cohort_size=1, sample_size=1, due_date=due, created_by=creator, confirmed_at=utcnow(), confirmed_by=creator,
        )
        audit = Audit(round=round_, case=case or make_case(), tool_version=tool_version, auditor=auditor, due_date=due, **fields)
        db.session.add_all([round_, audit])
        db.session.commit()
        return audit

    return make
