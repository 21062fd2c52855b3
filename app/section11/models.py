"""A year's Section 11 cycle, each agency's return, its answer per standard and its actions."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.db import db, utcnow
from app.org.models import Agency
from app.section11 import framework as frameworks
from app.section11 import rules, states


class Section11Cycle(db.Model):
    """One year's Section 11 audit: the agencies asked, the due date, and the standards it used."""

    __tablename__ = "section11_cycle"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)  # first year: 2026 is 2026-27
    due_date: Mapped[date] = mapped_column(Date)
    framework_version: Mapped[int]
    # The standards as they were when the cycle opened: a later file never changes this year.
    framework: Mapped[dict] = mapped_column(JSON)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    opened_by: Mapped[User | None] = relationship()
    returns: Mapped[list["Section11Return"]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="Section11Return.id")

    @property
    def label(self) -> str:
        return rules.cycle_label(self.year)

    @property
    def standards(self) -> frameworks.Framework:
        return frameworks.from_dict(self.framework)


class Section11Return(db.Model):
    """An agency's self-assessment for a cycle, and the panel's review of it."""

    __tablename__ = "section11_return"
    __table_args__ = (UniqueConstraint("cycle_id", "agency_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("section11_cycle.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    status: Mapped[str] = mapped_column(String(30), default=states.NOT_STARTED)
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    challenged_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    panel_note: Mapped[str | None] = mapped_column(Text)  # the panel's closing word

    cycle: Mapped[Section11Cycle] = relationship(back_populates="returns")
    agency: Mapped[Agency] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    answers: Mapped[list["Section11Answer"]] = relationship(back_populates="return_", cascade="all, delete-orphan")
    actions: Mapped[list["Section11Action"]] = relationship(
        back_populates="return_", cascade="all, delete-orphan", order_by="Section11Action.id")

    @property
    def status_label(self) -> str:
        return states.STATES.get(self.status, self.status)

    def answers_by_key(self) -> dict[str, "Section11Answer"]:
        return {a.standard_key: a for a in self.answers}


class Section11Answer(db.Model):
    """The agency's rating and evidence for one standard; the panel's view; the agency's response."""

    __tablename__ = "section11_answer"
    __table_args__ = (UniqueConstraint("return_id", "standard_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("section11_return.id"))
    standard_key: Mapped[str] = mapped_column(String(60))
    rating: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[str | None] = mapped_column(Text)
    panel_view: Mapped[str | None] = mapped_column(String(20))  # agree | challenge
    panel_reason: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(Text)
    response_rating: Mapped[str | None] = mapped_column(String(20))  # a new rating, if the response changes it

    return_: Mapped[Section11Return] = relationship(back_populates="answers")

    @property
    def final_rating(self) -> str | None:
        return rules.final_rating(self)


class Section11Action(db.Model):
    """One of the agency's own actions: what, who, by when (optionally on a standard)."""

    __tablename__ = "section11_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("section11_return.id"))
    standard_key: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(150))
    due_date: Mapped[date] = mapped_column(Date)

    return_: Mapped[Section11Return] = relationship(back_populates="actions")
