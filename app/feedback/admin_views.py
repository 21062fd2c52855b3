"""Questionnaires (administrators): the questionnaires and their versions, import, export,
editing a draft's YAML in the browser, publishing and retiring - as for audit tools
(`app.audits.views.tools`). Reading-level warnings are shown to the author on the version
page (the preview) and when checking an edit. The rules are in questionnaire_service."""
from flask import flash, redirect, render_template, url_for
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from app.auth.forms import ConfirmForm
from app.auth.roles import ADMIN
from app.core import versioned_admin as admin
from app.core.access import roles_required
from app.core.datafile import DataFileError
from app.feedback import questionnaire_service as service
from app.feedback import rules, translations
from app.feedback.blueprint import _me, bp

QuestionnaireImportForm = admin.yaml_import_form("questionnaire", "A questionnaire")
CANNOT_SAVE = (DataFileError, service.QuestionnaireVersionError)


class QuestionnaireEditForm(admin.yaml_edit_form("questionnaire")):
    check = SubmitField("Check reading level", widget=GovSubmitInput())


def _questionnaire_or_404(key: str):
    return admin.found_or_404(service.questionnaire_by_key(key))


def _version_or_404(key: str, number: int):
    questionnaire = _questionnaire_or_404(key)
    return questionnaire, admin.found_or_404(service.version_of(questionnaire, number))


def _warned(message: str, definition) -> None:
    flash(message, "success")
    warnings = service.reading_level(definition)
    if warnings:
        flash(f"{len(warnings)} piece{'s' if len(warnings) != 1 else ''} of text may be too hard to read for"
              f" {rules.AUDIENCES[definition.audience].lower()}: see the reading level below.", "info")
    not_checked = translations.not_read_for_level(definition)
    if not_checked:
        flash(f"The reading level of {', '.join(not_checked)} was not checked: the check reads English only."
              " Ask a fluent speaker whether the words are plain enough.", "info")


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
    version, problems = admin.import_from(
        form, lambda text, source: service.import_questionnaire_yaml(text, source, user=_me()), CANNOT_SAVE
    )
    if version is not None:
        _warned(f"{version.questionnaire.title}: draft version {version.version} saved. Check it, then publish it.",
                version.definition)
        return redirect(url_for("feedback.questionnaire_version", key=version.questionnaire.key, number=version.version))
    field_id = "file" if admin.has_upload(form) else "text"
    return admin.page("feedback/questionnaires/import.html", form, problems, field_id)


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
        languages=translations.review_status(definition), not_checked=translations.not_read_for_level(definition),
    )


@bp.route("/admin/questionnaires/<key>/versions/<int:number>/export")
@roles_required(ADMIN)
def questionnaire_export(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)
    return admin.export(questionnaire.key, version, service.stored_text)


@bp.route("/admin/questionnaires/<key>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_edit(key: str):
    questionnaire = _questionnaire_or_404(key)
    form, number, copied_from = admin.edit_form(QuestionnaireEditForm, service.VERSIONS, questionnaire)

    def check_or_save():
        if form.check.data:  # a preview: check and warn, save nothing
            definition = service.check_text(form.text.data, f"{questionnaire.key} (draft)")
            return (service.reading_level(definition), translations.not_read_for_level(definition)), None
        return None, service.save_draft(questionnaire, form.text.data, user=_me(), based_on=form.based_on.data)

    result, problems = admin.attempt(form, check_or_save, CANNOT_SAVE)
    checked, saved = result or (None, None)
    warnings, not_checked = checked or (None, [])
    if saved:
        draft, created = saved
        _warned(f"Draft version {draft.version} {'made' if created else 'saved'}. Publish it when it is ready.",
                draft.definition)
        return redirect(url_for("feedback.questionnaire_version", key=questionnaire.key, number=draft.version))
    return admin.page("feedback/questionnaires/edit.html", form, problems, questionnaire=questionnaire, number=number,
                      copied_from=copied_from, warnings=warnings, not_checked=not_checked)


@bp.route("/admin/questionnaires/<key>/versions/<int:number>/publish", methods=["POST"])
@roles_required(ADMIN)
def questionnaire_publish(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)
    admin.change_status(
        service.publish, version, _me(), service.QuestionnaireVersionError, rules.PUBLISHED,
        lambda: f"Version {version.version} of {questionnaire.title} is published. New campaigns will use it.",
    )
    return redirect(url_for("feedback.questionnaire_version", key=questionnaire.key, number=version.version))


@bp.route("/admin/questionnaires/<key>/versions/<int:number>/retire", methods=["POST"])
@roles_required(ADMIN)
def questionnaire_retire(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)

    def done():
        now = questionnaire.published
        return (f"Version {version.version} of {questionnaire.title} is retired. Campaigns already using it keep it. "
                + (f"New campaigns will use version {now.version}." if now
                   else "New campaigns cannot use this questionnaire until a version is published."))

    admin.change_status(service.retire, version, _me(), service.QuestionnaireVersionError, rules.RETIRED, done)
    return redirect(url_for("feedback.questionnaire", key=questionnaire.key))
