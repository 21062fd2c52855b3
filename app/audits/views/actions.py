"""Corrective actions pages (anyone signed in): my actions, my team's, and completing one;
and the figures for a period, for QA viewers, moderators and administrators."""
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.audits import action_service
from app.audits.models import CorrectiveAction
from app.audits.views import bp
from app.auth.roles import ADMIN, MODERATOR, QA_VIEWER
from app.core.access import get_or_404, roles_required
from app.core.period_filter import PeriodFilterForm


class CompleteActionForm(FlaskForm):
    note = TextAreaField(
        "What was done",
        widget=GovTextArea(),
        description="Say what was done to put this right, so the next audit can check it.",
        validators=[
            DataRequired(message="Enter what was done to complete the corrective action"),
            Length(max=4000, message="What was done must be 4,000 characters or fewer"),
        ],
    )


@bp.route("/corrective-actions")
@login_required
def actions_mine():
    today = date.today()
    return render_template(
        "audits/actions/mine.html",
        mine=action_service.my_actions(current_user, today),
        team=action_service.team_actions(current_user, today),
        today=today,
    )


@bp.route("/corrective-actions/figures")
@roles_required(QA_VIEWER, MODERATOR, ADMIN)
def action_figures():
    today = date.today()
    form = PeriodFilterForm(today)
    result = None
    if form.validate():
        result = action_service.figures_by_team(form.period_value.start, form.period_value.end, today)
    return render_template("audits/actions/figures.html", form=form, figures=result, period=form.period_value,
                           today=today), 400 if form.errors else 200


@bp.route("/corrective-actions/<int:action_id>/complete", methods=["GET", "POST"])
@login_required
def action_complete(action_id: int):
    action = get_or_404(CorrectiveAction, action_id)
    if not action_service.may_complete(action, current_user):
        abort(403)
    if not action.open:
        flash(f"The corrective action on case {action.case.reference} is already complete.", "success")
        return redirect(url_for("audits.actions_mine"))
    form = CompleteActionForm()
    if form.validate_on_submit():
        try:
            action_service.complete(action, current_user, form.note.data)
        except action_service.ActionError as error:
            form.note.errors = list(form.note.errors) + [error.errors["note"]]
        else:
            flash(f"Corrective action on case {action.case.reference} recorded as complete.", "success")
            return redirect(url_for("audits.actions_mine"))
    return render_template("audits/actions/complete.html", action=action, form=form, today=date.today())
