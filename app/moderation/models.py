"""Moderation of submitted audits: one Moderation per moderated audit, the moderator's
decisions on its grades, and its history (append-only), plus each round's policy."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow, written_once
from app.moderation import rules


class RoundModerationPolicy(db.Model):
    """Which audits of a round are moderated, and the target in working days.
    A round without one: every audit, 10 working days."""

    __tablename__ = "round_moderation_policy"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("audit_round.id"), unique=True)
    policy: Mapped[dict] = mapped_column(JSON, default=dict)  # ModerationPolicy.from_mapping
    seed: Mapped[int] = mapped_column(Integer, default=0)
    target_days: Mapped[int] = mapped_column(Integer, default=rules.DEFAULT_TARGET_DAYS)


class Moderation(db.Model):
    __tablename__ = "moderation"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("audit_round.id"))
    state: Mapped[str] = mapped_column(String(30), default=rules.AWAITING_MODERATION)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    selected_reasons: Mapped[list] = mapped_column(JSON, default=list)
    first_submitted_at: Mapped[datetime]  # the clock for the target starts here, returns included
    selected_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    first_decided_at: Mapped[datetime | None]  # first returned or finalised: days_to_moderation
    finalised_at: Mapped[datetime | None]
    final_judgement: Mapped[str | None] = mapped_column(String(30))
    learning_points: Mapped[str | None] = mapped_column(Text)
    return_comments: Mapped[str | None] = mapped_column(Text)
    # The moderator's decisions while they work (app.moderation.decision_rules): never in a figure.
    draft: Mapped[dict | None] = mapped_column(JSON)

    audit = relationship("Audit")
    round = relationship("AuditRound")
    moderator = relationship("User", foreign_keys=[moderator_id])
    decisions: Mapped[list["ModerationDecision"]] = relationship(
        back_populates="moderation", order_by="ModerationDecision.id", cascade="all, delete-orphan"
    )
    events: Mapped[list["ModerationEvent"]] = relationship(
        back_populates="moderation", order_by="(ModerationEvent.at, ModerationEvent.id)"
    )

    @property
    def state_label(self) -> str:
        return rules.STATES.get(self.state, self.state)


class ModerationDecision(db.Model):
    """The moderator's decision on one grade (a question, a section or the overall judgement), as
    finalised or returned; decisions still being made are in Moderation.draft."""

    __tablename__ = "moderation_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    moderation_id: Mapped[int] = mapped_column(ForeignKey("moderation.id"), index=True)
    target: Mapped[str] = mapped_column(String(120))  # question:<key> | section:<key> | overall
    auditor_grade: Mapped[str | None] = mapped_column(String(30))
    moderator_grade: Mapped[str | None] = mapped_column(String(30))
    agreed: Mapped[bool] = mapped_column(default=True)
    reason: Mapped[str | None] = mapped_column(Text)

    moderation: Mapped[Moderation] = relationship(back_populates="decisions")


class ModerationEvent(db.Model):
    """One step in a moderation's history. Append-only: never changed or deleted."""

    __tablename__ = "moderation_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    moderation_id: Mapped[int] = mapped_column(ForeignKey("moderation.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    event: Mapped[str] = mapped_column(String(30))  # selected claimed released returned resubmitted finalised
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    moderation: Mapped[Moderation] = relationship(back_populates="events")
    by = relationship("User")


class HistoryIsAppendOnly(RuntimeError):
    pass


written_once(ModerationEvent, HistoryIsAppendOnly, "Moderation history")
