"""Translations side by side (administrators): a page per language - Polish, Romanian, Easy
Read, or a new language code - showing each English text beside a field for its translation,
saved into the draft like any other edit (`questionnaire_editor_views`). Easy Read chooses a
picture for each statement; the reading level of English and Easy Read is shown."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from app.auth.roles import ADMIN
from app.core.access import roles_required
from app.feedback import questionnaire_editor as editor
from app.feedback import questionnaire_service as service
from app.feedback import rules, translations
from app.feedback.blueprint import bp
from app.feedback.questionnaire_editor_views import (
    CANNOT_SAVE,
    GENERAL,
    EditorForm,
    overview,
    questionnaire_or_404,
    render_page,
    save,
    working,
)
from app.feedback.questionnaires import load_questionnaire_text

NEW_LANGUAGE_FIELDS = ["code", "name", "dir"]


def _pictures() -> list[str]:
    return sorted(p.stem for p in translations.PICTURES_DIR.glob("*.svg"))


def _language_name(data: dict, code: str) -> str:
    own = editor.translation_of(data, code).get("name")
    return own or translations.language_name(code)


def _fields(data: dict, code: str) -> list[str]:
    """The page's fields, in order (for the error summary)."""
    out = ["needs_review", "name", "dir", "title", "intro"]
    for s in editor.items(data, editor.STATEMENTS):
        out.append(f"st-{s['key']}")
        out += [f"opt-{s['key']}-{o['key']}" for o in s.get("options") or []]
        if code == translations.EASY_READ:
            out += [f"pic-{s['key']}", f"pictext-{s['key']}"]
    return out + [f"ft-{f['key']}" for f in editor.items(data, editor.FREE_TEXT)]


def _place_fields(data: dict, code: str) -> dict[str, str]:
    """A loader problem's place -> this page's field."""
    place = f"translations.{code}"
    out = {place: GENERAL, f"{place}.needs_review": "needs_review", f"{place}.name": "name", f"{place}.dir": "dir",
           f"{place}.title": "title", f"{place}.intro": "intro"}
    for s in editor.items(data, editor.STATEMENTS):
        out[f"{place}.statements.{s['key']}"] = f"st-{s['key']}"
        out[f"{place}.statements.{s['key']}.picture"] = f"pic-{s['key']}"
        out[f"{place}.statements.{s['key']}.picture_text"] = f"pictext-{s['key']}"
        for o in s.get("options") or []:
            out[f"{place}.statements.{s['key']}.options.{o['key']}"] = f"opt-{s['key']}-{o['key']}"
    for f in editor.items(data, editor.FREE_TEXT):
        out[f"{place}.free_text.{f['key']}"] = f"ft-{f['key']}"
    return out


def _values_of(data: dict, code: str) -> dict[str, str]:
    t = editor.translation_of(data, code)
    values = {"needs_review": "yes" if t.get("needs_review", True) else "", "name": t.get("name", ""),
              "dir": t.get("dir", ""), "title": t.get("title", ""), "intro": t.get("intro", "")}
    for s in editor.items(data, editor.STATEMENTS):
        st = editor.statement_translation((t.get("statements") or {}).get(s["key"]))
        values[f"st-{s['key']}"] = st["text"]
        values[f"pic-{s['key']}"] = st["picture"]
        values[f"pictext-{s['key']}"] = st["picture_text"]
        for o in s.get("options") or []:
            values[f"opt-{s['key']}-{o['key']}"] = st["options"].get(o["key"], "")
    for f in editor.items(data, editor.FREE_TEXT):
        values[f"ft-{f['key']}"] = (t.get("free_text") or {}).get(f["key"], "")
    return values


def _translation_from(data: dict, code: str, values: dict[str, str], errors: dict[str, str], name: str) -> dict:
    """The translation as the file writes it, from the page; a blank field is a problem at it."""
    def given(field: str, what: str) -> str:
        text = values.get(field, "").strip()
        if not text:
            errors.setdefault(field, f"Enter the {name} for {what}")
        return text

    t: dict = {"needs_review": bool(values.get("needs_review"))}
    if values.get("name"):
        t["name"] = values["name"].strip()
    if values.get("dir"):
        t["dir"] = values["dir"]
    t["title"] = given("title", "the title")
    t["intro"] = given("intro", "what respondents read first")
    t["statements"] = {}
    for i, s in enumerate(editor.items(data, editor.STATEMENTS), 1):
        text = given(f"st-{s['key']}", f"statement {i}")
        options = {o["key"]: given(f"opt-{s['key']}-{o['key']}", f"the answer '{o['label']}' of statement {i}")
                   for o in s.get("options") or []}
        picture = values.get(f"pic-{s['key']}", "") if code == translations.EASY_READ else ""
        if code == translations.EASY_READ and not picture:
            errors.setdefault(f"pic-{s['key']}", f"Choose a picture for statement {i}")
        picture_text = given(f"pictext-{s['key']}", f"the picture's description of statement {i}") if picture else ""
        t["statements"][s["key"]] = editor.translated_statement(text, picture=picture, picture_text=picture_text,
                                                                options=options)
    free_text = {f["key"]: given(f"ft-{f['key']}", f"free-text question {i}")
                 for i, f in enumerate(editor.items(data, editor.FREE_TEXT), 1)}
    if free_text:
        t["free_text"] = free_text
    words = editor.translation_of(data, code).get("words")
    if words:
        t["words"] = words  # the words around the questions are kept as the file had them
    return t


