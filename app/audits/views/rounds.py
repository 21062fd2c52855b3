"""Audit round pages (administrators): the list, a new round, the round itself (its
preview before confirmation, its audits after), confirm, assign, spread evenly, and the
sample size calculator."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, ValidationError

from app.core.clock import uk_today
from app.audits import round_service, round_summary, sampling
from app.audits.models import CASE_FLAGS, SERVICE_TYPES, Audit, AuditRound
from app.audits.round_service import CONFIDENCE_WORDS, METHOD_HINTS, RoundError
from app.audits.states import STATES
from app.audits.views.blueprint import bp
from app.auth.models import User
from app.auth.roles import ADMIN
from app.core.access import get_or_404, roles_required
from app.core.forms import DayMonthYear
from app.core.db import db
from app.org.models import District, Team


class RoundForm(FlaskForm):
    name = StringField(
        "Name of the round",
        description="For example, Six-monthly CP dip sample",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a name for the round"), Length(max=round_service.NAME_MAX)],
    )
    tool_version_id = SelectField("Audit tool", widget=GovSelect(), choices=[], validate_choice=False)
    service_types = SelectMultipleField(
        "Service types",
        description="Leave them all unticked for every service type.",
        widget=GovCheckboxesInput(),
        choices=[(code, f"{label} ({code})") for code, label in SERVICE_TYPES.items()],
    )
    team_ids = SelectMultipleField(
        "Teams", description="Leave them all unticked for every team.", widget=GovCheckboxesInput(), coerce=int, choices=[]
    )
    district_ids = SelectMultipleField(
        "Districts", description="Leave them all unticked for every district.", widget=GovCheckboxesInput(), coerce=int, choices=[]
    )
    flags = SelectMultipleField(
        "Flags",
        description="Only cases with any of the flags you tick. Leave them all unticked for cases with or without flags.",
        widget=GovCheckboxesInput(),
        choices=list(CASE_FLAGS.items()),
    )
    open_from = DayMonthYear("Open on or after", "Cases open at some time on or after this date. For example, 1 10 2025. Leave blank for no limit.")
    open_to = DayMonthYear("Open on or before", "Cases open at some time on or before this date. Leave blank for no limit.")
    sample_spec = StringField(
        "Sample size",
        description="A number of cases, such as 20, or a share of the cohort, such as 10%",
        widget=GovTextInput(),
    )
    method = RadioField(
        "How the sample is drawn",
        widget=GovRadioInput(),
        choices=[(m, sampling.METHOD_LABELS[m]) for m in sampling.METHODS],
        default=sampling.STRATIFIED,
        validators=[InputRequired(message="Choose how the sample is drawn")],
    )
    seed = StringField(
        "Seed (optional)",
        description="Leave blank for a new one; the same seed always draws the same cases. It is recorded with the round, so anyone can check the draw.",
        widget=GovTextInput(),
    )
    due_date = DayMonthYear("Audits due by", "For example, 30 4 2026")
    exclude_own_team = RadioField(
        "Stop auditors auditing their own team's cases?",
        widget=GovRadioInput(),
        choices=[("yes", "Yes"), ("no", "No")],
        default="yes",
        validators=[InputRequired(message="Say whether auditors may audit their own team's cases")],
    )

    def validate_tool_version_id(self, field):
        if len(field.choices) <= 1:
            raise ValidationError(
                "There is no published audit tool to use: publish one on the Audit tools page before creating a round"
            )
        if not field.data:
            raise ValidationError("Choose the audit tool")
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("That version of the audit tool is no longer published: choose one from the list")

    def validate_sample_spec(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter the sample size, as a number of cases (such as 20) or a percentage (such as 10%)")

    def validate_due_date(self, field):
        if field.errors:
            return
        if field.data is None:
            raise ValidationError("Enter the date the audits are due by")
        if field.data < uk_today():
            raise ValidationError("The date the audits are due by must be today or later")


class ConfirmForm(FlaskForm):
    sample = HiddenField()


class AssignForm(FlaskForm):
    auditor_id = SelectField("Auditor", widget=GovSelect(), choices=[], validate_choice=False)


class SpreadForm(FlaskForm):
    auditors = SelectMultipleField(
        "Auditors to share the unassigned audits between",
        description="Each gets about the same number, counting the audits they already have in this round.",
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
    )

    def validate_auditors(self, field):
        if not field.data:
            raise ValidationError("Choose at least one auditor to share the audits between")


class SampleSizeForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    cohort = StringField(
        "Number of cases in the cohort",
        description="For example, the number of open child protection cases",
        widget=GovTextInput(),
    )
    margin = StringField(
        "Margin of error, in percentage points",
        description="How close you need the answer to be. 5 means the true figure is within 5 points either side of what the audits show; 10 is a rougher guide that needs fewer audits.",
        widget=GovTextInput(),
        default="10",
    )
    confidence = RadioField(
        "How sure you need to be",
        widget=GovRadioInput(),
        choices=[(str(level), f"{level}%: right {words}") for level, words in CONFIDENCE_WORDS.items()],
        default="95",
        validate_choice=False,
    )

    def validate_confidence(self, field):
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Choose how sure you need to be: 90%, 95% or 99%")


def _field_error(form: FlaskForm, error: RoundError, default: str) -> None:
    name = error.field if error.field in form._fields else default
    form[name].errors = [*form[name].errors, error.message]


def _team_choices():
    teams = db.session.scalars(select(Team).options(joinedload(Team.district)).order_by(Team.name)).all()
    return [(t.id, f"{t.name} ({t.district.name}{'' if t.active else ', inactive'})") for t in teams]


@bp.route("/audit-rounds")
@roles_required(ADMIN)
def rounds():
    return render_template(
        "audits/rounds/list.html",
        rounds=round_service.rounds(),
        progress=round_service.progress(),
    )


@bp.route("/audit-rounds/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def round_new():
    versions = round_service.published_versions()
    form = RoundForm()
    newest, published = {}, {}
    for v in versions:  # newest version of each tool first
        newest.setdefault(v.tool_id, v.id)
        published[v.tool_id] = published.get(v.tool_id, 0) + 1
    form.tool_version_id.choices = [("", "Choose an audit tool" if versions else "No published audit tool")] + [
        (str(v.id), v.label + (" (newest)" if newest[v.tool_id] == v.id and published[v.tool_id] > 1 else "")) for v in versions
    ]
    form.team_ids.choices = _team_choices()
    form.district_ids.choices = [(d.id, d.name) for d in db.session.scalars(select(District).order_by(District.name))]
    if form.validate_on_submit():
        chosen = next((v for v in versions if str(v.id) == form.tool_version_id.data), None)
        try:
            round_ = round_service.create_round(
                name=form.name.data,
                tool_version=chosen,
                cohort_filter={
                    "service_types": form.service_types.data or [],
                    "team_ids": form.team_ids.data or [],
                    "district_ids": form.district_ids.data or [],
                    "flags": form.flags.data or [],
                    "open_from": form.open_from.data,
                    "open_to": form.open_to.data,
                },
                sample_spec=form.sample_spec.data,
                method=form.method.data,
                seed=form.seed.data,
                due_date=form.due_date.data,
                exclude_own_team=form.exclude_own_team.data == "yes",
                user=current_user._get_current_object(),
            )
        except RoundError as error:
            db.session.rollback()
            _field_error(form, error, "service_types")
        else:
            flash(f"Round '{round_.name}' created. Check its sample, then confirm it.", "success")
            return redirect(url_for("audits.round", round_id=round_.id))
    status = 400 if form.errors else 200
    return render_template(
        "audits/rounds/new.html", form=form, versions=versions, method_hints=METHOD_HINTS
    ), status


def _render_round(round_: AuditRound, status: int = 200, form: FlaskForm | None = None, assign_error: dict | None = None):
    context = {
        "round": round_,
        "filter_rows": round_service.describe_filter(round_.cohort_filter),
        "method_label": sampling.METHOD_LABELS.get(round_.method, round_.method),
        "states": STATES,
        "form": form,
        "assign_error": assign_error or {},
    }
    if not round_.confirmed:
        try:
            drawn = round_service.preview(round_)
        except RoundError as error:
            context.update(preview=None, preview_error=error.message)
        else:
            context.update(preview=drawn, preview_error=None, confirm_form=ConfirmForm(formdata=None, sample=drawn.fingerprint))
    else:
        audits = round_service.round_audits(round_)
        people = round_service.auditors()
        spread_form = form if isinstance(form, SpreadForm) else SpreadForm(formdata=None)
        spread_form.auditors.choices = [(u.id, _person_label(u)) for u in people]
        context.update(
            audits=audits,
            eligible={a.id: round_service.eligible_auditors(a, people) for a in audits},
            spread_form=spread_form,
            unassigned=sum(1 for a in audits if a.auditor_id is None and a.editable),
            people=people,
            person_label=_person_label,
        )
        summary = round_summary.points(round_)
        context.update(summary=summary, summary_kinds=round_summary.KINDS,
                       summary_labels=round_summary.labels_for([p for ps in summary.values() for p in ps]))
    return render_template("audits/rounds/round.html", **context), status


def _person_label(user: User) -> str:
    return f"{user.name} ({user.team.name})" if user.team else user.name


@bp.route("/audit-rounds/<int:round_id>", endpoint="round")
@roles_required(ADMIN)
def round_page(round_id: int):
    return _render_round(get_or_404(AuditRound, round_id))


@bp.route("/audit-rounds/<int:round_id>/confirm", methods=["POST"])
@roles_required(ADMIN)
def round_confirm(round_id: int):
    round_ = get_or_404(AuditRound, round_id)
    form = ConfirmForm()
    try:
        round_service.confirm(round_, current_user._get_current_object(), (form.sample.data or "").strip() or None)
    except RoundError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("audits.round", round_id=round_.id))
    db.session.refresh(round_)
    n = round_.sample_size or 0
    # The same message for a second click: the sample is confirmed either way.
    flash(
        f"Sample confirmed: {n} audit{'' if n == 1 else 's'} created. Now give them to auditors.",
        "success",
    )
    return redirect(url_for("audits.round", round_id=round_.id) + "#audits")


@bp.route("/audit-rounds/<int:round_id>/audits/<int:audit_id>/assign", methods=["POST"])
@roles_required(ADMIN)
def round_assign(round_id: int, audit_id: int):
    round_ = get_or_404(AuditRound, round_id)
    audit = get_or_404(Audit, audit_id)
    if audit.round_id != round_.id:
        abort(404)
    form = AssignForm()
    form.validate_on_submit()
    raw = (form.auditor_id.data or "").strip()
    auditor = None
    try:
        if raw:
            auditor = db.session.get(User, int(raw)) if raw.isdigit() else None
            if auditor is None:
                raise RoundError("Choose an auditor from the list", "auditor_id")
        changed = round_service.assign(audit, auditor)
    except RoundError as error:
        db.session.rollback()
        form.auditor_id.id = f"auditor-{audit.id}"
        form.auditor_id.errors = [error.message]
        return _render_round(round_, 400, form=form, assign_error={audit.id: error.message})
    if changed:
        who = f"given to {auditor.name}" if auditor else "no longer assigned to anyone"
        flash(f"The audit of case {audit.case.reference} is {who}.", "success")
    return redirect(url_for("audits.round", round_id=round_.id) + f"#audit-{audit.id}")


@bp.route("/audit-rounds/<int:round_id>/spread", methods=["POST"])
@roles_required(ADMIN)
def round_spread(round_id: int):
    round_ = get_or_404(AuditRound, round_id)
    form = SpreadForm()
    people = round_service.auditors()
    form.auditors.choices = [(u.id, _person_label(u)) for u in people]
    if not form.validate_on_submit():
        return _render_round(round_, 400, form=form)
    chosen = [u for u in people if u.id in set(form.auditors.data)]
    try:
        result = round_service.spread_evenly(round_, chosen)
    except RoundError as error:
        db.session.rollback()
        form.auditors.errors = [error.message]
        return _render_round(round_, 400, form=form)
    if result.count:
        shares = ", ".join(f"{u.name} {n}" for u, n in result.assigned)
        flash(f"{result.count} audit{'' if result.count == 1 else 's'} shared out: {shares}.", "success")
    elif not result.unassignable:
        flash("There were no unassigned audits to share out.", "info")
    if result.unassignable:
        cases = "; ".join(f"{a.case.reference} ({a.case.team.name})" for a in result.unassignable)
        n = len(result.unassignable)
        flash(
            f"{n} audit{' was' if n == 1 else 's were'} left unassigned, because every auditor you chose works in the"
            f" case's own team: {cases}. Give {'it' if n == 1 else 'them'} to an auditor from another team.",
            "warning",
        )
    return redirect(url_for("audits.round", round_id=round_.id) + "#audits")


@bp.route("/audit-rounds/sample-size")
@roles_required(ADMIN)
def round_sample_size():
    form = SampleSizeForm(formdata=request.args if request.args else None)
    advice = None
    if "cohort" in request.args or "margin" in request.args:
        valid = form.validate()
        cohort = _whole_number(form.cohort)
        margin = _points(form.margin)
        if valid and cohort is not None and margin is not None:
            try:
                advice = round_service.sample_size_advice(cohort, margin, int(form.confidence.data))
            except RoundError as error:
                _field_error(form, error, "cohort")
    status = 400 if form.errors else 200
    return render_template("audits/rounds/sample_size.html", form=form, advice=advice), status


def _whole_number(field) -> int | None:
    text = (field.data or "").strip().replace(",", "")
    if not text:
        field.errors = [*field.errors, "Enter the number of cases in the cohort"]
        return None
    if not text.isdigit() or int(text) < 1:
        field.errors = [*field.errors, f"The number of cases must be a whole number of 1 or more, like 250, not '{field.data.strip()}'"]
        return None
    return int(text)


def _points(field) -> float | None:
    text = (field.data or "").strip().rstrip("%").strip()
    if not text:
        field.errors = [*field.errors, "Enter the margin of error, such as 5 or 10"]
        return None
    try:
        value = float(text)
    except ValueError:
        field.errors = [*field.errors, f"The margin of error must be a number of percentage points, like 5 or 10, not '{field.data.strip()}'"]
        return None
    if not 0 < value < 50:
        field.errors = [*field.errors, "The margin of error must be more than 0 and less than 50 percentage points"]
        return None
    return value
