"""The structured questionnaire editor's rules: plain functions on a questionnaire's
definition as a plain dict (the shape `dump_questionnaire` writes and a file holds). No
Flask, no database: the views read the draft's YAML into a dict, change it here, write it
back with `to_yaml` and save it through `questionnaire_service.save_draft`, which checks it
with the same loader as a file.

Keys are the identity of statements and questions (answers are stored by key), so an edit
of the words never changes a key; a new item's key is made from its words.
"""
from __future__ import annotations

import copy
import re
from typing import Any

import yaml

from app.core.datafile import DataFileError
from app.core.plain_words import plain
from app.feedback import rules
from app.feedback.questionnaires import dump_questionnaire_data
from app.feedback.translations import EASY_READ

STATEMENTS = "statements"
FREE_TEXT = "free_text"
LISTS = (STATEMENTS, FREE_TEXT)
SCALE_KIND = "scale"
CHOICE_KINDS = ("single_choice", "multiple_choice")
NUMBER = "number"
KINDS = {
    SCALE_KIND: "A statement answered on the scale",
    "single_choice": "Choose one answer (for example their role)",
    "multiple_choice": "Choose any answers (for example the agencies that helped)",
    NUMBER: "A number",
}
KEY_MAX = 60
MOST_NEGATIVE = {rules.FACES: rules.SAD, rules.AGREE_SCALE: rules.STRONGLY_DISAGREE}
# What a new statement reads in a translation until someone translates it: the English,
# with the translation marked as needing review so that respondents are not offered it.
STAND_IN_PICTURE = "help-hand"
STAND_IN_PICTURE_TEXT = "A picture still to be chosen"
STARTER_INTRO = {
    rules.CHILDREN: "We want to know what you think. You do not have to answer. If you tell us you are not safe,"
                    " a grown-up whose job is to keep children safe will read it.",
    rules.YOUNG_PEOPLE: "We want to hear what you think. A small team reads the answers. You do not have to answer."
                        " If you tell us you are not safe, someone whose job is to keep young people safe will read it.",
    rules.PARENTS_CARERS: "Tell us what you think. A small team reads the answers and shares only totals. You do not"
                          " have to answer. If you tell us a child is not safe, someone will read it and act.",
    rules.PRACTITIONERS: "Tell us what you think. Answers are read by the quality assurance team and shared only as"
                         " totals. You do not have to answer any question.",
}


