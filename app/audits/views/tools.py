"""Audit tools (administrators): the tools and their versions, import, export, editing the
draft's YAML in the browser (or one question's words in a form), publishing and retiring.
The rules are in tool_service."""
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from app.audits import rules, tool_service
from app.audits.views import bp
from app.auth.forms import ConfirmForm
from app.auth.roles import ADMIN
from app.core.access import roles_required
from app.core.datafile import DataFileError
from app.plan import rules as plan_rules

SHOWN_PROBLEMS = 20  # in the error summary; the full list is below it


class ToolImportForm(FlaskForm):
    file = FileField(
        "Upload a YAML file",
        description="An audit tool file, for example one exported from this service",
        widget=GovFileInput(),
        validators=[FileAllowed(["yaml", "yml"], message="The file must be a YAML file (.yaml)")],
    )
    text = TextAreaField("Or paste the tool's YAML", widget=GovTextArea())
    submit = SubmitField("Import as a draft", widget=GovSubmitInput())

    def validate_text(self, field):
        has_file = bool(self.file.data and getattr(self.file.data, "filename", ""))
        has_text = bool((field.data or "").strip())
        if has_file and has_text:
            raise ValidationError("Upload a file or paste YAML, not both")
        if not has_file and not has_text:
            raise ValidationError("Choose a YAML file or paste the tool's YAML")


class ToolEditForm(FlaskForm):
    text = TextAreaField("The tool's YAML", widget=GovTextArea(), validators=[DataRequired(message="Enter the tool's YAML")])
    based_on = HiddenField()
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class QuestionForm(FlaskForm):
    text = TextAreaField("Question", widget=GovTextArea(), validators=[DataRequired(message="Enter the question")])
    guidance = TextAreaField(
        "Guidance for the auditor", description="What good looks like. Leave blank for none.", widget=GovTextArea()
    )
    required = RadioField(
        "Must the auditor answer it?", widget=GovRadioInput(), choices=[("yes", "Yes"), ("no", "No, it can be left blank")],
        validators=[DataRequired(message="Select whether the question must be answered")],
    )
    based_on = HiddenField()
    submit = SubmitField("Save draft", widget=GovSubmitInput())


def _tool_or_404(key: str):
    tool = tool_service.tool_by_key(key)
    if tool is None:
        abort(404)
    return tool


def _version_or_404(key: str, number: int):
    tool = _tool_or_404(key)
    version = tool_service.version_of(tool, number)
    if version is None:
        abort(404)
    return tool, version


def _problems(error: DataFileError) -> list[str]:
    return [f"{error.source}: {problem}" for problem in error.problems]


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
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        if upload and upload.filename:
            source = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                text = None
                problems = [f"{source}: the file is not UTF-8 text; save it as UTF-8 and try again"]
        else:
            source, text = "pasted YAML", form.text.data
        if text is not None:
            try:
                version = tool_service.import_tool_yaml(text, source, user=current_user)
            except DataFileError as error:
                problems = _problems(error)
            except tool_service.ToolVersionError as error:
                problems = [str(error)]
            else:
                flash(
                    f"{version.tool.title}: draft version {version.version} saved. Check it, then publish it.",
                    "success",
                )
                return redirect(url_for("audits.tool_version", key=version.tool.key, number=version.version))
    field_id = "file" if form.file.data and getattr(form.file.data, "filename", "") else "text"
    status = 400 if problems or form.errors else 200
    return render_template(
        "audits/tools/import.html", form=form, problems=problems, field_id=field_id,
        error_list=[{"text": p, "href": f"#{field_id}"} for p in problems[:SHOWN_PROBLEMS]],
    ), status


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
        confirm_form=ConfirmForm(),
    )


@bp.route("/admin/audit-tools/<key>/versions/<int:number>/export")
@roles_required(ADMIN)
def tool_export(key: str, number: int):
    tool, version = _version_or_404(key, number)
    # The stored text is frozen; only the status line follows a later retirement.
    text = tool_service.stored_text(version.definition_yaml, version.definition, version.version, version.status)
    return Response(
        text,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{tool.key}-v{version.version}.yaml"'},
    )


