"""One row per page a signed-in person opened or form they sent that touches case-level data."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow, written_once


class ActivityEntry(db.Model):
    __tablename__ = "activity_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # viewed | changed | downloaded | refused
    record_kind: Mapped[str] = mapped_column(String(40), index=True)  # audit, alert, invite, report, ...
    record_id: Mapped[str | None] = mapped_column(String(64))
    page: Mapped[str] = mapped_column(String(200))  # the address asked for, without its query string
    status: Mapped[int] = mapped_column(Integer)

    user = relationship("User")


class ActivityLogIsWrittenOnce(RuntimeError):
    pass


written_once(ActivityEntry, ActivityLogIsWrittenOnce, "The activity log")
