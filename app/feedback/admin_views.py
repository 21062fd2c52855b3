"""Questionnaires (administrators): the questionnaires and their versions, import, export,
editing a draft's YAML in the browser, publishing and retiring - as for audit tools
(`app.audits.views.tools`). Reading-level warnings are shown to the author on the version
page (the preview) and when checking an edit. The rules are in questionnaire_service."""
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextArea
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from app.auth.forms import ConfirmForm
from app.auth.roles import ADMIN
from app.core.access import roles_required
from app.core.datafile import DataFileError
from app.feedback import questionnaire_service as service
from app.feedback import rules
from app.feedback.views import _me, bp

SHOWN_PROBLEMS = 20  # in the error summary; the full list is below it


class QuestionnaireImportForm(FlaskForm):
    file = FileField(
        "Upload a YAML file",
        description="A questionnaire file, for example one exported from this service",
        widget=GovFileInput(),
        validators=[FileAllowed(["yaml", "yml"], message="The file must be a YAML file (.yaml)")],
    )
    text = TextAreaField("Or paste the questionnaire's YAML", widget=GovTextArea())
    submit = SubmitField("Import as a draft", widget=GovSubmitInput())

    def validate_text(self, field):
        has_file = bool(self.file.data and getattr(self.file.data, "filename", ""))
        has_text = bool((field.data or "").strip())
        if has_file and has_text:
            raise ValidationError("Upload a file or paste YAML, not both")
        if not has_file and not has_text:
            raise ValidationError("Choose a YAML file or paste the questionnaire's YAML")


class QuestionnaireEditForm(FlaskForm):
    text = TextAreaField("The questionnaire's YAML", widget=GovTextArea(),
                         validators=[DataRequired(message="Enter the questionnaire's YAML")])
    based_on = HiddenField()
    check = SubmitField("Check reading level", widget=GovSubmitInput())
    submit = SubmitField("Save draft", widget=GovSubmitInput())


def _questionnaire_or_404(key: str):
    questionnaire = service.questionnaire_by_key(key)
    if questionnaire is None:
        abort(404)
    return questionnaire


def _version_or_404(key: str, number: int):
    questionnaire = _questionnaire_or_404(key)
    version = service.version_of(questionnaire, number)
    if version is None:
        abort(404)
    return questionnaire, version


def _problems(error: DataFileError) -> list[str]:
    return [f"{error.source}: {problem}" for problem in error.problems]


def _warned(message: str, definition) -> None:
    flash(message, "success")
    warnings = service.reading_level(definition)
    if warnings:
        flash(f"{len(warnings)} piece{'s' if len(warnings) != 1 else ''} of text may be too hard to read for"
              f" {rules.AUDIENCES[definition.audience].lower()}: see the reading level below.", "info")


@bp.route("/admin/questionnaires")
@roles_required(ADMIN)
def questionnaires():
    return render_template(
        "feedback/questionnaires/index.html", questionnaires=service.questionnaires(),
        responses=service.response_counts(), rules=rules,
    )


