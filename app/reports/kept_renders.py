"""A closed period's report PDF, kept while nothing in it would change. WeasyPrint takes
seconds to lay out a county's pack, however quickly the figures are found.

The PDF is kept with a digest of everything it is made from: the report's data (every
figure, table, chart and paragraph, all but the moment it was worked out), the published
report's details, and the layout (the templates, the PDF stylesheet and the code that
renders them). Any change to one of them makes it again. A kept draft says it was worked
out at the moment it was made: its figures are the same now.
"""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from app.core.periods import Period
from app.reports import render
from app.reports.period_store import area_key, kept_file
from app.reports.report_data import ReportData

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = [ROOT / "templates", render.PDF_CSS, Path(render.__file__), ROOT / "app" / "core" / "pdf.py"]
PDF, PUBLISHED_PDF = "pdf", "pdf-published"


def pdf(report: ReportData, published: dict | None = None, *, today: date) -> bytes:
    """`render.render_pdf(report, published)`, kept for a closed period."""
    data = report.to_dict()
    data.pop("generated_at")
    return kept_file(PUBLISHED_PDF if published else PDF, Period.parse(report.period),
                     area_key(report.district_id, report.locality_id),
                     report.threshold, today=today, inputs=lambda: [data, published, layout_digest()],
                     make=lambda: render.render_pdf(report, published))


_file_digests: dict[Path, tuple[tuple[int, int], str]] = {}


def layout_digest() -> str:
    """A digest of the layout's files: each read again only when it changed on disk."""
    digest = hashlib.sha256()
    for path in _files():
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = _file_digests.get(path)
        if known is None or known[0] != stamp:
            known = _file_digests[path] = (stamp, hashlib.sha256(path.read_bytes()).hexdigest())
        digest.update(f"{path.relative_to(ROOT)}:{known[1]}\n".encode())
    return digest.hexdigest()


def _files() -> list[Path]:
    out = []
    for entry in LAYOUT:
        out += sorted(p for p in entry.rglob("*") if p.is_file()) if entry.is_dir() else [entry]
    return out
