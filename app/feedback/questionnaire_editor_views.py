"""The structured questionnaire editor (administrators): make a questionnaire from nothing or
from a copy, then change its draft a page at a time - details, statements, questions, free-text
questions, their order, and translations side by side with the English. The rules are plain
functions in `questionnaire_editor`; every save goes through `questionnaire_service.save_draft`,
which checks the whole questionnaire with the same loader as a file, so nothing is saved from
a form with problems. Each loader problem is put at its field by its place."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField

from app.auth.forms import ConfirmForm
from app.auth.roles import ADMIN
from app.core.access import roles_required
from app.core.datafile import DataFileError
from app.core.versioned_admin import found_or_404, problems_of
from app.feedback import questionnaire_editor as editor
from app.feedback import questionnaire_service as service
from app.feedback import rules, translations
from app.feedback.blueprint import _me, bp
from app.feedback.models import Questionnaire
from app.feedback.questionnaires import load_questionnaire_text

CANNOT_SAVE = (DataFileError, service.QuestionnaireVersionError, editor.EditorError)
GENERAL = "general"  # a problem that belongs to no field of the page: shown above the form


class EditorForm(FlaskForm):
    """CSRF, and what the page started from (`Versioning.edit_base`), so that an edit made
    while someone else changed the draft is refused rather than overwriting theirs."""
    based_on = HiddenField()


# --- Shared ---------------------------------------------------------------------------------


def questionnaire_or_404(key: str) -> Questionnaire:
    return found_or_404(service.questionnaire_by_key(key))


def working(questionnaire) -> tuple[dict, int, str]:
    """(the definition being edited, the version number it is saved as, what it is based on)."""
    text, number = service.edit_text(questionnaire)
    return editor.from_yaml(text), number, service.edit_base(questionnaire)


def save(questionnaire, data: dict, based_on: str):
    """Save the changed definition as the draft; DataFileError etc. if it has problems (nothing saved)."""
    draft, created = service.save_draft(questionnaire, editor.to_yaml(data), user=_me(), based_on=based_on)
    if created:
        flash(f"Draft version {draft.version} made. Version {draft.version - 1} stays as it was until you publish"
              " this one.", "info")
    return draft


def _error_list(errors: dict[str, str], order: list[str]) -> list[dict]:
    """The error summary: each problem once, linking to its field, in the page's order."""
    names = sorted(errors, key=lambda n: order.index(n) if n in order else -1)
    return [{"text": errors[n], "href": f"#{'editor-problems' if n == GENERAL else n}"} for n in names]


def render_page(template: str, errors: dict[str, str], order: list[str], **context):
    return render_template(template, errors=errors, error_list=_error_list(errors, order),
                           **context), 400 if errors else 200


def overview(questionnaire, anchor: str = ""):
    return redirect(url_for("feedback.questionnaire_editor", key=questionnaire.key) + (f"#{anchor}" if anchor else ""))


def _measures(current: str | None) -> list[tuple[str, str]]:
    """(key, words) of the plan's feedback measures, and the statement's own if the plan lacks it."""
    from app.feedback.yswd import feedback_measures

    found = feedback_measures()
    if current and current not in dict(found):
        found.append((current, "not in the plan loaded here"))
    return found


def _checked_form() -> EditorForm:
    form = EditorForm()
    if not form.validate_on_submit():
        abort(400)
    return form


# --- New, copy ------------------------------------------------------------------------------

NEW_FIELDS = ["title", "audience", "scale"]


