"""Cases from the case management system: the CSV import (all or nothing, by reference
only), the cohort a round samples from, and the demo cases. On the real database."""
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.audits import case_service
from app.audits.case_service import (
    CsvImportError,
    cohort,
    import_cases_csv,
)
from app.audits.models import Case
from app.demo.audits import DEMO_CASES, add_cases
from app.core.db import db
from app.org.models import District, Team

HEADER = "reference,service_type,team,district,start_date,end_date,worker,flags"


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


def case_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Case))


def by_ref(reference: str) -> Case:
    db.session.expire_all()
    return db.session.scalar(select(Case).where(Case.reference == reference))


def problems_of(excinfo) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in excinfo.value.problems}


def messages_of(excinfo) -> list[str]:
    return [p.message for p in excinfo.value.problems]


@pytest.fixture
def teams(make_team):
    carlisle = make_team("Carlisle Safeguarding 1", "Carlisle", "safeguarding")
    eden = make_team("Eden Family Support", "Eden", "safeguarding")
    leavers = make_team("Carlisle Care Leavers", "Carlisle", "care_leavers")
    closed = make_team("Old Allerdale Team", "Allerdale", "safeguarding")
    closed.active = False
    db.session.commit()
    return {"carlisle": carlisle, "eden": eden, "leavers": leavers, "closed": closed}


# --- A good file -----------------------------------------------------------------------------


def test_a_good_file_is_imported_with_its_dates_flags_and_teams(teams):
    raw = csv_bytes(
        "CM-1001,CP,Carlisle Safeguarding 1,Carlisle,2025-04-01,,Jo Worker,cse; homeless 16-17",
        "CM-1002,cin,eden family support,EDEN,14/09/2024,30/01/2025,,",
        "CM-1003,care leaver,Carlisle Care Leavers,Carlisle,01/02/2023,,A. Hughes,Missing|PRIVATE_FOSTERING",
    )
    result = import_cases_csv(raw)
    assert result == {"rows": 3, "added": 3, "updated": 0, "unchanged": 0}
    assert case_count() == 3

    first = by_ref("CM-1001")
    assert (first.service_type, first.team_id, first.start_date, first.end_date, first.worker) == (
        "CP", teams["carlisle"].id, date(2025, 4, 1), None, "Jo Worker"
    )
    assert first.flags == ["cse", "homeless_16_17"]
    second = by_ref("CM-1002")
    assert (second.service_type, second.team_id, second.start_date, second.end_date, second.worker, second.flags) == (
        "CIN", teams["eden"].id, date(2024, 9, 14), date(2025, 1, 30), None, []
    )
    third = by_ref("CM-1003")
    assert (third.service_type, third.start_date) == ("CL", date(2023, 2, 1))
    assert third.flags == ["private_fostering", "missing"]  # stored in the fixed order of CASE_FLAGS


def test_the_header_may_be_in_any_order_and_case_and_leave_out_optional_columns(teams):
    raw = csv_bytes(
        "Carlisle,2026-01-05,Carlisle Safeguarding 1,EH,CM-2001",
        header="District,Start Date,TEAM,service-type,Reference",
    )
    assert import_cases_csv(raw)["added"] == 1
    case = by_ref("CM-2001")
    assert (case.service_type, case.district.name, case.end_date, case.worker, case.flags) == ("EH", "Carlisle", None, None, [])


def test_flag_names_and_keys_are_both_accepted(teams):
    raw = csv_bytes(
        "CM-1,CLA,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,Child sexual exploitation ; connected person",
        "CM-2,CWD,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,transition|transition",
    )
    import_cases_csv(raw)
    assert by_ref("CM-1").flags == ["cse", "connected_person"]
    assert by_ref("CM-2").flags == ["transition"]


def test_a_byte_order_mark_is_accepted(teams):
    raw = "\ufeff".encode("utf-8") + csv_bytes("CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,Zoë Worker,")
    assert import_cases_csv(raw)["added"] == 1
    assert by_ref("CM-1").worker == "Zoë Worker"


# --- Importing again ---------------------------------------------------------------------------


