"""Moderation pages: the queue, claiming, moderating an audit page by page (its overview, a page
per section, the overall judgement, finishing), the history, results and agreement."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.audits import rules as audit_rules
from app.audits.action_service import ActionError
from app.audits.audit_service import action_owner_choices
from app.audits.forms import CorrectiveActionForm
from app.audits.models import AuditRound
from app.audits.rules import JUDGEMENTS
from app.core.clock import local_date, local_datetime
from app.core.access import county_wide, get_or_404, roles_required, team_in_scope
from app.core.db import db
from app.moderation import decision_rules, figures, rules, services
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
    team_in_scope(moderation.audit.case.team_id)
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


# --- Moderating an audit, page by page (the task list pattern) -----------------------------


def _mine(moderation: Moderation) -> bool:
    return moderation.state == rules.IN_MODERATION and moderation.moderator_id == current_user.id


def _context(moderation: Moderation, **extra) -> dict:
    audit = moderation.audit
    return dict(moderation=moderation, audit=audit, tool=audit.tool_version.definition, mine=_mine(moderation),
                grades=JUDGEMENTS, form=ActionForm(), claimed_since=local_datetime(moderation.claimed_at),
                answer_text=decision_rules.answer_text, **extra)


def _pages(moderation: Moderation) -> list[str]:
    """The pages in order: each section, then the overall judgement."""
    return [s.key for s in moderation.audit.tool_version.definition.sections] + [decision_rules.OVERALL_PAGE]


def _page_url(moderation: Moderation, page: str, anchor: str | None = None) -> str:
    if page == decision_rules.OVERALL_PAGE:
        url = url_for("moderation.overall", moderation_id=moderation.id)
    else:
        url = url_for("moderation.section", moderation_id=moderation.id, section_key=page)
    return url + (f"#{anchor}" if anchor else "")


def _posted(page_targets) -> tuple[dict, dict]:
    choices = {t.key: request.form.get(f"grade-{t.key}") for t in page_targets}
    reasons = {t.key: request.form.get(f"reason-{t.key}") for t in page_targets}
    return choices, reasons


def _error_list(errors: dict[str, str]) -> list[dict]:
    return [{"text": message, "href": f"#{key}"} for key, message in errors.items()]


@bp.get("/<int:moderation_id>")
@roles_required("moderator")
def moderate(moderation_id):
    """The moderation's overview: the audit, and a task list of its pages with their status."""
    moderation = _load(moderation_id)
    all_targets = services.targets(moderation.audit)
    draft = moderation.draft
    rows = []
    for page in _pages(moderation):
        page_targets = decision_rules.on_page(all_targets, page)
        left = len(decision_rules.undecided(draft, page_targets))
        rows.append({"page": page, "url": _page_url(moderation, page), "targets": len(page_targets), "left": left,
                     "status": decision_rules.page_status(draft, page_targets)})
    finish = {"status": decision_rules.COMPLETED if moderation.state == rules.FINALISED else
              decision_rules.IN_PROGRESS if (draft or {}).get("learning_points") else decision_rules.NOT_STARTED}
    return render_template("moderation/overview.html", **_context(
        moderation, rows=rows, finish=finish, left=len(decision_rules.undecided(draft, all_targets))))


def _save_page(moderation: Moderation, page: str, page_targets):
    """Save the page's choices; returns the errors, or a redirect once saved."""
    if not ActionForm().validate_on_submit():
        abort(400)
    agree = request.form.get("action") == "agree-all"
    choices, reasons = _posted(page_targets)
    try:
        services.save_page(moderation, current_user, page, choices, reasons, agree_undecided=agree)
    except services.InvalidInput as error:
        return error.errors
    except (services.AlreadyClaimed, services.NotAllowed, rules.IllegalTransition) as error:
        flash(str(error), "error")
        return redirect(url_for("moderation.moderate", moderation_id=moderation.id))
    if agree:
        flash("Every grade in this section that was not yet decided is now agreed. Check them, then save and continue.", "success")
        return redirect(_page_url(moderation, page))
    pages = _pages(moderation)
    following = pages[pages.index(page) + 1:]
    return redirect(_page_url(moderation, following[0]) if following else url_for("moderation.finish", moderation_id=moderation.id))


