"""The report's plain data (`ReportData`, JSON both ways) and what every section shares:
the area chosen and its filter, the suppression threshold, the UK-day bounds of a period."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from app.core.clock import utc_bounds
from app.core.db import db
from app.core.privacy import suppression_threshold
from app.org.models import District, Locality
from app.reports.rules import Chart, Table


TREND_PERIODS = 4  # the report period and the three before it
COUNTY = "The whole county"

@dataclass
class Section:
    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    tables_after: list[str] = field(default_factory=list)  # tables after the charts (a recommendation's overdue actions)


@dataclass
class Summary:
    """The board pack's one-page summary: a few tables copied from the report's own (so a
    suppressed cell stays suppressed), built by `app.reports.pack.build_summary`."""
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    exceptions_more: int = 0  # exceptions beyond those shown

    @classmethod
    def from_dict(cls, data: dict) -> Summary:
        return cls(list(data.get("paragraphs", [])), [Table.from_dict(t) for t in data.get("tables", [])],
                   data.get("exceptions_more", 0))

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)


@dataclass
class ReportData:
    title: str
    period: str
    period_long: str
    previous: str
    kind: str
    district_id: int | None
    locality_id: int | None
    area: str
    generated_at: str
    threshold: int
    trend_periods: list[str]
    recommendations: list[dict]  # {"number", "title", "short_title"}
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    summary: Summary | None = None  # absent from reports published before the summary existed

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ReportData:
        plain = {k: v for k, v in data.items() if k not in ("sections", "tables", "charts", "summary")}
        summary = data.get("summary")
        return cls(**plain, sections=[Section(**s) for s in data["sections"]],
                   tables=[Table.from_dict(t) for t in data["tables"]],
                   charts=[Chart.from_dict(c) for c in data["charts"]],
                   summary=Summary.from_dict(summary) if summary else None)

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def chart(self, chart_id: str) -> Chart | None:
        return next((c for c in self.charts if c.id == chart_id), None)


def threshold() -> int:
    return suppression_threshold()


def uk_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Stored (UTC) moments on the UK days `start` to `end`: audits, responses, invites and
    alerts all count in the period of their UK date."""
    return utc_bounds(start, end)


def area_name(district_id: int | None, locality_id: int | None) -> str:
    if district_id:
        d = db.session.get(District, district_id)
        return f"{d.name} district" if d else "Unknown district"
    if locality_id:
        loc = db.session.get(Locality, locality_id)
        return f"{loc.name} locality" if loc else "Unknown locality"
    return COUNTY


def area_clause(district_col, district_id, locality_id):
    """Rows in the chosen district or locality (through the district's locality)."""
    if district_id:
        return district_col == district_id
    if locality_id:
        return district_col.in_(select(District.id).where(District.locality_id == locality_id))
    return None

