"""An agency's part of a case audit (its own auditor completes it; the QA group reads it),
and the lead auditor's joint section, joint judgement and the actions each agency owns.
No other agency's auditor reaches a part that is not theirs (rules.may_see_part)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.audits import rules as audit_rules
from app.audits import states
from app.audits.forms import audit_form_class, audit_form_data
from app.audits.models import Audit
from app.auth.roles import ADMIN, AUDITOR, PARTNER_AUDITOR, QA_VIEWER
from app.core.access import get_or_404, roles_required
from app.partnership import rules
from app.partnership import services as service
from app.partnership.blueprint import bp
from app.partnership.forms import AgencyActionForm, JointSubmitForm
from app.partnership.models import AuditPart
from app.partnership.views import mround_or_404

PART_PEOPLE = (ADMIN, QA_VIEWER, AUDITOR, PARTNER_AUDITOR)


def _part_form(part: AuditPart, formdata=None):
    tool = part.audit.tool_version.definition
    cls = audit_form_class(tool, part.section)
    if formdata is not None:
        return cls(formdata=formdata)
    return cls(formdata=None, data=audit_form_data(part, cls.questions))


def _render_part(part, mround, form, errors=(), status=200):
    editable = rules.may_complete_part(current_user, part.auditor_id) and not part.submitted
    tool = part.audit.tool_version.definition
    score = rules.part_score(tool, part.section, part.answers or {}) if part.submitted else None
    return render_template("partnership/part.html", part=part, mround=mround, section=part.section, form=form,
                           editable=editable, errors=list(errors), score=score, rules=audit_rules), status


@bp.route("/parts/<int:part_id>", methods=["GET", "POST"])
@roles_required(*PART_PEOPLE)
def part(part_id: int):
    part = get_or_404(AuditPart, part_id)
    mround = mround_or_404(part.audit.round_id)
    if not rules.may_see_part(current_user, part.auditor_id, mround.lead_auditor_id):
        abort(403)
    if request.method == "GET":
        return _render_part(part, mround, _part_form(part))
    if not rules.may_complete_part(current_user, part.auditor_id):
        abort(403)
    form = _part_form(part, request.form)
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        abort(400)
    try:
        saved = service.save_part(part, current_user, form.typed_answers(), form.typed_evidence(),
                                  form.typed_lock_version())
    except service.EditConflict:
        return _render_part(part, mround, _part_form(part), [
            {"text": "This part was saved in another window since you opened it: check the answers and save again.",
             "href": "#audit-form"}], 409)
    except service.NotAllowed as refused:
        flash(str(refused), "error")
        return redirect(url_for("partnership.part", part_id=part.id))
    if saved.invalid:
        form.set_lock_version(part.lock_version)
        form.show_invalid(saved.invalid)
        return _render_part(part, mround, form, form.error_list(), 400)
    if request.form.get("next") == "submit":
        problems = service.submit_part(part, current_user)
        if problems:
            form.set_lock_version(part.lock_version)
            return _render_part(part, mround, form, [{"text": p, "href": "#audit-form"} for p in problems], 400)
        flash(f"Your agency's part of the audit of case {part.audit.case.reference} was submitted.", "success")
        return redirect(url_for("partnership.index"))
    flash("Your answers were saved. Submit the part when every question is answered.", "success")
    return redirect(url_for("partnership.part", part_id=part.id))


# --- The lead auditor's joint section ----------------------------------------------------------


def _lead_audit(audit_id: int):
    audit = get_or_404(Audit, audit_id)
    mround = mround_or_404(audit.round_id)
    if current_user.id != mround.lead_auditor_id and not current_user.has_role(ADMIN, QA_VIEWER):
        abort(403)
    return audit, mround


def _joint_form(audit, formdata=None):
    tool = audit.tool_version.definition
    cls = audit_form_class(tool, rules.joint_section(tool))
    if formdata is not None:
        return cls(formdata=formdata)
    return cls(formdata=None, data=audit_form_data(audit, cls.questions))


def _render_joint(audit, mround, form, submit_form, errors=(), status=200):
    parts = service.parts_of(audit)
    tool = audit.tool_version.definition
    return render_template(
        "partnership/joint.html", audit=audit, mround=mround, parts=parts, form=form, submit_form=submit_form,
        section=rules.joint_section(tool), ready=rules.joint_ready([p.state for p in parts]),
        preview=service.joint_preview(audit, parts), errors=list(errors), rules=audit_rules, states=states,
        is_lead=current_user.id == mround.lead_auditor_id,
        part_scores={p.id: rules.part_score(tool, p.section, p.answers or {}) for p in parts if p.submitted},
    ), status


@bp.route("/audits/<int:audit_id>", methods=["GET", "POST"])
@roles_required(ADMIN, QA_VIEWER, AUDITOR)
def joint(audit_id: int):
    audit, mround = _lead_audit(audit_id)
    if request.method == "GET":
        return _render_joint(audit, mround, _joint_form(audit), JointSubmitForm())
    if current_user.id != mround.lead_auditor_id:
        abort(403)
    form = _joint_form(audit, request.form)
    submit_form = JointSubmitForm()
    try:
        invalid = service.save_joint(audit, current_user, form.typed_answers(), form.typed_evidence())
    except service.NotAllowed as refused:
        flash(str(refused), "error")
        return redirect(url_for("partnership.joint", audit_id=audit.id))
    if invalid:
        form.show_invalid(invalid)
        return _render_joint(audit, mround, form, submit_form, form.error_list(), 400)
    if request.form.get("next") != "submit":
        flash("The joint section was saved.", "success")
        return redirect(url_for("partnership.joint", audit_id=audit.id))
    try:
        problems = service.submit_joint(audit, current_user, submit_form.override_judgement.data,
                                        submit_form.override_reason.data)
    except service.Refused as refused:
        for field, message in refused.errors.items():
            submit_form[field].errors = [message]
        return _render_joint(audit, mround, form, submit_form,
                             [{"text": m, "href": f"#{f}"} for f, m in refused.errors.items()], 400)
    if problems:
        return _render_joint(audit, mround, form, submit_form, [{"text": p, "href": "#joint-form"} for p in problems], 400)
    flash(f"The joint judgement of case {audit.case.reference} was submitted.", "success")
    return redirect(url_for("partnership.round_page", round_id=mround.round_id))


@bp.route("/audits/<int:audit_id>/actions", methods=["GET", "POST"])
@roles_required(ADMIN, AUDITOR)  # the lead: a council auditor or an administrator
def add_action(audit_id: int):
    audit, mround = _lead_audit(audit_id)
    if current_user.id != mround.lead_auditor_id:
        abort(403)
    form = AgencyActionForm()
    form.set_owners(service.action_owners(mround))
    errors = []
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                service.raise_action(audit, current_user, form.description.data, int(form.owner_id.data),
                                     form.due_date.date)
            except service.Refused as refused:
                for field, message in refused.errors.items():
                    form[field].errors = [message]
            else:
                flash("The action was raised.", "success")
                return redirect(url_for("partnership.joint", audit_id=audit.id))
        errors = [{"text": f.errors[0], "href": f"#{f.id}"} for f in form if f.errors]
    return render_template("partnership/action.html", audit=audit, mround=mround, form=form, errors=errors), \
        (400 if errors else 200)
