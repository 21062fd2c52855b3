"""The audit tool editor (administrators): a QA lead builds a tool without YAML. Create one
from nothing or as a copy, then change its details and scoring, add, change, reorder and
remove sections and questions in its draft, and publish it from its version page.

Each save takes the tool's draft (or the newest version, which makes a new draft), changes
it with the plain functions of app.audits.tool_editor, and saves it through
tool_service.save_draft: the same checks as an imported file, and `based_on` so that two
people editing at once do not overwrite each other. Problems are shown at their fields;
nothing is saved from a form with problems.
"""
from __future__ import annotations

import copy
import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.audits import editor_forms as forms
from app.audits import grades, tool_service
from app.audits import tool_editor as editor
from app.audits.round_summary import measure_choices
from app.audits.tool_writing import dump_tool_data, tool_data
from app.audits.tools import load_tool_text
from app.audits.views.blueprint import bp
from app.auth.forms import ConfirmForm
from app.auth.roles import ADMIN
from app.core.access import roles_required
from app.core.datafile import DataFileError
from app.core.db import db
from app.core.plain_words import plain
from app.plan import rules as plan_rules
from app.plan.models import ImpactMeasure

CANNOT_SAVE = (DataFileError, tool_service.ToolVersionError)


# --- Reading and saving the draft ---------------------------------------------------------


def _tool_or_404(key: str):
    tool = tool_service.tool_by_key(key)
    if tool is None:
        abort(404)
    return tool


def _draft_data(tool) -> tuple[dict, int]:
    """The tool as the editor starts from it (its draft, or its newest version as the next
    draft) as plain data, and the version number it will be saved as."""
    text, number = tool_service.edit_text(tool)
    if not text:
        abort(404)
    data = tool_data(load_tool_text(text, tool.key))
    data.update(version=number, status=grades.DRAFT)
    return data, number


def _save(tool, data: dict, based_on: str | None):
    return tool_service.save_draft(tool, dump_tool_data(data), user=current_user, based_on=based_on)


def _saved_message(draft, created: bool, what: str) -> None:
    flash(f"{what} Saved in draft version {draft.version}{' (a new draft)' if created else ''}.", "success")


def _overview(tool, anchor: str = ""):
    return redirect(url_for("audits.tool_draft", key=tool.key) + (f"#{anchor}" if anchor else ""))


def _add_error(form, name: str, message: str) -> None:
    field = getattr(form, name)
    if not isinstance(field.errors, list):
        field.errors = list(field.errors or [])
    if message not in field.errors:  # each problem once
        field.errors.append(message)
    form._errors = None  # the error summary is worked out again


def _put_problems(form, error: Exception, prefix: str, field_for, data: dict, fallback: str) -> None:
    """Each of the loader's problems at the field it is about, or at `fallback` with its place in words."""
    if not isinstance(error, DataFileError):  # e.g. someone else changed the draft meanwhile
        flash(str(error), "error")
        form.refused = True
        return
    for place, message in error.located:
        # The place decides the field; the words are the loader's plain ones ("Question 2 in
        # 'Plan and contingency' needs a kind"), the same as an import shows.
        (where, _), = editor.problem_places([f"{place}: {message}" if place else message], prefix)
        name = field_for(where) if where is not None else None
        _add_error(form, name or fallback, plain(error.names, place, message))


def _page(template: str, form, status_if_errors: int = 400, **context):
    refused = form.errors or getattr(form, "refused", False)
    return render_template(template, form=form, **context), status_if_errors if refused else 200


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _labels(q: dict | None, keys) -> str:
    labels = dict(editor.answers_of(q)) if q else {}
    return "\n".join(labels.get(str(k), str(k)) for k in keys)


