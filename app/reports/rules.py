"""Rules of the six-monthly aggregate report. Plain values in, plain values out: no Flask,
no database.

- Every table is a `Table` of `Cell`s (a value, the words shown, and whether it is
  suppressed), so the HTML, the PDF, the Excel workbook and the CSV files show the same.
- Suppression: a figure about children, young people or parents and carers built on fewer
  respondents than the threshold (default 5) is never shown, in any format: the cell says
  "Suppressed (fewer than 5)" and carries no number.
- Too few to judge: a proportion counted over fewer than 5 (cases or answers, whatever the
  suppression threshold) is shown as a count with the words "too few to judge", and has no
  interval, RAG or comparison.
- Proportions have a 95% Wilson interval (`app.feedback.rules.wilson_interval`).
- RAG against a target uses the plan's KPI rule (`app.plan.rules.kpi_rag`), direction
  increase for shares.
- Exceptions: measures and KPIs that are Red or got worse than last period, and moderation
  later than its target, Red first; then overdue plan actions counted per recommendation
  (each listed in its recommendation's section); then measures with no target set.
- Got worse: a share only when lower and the two 95% intervals do not overlap
  (`shares_differ_worse`); a KPI when its figure moved the wrong way (`got_worse`).
- Charts are server-side SVG, readable in greyscale: every series has its own marker
  shape and dash pattern and is labelled in words at its end; each chart has a <title>,
  a <desc> that says the figures, and a table beside it.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any

from app.core.privacy import DEFAULT_SUPPRESSION_THRESHOLD, PROTECTED_AUDIENCES
from app.feedback.results import MIN_COUNTED
from app.feedback.rules import wilson_interval
from app.plan import rules as plan_rules

DEFAULT_THRESHOLD = DEFAULT_SUPPRESSION_THRESHOLD
TOO_FEW = "too few to judge"
NO_DATA = "No data"


def suppressed_text(threshold: int = DEFAULT_THRESHOLD) -> str:
    return f"Suppressed (fewer than {threshold})"


# --- Cells and tables -----------------------------------------------------------------------


@dataclass
class Cell:
    """One table cell: `value` for sorting and spreadsheets (None when suppressed or
    missing), `text` as people read it."""

    value: Any = None
    text: str = ""
    suppressed: bool = False
    rag: str | None = None  # red/amber/green where the cell is a RAG rating

    @classmethod
    def from_dict(cls, data: dict) -> Cell:
        return cls(**data)


@dataclass
class Table:
    id: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Table:
        rows = [[Cell.from_dict(c) for c in row] for row in data["rows"]]
        return cls(data["id"], data["title"], list(data["columns"]), rows, data.get("note", ""))

    def csv_rows(self) -> list[list[str | int | float]]:
        """The header and each row; numbers as numbers, everything else as its words."""
        out: list[list] = [list(self.columns)]
        for row in self.rows:
            out.append([c.text if (c.suppressed or c.value is None or isinstance(c.value, str)) else _number(c.value)
                        for c in row])
        return out


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def text(words: str) -> Cell:
    return Cell(words, words)


def count(n: int | None, *, protected: bool = False, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    """A count; a small count about children or families is suppressed (0 is safe to show)."""
    if n is None:
        return Cell(None, NO_DATA)
    if is_suppressed(n, protected=protected, threshold=threshold):
        return Cell(None, suppressed_text(threshold), True)
    return Cell(n, f"{n:,}")


def is_suppressed(respondents: int, *, protected: bool, threshold: int = DEFAULT_THRESHOLD) -> bool:
    return protected and 0 < respondents < threshold


def is_protected(audiences) -> bool:
    """Whether a figure is about children, young people or parents and carers."""
    return any(a in PROTECTED_AUDIENCES for a in audiences or ())


def too_few(n: int) -> bool:
    """Fewer than 5 cases or answers: a share is not given (the same rule as campaign results).
    Fixed, unlike the suppression threshold: it is about judging, not about identifying."""
    return n < MIN_COUNTED


def percent_text(share: float | None) -> str:
    """A share as a whole percentage, halves rounded up: 0.625 -> '63%'."""
    if share is None:
        return NO_DATA
    return f"{math.floor(share * 100 + 0.5 + 1e-9)}%"


def round_percent(share: float | None) -> int | None:
    return None if share is None else math.floor(share * 100 + 0.5 + 1e-9)


@dataclass
class Proportion:
    """`positive` of `n`, with the respondents behind it (for suppression)."""

    positive: int
    n: int
    respondents: int | None = None  # defaults to n
    protected: bool = False

    def who(self) -> int:
        return self.n if self.respondents is None else self.respondents

    def suppressed(self, threshold: int = DEFAULT_THRESHOLD) -> bool:
        return is_suppressed(self.who(), protected=self.protected, threshold=threshold)

    def judgeable(self, threshold: int = DEFAULT_THRESHOLD) -> bool:
        return not self.suppressed(threshold) and self.n > 0 and not too_few(self.n)

    def share(self, threshold: int = DEFAULT_THRESHOLD) -> float | None:
        return self.positive / self.n if self.judgeable(threshold) else None

    def to_dict(self) -> dict:
        return asdict(self)


def share_cell(p: Proportion | None, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    """The share as a percentage; suppressed, 'too few to judge' or 'No data' as the rules say."""
    if p is None or (p.n == 0 and not p.suppressed(threshold)):
        return Cell(None, NO_DATA)
    if p.suppressed(threshold):
        return Cell(None, suppressed_text(threshold), True)
    if too_few(p.n):
        return Cell(None, f"{p.positive} of {p.n}: {TOO_FEW}")
    share = p.positive / p.n
    return Cell(round(share * 100, 1), percent_text(share))


def n_cell(p: Proportion | None, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    if p is None:
        return Cell(0, "0")
    if p.suppressed(threshold):
        return Cell(None, suppressed_text(threshold), True)
    return Cell(p.n, f"{p.n:,}")


def interval(p: Proportion | None, threshold: int = DEFAULT_THRESHOLD) -> tuple[float, float] | None:
    if p is None or not p.judgeable(threshold):
        return None
    return wilson_interval(p.positive, p.n)


def interval_cell(p: Proportion | None, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    if p is not None and p.suppressed(threshold):
        return Cell(None, suppressed_text(threshold), True)
    bounds = interval(p, threshold)
    if bounds is None:
        return Cell(None, "Not worked out")
    low, high = bounds
    return Cell(f"{round_percent(low)}-{round_percent(high)}", f"{percent_text(low)} to {percent_text(high)}")


# --- RAG, comparison, exceptions ---------------------------------------------------------------


def share_rag(share: float | None, target_percent: float | None) -> str | None:
    """RAG of a share (0-1) against a target in percent, by the plan's rule (higher is better)."""
    if share is None or target_percent is None:
        return None
    return plan_rules.kpi_rag(round(share * 100, 6), target_percent, plan_rules.INCREASE)


