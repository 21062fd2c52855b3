"""The preview of a questionnaire version (administrators), draft included: its pages exactly
as a respondent sees them (app.feedback.respondent_pages), in any of its languages (those not
yet checked by a fluent speaker too), at phone width in a frame or full size.

Nothing is saved and no alert is raised: the answers so far travel in the page itself
(signed, so a preview page cannot be made to show anything but what was typed into it), and
Send ends on a page saying nothing was sent."""
from __future__ import annotations

from flask import current_app, make_response, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeSerializer

from app.auth.roles import ADMIN
from app.core.access import roles_required
from app.core.security import csp_nonce
from app.core.versioned_admin import found_or_404
from app.feedback import branching, progress, questionnaire_service as service, respondent_pages, services, translations
from app.feedback.blueprint import _respondent, bp

STATE_FIELD = "preview_answers"
PHONE_WIDTH = 360


def _version_or_404(key: str, number: int):
    questionnaire = found_or_404(service.questionnaire_by_key(key))
    return questionnaire, found_or_404(service.version_of(questionnaire, number))


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt="questionnaire-preview")


def _state(text: str | None) -> dict:
    try:
        found = _signer().loads(text or "")
    except BadSignature:
        found = None
    if not isinstance(found, dict):
        return progress.as_dict(None)
    return {"answers": dict(found.get("answers") or {}), "free_text": dict(found.get("free_text") or {}),
            "name": found.get("name") or ""}


def languages_of(definition) -> list[tuple[str, str]]:
    """Every language of the version, English first: the preview shows those not yet offered too."""
    return [(translations.ENGLISH, translations.language_name(translations.ENGLISH))] + [
        (t.language, t.own_name) for t in definition.translations]


def _frameable(result):
    """The preview may be shown in a frame on our own pages (the phone-width preview), and
    nowhere else."""
    response = make_response(result)
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{csp_nonce()}'; "
        "style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.route("/admin/questionnaires/<key>/versions/<int:number>/preview", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_preview(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)
    definition = version.definition
    form = request.form
    go = (form.get("go") or "send") if request.method == "POST" else None
    if go and go.startswith("lang:"):
        wanted = go.removeprefix("lang:")
    else:
        wanted = form.get("lang") if request.method == "POST" else request.args.get("lang")
    languages = languages_of(definition)
    language = wanted if wanted in dict(languages) else translations.ENGLISH
    walk = respondent_pages.Walk.of(
        definition, language, languages, preview=True,
        action=url_for("feedback.questionnaire_preview", key=questionnaire.key, number=version.version))
    token = (form.get(services.KEY_FIELD) or "").strip()
    token = token if services.KEY_PATTERN.match(token) else services.new_submission_key()

    def show(page_number, values, errors=None, back_to_check=False, status=200):
        values = {k: values[k] for k in ("answers", "free_text", "name")}
        return _frameable(respondent_pages.render(
            walk, page_number, token, values, form_token=generate_csrf(), errors=errors, back_to_check=back_to_check,
            status=status, form=form, extra_fields={STATE_FIELD: _signer().dumps(values)}))

    if request.method == "GET":
        return show(1, progress.as_dict(None))
    check = walk.check
    page_number = respondent_pages.page_number(form.get("page"), check)
    page = walk.pages[page_number - 1] if page_number < check else None
    back_to_check = form.get("return") == "check"
    so_far = _state(form.get(STATE_FIELD))
    posted = services.read_answers(definition, form)
    if go == "skip" and page is not None:
        values, errors = progress.cleared(so_far, page), {}
    else:
        values, errors = progress.merge(so_far, definition, page, posted, form), posted.errors
    if errors:
        return show(page_number if page is not None else check, values, errors, back_to_check, 400)
    values["answers"], values["free_text"] = branching.drop_hidden(definition, values["answers"], values["free_text"])
    if go == "send":
        if not values["answers"] and not values["free_text"]:
            return show(check, values, {"change-1": services.NOTHING_ANSWERED}, status=400)
        return _frameable(_respondent(
            "preview_sent.html", preview=True, audience=definition.audience, again=walk.action + (
                f"?lang={language}" if language != translations.ENGLISH else ""), **walk.words))
    target, back_to_check = respondent_pages.destination(walk, go, page_number, back_to_check, values["answers"])
    return show(target, values, back_to_check=back_to_check)


@bp.route("/admin/questionnaires/<key>/versions/<int:number>/preview/phone")
@roles_required(ADMIN)
def questionnaire_phone_preview(key: str, number: int):
    questionnaire, version = _version_or_404(key, number)
    definition = version.definition
    languages = languages_of(definition)
    language = request.args.get("lang")
    language = language if language in dict(languages) else translations.ENGLISH
    lang_arg = None if language == translations.ENGLISH else language
    return render_template(
        "feedback/questionnaires/preview.html", questionnaire=questionnaire, version=version, definition=definition,
        languages=languages, language=language, width=PHONE_WIDTH,
        src=url_for("feedback.questionnaire_preview", key=questionnaire.key, number=version.version, lang=lang_arg))