def test_importing_again_updates_cases_by_reference_and_counts_what_changed(teams):
    import_cases_csv(csv_bytes(
        "CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,Jo Worker,cse",
        "CM-2,CIN,Eden Family Support,Eden,2025-02-01,,Sam Worker,",
        "CM-3,CIN,Eden Family Support,Eden,2025-03-01,,,",
    ))
    before = {c.reference: (c.imported_at, c.updated_at) for c in db.session.scalars(select(Case))}

    result = import_cases_csv(csv_bytes(
        "CM-1,CLA,Eden Family Support,Eden,2024-12-01,2026-01-31,New Worker,missing",  # everything changed
        "CM-2,CIN,Eden Family Support,Eden,01/02/2025,,Sam Worker,",  # the same, in the other date format
        "CM-4,EH,Carlisle Safeguarding 1,Carlisle,2026-01-01,,,",  # new
    ))
    assert result == {"rows": 3, "added": 1, "updated": 1, "unchanged": 1}
    assert case_count() == 4

    one = by_ref("CM-1")
    assert (one.service_type, one.team_id, one.start_date, one.end_date, one.worker, one.flags) == (
        "CLA", teams["eden"].id, date(2024, 12, 1), date(2026, 1, 31), "New Worker", ["missing"]
    )
    assert one.imported_at == before["CM-1"][0]
    assert one.updated_at > before["CM-1"][1]
    assert by_ref("CM-2").updated_at == before["CM-2"][1]
    assert by_ref("CM-3").service_type == "CIN"  # not in the file: left alone


def test_a_blank_cell_clears_but_a_missing_optional_column_keeps_what_is_stored(teams):
    import_cases_csv(csv_bytes("CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,2025-06-30,Jo Worker,cse"))

    result = import_cases_csv(csv_bytes(
        "CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01", header="reference,service_type,team,district,start_date"
    ))
    assert result["unchanged"] == 1
    case = by_ref("CM-1")
    assert (case.end_date, case.worker, case.flags) == (date(2025, 6, 30), "Jo Worker", ["cse"])

    result = import_cases_csv(csv_bytes("CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,"))
    assert result["updated"] == 1
    case = by_ref("CM-1")
    assert (case.end_date, case.worker, case.flags) == (None, None, [])


def test_the_same_file_imported_twice_at_once_adds_each_case_once(teams, monkeypatch):
    """A double submit: the other request added the case between this one's check and its save."""
    raw = csv_bytes("CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,Jo Worker,")
    import_cases_csv(raw)
    real = case_service._existing
    calls = []

    def stale_first_time(references):
        calls.append(references)
        return {} if len(calls) == 1 else real(references)

    monkeypatch.setattr(case_service, "_existing", stale_first_time)
    assert import_cases_csv(raw) == {"rows": 1, "added": 0, "updated": 0, "unchanged": 1}
    assert len(calls) == 2
    assert case_count() == 1


# --- Bad files: every problem, nothing saved -----------------------------------------------------


def test_every_bad_row_is_listed_with_its_row_and_column_and_nothing_is_saved(teams, make_case):
    make_case("CM-0001", service_type="CP", team=teams["carlisle"], worker="Kept Worker")
    raw = csv_bytes(
        "CM-0001,CIN,Carlisle Safeguarding 1,Carlisle,2025-01-01,,Changed Worker,",  # 2: fine, an update
        "CM-0002,CP,Nowhere Team,Carlisle,2025-01-01,,,",  # 3: unknown team
        "CM-0003,CP,Carlisle Safeguarding 1,Eden,2025-01-01,,,",  # 4: district mismatch
        "CM-0004,CP,Carlisle Safeguarding 1,Carlisle,31 Jan 2025,,,",  # 5: bad start date
        "CM-0005,XX,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,",  # 6: bad service type
        "CM-0006,CP,Carlisle Safeguarding 1,Carlisle,2025-03-01,2025-02-28,,",  # 7: ends before it starts
        "CM-0007,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,cse; gangs",  # 8: unknown flag
        "CM-0008,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,",  # 9: fine
        "CM-0008,CIN,Eden Family Support,Eden,2025-01-01,,,",  # 10: duplicate of row 9
        "CM-0009,CP,Old Allerdale Team,Allerdale,2025-01-01,,,",  # 11: inactive team
        "CM-0010,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,2025-13-01,,",  # 12: bad end date
        ",CP,Carlisle Safeguarding 1,Carlisle,,,,",  # 13: no reference, no start date
    )
    before = case_count()
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(raw)
    assert problems_of(excinfo) == {
        (3, "team"), (4, "district"), (5, "start_date"), (6, "service_type"), (7, "end_date"), (8, "flags"),
        (10, "reference"), (11, "team"), (12, "end_date"), (13, "reference"), (13, "start_date"),
    }
    text = {(p.row, p.column): p.message for p in excinfo.value.problems}
    assert "no team is called 'Nowhere Team'" in text[(3, "team")]
    assert text[(4, "district")] == "the team 'Carlisle Safeguarding 1' is in Carlisle, not Eden"
    assert "'31 Jan 2025' is not a date" in text[(5, "start_date")]
    assert "'XX' is not a service type" in text[(6, "service_type")]
    assert text[(7, "end_date")] == "the end date (28 February 2025) is before the start date (1 March 2025)"
    assert text[(8, "flags")].startswith("'gangs' is not a flag")
    assert text[(10, "reference")] == "the reference CM-0008 is on row 9 and row 10"
    assert "is inactive" in text[(11, "team")]
    assert str(excinfo.value.problems[0]).startswith("Row 3, column 'team': ")

    assert case_count() == before == 1
    kept = by_ref("CM-0001")
    assert (kept.service_type, kept.worker) == ("CP", "Kept Worker")


