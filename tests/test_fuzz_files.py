"""The files administrators load, fuzzed (Hypothesis): audit tools and questionnaires as
YAML, cases and KPI figures as CSV. Whatever the file holds, the answer is the loaded
thing or the loader's own error with a message (DataFileError, CsvImportError); never
another exception, and a refused CSV changes nothing in the database.

The YAML examples are the seed files themselves with a line changed, cut or repeated, or
a stray character typed, since a real mistake is a small change to a good file; plus any
text at all. The CSV examples mix good and awkward cells under a shuffled header.
"""
import csv
import io
from pathlib import Path

import pytest
from audits.conftest import make_team  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.audits.case_service import import_cases_csv
from app.audits.models import Case
from app.audits.tools import TOOLS_DIR, load_tool_text
from app.core.datafile import DataFileError
from app.core.db import db
from app.feedback.questionnaires import load_questionnaire_text
from app.plan.models import KpiValue
from app.plan.services import CsvImportError, import_values_csv

ROOT = Path(__file__).resolve().parents[1]
TOOL_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(TOOLS_DIR.glob("*.yaml"))]
SURVEY_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "surveys").glob("*.yaml"))]
STRAY = ["", ":", "- ", "  ", "\t", "&a", "*a", "!!python/object:os.system", "[", "{", "'", '"', "#", "%", "@",
         "null", "~", "yes", "-1", "1e999", "\x00", "key: x", "    - key: y", "😀"]

FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def damaged(draw, texts):
    """A seed file with a small mistake in it."""
    lines = draw(st.sampled_from(texts)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["replace", "cut", "repeat", "insert", "indent", "dedent"]))
        if how == "replace":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(STRAY) | st.text(max_size=8)) + line[at + draw(st.integers(0, 6)):]
        elif how == "cut":
            del lines[i]
        elif how == "repeat":
            lines.insert(i, lines[i])
        elif how == "insert":
            lines.insert(i, draw(st.sampled_from(STRAY) | st.text(max_size=30)))
        elif how == "indent":
            lines[i] = "  " + lines[i]
        else:
            lines[i] = lines[i].lstrip()
        if not lines:
            lines = [""]
    return "\n".join(lines)


def _loads_or_explains(load, text):
    try:
        load(text, "fuzzed.yaml")
    except DataFileError as error:
        assert str(error).startswith("fuzzed.yaml"), str(error)
        assert all(problem.strip() for problem in error.problems)


@FUZZ
@given(text=damaged(TOOL_TEXTS) | st.text(max_size=300))
def test_an_audit_tool_file_loads_or_says_what_is_wrong(text):
    _loads_or_explains(load_tool_text, text)


@FUZZ
@given(text=damaged(SURVEY_TEXTS) | st.text(max_size=300))
def test_a_questionnaire_file_loads_or_says_what_is_wrong(text):
    _loads_or_explains(load_questionnaire_text, text)


CELLS = ["", " ", "CP", "CIN", "XX", "Carlisle Safeguarding 1", "Carlisle", "Nowhere", "2026-01-05", "2026-02-30",
         "05/01/2026", "1 January 2026", "cse", "cse;missing", "nonsense-flag", "REF-1", "REF-1", "x" * 300, "\x00",
         "=cmd|' /C calc'!A0", "Q1 2025-26", "H1 2025-26", "2025-26", "Q9 2025-26", "12", "12.5", "-3", "1e309",
         "NaN", "green", "Amber", "purple", "\u202e", "😀"]


@st.composite
def csv_file(draw, columns, extra_columns=("date_of_birth", "nonsense", "")):
    header = draw(st.permutations(columns)).copy()
    header = header[: draw(st.integers(max(1, len(header) - 2), len(header)))]
    if draw(st.integers(0, 4)) == 0:
        header.append(draw(st.sampled_from(extra_columns)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([h.upper() if draw(st.booleans()) and h else h for h in header])
    for _ in range(draw(st.integers(0, 6))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, -1, 1]))
        writer.writerow([draw(st.sampled_from(CELLS) | st.text(max_size=12)) for _ in range(max(0, width))])
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding, "replace")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def teams(make_team):
    make_team("Carlisle Safeguarding 1", "Carlisle")


@FUZZ
@given(raw=csv_file(["reference", "service_type", "team", "district", "start_date", "end_date", "worker", "flags"]))
def test_a_case_file_imports_whole_or_not_at_all(teams, raw):
    before = _count(Case)
    try:
        result = import_cases_csv(raw)
    except CsvImportError as error:
        assert len(error.problems) >= 1 and all(str(p) for p in error.problems)
        assert _count(Case) == before, "a refused file changes nothing"
    else:
        assert _count(Case) == before + result["added"]


@FUZZ
@given(raw=csv_file(["kpi", "period", "value", "rag", "note"]))
def test_a_kpi_figures_file_imports_whole_or_not_at_all(plan, make_user, raw):
    before = _count(KpiValue)
    try:
        import_values_csv(raw, None)
    except CsvImportError as error:
        assert len(error.problems) >= 1 and all(str(p) for p in error.problems)
        assert _count(KpiValue) == before, "a refused file changes nothing"