def _reading_level(data: dict, code: str) -> list:
    """Reading-level warnings of what this page shows: Easy Read's own, or none for other languages."""
    if code != translations.EASY_READ or not editor.translation_of(data, code):
        return []
    try:
        definition = load_questionnaire_text(editor.to_yaml(data), "draft")
    except CANNOT_SAVE:
        return []
    return [w for w in translations.reading_level(definition) if w.place.startswith("Easy Read")]


@bp.route("/admin/questionnaires/<key>/editor/translations/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_translation_new(key: str):
    """Add a language: its code, and its own name and direction if this service does not know it."""
    questionnaire = questionnaire_or_404(key)
    form = EditorForm()
    values = {"code": "", "name": "", "dir": "ltr"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values = {n: request.form.get(n, "").strip() for n in NEW_LANGUAGE_FIELDS}
        values["code"] = values["code"].lower()
        known = values["code"] in translations.all_words()
        if not translations.LANGUAGE_CODE.match(values["code"]) or values["code"] == translations.ENGLISH:
            errors["code"] = "Enter a language code of two or three letters, like ar for Arabic or ur for Urdu"
        elif not known and not values["name"]:
            errors["name"] = "Enter the language's own name, as its speakers write it"
        if not errors:
            return redirect(url_for("feedback.questionnaire_translation", key=key, code=values["code"],
                                    name="" if known else values["name"], dir="" if known else values["dir"]))
    return render_page("feedback/editor/translation_new.html", errors, [GENERAL, *NEW_LANGUAGE_FIELDS], form=form,
                 values=values, questionnaire=questionnaire)


@bp.route("/admin/questionnaires/<key>/editor/translations/<code>", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_translation(key: str, code: str):
    questionnaire = questionnaire_or_404(key)
    if not translations.LANGUAGE_CODE.match(code) or code == translations.ENGLISH:
        abort(404)
    data, number, based_on = working(questionnaire)
    form = EditorForm(data={"based_on": based_on})
    values = _values_of(data, code)
    if not editor.translation_of(data, code):
        values.update(name=request.args.get("name", "")[:80], dir=request.args.get("dir", ""))
    name = values["name"] or _language_name(data, code)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if request.form.get("action") == "remove":
            try:
                save(questionnaire, editor.remove_translation(data, code), form.based_on.data)
            except CANNOT_SAVE as error:
                errors = {GENERAL: " ".join(words for _, _, words in editor.located(error))}
            else:
                flash(f"{name} removed from the draft.", "success")
                return overview(questionnaire, "languages")
        else:
            values = {field: request.form.get(field, "") for field in _fields(data, code)}
            translation = _translation_from(data, code, values, errors, name)
            if not errors:
                try:
                    save(questionnaire, editor.set_translation(data, code, translation), form.based_on.data)
                except CANNOT_SAVE as error:
                    errors = editor.problems_for_places(editor.located(error), _place_fields(data, code), GENERAL)
                else:
                    flash(f"{name} saved.", "success")
                    return redirect(url_for("feedback.questionnaire_translation", key=key, code=code))
    warnings = _reading_level(data, code)
    english = service.reading_level(load_questionnaire_text(editor.to_yaml(
        editor.remove_translation(data, translations.EASY_READ)), "draft"))
    return render_page(
        "feedback/editor/translation.html", errors, [GENERAL, *_fields(data, code)], questionnaire=questionnaire,
        number=number, form=form, values=values, data=data, code=code, name=name, editor=editor,
        is_easy_read=code == translations.EASY_READ, known=code in translations.all_words(), pictures=_pictures(),
        english_warnings={w.key: w for w in english}, warnings={w.key: w for w in warnings},
        picture_svg=translations.picture_svg, rules=rules, exists=bool(editor.translation_of(data, code)),
    )
