"""The composite report of a multi-agency audit, as a page, a PDF (tagged, PDF/UA) and an
Excel workbook. The QA group reads every figure and the action plan action by action; the
agencies taking part and the partnership panel read the shared version (rules.may_read_report:
counts of 1-4 cases not shown, no case references)."""
from flask import abort, make_response, render_template
from flask_login import current_user

from app.core.access import roles_required
from app.core.clock import uk_today
from app.partnership import report as composite
from app.partnership import rules
from app.partnership.blueprint import bp
from app.partnership.views import EVERYONE, mround_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(round_id: int) -> composite.Composite:
    mround = mround_or_404(round_id)
    if not rules.may_read_report(current_user, mround.lead_auditor_id, [a.id for a in mround.agencies]):
        abort(403)
    protected = not rules.in_qa_group(current_user, mround.lead_auditor_id)
    return composite.build(mround, protected, uk_today())


def _filename(report: composite.Composite, ext: str) -> str:
    return f"multi-agency-audit-{report.mround.round_id}.{ext}"


@bp.route("/<int:round_id>/report")
@roles_required(*EVERYONE)
def report(round_id: int):
    data = _report(round_id)
    return render_template("partnership/report.html", report=data, m=data.mround,
                           may_write=current_user.has_role("admin") or current_user.id == data.mround.lead_auditor_id)


@bp.route("/<int:round_id>/report.pdf")
@roles_required(*EVERYONE)
def report_pdf(round_id: int):
    from app.core.pdf import write_pdf
    from app.reports.render import PDF_CSS, PDF_VARIANT

    data = _report(round_id)
    html = render_template("partnership/report_pdf.html", report=data, m=data.mround, today=uk_today())
    response = make_response(write_pdf(html, PDF_CSS, pdf_variant=PDF_VARIANT))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(data, "pdf")}"'
    return response


@bp.route("/<int:round_id>/report.xlsx")
@roles_required(*EVERYONE)
def report_xlsx(round_id: int):
    data = _report(round_id)
    response = make_response(composite.workbook(data))
    response.headers["Content-Type"] = XLSX
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(data, "xlsx")}"'
    return response