@bp.route("/admin/questionnaires/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_new():
    form = EditorForm()
    values = {"title": "", "audience": "", "scale": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values = {name: request.form.get(name, "").strip() for name in NEW_FIELDS}
        if not values["title"]:
            errors["title"] = "Enter the questionnaire's title"
        if values["audience"] not in rules.AUDIENCES:
            errors["audience"] = "Choose who answers it"
        if values["scale"] not in rules.SCALES:
            errors["scale"] = "Choose how statements are answered"
        elif values["audience"] == rules.CHILDREN and values["scale"] != rules.FACES:
            errors["scale"] = "Children answer with faces: choose the faces scale"
        if not errors:
            taken = [q.key for q in service.questionnaires()]
            key = editor.key_for_title(values["title"], taken)
            data = editor.new_questionnaire(values["title"], values["audience"], values["scale"], key)
            try:
                version = service.import_questionnaire_yaml(editor.to_yaml(data), "new questionnaire", user=_me())
            except CANNOT_SAVE as error:
                errors = editor.problems_for_places(editor.located(error), {n: n for n in NEW_FIELDS}, GENERAL)
            else:
                flash(f"{version.questionnaire.title}: draft version {version.version} made. Add its statements,"
                      " check the words respondents read first, then publish it.", "success")
                return overview(version.questionnaire)
    return render_page("feedback/editor/new.html", errors, [GENERAL, *NEW_FIELDS], form=form, values=values, rules=rules,
                 copy_of=None)


@bp.route("/admin/questionnaires/<key>/copy", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_copy(key: str):
    source = questionnaire_or_404(key)
    original = source.published or service.latest(source)
    form = EditorForm()
    values = {"title": f"Copy of {source.title}"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values = {"title": request.form.get("title", "").strip()}
        if not values["title"]:
            errors["title"] = "Enter the copy's title"
        else:
            taken = [q.key for q in service.questionnaires()]
            data = editor.copy_of(editor.from_yaml(original.definition_yaml),
                                  editor.key_for_title(values["title"], taken), values["title"])
            try:
                version = service.import_questionnaire_yaml(editor.to_yaml(data), "copy", user=_me())
            except CANNOT_SAVE as error:
                errors = editor.problems_for_places(editor.located(error), {"title": "title"}, GENERAL)
            else:
                flash(f"{version.questionnaire.title}: a copy of version {original.version} of {source.title},"
                      " saved as a draft.", "success")
                return overview(version.questionnaire)
    return render_page("feedback/editor/new.html", errors, [GENERAL, "title"], form=form, values=values, rules=rules,
                 copy_of=source)


# --- The overview ----------------------------------------------------------------------------


@bp.route("/admin/questionnaires/<key>/editor")
@roles_required(ADMIN)
def questionnaire_editor(key: str):
    questionnaire = questionnaire_or_404(key)
    data, number, based_on = working(questionnaire)
    definition = load_questionnaire_text(editor.to_yaml(data), f"{key} (draft)")
    present = set((data.get("translations") or {}).keys())
    languages = [(code, translations.language_name(code), code in present)
                 for code in [translations.EASY_READ, "pl", "ro"]]
    languages += [(code, translations.language_name(code) if code in translations.all_words()
                   else (data["translations"][code].get("name") or code), True)
                  for code in sorted(present - {translations.EASY_READ, "pl", "ro"})]
    return render_template(
        "feedback/editor/overview.html", questionnaire=questionnaire, data=data, number=number,
        form=EditorForm(data={"based_on": based_on}), scale=rules.SCALES[data["scale"]], rules=rules,
        editor=editor, languages=languages,
        warnings=[w for w in service.reading_level(definition) if not w.place.startswith("Easy Read")],
        measures=dict(_measures(None)), confirm_form=ConfirmForm(),
    )


def _list_and_key(data: dict) -> tuple[str, str]:
    list_name, key = request.form.get("list", ""), request.form.get("item", "")
    if list_name not in editor.LISTS or key not in [i["key"] for i in editor.items(data, list_name)]:
        abort(400)
    return list_name, key


@bp.route("/admin/questionnaires/<key>/editor/move", methods=["POST"])
@roles_required(ADMIN)
def questionnaire_editor_move(key: str):
    questionnaire = questionnaire_or_404(key)
    form = _checked_form()
    data, _, _ = working(questionnaire)
    list_name, item = _list_and_key(data)
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        save(questionnaire, editor.move(data, list_name, item, step), form.based_on.data)
    except CANNOT_SAVE as error:
        flash(" ".join(problems_of(error)), "error")
    return overview(questionnaire, f"item-{item}")


@bp.route("/admin/questionnaires/<key>/editor/reorder", methods=["POST"])
@roles_required(ADMIN)
def questionnaire_editor_reorder(key: str):
    """The order after dragging (JavaScript): every key of the list, in its new place."""
    questionnaire = questionnaire_or_404(key)
    form = _checked_form()
    data, _, _ = working(questionnaire)
    list_name = request.form.get("list", "")
    if list_name not in editor.LISTS:
        abort(400)
    try:
        save(questionnaire, editor.reorder(data, list_name, request.form.getlist("order")), form.based_on.data)
    except CANNOT_SAVE as error:
        flash(" ".join(problems_of(error)), "error")
    return overview(questionnaire)


@bp.route("/admin/questionnaires/<key>/editor/remove", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_editor_remove(key: str):
    """Asks first (GET), then removes (POST) a statement, question or free-text question with
    its translations. Only the draft changes: published versions keep theirs."""
    questionnaire = questionnaire_or_404(key)
    data, number, based_on = working(questionnaire)
    if request.method == "GET":
        list_name, item = request.args.get("list", ""), request.args.get("item", "")
        if list_name not in editor.LISTS or item not in [i["key"] for i in editor.items(data, list_name)]:
            abort(404)
        index = editor.index_of(data, list_name, item)
        return render_template(
            "feedback/editor/remove.html", questionnaire=questionnaire, number=number, list_name=list_name,
            item=editor.items(data, list_name)[index], position=index + 1,
            form=EditorForm(data={"based_on": based_on}), dependants=editor.depends_on(data, item),
        )
    form = _checked_form()
    list_name, item = _list_and_key(data)
    text = editor.items(data, list_name)[editor.index_of(data, list_name, item)]["text"]
    try:
        save(questionnaire, editor.remove(data, list_name, item), form.based_on.data)
    except CANNOT_SAVE as error:
        flash(" ".join(problems_of(error)) if not isinstance(error, editor.EditorError) else error.message, "error")
    else:
        flash(f"Removed: ‘{text}’", "success")
    return overview(questionnaire)


# --- Details -------------------------------------------------------------------------------

DETAIL_FIELDS = ["title", "description", "audience", "scale", "layout", "ask_name", "intro"]


@bp.route("/admin/questionnaires/<key>/editor/details", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_editor_details(key: str):
    questionnaire = questionnaire_or_404(key)
    data, number, based_on = working(questionnaire)
    form = EditorForm(data={"based_on": based_on})
    values = {n: data.get(n, "") for n in DETAIL_FIELDS}
    values["ask_name"] = "yes" if data.get("ask_name") else "no"
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values = {n: request.form.get(n, "").strip() for n in DETAIL_FIELDS}
        for name, message in (("title", "Enter the questionnaire's title"),
                              ("intro", "Enter what respondents read first"),
                              ("audience", "Choose who answers it"), ("scale", "Choose how statements are answered")):
            if not values[name]:
                errors[name] = message
        if values["audience"] == rules.CHILDREN and values["scale"] and values["scale"] != rules.FACES:
            errors["scale"] = "Children answer with faces: choose the faces scale"
        if not errors:
            changed = editor.set_details(data, **{**values, "ask_name": values["ask_name"] == "yes"})
            try:
                save(questionnaire, changed, form.based_on.data)
            except CANNOT_SAVE as error:
                errors = editor.problems_for_places(editor.located(error), {n: n for n in DETAIL_FIELDS}, GENERAL)
            else:
                flash("Details saved.", "success")
                return overview(questionnaire)
    return render_page("feedback/editor/details.html", errors, [GENERAL, *DETAIL_FIELDS], form=form, values=values,
                 questionnaire=questionnaire, number=number, rules=rules)


# --- Statements, questions, free-text questions ---------------------------------------------

ITEM_FIELDS = {
    editor.STATEMENTS: ["text", "measure", "positive", "safety", "safety_answers", "show_when"],
    "question": ["text", "kind", "options", "minimum", "maximum", "show_when"],
    editor.FREE_TEXT: ["text", "show_when"],
}
# A loader problem's place after the item ("positive", "safety_signal") -> the page's field.
PLACE_FIELDS = {"text": "text", "key": "text", "measure": "measure", "positive": "positive",
                "safety_signal": "safety_answers", "show_when": "show_when", "kind": "kind", "options": "options",
                "minimum": "minimum", "maximum": "maximum"}


def _number(text: str, label: str, errors: dict, field: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        errors[field] = f"{label} must be a whole number, like 0 or 10"
        return None


def _item_page(questionnaire, list_name: str, page: str, item_key: str | None):
    """The page of one statement (page "statement"), question ("question") or free-text
    question ("free_text"), new when `item_key` is None."""
    data, number, based_on = working(questionnaire)
    rows = editor.items(data, list_name)
    if item_key is not None and item_key not in [r["key"] for r in rows]:
        abort(404)
    item = rows[editor.index_of(data, list_name, item_key)] if item_key else {}
    if page == "statement" and item and editor.kind_of(item) != editor.SCALE_KIND:
        return redirect(url_for("feedback.questionnaire_editor_question", key=questionnaire.key, item=item_key))
    if page == "question" and item and editor.kind_of(item) == editor.SCALE_KIND:
        return redirect(url_for("feedback.questionnaire_editor_statement", key=questionnaire.key, item=item_key))
    scale = rules.SCALES[data["scale"]]
    kind = item.get("kind") or request.values.get("kind") or (editor.SCALE_KIND if page == "statement" else "")
    if page == "question" and kind not in (*editor.CHOICE_KINDS, editor.NUMBER):
        kind = "single_choice"
    show_when = item.get("show_when") or {}
    values = {
        "text": item.get("text", ""), "measure": item.get("measure", ""),
        "positive": list(item.get("positive") or scale.positive),
        "safety": bool(item.get("safety_signal")),
        "safety_answers": list((item.get("safety_signal") or {}).get("answers", [])),
        "show_when": [f"{show_when['question']}={a}" for a in show_when.get("answer_in", [])] if show_when else [],
        "kind": kind, "options": list(item.get("options") or []),
        "minimum": "" if item.get("minimum") is None else str(item["minimum"]),
        "maximum": "" if item.get("maximum") is None else str(item["maximum"]),
    }
    form = EditorForm(data={"based_on": based_on})
    errors: dict[str, str] = {}
    fields = ITEM_FIELDS["question" if page == "question" else list_name]
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values.update(
            text=request.form.get("text", "").strip(), measure=request.form.get("measure", ""),
            positive=request.form.getlist("positive"), safety=request.form.get("safety") == "yes",
            safety_answers=request.form.getlist("safety_answers"), show_when=request.form.getlist("show_when"),
            kind=request.form.get("kind", kind), minimum=request.form.get("minimum", ""),
            maximum=request.form.get("maximum", ""),
            options=[{"key": k, "label": label} for k, label in
                     zip(request.form.getlist("option_key"), request.form.getlist("option_label"))],
        )
        action = request.form.get("action", "save")
        if action == "add_option":  # another row for an option: nothing is saved yet
            values["options"].append({"key": "", "label": ""})
            return _item_render(questionnaire, list_name, page, item_key, data, number, form, values, errors, scale)
        if action == "refresh":  # the fields of the kind chosen: nothing is saved yet
            return _item_render(questionnaire, list_name, page, item_key, data, number, form, values, errors, scale)
        errors = _item_problems(page, values, scale)
        built = None
        try:
            show = editor.show_when_from(values["show_when"])
        except editor.EditorError as error:
            errors.setdefault("show_when", error.message)
        if not errors:
            built = _built_item(page, values, data["scale"], show, errors)
        if built is not None and not errors:
            changed, saved_key = editor.save_item(data, list_name, item_key, built)
            index = editor.index_of(changed, list_name, saved_key)
            try:
                save(questionnaire, changed, form.based_on.data)
            except CANNOT_SAVE as error:
                errors = editor.problems_for_item(editor.located(error), list_name, index, PLACE_FIELDS, GENERAL)
            else:
                flash(f"Saved: ‘{built['text']}’", "success")
                return overview(questionnaire, f"item-{saved_key}")
    return _item_render(questionnaire, list_name, page, item_key, data, number, form, values, errors, scale,
                        fields=fields)


def _item_problems(page: str, values: dict, scale) -> dict[str, str]:
    errors: dict[str, str] = {}
    words = {"statement": "the statement", "question": "the question", "free_text": "the question"}[page]
    if not values["text"]:
        errors["text"] = f"Enter {words}'s words"
    if page == "statement":
        if values["safety"] and not values["safety_answers"]:
            errors["safety_answers"] = "Choose the answers that raise a safeguarding alert"
        if not values["measure"] and not values["safety"]:
            errors["measure"] = "Choose the feedback measure this statement counts towards, or make it a safety statement"
        if values["measure"] and not values["positive"]:
            errors["positive"] = "Choose at least one answer that counts as positive"
    if page == "question":
        if values["kind"] not in (*editor.CHOICE_KINDS, editor.NUMBER):
            errors["kind"] = "Choose the kind of question"
        elif values["kind"] in editor.CHOICE_KINDS and len([o for o in values["options"] if o["label"].strip()]) < 2:
            errors["options"] = "Give at least two answers to choose from"
    return errors


def _built_item(page: str, values: dict, scale: str, show, errors: dict):
    if page == "statement":
        return editor.statement_item(
            scale, text=values["text"], measure=values["measure"], positive=values["positive"],
            safety_answers=values["safety_answers"] if values["safety"] else (), show_when=show)
    if page == "question":
        minimum = _number(values["minimum"], "The smallest number", errors, "minimum")
        maximum = _number(values["maximum"], "The largest number", errors, "maximum")
        if minimum is not None and maximum is not None and minimum > maximum:
            errors["maximum"] = "The largest number must not be smaller than the smallest"
        options = editor.option_list([o["label"] for o in values["options"]], [o["key"] for o in values["options"]])
        return editor.question_item(values["kind"], text=values["text"], options=options, minimum=minimum,
                                    maximum=maximum, show_when=show)
    item = {"text": values["text"]}
    if show:
        item["show_when"] = show
    return item


def _item_render(questionnaire, list_name, page, item_key, data, number, form, values, errors, scale, fields=()):
    while page == "question" and values["kind"] in editor.CHOICE_KINDS and len(values["options"]) < 2:
        values["options"].append({"key": "", "label": ""})
    return render_page(
        f"feedback/editor/{page}.html", errors, [GENERAL, *fields], questionnaire=questionnaire, number=number,
        form=form, values=values, item_key=item_key, scale=scale, rules=rules, editor=editor,
        earlier=editor.earlier_choices(data, list_name, item_key), measures=_measures(values.get("measure")),
        position=(editor.index_of(data, list_name, item_key) + 1) if item_key else len(editor.items(data, list_name)) + 1,
    )


@bp.route("/admin/questionnaires/<key>/editor/statements/new", methods=["GET", "POST"])
@bp.route("/admin/questionnaires/<key>/editor/statements/<item>", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_editor_statement(key: str, item: str | None = None):
    return _item_page(questionnaire_or_404(key), editor.STATEMENTS, "statement", item)


@bp.route("/admin/questionnaires/<key>/editor/questions/new", methods=["GET", "POST"])
@bp.route("/admin/questionnaires/<key>/editor/questions/<item>", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_editor_question(key: str, item: str | None = None):
    return _item_page(questionnaire_or_404(key), editor.STATEMENTS, "question", item)


@bp.route("/admin/questionnaires/<key>/editor/free-text/new", methods=["GET", "POST"])
@bp.route("/admin/questionnaires/<key>/editor/free-text/<item>", methods=["GET", "POST"])
@roles_required(ADMIN)
def questionnaire_editor_free_text(key: str, item: str | None = None):
    return _item_page(questionnaire_or_404(key), editor.FREE_TEXT, "free_text", item)

