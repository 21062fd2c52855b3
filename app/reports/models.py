"""A published report: its figures frozen as JSON with who published it and when, so the
board pack never changes afterwards. Rows are never changed or deleted once written.

A board pack: which sections of the report one board receives, for which area, how often
and how long after a period ends it is due (app.reports.pack_rules)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow, written_once

FULL_REPORT = "full"  # the edition of a report with every section


class PublishedReport(db.Model):
    __tablename__ = "published_report"
    # One published report per period, area and edition (the whole report, or one board's
    # pack): a second click on Publish finds the first.
    __table_args__ = (UniqueConstraint("period", "area_key", "edition"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(20))  # e.g. "H1 2026-27"
    kind: Mapped[str] = mapped_column(String(10))  # half | quarter | year
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    area_key: Mapped[str] = mapped_column(String(30))  # "county", "district:3", "locality:1"
    edition: Mapped[str] = mapped_column(String(30), default=FULL_REPORT, server_default=FULL_REPORT)  # or "pack:<id>"
    board_pack_id: Mapped[int | None] = mapped_column(ForeignKey("board_pack.id"))
    title: Mapped[str] = mapped_column(Text)
    figures: Mapped[dict] = mapped_column(JSON)  # ReportData.to_dict(), exactly as rendered
    published_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    published_by_name: Mapped[str] = mapped_column(String(120))  # as it was then: the pack never changes
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    schema_version: Mapped[int] = mapped_column(Integer, default=1)

    published_by = relationship("User")
    board_pack = relationship("BoardPack")


class BoardPack(db.Model):
    __tablename__ = "board_pack"
    __table_args__ = (UniqueConstraint("board", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    board: Mapped[str] = mapped_column(String(120))  # who receives it, e.g. "Safeguarding Children Board"
    name: Mapped[str] = mapped_column(String(120))  # e.g. "Quarterly scorecard"
    sections: Mapped[list] = mapped_column(JSON)  # keys of app.reports.pack_rules.SECTIONS
    area_key: Mapped[str] = mapped_column(String(30))  # as PublishedReport.area_key
    cadence: Mapped[str] = mapped_column(String(12))  # quarterly | six_monthly | annual
    due_days: Mapped[int] = mapped_column(Integer)  # due this many days after its period ends
    first_period: Mapped[str] = mapped_column(String(20))  # the first period it reports on, e.g. "Q1 2026-27"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def edition(self) -> str:
        return pack_edition(self.id)


def pack_edition(pack_id: int) -> str:
    return f"pack:{pack_id}"


class PublishedReportIsFrozen(RuntimeError):
    pass


written_once(PublishedReport, PublishedReportIsFrozen, "A published report")
