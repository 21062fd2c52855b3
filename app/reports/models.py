"""A published report: its figures frozen as JSON with who published it and when, so the
board pack never changes afterwards. Rows are never changed or deleted once written."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow, written_once


class PublishedReport(db.Model):
    __tablename__ = "published_report"
    # One published report per period and area: a second click on Publish finds the first.
    __table_args__ = (UniqueConstraint("period", "area_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(20))  # e.g. "H1 2026-27"
    kind: Mapped[str] = mapped_column(String(10))  # half | quarter | year
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    area_key: Mapped[str] = mapped_column(String(30))  # "county", "district:3", "locality:1"
    title: Mapped[str] = mapped_column(Text)
    figures: Mapped[dict] = mapped_column(JSON)  # ReportData.to_dict(), exactly as rendered
    published_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    published_by_name: Mapped[str] = mapped_column(String(120))  # as it was then: the pack never changes
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    schema_version: Mapped[int] = mapped_column(Integer, default=1)

    published_by = relationship("User")


class PublishedReportIsFrozen(RuntimeError):
    pass


written_once(PublishedReport, PublishedReportIsFrozen, "A published report")
