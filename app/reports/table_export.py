"""A report `Table` as typed values for the Excel workbook and the CSV files. Plain values
in, plain values out: no Flask, no openpyxl.

Each cell is read from the words the report prints (`Cell.text`), so the workbook and the
CSV files hold exactly the figures of the HTML and the PDF, also for a report published
before this was written:

- a share printed "67%" is the number 0.67 in the workbook (format 0%; "2.3%" is 0.023,
  format 0.0%) and 67 in a CSV file (a CSV file has no formats: the percentage, plain);
- a 95% interval printed "30% to 90%" is two columns, "...: lower" and "...: upper";
- a count is an integer, another figure a number, when its words are just that number
  ("3 (50%)" or "0.00 (slight)" stay words: the words carry what the figure means);
- a date is a date (ISO 8601 in a CSV file);
- a suppressed figure stays the words "Suppressed (fewer than 5)", in every column it
  covers: no number is there to recover, and the reason sits in the cell itself;
- everything else is words, which the writers neutralise (app.core.spreadsheet).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.reports.rules import Cell, Table

PERCENT = re.compile(r"^(\d{1,3}(?:\.(\d+))?)%$")
INTERVAL = re.compile(r"^(\d{1,3}(?:\.\d+)?)% to (\d{1,3}(?:\.\d+)?)%$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLAIN_NUMBER = re.compile(r"^-?[\d,]+(?:\.(\d+))?$")

TEXT, INTEGER, NUMBER, PERCENTAGE, DATE = "text", "integer", "number", "percent", "date"


@dataclass(frozen=True)
class Out:
    """One cell as written: `value` (str, int, float or date), its kind and, for
    percentages and numbers, the decimals printed."""

    value: object
    kind: str = TEXT
    decimals: int = 0

    @property
    def number_format(self) -> str | None:
        places = "." + "0" * self.decimals if self.decimals else ""
        if self.kind == PERCENTAGE:
            return f"0{places}%"
        if self.kind == INTEGER:
            return "#,##0"
        if self.kind == NUMBER:
            return f"#,##0{places}"
        if self.kind == DATE:
            return "d mmmm yyyy"
        return None

    @property
    def csv_value(self):
        if self.kind == PERCENTAGE:
            percent = round(self.value * 100, self.decimals)
            return int(percent) if self.decimals == 0 else percent
        if self.kind == DATE:
            return self.value.isoformat()
        return self.value


def is_interval_column(name: str) -> bool:
    return "interval" in name.lower()


def header(table: Table) -> list[str]:
    out: list[str] = []
    for name in table.columns:
        out += [f"{name}: lower", f"{name}: upper"] if is_interval_column(name) else [name]
    return out


def rows(table: Table) -> list[list[Out]]:
    intervals = [is_interval_column(name) for name in table.columns]
    out = []
    for row in table.rows:
        line: list[Out] = []
        for i, cell in enumerate(row):
            if i < len(intervals) and intervals[i]:
                line += interval_outs(cell)
            else:
                line.append(out_cell(cell))
        out.append(line)
    return out


def interval_outs(cell: Cell) -> list[Out]:
    """An interval's two bounds as shares; its words (suppressed, not worked out) in both."""
    found = INTERVAL.match(cell.text.strip()) if not cell.suppressed else None
    if not found:
        return [Out(cell.text), Out(cell.text)]
    return [_percent(found.group(1)), _percent(found.group(2))]


def out_cell(cell: Cell) -> Out:
    words = cell.text.strip()
    if cell.suppressed:
        return Out(cell.text)
    value = cell.value
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if PERCENT.match(words) and (numeric or value == cell.text):
        return _percent(words[:-1])
    if isinstance(value, str) and ISO_DATE.match(value) and words != value:
        try:
            return Out(date.fromisoformat(value), DATE)
        except ValueError:
            return Out(cell.text)
    plain = PLAIN_NUMBER.match(words)
    if numeric and plain and abs(float(words.replace(",", "")) - value) < 1e-9:
        decimals = len(plain.group(1) or "")
        if decimals == 0:
            return Out(int(round(value)), INTEGER)
        return Out(float(value), NUMBER, decimals)
    return Out(cell.text)


def _percent(number: str) -> Out:
    decimals = len(number.partition(".")[2])
    # The share as printed: 67% is 0.67, not the 0.6667 behind it, so every format agrees.
    return Out(round(float(number) / 100, decimals + 2), PERCENTAGE, decimals)


def csv_rows(table: Table) -> list[list]:
    """The header and each row for a CSV file."""
    return [header(table), *[[o.csv_value for o in line] for line in rows(table)]]


# --- Sheet names ----------------------------------------------------------------------------------

_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
_SHORTER = [
    (re.compile(r"^% of audits judged "), "Audits "),
    (re.compile(r"\bRecommendation (\d+)"), r"Rec \1"),
    (re.compile(r"\bimpact measures\b"), "measures"),
    (re.compile(r"\s*\([^)]*\)"), ""),  # what is in brackets
    (re.compile(r"\s+this period\b"), ""),
    (re.compile(r"\s+and\s+"), " & "),
]
_LOOSE_ENDS = {"&", "-", "or", "of", "the", "by", "per", "to", "a", "for"}
RESERVED = {"contents", "history"}


def short_title(title: str, limit: int = 31) -> str:
    """A table's title made into a sheet name: "Recommendation 2: impact measures and KPIs"
    is "Rec 2 measures & KPIs"; cut at a word, 31 characters at most, no []:*?/\\ or '."""
    name = title
    for pattern, shorter in _SHORTER:
        name = pattern.sub(shorter, name)
    head, colon, tail = name.partition(":")
    if colon and not re.fullmatch(r"Rec \d+", head.strip()):
        name = head  # "Exceptions: Red or worse than last period" is "Exceptions"
    name = " ".join(_FORBIDDEN.sub(" ", name).split())
    if len(name) > limit:
        words = name[:limit + 1].split(" ")[:-1] or [name[:limit]]
        while len(words) > 1 and words[-1].lower() in _LOOSE_ENDS:
            words.pop()
        name = " ".join(words)[:limit].rstrip(" ,;&-")
    return name or "Table"


def sheet_names(tables: list[Table]) -> dict[str, str]:
    """A unique sheet name for each table (by id), from its title."""
    names: dict[str, str] = {}
    used = set(RESERVED)
    for t in tables:
        base = short_title(t.title)
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[:31 - len(suffix)].rstrip() + suffix, n + 1
        used.add(name.lower())
        names[t.id] = name
    return names
