"""Corrective actions pages (anyone signed in): my actions, my team's, completing one, and
confirming or reopening one someone else completed; and the figures for a period, for QA
viewers, moderators and administrators."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.audits import action_review, action_rules, action_service
from app.audits.models import CorrectiveAction
from app.audits.views.blueprint import bp
from app.auth.roles import ADMIN, MODERATOR, QA_VIEWER
from app.core.access import get_or_404, roles_required
from app.core.clock import uk_today
from app.core.period_filter import PeriodFilterForm
from app.org import scope


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


class ReopenActionForm(FlaskForm):
    reason = TextAreaField(
        "Why it is not done yet",
        widget=GovTextArea(),
        description="The owner is sent this, so say what is still missing on the case file.",
        validators=[
            DataRequired(message="Enter why the corrective action is not done yet"),
            Length(max=action_rules.REASON_MAX, message="Why it is not done yet must be 4,000 characters or fewer"),
        ],
    )


@bp.route("/corrective-actions")
@login_required
def actions_mine():
    today = uk_today()
    return render_template(
        "audits/actions/mine.html",
        mine=action_service.my_actions(current_user, today),
        team=action_service.team_actions(current_user, today),
        to_confirm=action_review.waiting_for(current_user),
        awaiting=action_review.awaiting_others(current_user),
        team_overdue=action_review.team_overdue(current_user, today),
        today=today,
    )


@bp.route("/corrective-actions/figures")
@roles_required(QA_VIEWER, MODERATOR, ADMIN)
def action_figures():
    today = uk_today()
    form = PeriodFilterForm(today)
    result = None
    if form.validate():
        result = action_service.figures_by_team(form.period_value.start, form.period_value.end, today,
                                                district_ids=scope.district_ids(scope.scope_of(current_user)))
    return render_template("audits/actions/figures.html", form=form, figures=result, period=form.period_value,
                           today=today, scope=scope.scope_of(current_user)), 400 if form.errors else 200


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
            action_review.complete(action, current_user, form.note.data)
        except action_service.ActionError as error:
            form.note.errors = list(form.note.errors) + [error.errors["note"]]
        else:
            flash(f"Corrective action on case {action.case.reference} recorded as complete. "
                  "It is done once the person who raised it confirms it.", "success")
            return redirect(url_for("audits.actions_mine"))
    return render_template("audits/actions/complete.html", action=action, form=form, today=uk_today())


def _checkable(action_id: int) -> CorrectiveAction:
    action = get_or_404(CorrectiveAction, action_id)
    if not action_review.may_confirm(action, current_user):
        abort(403)
    return action


def _render_check(action: CorrectiveAction, form: ReopenActionForm, status: int = 200):
    state = action_rules.state(action.completed_at, action.confirmed_at)
    return render_template("audits/actions/check.html", action=action, form=form, confirm_form=FlaskForm(),
                           state=state, state_words=action_rules.STATES[state],
                           event_words=action_rules.EVENT_WORDS, today=uk_today()), status


@bp.route("/corrective-actions/<int:action_id>/check")
@login_required
def action_check(action_id: int):
    """The completed action, what was done and its history, with confirm and reopen."""
    return _render_check(_checkable(action_id), ReopenActionForm(formdata=None))


@bp.route("/corrective-actions/<int:action_id>/confirm", methods=["POST"])
@login_required
def action_confirm(action_id: int):
    action = _checkable(action_id)  # CSRF is checked for every POST (app.core.extensions)
    try:
        action_review.confirm(action, current_user)
    except action_rules.IllegalMove:
        flash(f"The corrective action on case {action.case.reference} is open again: there is nothing to confirm.")
    else:
        flash(f"Corrective action on case {action.case.reference} confirmed as done.", "success")
    return redirect(url_for("audits.actions_mine"))


@bp.route("/corrective-actions/<int:action_id>/reopen", methods=["POST"])
@login_required
def action_reopen(action_id: int):
    action = _checkable(action_id)
    form = ReopenActionForm()
    if form.validate_on_submit():
        try:
            action_review.reopen(action, current_user, form.reason.data)
        except action_rules.IllegalMove:
            flash(f"The corrective action on case {action.case.reference} is not waiting to be confirmed, "
                  "so it was not reopened.")
            return redirect(url_for("audits.actions_mine"))
        except action_service.ActionError as error:
            form.reason.errors = [*form.reason.errors, error.errors["reason"]]
        else:
            flash(f"Corrective action on case {action.case.reference} reopened. {action.owner.name} has been sent "
                  "the reason.", "success")
            return redirect(url_for("audits.actions_mine"))
    return _render_check(action, form, 400)