def rag_cell(rag: str | None, *, no_target: bool = False) -> Cell:
    if rag is None:
        return Cell(None, "No target" if no_target else "Not rated")
    return Cell(plan_rules.RAGS[rag], plan_rules.RAGS[rag], rag=rag)


def got_worse(this: float | None, last: float | None, direction: str | None = plan_rules.INCREASE) -> bool:
    """Whether a KPI's figure (one value entered for the period, no sample) moved the wrong way
    since last period. Shares from samples use `shares_differ_worse` instead."""
    if this is None or last is None or direction not in (plan_rules.INCREASE, plan_rules.DECREASE):
        return False
    if direction == plan_rules.INCREASE:
        return this < last - 1e-9
    return this > last + 1e-9


def share_got_worse(this: Proportion | None, last: Proportion | None, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """Whether an audit measure's share got worse since last period, by `shares_differ_worse`."""
    if this is None or last is None:
        return False
    return shares_differ_worse(this.share(threshold), interval(this, threshold),
                               last.share(threshold), interval(last, threshold))


def shares_differ_worse(this: float | None, this_interval: tuple[float, float] | None,
                        last: float | None, last_interval: tuple[float, float] | None) -> bool:
    """Whether a proportion (audit or feedback measure) got worse beyond chance: this period's
    share is lower than last period's AND the two 95% Wilson intervals do not overlap (this
    period's upper bound below last period's lower bound; touching counts as overlapping).

    A share from a sample moves a little by chance: 73% to 72% is noise, not a change. The
    non-overlapping intervals test is stricter than a formal test of the difference, which is
    the point: it is simple to explain and flags only clear falls. Never worse when either
    period is missing, too few to judge or suppressed (no share, no interval)."""
    if None in (this, last, this_interval, last_interval):
        return False
    return this < last and this_interval[1] < last_interval[0]


RED_REASON = "Red"
WORSE_REASON = "Worse than last period"
LATE_REASON = "Moderation later than its target"
# Said beside "Worse than last period" wherever it is shown, not only in About these figures.
WORSE_SHARE = f"{WORSE_REASON}: a fall too large to be chance (the 95% intervals do not overlap)"
WORSE_KPI = f"{WORSE_REASON}: the figure moved the wrong way"


def _reason_rank(reason: str) -> int:
    """Red first; then got worse (however explained) and moderation late."""
    if reason == RED_REASON:
        return 0
    return 1 if reason.startswith((WORSE_REASON, LATE_REASON)) else 9


@dataclass
class Exception_:
    recommendation: int
    what: str
    reasons: list[str]
    this_period: str = ""
    last_period: str = ""
    recommendations: list[int] = field(default_factory=list)  # every recommendation it belongs to

    @property
    def recommendations_text(self) -> str:
        numbers = self.recommendations or [self.recommendation]
        return ", ".join(str(n) for n in numbers) if numbers != [0] else "Audit results"


def merge_shared(items: list[Exception_]) -> list[Exception_]:
    """One exception per measure or KPI: a KPI linked to two recommendations is listed once,
    with both recommendations, not twice (the same figure, the same reasons)."""
    merged: dict[tuple, Exception_] = {}
    for e in items:
        key = (e.what, tuple(e.reasons), e.this_period, e.last_period)
        if key in merged:
            merged[key].recommendations = sorted(set(merged[key].recommendations) | {e.recommendation})
        else:
            merged[key] = Exception_(e.recommendation, e.what, list(e.reasons), e.this_period, e.last_period,
                                     [e.recommendation])
    return list(merged.values())


def kpi_figure_text(formatted: str, figure_period: str | None, report_period: str) -> str:
    """A KPI's figure, saying which period it is for when that is not the report's: a
    half-year report showing the latest quarter's figure says "55% (Q2 2026-27 figure)"."""
    if figure_period is None or figure_period == report_period:
        return formatted
    return f"{formatted} ({figure_period} figure)"


def order_exceptions(items: list[Exception_]) -> list[Exception_]:
    """Red first, then got worse; by recommendation within each."""
    return sorted(items, key=lambda e: (min(_reason_rank(r) for r in e.reasons), e.recommendation, e.what))


def exception_reasons(*, rag: str | None, worse: bool, kpi: bool = False) -> list[str]:
    """Why a measure is an exception, in words that explain themselves: a share from a sample
    (`kpi` False) is worse only beyond chance; a KPI's entered figure, when it moved the wrong way."""
    reasons = []
    if rag == plan_rules.RED:
        reasons.append(RED_REASON)
    if worse:
        reasons.append(WORSE_KPI if kpi else WORSE_SHARE)
    return reasons


# --- Final answers -----------------------------------------------------------------------------


def final_answers(answers: dict, question_grades: dict[str, str | None]) -> dict:
    """The audit's answers with the moderator's grades applied (finalised moderations only):
    `question_grades` maps question key to the moderated grade."""
    if not question_grades:
        return answers or {}
    merged = dict(answers or {})
    for key, grade in question_grades.items():
        if grade:
            merged[key] = grade
    return merged


# --- Trend series and SVG charts ---------------------------------------------------------------

MARKERS = ("circle", "square", "triangle", "diamond", "cross", "circle-open")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")


@dataclass
class Series:
    label: str
    values: list[float | None]  # percentages, one per period; None where not shown
    words: str = ""  # the measure's own words, for the key ("Audit 1.1" alone says nothing)


@dataclass
class Chart:
    id: str
    title: str
    periods: list[str]
    series: list[Series]
    target: float | None = None
    table_id: str = ""
    targets: list[float] = field(default_factory=list)  # each series' target, when they differ

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Chart:
        return cls(data["id"], data["title"], list(data["periods"]),
                   [Series(s["label"], list(s["values"]), s.get("words", "")) for s in data["series"]],
                   data.get("target"), data.get("table_id", ""), list(data.get("targets") or []))

    def target_lines(self) -> list[float]:
        return sorted(set(self.targets)) if self.targets else ([] if self.target is None else [self.target])


def trend_series(label: str, by_period: dict[str, Proportion | None], periods: list[str],
                 threshold: int = DEFAULT_THRESHOLD) -> Series:
    """One measure's share per period (oldest first), None where suppressed, too few or missing."""
    values = []
    for p in periods:
        share = by_period.get(p).share(threshold) if by_period.get(p) else None
        values.append(None if share is None else round(share * 100, 1))
    return Series(label, values)


def describe_chart(chart: Chart) -> str:
    """The chart in words, for its <desc> and for anyone who cannot see it."""
    parts = []
    for s in chart.series:
        points = ", ".join(f"{p}: {'not shown' if v is None else percent_text(v / 100)}" for p, v in zip(chart.periods, s.values))
        parts.append(f"{s.label}: {points}.")
    if chart.target is not None:
        parts.append(f"Target {percent_text(chart.target / 100)}.")
    return " ".join(parts) or "No figures."


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#0b0c0c"/>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}" fill="#0b0c0c"/>'
    if kind == "diamond":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" fill="#0b0c0c"/>'
    if kind == "cross":
        return (f'<path d="M{x - 4:.1f},{y - 4:.1f} L{x + 4:.1f},{y + 4:.1f} M{x - 4:.1f},{y + 4:.1f} '
                f'L{x + 4:.1f},{y - 4:.1f}" stroke="#0b0c0c" stroke-width="2"/>')
    if kind == "circle-open":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#ffffff" stroke="#0b0c0c" stroke-width="1.5"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#0b0c0c"/>'


def series_style(index: int) -> tuple[str, str]:
    """A series' marker and dash: after the sixth, the dashes shift, so no two of 36 look alike."""
    return MARKERS[index % len(MARKERS)], DASHES[(index + index // len(MARKERS)) % len(DASHES)]


def _wrap(words: str, width: int, lines: int) -> list[str]:
    """Words in lines of at most `width` characters, at most `lines` of them ("..." if cut)."""
    out: list[str] = []
    for word in words.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1] if len(out[-1]) <= width - 3 else out[-1][:width - 3].rsplit(" ", 1)[0]
        out[-1] = last.rstrip(" ,;:") + "..."  # cut at a word
    return out or [""]


KEY_CHARS = 88  # characters on a line of the key (11-unit text in 560 units: about 10 pt printed)


def chart_svg(chart: Chart, width: int = 560, plot_height: int = 90) -> str:
    """A line chart of shares (0-100%) over periods, as an SVG string. Black and grey only:
    series differ by marker and dash; the key below the chart shows each one's marker and
    dash with the measure's words; a target is a grey dashed line labelled "Target 60%"."""
    left, right, top = 44, 16, 12
    plot_w, plot_h = width - left - right, plot_height
    n = max(len(chart.periods), 1)

    def x_at(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y_at(v: float) -> float:
        return top + plot_h * (1 - v / 100)

    key = []  # (series index, lines of words)
    for s_index, series in enumerate(chart.series):
        words = f"{series.label}: {series.words}" if series.words else series.label
        if not any(v is not None for v in series.values):
            words += " (not shown)"
        key.append((s_index, _wrap(words, KEY_CHARS, 2 if len(chart.series) < 4 else 1)))
    key_top = top + plot_h + 34
    height = key_top + sum(14 * len(lines) + 4 for _, lines in key) + 4

    title_id, desc_id = f"{chart.id}-title", f"{chart.id}-desc"
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}">'),
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(describe_chart(chart))}</desc>',
        '<g font-family="Liberation Sans, Helvetica, Arial, sans-serif" font-size="11" fill="#0b0c0c">',
    ]
    for v in (0, 25, 50, 75, 100):
        y = y_at(v)
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="0.75"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{v}%</text>')
    for i, label in enumerate(chart.periods):
        out.append(f'<text x="{x_at(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{escape(label)}</text>')
    last_label_y = None
    for target in chart.target_lines():
        y = y_at(target)
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#505a5f" '
                   'stroke-width="1.5" stroke-dasharray="12 4 2 4"/>')
        # Above the line, at its right end; below it when another target's label is that close.
        label_y = y - 4 if last_label_y is None or abs(last_label_y - (y - 4)) > 12 else y + 13
        last_label_y = label_y
        out.append(f'<text x="{left + plot_w - 2}" y="{label_y:.1f}" text-anchor="end" font-weight="bold">'
                   f'Target {percent_text(target / 100)}</text>')
    for s_index, series in enumerate(chart.series):
        marker, dash = series_style(s_index)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        # Lines join neighbouring periods only: a gap (not shown) stays a gap.
        for i in range(len(series.values) - 1):
            a, b = series.values[i], series.values[i + 1]
            if a is not None and b is not None:
                out.append(f'<line x1="{x_at(i):.1f}" y1="{y_at(a):.1f}" x2="{x_at(i + 1):.1f}" y2="{y_at(b):.1f}" '
                           f'stroke="#0b0c0c" stroke-width="2"{dash_attr}/>')
        out.extend(_marker(marker, x_at(i), y_at(v)) for i, v in enumerate(series.values) if v is not None)
    # The key: each series' dash and marker, then its label and words (wrapped, never cut off).
    y = key_top
    for s_index, lines in key:
        marker, dash = series_style(s_index)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{left}" x2="{left + 32}" y1="{y - 4}" y2="{y - 4}" stroke="#0b0c0c" stroke-width="2"{dash_attr}/>')
        out.append(_marker(marker, left + 16, y - 4))
        for line in lines:
            out.append(f'<text x="{left + 40}" y="{y}">{escape(line)}</text>')
            y += 14
        y += 4
    out.append("</g></svg>")
    return "".join(out)


