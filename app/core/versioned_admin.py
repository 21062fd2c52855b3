"""The administrators' pages for a versioned data file (an audit tool, a questionnaire): the
forms for importing and editing its YAML, reading an upload, exporting a version, and
publishing or retiring one. The rules of versions are in `app.core.versioning`; each
domain's views say only what differs (its words, what follows a publish)."""
from __future__ import annotations

from collections.abc import Callable

from flask import Response, abort, flash, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextArea
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from app.auth.forms import ConfirmForm
from app.core.datafile import DataFileError

SHOWN_PROBLEMS = 20  # in the error summary; the full list is below it


def yaml_import_form(noun: str, described_as: str) -> type[FlaskForm]:
    """A form to import a file by upload or by pasting its YAML (one, not both).
    `noun` is "tool" or "questionnaire"; `described_as` is "An audit tool", "A questionnaire"."""

    class YamlImportForm(FlaskForm):
        file = FileField(
            "Upload a YAML file",
            description=f"{described_as} file, for example one exported from this service",
            widget=GovFileInput(),
            validators=[FileAllowed(["yaml", "yml"], message="The file must be a YAML file (.yaml)")],
        )
        text = TextAreaField(f"Or paste the {noun}'s YAML", widget=GovTextArea())
        submit = SubmitField("Import as a draft", widget=GovSubmitInput())

        def validate_text(self, field):
            has_file = has_upload(self)
            has_text = bool((field.data or "").strip())
            if has_file and has_text:
                raise ValidationError("Upload a file or paste YAML, not both")
            if not has_file and not has_text:
                raise ValidationError(f"Choose a YAML file or paste the {noun}'s YAML")

    return YamlImportForm


def yaml_edit_form(noun: str) -> type[FlaskForm]:
    """A form to edit a draft's YAML; `based_on` is what the editor started from (`Versioning.edit_base`)."""

    class YamlEditForm(FlaskForm):
        text = TextAreaField(f"The {noun}'s YAML", widget=GovTextArea(),
                             validators=[DataRequired(message=f"Enter the {noun}'s YAML")])
        based_on = HiddenField()
        submit = SubmitField("Save draft", widget=GovSubmitInput())

    return YamlEditForm


def found_or_404(found):
    """A tool, questionnaire or version looked up from the URL; Not Found if there is none."""
    if found is None:
        abort(404)
    return found


def has_upload(form) -> bool:
    return bool(form.file.data and getattr(form.file.data, "filename", ""))


def imported_text(form) -> tuple[str, str | None, list[str]]:
    """(source, text, problems) of a valid import form: the upload's name and text, or the
    pasted YAML. A file that is not UTF-8 gives no text and a problem naming it."""
    if not has_upload(form):
        return "pasted YAML", form.text.data, []
    upload = form.file.data
    source = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    try:
        return source, upload.read().decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return source, None, [f"{source}: the file is not UTF-8 text; save it as UTF-8 and try again"]


def attempt(form, action: Callable, errors: tuple[type[Exception], ...]) -> tuple[object | None, list[str]]:
    """(what `action()` returned, problems) once the form is sent and valid; (None, []) before.
    If `action` raises one of `errors`, nothing was saved and the problems say why."""
    if not form.validate_on_submit():
        return None, []
    try:
        return action(), []
    except errors as error:
        return None, problems_of(error)


def import_from(form, save: Callable, errors: tuple[type[Exception], ...]) -> tuple[object | None, list[str]]:
    """(version, problems) of an import form: `save(text, source)` makes the draft from the
    upload or the pasted YAML; nothing is saved if the text cannot be read."""
    def read_and_save():
        source, text, problems = imported_text(form)
        return (None, problems) if text is None else (save(text, source), [])

    result, problems = attempt(form, read_and_save, errors)
    return result or (None, problems)


def edit_form(form_class, versions, parent):
    """(form, number, copied_from) of an editor of the parent's YAML: the form holding the
    text it starts with, the version number it will be saved as, and the version a new
    draft is copied from (None when the draft itself is edited)."""
    start_text, number = versions.edit_text(parent)
    copied_from = None if parent.draft else (parent.published or versions.latest(parent))
    return form_class(data={"text": start_text, "based_on": versions.edit_base(parent)}), number, copied_from


def page(template: str, form, problems: list[str], field_id: str = "text", **context):
    """A form page, with status 400 when what was sent is refused; the error summary links to `field_id`."""
    return render_template(
        template, form=form, problems=problems, field_id=field_id, error_list=error_list(problems, field_id), **context
    ), 400 if problems or form.errors else 200


def problems_of(error: Exception) -> list[str]:
    """What an administrator is shown for a file that cannot be saved."""
    if isinstance(error, DataFileError):
        return error.with_source()
    return [str(error)]


def error_list(problems: list[str], field_id: str = "text") -> list[dict]:
    """The error summary's first problems, each linking to the field."""
    return [{"text": p, "href": f"#{field_id}"} for p in problems[:SHOWN_PROBLEMS]]


def export(key: str, version, stored_text: Callable) -> Response:
    """A version as a YAML download. The stored text is frozen; only the status line follows a later retirement."""
    text = stored_text(version.definition_yaml, version.definition, version.version, version.status)
    return Response(text, mimetype="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="{key}-v{version.version}.yaml"'})


def change_status(change: Callable, version, user, error: type[Exception], becomes: str,
                  done: Callable[[], str]) -> None:
    """Publish or retire a version after the administrator confirmed (a CSRF-checked form),
    flashing what happened. Asking again for what is already so is told as information."""
    if not ConfirmForm().validate_on_submit():
        return
    try:
        change(version, user)
    except error as refused:
        flash(str(refused), "error" if version.status != becomes else "info")
    else:
        flash(done(), "success")