@bp.route("/admin/audit-tools/<key>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_edit(key: str):
    tool = _tool_or_404(key)
    start_text, number = tool_service.edit_text(tool)
    copied_from = None if tool.draft else (tool.published or tool_service.latest(tool))
    form = ToolEditForm(data={"text": start_text, "based_on": tool_service.edit_base(tool)})
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            draft, created = tool_service.save_draft(tool, form.text.data, user=current_user, based_on=form.based_on.data)
        except DataFileError as error:
            problems = _problems(error)
        except tool_service.ToolVersionError as error:
            problems = [str(error)]
        else:
            flash(
                f"Draft version {draft.version} {'made' if created else 'saved'}. Publish it when it is ready.",
                "success",
            )
            return redirect(url_for("audits.tool_version", key=tool.key, number=draft.version))
    status = 400 if problems or form.errors else 200
    return render_template(
        "audits/tools/edit.html", tool=tool, form=form, number=number, copied_from=copied_from, problems=problems,
        error_list=[{"text": p, "href": "#text"} for p in problems[:SHOWN_PROBLEMS]],
    ), status


@bp.route("/admin/audit-tools/<key>/versions/<int:number>/publish", methods=["POST"])
@roles_required(ADMIN)
def tool_publish(key: str, number: int):
    tool, version = _version_or_404(key, number)
    if ConfirmForm().validate_on_submit():
        try:
            tool_service.publish(version, current_user)
        except tool_service.ToolVersionError as error:
            flash(str(error), "error" if version.status != rules.PUBLISHED else "info")
        else:
            flash(f"Version {version.version} of {tool.title} is published. New rounds will use it.", "success")
    return redirect(url_for("audits.tool_version", key=tool.key, number=version.version))


@bp.route("/admin/audit-tools/<key>/versions/<int:number>/retire", methods=["POST"])
@roles_required(ADMIN)
def tool_retire(key: str, number: int):
    tool, version = _version_or_404(key, number)
    if ConfirmForm().validate_on_submit():
        try:
            tool_service.retire(version, current_user)
        except tool_service.ToolVersionError as error:
            flash(str(error), "error" if version.status != rules.RETIRED else "info")
        else:
            now = tool.published
            flash(
                f"Version {version.version} of {tool.title} is retired. Audits done on it are kept. "
                + (f"New rounds will use version {now.version}." if now else "New rounds cannot use this tool until a version is published."),
                "success",
            )
    return redirect(url_for("audits.tool", key=tool.key))


@bp.route("/admin/audit-tools/<key>/questions/<question_key>", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_question(key: str, question_key: str):
    """Change one question's wording, guidance and whether it is required, without YAML."""
    tool = _tool_or_404(key)
    found = tool_service.question_to_edit(tool, question_key)
    if found is None:
        abort(404)
    question, number = found
    form = QuestionForm(data={
        "text": question.text, "guidance": question.guidance, "required": "yes" if question.required else "no",
        "based_on": tool_service.edit_base(tool),
    })
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            draft, created = tool_service.edit_question(
                tool, question_key, text=form.text.data, guidance=form.guidance.data,
                required=form.required.data == "yes", user=current_user, based_on=form.based_on.data,
            )
        except DataFileError as error:
            problems = _problems(error)
        except tool_service.ToolVersionError as error:
            problems = [str(error)]
        else:
            flash(
                f"Question saved in draft version {draft.version}{' (a new draft)' if created else ''}. Publish it when it is ready.",
                "success",
            )
            return redirect(url_for("audits.tool_version", key=tool.key, number=draft.version) + f"#q-{question_key}")
    status = 400 if problems or form.errors else 200
    return render_template(
        "audits/tools/question.html", tool=tool, question=question, number=number, form=form, problems=problems,
        error_list=[{"text": p, "href": "#text"} for p in problems[:SHOWN_PROBLEMS]],
    ), status
