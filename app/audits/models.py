"""Audit tools and their versions, cases, dip-sample rounds, audits and corrective actions
(with their confirmation history), and each round's summary findings and recommendations.

No child's name or date of birth is stored anywhere: cases are known by reference only.
"""
from datetime import date, datetime
from functools import cached_property, lru_cache

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow, written_once
from app.audits import rules as audit_rules
from app.audits import states


class AuditTool(db.Model):
    """A tool's identity; what it asks lives in its versions."""

    __tablename__ = "audit_tool"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list["AuditToolVersion"]] = relationship(
        back_populates="tool", order_by="AuditToolVersion.version", cascade="all, delete-orphan"
    )

    @property
    def published(self) -> "AuditToolVersion | None":
        """The newest published version: the one new rounds use."""
        live = [v for v in self.versions if v.status == audit_rules.PUBLISHED]
        return live[-1] if live else None

    @property
    def draft(self) -> "AuditToolVersion | None":
        drafts = [v for v in self.versions if v.status == audit_rules.DRAFT]
        return drafts[-1] if drafts else None


@lru_cache(maxsize=256)
def _tool_definition(text: str, source: str):
    """Parsed once per process for the same text: a report reads thousands of audits on a
    few versions, and the definitions are frozen dataclasses, never changed in place."""
    from app.audits.tools import load_tool_text

    return load_tool_text(text, source)


