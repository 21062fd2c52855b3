"""Cases from the case management system: the CSV import, the cohort a round samples
from, the admin list, and demo cases.

A case is stored by reference only. A file with a column for a child's name, date of
birth, NHS number or address is refused whole, before any of its rows are read.
"""
import csv
import io
import math
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.audits.models import CASE_FLAGS, SERVICE_TYPES, Case
from app.core.clock import uk_today
from app.core.db import db, utcnow
from app.core.spreadsheet import csv_row
from app.org.models import District, Team
from app.plan.services import (
    CsvImportError, CsvProblem, CsvProblems, check_column_count, csv_error_problem, too_long_cells,
)

CASE_CSV_COLUMNS = ["reference", "service_type", "team", "district", "start_date", "end_date", "worker", "flags"]
REQUIRED_CASE_COLUMNS = ["reference", "service_type", "team", "district", "start_date"]
OPTIONAL_CASE_COLUMNS = ["end_date", "worker", "flags"]
MAX_CASE_ROWS = 50_000

# Columns that would hold a child's personal details. Cases are stored by reference only.
PERSONAL_COLUMNS = {
    "name", "first_name", "firstname", "forename", "forenames", "given_name", "middle_name", "surname",
    "last_name", "lastname", "family_name", "full_name", "fullname", "child_name", "child", "dob",
    "date_of_birth", "birth_date", "birthdate", "nhs_number", "nhs_no", "nhs", "address", "postcode",
    "post_code", "upn", "unique_pupil_number", "ni_number", "national_insurance_number",
}

_FLAG_SEPARATORS = (";", "|")
_REFERENCE_MAX = 40
_WORKER_MAX = 120


def _header_key(text: str) -> str:
    """'Service Type', 'service-type' and 'service_type' all name the same column."""
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


def _looks_personal(column: str) -> bool:
    return (
        column in PERSONAL_COLUMNS
        or column.startswith(("address", "nhs"))
        or "postcode" in column
        or "birth" in column
        or column.endswith(("first_name", "surname", "forename"))
    )


# A service type or flag as typed, reduced the same way for matching: 'Homeless 16-17' -> 'homeless_16_17'.
_token = _header_key


_SERVICE_TYPE_WORDS = {
    **{_token(k): k for k in SERVICE_TYPES},
    **{_token(label): k for k, label in SERVICE_TYPES.items()},
    _token("care leavers"): "CL",
    _token("early help"): "EH",
    _token("children looked after"): "CLA",
    _token("children with disabilities"): "CWD",
}

_FLAG_WORDS = {
    **{_token(k): k for k in CASE_FLAGS},
    **{_token(label): k for k, label in CASE_FLAGS.items()},
}


def parse_service_type(text: str) -> str:
    """A service type code from its code or its name, in any case. Raises ValueError."""
    if not text.strip():
        raise ValueError(f"enter the service type: one of {', '.join(SERVICE_TYPES)}")
    code = _SERVICE_TYPE_WORDS.get(_token(text))
    if code is None:
        raise ValueError(
            f"'{text.strip()}' is not a service type; use one of {', '.join(SERVICE_TYPES)} "
            "(CL is a care leaver)"
        )
    return code


def parse_flags(text: str) -> list[str]:
    """Flag keys from 'cse; homeless 16-17' or 'CSE|missing', in the fixed order of CASE_FLAGS.
    Raises ValueError naming every flag that is not known."""
    parts = [text]
    for separator in _FLAG_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    found, unknown = set(), []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        key = _FLAG_WORDS.get(_token(part))
        if key is None:
            unknown.append(part)
        else:
            found.add(key)
    if unknown:
        names = ", ".join(f"'{u}'" for u in unknown)
        raise ValueError(
            f"{names} {'is not a flag' if len(unknown) == 1 else 'are not flags'}; "
            f"use {', '.join(CASE_FLAGS)} (or their names), separated by ; or |"
        )
    return [key for key in CASE_FLAGS if key in found]


def _parse_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date; write it as YYYY-MM-DD (2026-01-31) or DD/MM/YYYY (31/01/2026)")


