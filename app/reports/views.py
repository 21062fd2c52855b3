"""Report pages: published reports and the draft chooser; a report as HTML, PDF, Excel and
CSV; publishing. Drafts are worked out from live data; a published report is rendered only
from its frozen figures. Admins publish; QA viewers, moderators and admins read."""
from datetime import date, timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.access import get_or_404, roles_required
from app.core.clock import local_datetime, uk_today
from app.core.db import db
from app.core.periods import HALF, QUARTER, YEAR, Period, recent_periods
from app.org import scope
from app.org.models import District, Locality
from app.reports import kept_renders, render
from app.reports.models import FULL_REPORT, PublishedReport
from app.reports.services import COUNTY, ReportData, build_report

bp = Blueprint("reports", __name__, url_prefix="/reports")

READERS = ("admin", "qa_viewer", "moderator")
PUBLISHERS = ("admin",)


class PublishForm(FlaskForm):
    """CSRF only: the period and area travel in the query string."""


def _period_choices(today: date) -> list[tuple[str, str]]:
    periods = recent_periods(HALF, today, 6) + recent_periods(YEAR, today, 3) + recent_periods(QUARTER, today, 8)
    return [(p.label, p.long_label) for p in periods]


def _area_choices() -> list[tuple[str, str]]:
    """The areas the person may read: all of them for the county, or only their locality or district."""
    return [(key, COUNTY if key == "county" else name) for key, name in scope.areas_in(_scope())]


def _scope() -> scope.Scope:
    return scope.scope_of(current_user)


def _may_read(district_id: int | None, locality_id: int | None) -> None:
    """403 for a report of an area outside the person's scope (the county's, for someone narrowed)."""
    if not scope.may_see_area(_scope(), district_id, locality_id):
        abort(403)


def _chosen() -> tuple[Period, str, int | None, int | None]:
    """The period and area from the query string; 404 for anything that is not one."""
    try:
        period = Period.parse(request.args.get("period") or Period.containing(uk_today(), HALF).label)
    except ValueError:
        abort(404)
    area = request.args.get("area") or _scope().area_key or "county"
    district_id = locality_id = None
    kind, _, ident = area.partition(":")
    if kind == "district" and ident.isdigit() and db.session.get(District, int(ident)):
        district_id = int(ident)
    elif kind == "locality" and ident.isdigit() and db.session.get(Locality, int(ident)):
        locality_id = int(ident)
    elif area != "county":
        abort(404)
    _may_read(district_id, locality_id)
    return period, area, district_id, locality_id


def _draft() -> tuple[ReportData, dict]:
    # A draft is worked out from live data: its feedback figures move when one person
    # answers, so nobody who hands out invites reads one (published reports are frozen).
    from app.feedback.services import hands_out_invites

    if hands_out_invites(current_user):
        abort(403)
    period, area, district_id, locality_id = _chosen()
    return build_report(period, district_id=district_id, locality_id=locality_id), {"period": period.label, "area": area}


def _published(report_id: int) -> tuple[ReportData, dict, PublishedReport]:
    row = get_or_404(PublishedReport, report_id)
    _may_read(row.district_id, row.locality_id)
    meta = {"published_by": row.published_by_name, "published_at": local_datetime(row.published_at), "id": row.id}
    return ReportData.from_dict(row.figures), meta, row


def _file(body: bytes | str, mimetype: str, filename: str):
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _slug(report: ReportData) -> str:
    return "report-" + "-".join(report.period.lower().split()) + ("" if report.area == COUNTY else "-" + "-".join(report.area.lower().split()))


@bp.get("/")
@roles_required(*READERS)
def index():
    rows = [r for r in db.session.scalars(select(PublishedReport).order_by(PublishedReport.published_at.desc(),
                                                                           PublishedReport.id.desc()))
            if scope.may_see_area(_scope(), r.district_id, r.locality_id)]
    from app.feedback.services import hands_out_invites

    return render_template("reports/index.html", published=rows, periods=_period_choices(uk_today()),
                           drafts=not hands_out_invites(current_user),
                           areas=_area_choices(), default_period=Period.containing(uk_today(), HALF).previous().label)