def _audit_measures() -> list[tuple[str, str]]:
    """The plans' audit measures a question can link to, as (key, label), in the plans'
    order and numbering (as a round's findings choose them: round_summary.measure_choices)."""
    keys = dict(db.session.execute(
        select(ImpactMeasure.id, ImpactMeasure.seed_key).where(ImpactMeasure.kind == plan_rules.AUDIT)).all())
    measures = []
    for choice in measure_choices():
        key = keys.get(choice.id)
        if key and grades.MEASURE_KEY_PATTERN.match(key):
            text = choice.text if len(choice.text) <= 80 else choice.text[:77].rsplit(" ", 1)[0] + "..."
            measures.append((key, f"{choice.label} ({choice.recommendation.split(':')[0]}): {text}"))
    return measures


def show_when_supported() -> bool:
    """Whether the tool loader reads `show_when` (it comes with branching in the audit form);
    until it does, the editor does not offer it."""
    from app.audits.tools import SCHEMA

    section = SCHEMA["properties"]["sections"]["items"]
    return "show_when" in section["properties"] or "show_when" in section["properties"]["questions"]["items"]["properties"]


def _show_when(form, data: dict) -> dict | None:
    key = form.show_when_question.data
    if not key:
        return None
    try:
        earlier = editor.question(data, key)
    except KeyError:
        earlier = None
    return {"question": key, "answer_in": editor.answer_keys(earlier or {}, _lines(form.show_when_answers.data))}


def _show_when_data(thing: dict, data: dict) -> dict:
    when = thing.get("show_when")
    if not when:
        return {"show_when_question": "", "show_when_answers": ""}
    try:
        earlier = editor.question(data, when["question"])
    except KeyError:
        earlier = None
    return {"show_when_question": when["question"], "show_when_answers": _labels(earlier, when["answer_in"])}


def _choices(questions: list[dict], thing: dict | None = None, data: dict | None = None) -> list[tuple[str, str]]:
    """"Always", then the questions "show only when" can name. The one `thing` names now is
    kept even if it is no longer earlier, so saving never drops it silently (the loader says why)."""
    named = (thing or {}).get("show_when", {}).get("question")
    if named and named not in {q["key"] for q in questions}:
        questions = [*questions, _question_or_none(data or {"sections": []}, named) or {"key": named, "text": named}]
    return [("", "Always")] + [(q["key"], q["text"] if len(q["text"]) <= 80 else q["text"][:77] + "...") for q in questions]


# --- The overview -------------------------------------------------------------------------


@bp.route("/admin/audit-tools/<key>/draft")
@roles_required(ADMIN)
def tool_draft(key: str):
    """The draft as a list of what it has: details, scoring, sections and their questions."""
    tool = _tool_or_404(key)
    data, number = _draft_data(tool)
    definition = load_tool_text(dump_tool_data(data), tool.key)
    return render_template(
        "audits/editor/overview.html", tool=tool, data=data, number=number,
        based_on=tool_service.edit_base(tool), scoring=tool_service.describe_scoring(definition),
        definition=definition, service=tool_service, grades=grades, confirm_form=ConfirmForm(),
        incomplete=not data["sections"] or any(not s["questions"] for s in data["sections"]),
        texts={q["key"]: q["text"] for s in data["sections"] for q in s["questions"]},
        answer_words=lambda when: _labels(_question_or_none(data, when["question"]), when["answer_in"]).replace("\n", " or "),
    )


def _question_or_none(data: dict, key: str) -> dict | None:
    try:
        return editor.question(data, key)
    except KeyError:
        return None


