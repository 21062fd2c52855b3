"""Audit tools (administrators): the tools and their versions, import, export, editing the
draft's YAML in the browser (for bulk changes; the editor without YAML is tool_editor),
publishing and retiring. The rules are in tool_service."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.audits import audit_service, branching, explain, rules, tool_service
from app.audits.forms import audit_form_class
from app.audits.views.blueprint import bp
from app.auth.forms import ConfirmForm
from app.auth.roles import ADMIN
from app.core import versioned_admin as admin
from app.core.access import roles_required
from app.core.datafile import DataFileError
from app.plan import rules as plan_rules

ToolImportForm = admin.yaml_import_form("tool", "An audit tool")
ToolEditForm = admin.yaml_edit_form("tool")
CANNOT_SAVE = (DataFileError, tool_service.ToolVersionError)


def _tool_or_404(key: str):
    return admin.found_or_404(tool_service.tool_by_key(key))


def _version_or_404(key: str, number: int):
    tool = _tool_or_404(key)
    return tool, admin.found_or_404(tool_service.version_of(tool, number))


@bp.route("/admin/audit-tools")
@roles_required(ADMIN)
def tools():
    all_tools = tool_service.tools()
    audit_kind = tool_service.measures_coverage([plan_rules.AUDIT])[0]
    return render_template(
        "audits/tools/index.html", tools=all_tools, counts=tool_service.audit_counts(), coverage=audit_kind
    )


@bp.route("/admin/audit-tools/import", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_import():
    form = ToolImportForm()
    version, problems = admin.import_from(
        form, lambda text, source: tool_service.import_tool_yaml(text, source, user=current_user), CANNOT_SAVE
    )
    if version is not None:
        flash(f"{version.tool.title}: draft version {version.version} saved. Check it, then publish it.", "success")
        return redirect(url_for("audits.tool_version", key=version.tool.key, number=version.version))
    field_id = "file" if admin.has_upload(form) else "text"
    return admin.page("audits/tools/import.html", form, problems, field_id)


@bp.route("/admin/audit-tools/<key>")
@roles_required(ADMIN)
def tool(key: str):
    tool = _tool_or_404(key)
    return render_template(
        "audits/tools/tool.html", tool=tool, counts=tool_service.audit_counts(tool.versions), confirm_form=ConfirmForm()
    )


@bp.route("/admin/audit-tools/<key>/versions/<int:number>")
@roles_required(ADMIN)
def tool_version(key: str, number: int):
    tool, version = _version_or_404(key, number)
    definition = version.definition
    return render_template(
        "audits/tools/version.html",
        tool=tool,
        version=version,
        definition=definition,
        audits=tool_service.audit_counts([version]).get(version.id, 0),
        scoring=tool_service.describe_scoring(definition),
        measures=tool_service.linked_measures(definition),
        service=tool_service,
        rules=rules,
        branching=branching,
        confirm_form=ConfirmForm(),
    )


@bp.route("/admin/audit-tools/<key>/versions/<int:number>/preview", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_preview(key: str, number: int):
    """The audit form of any version (a draft too) as the auditor will see it, and the
    judgement a sample set of answers typed into it would get, and why. Nothing is saved."""
    tool, version = _version_or_404(key, number)
    definition = version.definition
    form = audit_form_class(definition)(formdata=request.form if request.method == "POST" else None)
    # CSRF is checked for every POST by the app (CSRFProtect); the answers need no checks of
    # their own: one a question cannot take is listed in the explanation as not counted.
    explanation = explain.explain_judgement(definition, form.typed_answers()) if request.method == "POST" else None
    return render_template(
        "audits/tools/preview.html", tool=tool, version=version, definition=definition, form=form,
        explanation=explanation, branching=branching, rules=rules,
        measure_texts=audit_service.measure_texts(definition.measure_keys()),
    )


@bp.route("/admin/audit-tools/<key>/versions/<int:number>/export")
@roles_required(ADMIN)
def tool_export(key: str, number: int):
    tool, version = _version_or_404(key, number)
    return admin.export(tool.key, version, tool_service.stored_text)


@bp.route("/admin/audit-tools/<key>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_edit(key: str):
    tool = _tool_or_404(key)
    form, number, copied_from = admin.edit_form(ToolEditForm, tool_service.VERSIONS, tool)
    saved, problems = admin.attempt(form, lambda: tool_service.save_draft(
        tool, form.text.data, user=current_user, based_on=form.based_on.data), CANNOT_SAVE)
    if saved:
        draft, created = saved
        flash(f"Draft version {draft.version} {'made' if created else 'saved'}. Publish it when it is ready.", "success")
        return redirect(url_for("audits.tool_version", key=tool.key, number=draft.version))
    return admin.page("audits/tools/edit.html", form, problems, tool=tool, number=number, copied_from=copied_from)


@bp.route("/admin/audit-tools/<key>/versions/<int:number>/publish", methods=["POST"])
@roles_required(ADMIN)
def tool_publish(key: str, number: int):
    tool, version = _version_or_404(key, number)
    admin.change_status(
        tool_service.publish, version, current_user, tool_service.ToolVersionError, rules.PUBLISHED,
        lambda: f"Version {version.version} of {tool.title} is published. New rounds will use it.",
    )
    return redirect(url_for("audits.tool_version", key=tool.key, number=version.version))


@bp.route("/admin/audit-tools/<key>/versions/<int:number>/retire", methods=["POST"])
@roles_required(ADMIN)
def tool_retire(key: str, number: int):
    tool, version = _version_or_404(key, number)

    def done():
        now = tool.published
        return f"Version {version.version} of {tool.title} is retired. Audits done on it are kept. " + (
            f"New rounds will use version {now.version}." if now
            else "New rounds cannot use this tool until a version is published."
        )

    admin.change_status(tool_service.retire, version, current_user, tool_service.ToolVersionError, rules.RETIRED, done)
    return redirect(url_for("audits.tool", key=tool.key))
