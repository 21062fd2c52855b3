"""The plan register: the council's improvement plan (at /plan) and the safeguarding
partnership's business plan (at /plans/<key>). Everyone signed in reads them; admins edit them."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.forms import ConfirmForm
from app.auth.roles import ADMIN
from app.core.access import get_or_404, roles_required
from app.core.clock import uk_today
from app.core.db import db, utcnow
from app.core.periods import FREQUENCY_PERIOD_KIND, QUARTER, Period, recent_periods
from app.org import scope
from app.plan import monitoring, rules, services
from app.plan.forms import (
    ActionForm,
    KpiCsvForm,
    KpiForm,
    KpiLinkForm,
    KpiValueForm,
    MeasureForm,
    RecommendationForm,
)
from app.plan.models import ImpactMeasure, Kpi, Plan, PlanAction, Recommendation, RecommendationKpi
from app.reports import headline_figures

bp = Blueprint("plan", __name__)


MAIN = {"plan_key": rules.MAIN_PLAN}  # the improvement plan keeps its short addresses


def _partner() -> bool:
    return scope.scope_of(current_user).is_partner


def _readable(plan_key: str) -> None:
    """403 for a plan the person may not read (partner staff: only the partnership's)."""
    if not rules.may_read_plan(plan_key, _partner()):
        abort(403)


def _plan_or_404(plan_key: str) -> Plan:
    _readable(plan_key)
    return db.session.scalar(select(Plan).where(Plan.key == plan_key)) or abort(404)


def _item_or_404(plan_key: str, number: int) -> Recommendation:
    _readable(plan_key)
    return db.session.scalar(
        select(Recommendation).join(Plan).where(Plan.key == plan_key, Recommendation.number == number)
    ) or abort(404)


@bp.route("/plans")
@login_required
def register():
    today = uk_today()
    rows = [(plan, [a for r in plan.recommendations for a in r.actions],
             [a for r in plan.recommendations for a in r.overdue_actions(today)],
             sum(len(r.measures) for r in plan.recommendations))
            for plan in services.plans() if rules.may_read_plan(plan.key, _partner())]
    return render_template("plan/register.html", rows=rows)


@bp.route("/plan", defaults=MAIN)
@bp.route("/plans/<plan_key>")
@login_required
def index(plan_key: str):
    _readable(plan_key)
    plan = db.session.scalar(select(Plan).where(Plan.key == plan_key))
    if plan is None and plan_key != rules.MAIN_PLAN:
        abort(404)
    recs = services.recommendations(plan_key)
    return render_template("plan/index.html", plan=plan, recommendations=recs, today=uk_today(),
                           no_target=services.measures_without_target(recs),
                           others=[p for p in services.plans() if rules.may_read_plan(p.key, _partner())])


@bp.route("/plan/recommendations/<int:number>", defaults=MAIN)
@bp.route("/plans/<plan_key>/<int:number>")
@login_required
def recommendation(plan_key: str, number: int):
    rec = _item_or_404(plan_key, number)
    return render_template("plan/recommendation.html", rec=rec, today=uk_today(), confirm_form=ConfirmForm(),
                           from_audits=headline_figures.latest_figures(rec.kpis))


def _monitoring(plan_key: str) -> tuple[Plan, monitoring.Monitoring]:
    """The plan, and its monitoring for the quarter the address names (?quarter=Q3 2026-27; the
    current one by default). Not Found for a quarter that is not one."""
    plan = _plan_or_404(plan_key)
    today = uk_today()
    try:
        quarter = monitoring.quarter_of(request.args.get("quarter"), today)
    except ValueError:
        abort(404)
    return plan, monitoring.monitoring(plan, quarter, today)


@bp.route("/plan/monitoring", defaults=MAIN)
@bp.route("/plans/<plan_key>/monitoring")
@login_required
def monitoring_report(plan_key: str):
    """The plan's quarterly monitoring report: every action's status, overdue and changed."""
    plan, report = _monitoring(plan_key)
    today = uk_today()
    return render_template("plan/monitoring.html", plan=plan, report=report,
                           quarters=recent_periods(QUARTER, today, 8))


@bp.route("/plan/monitoring.pdf", defaults=MAIN)
@bp.route("/plans/<plan_key>/monitoring.pdf")
@login_required
def monitoring_pdf(plan_key: str):
    from app.core.pdf import write_pdf

    plan, report = _monitoring(plan_key)
    quarter = report.quarter
    # PDF/UA-1: tagged for screen readers, with its title and language, as the board report is.
    response = make_response(write_pdf(render_template("plan/pdf/monitoring.html", plan=plan, report=report),
                                       pdf_variant="pdf/ua-1"))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'inline; filename="{plan.key}-monitoring-{quarter.label.replace(" ", "-")}.pdf"')
    return response