def _change(tool, change, what: str, anchor: str = ""):
    """Make one change from the overview's buttons (move, remove), then back to the overview."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    data, _ = _draft_data(tool)
    try:
        if change(data) is False:
            return _overview(tool, anchor)
        draft, created = _save(tool, data, request.form.get("based_on"))
    except KeyError:
        abort(404)
    except ValueError as error:  # DataFileError, ToolVersionError, a bad order
        if isinstance(error, DataFileError):
            words = list(error.problems)  # in plain words, each naming its place
        else:
            words = [str(error)]
        flash("Nothing was changed. " + " ".join(words), "error")
        return _overview(tool, anchor)
    _saved_message(draft, created, what)
    return _overview(tool, anchor)


def _step() -> int:
    return -1 if request.form.get("direction") == "up" else 1


@bp.route("/admin/audit-tools/<key>/draft/sections/<section_key>/move", methods=["POST"])
@roles_required(ADMIN)
def tool_section_move(key: str, section_key: str):
    tool = _tool_or_404(key)
    return _change(tool, lambda data: editor.move_section(data, section_key, _step()), "Section moved.", f"s-{section_key}")


@bp.route("/admin/audit-tools/<key>/draft/sections/<section_key>/remove", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_section_remove(key: str, section_key: str):
    """Asks first (the section's questions go with it), then removes the section from the draft."""
    tool = _tool_or_404(key)
    if request.method == "GET":
        data, number = _draft_data(tool)
        try:
            section = data["sections"][editor.section_index(data, section_key)]
        except KeyError:
            abort(404)
        count = len(section["questions"])
        what = f"the section '{section['title']}'" + (
            f" and its {count} question{'s' if count != 1 else ''}" if count else "")
        return _remove_page(tool, number, what, f"s-{section_key}")
    return _change(tool, lambda data: editor.remove_section(data, section_key) and None, "Section removed.")


@bp.route("/admin/audit-tools/<key>/questions/<question_key>/move", methods=["POST"])
@roles_required(ADMIN)
def tool_question_move(key: str, question_key: str):
    tool = _tool_or_404(key)
    return _change(tool, lambda data: editor.move_question(data, question_key, _step()), "Question moved.", f"q-{question_key}")


@bp.route("/admin/audit-tools/<key>/questions/<question_key>/remove", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_question_remove(key: str, question_key: str):
    """Asks first, then removes the question from the draft."""
    tool = _tool_or_404(key)
    if request.method == "GET":
        data, number = _draft_data(tool)
        found = _question_or_none(data, question_key)
        if found is None:
            abort(404)
        return _remove_page(tool, number, f"the question '{found['text']}'", f"q-{question_key}")
    return _change(tool, lambda data: editor.remove_question(data, question_key) and None, "Question removed.")


def _remove_page(tool, number: int, what: str, anchor: str):
    return render_template("audits/editor/remove.html", tool=tool, number=number, what=what, anchor=anchor,
                           confirm_form=ConfirmForm(), based_on=tool_service.edit_base(tool))


@bp.route("/admin/audit-tools/<key>/draft/order", methods=["POST"])
@roles_required(ADMIN)
def tool_order(key: str):
    """The whole order, sent by dragging in the browser (app/assets/js/tool-order.js)."""
    tool = _tool_or_404(key)

    def reorder(data):
        try:
            order = json.loads(request.form.get("order") or "{}")
            editor.reorder(data, list(order["sections"]), {k: list(v) for k, v in order["questions"].items()})
        except (TypeError, KeyError, AttributeError, json.JSONDecodeError):
            raise ValueError("The order sent could not be read. Reload the page and try again.") from None

    return _change(tool, reorder, "New order saved.")


# --- Details and scoring ------------------------------------------------------------------


@bp.route("/admin/audit-tools/<key>/draft/details", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_details(key: str):
    tool = _tool_or_404(key)
    data, number = _draft_data(tool)
    thresholds = data["scoring"]["thresholds"]
    form = forms.DetailsForm(data={
        "title": data["title"], "description": data["description"], "method": data["scoring"]["method"],
        **{k: tool_service.number_text(v) for k, v in thresholds.items()}, "based_on": tool_service.edit_base(tool),
    })
    if form.validate_on_submit():
        changed = copy.deepcopy(data)
        editor.set_details(changed, form.title.data, form.description.data)
        editor.set_scoring(changed, form.method.data, {k: getattr(form, k).number for k in grades.DEFAULT_THRESHOLDS})
        try:
            draft, created = _save(tool, changed, form.based_on.data)
        except CANNOT_SAVE as error:
            def field_for(where: str) -> str | None:
                if where.startswith("scoring.thresholds"):
                    name = where.rsplit(".", 1)[-1]
                    return name if name in grades.DEFAULT_THRESHOLDS else "outstanding"
                return {"title": "title", "key": "title", "description": "description", "scoring": "method"}.get(
                    editor.first_name(where))
            _put_problems(form, error, "", field_for, changed, "title")
        else:
            _saved_message(draft, created, "Details and scoring saved.")
            return _overview(tool)
    return _page("audits/editor/details.html", form, tool=tool, number=number)


# --- Sections -----------------------------------------------------------------------------


def _section_page(tool, section_key: str | None):
    data, number = _draft_data(tool)
    try:
        section = data["sections"][editor.section_index(data, section_key)] if section_key else None
    except KeyError:
        abort(404)
    start = {"title": "", "guidance": "", "weight": "1"} if section is None else {
        "title": section["title"], "guidance": section.get("guidance", ""),
        "weight": tool_service.number_text(section.get("weight", 1)), **_show_when_data(section, data),
    }
    form = forms.SectionForm(data={**start, "based_on": tool_service.edit_base(tool)})
    form.show_when_question.choices = _choices(
        editor.questions_before_section(data, section_key) if show_when_supported() else [], section, data)
    if form.validate_on_submit():
        changed = copy.deepcopy(data)
        fields = {"title": form.title.data, "guidance": form.guidance.data, "weight": form.weight.number,
                  "show_when": _show_when(form, data)}
        if section_key:
            editor.change_section(changed, section_key, fields)
            new_key = section_key
        else:
            new_key = editor.add_section(changed, fields)
        si = editor.section_index(changed, new_key)
        try:
            draft, created = _save(tool, changed, form.based_on.data)
        except CANNOT_SAVE as error:
            def field_for(where: str) -> str | None:
                name = editor.first_name(where)
                if name == "show_when":
                    return "show_when_answers" if "answer_in" in where else "show_when_question"
                return {"title": "title", "key": "title", "guidance": "guidance", "weight": "weight", "": "title"}.get(name)
            _put_problems(form, error, f"sections[{si}]", field_for, changed, "title")
        else:
            _saved_message(draft, created, f"Section '{fields['title'].strip()}' saved.")
            return _overview(tool, f"s-{new_key}")
    return _page("audits/editor/section.html", form, tool=tool, number=number, section=section)


@bp.route("/admin/audit-tools/<key>/draft/sections/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_section_new(key: str):
    return _section_page(_tool_or_404(key), None)


@bp.route("/admin/audit-tools/<key>/draft/sections/<section_key>", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_section(key: str, section_key: str):
    return _section_page(_tool_or_404(key), section_key)


# --- A new tool, or a copy ----------------------------------------------------------------


@bp.route("/admin/audit-tools/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_new():
    form = forms.NewToolForm()
    if form.validate_on_submit():
        return _create(form, editor.new_tool(form.title.data, form.description.data, form.key.data or None))
    return _page("audits/editor/new.html", form, copy_of=None)


@bp.route("/admin/audit-tools/<key>/copy", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_copy(key: str):
    tool = _tool_or_404(key)
    source = tool.published or tool_service.latest(tool)
    if source is None:
        abort(404)
    form = forms.CopyToolForm(data={"title": f"Copy of {tool.title}"[:tool_service.TITLE_MAX]})
    if form.validate_on_submit():
        data = tool_data(source.definition)
        return _create(form, editor.copy_of(data, form.title.data, form.key.data or None), (tool, source))
    return _page("audits/editor/new.html", form, copy_of=(tool, source))


def _create(form, data: dict, copy_of=None):
    try:
        draft = tool_service.create_tool(dump_tool_data(data), user=current_user)
    except CANNOT_SAVE as error:
        def field_for(where: str) -> str | None:
            name = editor.first_name(where)
            if name == "key":
                return "key"
            return name if name in ("title", "description") and hasattr(form, name) else None
        _put_problems(form, error, "", field_for, data, "title")
        return _page("audits/editor/new.html", form, copy_of=copy_of)
    flash(f"{draft.tool.title}: draft version 1 made. Add its sections and questions, then publish it.", "success")
    return _overview(draft.tool)
