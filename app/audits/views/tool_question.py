"""The audit tool editor's question page (administrators): a question's words, kind of
answer, options, guidance, whether it must be answered, weight, evidence, limits on the
judgement, links to the plan's audit measures, and "show only when". Saved in the draft
as the rest of the editor is (app.audits.views.tool_editor)."""
from __future__ import annotations

import copy

from flask import abort, request

from app.audits import editor_forms as forms
from app.audits import grades, tool_service
from app.audits import tool_editor as editor
from app.audits.views.blueprint import bp
from app.audits.views.tool_editor import (
    CANNOT_SAVE,
    _audit_measures,
    _choices,
    _draft_data,
    _labels,
    _lines,
    _overview,
    _page,
    _put_problems,
    _save,
    _saved_message,
    _show_when,
    _show_when_data,
    _tool_or_404,
    show_when_supported,
)
from app.auth.roles import ADMIN
from app.core.access import roles_required

MAX_MEASURE_ROWS = 10

# The loader's names for a question's parts -> the page's fields.
FIELDS = {
    "": "text", "key": "text", "text": "text", "kind": "kind", "guidance": "guidance", "required": "required",
    "weight": "weight", "evidence": "evidence", "allow_not_applicable": "allow_not_applicable",
    "options": "options", "minimum": "minimum", "maximum": "maximum", "limits": "limit_inadequate",
}


def _start(q: dict | None, rows: int, data: dict) -> dict:
    """The form's fields from the question as saved (or a new question's defaults)."""
    if q is None:
        return {"required": "yes", "allow_not_applicable": "yes", "evidence": "", "weight": "1"}
    start = {
        "text": q["text"], "kind": q["kind"], "guidance": q.get("guidance", ""),
        "options": "\n".join(o["label"] for o in q.get("options", [])),
        "required": "no" if q.get("required") is False else "yes",
        "allow_not_applicable": "no" if q.get("allow_not_applicable") is False else "yes",
        "evidence": q.get("evidence", ""), "weight": tool_service.number_text(q.get("weight", 1)),
        "minimum": tool_service.number_text(q["minimum"]) if "minimum" in q else "",
        "maximum": tool_service.number_text(q["maximum"]) if "maximum" in q else "",
        "limit_inadequate": q.get("limits", {}).get(grades.INADEQUATE, ""),
        "limit_requires_improvement": q.get("limits", {}).get(grades.REQUIRES_IMPROVEMENT, ""),
        **_show_when_data(q, data),
    }
    for i, link in enumerate(q.get("measures", [])[:rows]):
        start[f"measure_{i}_key"] = link["key"]
        start[f"measure_{i}_rule"] = link["rule"]
        start[f"measure_{i}_values"] = _labels(q, link.get("values", []))
    return start


def _fields(form, rows: int, data: dict, old: dict | None) -> tuple[dict, list[int]]:
    """What the page says, as tool_editor.question_from takes it; and the form row of each measure link kept."""
    limits = {g: limit for g, limit in (old or {}).get("limits", {}).items() if g not in forms.LIMITED_GRADES}
    limits[grades.INADEQUATE] = form.limit_inadequate.data
    limits[grades.REQUIRES_IMPROVEMENT] = form.limit_requires_improvement.data
    measures, link_rows = [], []
    for i in range(rows):
        key = getattr(form, f"measure_{i}_key").data
        if key:
            link_rows.append(i)
            measures.append({"key": key, "rule": getattr(form, f"measure_{i}_rule").data,
                             "values": _lines(getattr(form, f"measure_{i}_values").data)})
    return {
        "text": form.text.data, "kind": form.kind.data, "guidance": form.guidance.data,
        "required": form.required.data != "no", "weight": form.weight.number,
        "evidence": form.evidence.data or None, "allow_not_applicable": form.allow_not_applicable.data != "no",
        "options": _lines(form.options.data), "minimum": form.minimum.number, "maximum": form.maximum.number,
        "limits": limits, "measures": measures, "show_when": _show_when(form, data),
    }, link_rows


def _field_for(link_rows: list[int]):
    def field_for(where: str) -> str | None:
        name = editor.first_name(where)
        if name == "measures":
            index = editor.index_in(where, "measures")
            if index is None or index >= len(link_rows):
                return "measure_0_key"
            part = "values" if ".values" in where else "rule" if ".rule" in where else "key"
            return f"measure_{link_rows[index]}_{part}"
        if name == "show_when":
            return "show_when_answers" if "answer_in" in where else "show_when_question"
        if name == "limits" and grades.REQUIRES_IMPROVEMENT in where:
            return "limit_requires_improvement"
        return FIELDS.get(name)
    return field_for


def _question_page(tool, section_key: str | None, question_key: str | None):
    data, number = _draft_data(tool)
    try:
        old = editor.question(data, question_key) if question_key else None
        if section_key is None:
            section_key = data["sections"][editor.question_place(data, question_key)[0]]["key"]
        section = data["sections"][editor.section_index(data, section_key)]
    except KeyError:
        abort(404)
    try:
        rows = int(request.form.get("measure_rows") or 0)
    except ValueError:
        rows = 0
    rows = min(max(rows, len((old or {}).get("measures", [])) + 1, 1), MAX_MEASURE_ROWS)
    adding_row = request.method == "POST" and "add_measure" in request.form and rows < MAX_MEASURE_ROWS
    if adding_row:
        rows += 1
    measures = _audit_measures()
    offered = {key for key, _ in measures}
    # A link to a key the plan does not have (yet) is kept, not dropped by a select without it.
    measures += [(link["key"], f"{link['key']} (not a measure in the plan)")
                 for link in (old or {}).get("measures", []) if link["key"] not in offered]
    form = forms.question_form_class(rows, measures)(
        data={**_start(old, rows, data), "based_on": tool_service.edit_base(tool)})
    form.measure_rows.data = str(rows)
    form.show_when_question.choices = _choices(
        editor.earlier_questions(data, question_key, section_key) if show_when_supported() else [], old, data)
    context = {"tool": tool, "number": number, "section": section, "question": old, "rows": rows,
               "first_new_row": rows - 1 if adding_row else None}
    if adding_row:
        return _page("audits/editor/question.html", form, **context)
    if form.validate_on_submit():
        fields, link_rows = _fields(form, rows, data, old)
        changed = copy.deepcopy(data)
        if question_key:
            editor.change_question(changed, question_key, fields)
            key = question_key
        else:
            key = editor.add_question(changed, section_key, fields)
        si, qi = editor.question_place(changed, key)
        try:
            draft, created = _save(tool, changed, form.based_on.data)
        except CANNOT_SAVE as error:
            _put_problems(form, error, f"sections[{si}].questions[{qi}]", _field_for(link_rows), changed, "text")
        else:
            _saved_message(draft, created, "Question saved.")
            return _overview(tool, f"q-{key}")
    return _page("audits/editor/question.html", form, **context)


@bp.route("/admin/audit-tools/<key>/draft/sections/<section_key>/questions/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_question_new(key: str, section_key: str):
    return _question_page(_tool_or_404(key), section_key, None)


@bp.route("/admin/audit-tools/<key>/questions/<question_key>", methods=["GET", "POST"])
@roles_required(ADMIN)
def tool_question(key: str, question_key: str):
    return _question_page(_tool_or_404(key), None, question_key)
