"""Cells written to CSV and Excel files that people open in a spreadsheet.

A spreadsheet runs a cell that starts with = + - or @ (and, in some, a tab or carriage
return before one) as a formula: a team name or a case reference imported from elsewhere
could then fetch a web address or run a command on the reader's machine. Every text cell
we write that starts so is neutralised: in CSV with a leading apostrophe (shown as text,
as spreadsheets do for typed text), in Excel stored as text with the quote-prefix style.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_a_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """The value for a CSV cell: text that a spreadsheet would run gets a leading apostrophe."""
    return "'" + value if starts_like_a_formula(value) else value


def csv_row(values) -> list:
    return [csv_cell(v) for v in values]


def neutralise_excel_row(cells) -> None:
    """Make openpyxl cells holding formula-like text plain text (never a formula)."""
    for cell in cells:
        if starts_like_a_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