@dataclass
class _Row:
    line: int
    reference: str
    service_type: str
    team: Team
    start_date: date
    end_date: date | None
    worker: str | None
    flags: list[str]


def _read_header(raw: bytes) -> tuple[csv.DictReader, list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(
            [CsvProblem(1, "(file)", "the file is not UTF-8 text; save it as 'CSV UTF-8' and try again")]
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        raise CsvImportError([csv_error_problem(1, error)]) from None
    check_column_count(fieldnames)
    header = [_header_key(h) for h in fieldnames]
    if not any(header):
        raise CsvImportError([CsvProblem(1, "(file)", "the file is empty; the first row must name the columns")])

    # Personal details first, and alone: nothing else in such a file is looked at.
    personal = [h for h in header if _looks_personal(h)]
    if personal:
        raise CsvImportError(
            [
                CsvProblem(
                    1, h, f"this file has a column for a child's personal details ({h}); "
                    "remove it: cases are stored by reference only"
                )
                for h in personal
            ]
        )
    problems = []
    seen = set()
    for h in header:
        if not h:
            problems.append(CsvProblem(1, "(header)", "a column has no name in the header row"))
        elif h in seen:
            problems.append(CsvProblem(1, h, "this column is in the header row twice"))
        elif h not in CASE_CSV_COLUMNS:
            problems.append(CsvProblem(1, h, f"unknown column; use {', '.join(CASE_CSV_COLUMNS)}"))
        seen.add(h)
    problems += [
        CsvProblem(1, c, "this column is missing from the header row") for c in REQUIRED_CASE_COLUMNS if c not in header
    ]
    if problems:
        raise CsvImportError(problems)
    reader.fieldnames = header
    return reader, header


def _check_rows(reader: csv.DictReader) -> list[_Row]:
    teams = {t.name.strip().lower(): t for t in db.session.scalars(select(Team).options(joinedload(Team.district)))}
    districts = {d.name.strip().lower(): d for d in db.session.scalars(select(District))}
    problems = CsvProblems()
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    line_no = 1
    try:
        for line_no, record in enumerate(reader, start=2):
            if line_no - 1 > MAX_CASE_ROWS:
                problems.append(CsvProblem(line_no, "(file)", f"a file can hold at most {MAX_CASE_ROWS:,} rows"))
                break
            if None in record:
                problems.append(CsvProblem(line_no, "(row)", "this row has more cells than the header"))
                continue
            cells = {k: (v or "").strip() for k, v in record.items()}
            if not any(cells.values()):
                continue  # a blank line
            if too_long_cells(line_no, cells, problems):
                continue
            row = _check_row(line_no, cells, teams, districts, problems)
            if row is None:
                continue
            if row.reference in seen:
                problems.append(
                    CsvProblem(line_no, "reference", f"the reference {row.reference} is on row {seen[row.reference]} and row {line_no}")
                )
                continue
            seen[row.reference] = line_no
            rows.append(row)
    except csv.Error as error:
        problems.append(csv_error_problem(line_no + 1, error))
    if problems:
        raise CsvImportError(problems)
    if not rows:
        raise CsvImportError([CsvProblem(2, "(file)", "the file has no rows of cases")])
    return rows


def _check_row(line: int, cells: dict, teams: dict, districts: dict, problems: list) -> _Row | None:
    before = len(problems)

    def problem(column, message):
        problems.append(CsvProblem(line, column, message))

    reference = cells["reference"]
    if not reference:
        problem("reference", "enter the case reference")
    elif len(reference) > _REFERENCE_MAX:
        problem("reference", f"a reference can be at most {_REFERENCE_MAX} characters")

    service_type = None
    try:
        service_type = parse_service_type(cells["service_type"])
    except ValueError as error:
        problem("service_type", str(error))

    team = None
    team_text = cells["team"]
    if not team_text:
        problem("team", "enter the team's name, as on the Teams page")
    else:
        team = teams.get(team_text.lower())
        if team is None:
            problem("team", f"no team is called '{team_text}'; use a team's name as on the Teams page")
        elif not team.active:
            problem("team", f"the team '{team.name}' is inactive; reactivate it on the Teams page or use another team")
            team = None

    district_text = cells["district"]
    if not district_text:
        problem("district", "enter the district")
    elif district_text.lower() not in districts:
        problem("district", f"no district is called '{district_text}'; use one of {', '.join(sorted(d.name for d in districts.values()))}")
    elif team is not None and team.district.name.lower() != district_text.lower():
        problem("district", f"the team '{team.name}' is in {team.district.name}, not {district_text}")

    start = end = None
    if not cells["start_date"]:
        problem("start_date", "enter the date the case started")
    else:
        try:
            start = _parse_date(cells["start_date"])
        except ValueError as error:
            problem("start_date", str(error))
    if cells.get("end_date"):
        try:
            end = _parse_date(cells["end_date"])
        except ValueError as error:
            problem("end_date", str(error))
        else:
            if start is not None and end < start:
                problem("end_date", f"the end date ({end:%-d %B %Y}) is before the start date ({start:%-d %B %Y})")

    worker = cells.get("worker") or None
    if worker and len(worker) > _WORKER_MAX:
        problem("worker", f"the worker's name can be at most {_WORKER_MAX} characters")

    flags = []
    try:
        flags = parse_flags(cells.get("flags", ""))
    except ValueError as error:
        problem("flags", str(error))

    if len(problems) > before:
        return None
    return _Row(line, reference, service_type, team, start, end, worker, flags)


def _existing(references: list[str]) -> dict[str, Case]:
    found = {}
    for i in range(0, len(references), 500):
        chunk = references[i:i + 500]
        for case in db.session.scalars(select(Case).where(Case.reference.in_(chunk))):
            found[case.reference] = case
    return found


def _apply(rows: list[_Row], header: list[str]) -> dict:
    existing = _existing([r.reference for r in rows])
    added = updated = unchanged = 0
    now = utcnow()
    for row in rows:
        fields = {"service_type": row.service_type, "team_id": row.team.id, "start_date": row.start_date}
        # An optional column left out of the file leaves what is stored alone; a blank cell clears it.
        if "end_date" in header:
            fields["end_date"] = row.end_date
        if "worker" in header:
            fields["worker"] = row.worker
        if "flags" in header:
            fields["flags"] = row.flags
        case = existing.get(row.reference)
        if case is None:
            db.session.add(Case(reference=row.reference, imported_at=now, updated_at=now, **{"flags": [], **fields}))
            added += 1
            continue
        changed = {k: v for k, v in fields.items() if getattr(case, k) != v}
        if not changed:
            unchanged += 1
            continue
        for name, value in changed.items():
            setattr(case, name, value)
        case.updated_at = now
        updated += 1
    db.session.commit()
    return {"rows": len(rows), "added": added, "updated": updated, "unchanged": unchanged}


def import_cases_csv(raw: bytes) -> dict:
    """Import or update cases from a CSV exported from the case management system, all or nothing.

    Columns (a header row, in any order and case): reference, service_type, team,
    district, start_date, and optionally end_date, worker, flags. Every row is checked
    first; if anything is wrong nothing is saved and every problem is raised together in
    a CsvImportError. A case already held (by reference) is updated from its row. Returns
    {"rows", "added", "updated", "unchanged"}.
    """
    for attempt in (1, 2):
        try:
            reader, header = _read_header(raw)
            rows = _check_rows(reader)
            return _apply(rows, header)
        except CsvImportError:
            db.session.rollback()
            raise
        except IntegrityError:
            # The same file imported twice at once (a double submit): the other import
            # added these references first. Checked again, its rows are now updates.
            db.session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def example_csv() -> str:
    """A small file in the import format, with made-up references, using real teams where there are any."""
    teams = db.session.scalars(
        select(Team).options(joinedload(Team.district)).where(Team.active.is_(True)).order_by(Team.name).limit(2)
    ).all()
    names = [(t.name, t.district.name) for t in teams]
    while len(names) < 2:
        names.append(("Carlisle Safeguarding 1", "Carlisle"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CASE_CSV_COLUMNS)
    # Team names are typed by administrators: never written where a spreadsheet would run them.
    writer.writerow(csv_row(["EXAMPLE-0001", "CP", names[0][0], names[0][1], "2025-04-01", "", "Jo Example", "cse; missing"]))
    writer.writerow(csv_row(["EXAMPLE-0002", "CIN", names[1][0], names[1][1], "14/09/2024", "30/01/2025", "", ""]))
    return out.getvalue()


# --- Cohorts and the admin list ------------------------------------------------------------

COHORT_KEYS = {"service_types", "team_ids", "district_ids", "flags", "open_from", "open_to"}


def _as_date(value, key: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{key} must be a date like 2026-01-31, not {value!r}") from None


def _ids(values, key: str) -> list[int]:
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be a list of ids") from None


def _flag_clause(flags: list[str]):
    """Any of these flags, in SQL that SQLite and PostgreSQL both run: the JSON list's text holds '"key"'."""
    text = cast(Case.flags, String)
    return or_(*(text.like(f'%"{flag}"%') for flag in flags))


def _filtered(filter: dict):
    unknown = set(filter) - COHORT_KEYS
    if unknown:
        raise ValueError(f"unknown cohort filter key(s): {', '.join(sorted(unknown))}")
    query = select(Case).join(Case.team)
    service_types = list(filter.get("service_types") or [])
    team_ids = _ids(filter.get("team_ids") or [], "team_ids")
    district_ids = _ids(filter.get("district_ids") or [], "district_ids")
    flags = list(filter.get("flags") or [])
    open_from = _as_date(filter.get("open_from"), "open_from")
    open_to = _as_date(filter.get("open_to"), "open_to")
    if open_from and open_to and open_from > open_to:
        raise ValueError(f"open_from ({open_from}) is after open_to ({open_to})")
    if service_types:
        query = query.where(Case.service_type.in_(service_types))
    if team_ids:
        query = query.where(Case.team_id.in_(team_ids))
    if district_ids:
        query = query.where(Team.district_id.in_(district_ids))
    if flags:
        bad = [f for f in flags if f not in CASE_FLAGS]
        if bad:
            raise ValueError(f"unknown flag(s): {', '.join(bad)}")
        query = query.where(_flag_clause(flags))
    # Open at some point in [open_from, open_to]: started by the end, and not closed before the start.
    if open_to:
        query = query.where(Case.start_date <= open_to)
    if open_from:
        query = query.where(or_(Case.end_date.is_(None), Case.end_date >= open_from))
    return query, flags, open_from, open_to


def cohort(filter: dict) -> list[Case]:
    """The cases a round's cohort filter selects, ordered by reference.

    Keys (each optional; empty means no restriction): service_types, team_ids,
    district_ids, flags (any of them), open_from and open_to (ISO date strings or dates:
    the case was open at some point in the range). Unknown keys raise ValueError.
    """
    query, flags, open_from, open_to = _filtered(filter or {})
    cases = db.session.scalars(
        query.options(joinedload(Case.team).joinedload(Team.district)).order_by(Case.reference)
    ).unique().all()
    # The SQL narrowed it down; this is the rule itself, exactly.
    return [
        c for c in cases
        if (not flags or any(f in (c.flags or []) for f in flags)) and c.is_open_between(open_from, open_to)
    ]


@dataclass
class CasePage:
    cases: list[Case]
    total: int  # matching the filter
    open: int  # of those, still open
    all_cases: int  # in the whole system
    page: int
    pages: int
    per_page: int

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * self.per_page, self.total)


def list_cases(filter: dict, page: int = 1, per_page: int = 50, today: date | None = None) -> CasePage:
    """One page of the cases a filter selects (cohort keys), ordered by reference, with counts."""
    query, _, _, _ = _filtered(filter)
    ids = query.with_only_columns(Case.id).subquery()
    total = db.session.scalar(select(func.count()).select_from(ids))
    today = today or uk_today()
    still_open = db.session.scalar(
        select(func.count()).select_from(Case).where(
            Case.id.in_(select(ids.c.id)), or_(Case.end_date.is_(None), Case.end_date >= today)
        )
    )
    all_cases = db.session.scalar(select(func.count()).select_from(Case))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    cases = db.session.scalars(
        query.options(joinedload(Case.team).joinedload(Team.district))
        .order_by(Case.reference)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).unique().all()
    return CasePage(cases, total, still_open, all_cases, page, pages, per_page)
