"""A round's summary and its learning points. The QA lead (an administrator) writes the
findings and recommendations; moderators and QA viewers read them, and the learning points
gathered from the round's finalised moderations."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import RadioField, SelectMultipleField, TextAreaField

from app.audits import round_summary
from app.audits.models import AuditRound, RoundPoint
from app.audits.views.blueprint import bp
from app.auth.roles import ADMIN, MODERATOR, QA_VIEWER
from app.core.access import county_wide, get_or_404, roles_required
from app.moderation import learning

READERS = (ADMIN, MODERATOR, QA_VIEWER)


class RoundPointForm(FlaskForm):
    kind = RadioField(
        "Is this a finding or a recommendation?",
        widget=GovRadioInput(),
        choices=[(k, f"{label}: {round_summary.KIND_HINTS[k].lower()}") for k, label in round_summary.KINDS.items()],
        validate_choice=False,  # round_summary.point_errors says what is wrong, in words
    )
    text = TextAreaField(
        "Finding or recommendation",
        widget=GovTextArea(),
        description="Plain words for the board: what the audits showed, or what must change and who should change it.",
    )
    # Rendered by the template, one checkbox per impact measure with its recommendation as the hint.
    measures = SelectMultipleField("Impact measures it bears on", coerce=int, choices=[], validate_choice=False)


def _form(point: RoundPoint | None = None) -> RoundPointForm:
    form = RoundPointForm()
    if point is not None and not form.is_submitted():
        form.kind.data, form.text.data, form.measures.data = point.kind, point.text, [m.id for m in point.measures]
    return form


def _save(form: RoundPointForm, save) -> bool:
    """Run `save()` on a submitted form; put each refusal on its field. True if saved."""
    if not form.validate_on_submit():
        return False
    try:
        save()
    except round_summary.SummaryError as error:
        for name, message in error.errors.items():
            form[name].errors = [*form[name].errors, message]
        return False
    return True


def _round(round_id: int) -> AuditRound:
    round_ = get_or_404(AuditRound, round_id)
    if not round_.confirmed:
        abort(404)  # no audits yet, so nothing to summarise
    return round_


@bp.route("/audit-rounds/summaries")
@roles_required(*READERS)
@county_wide
def round_summaries():
    return render_template("audits/rounds/summaries.html", rounds=round_summary.confirmed_rounds(),
                           learning_counts=learning.counts_by_round())


@bp.route("/audit-rounds/<int:round_id>/summary", methods=["GET", "POST"])
@roles_required(*READERS)
@county_wide
def round_summary_page(round_id: int):
    round_ = _round(round_id)
    form = _form()
    if form.is_submitted() and not current_user.has_role(ADMIN):
        abort(403)
    if _save(form, lambda: round_summary.add_point(round_, form.kind.data, form.text.data, form.measures.data or [],
                                                   current_user)):
        flash(f"{round_summary.KINDS[form.kind.data]} added to the summary of {round_.name}.", "success")
        return redirect(url_for("audits.round_summary_page", round_id=round_.id))
    return _render(round_, form, 400 if form.errors else 200)


def _render(round_: AuditRound, form: RoundPointForm, status: int, point: RoundPoint | None = None):
    written = round_summary.points(round_)
    return render_template(
        "audits/rounds/summary.html", round=round_, form=form, point=point, points=written,
        labels=round_summary.labels_for([p for ps in written.values() for p in ps]),
        kinds=round_summary.KINDS, choices=round_summary.measure_choices(),
        learning_points=learning.for_round(round_.id), may_write=current_user.has_role(ADMIN),
    ), status


def _point(round_: AuditRound, point_id: int) -> RoundPoint:
    point = get_or_404(RoundPoint, point_id)
    if point.round_id != round_.id:
        abort(404)
    return point


@bp.route("/audit-rounds/<int:round_id>/summary/<int:point_id>", methods=["GET", "POST"])
@roles_required(ADMIN)
def round_point_edit(round_id: int, point_id: int):
    round_ = _round(round_id)
    point = _point(round_, point_id)
    form = _form(point)
    if _save(form, lambda: round_summary.update_point(point, form.kind.data, form.text.data, form.measures.data or [])):
        flash(f"{round_summary.KINDS[point.kind]} changed.", "success")
        return redirect(url_for("audits.round_summary_page", round_id=round_.id))
    return render_template("audits/rounds/summary_point.html", round=round_, point=point, form=form,
                           choices=round_summary.measure_choices()), 400 if form.errors else 200


@bp.route("/audit-rounds/<int:round_id>/summary/<int:point_id>/remove", methods=["POST"])
@roles_required(ADMIN)
def round_point_remove(round_id: int, point_id: int):
    round_ = _round(round_id)
    point = _point(round_, point_id)
    kind = round_summary.KINDS[point.kind]
    round_summary.remove_point(point)
    flash(f"{kind} removed from the summary.", "success")
    return redirect(url_for("audits.round_summary_page", round_id=round_.id))


@bp.route("/audit-rounds/<int:round_id>/learning-points")
@roles_required(*READERS)
@county_wide
def round_learning_points(round_id: int):
    round_ = _round(round_id)
    return render_template("audits/rounds/learning_points.html", round=round_,
                           learning_points=learning.for_round(round_.id))
