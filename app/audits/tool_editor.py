"""The audit tool editor's rules: plain functions that change a tool's definition held as
plain data, the shape `app.audits.tool_writing.tool_data` gives and `dump_tool_data` writes.

A QA lead builds a tool here without YAML. Every change is made on a copy, written out
as YAML and checked by the same loader as a file (`tool_service.save_draft`), so the
editor can never save what an import would refuse. What the loader finds wrong names its
place ("sections[0].questions[1].kind: ..."); `problem_places` turns the place into the
field on the page, so the problem is shown next to what the QA lead typed.

Keys (of the tool, sections, questions and options) are made from the words a QA lead
types and kept when the words change, so answers and measure links keep pointing at them.
"""
from __future__ import annotations

import copy
import re
from typing import Any

from app.audits import grades

KEY_LENGTH = 40  # a key made from words is cut to this, at a word


# --- Keys -------------------------------------------------------------------------------


def key_from(words: str, taken: set[str] = frozenset(), separator: str = "-") -> str:
    """A key made from some words ("Plan and contingency" -> "plan-and-contingency"),
    not one of `taken` (a number is added: "-2", "-3")."""
    base = re.sub(r"[^a-z0-9]+", separator, (words or "").lower()).strip(separator)
    if len(base) > KEY_LENGTH:
        base = base[:KEY_LENGTH].rsplit(separator, 1)[0] or base[:KEY_LENGTH]
    base = base or "item"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}{separator}{n}"
    return key


def tool_key_from(title: str) -> str:
    """A tool's key from its title: words joined by underscores, as the seed tools' keys are."""
    return key_from(title, separator="_")


def question_keys(data: dict) -> list[str]:
    return [q["key"] for s in data["sections"] for q in s["questions"]]


def section_keys(data: dict) -> list[str]:
    return [s["key"] for s in data["sections"]]


# --- A new tool, or a copy ----------------------------------------------------------------


def new_tool(title: str, description: str, key: str | None = None) -> dict[str, Any]:
    """A draft tool with no sections yet, scored on the mean of its graded questions."""
    return {
        "key": key or tool_key_from(title),
        "title": title.strip(),
        "description": description.strip(),
        "version": 1,
        "status": grades.DRAFT,
        "scoring": {"method": grades.MEAN_OF_QUESTIONS, "thresholds": _numbers(grades.DEFAULT_THRESHOLDS)},
        "sections": [],
    }


def copy_of(data: dict, title: str, key: str | None = None) -> dict[str, Any]:
    """A new tool with everything of `data` but its title and key: draft version 1."""
    copied = copy.deepcopy(data)
    copied.update(key=key or tool_key_from(title), title=title.strip(), version=1, status=grades.DRAFT)
    return copied


# --- Details and scoring ------------------------------------------------------------------


def set_details(data: dict, title: str, description: str) -> None:
    data["title"], data["description"] = title.strip(), description.strip()


def set_scoring(data: dict, method: str, thresholds: dict[str, float]) -> None:
    data["scoring"] = {"method": method, "thresholds": _numbers(thresholds)}


# --- Finding and moving -------------------------------------------------------------------


def section_index(data: dict, key: str) -> int:
    for si, section in enumerate(data["sections"]):
        if section["key"] == key:
            return si
    raise KeyError(key)


def question_place(data: dict, key: str) -> tuple[int, int]:
    """(section index, question index) of a question; KeyError if there is none."""
    for si, section in enumerate(data["sections"]):
        for qi, question in enumerate(section["questions"]):
            if question["key"] == key:
                return si, qi
    raise KeyError(key)


def question(data: dict, key: str) -> dict:
    si, qi = question_place(data, key)
    return data["sections"][si]["questions"][qi]


def _move(items: list, index: int, step: int) -> bool:
    """Swap an item with its neighbour; False (nothing moved) at either end."""
    other = index + step
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    return True


def move_section(data: dict, key: str, step: int) -> bool:
    """Move a section up (step -1) or down (+1); False if it is already first or last."""
    return _move(data["sections"], section_index(data, key), step)


def move_question(data: dict, key: str, step: int) -> bool:
    """Move a question up (-1) or down (+1) in its section. At the top or bottom of a section
    it goes to the end of the section before, or the start of the one after."""
    si, qi = question_place(data, key)
    questions = data["sections"][si]["questions"]
    if _move(questions, qi, step):
        return True
    neighbour = si + step
    if not 0 <= neighbour < len(data["sections"]):
        return False
    moved = questions.pop(qi)
    target = data["sections"][neighbour]["questions"]
    target.insert(len(target) if step < 0 else 0, moved)
    return True


