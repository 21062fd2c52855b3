"""The report's workbook and CSV files read back as a spreadsheet user would: numbers are
numbers with formats, intervals two columns, suppressed cells words, readable sheet names,
frozen headings, a Contents sheet linking to every sheet; CSV the same figures, plain."""
import csv
import io
from datetime import datetime

from conftest import page
from openpyxl import load_workbook

from app.reports import table_export
from app.reports.rules import Cell, Proportion, Table, count, interval_cell, share_cell, text
from reports.conftest import sheet
from reports.test_report import DRAFT, fixed_now, html_rows, reader  # noqa: F401  (fixtures)

XLSX = "/reports/draft.xlsx?period=H1+2026-27"
S = "Suppressed (fewer than 5)"


def workbook(reader):
    return load_workbook(io.BytesIO(reader.get(XLSX).data))


def printed(reader, table_id: str, first: str) -> list[str]:
    """A row of the HTML report as people read it: the figures the workbook must hold."""
    return next(r for r in html_rows(page(reader.get(DRAFT)), table_id) if r[0] == first)


def share(words: str) -> float:
    return int(words.rstrip("%")) / 100


def test_shares_are_percentages_counts_integers_and_suppressed_cells_words(reader):
    ws = sheet(workbook(reader), "rec-2")
    shown = printed(reader, "rec-2", ws["A3"].value)  # "67%", "30% to 90%", "6" in the hand-built dataset
    low_words, high_words = shown[3].split(" to ")
    this, low, high, behind = ws["C3"], ws["D3"], ws["E3"], ws["F3"]
    assert (this.value, this.data_type, this.number_format) == (share(shown[2]), "n", "0%")
    assert (low.value, high.value) == (share(low_words), share(high_words))
    assert low.number_format == high.number_format == "0%"
    assert behind.value == int(shown[4]) and isinstance(behind.value, int) and behind.number_format == "#,##0"
    suppressed = ws["C5"]
    assert suppressed.value == S and suppressed.data_type == "s"
    assert [ws.cell(row=5, column=c).value for c in range(3, 7)] == [S, S, S, S]  # nothing to subtract from


def test_headings_are_frozen_and_columns_wide_enough(reader):
    ws = sheet(workbook(reader), "rec-2")
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2" and ws.page_setup.orientation == "landscape"  # printed: headings on each page
    assert ws["A2"].font.b and ws["A1"].value == "Recommendation 2: impact measures and KPIs"
    measure = ws.column_dimensions["A"].width
    assert 40 <= measure <= 60  # long measure names, capped: they wrap
    assert ws["A3"].alignment.wrap_text
    assert 8 <= ws.column_dimensions["C"].width <= 30  # "Suppressed (fewer than 5)" fits


def test_the_contents_sheet_comes_first_and_links_to_every_sheet(reader):
    wb = workbook(reader)
    contents = wb.worksheets[0]
    assert contents.title == "Contents"
    assert contents["A1"].value == "Improvement plan report H1 2026-27"
    links = [row for row in contents.iter_rows(min_row=1) if row[0].hyperlink is not None]
    assert [row[0].value for row in links] == wb.sheetnames[1:]
    for row in links:
        assert row[0].hyperlink.location == f"'{row[0].value}'!A1"
        assert wb[row[0].value]["A1"].value == row[1].value  # the link's title is the sheet's title
    assert {"Rec 2 measures & KPIs", "Exceptions", "Judgements by district", "Safeguarding alerts"} <= set(wb.sheetnames)


def test_dates_are_dates(reader, dataset):
    ws = sheet(workbook(reader), "you-said-we-did")
    assert ws["C3"].value == datetime(2026, 8, 3) and ws["C3"].number_format == "d mmmm yyyy"


def test_the_csv_has_the_same_figures_plain(reader):
    rows = list(csv.reader(io.StringIO(reader.get("/reports/draft/tables/rec-2.csv?period=H1+2026-27")
                                       .get_data(as_text=True))))
    assert rows[0][2:5] == ["This period", "95% interval: lower", "95% interval: upper"]
    shown = printed(reader, "rec-2", rows[1][0])
    low_words, high_words = shown[3].split(" to ")
    assert rows[1][2:6] == [shown[2].rstrip("%"), low_words.rstrip("%"), high_words.rstrip("%"), shown[4]]  # 67 for 67%
    assert rows[1][1] == "Audit measure" and rows[1][-1] == shown[-1]
    assert rows[3][2:6] == [S, S, S, S]


# --- The rules, without a request ---------------------------------------------------------------

def test_a_cell_is_written_as_the_report_prints_it():
    table = Table("t", "A table", ["Measure", "Share", "95% interval", "Number", "Rate", "When", "Note"])
    table.rows.append([text("=1+1"), share_cell(Proportion(5, 11)), interval_cell(Proportion(5, 11)), count(1234),
                       Cell(2.3, "2.3%"), Cell("2026-07-31", "Due 31 July 2026"), Cell(3, "3 (50%)")])
    (line,) = table_export.rows(table)
    values = [o.value for o in line]
    # 5 of 11 is 45.45...%: printed 45%, so stored 0.45, never 0.455 (which a spreadsheet shows as 46%)
    assert values[1] == 0.45 and line[1].number_format == "0%"
    assert values[2:4] == [0.21, 0.72]
    assert values[4] == 1234 and line[4].number_format == "#,##0"
    assert values[5] == 0.023 and line[5].number_format == "0.0%"
    assert values[6].isoformat() == "2026-07-31"
    assert values[7] == "3 (50%)"  # words that say more than the number stay words
    assert table_export.csv_rows(table)[1][1:8] == [45, 21, 72, 1234, 2.3, "2026-07-31", "3 (50%)"]


def test_a_report_published_before_reads_the_same():
    """Published figures are frozen JSON: an interval stored as "30-90" still gives two shares."""
    old = Table.from_dict({"id": "x", "title": "Old", "columns": ["Share", "95% interval"],
                           "rows": [[{"value": 66.7, "text": "67%", "suppressed": False, "rag": None},
                                     {"value": "30-90", "text": "30% to 90%", "suppressed": False, "rag": None}]]})
    assert [o.value for o in table_export.rows(old)[0]] == [0.67, 0.3, 0.9]


def test_sheet_names_are_short_titles_unique_and_legal():
    tables = [Table("rec-1", "Recommendation 1: impact measures and KPIs", []),
              Table("exceptions", "Exceptions: Red or worse than last period", []),
              Table("overdue", "Plan actions overdue, by recommendation", []),
              Table("a", "Judgements by district (after moderation)", []),
              Table("b", "Judgements by district [old]/new", []),
              Table("c", "Contents", [])]
    names = table_export.sheet_names(tables)
    assert names["rec-1"] == "Rec 1 measures & KPIs"
    assert names["exceptions"] == "Exceptions"
    assert names["overdue"] == "Plan actions overdue"
    assert names["a"] == "Judgements by district"
    assert names["b"] != names["a"] and not set("[]:*?/\\") & set(names["b"])
    assert names["c"].lower() != "contents"
    assert all(len(n) <= 31 for n in names.values())
