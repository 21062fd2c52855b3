"""Use cases for the improvement plan: editing it and recording KPI figures."""
import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.datafile import clip
from app.core.db import db, utcnow
from app.core.periods import FREQUENCY_PERIOD_KIND, Period
from app.plan import rules
from app.plan.models import Kpi, KpiValue, Plan, Recommendation, RecommendationKpi


def plans() -> list[Plan]:
    """The plans of the register, the improvement plan first."""
    return db.session.scalars(
        select(Plan).options(selectinload(Plan.recommendations).selectinload(Recommendation.actions),
                             selectinload(Plan.recommendations).selectinload(Recommendation.measures))
        .order_by(Plan.position, Plan.id)
    ).all()


def plan_named(key: str) -> Plan | None:
    return db.session.scalar(select(Plan).where(Plan.key == key))


def recommendations(plan_key: str = rules.MAIN_PLAN) -> list[Recommendation]:
    """A plan's items (the improvement plan's recommendations unless another plan is named)."""
    return db.session.scalars(
        select(Recommendation)
        .join(Plan).where(Plan.key == plan_key)
        .options(
            selectinload(Recommendation.actions),
            selectinload(Recommendation.measures),
            selectinload(Recommendation.kpi_links).selectinload(RecommendationKpi.kpi).selectinload(Kpi.values),
        )
        .order_by(Recommendation.number)
    ).all()


def measures_without_target(recs: list[Recommendation]) -> list:
    """Audit and feedback measures with no target, in plan order: they cannot be rated."""
    return [m for rec in recs for m in rec.measures if m.target_percent is None]


def kpis() -> list[Kpi]:
    return db.session.scalars(
        select(Kpi).options(selectinload(Kpi.links).selectinload(RecommendationKpi.recommendation), selectinload(Kpi.values)).order_by(Kpi.id)
    ).all()


def save_edit(obj, **fields) -> None:
    """Apply an admin's edit to a plan row, marking seeded rows so the seed keeps the edit."""
    for name, value in fields.items():
        setattr(obj, name, value)
    if getattr(obj, "seed_key", None):
        obj.locally_edited = True
    db.session.add(obj)
    db.session.commit()


def next_position(rows) -> int:
    return max((r.position for r in rows), default=-1) + 1


def period_for(kpi: Kpi, label: str) -> Period:
    """The reporting period a label names, checked against how often the KPI is reported."""
    period = Period.parse(label)
    kind = FREQUENCY_PERIOD_KIND[kpi.frequency]
    if period.kind != kind:
        example = Period.make(kind, period.fy_start_year, 1).label
        raise ValueError(
            f"{kpi.code} is reported {rules.FREQUENCIES[kpi.frequency].lower()}: "
            f"use a period like {example}, not {label.strip()}"
        )
    return period


def record_value(
    kpi: Kpi, period: Period, value: float, entered_rag: str | None, note: str | None, user, source: str = "form"
) -> tuple[KpiValue, bool]:
    """Save a KPI figure for a period, replacing an earlier one. Returns (row, replaced)."""
    row = db.session.scalar(
        select(KpiValue).where(
            KpiValue.kpi_id == kpi.id, KpiValue.period_start == period.start, KpiValue.period_end == period.end
        )
    )
    replaced = row is not None
    if row is None:
        row = KpiValue(kpi=kpi, period_start=period.start, period_end=period.end)
        db.session.add(row)
    row.value = value
    # A RAG is only entered where it cannot be computed: the target is words, or no direction is stated.
    computed = kpi.target_is_numeric and kpi.direction in rules.DIRECTIONS
    row.entered_rag = entered_rag if not computed else None
    row.note = note or None
    row.source = source
    row.entered_by = user
    row.entered_at = utcnow()
    return row, replaced


CSV_COLUMNS = ["kpi", "period", "value", "rag", "note"]
REQUIRED_CSV_COLUMNS = ["kpi", "period", "value"]


MAX_PROBLEMS_SHOWN = 50  # a file of 452,000 bad rows is told about its first 50 and how many in all
MAX_CELL_CHARS = 2_000
MAX_COLUMNS = 50  # both imports name fewer than ten; a header of millions is refused at once


@dataclass
class CsvProblem:
    row: int  # the line in the file, counting the header as line 1
    column: str
    message: str

    def __post_init__(self):
        # A message may quote what was in the file: never all of a huge cell.
        self.column = clip(self.column, 40)
        self.message = clip(self.message, 300)

    def __str__(self):
        return f"Row {self.row}, column '{self.column}': {self.message}"


class CsvProblems:
    """The problems in a file: every one counted, the first MAX_PROBLEMS_SHOWN kept to show.
    len() is the count; iterating and indexing give the ones kept."""

    def __init__(self, problems=()):
        self.shown: list[CsvProblem] = []
        self.total = 0
        for problem in problems:
            self.append(problem)

    def append(self, problem: CsvProblem) -> None:
        self.total += 1
        if len(self.shown) < MAX_PROBLEMS_SHOWN:
            self.shown.append(problem)

    @property
    def more(self) -> int:
        return self.total - len(self.shown)

    def __len__(self):
        return self.total

    def __iter__(self):
        return iter(self.shown)

    def __getitem__(self, index):
        return self.shown[index]


class CsvImportError(ValueError):
    def __init__(self, problems):
        self.problems = problems if isinstance(problems, CsvProblems) else CsvProblems(problems)
        super().__init__("; ".join(map(str, self.problems)))


def csv_error_problem(row: int, error: csv.Error) -> CsvProblem:
    """The csv module's complaint (a cell over its size limit, a stray quote) as a problem."""
    if "field larger than field limit" in str(error):
        return CsvProblem(row, "(file)", f"a cell is longer than {csv.field_size_limit():,} characters; nothing was imported")
    return CsvProblem(row, "(file)", f"the file cannot be read as CSV from here: {error}")