def _decisions_view(moderation: Moderation, page_targets, errors: dict) -> dict:
    """What each decision on the page shows: the posted choice after an error, else the draft."""
    shown = {}
    for t in page_targets:
        c = decision_rules.choice_for(moderation.draft, t)
        shown[t.key] = (c.choice if c else "", (c.reason or "") if c else "")
        if request.method == "POST" and request.form.get(f"grade-{t.key}"):
            shown[t.key] = (request.form[f"grade-{t.key}"], request.form.get(f"reason-{t.key}") or "")
    return {"targets": page_targets, "shown": shown, "errors": errors, "error_list": _error_list(errors)}


@bp.route("/<int:moderation_id>/sections/<section_key>", methods=["GET", "POST"])
@roles_required("moderator")
def section(moderation_id, section_key):
    """One section: the auditor's answers and evidence beside each grade to decide."""
    moderation = _load(moderation_id)
    tool = moderation.audit.tool_version.definition
    tool_section = next((s for s in tool.sections if s.key == section_key), None)
    if tool_section is None:
        abort(404)
    page_targets = decision_rules.on_page(services.targets(moderation.audit), section_key)
    errors = {}
    if request.method == "POST":
        outcome = _save_page(moderation, section_key, page_targets)
        if not isinstance(outcome, dict):
            return outcome
        errors = outcome
    number = tool.sections.index(tool_section) + 1
    return render_template("moderation/section.html", **_context(
        moderation, section=tool_section, number=number, result=audit_rules.score(tool, moderation.audit.answers or {}),
        **_decisions_view(moderation, page_targets, errors))), 400 if errors else 200


@bp.route("/<int:moderation_id>/overall", methods=["GET", "POST"])
@roles_required("moderator")
def overall(moderation_id):
    """The auditor's overall judgement with its reasons, and the moderator's decision on it."""
    moderation = _load(moderation_id)
    page_targets = decision_rules.on_page(services.targets(moderation.audit), decision_rules.OVERALL_PAGE)
    errors = {}
    if request.method == "POST":
        outcome = _save_page(moderation, decision_rules.OVERALL_PAGE, page_targets)
        if not isinstance(outcome, dict):
            return outcome
        errors = outcome
    audit = moderation.audit
    changed = [r for r in decision_rules.decided_rows(moderation.draft, services.targets(audit))
               if not r.agreed and r.target.key != decision_rules.OVERALL]  # what the moderator weighs up
    return render_template("moderation/overall.html", **_context(
        moderation, result=audit_rules.score(audit.tool_version.definition, audit.answers or {}), changed=changed,
        **_decisions_view(moderation, page_targets, errors))), 400 if errors else 200


@bp.route("/<int:moderation_id>/finish", methods=["GET", "POST"])
@roles_required("moderator")
def finish(moderation_id):
    """Learning points, then finalise (every grade decided) or return the audit (with comments)."""
    moderation = _load(moderation_id)
    errors, undecided = {}, []
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        action = request.form.get("action", "")
        learning_points = request.form.get("learning_points")
        try:
            if action == services.FINALISE:
                services.finalise(moderation, current_user, learning_points)
            elif action == services.RETURN:
                services.return_audit(moderation, current_user, request.form.get("comments"), learning_points)
            else:
                services.save_learning_points(moderation, current_user, learning_points)
                flash("Your learning points are saved.", "success")
                return redirect(url_for("moderation.moderate", moderation_id=moderation_id))
        except services.Undecided as error:
            undecided = error.targets
        except services.InvalidInput as error:
            errors = error.errors
        except (services.AlreadyClaimed, services.NotAllowed, rules.IllegalTransition) as error:
            flash(str(error), "error")
            return redirect(url_for("moderation.moderate", moderation_id=moderation_id))
        else:
            flash("Moderation finalised." if moderation.state == rules.FINALISED else
                  "The audit has been returned to the auditor.", "success")
            return redirect(url_for("moderation.history", moderation_id=moderation_id))
    all_targets = services.targets(moderation.audit)
    tool = moderation.audit.tool_version.definition
    titles = {s.key: s.title for s in tool.sections} | {decision_rules.OVERALL_PAGE: "Overall judgement"}
    groups = []  # the undecided grades, by page, each linking to its radios
    for page in _pages(moderation):
        links = [{"text": f"{t.what}: choose Agree or a grade", "href": _page_url(moderation, page, t.anchor)}
                 for t in undecided if t.page == page]
        if links:
            groups.append({"title": titles[page], "links": links})
    rows = decision_rules.decided_rows(moderation.draft, all_targets)
    posted = request.form if request.method == "POST" else {}
    return render_template("moderation/finish.html", **_context(
        moderation, errors=errors, error_list=_error_list(errors), groups=groups, undecided_count=len(
            decision_rules.undecided(moderation.draft, all_targets)),
        changed=[r for r in rows if not r.agreed], agreed=sum(1 for r in rows if r.agreed),
        learning_points=posted.get("learning_points", (moderation.draft or {}).get("learning_points") or ""),
        comments=posted.get("comments", ""))), 400 if errors or groups else 200