class AuditToolVersion(db.Model):
    """One version of a tool, stored as its YAML. Published versions never change:
    every audit records the version it was done on and is scored on it for ever."""

    __tablename__ = "audit_tool_version"
    __table_args__ = (UniqueConstraint("tool_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tool_id: Mapped[int] = mapped_column(ForeignKey("audit_tool.id"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=audit_rules.DRAFT)
    definition_yaml: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    tool: Mapped[AuditTool] = relationship(back_populates="versions")
    created_by = relationship("User", foreign_keys=[created_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])

    @cached_property
    def definition(self):
        return _tool_definition(self.definition_yaml, f"{self.tool.key} version {self.version}")

    @property
    def label(self) -> str:
        return f"{self.tool.title}, version {self.version}"


# Service types as the case management system exports them.
SERVICE_TYPES = {
    "EH": "Early help",
    "CIN": "Child in need",
    "CP": "Child protection",
    "CLA": "Child looked after",
    "CL": "Care leaver",
    "CWD": "Child with disabilities",
}

CASE_FLAGS = {
    "cse": "Child sexual exploitation",
    "homeless_16_17": "Homeless 16-17",
    "transition": "Transition to adult services",
    "connected_person": "Living with connected people",
    "private_fostering": "Private fostering",
    "missing": "Missing from home",
}


class Case(db.Model):
    """A case file, by reference only, as imported from the case management system."""

    __tablename__ = "case_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    service_type: Mapped[str] = mapped_column(String(10))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    worker: Mapped[str | None] = mapped_column(String(120))
    flags: Mapped[list] = mapped_column(JSON, default=list)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    team = relationship("Team")

    @property
    def district(self):
        return self.team.district

    @property
    def service_type_label(self) -> str:
        return SERVICE_TYPES.get(self.service_type, self.service_type)

    def is_open_between(self, start: date | None, end: date | None) -> bool:
        """Open at some point in [start, end]."""
        if end is not None and self.start_date > end:
            return False
        if start is not None and self.end_date is not None and self.end_date < start:
            return False
        return True


class AuditRound(db.Model):
    """A dip sample: a tool version, a cohort, a reproducible draw, and auditors."""

    __tablename__ = "audit_round"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    tool_version_id: Mapped[int] = mapped_column(ForeignKey("audit_tool_version.id"))
    # {"service_types": [...], "team_ids": [...], "district_ids": [...], "flags": [...],
    #  "open_from": "YYYY-MM-DD" | None, "open_to": "YYYY-MM-DD" | None}
    cohort_filter: Mapped[dict] = mapped_column(JSON, default=dict)
    sample_spec: Mapped[str] = mapped_column(String(20))  # "20" or "10%"
    method: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int] = mapped_column(Integer)
    cohort_size: Mapped[int | None]
    sample_size: Mapped[int | None]
    due_date: Mapped[date | None] = mapped_column(Date)
    exclude_own_team: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    tool_version: Mapped[AuditToolVersion] = relationship()
    created_by = relationship("User", foreign_keys=[created_by_id])
    confirmed_by = relationship("User", foreign_keys=[confirmed_by_id])
    audits: Mapped[list["Audit"]] = relationship(back_populates="round", order_by="Audit.id")

    @property
    def confirmed(self) -> bool:
        """Once the sample is confirmed its audits exist, and it can never be redrawn."""
        return self.confirmed_at is not None


class Audit(db.Model):
    """One case audited in a round, on the round's tool version."""

    __tablename__ = "audit"
    __table_args__ = (UniqueConstraint("round_id", "case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("audit_round.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    tool_version_id: Mapped[int] = mapped_column(ForeignKey("audit_tool_version.id"))
    auditor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default=states.NOT_STARTED)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # question key -> answer
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)  # question key -> text
    collaborative: Mapped[bool | None]  # done with the case's social worker?
    worker_view: Mapped[str | None] = mapped_column(Text)
    computed_judgement: Mapped[str | None] = mapped_column(String(30))
    computed_reasons: Mapped[list] = mapped_column(JSON, default=list)
    override_judgement: Mapped[str | None] = mapped_column(String(30))
    override_reason: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)  # reports read by period
    # Optimistic locking: a save based on an older version is refused, never silently applied.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    round: Mapped[AuditRound] = relationship(back_populates="audits")
    case: Mapped[Case] = relationship()
    tool_version: Mapped[AuditToolVersion] = relationship()
    auditor = relationship("User", foreign_keys=[auditor_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    corrective_actions: Mapped[list["CorrectiveAction"]] = relationship(
        back_populates="audit", order_by="CorrectiveAction.id"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def auditor_judgement(self) -> str | None:
        """The auditor's overall judgement: their override where they recorded one."""
        return self.override_judgement or self.computed_judgement

    @property
    def editable(self) -> bool:
        return self.state in states.EDITABLE


class CorrectiveAction(db.Model):
    """Something to put right on a case, raised in an audit. It starts when raised (on
    submission of the audit at the latest), not when the audit is moderated."""

    __tablename__ = "corrective_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    due_date: Mapped[date] = mapped_column(Date)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]  # by the owner; cleared when reopened (the history keeps it)
    completion_note: Mapped[str | None] = mapped_column(Text)
    # Done only once the auditor who raised it, or the case's team manager, confirms it.
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # When its team manager was told it is overdue: once per action, never again.
    escalated_at: Mapped[datetime | None]
    # A multi-agency audit's action is owned by the agency concerned (app/partnership); None: the council's.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))

    audit: Mapped[Audit] = relationship(back_populates="corrective_actions")
    case: Mapped[Case] = relationship()
    owner = relationship("User", foreign_keys=[owner_id])
    raised_by = relationship("User", foreign_keys=[raised_by_id])
    confirmed_by = relationship("User", foreign_keys=[confirmed_by_id])
    agency = relationship("Agency")
    events: Mapped[list["CorrectiveActionEvent"]] = relationship(
        back_populates="action", order_by="(CorrectiveActionEvent.at, CorrectiveActionEvent.id)"
    )

    @property
    def open(self) -> bool:
        """Not yet completed by its owner (new, or reopened)."""
        return self.completed_at is None

    @property
    def awaiting_confirmation(self) -> bool:
        return self.completed_at is not None and self.confirmed_at is None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def reopened_because(self) -> str | None:
        """The reason it was last reopened, while it is open again; None otherwise."""
        if not self.open:
            return None
        last = self.events[-1] if self.events else None
        return last.reason if last is not None and last.event == "reopened" else None

    def is_overdue(self, today: date) -> bool:
        return self.open and self.due_date < today


class CorrectiveActionEvent(db.Model):
    """One step in a corrective action's life: completed, confirmed, reopened (with the
    reason, and what the owner had said was done), escalated. Written once."""

    __tablename__ = "corrective_action_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Cascade: when retention deletes old audits with their actions (in bulk), their history goes too.
    action_id: Mapped[int] = mapped_column(ForeignKey("corrective_action.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    event: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)  # why it was reopened
    note: Mapped[str | None] = mapped_column(Text)  # what the owner said was done

    action: Mapped[CorrectiveAction] = relationship(back_populates="events")
    by = relationship("User")


class ActionHistoryIsWrittenOnce(RuntimeError):
    pass


written_once(CorrectiveActionEvent, ActionHistoryIsWrittenOnce, "A corrective action's history")


round_point_measure = db.Table(
    "round_point_measure",
    db.Column("point_id", ForeignKey("round_point.id", ondelete="CASCADE"), primary_key=True),
    db.Column("measure_id", ForeignKey("impact_measure.id", ondelete="CASCADE"), primary_key=True),
)


class RoundPoint(db.Model):
    """One of a round's summary findings (what the round showed) or recommendations (what
    must change), written by the QA lead when the round ends, linked to the plan's impact
    measures it bears on."""

    __tablename__ = "round_point"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("audit_round.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # finding | recommendation
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[AuditRound] = relationship()
    written_by = relationship("User")
    measures = relationship("ImpactMeasure", secondary=round_point_measure,
                            order_by="(ImpactMeasure.recommendation_id, ImpactMeasure.position)")
