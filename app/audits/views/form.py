"""The auditor's journey: my audits, the audit form (saved as a draft, with or without
JavaScript), corrective actions, checking and submitting, the submitted audit and its PDF.

Only the assigned auditor changes an audit. Administrators, moderators and QA viewers
read an audit once it has been submitted.
"""
import re

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.audits import audit_service as service
from app.audits import branching, rules, states
from app.audits.forms import ANSWER_KINDS, CorrectiveActionForm, SubmitAuditForm, audit_form
from app.audits.models import Audit
from app.audits.views.blueprint import bp
from app.auth.roles import ADMIN, AUDITOR, MODERATOR, QA_VIEWER
from app.core.access import get_or_404, roles_required, team_in_scope
from app.core.clock import uk_today
from app.moderation import outcomes

READERS = (ADMIN, MODERATOR, QA_VIEWER)


def _own_audit(audit_id: int) -> Audit:
    """The audit, if it is assigned to the person signed in; 403 otherwise."""
    audit = get_or_404(Audit, audit_id)
    if audit.auditor_id != current_user.id:
        abort(403)
    return audit


def _readable_audit(audit_id: int) -> Audit:
    """The assigned auditor reads their audit; admins, moderators and QA viewers read it
    once it has been submitted."""
    audit = get_or_404(Audit, audit_id)
    if audit.auditor_id == current_user.id and current_user.has_role(AUDITOR):
        return audit
    if current_user.has_role(*READERS) and audit.submitted_at is not None:
        team_in_scope(audit.case.team_id)  # a reader narrowed to a district reads only its cases
        return audit
    abort(403)


def _page_context(audit: Audit, **extra) -> dict:
    tool = audit.tool_version.definition
    today = uk_today()
    return dict(audit=audit, tool=tool, rules=rules, branching=branching, states=states, today=today,
                overdue=service.is_overdue(audit, today), local_time=service.local_time,
                local_datetime=service.local_datetime, **extra)


# --- My audits --------------------------------------------------------------------------------


@bp.route("/audits")
@roles_required(AUDITOR)
def my_audits():
    rows = service.my_audits(current_user, uk_today())
    return render_template("audits/form/my_audits.html", to_do=[r for r in rows if r.to_do],
                           done=[r for r in rows if not r.to_do], local_datetime=service.local_datetime, rules=rules,
                           outcomes=outcomes.outcomes_for(r.audit.id for r in rows if r.audit.submitted_at),
                           recent=outcomes.recent_for_auditor(current_user))


# --- The audit form: see sections.py (the task list, a page per section) ---------------------


def _editable_or_refuse(audit: Audit):
    """None when the audit can be changed; otherwise the response refusing the change."""
    if audit.editable:
        return None
    if request.method == "GET":
        return redirect(url_for("audits.audit_view", audit_id=audit.id))
    return _render_view(audit, errors=[{"text": "This audit has been submitted, so it can no longer be changed."}], status=409)


# --- Corrective actions -----------------------------------------------------------------------


@bp.route("/audits/<int:audit_id>/actions", methods=["GET", "POST"])
@roles_required(AUDITOR)
def audit_actions(audit_id: int):
    audit = _own_audit(audit_id)
    refused = _editable_or_refuse(audit)
    if refused is not None:
        return refused
    form = CorrectiveActionForm()
    form.set_owners(service.action_owner_choices(audit))
    if form.validate_on_submit():
        try:
            action = service.raise_corrective_action(
                audit, current_user, form.description.data, int(form.owner_id.data), form.due_date.date
            )
        except service.InvalidInput as error:
            for name, message in error.errors.items():
                if name in form:
                    form[name].errors = [message]
        else:
            flash(f"Corrective action raised: {action.owner.name} to do it by {action.due_date:%-d %B %Y}.", "success")
            return redirect(url_for("audits.audit_actions", audit_id=audit.id))
    errors = [{"text": f.errors[0], "href": "#" + (f"{f.id}-day" if f.name == "due_date" else f.id)}
              for f in form if f.errors]
    return render_template("audits/form/actions.html", **_page_context(audit, action_form=form, errors=errors))


@bp.route("/audits/<int:audit_id>/actions/<int:action_id>/remove", methods=["POST"])
@roles_required(AUDITOR)
def audit_action_remove(audit_id: int, action_id: int):
    audit = _own_audit(audit_id)
    refused = _editable_or_refuse(audit)
    if refused is not None:
        return refused
    try:
        service.remove_corrective_action(audit, current_user, action_id)
    except service.InvalidInput:
        abort(404)
    flash("Corrective action removed.", "success")
    return redirect(url_for("audits.audit_actions", audit_id=audit.id))


# --- Check and submit -------------------------------------------------------------------------