def reorder(data: dict, sections: list[str], questions: dict[str, list[str]]) -> None:
    """Put the sections, and each section's questions, in the order given (a drag in the
    browser sends the whole order). Every section and question must be named exactly once."""
    if sorted(sections) != sorted(section_keys(data)):
        raise ValueError("The order sent does not match the tool's sections. Reload the page and try again.")
    named = [q for keys in questions.values() for q in keys]
    if sorted(named) != sorted(question_keys(data)) or set(questions) - set(sections):
        raise ValueError("The order sent does not match the tool's questions. Reload the page and try again.")
    by_key = {q["key"]: q for s in data["sections"] for q in s["questions"]}
    old = {s["key"]: s for s in data["sections"]}
    data["sections"] = [old[key] for key in sections]
    for section in data["sections"]:
        section["questions"] = [by_key[q] for q in questions.get(section["key"], [])]


def remove_section(data: dict, key: str) -> dict:
    return data["sections"].pop(section_index(data, key))


def remove_question(data: dict, key: str) -> dict:
    si, qi = question_place(data, key)
    return data["sections"][si]["questions"].pop(qi)


# --- Sections -----------------------------------------------------------------------------


def section_from(fields: dict, key: str, questions: list | None = None) -> dict[str, Any]:
    """A section's data from the section page: title, guidance, weight, show_when."""
    section: dict[str, Any] = {"key": key, "title": (fields.get("title") or "").strip()}
    if (fields.get("guidance") or "").strip():
        section["guidance"] = fields["guidance"].strip()
    weight = fields.get("weight")
    if weight is not None and float(weight) != 1:
        section["weight"] = _number(weight)
    if fields.get("show_when"):
        section["show_when"] = fields["show_when"]
    section["questions"] = questions if questions is not None else []
    return section


def add_section(data: dict, fields: dict) -> str:
    key = key_from(fields.get("title", ""), set(section_keys(data)))
    data["sections"].append(section_from(fields, key))
    return key


def change_section(data: dict, key: str, fields: dict) -> None:
    si = section_index(data, key)
    data["sections"][si] = section_from(fields, key, data["sections"][si]["questions"])


# --- Questions ----------------------------------------------------------------------------


def options_from(labels: list[str], old: list[dict] | None = None) -> list[dict]:
    """Options from their labels, one per line as typed. An option keeps its key while its
    label is unchanged; a new label gets a key made from its words."""
    kept = {o["label"]: o["key"] for o in old or []}
    options, taken = [], set()
    for label in (line.strip() for line in labels):
        if not label:
            continue
        key = kept.get(label) or key_from(label, taken | set(kept.values()))
        if key in taken:
            key = key_from(label, taken | set(kept.values()))
        taken.add(key)
        options.append({"key": key, "label": label})
    return options


def question_from(fields: dict, key: str, old: dict | None = None) -> dict[str, Any]:
    """A question's data from the question page, in the order and with the defaults the
    file format uses (so an exported file reads like a hand-written one).

    `fields`: text, kind, guidance, required (bool), weight, evidence, allow_not_applicable
    (bool), options (labels), minimum, maximum, limits {grade: judgement}, measures (list of
    {key, rule, values}), show_when ({question, answer_in} or None)."""
    kind = fields.get("kind") or ""
    q: dict[str, Any] = {"key": key, "text": (fields.get("text") or "").strip(), "kind": kind}
    if (fields.get("guidance") or "").strip():
        q["guidance"] = fields["guidance"].strip()
    if fields.get("required") is False:
        q["required"] = False
    weight = fields.get("weight")
    if weight is not None and float(weight) != 1:
        q["weight"] = _number(weight)
    evidence = fields.get("evidence")
    if evidence and evidence != grades.DEFAULT_EVIDENCE.get(kind):
        q["evidence"] = evidence
    if kind in grades.KINDS_WITH_NOT_APPLICABLE and fields.get("allow_not_applicable") is False:
        q["allow_not_applicable"] = False
    if kind in grades.CHOICE_KINDS:
        q["options"] = options_from(fields.get("options") or [], (old or {}).get("options"))
    if kind == grades.NUMBER:
        for bound in ("minimum", "maximum"):
            if fields.get(bound) is not None:
                q[bound] = _number(fields[bound])
    if kind == grades.GRADED:
        limits = {grade: limit for grade, limit in (fields.get("limits") or {}).items() if limit}
        if limits:
            q["limits"] = {grade: limits[grade] for grade in grades.JUDGEMENTS if grade in limits}
    measures = [_link(m, old, q) for m in fields.get("measures") or [] if m.get("key")]
    if measures:
        q["measures"] = measures
    if fields.get("show_when"):
        q["show_when"] = fields["show_when"]
    return q