# --- Feedback figures (app.feedback.period_results.Figure) as cells ----------------------------


def figure_cells(f, threshold: int = DEFAULT_THRESHOLD, *, people: bool = False) -> tuple[Cell, Cell, Cell]:
    """(share, 95% interval, the number behind it) for a feedback `Figure`, which has already
    been suppressed (its numbers are None) or marked too few by the feedback rules. The
    number is the answers counted, or with `people` the respondents who gave them (a
    measure pools statements, so one person gives several of its answers)."""
    if f is None or (not f.suppressed and not f.n):
        return Cell(None, NO_DATA), Cell(None, "Not worked out"), Cell(0, "0")
    if f.suppressed:
        hidden = Cell(None, suppressed_text(threshold), True)
        return hidden, Cell(None, suppressed_text(threshold), True), Cell(None, suppressed_text(threshold), True)
    behind = f.respondents if people else f.n
    n = Cell(behind, f"{behind:,}")
    if f.share is None:
        return Cell(None, f"{f.positive} of {f.n}: {TOO_FEW}"), Cell(None, "Not worked out"), n
    share = Cell(round(f.share * 100, 1), percent_text(f.share))
    if f.low is None:
        return share, Cell(None, "Not worked out"), n
    return share, Cell(f"{round_percent(f.low)}-{round_percent(f.high)}", f"{percent_text(f.low)} to {percent_text(f.high)}"), n


def figure_got_worse(this, last) -> bool:
    """`shares_differ_worse` for feedback `Figure`s (their share is None when suppressed or too few)."""
    def parts(f):
        if f is None or f.share is None or f.low is None or f.high is None:
            return None, None
        return f.share, (f.low, f.high)

    return shares_differ_worse(*parts(this), *parts(last))


def figure_percent(f) -> float | None:
    """The share as a percentage for charts and comparisons; None when not shown."""
    return None if f is None or f.share is None else round(f.share * 100, 1)