@bp.route("/admin/questionnaires/import", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_import():
    form = QuestionnaireImportForm()
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
                version = service.import_questionnaire_yaml(text, source, user=_me())
            except DataFileError as error:
                problems = _problems(error)
            except service.QuestionnaireVersionError as error:
                problems = [str(error)]
            else:
                _warned(f"{version.questionnaire.title}: draft version {version.version} saved. Check it, then publish it.",
                        version.definition)
                return redirect(url_for("feedback.questionnaire_version", key=version.questionnaire.key,
                                        number=version.version))
    field_id = "file" if form.file.data and getattr(form.file.data, "filename", "") else "text"
    return render_template(
        "feedback/questionnaires/import.html", form=form, problems=problems, field_id=field_id,
        error_list=[{"text": p, "href": f"#{field_id}"} for p in problems[:SHOWN_PROBLEMS]],
    ), 400 if problems or form.errors else 200


@bp.route("/admin/questionnaires/<key>")
@roles_required(ADMIN)
def questionnaire(key: str):
    questionnaire = _questionnaire_or_404(key)
    return render_template(
        "feedback/questionnaires/questionnaire.html", questionnaire=questionnaire,
        responses=service.response_counts(questionnaire.versions), campaigns=service.campaign_counts(),
        confirm_form=ConfirmForm(),
    )


@bp.route("/admin/questionnaires/<key>/versions/<int:number>")
@roles_required(ADMIN)
def questionnaire_version(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)
    definition = version.definition
    return render_template(
        "feedback/questionnaires/version.html", questionnaire=questionnaire, version=version, definition=definition,
        warnings=service.reading_level(definition), scale=rules.SCALES[definition.scale], rules=rules,
        responses=service.response_counts([version]).get(version.id, 0), confirm_form=ConfirmForm(),
    )


@bp.route("/admin/questionnaires/<key>/versions/<int:number>/export")
@roles_required(ADMIN)
def questionnaire_export(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)
    # The stored text is frozen; only the status line follows a later retirement.
    text = service.stored_text(version.definition_yaml, version.definition, version.version, version.status)
    return Response(text, mimetype="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="{questionnaire.key}-v{version.version}.yaml"'})


@bp.route("/admin/questionnaires/<key>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_edit(key: str):
    questionnaire = _questionnaire_or_404(key)
    start_text, number = service.edit_text(questionnaire)
    copied_from = None if questionnaire.draft else (questionnaire.published or service.latest(questionnaire))
    form = QuestionnaireEditForm(data={"text": start_text, "based_on": service.edit_base(questionnaire)})
    problems: list[str] = []
    warnings = None
    if form.validate_on_submit():
        try:
            if form.check.data:  # a preview: check and warn, save nothing
                warnings = service.reading_level(service.check_text(form.text.data, f"{questionnaire.key} (draft)"))
            else:
                draft, created = service.save_draft(questionnaire, form.text.data, user=_me(), based_on=form.based_on.data)
        except DataFileError as error:
            problems = _problems(error)
        except service.QuestionnaireVersionError as error:
            problems = [str(error)]
        else:
            if warnings is None:
                _warned(f"Draft version {draft.version} {'made' if created else 'saved'}. Publish it when it is ready.",
                        draft.definition)
                return redirect(url_for("feedback.questionnaire_version", key=questionnaire.key, number=draft.version))
    return render_template(
        "feedback/questionnaires/edit.html", questionnaire=questionnaire, form=form, number=number,
        copied_from=copied_from, problems=problems, warnings=warnings,
        error_list=[{"text": p, "href": "#text"} for p in problems[:SHOWN_PROBLEMS]],
    ), 400 if problems or form.errors else 200


@bp.route("/admin/questionnaires/<key>/versions/<int:number>/publish", methods=["POST"])
@roles_required(ADMIN)
def questionnaire_publish(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)
    if ConfirmForm().validate_on_submit():
        try:
            service.publish(version, _me())
        except service.QuestionnaireVersionError as error:
            flash(str(error), "error" if version.status != rules.PUBLISHED else "info")
        else:
            flash(f"Version {version.version} of {questionnaire.title} is published. New campaigns will use it.", "success")
    return redirect(url_for("feedback.questionnaire_version", key=questionnaire.key, number=version.version))


@bp.route("/admin/questionnaires/<key>/versions/<int:number>/retire", methods=["POST"])
@roles_required(ADMIN)
def questionnaire_retire(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)
    if ConfirmForm().validate_on_submit():
        try:
            service.retire(version, _me())
        except service.QuestionnaireVersionError as error:
            flash(str(error), "error" if version.status != rules.RETIRED else "info")
        else:
            now = questionnaire.published
            flash(
                f"Version {version.version} of {questionnaire.title} is retired. Campaigns already using it keep it. "
                + (f"New campaigns will use version {now.version}." if now
                   else "New campaigns cannot use this questionnaire until a version is published."),
                "success",
            )
    return redirect(url_for("feedback.questionnaire", key=questionnaire.key))