@bp.route("/<int:moderation_id>/actions", methods=["GET", "POST"])
@roles_required("moderator")
def raise_action(moderation_id):
    """A corrective action on the audit's case, raised by the moderator (who is its raiser)."""
    moderation = _load(moderation_id)
    if not _mine(moderation):
        flash("Start moderating this audit before raising a corrective action on it.", "error")
        return redirect(url_for("moderation.moderate", moderation_id=moderation_id))
    form = CorrectiveActionForm()
    form.set_owners(action_owner_choices(moderation.audit))
    if form.validate_on_submit():
        try:
            action = services.raise_action(moderation, current_user, form.description.data, int(form.owner_id.data),
                                           form.due_date.date)
        except ActionError as error:
            for name, message in error.errors.items():
                form[name].errors = [message]
        except (services.AlreadyClaimed, services.NotAllowed, rules.IllegalTransition) as error:
            flash(str(error), "error")
            return redirect(url_for("moderation.moderate", moderation_id=moderation_id))
        else:
            flash(f"Corrective action raised: {action.owner.name} to do it by {local_date(action.due_date)}.", "success")
            back = request.args.get("from")  # the page the moderator came from, if one of this moderation's
            return redirect(_page_url(moderation, back) if back in _pages(moderation)
                            else url_for("moderation.moderate", moderation_id=moderation_id))
    errors = [{"text": f.errors[0], "href": "#" + (f"{f.id}-day" if f.name == "due_date" else f.id)}
              for f in form if f.errors]
    back = request.args.get("from")
    back_url = _page_url(moderation, back) if back in _pages(moderation) else url_for("moderation.moderate", moderation_id=moderation_id)
    return render_template("moderation/raise_action.html", **_context(moderation, action_form=form, error_list=errors,
                                                                      errors=errors, back_url=back_url)), 400 if errors else 200


@bp.get("/<int:moderation_id>/history")
@roles_required("moderator", "qa_viewer", "admin")
def history(moderation_id):
    moderation = get_or_404(Moderation, moderation_id)
    team_in_scope(moderation.audit.case.team_id)
    return render_template("moderation/history.html", moderation=moderation, audit=moderation.audit,
                           steps=services.history(moderation), local_datetime=local_datetime)


@bp.get("/results")
@roles_required("qa_viewer", "moderator", "admin")
@county_wide
def results():
    return render_template("moderation/results.html", rounds=services.round_summaries())


@bp.get("/results/<int:round_id>")
@roles_required("qa_viewer", "moderator", "admin")
@county_wide
def round_results(round_id):
    audit_round = get_or_404(AuditRound, round_id)
    return render_template("moderation/round_results.html", round=audit_round,
                           results=services.round_results(round_id), grades=JUDGEMENTS)


@bp.get("/agreement")
@roles_required("qa_viewer", "moderator", "admin")
@county_wide
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
