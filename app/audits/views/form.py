"""The auditor's journey: my audits, the audit form (saved as a draft, with or without
JavaScript), corrective actions, checking and submitting, the submitted audit and its PDF.

Only the assigned auditor changes an audit. Administrators, moderators and QA viewers
read an audit once it has been submitted.
"""
import re
from datetime import date

from flask import (
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.audits import audit_service as service
from app.audits import rules, states
from app.audits.forms import (
    ANSWER_KINDS,
    CorrectiveActionForm,
    SubmitAuditForm,
    audit_form,
)
from app.audits.models import Audit
from app.audits.views import bp
from app.auth.roles import ADMIN, AUDITOR, MODERATOR, QA_VIEWER
from app.core.access import get_or_404, roles_required
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
        return audit
    abort(403)


def _page_context(audit: Audit, **extra) -> dict:
    tool = audit.tool_version.definition
    return dict(audit=audit, tool=tool, rules=rules, states=states, today=date.today(),
                overdue=service.is_overdue(audit, date.today()), local_time=service.local_time,
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


# --- The audit form ---------------------------------------------------------------------------


def _section_statuses(audit: Audit, tool, invalid: set[str]) -> list[dict]:
    """Each section's progress, for the task list at the top of the form."""
    answers = audit.answers or {}
    evidence = audit.evidence or {}
    items = []
    for section in tool.sections:
        required = [q for q in section.questions if q.required]
        answered = [q for q in section.questions if q.key in answers]
        wrong = [q for q in section.questions if q.key in invalid]
        done = all(q.key in answers for q in required) and not wrong and all(
            evidence.get(q.key) for q in required
            if q.evidence == rules.EVIDENCE_REQUIRED and answers.get(q.key) != rules.NOT_APPLICABLE
        )
        if wrong:
            status = {"tag": {"text": "Needs checking", "classes": "govuk-tag--red"}}
        elif done and answered:
            status = {"text": "Completed"}
        elif answered:
            status = {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}
        else:
            status = {"tag": {"text": "Not started", "classes": "govuk-tag--grey"}}
        items.append({"title": {"text": section.title}, "href": f"#section-{section.key}", "status": status,
                      "hint": {"text": f"{len(answered)} of {len(section.questions)} questions answered"}})
    return items


def _render_form(audit: Audit, form, errors=(), status: int = 200, saved=None):
    tool = audit.tool_version.definition
    invalid = set(service.invalid_answers(audit))
    return render_template(
        "audits/form/audit.html",
        **_page_context(audit, audit_form=form, errors=list(errors), saved=saved,
                        task_items=_section_statuses(audit, tool, invalid)),
    ), status


def _editable_or_refuse(audit: Audit):
    """None when the audit can be changed; otherwise the response refusing the change."""
    if audit.editable:
        return None
    if request.method == "GET":
        return redirect(url_for("audits.audit_view", audit_id=audit.id))
    return _render_view(audit, errors=[{"text": "This audit has been submitted, so it can no longer be changed."}], status=409)


def _save(audit: Audit, form):
    return service.save_draft(
        audit, current_user, form.typed_answers(), form.typed_evidence(), form.typed_collaborative(),
        form.worker_view.data, form.typed_lock_version(),
    )


@bp.route("/audits/<int:audit_id>", methods=["GET", "POST"])
@roles_required(AUDITOR)
def audit(audit_id: int):
    audit = _own_audit(audit_id)
    refused = _editable_or_refuse(audit)
    if refused is not None:
        return refused
    if request.method == "GET":
        form = audit_form(audit)
        form.show_invalid(service.invalid_answers(audit))
        return _render_form(audit, form, form.error_list())

    form = audit_form(audit, request.form)
    next_step = request.form.get("next")
    try:
        result = _save(audit, form)
    except service.EditConflict as conflict:
        form.set_lock_version(conflict.lock_version)
        return _render_form(audit, form, [{"text": conflict.message(current_user), "href": "#audit-form"}], status=409)
    form.set_lock_version(result.lock_version)
    if next_step == "check":
        return redirect(url_for("audits.audit_check", audit_id=audit.id))
    if next_step == "action":
        return redirect(url_for("audits.audit_actions", audit_id=audit.id))
    if result.invalid:
        form.show_invalid(result.invalid)
        return _render_form(audit, form, form.error_list(), saved=result)
    flash(f"Your draft was saved at {result.saved_at_text}.", "success")
    return redirect(url_for("audits.audit", audit_id=audit.id))


@bp.route("/audits/<int:audit_id>/autosave", methods=["POST"])
@roles_required(AUDITOR)
def audit_autosave(audit_id: int):
    """Save as you go: the form posted by audit-form.js. JSON, never a page."""
    audit = _own_audit(audit_id)
    if not audit.editable:
        return jsonify(error="This audit has been submitted, so it can no longer be changed.",
                       submitted=True), 409
    form = audit_form(audit, request.form)
    try:
        result = _save(audit, form)
    except service.EditConflict as conflict:
        return jsonify(
            error=conflict.message(current_user),
            saved_by=conflict.who(current_user),
            saved_at=service.local_time(conflict.saved_at),
            lock_version=conflict.lock_version,
        ), 409
    form.show_invalid(result.invalid)
    return jsonify(
        lock_version=result.lock_version,
        saved_at=result.saved_at_text,
        state=result.state,
        problems=[{"text": e["text"], "href": e["href"]} for e in form.error_list()],
    )


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
            return redirect(url_for("audits.audit", audit_id=audit.id) + "#corrective-actions")
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


def _problem_links(audit: Audit, problems, form) -> list[dict]:
    base = url_for("audits.audit", audit_id=audit.id)
    links = []
    tool = audit.tool_version.definition
    for problem in problems:
        text = problem.text
        if problem.question_key and problem.target == "answer":
            q = tool.question(problem.question_key)
            text = ANSWER_KINDS[q.kind].error(q, text)
        links.append({"text": text, "href": base + "#" + form.anchor(problem.question_key, problem.target)})
    return links


def _render_check(audit: Audit, form, errors=(), status: int = 200):
    preview = service.preview_submission(audit)
    answers_form = audit_form(audit)
    return render_template(
        "audits/form/check.html",
        **_page_context(audit, preview=preview, submit_form=form, errors=list(errors), anchor=answers_form.anchor,
                        problems=_problem_links(audit, preview.problems, answers_form),
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
