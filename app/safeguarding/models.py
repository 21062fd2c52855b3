"""Safeguarding: alerts raised by feedback responses, what happened to each (who was told,
escalations, acknowledgement, the respondent's wish to be contacted, closing), the concern
phrases administrators add, and each team's designated safeguarding leads."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow, written_once


class Alert(db.Model):
    """A response that said something which means a person must check on the respondent."""

    __tablename__ = "safeguarding_alert"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("feedback_response.id"), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("feedback_campaign.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What was said, only as given: [{"kind": "answer", "key", "question", "answer", "answer_words"}
    # or {"kind": "free_text", "key", "question", "words": [...], "categories": [...], "text"}]
    signals: Mapped[list] = mapped_column(JSON, default=list)
    # Who was told when it was raised: [{"user_id", "name", "email", "reasons": [...], "why"}].
    # Whether each email went is in its Notification.
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    close_note: Mapped[str | None] = mapped_column(Text)
    # Escalation: 0 when raised; each step up tells more people (rules.ESCALATION_STEPS).
    # escalate_at is when the next step is due if nobody has acknowledged it; None once
    # acknowledged, or when there is no further step.
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    escalate_at: Mapped[datetime | None] = mapped_column(index=True)
    # What the respondent asked for after sending, if anything: {"wants": "yes"|"no",
    # "how": "phone"|"text"|"email"|"worker", "details": "...", "at": iso time}
    contact_request: Mapped[dict | None] = mapped_column(JSON)
    # A random token, held only in the respondent's session, that lets them say how they
    # want to be contacted; cleared when used.
    contact_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    response = relationship("Response")
    campaign = relationship("Campaign")
    team = relationship("Team")
    acknowledged_by = relationship("User", foreign_keys=[acknowledged_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])
    events: Mapped[list["AlertEvent"]] = relationship(
        back_populates="alert", order_by="(AlertEvent.at, AlertEvent.id)", cascade="save-update, merge")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class AlertEvent(db.Model):
    """One step in an alert's life, kept as it happened: raised, escalated, acknowledged,
    contact asked for, closed; with when, who did it, and who was told."""

    __tablename__ = "safeguarding_alert_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("safeguarding_alert.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    level: Mapped[int | None] = mapped_column(Integer)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Who was told at this step: [{"name", "email", "why"}]
    told: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)

    alert: Mapped[Alert] = relationship(back_populates="events")
    by = relationship("User")


class AlertEventError(RuntimeError):
    pass


written_once(AlertEvent, AlertEventError, "A step in an alert's history")


class ConcernWord(db.Model):
    """A word or phrase that, in free text, raises an alert, on top of the built-in
    detector. Kept by administrators."""

    __tablename__ = "concern_word"
    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(120), unique=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    added_by = relationship("User")


class SafeguardingLead(db.Model):
    """A team's designated safeguarding lead: told of every alert for the team."""

    __tablename__ = "safeguarding_lead"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    team = relationship("Team")
    user = relationship("User")
