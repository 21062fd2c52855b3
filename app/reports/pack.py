"""The board pack: what a board reads first and what it can look up at the back. Plain
functions over an already-built `ReportData` (no Flask, no database), so the pack follows
whatever the figures in the report's tables are, and a suppressed cell stays suppressed.

- `build_summary`: the one-page summary, from the report's own tables found by id: the
  headline measures with their trend, how many measures are Red, Amber, Green or have no
  target, the top exceptions, moderation lag, response rates and safeguarding alerts.
- `pack_layout`: which tables the PDF prints in the body and which in the appendices
  (long detail: plan actions neither overdue nor due this period, figures behind the
  charts, judgements by team, statements, ...), so the body stays short enough to read.
- `action_place`: where a plan action goes: overdue, due this period and changed this period in the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.plan import rules as plan_rules
from app.reports.report_data import ReportData, Section, Summary
from app.reports.rules import Cell, Table, text

# The feedback measures the summary leads with, by the plan's numbering, beside the audit
# headline: children in care feel safe and looked after (8.1) and social workers get feedback
# on their performance (10.1). One row per audience; a board pack's set-up may pass others.
HEADLINE_FEEDBACK = ("Feedback 8.1", "Feedback 10.1")
TOP_EXCEPTIONS = 5
HEADLINE_WORDS = "% of audits judged good or outstanding"

OVERDUE, THIS_PERIOD, CHANGED, OTHER = "overdue", "this period", "changed", "other"


def action_place(status: str, due_date: date | None, period_start: date, period_end: date, today: date,
                 changed_on: date | None = None) -> str:
    """Overdue (past due, not complete), due in the report period, or whose progress (status or
    what was achieved) changed in it go in the body: what changed or should have. Everything
    else goes in the appendix."""
    if plan_rules.action_overdue(status, due_date, today):
        return OVERDUE
    if due_date is not None and period_start <= due_date <= period_end:
        return THIS_PERIOD
    if changed_on is not None and period_start <= changed_on <= period_end:
        return CHANGED
    return OTHER


# --- The summary ---------------------------------------------------------------------------


def _column(table: Table, *names: str) -> int | None:
    for name in names:
        if name in table.columns:
            return table.columns.index(name)
    return None


def _cell(row: list[Cell], index: int | None) -> Cell:
    return row[index] if index is not None and index < len(row) else Cell(None, "No data")


def _copy(c: Cell) -> Cell:
    return Cell(c.value, c.text, c.suppressed, c.rag)


def _audit_headline_row(report: ReportData, periods: list[str]) -> list[Cell] | None:
    table = report.table("audit-headline")
    if table is None or not table.rows:
        return None
    row = table.rows[0]  # the headline from final audits; the auditors' own grades below it are context
    trend = report.table("audit-headline-trend")
    by_period = {}
    if trend is not None and trend.rows:
        by_period = {p: trend.rows[0][i] for i, p in enumerate(trend.columns) if p in periods}
    this = _column(table, "This period")
    last = _column(table, "Last period")
    cells = []
    for i, p in enumerate(periods):
        if p in by_period:
            cells.append(_copy(by_period[p]))
        elif i == len(periods) - 1:
            cells.append(_copy(_cell(row, this)))
        elif i == len(periods) - 2:
            cells.append(_copy(_cell(row, last)))
        else:
            cells.append(Cell(None, "No data"))
    return [text(HEADLINE_WORDS), *cells, _copy(_cell(row, _column(table, "Target"))),
            _copy(_cell(row, _column(table, "RAG")))]


_FEEDBACK_ROW = re.compile(r"^(Feedback \d+\.\d+) \((.*)\): (.*)$", re.S)


def _feedback_headline_rows(report: ReportData, labels, periods: list[str]) -> list[list[Cell]]:
    """One row per audience of each headline feedback measure, from its recommendation's
    table (target, RAG) and trend table (each period's figure)."""
    rows = []
    for label in labels:
        number = label.split()[-1].split(".")[0]
        table, trend = report.table(f"rec-{number}"), report.table(f"rec-{number}-trend")
        if table is None:
            continue
        trend_rows = {r[0].text: r for r in (trend.rows if trend else [])}
        this, last = _column(table, "This period"), _column(table, "Last period")
        for row in table.rows:
            match = _FEEDBACK_ROW.match(row[0].text)
            if not match or match.group(1) != label:
                continue
            audience, words = match.group(2), match.group(3)
            over_time = trend_rows.get(f"{label} {audience.lower()}")
            cells = []
            for i, p in enumerate(periods):
                if over_time is not None and p in trend.columns:
                    cells.append(_copy(over_time[trend.columns.index(p)]))
                elif i == len(periods) - 1:
                    cells.append(_copy(_cell(row, this)))
                elif i == len(periods) - 2:
                    cells.append(_copy(_cell(row, last)))
                else:
                    cells.append(Cell(None, "No data"))
            rows.append([text(f"{label} ({audience}): {_short(words)}"), *cells,
                         _copy(_cell(row, _column(table, "Target"))), _copy(_cell(row, _column(table, "RAG")))])
    return rows


def _short(words: str, limit: int = 60) -> str:
    """A measure's words for the one-page summary: its start, cut at a word ("..." where cut);
    the whole of it is in the recommendation's section."""
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "..."


def rag_counts(report: ReportData) -> dict[str, int]:
    """Measures and KPIs by RAG: every row of the recommendations' tables, a KPI linked to two
    recommendations once, and the audit headline."""
    counts = {"Red": 0, "Amber": 0, "Green": 0, "No target": 0, "Not rated": 0}
    seen: set[str] = set()
    tables = [t for t in report.tables if re.fullmatch(r"rec-\d+", t.id)]
    for table in tables:
        rag = _column(table, "RAG")
        for row in table.rows:
            if rag is None or row[0].text in seen:
                continue
            seen.add(row[0].text)
            _tally(counts, row[rag])
    headline = report.table("audit-headline")
    if headline is not None and headline.rows and _column(headline, "RAG") is not None:
        row = next((r for r in headline.rows if r[0].text.lower().startswith("after moderation")), headline.rows[-1])
        _tally(counts, row[_column(headline, "RAG")])
    return counts


def _tally(counts: dict[str, int], cell: Cell) -> None:
    if cell.rag:
        counts[plan_rules.RAGS[cell.rag]] = counts.get(plan_rules.RAGS[cell.rag], 0) + 1
    elif cell.text == "No target":
        counts["No target"] += 1
    else:
        counts["Not rated"] += 1


def _rows_starting(table: Table | None, *starts: str) -> list[list[Cell]]:
    if table is None:
        return []
    return [[_copy(c) for c in row] for start in starts for row in table.rows if row[0].text.startswith(start)]


def build_summary(report: ReportData, headline_feedback=HEADLINE_FEEDBACK, top: int = TOP_EXCEPTIONS) -> Summary:
    periods = list(report.trend_periods)
    summary = Summary()
    headlines = Table("summary-headlines", "Headline measures over the last periods",
                      ["Measure", *periods, "Target", "RAG"])
    audit = _audit_headline_row(report, periods)
    headlines.rows = ([audit] if audit else []) + _feedback_headline_rows(report, headline_feedback, periods)
    summary.tables.append(headlines)

    counts = rag_counts(report)
    rag = Table("summary-rag", "Measures and KPIs by RAG rating", list(counts))
    rag.rows.append([Cell(n, f"{n:,}") for n in counts.values()])
    summary.tables.append(rag)

    exceptions = report.table("exceptions")
    if exceptions is not None:
        shown = Table("summary-exceptions", f"Top exceptions (of {len(exceptions.rows)})", list(exceptions.columns))
        shown.rows = [[_copy(c) for c in row] for row in exceptions.rows[:top]]
        summary.exceptions_more = max(len(exceptions.rows) - top, 0)
        summary.tables.append(shown)
    overdue = report.table("overdue-actions")
    if overdue is not None and overdue.rows:
        total = sum(row[1].value or 0 for row in overdue.rows if isinstance(row[1].value, int))
        summary.paragraphs.append(f"{total:,} plan {'action is' if total == 1 else 'actions are'} overdue, "
                                  f"in {len(overdue.rows)} of {len(report.recommendations)} recommendations.")

    moderation = _rows_starting(report.table("moderation"), "Median working days", "Moderated within the target",
                                "Waiting and already past the target")
    if moderation:
        summary.tables.append(Table("summary-moderation", "Moderation lag", ["Figure", "Value"], moderation))
    responses = report.table("responses-by-audience")
    if responses is not None:
        keep = [i for i in (0, _column(responses, "Responses"), _column(responses, "Response rate")) if i is not None]
        summary.tables.append(Table("summary-responses", "Responses and response rates",
                                    [responses.columns[i] for i in keep],
                                    [[_copy(row[i]) for i in keep] for row in responses.rows]))
    alerts = report.table("safeguarding-alerts")
    if alerts is not None:
        summary.tables.append(Table("summary-alerts", "Safeguarding alerts", list(alerts.columns),
                                    [[_copy(c) for c in row] for row in alerts.rows]))
    return summary


# --- What goes in the appendices -----------------------------------------------------------------


@dataclass(frozen=True)
class AppendixRule:
    title: str
    pattern: str  # table ids, a regular expression matched whole
    note: str


MEASURES_IN_FULL = "Measures in full"
APPENDICES = (
    AppendixRule(MEASURES_IN_FULL, r"rec-\d+",
                 "Each recommendation's measures and KPIs with the 95% interval, the number behind each figure and "
                 "the baseline (the body leaves these out)."),
    AppendixRule("Plan actions neither overdue nor due this period", r"rec-\d+-actions",
                 "Each recommendation's section lists its overdue actions and those due this period."),
    AppendixRule("Figures behind the charts", r"rec-\d+-trend|audit-headline-trend",
                 "Each chart's figures, period by period, as a table."),
    AppendixRule("Audit details", r"audit-by-district|audit-by-team|audit-by-service|audit-by-tool|moderation-by-tool",
                 "Judgements after moderation by district, team, service type and audit tool; moderation by audit tool."),
    AppendixRule("Feedback details", r"responses-by-campaign|statements", ""),
    AppendixRule("Measures with no target set", r"measures-no-target",
                 "The exceptions give how many measures have no target; here they are, for the QA group to set."),
)


@dataclass
class Appendix:
    letter: str
    id: str
    title: str
    note: str
    tables: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class PackSection:
    section: Section
    items: list[tuple[str, str]]  # ("table", id) and ("chart", id) in the order printed
    chart_tables: dict[str, str]  # chart id -> its table id when printed beside it, else ""


# A chart printed straight after the table it illustrates, not after all the section's tables.
CHART_AFTER = {"chart-audit-headline": "audit-headline"}
# Sections that start a new page; the others follow on.
NEW_PAGE = ("exceptions",)


# Whole sections printed at the back: definitions, not figures.
APPENDIX_SECTIONS = {"round-summaries": "What audit rounds showed", "about": "About these figures"}


# Left out of a measures table in the body; the full table is in the appendix.
BODY_LEAVES_OUT = ("95% interval", "Number behind it", "Baseline")


def print_style(table, in_body: bool = True) -> tuple[set[int], str]:
    """How the PDF prints a table: the columns it leaves out and its class. A measures table
    leaves out "Kind" (each row's words start with it: Audit 1.1, Feedback 1.1, KPI) and, in
    the body, the columns a board looks up rather than reads (its appendix has them all)."""
    if re.fullmatch(r"rec-\d+", table.id):
        kind = table.columns.index("Kind") if "Kind" in table.columns else None
        skip = set()
        if kind is not None and all(row[0].text.split(" ")[0].lower() in row[kind].text.lower() for row in table.rows):
            skip.add(kind)
        if in_body:
            skip |= {i for i, c in enumerate(table.columns) if c in BODY_LEAVES_OUT}
        return skip, "measures" if in_body else "measures-full"
    if re.fullmatch(r"rec-\d+-(overdue|due|actions)", table.id):
        return set(), "actions"
    if table.id.startswith("summary-") or table.id == "exceptions":
        return set(), table.id
    return set(), ""


def appendix_for(table_id: str) -> int | None:
    return next((i for i, r in enumerate(APPENDICES) if re.fullmatch(r.pattern, table_id)), None)


def pack_layout(report: ReportData) -> tuple[list[PackSection], list[Appendix]]:
    """The body's sections without the tables that go to the back, and the appendices (only
    those with a table), lettered A, B, ... in order."""
    found: dict[int, list[str]] = {}
    body = []
    moved = []
    for s in report.sections:
        if s.id in APPENDIX_SECTIONS:
            moved.append(s)
            continue
        kept = {}
        for group in ("tables", "tables_after"):
            kept[group] = []
            for tid in getattr(s, group):
                where = appendix_for(tid)
                if where is None or APPENDICES[where].title == MEASURES_IN_FULL:
                    kept[group].append(tid)  # a measures table is in both: in short here, in full at the back
                if where is not None:
                    found.setdefault(where, []).append(tid)
        chart_tables = {}
        for cid in s.charts:
            chart = report.chart(cid)
            tid = chart.table_id if chart else ""
            where = appendix_for(tid) if tid else None
            if where is not None:
                found.setdefault(where, []).append(tid)
            chart_tables[cid] = tid if where is None else ""
        items = [("table", tid) for tid in kept["tables"]]
        for cid in s.charts:
            after = CHART_AFTER.get(cid)
            at = next((i + 1 for i, (_, tid) in enumerate(items) if tid == after), len(items))
            items.insert(at, ("chart", cid))
        items += [("table", tid) for tid in kept["tables_after"]]
        body.append(PackSection(s, items, chart_tables))
    appendices = []
    for i, rule in enumerate(APPENDICES):
        if found.get(i):
            letter = chr(ord("A") + len(appendices))
            appendices.append(Appendix(letter, f"appendix-{letter.lower()}", rule.title, rule.note, found[i]))
    for s in moved:
        letter = chr(ord("A") + len(appendices))
        appendices.append(Appendix(letter, s.id, s.title, "", [*s.tables, *s.tables_after], list(s.paragraphs)))
    return body, appendices


def appendix_of(appendices: list[Appendix], table_id: str) -> Appendix | None:
    return next((a for a in appendices if table_id in a.tables), None)