@bp.route("/plan/kpis")
@login_required
def kpi_list():
    _readable(rules.MAIN_PLAN)  # the KPIs are the improvement plan's
    kpis = services.kpis()
    return render_template("plan/kpis.html", kpis=kpis, from_audits=headline_figures.latest_figures(kpis))


@bp.route("/plan/kpis/<int:kpi_id>")
@login_required
def kpi(kpi_id: int):
    _readable(rules.MAIN_PLAN)
    kpi = get_or_404(Kpi, kpi_id)
    flags = services.open_kpi_flags().get(kpi.id, [])
    # A KPI worked out from final audits shows its figures as the report does; nothing to enter.
    figures = headline_figures.kpi_figures(kpi) if kpi.from_audits else None
    return render_template("plan/kpi.html", kpi=kpi, flags=rules.flag_words(flags), confirm_form=ConfirmForm(),
                           computed=figures)


@bp.route("/plan/kpis/<int:kpi_id>/resolve-flags", methods=["POST"])
@roles_required(ADMIN)
def resolve_kpi_flags(kpi_id: int):
    kpi = get_or_404(Kpi, kpi_id)
    if ConfirmForm().validate_on_submit():
        services.resolve_kpi_flags(kpi, current_user, utcnow())
        flash(f"KPI {kpi.code}: the flags for the QA group are resolved.", "success")
    return redirect(url_for("plan.kpi", kpi_id=kpi.id))


# --- Editing the plan (admins) -------------------------------------------------


def _edit_page(form, title: str, back: str, obj=None):
    return render_template("plan/edit_form.html", form=form, title=title, back=back, obj=obj)


def item_url(rec: Recommendation) -> str:
    return url_for("plan.recommendation", plan_key=rec.plan.key, number=rec.number)