def test_an_unknown_district_is_named(teams):
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(csv_bytes("CM-1,CP,Carlisle Safeguarding 1,Penrith,2025-01-01,,,"))
    assert problems_of(excinfo) == {(2, "district")}
    assert messages_of(excinfo)[0].startswith("no district is called 'Penrith'; use one of Allerdale, Barrow, Carlisle")


@pytest.mark.parametrize(
    "column", ["name", "first_name", "surname", "child_name", "dob", "date_of_birth", "nhs_number", "address", "postcode",
               "Date of Birth", "NHS Number", "Post-code"],
)
def test_a_column_for_a_childs_personal_details_refuses_the_whole_file(teams, column):
    raw = csv_bytes(
        "CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,,Someone",
        header=HEADER + "," + column,
    )
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(raw)
    key = column.strip().lower().replace("-", " ").replace(" ", "_")
    assert messages_of(excinfo) == [
        f"this file has a column for a child's personal details ({key}); remove it: cases are stored by reference only"
    ]
    assert problems_of(excinfo) == {(1, key)}
    assert "Someone" not in str(excinfo.value)
    assert case_count() == 0


def test_every_personal_details_column_is_named(teams):
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(csv_bytes("CM-1,A Child,2012-01-01,CP", header="reference,child_name,dob,service_type"))
    assert problems_of(excinfo) == {(1, "child_name"), (1, "dob")}
    assert case_count() == 0


def test_a_file_that_is_not_utf8_is_refused(teams):
    raw = csv_bytes("CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,Zoë Worker,", encoding="cp1252")
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(raw)
    assert messages_of(excinfo) == ["the file is not UTF-8 text; save it as 'CSV UTF-8' and try again"]
    assert case_count() == 0


def test_unknown_and_missing_columns_are_named(teams):
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(csv_bytes("CM-1,CP,Carlisle Safeguarding 1,2025-01-01,x", header="reference,service_type,team,start_date,colour"))
    assert problems_of(excinfo) == {(1, "colour"), (1, "district")}
    text = {p.column: p.message for p in excinfo.value.problems}
    assert text["colour"].startswith("unknown column; use reference, service_type, team, district")
    assert text["district"] == "this column is missing from the header row"


def test_a_row_with_more_cells_than_the_header_is_refused(teams):
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(csv_bytes("CM-1,CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,,,extra"))
    assert problems_of(excinfo) == {(2, "(row)")}


@pytest.mark.parametrize("raw", [b"", HEADER.encode() + b"\r\n", HEADER.encode() + b"\r\n,,,,,,,\r\n\r\n"])
def test_an_empty_file_is_refused(teams, raw):
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(raw)
    assert len(excinfo.value.problems) == 1
    assert "empty" in messages_of(excinfo)[0] or "no rows of cases" in messages_of(excinfo)[0]


def test_a_file_over_the_row_limit_is_refused(teams, monkeypatch):
    monkeypatch.setattr(case_service, "MAX_CASE_ROWS", 3)
    lines = [f"CM-{n},CP,Carlisle Safeguarding 1,Carlisle,2025-01-01,,," for n in range(4)]
    with pytest.raises(CsvImportError) as excinfo:
        import_cases_csv(csv_bytes(*lines))
    assert messages_of(excinfo) == ["a file can hold at most 3 rows"]
    assert case_count() == 0


# --- The cohort a round samples from --------------------------------------------------------------


@pytest.fixture
def cases(teams, make_case):
    c, e, leavers = teams["carlisle"], teams["eden"], teams["leavers"]
    made = [
        make_case("R-01", "CP", c, ["cse"], date(2025, 1, 1), None),  # open throughout
        make_case("R-02", "CIN", c, [], date(2024, 1, 1), date(2025, 5, 31)),  # closed before the range
        make_case("R-03", "CP", e, ["missing", "cse"], date(2025, 7, 1), None),  # opened after the range
        make_case("R-04", "CIN", e, ["private_fostering"], date(2025, 6, 15), date(2025, 6, 20)),  # within
        make_case("R-05", "CL", leavers, ["homeless_16_17"], date(2023, 1, 1), date(2025, 6, 1)),  # closes on the first day
        make_case("R-06", "CP", c, [], date(2025, 6, 30), None),  # opens on the last day
    ]
    return {m.reference: m for m in made}


def refs(found) -> list[str]:
    return [c.reference for c in found]


def test_an_empty_filter_is_every_case_in_reference_order(cases):
    assert refs(cohort({})) == ["R-01", "R-02", "R-03", "R-04", "R-05", "R-06"]