class EditorError(ValueError):
    """Something the editor cannot do, in words an administrator can act on, at a field."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Reading and writing ------------------------------------------------------------------


def from_yaml(text: str) -> dict:
    """A draft's (already checked) YAML as the editor's dict."""
    return yaml.safe_load(text) if text.strip() else {}


def to_yaml(data: dict) -> str:
    return dump_questionnaire_data(data)


# --- Keys ---------------------------------------------------------------------------------


def slug(text: str, limit: int = KEY_MAX) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
    return words[:limit].rstrip("-") or "item"


def unique(base: str, taken, sep: str = "-") -> str:
    key, n = base, 2
    while key in taken:
        key = f"{base}{sep}{n}"
        n += 1
    return key


def item_keys(data: dict) -> set[str]:
    return {item["key"] for name in LISTS for item in data.get(name) or []}


def key_for_title(title: str, taken) -> str:
    """A questionnaire key from its title, unused: "Forum check-in" -> "forum_check_in"."""
    return unique(slug(title, 60).replace("-", "_"), set(taken), "_")


# --- A new questionnaire, or a copy -------------------------------------------------------


def new_questionnaire(title: str, audience: str, scale: str, key: str) -> dict:
    """A draft with no statements yet (the one incompleteness a draft may have)."""
    return {"key": key, "title": title.strip(), "audience": audience, "version": 1, "status": rules.DRAFT,
            "scale": scale, "intro": STARTER_INTRO[audience], STATEMENTS: []}


def copy_of(data: dict, key: str, title: str) -> dict:
    out = copy.deepcopy(data)
    out.update(key=key, title=title.strip(), version=1, status=rules.DRAFT)
    for translation in (out.get("translations") or {}).values():
        translation["needs_review"] = True  # the copy's words are checked again before anyone is offered them
    return out


# --- Details ------------------------------------------------------------------------------

DETAILS = ("title", "description", "audience", "scale", "layout", "ask_name", "intro")


def set_details(data: dict, **fields) -> dict:
    """Title, staff description, audience, scale, layout, ask_name, intro. Empty optional ones are left out."""
    out = copy.deepcopy(data)
    for name, value in fields.items():
        if name not in DETAILS:
            raise KeyError(name)
        if isinstance(value, str):
            value = value.strip().replace("\r\n", "\n")
        if name in ("description", "layout") and not value:
            out.pop(name, None)
        elif name == "ask_name" and not value:
            out.pop(name, None)
        else:
            out[name] = value
    if out.get("scale") != data.get("scale"):
        # answers of the old scale mean nothing on the new one: the new scale's defaults, and
        # a safety statement alerts on its most negative answer until the author says otherwise
        for s in out.get(STATEMENTS) or []:
            s.pop("positive", None)
            if "safety_signal" in s:
                s["safety_signal"] = {"answers": [MOST_NEGATIVE[out["scale"]]]}
    return out


# --- Items: statements, questions, free-text questions ------------------------------------


def items(data: dict, list_name: str) -> list[dict]:
    return data.get(list_name) or []


def index_of(data: dict, list_name: str, key: str) -> int:
    for i, item in enumerate(items(data, list_name)):
        if item["key"] == key:
            return i
    raise KeyError(key)


def kind_of(item: dict) -> str:
    return item.get("kind", SCALE_KIND)


def move(data: dict, list_name: str, key: str, step: int) -> dict:
    """The item one place up (step -1) or down (+1); at the end it stays."""
    out = copy.deepcopy(data)
    rows = out[list_name]
    i = index_of(out, list_name, key)
    j = i + step
    if 0 <= j < len(rows):
        rows[i], rows[j] = rows[j], rows[i]
    return out


def reorder(data: dict, list_name: str, keys: list[str]) -> dict:
    """The items in the order given (dragged); the same keys, each once, or EditorError."""
    rows = items(data, list_name)
    if sorted(keys) != sorted(r["key"] for r in rows):
        raise EditorError("The questionnaire changed while you moved things: the order was not saved. Try again.")
    by_key = {r["key"]: r for r in rows}
    out = copy.deepcopy(data)
    out[list_name] = [copy.deepcopy(by_key[k]) for k in keys]
    return out


def depends_on(data: dict, key: str) -> list[dict]:
    """The items shown only when `key` has certain answers."""
    return [item for name in LISTS for item in items(data, name)
            if (item.get("show_when") or {}).get("question") == key]


def remove(data: dict, list_name: str, key: str) -> dict:
    dependants = depends_on(data, key)
    if dependants:
        raise EditorError(f"'{dependants[0]['text']}' is shown only after an answer to this one:"
                          " change or remove that first.")
    out = copy.deepcopy(data)
    out[list_name] = [r for r in out[list_name] if r["key"] != key]
    for translation in (out.get("translations") or {}).values():
        (translation.get(list_name) or {}).pop(key, None)
        if list_name == FREE_TEXT and not translation.get(FREE_TEXT):
            translation.pop(FREE_TEXT, None)
    if list_name == FREE_TEXT and not out[FREE_TEXT]:
        out.pop(FREE_TEXT)
    return out


def earlier_choices(data: dict, list_name: str, key: str | None) -> list[tuple[dict, list[tuple[str, str]]]]:
    """The items before this one (all of them for a new statement) that a "show only when"
    may name, with their answers as (answer key, words): scale statements and choice questions."""
    scale = rules.SCALES[data["scale"]]
    out = []
    for item in items(data, STATEMENTS):
        if list_name == STATEMENTS and item["key"] == key:
            break
        if kind_of(item) == SCALE_KIND:
            out.append((item, list(scale.answers.items())))
        elif kind_of(item) in CHOICE_KINDS:
            out.append((item, [(o["key"], o["label"]) for o in item.get("options") or []]))
    return out


def show_when_words(data: dict, show_when: dict) -> tuple[str, list[str]]:
    """(the earlier question's words, its answers' words) of a "show only when", for people."""
    for item, answers in earlier_choices(data, STATEMENTS, None):
        if item["key"] == show_when.get("question"):
            words = dict(answers)
            return item["text"], [words.get(a, a) for a in show_when.get("answer_in", [])]
    return show_when.get("question", ""), list(show_when.get("answer_in", []))


def _sync_translations(data: dict, list_name: str, item: dict, added: bool) -> None:
    """Each translation answers the same questions with the same options (the loader's rule):
    a new item reads in English there (Easy Read with a stand-in picture), a new option has its
    English label, a removed option goes; a translation so changed needs review (not offered)."""
    key = item["key"]
    for code, translation in (data.get("translations") or {}).items():
        given = translation.setdefault(list_name, {})
        if list_name == FREE_TEXT:
            if added:
                given[key] = item["text"]
                translation["needs_review"] = True
            continue
        before = statement_translation(given.get(key)) if key in given else None
        value = before or {"text": item["text"], "picture": "", "picture_text": "", "options": {}}
        if code == EASY_READ and not value["picture"]:
            value.update(picture=STAND_IN_PICTURE, picture_text=STAND_IN_PICTURE_TEXT)
        labels = {o["key"]: o["label"] for o in item.get("options") or []}
        options = {k: value["options"].get(k, label) for k, label in labels.items()}
        if before is None or options != before["options"] or value["picture"] != before["picture"]:
            translation["needs_review"] = True
        given[key] = translated_statement(value["text"], picture=value["picture"], picture_text=value["picture_text"],
                                          options=options)


def save_item(data: dict, list_name: str, key: str | None, item: dict) -> tuple[dict, str]:
    """(the definition, the item's key) with `item` (no key) as the item `key`, or added at
    the end when `key` is None (its key made from its words). Fields not in `item` are dropped:
    the form sends every field the item has."""
    out = copy.deepcopy(data)
    rows = out.setdefault(list_name, [])
    if key is None:
        key = unique(slug(item.get("text", "")), item_keys(out))
        rows.append({"key": key, **item})
        _sync_translations(out, list_name, rows[-1], added=True)
    else:
        rows[index_of(out, list_name, key)] = {"key": key, **item}
        _sync_translations(out, list_name, rows[index_of(out, list_name, key)], added=False)
    return out, key


def statement_item(scale: str, *, text: str, measure: str = "", positive=(), safety_answers=(),
                   show_when: dict | None = None) -> dict:
    """A scale statement as the file writes it: positive only when not the scale's default."""
    item: dict[str, Any] = {"text": text.strip()}
    if measure:
        item["measure"] = measure
        if positive and tuple(a for a in rules.SCALES[scale].answers if a in positive) != rules.SCALES[scale].positive:
            item["positive"] = [a for a in rules.SCALES[scale].answers if a in positive]
    if safety_answers:
        item["safety_signal"] = {"answers": [a for a in rules.SCALES[scale].answers if a in safety_answers]}
    if show_when:
        item["show_when"] = show_when
    return item


def question_item(kind: str, *, text: str, options=(), minimum=None, maximum=None,
                  show_when: dict | None = None) -> dict:
    """A question of another kind (the agreed shape: kind, options [{key, label}], minimum, maximum)."""
    item: dict[str, Any] = {"text": text.strip(), "kind": kind}
    if kind in CHOICE_KINDS:
        item["options"] = [dict(o) for o in options]
    if kind == NUMBER:
        if minimum is not None:
            item["minimum"] = minimum
        if maximum is not None:
            item["maximum"] = maximum
    if show_when:
        item["show_when"] = show_when
    return item


def option_list(labels: list[str], keys: list[str] | None = None) -> list[dict]:
    """Options from the labels typed (blank ones dropped), keeping the keys they had."""
    keys = list(keys or [])
    out, taken = [], set()
    for i, label in enumerate(labels):
        label = (label or "").strip()
        if not label:
            continue
        key = keys[i] if i < len(keys) and keys[i] else unique(slug(label, 40), taken)
        taken.add(key)
        out.append({"key": key, "label": label})
    return out


def show_when_from(chosen: list[str]) -> dict | None:
    """"Show only when" from ticked "<question key>=<answer>" values: all of one question."""
    pairs = [c.split("=", 1) for c in chosen if "=" in c]
    if not pairs:
        return None
    questions = list(dict.fromkeys(q for q, _ in pairs))
    if len(questions) > 1:
        raise EditorError("Choose answers of one earlier question only", "show_when")
    return {"question": questions[0], "answer_in": [a for _, a in pairs]}


# --- Translations -------------------------------------------------------------------------


def translation_of(data: dict, code: str) -> dict:
    return (data.get("translations") or {}).get(code) or {}


def set_translation(data: dict, code: str, translation: dict) -> dict:
    out = copy.deepcopy(data)
    out.setdefault("translations", {})[code] = translation
    return out


def remove_translation(data: dict, code: str) -> dict:
    out = copy.deepcopy(data)
    (out.get("translations") or {}).pop(code, None)
    if not out.get("translations"):
        out.pop("translations", None)
    return out


def translated_statement(text: str, *, picture: str = "", picture_text: str = "", options: dict | None = None):
    """A statement's translation as the file writes it: a plain string when it is only the text."""
    text = text.strip()
    extra: dict[str, Any] = {}
    if picture:
        extra.update(picture=picture, picture_text=picture_text.strip())
    if options:
        extra["options"] = options
    return {"text": text, **extra} if extra else text


def statement_translation(value) -> dict:
    """{text, picture, picture_text, options} of a statement's translation as stored."""
    if isinstance(value, str):
        return {"text": value, "picture": "", "picture_text": "", "options": {}}
    value = value or {}
    return {"text": value.get("text", ""), "picture": value.get("picture", ""),
            "picture_text": value.get("picture_text", ""), "options": value.get("options") or {}}


# --- Where a loader's problem belongs --------------------------------------------------------

def located(error: Exception) -> list[tuple[str, str, str]]:
    """(place, words at its field, words elsewhere) of each problem of a refused save: the
    place decides the field, the words are the loader's plain ones (app.core.plain_words)."""
    if not isinstance(error, DataFileError):  # e.g. someone else saved the draft meanwhile
        return [("", str(error), str(error))]
    out = []
    for place, message in error.located:
        words = plain(error.names, place, message)
        out.append((place or "", words, words))
    return out


def _under(place: str, start: str) -> bool:
    return place == start or place.startswith(start + ".") or place.startswith(start + "[")


def problems_for_item(problems: list[tuple[str, str, str]], list_name: str, index: int, fields: dict[str, str],
                      default: str) -> dict[str, str]:
    """{form field: first message} for the problems (from `located`) of item `index`: `fields`
    maps the part of the place after the item ("positive", "safety_signal") to a field; the
    rest go to `default`."""
    out: dict[str, str] = {}
    prefix = f"{list_name}[{index}]"
    for place, at_field, elsewhere in problems:
        if _under(place, prefix):
            part = re.split(r"[.\[]", place[len(prefix):].lstrip("."), maxsplit=1)[0]
            field = fields.get(part, default)
            out.setdefault(field, at_field if field != default else elsewhere)
        else:
            out.setdefault(default, elsewhere)
    return out


def problems_for_places(problems: list[tuple[str, str, str]], fields: dict[str, str], default: str) -> dict[str, str]:
    """{form field: first message}: each problem's place (or its longest known start) gives its field."""
    out: dict[str, str] = {}
    for place, at_field, elsewhere in problems:
        field = next((fields[p] for p in sorted(fields, key=len, reverse=True) if _under(place, p)), None)
        out.setdefault(field or default, at_field if field and field != default else elsewhere)
    return out
