"""'You said, we did': what was heard in feedback and what was done about it, for a period,
linked to a feedback measure of the improvement plan."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow


class YouSaidWeDid(db.Model):
    __tablename__ = "you_said_we_did"
    id: Mapped[int] = mapped_column(primary_key=True)
    heard: Mapped[str] = mapped_column(Text)  # what we heard
    did: Mapped[str] = mapped_column(Text)  # what we did
    done_on: Mapped[date] = mapped_column(Date)  # when
    measure_key: Mapped[str | None] = mapped_column(String(20))  # a feedback measure, e.g. r1-fm3
    period: Mapped[str] = mapped_column(String(20))  # a reporting period label, e.g. H1 2026-27
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by = relationship("User")
