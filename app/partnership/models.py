"""A multi-agency audit is a dip-sample round (app/audits AuditRound) on a multi-agency tool,
with its theme, the agencies taking part, the district QAG it is commissioned through and
its lead auditor; each case audit has a part per agency section (AuditPart)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, exists
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow

# The themes the PMQAG commissions audits on (the partnership's business plan priorities).
THEMES = {
    "domestic_abuse": "Domestic abuse",
    "neglect": "Neglect",
    "cse": "Child sexual exploitation",
    "criminal_exploitation": "Child criminal exploitation",
    "early_help": "Early help",
    "mental_health": "Children's mental health",
}

# A part's states: the agency's auditor saves as they go, then submits it.
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
PART_STATES = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", SUBMITTED: "Submitted"}

multi_agency_round_agency = db.Table(
    "multi_agency_round_agency",
    db.Column("round_id", ForeignKey("multi_agency_round.id", ondelete="CASCADE"), primary_key=True),
    db.Column("agency_id", ForeignKey("agency.id"), primary_key=True),
)


class MultiAgencyRound(db.Model):
    """What makes a round multi-agency; the round itself (tool, sample, audits) is AuditRound."""

    __tablename__ = "multi_agency_round"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("audit_round.id"), unique=True)
    theme: Mapped[str] = mapped_column(String(40))
    # The district quality assurance group it is commissioned through: a district or a locality.
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    lead_auditor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # The composite report's findings, written by the lead.
    summary: Mapped[str | None] = mapped_column(Text)
    strengths: Mapped[str | None] = mapped_column(Text)
    areas_to_develop: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round = relationship("AuditRound")
    district = relationship("District")
    locality = relationship("Locality")
    lead_auditor = relationship("User")
    agencies = relationship("Agency", secondary=multi_agency_round_agency, order_by="Agency.name")

    @property
    def theme_label(self) -> str:
        return THEMES.get(self.theme, self.theme)

    @property
    def commissioned_through(self) -> str:
        place = self.district or self.locality
        return f"{place.name} quality assurance group" if place else "The county"


class AuditPart(db.Model):
    """One agency's section of a multi-agency case audit: only its auditor (and the lead, and
    the QA group) see its answers. Agency None: the council's children's social care."""

    __tablename__ = "audit_part"
    __table_args__ = (UniqueConstraint("audit_id", "section_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id", ondelete="CASCADE"), index=True)
    section_key: Mapped[str] = mapped_column(String(80))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    auditor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default=NOT_STARTED)
    computed_judgement: Mapped[str | None] = mapped_column(String(30))
    updated_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    lock_version: Mapped[int] = mapped_column(default=1)

    audit = relationship("Audit")
    agency = relationship("Agency")
    auditor = relationship("User")

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def submitted(self) -> bool:
        return self.state == SUBMITTED

    @property
    def state_label(self) -> str:
        return PART_STATES.get(self.state, self.state)

    @property
    def section(self):
        return next(s for s in self.audit.tool_version.definition.sections if s.key == self.section_key)


def in_multi_agency_round(round_id_column):
    """True where the audit's round is a multi-agency one. The council's audit figures (the
    board's headline, audit measures, their kept fingerprints) leave these audits out: a joint
    judgement says how the partnership worked for a child, not how the council's own practice
    was judged, and is reported in the round's composite report."""
    return exists().where(MultiAgencyRound.round_id == round_id_column)
