"""Moderation pages: the queue, claiming, the moderation form, the history, results and agreement."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.core.clock import local_datetime
from app.audits.models import AuditRound
from app.audits.rules import JUDGEMENTS
from app.core.access import get_or_404, roles_required
from app.core.db import db
from app.moderation import figures, rules, services
from app.moderation.forms import ActionForm, AgreementFilterForm, PolicyForm
from app.moderation.models import Moderation, RoundModerationPolicy
from app.org.models import District

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.get("/")
@roles_required("moderator")
def queue():
    return render_template("moderation/queue.html", items=services.queue(current_user),
                           mine=services.my_moderations(current_user), form=ActionForm())


def _load(moderation_id: int) -> Moderation:
    moderation = get_or_404(Moderation, moderation_id)
    if moderation.audit.auditor_id == current_user.id:
        abort(403)  # nobody moderates their own audit
    return moderation


@bp.post("/<int:moderation_id>/claim")
@roles_required("moderator")
def claim(moderation_id):
    moderation = _load(moderation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.claim(moderation, current_user)
    except (services.AlreadyClaimed, rules.IllegalTransition) as error:
        flash(str(error), "error")
        return redirect(url_for("moderation.moderate", moderation_id=moderation_id))
    return redirect(url_for("moderation.moderate", moderation_id=moderation_id))


@bp.post("/<int:moderation_id>/release")
@roles_required("moderator")
def release(moderation_id):
    moderation = _load(moderation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.release(moderation, current_user)
    except services.NotAllowed as error:
        flash(str(error), "error")
        return redirect(url_for("moderation.moderate", moderation_id=moderation_id))
    flash("The audit is back in the queue for any moderator.", "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/<int:moderation_id>", methods=["GET", "POST"])
@roles_required("moderator")
def moderate(moderation_id):
    moderation = _load(moderation_id)
    form = ActionForm()
    errors = {}
    targets = services.targets(moderation.audit)
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        choices = {t.key: request.form.get(f"grade-{t.key}", "agree") for t in targets}
        reasons = {t.key: request.form.get(f"reason-{t.key}", "") for t in targets}
        try:
            services.decide(moderation, current_user, choices, reasons, request.form.get("learning_points"),
                            request.form.get("action", ""), request.form.get("comments"))
        except services.InvalidInput as error:
            errors = error.errors
        except (services.AlreadyClaimed, rules.IllegalTransition) as error:
            flash(str(error), "error")
            return redirect(url_for("moderation.moderate", moderation_id=moderation_id))
        else:
            if moderation.state == rules.FINALISED:
                flash("Moderation finalised.", "success")
            else:
                flash("The audit has been returned to the auditor.", "success")
            return redirect(url_for("moderation.history", moderation_id=moderation_id))
    values = {d.target: d for d in moderation.decisions}
    return render_template(
        "moderation/moderate.html", moderation=moderation, audit=moderation.audit, targets=targets, form=form,
        errors=errors, values=values, grades=JUDGEMENTS, posted=request.form if request.method == "POST" else None,
        mine=moderation.state == rules.IN_MODERATION and moderation.moderator_id == current_user.id,
        claimed_since=local_datetime(moderation.claimed_at),
    )


@bp.get("/<int:moderation_id>/history")
@roles_required("moderator", "qa_viewer", "admin")
def history(moderation_id):
    moderation = get_or_404(Moderation, moderation_id)
    return render_template("moderation/history.html", moderation=moderation, audit=moderation.audit,
                           steps=services.history(moderation), local_datetime=local_datetime)


@bp.get("/results")
@roles_required("qa_viewer", "moderator", "admin")
def results():
    return render_template("moderation/results.html", rounds=services.round_summaries())


@bp.get("/results/<int:round_id>")
@roles_required("qa_viewer", "moderator", "admin")
def round_results(round_id):
    audit_round = get_or_404(AuditRound, round_id)
    return render_template("moderation/round_results.html", round=audit_round,
                           results=services.round_results(round_id), grades=JUDGEMENTS)


@bp.get("/agreement")
@roles_required("qa_viewer", "moderator", "admin")
def agreement():
    """Agreement and drift for a period, read-only; the choices are in the query string."""
    districts = db.session.scalars(select(District).order_by(District.name)).all()
    form = AgreementFilterForm(districts)
    result = None
    if form.validate():
        period = form.period_value
        result = figures.agreement_for_period(period.start, period.end, by=form.by.data or None,
                                              district_id=form.district_value)
    district = next((d for d in districts if d.id == form.district_value), None)
    return render_template("moderation/agreement.html", form=form, figures=result, period=form.period_value,
                           district=district, by_label=figures.BY.get(form.by.data)), 400 if form.errors else 200


@bp.route("/rounds/<int:round_id>/policy", methods=["GET", "POST"])
@roles_required("admin")
def policy(round_id):
    audit_round = get_or_404(AuditRound, round_id)
    current, seed, target = services.round_policy(round_id)
    stored = db.session.scalar(select(RoundModerationPolicy).where(RoundModerationPolicy.round_id == round_id))
    form = PolicyForm()
    if request.method == "GET":
        form.all.data = current.all
        form.random_share.data = f"{current.random_share * 100:g}" if current.random_share is not None else ""
        form.extremes.data = current.extremes
        form.first_n.data = str(current.first_n_per_auditor) if current.first_n_per_auditor is not None else ""
        form.target_days.data = str(target)
        form.seed.data = str(seed) if stored is not None else ""
    if form.validate_on_submit():
        new = rules.ModerationPolicy(all=form.all.data, random_share=form.share_value, extremes=form.extremes.data,
                                     first_n_per_auditor=form.n_value)
        services.save_policy(round_id, new, form.days_value, form.seed_value)
        flash(f"Moderation policy saved. {new.describe()} It applies to audits submitted from now on.", "success")
        return redirect(url_for("moderation.policy", round_id=round_id))
    return render_template("moderation/policy.html", round=audit_round, form=form, current=current,
                           stored=stored, target=target)