def _problem_groups(audit: Audit, problems) -> list[dict]:
    """What to put right before submitting, grouped by section in the tool's order: each
    group a heading and links to the fields on that section's page."""
    tool = audit.tool_version.definition
    form = audit_form(audit)
    groups = {s.key: {"title": s.title, "problems": []} for s in tool.sections}
    collaborative = {"title": "Collaborative audit", "problems": []}
    section_of = {q.key: s for s, q in tool.all_questions()}
    for problem in problems:
        if problem.question_key is None:
            href = url_for("audits.audit_collaborative", audit_id=audit.id) + "#collaborative"
            collaborative["problems"].append({"text": problem.text, "href": href})
            continue
        section = section_of[problem.question_key]
        q = tool.question(problem.question_key)
        # "Section 'Plan': 'Is there a plan?' needs an answer": the heading names the section.
        what = problem.text.removeprefix(f"Section '{section.title}': ")
        if problem.target == "answer":
            what = ANSWER_KINDS[q.kind].error(q, what)
        href = url_for("audits.audit_section", audit_id=audit.id, section_key=section.key)
        groups[section.key]["problems"].append({"text": what, "href": href + "#" + form.anchor(q.key, problem.target)})
    return [g for g in [*groups.values(), collaborative] if g["problems"]]


def _render_check(audit: Audit, form, errors=(), status: int = 200):
    preview = service.preview_submission(audit)
    answers_form = audit_form(audit)
    return render_template(
        "audits/form/check.html",
        **_page_context(audit, preview=preview, submit_form=form, errors=list(errors), anchor=answers_form.anchor,
                        problem_groups=_problem_groups(audit, preview.problems),
                        measure_texts=service.measure_texts(preview.measures)),
    ), status


@bp.route("/audits/<int:audit_id>/check", methods=["GET", "POST"])
@roles_required(AUDITOR)
def audit_check(audit_id: int):
    audit = _own_audit(audit_id)
    if audit.state == states.SUBMITTED:
        if request.method == "POST":
            # A second click on Submit, or a resent form: the audit is submitted already.
            flash("This audit has been submitted.", "success")
        return redirect(url_for("audits.audit_view", audit_id=audit.id))
    form = SubmitAuditForm()
    if request.method == "GET":
        form.set_lock_version(audit.lock_version)
        computed = service.preview_submission(audit).result.judgement
        form.override_judgement.data = audit.override_judgement or computed
        return _render_check(audit, form)

    if not form.validate():
        return _render_check(audit, form, [{"text": "The form had a problem: try again"}])
    try:
        outcome = service.submit(audit, current_user, form.override_judgement.data, form.override_reason.data,
                                 form.typed_lock_version())
    except service.EditConflict as conflict:
        form.set_lock_version(conflict.lock_version)
        return _render_check(audit, form, [{"text": conflict.message(current_user).replace(
            "Your answers are below but NOT saved: check them against the latest version and save again.",
            "It has NOT been submitted: check the answers and judgement below, then submit again.")}], status=409)
    except service.Incomplete:
        return _render_check(audit, form)
    except service.InvalidInput as error:
        for name, message in error.errors.items():
            form[name].errors = [message]
        errors = [{"text": message, "href": "#" + name} for name, message in error.errors.items()]
        return _render_check(audit, form, errors)
    if outcome.submitted_now:
        judgement = rules.judgement_label(outcome.audit.auditor_judgement)
        flash(f"Audit submitted. Your judgement: {judgement}.", "success")
    else:
        flash("This audit has been submitted.", "success")
    return redirect(url_for("audits.audit_view", audit_id=audit.id))


# --- The submitted audit ----------------------------------------------------------------------


def _render_view(audit: Audit, errors=(), status: int = 200):
    result = rules.score(audit.tool_version.definition, audit.answers or {})
    return render_template("audits/form/view.html", **_page_context(audit, result=result, errors=list(errors),
                                                                    outcome=outcomes.outcome_for(audit))), status


@bp.route("/audits/<int:audit_id>/submitted")
@roles_required(AUDITOR, *READERS)
def audit_view(audit_id: int):
    audit = _readable_audit(audit_id)
    if audit.submitted_at is None:
        return redirect(url_for("audits.audit", audit_id=audit.id))
    return _render_view(audit)


@bp.route("/audits/<int:audit_id>/audit.pdf")
@roles_required(AUDITOR, *READERS)
def audit_pdf(audit_id: int):
    audit = _readable_audit(audit_id)
    if audit.submitted_at is None:
        abort(404)
    from app.core.pdf import write_pdf

    result = rules.score(audit.tool_version.definition, audit.answers or {})
    html = render_template("audits/pdf/audit.html", **_page_context(audit, result=result,
                                                                    outcome=outcomes.outcome_for(audit)))
    response = make_response(write_pdf(html))
    response.headers["Content-Type"] = "application/pdf"
    # The reference is imported text: only plain characters reach the header.
    filename = "audit-" + re.sub(r"[^A-Za-z0-9._-]+", "_", audit.case.reference)[:80] + ".pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