def test_cohort_by_service_type(cases):
    assert refs(cohort({"service_types": ["CIN", "CL"]})) == ["R-02", "R-04", "R-05"]


def test_cohort_by_team_and_by_district(cases, teams):
    assert refs(cohort({"team_ids": [teams["eden"].id]})) == ["R-03", "R-04"]
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    assert refs(cohort({"district_ids": [carlisle.id]})) == ["R-01", "R-02", "R-05", "R-06"]
    assert refs(cohort({"district_ids": [str(carlisle.id)]})) == ["R-01", "R-02", "R-05", "R-06"]


def test_cohort_by_any_of_the_flags(cases):
    assert refs(cohort({"flags": ["cse"]})) == ["R-01", "R-03"]
    assert refs(cohort({"flags": ["missing", "homeless_16_17"]})) == ["R-03", "R-05"]
    assert refs(cohort({"flags": ["transition"]})) == []


def test_cohort_open_at_some_point_in_the_range(cases):
    june = {"open_from": "2025-06-01", "open_to": "2025-06-30"}
    assert refs(cohort(june)) == ["R-01", "R-04", "R-05", "R-06"]
    assert refs(cohort({"open_from": date(2025, 6, 1), "open_to": date(2025, 6, 30)})) == refs(cohort(june))
    # Open-ended ranges.
    assert refs(cohort({"open_from": "2025-06-02"})) == ["R-01", "R-03", "R-04", "R-06"]
    assert refs(cohort({"open_to": "2024-12-31"})) == ["R-02", "R-05"]
    assert refs(cohort({"open_from": None, "open_to": ""})) == refs(cohort({}))


def test_cohort_filters_combine(cases, teams):
    found = cohort({
        "service_types": ["CP", "CIN"], "team_ids": [teams["carlisle"].id, teams["eden"].id],
        "flags": ["cse", "private_fostering"], "open_from": "2025-06-01", "open_to": "2025-06-30",
    })
    assert refs(found) == ["R-01", "R-04"]
    assert all(c.is_open_between(date(2025, 6, 1), date(2025, 6, 30)) for c in found)


@pytest.mark.parametrize(
    "bad", [{"service_type": ["CP"]}, {"open_from": "1 June 2025"}, {"flags": ["gangs"]},
            {"open_from": "2025-07-01", "open_to": "2025-06-01"}, {"team_ids": ["x"]}],
)
def test_a_filter_that_names_nothing_is_refused(cases, bad):
    with pytest.raises(ValueError):
        cohort(bad)


# --- Demo cases ------------------------------------------------------------------------------------


@pytest.fixture
def demo_teams(make_team):
    from app.demo import DEMO_TEAMS

    return {name: make_team(name, district, area) for district, specs in DEMO_TEAMS.items() for name, area in specs}


def _demo_snapshot():
    db.session.expire_all()
    return [
        (c.reference, c.service_type, c.team.name, c.start_date, c.end_date, c.worker, tuple(c.flags))
        for c in db.session.scalars(select(Case).order_by(Case.reference))
    ]


def test_demo_cases_fit_their_teams_and_are_deterministic_and_added_once(demo_teams):
    today = date(2026, 3, 1)
    add_cases(random.Random(7), today)
    first = _demo_snapshot()
    assert len(first) == DEMO_CASES == 300
    assert first[0][0] == "DEMO-000001"
    fits = {"safeguarding": {"CIN", "CP"}, "cla": {"CLA"}, "care_leavers": {"CL"}, "early_help": {"EH"}, "cwd": {"CWD"}, "hub": {"CIN"}}
    for ref, service_type, team_name, start, end, _worker, _flags in first:
        assert service_type in fits[demo_teams[team_name].service_area], ref
        assert today - timedelta(days=3 * 365) <= start <= today
        assert end is None or start < end <= today
    closed = sum(1 for row in first if row[4] is not None)
    assert 60 <= closed <= 120  # about 30%
    assert 10 <= sum(1 for row in first if row[6]) <= 90  # a few flags

    add_cases(random.Random(7), today)
    assert _demo_snapshot() == first  # run again: nothing added or changed

    db.session.execute(Case.__table__.delete().where(Case.reference >= "DEMO-000150"))
    db.session.commit()
    add_cases(random.Random(7), today)
    assert _demo_snapshot() == first  # the same seed gives back the same cases


def test_demo_cases_skip_a_missing_team(make_team):
    make_team("Carlisle Safeguarding 1", "Carlisle", "safeguarding")
    add_cases(random.Random(1), date(2026, 3, 1))
    teams = set(db.session.scalars(select(Team.name).join(Case, Case.team_id == Team.id)))
    assert teams == {"Carlisle Safeguarding 1"}
    assert 15 <= case_count() <= 30
