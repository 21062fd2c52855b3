"""Safeguarding pages, on the `safeguarding` blueprint: the alerts list, an alert (with its
history, acknowledge and close), and the administrators' concern phrases and
safeguarding leads. The respondent's side (help, the wish to be contacted) is in
`app.feedback.views` with the other respondent pages."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.auth.roles import ADMIN
from app.core.access import get_or_404, roles_required
from app.core.db import db
from app.core.forms import field_error as _field_error
from app.feedback.forms import ButtonForm
from app.notifications import delivery
from app.org.models import Team
from app.safeguarding import rules
from app.safeguarding import services as alerts
from app.safeguarding.forms import CloseAlertForm, ConcernWordForm, LeadForm
from app.safeguarding.models import Alert, ConcernWord, SafeguardingLead

bp = Blueprint("safeguarding", __name__)


def _categories() -> dict[str, str]:
    from app.feedback.concerns import CATEGORIES  # the detector's categories, in words

    return CATEGORIES


def _me() -> User:
    return current_user._get_current_object()


@bp.route("/feedback/alerts")
@login_required
def alerts_list():
    me = _me()
    if not alerts.may_use_alerts_page(me):
        abort(403)
    open_alerts, closed = alerts.visible_alerts(me)
    undelivered = delivery.undelivered([a.id for a in open_alerts + closed]) if not me.has_role(ADMIN) \
        else delivery.undelivered()
    return render_template(
        "safeguarding/alerts.html", open_alerts=open_alerts, closed=closed, alerts=alerts,
        median=alerts.median_time_to_acknowledge(open_alerts + closed), undelivered=undelivered,
        unacknowledged=[a for a in open_alerts if a.acknowledged_at is None],
    )


def _alert_for_viewer(alert_id: int) -> Alert:
    if _me().agency_id is not None:
        abort(403)  # partner staff see none of the council's alerts, nor whether one exists
    alert = get_or_404(Alert, alert_id)
    if not alerts.can_see(_me(), alert):
        abort(403)
    return alert


@bp.route("/feedback/alerts/<int:alert_id>")
@login_required
def alert(alert_id: int):
    return _render_alert(_alert_for_viewer(alert_id))


def _render_alert(alert: Alert, form: CloseAlertForm | None = None, status: int = 200):
    return render_template(
        "safeguarding/alert.html", alert=alert, alerts=alerts, rules=rules, response=alert.response,
        close_form=form or CloseAlertForm(formdata=None), button=ButtonForm(), form=form,
        history=alerts.history(alert), notifications=delivery.for_alert(alert.id), categories=_categories(),
        given_to=alert.response.invite.given_to if alert.response.invite and alerts.may_see_given_to(_me(), alert)
        else None,
        overdue=alerts.is_overdue(alert),
    ), status


@bp.route("/feedback/alerts/<int:alert_id>/acknowledge", methods=["POST"])
@login_required
def alert_acknowledge(alert_id: int):
    alert = _alert_for_viewer(alert_id)
    if alerts.acknowledge(alert, _me()):
        flash("You have acknowledged the alert. Close it with a note when it has been dealt with.", "success")
    else:
        who = alert.acknowledged_by.name if alert.acknowledged_by else "someone"
        flash(f"{who} acknowledged this alert already.", "info")
    return redirect(url_for("safeguarding.alert", alert_id=alert.id))


@bp.route("/feedback/alerts/<int:alert_id>/close", methods=["POST"])
@login_required
def alert_close(alert_id: int):
    alert = _alert_for_viewer(alert_id)
    form = CloseAlertForm()
    if alert.closed_at is not None:
        flash("This alert is closed already.", "info")
        return redirect(url_for("safeguarding.alert", alert_id=alert.id))
    if form.validate_on_submit():
        try:
            alerts.close(alert, _me(), form.note.data)
        except alerts.AlertError as error:
            db.session.rollback()
            _field_error(form, error, "note")
        else:
            flash("The alert is closed.", "success")
            return redirect(url_for("safeguarding.alerts_list"))
    return _render_alert(alert, form, 400)


# --- Concern phrases and safeguarding leads (administrators) ------------------------------


@bp.route("/feedback/concern-words", methods=["GET", "POST"])
@roles_required(ADMIN)
def concern_words():
    form = ConcernWordForm()
    if form.validate_on_submit():
        try:
            word = alerts.add_concern_word(form.phrase.data, _me())
        except alerts.AlertError as error:
            db.session.rollback()
            _field_error(form, error, "phrase")
        else:
            flash(f"'{word.phrase}' added: free text with it now raises an alert.", "success")
            return redirect(url_for("safeguarding.concern_words"))
    return render_template(
        "safeguarding/concern_words.html", form=form, words=alerts.concern_word_rows(), categories=_categories(),
        button=ButtonForm(),
    ), 400 if form.errors else 200


@bp.route("/feedback/concern-words/<int:word_id>/remove", methods=["POST"])
@roles_required(ADMIN)
def concern_word_remove(word_id: int):
    word = db.session.get(ConcernWord, word_id)
    if word is not None:
        phrase = word.phrase
        alerts.remove_concern_word(word)
        flash(f"'{phrase}' removed from the list.", "success")
    return redirect(url_for("safeguarding.concern_words"))


@bp.route("/feedback/safeguarding-leads", methods=["GET", "POST"])
@roles_required(ADMIN)
def leads():
    form = LeadForm()
    teams = db.session.scalars(select(Team).options(joinedload(Team.district)).order_by(Team.name)).all()
    people = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)).all()
    form.team_id.choices = [("", "Choose a team")] + [(str(t.id), f"{t.name} ({t.district.name})") for t in teams]
    form.user_id.choices = [("", "Choose a person")] + [
        (str(u.id), f"{u.name} ({u.team.name})" if u.team else u.name) for u in people
    ]
    if form.validate_on_submit():
        team = next((t for t in teams if str(t.id) == form.team_id.data), None)
        person = next((u for u in people if str(u.id) == form.user_id.data), None)
        try:
            alerts.add_lead(team, person)
        except alerts.AlertError as error:
            db.session.rollback()
            _field_error(form, error, "team_id")
        else:
            flash(f"{person.name} is a designated safeguarding lead for {team.name}.", "success")
            return redirect(url_for("safeguarding.leads"))
    rows = sorted(alerts.leads(), key=lambda lead: (lead.team.name, lead.user.name))
    without = [t for t in teams if t.active and t.id not in {lead.team_id for lead in rows}]
    return render_template(
        "safeguarding/leads.html", form=form, leads=rows, without=without, button=ButtonForm(),
    ), 400 if form.errors else 200


@bp.route("/feedback/safeguarding-leads/<int:lead_id>/remove", methods=["POST"])
@roles_required(ADMIN)
def lead_remove(lead_id: int):
    lead = db.session.get(SafeguardingLead, lead_id)
    if lead is not None:
        text = f"{lead.user.name} is no longer a safeguarding lead for {lead.team.name}."
        alerts.remove_lead(lead)
        flash(text, "success")
    return redirect(url_for("safeguarding.leads"))