@bp.get("/draft")
@roles_required(*READERS)
def draft():
    report, args = _draft()
    existing = _published_full(report.period, args["area"])
    period = Period.parse(report.period)
    can_publish = current_user.has_role(*PUBLISHERS) and existing is None
    publish_url = url_for("reports.publish", **args) if can_publish and _ended(period) else None
    not_yet = f"{period.end + timedelta(days=1):%-d %B %Y}" if can_publish and not _ended(period) else None
    return render.render_html(report, None, publish_url=publish_url, form=PublishForm(), existing=existing,
                              publish_from=not_yet)


def _published_full(period: str, area: str) -> PublishedReport | None:
    """The whole report published for a period and area (not a board's pack of it)."""
    return db.session.scalar(select(PublishedReport).where(
        PublishedReport.period == period, PublishedReport.area_key == area, PublishedReport.edition == FULL_REPORT))


def _ended(period: Period) -> bool:
    """Only a period that is over is published: its figures are then complete."""
    return period.end < uk_today()


@bp.get("/draft.pdf")
@roles_required(*READERS)
def draft_pdf():
    report, _ = _draft()
    return _file(kept_renders.pdf(report, today=uk_today()), "application/pdf", f"{_slug(report)}-draft.pdf")


@bp.get("/draft.xlsx")
@roles_required(*READERS)
def draft_xlsx():
    report, _ = _draft()
    return _file(render.render_xlsx(report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 f"{_slug(report)}-draft.xlsx")


@bp.get("/draft/tables.zip")
@roles_required(*READERS)
def draft_zip():
    report, _ = _draft()
    return _file(render.tables_zip(report), "application/zip", f"{_slug(report)}-draft-tables.zip")


@bp.get("/draft/tables/<table_id>.csv")
@roles_required(*READERS)
def draft_csv(table_id):
    report, _ = _draft()
    table = report.table(table_id) or abort(404)
    return _file(render.table_csv(table), "text/csv; charset=utf-8", f"{table_id}.csv")


@bp.post("/publish")
@roles_required(*PUBLISHERS)
def publish():
    if not PublishForm().validate_on_submit():
        abort(400)
    period, area, district_id, locality_id = _chosen()
    if not _ended(period):
        flash(f"{period.label} has not ended: publish it from {period.end + timedelta(days=1):%-d %B %Y}.", "error")
        return redirect(url_for("reports.draft", period=period.label, area=area))
    existing = _published_full(period.label, area)
    if existing is not None:  # a second click, or someone else first: the one report stands
        flash("This report was already published; it has not been changed.", "success")
        return redirect(url_for("reports.published", report_id=existing.id))
    report = build_report(period, district_id=district_id, locality_id=locality_id)
    row = PublishedReport(period=period.label, kind=period.kind, district_id=district_id, locality_id=locality_id,
                          area_key=area, title=report.title, figures=report.to_dict(), published_by_id=current_user.id,
                          published_by_name=current_user.name)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _published_full(period.label, area)
        return redirect(url_for("reports.published", report_id=existing.id))
    flash("Report published. Its figures are frozen: the board pack will not change.", "success")
    return redirect(url_for("reports.published", report_id=row.id))


@bp.get("/<int:report_id>")
@roles_required(*READERS)
def published(report_id):
    report, meta, _ = _published(report_id)
    return render.render_html(report, meta)


@bp.get("/<int:report_id>.pdf")
@roles_required(*READERS)
def published_pdf(report_id):
    report, meta, _ = _published(report_id)
    return _file(kept_renders.pdf(report, meta, today=uk_today()), "application/pdf", f"{_slug(report)}.pdf")


@bp.get("/<int:report_id>.xlsx")
@roles_required(*READERS)
def published_xlsx(report_id):
    report, meta, _ = _published(report_id)
    return _file(render.render_xlsx(report, meta), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 f"{_slug(report)}.xlsx")


@bp.get("/<int:report_id>/tables.zip")
@roles_required(*READERS)
def published_zip(report_id):
    report, _, _ = _published(report_id)
    return _file(render.tables_zip(report), "application/zip", f"{_slug(report)}-tables.zip")


@bp.get("/<int:report_id>/tables/<table_id>.csv")
@roles_required(*READERS)
def published_csv(report_id, table_id):
    report, _, _ = _published(report_id)
    table = report.table(table_id) or abort(404)
    return _file(render.table_csv(table), "text/csv; charset=utf-8", f"{table_id}.csv")
