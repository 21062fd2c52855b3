"""Turning `ReportData` into HTML, PDF, an Excel workbook and CSV files. Every format is
made from the same tables, so a suppressed cell reads the same everywhere. Callable from
a script inside an app context (for timing): `render_html`, `render_pdf`, `render_xlsx`."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

from flask import render_template, url_for
from markupsafe import Markup

from app.core.clock import local_datetime
from app.core.spreadsheet import csv_row
from app.reports import pack, rules, table_export
from app.reports.services import ReportData

PDF_CSS = Path(__file__).with_name("report_pdf.css")
PDF_VARIANT = "pdf/ua-1"


def _context(report: ReportData, published: dict | None) -> dict:
    charts = {c.id: Markup(rules.chart_svg(c)) for c in report.charts}
    # A report published before the summary existed gets one from its own frozen tables.
    summary = report.summary or (pack.build_summary(report) if report.sections else None)
    return {"report": report, "published": published, "charts": charts, "summary": summary,
            "tables": {t.id: t for t in report.tables},
            "generated": local_datetime(datetime.fromisoformat(report.generated_at))}


def area_key(report: ReportData) -> str:
    if report.district_id:
        return f"district:{report.district_id}"
    if report.locality_id:
        return f"locality:{report.locality_id}"
    return "county"


def download_links(report: ReportData, published_id: int | None = None) -> dict:
    """The report's downloads: the draft's (from its period and area) or a published report's."""
    if published_id is None:
        args = {"period": report.period, "area": area_key(report)}
        return {"pdf": url_for("reports.draft_pdf", **args), "xlsx": url_for("reports.draft_xlsx", **args),
                "zip": url_for("reports.draft_zip", **args),
                "csv": {t.id: url_for("reports.draft_csv", table_id=t.id, **args) for t in report.tables}}
    return {"pdf": url_for("reports.published_pdf", report_id=published_id),
            "xlsx": url_for("reports.published_xlsx", report_id=published_id),
            "zip": url_for("reports.published_zip", report_id=published_id),
            "csv": {t.id: url_for("reports.published_csv", report_id=published_id, table_id=t.id) for t in report.tables}}


def render_html(report: ReportData, published: dict | None = None, **extra) -> str:
    """The report page. Needs a request context (for links); `published` is {"id",
    "published_by", "published_at"} for a published report, None for a draft."""
    extra.setdefault("links", download_links(report, published["id"] if published else None))
    extra.setdefault("title", report.title)
    for name in ("publish_url", "form", "existing", "publish_from"):
        extra.setdefault(name, None)
    return render_template("reports/report.html", **_context(report, published), **extra)


def render_pdf(report: ReportData, published: dict | None = None) -> bytes:
    from app.core.pdf import write_pdf

    body, appendices = pack.pack_layout(report)
    html = render_template("reports/pdf/report.html", **_context(report, published), body=body, appendices=appendices,
                           appendix_of=lambda table_id: pack.appendix_of(appendices, table_id),
                           print_style=pack.print_style, new_page=pack.NEW_PAGE)
    # PDF/UA-1: tagged (headings, tables, lists) for screen readers, with its title and language.
    return write_pdf(html, PDF_CSS, pdf_variant=PDF_VARIANT)


def sheet_names(report: ReportData) -> dict[str, str]:
    """Each table's sheet name in the workbook: its title, shortened (app.reports.table_export)."""
    return table_export.sheet_names(report.tables)


def render_xlsx(report: ReportData, published: dict | None = None) -> bytes:
    from app.reports import workbook

    status = (f"Published on {published['published_at']} by {published['published_by']}" if published
              else f"Draft, worked out on {local_datetime(datetime.fromisoformat(report.generated_at))} from live data")
    return workbook.write(report, status)


def table_csv(table: rules.Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table_export.csv_rows(table):
        writer.writerow(csv_row(row))  # a spreadsheet must not run a cell as a formula
    return out.getvalue()


def tables_zip(report: ReportData) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for t in report.tables:
            z.writestr(f"{t.id}.csv", table_csv(t))
    return out.getvalue()
