"""The report as an Excel workbook (openpyxl): a Contents sheet first (what the report is,
how its figures are stored, and a link to each table's sheet), then one sheet per table
with its title, a frozen header row, numbers stored as numbers with their formats (see
app.reports.table_export) and columns wide enough to read. Text is never a formula."""
from __future__ import annotations

import io

from app.core.spreadsheet import neutralise_excel_row
from app.reports import rules, table_export

MIN_WIDTH, MAX_WIDTH = 8, 60
HOW_STORED = ("Shares are stored as percentages (67% is the number 0.67) exactly as the report prints them; "
              "a 95% interval is two columns, its lower and upper bound; counts are whole numbers and dates are "
              "dates. A suppressed figure is the words 'Suppressed (fewer than ...)' and holds no number.")


def write(report, status: str) -> bytes:
    """`report` is a ReportData; `status` says whether it is a draft or published, by whom."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    wb = Workbook()
    contents = wb.active
    contents.title = "Contents"
    contents.append([report.title])
    contents.append(["Period", report.period_long])
    contents.append(["Area", report.area])
    contents.append(["Status", status])
    contents.append(["Suppression", rules.suppressed_text(report.threshold) + ": figures about children, young people, "
                     "parents and carers from fewer respondents are not shown"])
    contents.append(["Figures", HOW_STORED])
    contents.append([])
    contents.append(["Sheet", "Table", "The same table as a CSV file"])
    heading_row = contents.max_row
    names = table_export.sheet_names(report.tables)
    for t in report.tables:
        contents.append([names[t.id], t.title, f"{t.id}.csv"])
        link = contents.cell(row=contents.max_row, column=1)
        quoted = names[t.id].replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1", display=names[t.id])
        link.style = "Hyperlink"
    for row in contents.iter_rows():
        neutralise_excel_row(row)  # the title and area hold names someone typed
    contents["A1"].font = Font(bold=True, size=14)
    for cell in contents[heading_row]:
        cell.font = Font(bold=True)
    contents.column_dimensions["A"].width = 34
    contents.column_dimensions["B"].width = 70
    contents.column_dimensions["C"].width = 30
    for row in contents.iter_rows(min_row=2, max_row=heading_row - 1, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    for t in report.tables:
        _table_sheet(wb.create_sheet(names[t.id]), t, Font, Alignment)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _table_sheet(ws, table: rules.Table, Font, Alignment) -> None:
    from openpyxl.utils import get_column_letter

    ws.append([table.title])
    ws["A1"].font = Font(bold=True)
    header = table_export.header(table)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(len(name), 18) for name in header]  # headings wrap
    lines = table_export.rows(table)
    for r, line in enumerate(lines, start=3):  # rows by number: ws.max_row is worked out afresh each time
        cells = []
        for c, o in enumerate(line, start=1):
            cell = ws.cell(row=r, column=c, value=o.value)
            if o.number_format:
                cell.number_format = o.number_format
            cells.append(cell)
            shown = len(o.value) if isinstance(o.value, str) else 12 if o.kind == "date" else len(str(o.value)) + 2
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], shown)
        neutralise_excel_row(cells)  # words someone typed, never a formula
    last = 2 + len(lines)
    if table.note:
        ws.cell(row=last + 2, column=1, value=table.note)
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        if width + 2 > MAX_WIDTH:  # long words wrap within the column
            for r in range(3, last + 1):
                ws.cell(row=r, column=i).alignment = wrap
    ws.freeze_panes = "A3"  # the title and the column headings stay in view
    # Printed for a board pack: landscape, as wide as the page, headings on every page.
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