def check_column_count(fieldnames: list) -> None:
    """CsvImportError, at once, for a header row with more than MAX_COLUMNS columns."""
    if len(fieldnames) > MAX_COLUMNS:
        raise CsvImportError([CsvProblem(1, "(header)", f"the header row has {len(fieldnames):,} columns;"
                                         f" a file can have at most {MAX_COLUMNS}")])


def too_long_cells(line_no: int, cells: dict, problems) -> bool:
    """Whether a row has a cell over MAX_CELL_CHARS (each recorded as a problem, without its text)."""
    long = [column for column, value in cells.items() if len(value) > MAX_CELL_CHARS]
    for column in long:
        problems.append(CsvProblem(line_no, column, f"this cell is longer than {MAX_CELL_CHARS:,} characters"))
    return bool(long)


MAX_CSV_ROWS = 20_000


def import_values_csv(raw: bytes, user) -> dict:
    """Import KPI figures from CSV, all or nothing.

    Columns: kpi (the KPI's import key), period (e.g. Q1 2018-19), value, and
    optionally rag (where the target is words) and note. Every row is checked
    first; if any row is wrong, nothing is saved and every problem is listed.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError([CsvProblem(1, "(file)", "the file is not UTF-8 text; save it as 'CSV UTF-8' and try again")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        raise CsvImportError([csv_error_problem(1, error)]) from None
    check_column_count(fieldnames)
    header = [h.strip().lower() for h in fieldnames]
    missing = [c for c in REQUIRED_CSV_COLUMNS if c not in header]
    if missing:
        raise CsvImportError(
            [CsvProblem(1, c, "this column is missing from the header row") for c in missing]
        )
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise CsvImportError([CsvProblem(1, h, f"unknown column; use {', '.join(CSV_COLUMNS)}") for h in unknown])
    reader.fieldnames = header

    by_key = {k.seed_key: k for k in db.session.scalars(select(Kpi)) if k.seed_key}
    by_key.update({f"kpi-{k.id}": k for k in db.session.scalars(select(Kpi))})
    problems = CsvProblems()
    rows = []
    seen = {}
    line_no = 1
    try:
        for line_no, record in enumerate(reader, start=2):
            if line_no - 1 > MAX_CSV_ROWS:
                problems.append(CsvProblem(line_no, "(file)", f"a file can hold at most {MAX_CSV_ROWS:,} rows"))
                break
            row = _check_value_row(line_no, record, by_key, seen, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        problems.append(csv_error_problem(line_no + 1, error))
    if problems:
        db.session.rollback()
        raise CsvImportError(problems)
    if not rows:
        raise CsvImportError([CsvProblem(2, "(file)", "the file has no rows of figures")])
    replaced = 0
    for kpi, period, value, rag, note in rows:
        replaced += record_value(kpi, period, value, rag, note, user, source="csv")[1]
    db.session.commit()
    return {"imported": len(rows), "replaced": replaced}


def _check_value_row(line_no: int, record: dict, by_key: dict, seen: dict, problems: CsvProblems):
    """(kpi, period, value, rag, note) of a good row; None for a blank or bad one (its problems recorded)."""
    if None in record:
        problems.append(CsvProblem(line_no, "(row)", "this row has more cells than the header"))
        return None
    cells = {k: (v or "").strip() for k, v in record.items()}
    if not any(cells.values()):
        return None  # blank line
    if too_long_cells(line_no, cells, problems):
        return None
    kpi = by_key.get(cells["kpi"])
    if kpi is None:
        problems.append(CsvProblem(line_no, "kpi", f"no KPI has the import key '{cells['kpi']}'" if cells["kpi"] else "enter the KPI's import key"))
        return None
    if kpi.from_audits:
        problems.append(CsvProblem(line_no, "kpi", f"{kpi.code} is worked out from final audits, so it has no figures to import"))
        return None
    row_ok = True
    try:
        period = period_for(kpi, cells["period"])
    except ValueError as error:
        problems.append(CsvProblem(line_no, "period", str(error)))
        row_ok = False
    try:
        value = rules.parse_number(cells["value"])
    except ValueError as error:
        problems.append(CsvProblem(line_no, "value", str(error)))
        row_ok = False
    rag = cells.get("rag", "").lower() or None
    if rag is not None and rag not in rules.RAGS:
        problems.append(CsvProblem(line_no, "rag", f"'{cells['rag']}' is not red, amber or green"))
        row_ok = False
    if not row_ok:
        return None
    key = (kpi.id, period)
    if key in seen:
        problems.append(CsvProblem(line_no, "period", f"{kpi.code} {period.label} is already on row {seen[key]}"))
        return None
    seen[key] = line_no
    return kpi, period, value, rag, cells.get("note")


def open_kpi_flags() -> dict[int, list[str]]:
    """KPI id -> where the plan as printed contradicts itself, not yet resolved (rules.kpi_contradictions)."""
    kpis = db.session.scalars(select(Kpi)).all()
    flags = rules.kpi_contradictions([k.facts for k in kpis])
    return rules.unresolved(flags, {k.id: k.flags_resolved for k in kpis})


def resolve_kpi_flags(kpi: Kpi, user, now) -> None:
    """An administrator has looked at the KPI's flags and settled them (edited the KPI or
    kept it as printed): record the flags as worded now, who and when."""
    flags = open_kpi_flags().get(kpi.id, [])
    kpi.flags_resolved = rules.flag_words(flags)
    kpi.flags_resolved_by_id = user.id
    kpi.flags_resolved_at = now
    db.session.commit()
