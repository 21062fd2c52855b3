"""Reporting periods, aligned to the financial year (April to March).

Labels people read and type: "2018-19" (year), "H1 2018-19" (April to September),
"H2 2018-19" (October to March), "Q1 2018-19" (April to June) ... "Q4 2018-19".
"""
import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

YEAR = "year"
HALF = "half"
QUARTER = "quarter"

_LABEL = re.compile(r"^\s*(?:(?P<kind>[QH])(?P<n>[1-4])\s+)?(?P<y1>\d{4})\s*[-/–]\s*(?P<y2>\d{2}|\d{4})\s*$", re.I)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    kind: str
    number: int  # quarter 1-4 or half 1-2; 0 for a year

    @property
    def fy_start_year(self) -> int:
        return self.start.year if self.start.month >= 4 else self.start.year - 1

    @property
    def fy_label(self) -> str:
        return f"{self.fy_start_year}-{(self.fy_start_year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        if self.kind == QUARTER:
            return f"Q{self.number} {self.fy_label}"
        if self.kind == HALF:
            return f"H{self.number} {self.fy_label}"
        return self.fy_label

    @property
    def long_label(self) -> str:
        return f"{self.label} ({self.start:%B %Y} to {self.end:%B %Y})"

    @classmethod
    def make(cls, kind: str, fy_start_year: int, number: int = 0) -> "Period":
        months = {QUARTER: 3, HALF: 6, YEAR: 12}[kind]
        offset = (number - 1) * months if kind != YEAR else 0
        y, m = _add_months(fy_start_year, 4, offset)
        ey, em = _add_months(y, m, months - 1)
        return cls(date(y, m, 1), _month_end(ey, em), kind, number if kind != YEAR else 0)

    @classmethod
    def parse(cls, label: str) -> "Period":
        match = _LABEL.match(label or "")
        if not match:
            raise ValueError(
                f"'{(label or '').strip()}' is not a period: use a financial year like 2018-19, "
                "a half like H1 2018-19, or a quarter like Q3 2018-19"
            )
        y1 = int(match["y1"])
        y2 = int(match["y2"])
        if y2 != (y1 + 1 if y2 >= 100 else (y1 + 1) % 100):
            raise ValueError(f"'{label.strip()}': the years must follow each other, like 2018-19")
        kind_letter = (match["kind"] or "").upper()
        n = int(match["n"] or 0)
        if kind_letter == "H":
            if n > 2:
                raise ValueError(f"'{label.strip()}': a year has two halves, H1 and H2")
            return cls.make(HALF, y1, n)
        if kind_letter == "Q":
            return cls.make(QUARTER, y1, n)
        return cls.make(YEAR, y1)

    @classmethod
    @lru_cache(maxsize=4096)  # reports place tens of thousands of records on a few hundred days
    def containing(cls, day: date, kind: str) -> "Period":
        fy = day.year if day.month >= 4 else day.year - 1
        months_in = (day.year * 12 + day.month) - (fy * 12 + 4)
        if kind == QUARTER:
            return cls.make(QUARTER, fy, months_in // 3 + 1)
        if kind == HALF:
            return cls.make(HALF, fy, months_in // 6 + 1)
        return cls.make(YEAR, fy)

    @classmethod
    def from_dates(cls, start: date, end: date) -> "Period":
        for kind in (QUARTER, HALF, YEAR):
            candidate = cls.containing(start, kind)
            if candidate.start == start and candidate.end == end:
                return candidate
        raise ValueError(f"{start} to {end} is not a financial quarter, half or year")

    def previous(self) -> "Period":
        return Period.containing(date.fromordinal(self.start.toordinal() - 1), self.kind)

    def next(self) -> "Period":
        return Period.containing(date.fromordinal(self.end.toordinal() + 1), self.kind)


FREQUENCY_PERIOD_KIND = {"quarterly": QUARTER, "six_monthly": HALF, "annual": YEAR}


def recent_periods(kind: str, today: date, count: int = 12) -> list[Period]:
    """The period containing today and the ones before it, newest first."""
    periods = [Period.containing(today, kind)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods
