"""Rules of board packs. Plain values in, plain values out: no Flask, no database.

Each board receives its own pack on a fixed cycle (the reporting planner: quarterly
scorecards, six-monthly reports, annual reports): some sections of the report, for one
area, due a number of days after its period ends.

- The periods a pack is due for: each period of its cadence from its first period to the
  one under way today. A period that has ended can be published; it is overdue once its
  due date (the period's last day plus the days allowed) has passed unpublished.
- A pack's edition of a report keeps only the pack's sections (and "About these figures",
  which says what the figures mean, and any section that is not one of the choices,
  always), and only the tables and charts they show.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from app.core.periods import HALF, QUARTER, YEAR, Period
from app.reports.pack import build_summary

CADENCES = {"quarterly": "Quarterly", "six_monthly": "Six-monthly", "annual": "Annual"}
CADENCE_KIND = {"quarterly": QUARTER, "six_monthly": HALF, "annual": YEAR}
CADENCE_HINTS = {"quarterly": "Like a quarterly scorecard: April to June, July to September...",
                 "six_monthly": "April to September and October to March",
                 "annual": "The financial year, April to March"}
EXAMPLE_PERIOD = {"quarterly": "Q1 2026-27", "six_monthly": "H1 2026-27", "annual": "2026-27"}

# The report's sections a pack can include: key -> (name, what it holds). "recommendations"
# is every recommendation's section; "about" is always included.
SECTIONS = {
    "exceptions": ("Exceptions", "Measures and KPIs that are Red or got worse, and overdue plan actions"),
    "recommendations": ("Impact measures and KPIs", "Each recommendation's measures and KPIs, with their trend"),
    "audit-results": ("Audit results", "Judgements by district, team, service and tool; moderation; corrective actions"),
    "round-summaries": ("What audit rounds showed", "Each round's findings and recommendations"),
    "what-people-said": ("What people said", "Feedback from children, young people, families and practitioners; "
                                              "you said, we did; safeguarding alerts"),
}
ALWAYS = "about"
MAX_DUE_DAYS = 366
SHOWN_PERIODS = 8  # the newest periods listed for a pack; older ones are counted

PUBLISHED, OVERDUE, DUE, UNDER_WAY = "published", "overdue", "due", "under_way"


def section_key(section_id: str) -> str:
    """The pack section a report section belongs to: "recommendation-3" is "recommendations"."""
    return "recommendations" if section_id.startswith("recommendation-") else section_id


def restrict(report, keys):
    """`report` (a ReportData) with only the sections of `keys`, "About these figures", and the
    tables and charts those sections show: a pack never carries a table it does not print."""
    wanted = set(keys) | {ALWAYS}
    # A section that is not one of the choices (a summary added later, say) is in every pack.
    sections = [s for s in report.sections if section_key(s.id) in wanted or section_key(s.id) not in SECTIONS]
    chart_ids = {c for s in sections for c in s.charts}
    charts = [c for c in report.charts if c.id in chart_ids]
    table_ids = {t for s in sections for t in [*s.tables, *s.tables_after]} | {c.table_id for c in charts if c.table_id}
    restricted = replace(report, sections=sections, charts=charts, tables=[t for t in report.tables if t.id in table_ids])
    # Its one-page summary speaks of what the pack holds, not of sections it leaves out.
    return replace(restricted, summary=build_summary(restricted))


def first_period_error(cadence: str | None, text: str | None) -> str | None:
    """Why `text` cannot be the first period of a pack of `cadence`, or None."""
    example = EXAMPLE_PERIOD.get(cadence or "", "Q1 2026-27")
    if not (text or "").strip():
        return f"Enter the first period the pack reports on, like {example}"
    try:
        period = Period.parse(text)
    except ValueError as error:
        return str(error)
    if cadence in CADENCE_KIND and period.kind != CADENCE_KIND[cadence]:
        kind = {QUARTER: "a quarter", HALF: "a half year", YEAR: "a financial year"}[CADENCE_KIND[cadence]]
        article = "An" if cadence == "annual" else "A"
        return f"{article} {CADENCES[cadence].lower()} pack starts with {kind}, like {example}"
    return None


def due_date(period: Period, due_days: int) -> date:
    return period.end + timedelta(days=due_days)


@dataclass
class PackPeriod:
    period: Period
    due: date
    state: str  # published | overdue | due | under_way
    published_id: int | None = None

    @property
    def can_publish(self) -> bool:
        return self.state in (OVERDUE, DUE)


def pack_periods(cadence: str, first_period: str, due_days: int, today: date,
                 published: dict[str, int]) -> list[PackPeriod]:
    """Every period of the pack from its first to the one under way `today`, newest first.
    `published` maps a period's label to its published report's id."""
    kind = CADENCE_KIND[cadence]
    period = Period.parse(first_period)
    if period.kind != kind:
        period = Period.containing(period.start, kind)
    current = Period.containing(today, kind)
    out = []
    while period <= current:
        due = due_date(period, due_days)
        if period.label in published:
            state = PUBLISHED
        elif period.end >= today:
            state = UNDER_WAY
        elif today > due:
            state = OVERDUE
        else:
            state = DUE
        out.append(PackPeriod(period, due, state, published.get(period.label)))
        period = period.next()
    return out[::-1]


def is_pack_period(cadence: str, first_period: str, period: Period) -> bool:
    """Whether `period` is one the pack reports on: its cadence's kind, not before its first."""
    return period.kind == CADENCE_KIND[cadence] and period.start >= Period.parse(first_period).start
