"""The audit form as a task list (the GOV.UK task list pattern): the audit's overview with a
status for each part, a page per section of the tool with its guidance and questions, and
a page for the collaborative audit. Each page saves only its own part, with or without
JavaScript's autosave; every save names the version it was based on (`lock_version`), so
two windows saving the same audit are told, never silently overwritten.
"""
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.audits import audit_service as service
from app.audits import branching, progress
from app.audits.forms import audit_form, collaborative_form
from app.audits.models import Audit
from app.audits.views.blueprint import bp
from app.audits.views.form import _editable_or_refuse, _own_audit, _page_context
from app.auth.roles import AUDITOR
from app.core.access import roles_required

TAGS = {
    progress.NOT_STARTED: "govuk-tag--grey",
    progress.IN_PROGRESS: "govuk-tag--light-blue",
    progress.NEEDS_CHECKING: "govuk-tag--red",
}
COLLABORATIVE = "Collaborative audit"


def _status(status: str, label: str) -> dict:
    """A task's status as the task list shows it: Completed as plain text, the rest as tags."""
    if status == progress.COMPLETED:
        return {"text": label}
    return {"tag": {"text": label, "classes": TAGS[status]}}


def _section_or_404(audit: Audit, section_key: str):
    section = next((s for s in audit.tool_version.definition.sections if s.key == section_key), None)
    if section is None:
        abort(404)
    return section


def _sections_progress(audit: Audit) -> list[progress.SectionProgress]:
    return progress.sections_progress(audit.tool_version.definition, audit.answers, audit.evidence,
                                      set(service.invalid_answers(audit)))


# --- The overview -----------------------------------------------------------------------------


@bp.route("/audits/<int:audit_id>")
@roles_required(AUDITOR)
def audit(audit_id: int):
    audit = _own_audit(audit_id)
    refused = _editable_or_refuse(audit)
    if refused is not None:
        return refused
    sections = _sections_progress(audit)
    tool = audit.tool_version.definition
    items = []
    for s in sections:
        if s.status == progress.NOT_NEEDED:
            # Not asked, because of an earlier answer: said why, and no page to go to.
            condition = next(t.show_when for t in tool.sections if t.key == s.key)
            why = (f"Asked only when {branching.condition_text(tool, condition)}" if condition
                   else "Not asked, because of your earlier answers")
            items.append({"title": {"text": s.title}, "hint": {"text": why}, "status": {"text": s.label}})
            continue
        items.append({"title": {"text": s.title},
                      "href": url_for("audits.audit_section", audit_id=audit.id, section_key=s.key),
                      "hint": {"text": f"{s.answered} of {s.questions} questions answered"},
                      "status": _status(s.status, s.label)})
    collaborative = progress.COMPLETED if audit.collaborative is not None else progress.NOT_STARTED
    raised = len(audit.corrective_actions)
    items += [
        {"title": {"text": COLLABORATIVE}, "href": url_for("audits.audit_collaborative", audit_id=audit.id),
         "status": _status(collaborative, progress.STATUSES[collaborative])},
        {"title": {"text": "Corrective actions"}, "href": url_for("audits.audit_actions", audit_id=audit.id),
         "hint": {"text": "Anything that must be put right for this child"},
         "status": {"text": "None raised" if raised == 0 else f"{raised} raised"}},
    ]
    asked = [s for s in sections if s.status != progress.NOT_NEEDED]
    completed = sum(1 for s in asked if s.status == progress.COMPLETED) + (collaborative == progress.COMPLETED)
    return render_template("audits/form/audit.html", **_page_context(
        audit, task_items=items, completed=completed, parts=len(asked) + 1))


# --- A section's page ---------------------------------------------------------------------------


def _render_section(audit: Audit, section, form, errors=(), status: int = 200, saved=None):
    tool = audit.tool_version.definition
    keys = [s.key for s in tool.sections]
    # The questions this page asks, given the answers stored (see branching.on_page).
    page = branching.on_page(tool, section, audit.answers)
    return render_template("audits/form/section.html", **_page_context(
        audit, section=section, number=keys.index(section.key) + 1, audit_form=form, errors=list(errors),
        saved=saved, page_questions=page)), status