def _link(fields: dict, old: dict | None, q: dict) -> dict[str, Any]:
    link: dict[str, Any] = {"key": fields["key"], "rule": fields.get("rule") or ""}
    values = answer_keys(q, fields.get("values") or [])
    if link["rule"] == grades.ANSWER_IN and values:  # none: the loader says the rule needs them
        link["values"] = values
    # A link's `when` (counted only for some cases) is not on the page; keep it while the link stays.
    earlier = next((m for m in (old or {}).get("measures", []) if m["key"] == link["key"]), None)
    if earlier and earlier.get("when"):
        link["when"] = earlier["when"]
    return link


def add_question(data: dict, section_key: str, fields: dict) -> str:
    key = key_from(fields.get("text", ""), set(question_keys(data)))
    data["sections"][section_index(data, section_key)]["questions"].append(question_from(fields, key))
    return key


def change_question(data: dict, key: str, fields: dict) -> None:
    si, qi = question_place(data, key)
    questions = data["sections"][si]["questions"]
    questions[qi] = question_from(fields, key, questions[qi])


# --- Answers, for measure rules and "show only when" ---------------------------------------


def answers_of(q: dict) -> list[tuple[str, str]]:
    """(answer key, label) a question can be answered with, that a rule can name; [] for
    number, date and text questions."""
    kind = q.get("kind")
    if kind == grades.GRADED:
        return list(grades.JUDGEMENTS.items())
    if kind == grades.YES_PARTLY_NO:
        return list(grades.YES_PARTLY_NO_ANSWERS.items())
    if kind in grades.CHOICE_KINDS:
        return [(str(o["key"]), o["label"]) for o in q.get("options", [])]
    return []


def answer_keys(q: dict, typed: list[str]) -> list[str]:
    """The answer keys for what a QA lead typed, one per line: a label ("Partly") or a key.
    Anything that is neither is kept as typed, for the loader to refuse at its place."""
    by_word = {}
    for key, label in answers_of(q):
        by_word[label.lower()] = key
        by_word[key.lower()] = key
    return [by_word.get(word.strip().lower(), word.strip()) for word in typed if word.strip()]


def earlier_questions(data: dict, before_key: str | None, section_key: str | None = None) -> list[dict]:
    """The questions before this one (for a new question, up to the end of its section)
    that have set answers: what "show only when" can name."""
    found = []
    for section in data["sections"]:
        for q in section["questions"]:
            if q["key"] == before_key:
                return found
            if answers_of(q):
                found.append(q)
        if before_key is None and section["key"] == section_key:
            break
    return found


def questions_before_section(data: dict, section_key: str | None) -> list[dict]:
    """The questions with set answers in the sections before this one (all, for a new section)."""
    found = []
    for section in data["sections"]:
        if section["key"] == section_key:
            break
        found += [q for q in section["questions"] if answers_of(q)]
    return found


# --- Problems, at their fields ------------------------------------------------------------

_PROBLEM = re.compile(r"^(?P<place>[^\s:]+): (?P<message>.*)$", re.DOTALL)


def split_problem(problem: str) -> tuple[str, str]:
    """(place, message) of one of the loader's problems; place "" when it names none."""
    match = _PROBLEM.match(problem)
    if not match or match["place"] == "(top level)":
        return "", match["message"] if match else problem
    return match["place"], match["message"]


def problem_places(problems: list[str], prefix: str) -> list[tuple[str | None, str]]:
    """(where, message) for each of the loader's problems: `where` is the place after
    `prefix` (e.g. "kind", "options", "measures[1].values[0]", "" for the thing itself),
    or None for a problem somewhere else in the tool. The message is the loader's, as it
    says it (its wording is the loader's business)."""
    out = []
    for problem in problems:
        place, message = split_problem(problem)
        if not prefix:
            out.append((place, message))
        elif place == prefix or place.startswith((prefix + ".", prefix + "[")):
            out.append((place[len(prefix):].lstrip("."), message))
        else:
            out.append((None, message))
    return out


def first_name(where: str) -> str:
    """The first name in a place: "measures[1].values[0]" -> "measures"."""
    match = re.match(r"[a-z_]*", where)
    return match.group(0) if match else ""


def index_in(where: str, name: str) -> int | None:
    """The index after `name` in a place: ("measures[1].values[0]", "measures") -> 1."""
    match = re.match(rf"{name}\[(\d+)\]", where)
    return int(match.group(1)) if match else None


# --- Numbers ------------------------------------------------------------------------------


def _number(value) -> int | float:
    value = float(value)
    return int(value) if value.is_integer() else value


def _numbers(values: dict) -> dict:
    return {k: _number(values[k]) for k in grades.DEFAULT_THRESHOLDS}