@bp.route("/plan/recommendations/<int:number>/edit", methods=["GET", "POST"], defaults=MAIN)
@bp.route("/plans/<plan_key>/<int:number>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_recommendation(plan_key: str, number: int):
    rec = _item_or_404(plan_key, number)
    form = RecommendationForm(obj=rec)
    back = item_url(rec)
    noun = rec.plan.item_noun
    if form.validate_on_submit():
        services.save_edit(rec, title=form.title.data.strip(), short_title=form.short_title.data.strip())
        flash(f"{noun} saved.", "success")
        return redirect(back)
    return _edit_page(form, f"Edit {noun.lower()} {rec.number}", back, obj=rec)


@bp.route("/plan/recommendations/<int:number>/actions/new", methods=["GET", "POST"], defaults=MAIN)
@bp.route("/plans/<plan_key>/<int:number>/actions/new", methods=["GET", "POST"])
@bp.route("/plan/actions/<int:action_id>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_action(plan_key: str | None = None, number: int | None = None, action_id: int | None = None):
    action = get_or_404(PlanAction, action_id) if action_id else None
    rec = action.recommendation if action else _item_or_404(plan_key, number)
    form = ActionForm(obj=action)
    back = item_url(rec)
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in ("number", "theme", "text", "owner", "due_date", "governance", "status")}
        fields.update(due_text=(form.due_text.data or "").strip() or None, achieved=(form.achieved.data or "").strip() or None)
        if action is None:
            action = PlanAction(recommendation=rec, position=services.next_position(rec.actions))
        if (action.status, action.achieved) != (fields["status"], fields["achieved"]):
            action.progress_changed_at = utcnow()
        services.save_edit(action, **fields)
        flash(f"Action {action.number} saved.", "success")
        return redirect(back + "#actions")
    title = f"Edit action {action.number}" if action else f"Add an action to {rec.plan.item_noun.lower()} {rec.number}"
    return _edit_page(form, title, back, obj=action)


@bp.route("/plan/recommendations/<int:number>/measures/new", methods=["GET", "POST"], defaults=MAIN)
@bp.route("/plans/<plan_key>/<int:number>/measures/new", methods=["GET", "POST"])
@bp.route("/plan/measures/<int:measure_id>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_measure(plan_key: str | None = None, number: int | None = None, measure_id: int | None = None):
    measure = get_or_404(ImpactMeasure, measure_id) if measure_id else None
    rec = measure.recommendation if measure else _item_or_404(plan_key, number)
    form = MeasureForm(
        data={
            "kind": measure.kind, "text": measure.text, "frequency": measure.frequency,
            "has_baseline": "yes" if measure.has_baseline else "no",
            "respondent_groups": measure.respondent_groups,
            "target_percent": rules.format_value(measure.target_percent, rules.UNIT_COUNT)
            if measure.target_percent is not None else "",
        } if measure else None
    )
    back = item_url(rec)
    if form.validate_on_submit():
        if measure is None:
            measure = ImpactMeasure(recommendation=rec, position=services.next_position(rec.measures))
        services.save_edit(
            measure,
            kind=form.kind.data,
            text=form.text.data.strip(),
            frequency=form.frequency.data,
            has_baseline=form.has_baseline.data == "yes",
            respondent_groups=list(form.respondent_groups.data or []) if form.kind.data == rules.FEEDBACK else [],
            target_percent=form.target_percent.number,
        )
        flash("Impact measure saved.", "success")
        return redirect(back + "#measures")
    return _edit_page(form, "Edit impact measure" if measure else
                      f"Add an impact measure to {rec.plan.item_noun.lower()} {rec.number}", back, obj=measure)


@bp.route("/plan/kpis/new", methods=["GET", "POST"])
@bp.route("/plan/kpis/<int:kpi_id>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_kpi(kpi_id: int | None = None):
    kpi = get_or_404(Kpi, kpi_id) if kpi_id else None
    form = KpiForm(data=_kpi_form_data(kpi))
    back = url_for("plan.kpi", kpi_id=kpi.id) if kpi else url_for("plan.kpi_list")
    if form.validate_on_submit():
        if kpi is None:
            kpi = Kpi()
        services.save_edit(
            kpi,
            code=form.code.data.strip(),
            description=form.description.data.strip(),
            direction=form.direction.data or None,
            unit=form.unit.data,
            frequency=form.frequency.data,
            baseline_text=(form.baseline_text.data or "").strip() or None,
            baseline_value=form.baseline_value.number,
            baseline_date=form.baseline_date.data,
            baseline_rag=form.baseline_rag.data or None,
            target_text=(form.target_text.data or "").strip() or None,
            target_value=form.target_value.number,
            target_date=form.target_date.data,
            amber_tolerance_pct=form.amber_tolerance_pct.number,
            note=(form.note.data or "").strip() or None,
        )
        flash(f"KPI {kpi.code} saved.", "success")
        return redirect(url_for("plan.kpi", kpi_id=kpi.id))
    return _edit_page(form, f"Edit KPI {kpi.code}" if kpi else "Add a KPI", back, obj=kpi)


def _kpi_form_data(kpi: Kpi | None) -> dict:
    if kpi is None:
        return {"amber_tolerance_pct": _number_text(rules.DEFAULT_AMBER_TOLERANCE_PCT)}
    fields = ("code", "description", "unit", "frequency", "baseline_text", "baseline_date", "target_text", "target_date", "note")
    data = {name: getattr(kpi, name) for name in fields}
    data.update(
        direction=kpi.direction or "",
        baseline_rag=kpi.baseline_rag or "",
        baseline_value=_number_text(kpi.baseline_value),
        target_value=_number_text(kpi.target_value),
        amber_tolerance_pct=_number_text(kpi.amber_tolerance_pct),
    )
    return data


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else str(value)


@bp.route("/plan/recommendations/<int:number>/kpis", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_kpi_links(number: int):
    rec = _item_or_404(rules.MAIN_PLAN, number)  # KPIs are the improvement plan's
    linked = {k.id for k in rec.kpis}
    form = KpiLinkForm()
    form.kpi_id.choices = [("", "Choose a KPI")] + [
        (str(k.id), f"{k.code}: {k.description}") for k in services.kpis() if k.id not in linked
    ]
    if form.validate_on_submit():
        kpi = get_or_404(Kpi, int(form.kpi_id.data))
        db.session.add(RecommendationKpi(recommendation=rec, kpi=kpi, position=services.next_position(rec.kpi_links)))
        db.session.commit()
        flash(f"KPI {kpi.code} is linked to recommendation {rec.number}.", "success")
        return redirect(url_for("plan.recommendation", number=number) + "#kpis")
    return render_template("plan/kpi_links.html", rec=rec, form=form, unlink_form=ConfirmForm())


@bp.route("/plan/recommendations/<int:number>/kpis/<int:kpi_id>/unlink", methods=["POST"])
@roles_required(ADMIN)
def edit_kpi_unlink(number: int, kpi_id: int):
    rec = _item_or_404(rules.MAIN_PLAN, number)
    link = db.session.get(RecommendationKpi, (rec.id, kpi_id)) or abort(404)
    if ConfirmForm().validate_on_submit():
        code = link.kpi.code
        db.session.delete(link)
        db.session.commit()
        flash(f"KPI {code} is no longer linked to recommendation {rec.number}. Its figures are kept.", "success")
    return redirect(url_for("plan.edit_kpi_links", number=number))


# --- KPI figures (admins) --------------------------------------------------------


@bp.route("/plan/figures")
@roles_required(ADMIN)
def figures():
    kpis = services.kpis()
    return render_template("plan/figures.html", kpis=kpis, from_audits=headline_figures.latest_figures(kpis))


@bp.route("/plan/figures/<int:kpi_id>", methods=["GET", "POST"])
@roles_required(ADMIN)
def figures_enter(kpi_id: int):
    kpi = get_or_404(Kpi, kpi_id)
    if kpi.from_audits:
        flash(f"KPI {kpi.code} is worked out from final audits: there is no figure to enter.", "important")
        return redirect(url_for("plan.kpi", kpi_id=kpi.id))
    form = KpiValueForm()
    periods = recent_periods(FREQUENCY_PERIOD_KIND[kpi.frequency], uk_today(), count=12)
    form.period.choices = [("", "Choose a period")] + [(p.label, p.long_label) for p in periods]
    if form.validate_on_submit():
        period = Period.parse(form.period.data)
        _, replaced = services.record_value(
            kpi, period, form.value.number, form.entered_rag.data or None, (form.note.data or "").strip(), current_user
        )
        db.session.commit()
        flash(
            f"{kpi.code} for {period.label}: {kpi.format(form.value.number)} saved"
            + (", replacing the earlier figure." if replaced else "."),
            "success",
        )
        return redirect(url_for("plan.kpi", kpi_id=kpi.id))
    return render_template("plan/figure_form.html", kpi=kpi, form=form)


@bp.route("/plan/figures/import", methods=["GET", "POST"])
@roles_required(ADMIN)
def figures_import():
    form = KpiCsvForm()
    problems = []
    if form.validate_on_submit():
        try:
            result = services.import_values_csv(form.file.data.read(), current_user)
        except services.CsvImportError as error:
            problems = error.problems
        else:
            flash(
                f"{result['imported']} figures imported"
                + (f" ({result['replaced']} replaced earlier figures)." if result["replaced"] else "."),
                "success",
            )
            return redirect(url_for("plan.figures"))
    status = 400 if problems or form.errors else 200
    return render_template("plan/figures_import.html", form=form, problems=problems, columns=services.CSV_COLUMNS), status