@bp.route("/audits/<int:audit_id>/sections/<section_key>", methods=["GET", "POST"])
@roles_required(AUDITOR)
def audit_section(audit_id: int, section_key: str):
    audit = _own_audit(audit_id)
    refused = _editable_or_refuse(audit)
    if refused is not None:
        return refused
    section = _section_or_404(audit, section_key)
    if request.method == "GET":
        form = audit_form(audit, section=section)
        form.show_invalid(service.invalid_answers(audit))
        return _render_section(audit, section, form, form.error_list())

    form = audit_form(audit, request.form, section=section)
    try:
        result = service.save_section(audit, current_user, section.key, form.typed_answers(), form.typed_evidence(),
                                      form.typed_lock_version())
    except service.EditConflict as conflict:
        form.set_lock_version(conflict.lock_version)
        return _render_section(audit, section, form, [{"text": conflict.message(current_user), "href": "#audit-form"}],
                               status=409)
    if result.invalid:
        # Kept as typed, and shown here to correct rather than carried on to the next page.
        form.set_lock_version(result.lock_version)
        form.show_invalid(result.invalid)
        return _render_section(audit, section, form, form.error_list(), saved=result)
    if request.form.get("next") == "continue":
        following = progress.next_section(audit.tool_version.definition, section.key, audit.answers)
        if following is None:
            return redirect(url_for("audits.audit_collaborative", audit_id=audit.id))
        return redirect(url_for("audits.audit_section", audit_id=audit.id, section_key=following))
    flash(f"Your answers to ‘{section.title}’ were saved at {result.saved_at_text}.", "success")
    return redirect(url_for("audits.audit", audit_id=audit.id))


def _autosave(audit: Audit, save):
    """Save as you go: a page's form posted by audit-form.js. JSON, never a page."""
    if not audit.editable:
        return jsonify(error="This audit has been submitted, so it can no longer be changed.",
                       submitted=True), 409
    try:
        result, problems = save()
    except service.EditConflict as conflict:
        return jsonify(
            error=conflict.message(current_user),
            saved_by=conflict.who(current_user),
            saved_at=service.local_time(conflict.saved_at),
            lock_version=conflict.lock_version,
        ), 409
    return jsonify(lock_version=result.lock_version, saved_at=result.saved_at_text, state=result.state,
                   problems=problems)


@bp.route("/audits/<int:audit_id>/sections/<section_key>/autosave", methods=["POST"])
@roles_required(AUDITOR)
def audit_section_autosave(audit_id: int, section_key: str):
    audit = _own_audit(audit_id)
    section = _section_or_404(audit, section_key)

    def save():
        form = audit_form(audit, request.form, section=section)
        result = service.save_section(audit, current_user, section.key, form.typed_answers(),
                                      form.typed_evidence(), form.typed_lock_version())
        form.show_invalid(result.invalid)
        return result, [{"text": e["text"], "href": e["href"]} for e in form.error_list()]

    return _autosave(audit, save)


# --- The collaborative audit --------------------------------------------------------------------


def _save_collaborative(audit: Audit, form):
    return service.save_collaborative(audit, current_user, form.typed_collaborative(), form.worker_view.data,
                                      form.typed_lock_version())


@bp.route("/audits/<int:audit_id>/collaborative-audit", methods=["GET", "POST"])
@roles_required(AUDITOR)
def audit_collaborative(audit_id: int):
    audit = _own_audit(audit_id)
    refused = _editable_or_refuse(audit)
    if refused is not None:
        return refused
    if request.method == "GET":
        return render_template("audits/form/collaborative.html", **_page_context(
            audit, audit_form=collaborative_form(audit), errors=[]))
    form = collaborative_form(audit, request.form)
    try:
        result = _save_collaborative(audit, form)
    except service.EditConflict as conflict:
        form.set_lock_version(conflict.lock_version)
        errors = [{"text": conflict.message(current_user), "href": "#audit-form"}]
        return render_template("audits/form/collaborative.html", **_page_context(
            audit, audit_form=form, errors=errors)), 409
    if request.form.get("next") == "continue":
        return redirect(url_for("audits.audit_actions", audit_id=audit.id))
    flash(f"Your answers to ‘{COLLABORATIVE}’ were saved at {result.saved_at_text}.", "success")
    return redirect(url_for("audits.audit", audit_id=audit.id))


@bp.route("/audits/<int:audit_id>/collaborative-audit/autosave", methods=["POST"])
@roles_required(AUDITOR)
def audit_collaborative_autosave(audit_id: int):
    audit = _own_audit(audit_id)
    return _autosave(audit, lambda: (_save_collaborative(audit, collaborative_form(audit, request.form)), []))
