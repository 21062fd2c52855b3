"""Cases pages (administrators): the list with filters, one case, and the CSV import."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SubmitField

from app.audits import case_service
from app.audits.models import CASE_FLAGS, SERVICE_TYPES, Audit, Case
from app.audits.states import STATES
from app.audits.views.blueprint import bp
from app.auth.roles import ADMIN
from app.core.access import get_or_404, roles_required
from app.core.db import db
from app.org.models import District, Team

PER_PAGE = 50


class CaseCsvForm(FlaskForm):
    file = FileField(
        "Upload a CSV file",
        widget=GovFileInput(),
        validators=[FileRequired(message="Choose a CSV file"), FileAllowed(["csv"], message="The file must be a CSV file")],
    )
    submit = SubmitField("Import cases", widget=GovSubmitInput())


def _int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _filters_from(args) -> tuple[dict, dict]:
    """The list's GET parameters as a cohort filter, ignoring values that name nothing,
    and the values to show back in the filter form."""
    service_type = args.get("service_type", "")
    service_type = service_type if service_type in SERVICE_TYPES else ""
    team_id = _int_or_none(args.get("team"))
    district_id = _int_or_none(args.get("district"))
    flags = [f for f in args.getlist("flag") if f in CASE_FLAGS]
    filter = {}
    if service_type:
        filter["service_types"] = [service_type]
    if team_id:
        filter["team_ids"] = [team_id]
    if district_id:
        filter["district_ids"] = [district_id]
    if flags:
        filter["flags"] = flags
    chosen = {"service_type": service_type, "team": team_id, "district": district_id, "flag": flags}
    return filter, chosen


def _page_items(current: int, pages: int) -> list[int | None]:
    """Page numbers to link: the first, the last, and those beside the current one (None is a gap)."""
    wanted = sorted({1, pages, current - 1, current, current + 1} & set(range(1, pages + 1)))
    items, last = [], 0
    for n in wanted:
        if n - last > 1:
            items.append(None)
        items.append(n)
        last = n
    return items


@bp.route("/admin/cases")
@roles_required(ADMIN)
def cases():
    filter, chosen = _filters_from(request.args)
    result = case_service.list_cases(filter, page=_int_or_none(request.args.get("page")) or 1, per_page=PER_PAGE)
    query = {k: v for k, v in chosen.items() if v}

    def page_url(n):
        return url_for("audits.cases", **query, page=n) if n > 1 else url_for("audits.cases", **query)

    pagination = None
    if result.pages > 1:
        pagination = {
            "items": [
                {"ellipsis": True} if n is None else {"number": n, "href": page_url(n), "current": n == result.page}
                for n in _page_items(result.page, result.pages)
            ],
            "previous": {"href": page_url(result.page - 1)} if result.page > 1 else None,
            "next": {"href": page_url(result.page + 1)} if result.page < result.pages else None,
        }
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    districts = db.session.scalars(select(District).order_by(District.name)).all()
    return render_template(
        "audits/cases/list.html",
        result=result,
        chosen=chosen,
        filtered=bool(filter),
        pagination=pagination,
        teams=teams,
        districts=districts,
        service_types=SERVICE_TYPES,
        case_flags=CASE_FLAGS,
    )


@bp.route("/admin/cases/<int:case_id>")
@roles_required(ADMIN)
def case(case_id: int):
    case = get_or_404(Case, case_id)
    audits = db.session.scalars(
        select(Audit)
        .where(Audit.case_id == case.id)
        .options(joinedload(Audit.round), joinedload(Audit.auditor), joinedload(Audit.tool_version))
        .order_by(Audit.id)
    ).all()
    return render_template(
        "audits/cases/case.html", case=case, audits=audits, states=STATES, case_flags=CASE_FLAGS
    )


@bp.route("/admin/cases/import", methods=["GET", "POST"])
@roles_required(ADMIN)
def case_import():
    form = CaseCsvForm()
    problems = []
    if form.validate_on_submit():
        try:
            result = case_service.import_cases_csv(form.file.data.read())
        except case_service.CsvImportError as error:
            problems = error.problems
        else:
            flash(_import_message(result), "success")
            return redirect(url_for("audits.cases"))
    status = 400 if problems or form.errors else 200
    return render_template(
        "audits/cases/import.html",
        form=form,
        problems=problems,
        columns=case_service.CASE_CSV_COLUMNS,
        service_types=SERVICE_TYPES,
        case_flags=CASE_FLAGS,
        max_rows=case_service.MAX_CASE_ROWS,
    ), status


def _import_message(result: dict) -> str:
    def cases(n):
        return f"{n} case{'' if n == 1 else 's'}"

    return (
        f"{cases(result['rows'])} imported: {result['added']} added, {result['updated']} updated, "
        f"{result['unchanged']} unchanged."
    )


@bp.route("/admin/cases/import/example.csv")
@roles_required(ADMIN)
def case_import_example():
    return Response(
        case_service.example_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=example-cases.csv"},
    )
