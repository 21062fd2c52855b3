"""Questionnaire files: one YAML file per questionnaire in `surveys/`, read into dataclasses.

A broken file is refused with the file and what is wrong, in plain words, e.g.
  children_feedback.yaml: The scale is agree, but children's questionnaires use the faces scale
(each problem keeps its place, "scale", in DataFileError.located).
First the JSON schema (`SCHEMA`) is checked, then what a schema cannot say (`_check`):
unique keys, measure keys, answers that are on the questionnaire's scale, faces for children.

`dump_questionnaire` writes a questionnaire back as YAML, so that
load_questionnaire_text(dump_questionnaire(q)) == q.

The format, in brief (see surveys/README.md):

    key: children_feedback
    title: Tell us what you think
    description: For staff - who is given it and when.   # optional, not shown to respondents
    audience: children           # children | young_people | parents_carers | practitioners
    version: 1
    status: published            # draft | published | retired
    scale: faces                 # faces | agree (children: faces only)
    ask_name: false              # optional: offer a box for a name (default: anonymous)
    layout: one_per_page         # optional: one_per_page | a_few_per_page | all_on_one_page
                                 # (default: one per page for children and young people)
    intro: |
      Who will see the answers, that answering is optional, what happens if they say
      they are not safe - in the audience's words.
    statements:
      - key: listened-to
        text: The adults who help me listen to me.
        measure: r1-fm3          # a feedback measure of the plan
        positive: [happy]        # optional: default happy face, or agree and strongly agree
      - key: safe-home
        text: I feel safe where I live.
        measure: r1-fm3          # optional on a safety signal: it may count towards no measure
        safety_signal: {answers: [sad]}
      - key: role                # other kinds of question (not counted for measures):
        text: What is your role?
        kind: single_choice      # scale (default) | single_choice | multiple_choice | number
        options: [{key: social-worker, label: Social worker}, {key: other, label: Other}]
      - key: years
        text: How many years have you worked here?
        kind: number
        minimum: 0               # optional, and maximum
        show_when: {question: role, answer_in: [social-worker]}   # asked only then
    free_text:                   # optional
      - key: better
        text: What would make things better?
        show_when: {question: listened-to, answer_in: [sad]}       # optional
    translations:                # optional: other languages and Easy Read (app.feedback.translations)
      pl: {needs_review: true, title: ..., intro: ..., statements: {listened-to: ...}, free_text: {...}}
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.core.datafile import DataFileError, load_yaml
from app.core.plain_words import EMPTY, Namer, lower_first
from app.feedback import rules, translations as _translations

SURVEYS_DIR = Path(__file__).resolve().parents[2] / "surveys"


# --- The questionnaire, as dataclasses ----------------------------------------------------


SCALE = "scale"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
NUMBER = "number"
KINDS = {
    SCALE: "A statement on the questionnaire's scale",
    SINGLE_CHOICE: "One answer from a list",
    MULTIPLE_CHOICE: "Any answers from a list",
    NUMBER: "A number",
}
CHOICE_KINDS = (SINGLE_CHOICE, MULTIPLE_CHOICE)


@dataclass(frozen=True)
class ShowWhen:
    """Ask the item only when the earlier question's answer is one of `answer_in` (app.feedback.branching)."""

    question: str
    answer_in: tuple[str, ...]


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class Statement:
    """An item of `statements:`: a statement on the scale (the default), or a choice or number question."""

    key: str
    text: str
    measure: str | None  # a feedback measure of the plan, e.g. "r1-fm3"; None only for a safety-only statement
    scale: str  # the questionnaire's scale, here so that rules need only the statement
    positive: tuple[str, ...] = ()  # answers that count as positive; () means the scale's default
    safety_answers: tuple[str, ...] = ()  # answers that raise a safeguarding alert
    kind: str = SCALE
    options: tuple[Option, ...] = ()  # single and multiple choice
    minimum: int | float | None = None  # number
    maximum: int | float | None = None
    show_when: ShowWhen | None = None

    def __post_init__(self):
        if not self.positive and self.kind == SCALE:
            object.__setattr__(self, "positive", rules.SCALES[self.scale].positive)

    @property
    def is_safety_signal(self) -> bool:
        return bool(self.safety_answers)

    def answers(self) -> dict[str, str]:
        """The answers it can be given, key -> words: the scale's, or its options (none for a number)."""
        if self.kind == SCALE:
            return dict(rules.SCALES[self.scale].answers)
        return {o.key: o.label for o in self.options}


@dataclass(frozen=True)
class FreeTextQuestion:
    key: str
    text: str
    show_when: ShowWhen | None = None


@dataclass(frozen=True)
class Questionnaire:
    key: str
    title: str
    audience: str
    version: int
    status: str
    scale: str
    intro: str
    statements: tuple[Statement, ...]  # the statements on the scale only: what measures and alerts read
    free_text: tuple[FreeTextQuestion, ...] = ()
    ask_name: bool = False
    description: str = ""  # for staff: who is given it, and when
    layout: str = ""  # "" means the audience's default (app.feedback.layout.layout_of)
    # Other languages and Easy Read: the same statements in other words (app.feedback.translations).
    translations: tuple = ()
    # Every item of `statements:` in order, whatever its kind (`statements` is only the scale ones).
    items: tuple[Statement, ...] = ()

    def __post_init__(self):
        if not self.items:
            object.__setattr__(self, "items", tuple(self.statements))

    def translation(self, language: str):
        """The translation into `language` (a code, or "easy-read"), or None."""
        return next((t for t in self.translations if t.language == language), None)

    def statement(self, key: str) -> Statement:
        for statement in self.items:
            if statement.key == key:
                return statement
        raise KeyError(key)

    def measure_keys(self) -> list[str]:
        """The feedback measures this questionnaire asks about, in order of first mention."""
        return list(dict.fromkeys(s.measure for s in self.statements if s.measure))

    def item(self, key: str):
        """The statement item or free-text question with this key."""
        for item in self.items + self.free_text:
            if item.key == key:
                return item
        raise KeyError(key)

    def safety_statements(self) -> list[Statement]:
        return [s for s in self.statements if s.safety_answers]


# --- The schema ---------------------------------------------------------------------------

_KEY = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
_TEXT = {"type": "string", "minLength": 1}
_ANSWERS = {"type": "array", "minItems": 1, "items": {"type": "string"}}
_SHOW_WHEN = {
    "type": "object", "additionalProperties": False, "required": ["question", "answer_in"],
    "properties": {"question": _KEY, "answer_in": _ANSWERS},
}
_OPTION = {
    "type": "object", "additionalProperties": False, "required": ["key", "label"],
    "properties": {"key": _KEY, "label": _TEXT},
}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "title", "audience", "version", "status", "scale", "intro", "statements"],
    "properties": {
        "key": _KEY,
        "title": _TEXT,
        "description": {"type": ["string", "null"]},
        "audience": {"enum": list(rules.AUDIENCES)},
        "version": {"type": "integer", "minimum": 1},
        "status": {"enum": list(rules.STATUSES)},
        "scale": {"enum": list(rules.SCALES)},
        "ask_name": {"type": "boolean"},
        "layout": {"enum": ["one_per_page", "a_few_per_page", "all_on_one_page"]},
        "intro": _TEXT,
        "statements": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "text"],
                "properties": {
                    "key": _KEY,
                    "text": _TEXT,
                    "kind": {"enum": list(KINDS)},
                    "options": {"type": "array", "items": _OPTION},
                    "minimum": {"type": "number"},
                    "maximum": {"type": "number"},
                    "show_when": _SHOW_WHEN,
                    "measure": {"type": "string"},
                    "positive": _ANSWERS,
                    "safety_signal": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["answers"],
                        "properties": {"answers": _ANSWERS},
                    },
                },
            },
        },
        "translations": _translations.SCHEMA,
        "free_text": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "text"],
                "properties": {"key": _KEY, "text": _TEXT, "show_when": _SHOW_WHEN},
            },
        },
    },
}


# --- Loading ------------------------------------------------------------------------------

# How a problem names its place: "Statement 4 ('I feel safe where I live.')".
NAMES = Namer(
    noun="questionnaire",
    lists={"statements": ("statement", "text"), "free_text": ("free-text question", "text"),
           "options": ("option", "label")},
    fields={"text": "wording", "intro": "introduction", "positive": "positive answers",
            "safety_signal.answers": "safety answers", "safety_signal": "safety answers",
            "ask_name": "choice to ask for a name", "show_when.question": "'show only when' question",
            "show_when.answer_in": "'show only when' answers", "show_when": "'show only when' condition"},
    special=_translations.name_place,
)



def load_questionnaire_text(text: str, source: str = "questionnaire") -> Questionnaire:
    """The questionnaire in `text`; DataFileError(source, problems) if it is broken."""
    data = load_yaml(text, source, SCHEMA, NAMES)
    problems = _check(data)
    if problems:
        raise DataFileError(source, problems, NAMES.about(data))
    return _build(data)


def load_questionnaire_file(path: Path | str) -> Questionnaire:
    path = Path(path)
    return load_questionnaire_text(path.read_text(encoding="utf-8"), path.name)


def load_all_questionnaires(directory: Path | str = SURVEYS_DIR) -> list[Questionnaire]:
    """Every *.yaml questionnaire in a directory, by file name; refuses duplicate keys."""
    questionnaires, seen = [], {}
    for path in sorted(Path(directory).glob("*.yaml")):
        questionnaire = load_questionnaire_file(path)
        if questionnaire.key in seen:
            raise DataFileError(path.name, [f"key: is '{questionnaire.key}', which {seen[questionnaire.key]} uses too"], NAMES)
        seen[questionnaire.key] = path.name
        questionnaires.append(questionnaire)
    return questionnaires


def _check(data: dict) -> list[str]:
    problems: list[str] = []
    names = NAMES.about(data)
    scale_key = data["scale"]
    scale = rules.SCALES[scale_key]
    on_scale = ", ".join(scale.answers)
    if data["audience"] == rules.CHILDREN and scale_key != rules.FACES:
        problems.append(f"scale: is {scale_key}, but children's questionnaires use the faces scale")
    if not data["statements"] and data["status"] != rules.DRAFT:
        # a draft made in the editor may have none yet; publishing it is refused (questionnaire_service)
        problems.append(f"statements: {EMPTY}")

    places: dict[str, str] = {}
    for list_name in ("statements", "free_text"):
        for i, item in enumerate(data.get(list_name) or []):
            place = f"{list_name}[{i}]"
            if item["key"] in places:
                problems.append(f"{place}.key: is '{item['key']}', which {lower_first(names.thing(places[item['key']]).name)} uses too")
            places.setdefault(item["key"], place)

    problems += _check_kinds(data)
    problems += _check_show_when(data)
    for i, statement in enumerate(data["statements"]):
        place = f"statements[{i}]"
        if statement.get("kind", SCALE) != SCALE:
            continue  # only a statement on the scale has a measure, positive answers, a safety signal
        measure = statement.get("measure")
        safety = (statement.get("safety_signal") or {}).get("answers", [])
        if measure is None:
            if not safety:
                problems.append(f"{place}.measure: is missing (only a safety statement can leave it out)")
            if "positive" in statement:
                problems.append(f"{place}.positive: a statement without a measure has no positive answers")
        elif not rules.MEASURE_KEY_PATTERN.match(measure):
            problems.append(f"{place}.measure: is '{measure}', which is not a feedback measure key (r<recommendation>-fm<number>, e.g. r1-fm3)")
        answer_lists = [("positive", statement.get("positive", [])), ("safety_signal.answers", safety)]
        for name, answers in answer_lists:
            for ai, answer in enumerate(answers):
                if answer not in scale.answers:
                    problems.append(f"{place}.{name}[{ai}]: '{answer}' is not an answer on the {scale_key} scale ({on_scale})")
                elif answer in answers[:ai]:
                    problems.append(f"{place}.{name}[{ai}]: '{answer}' is listed twice")
        positive = statement.get("positive", [])
        for ai, answer in enumerate(positive):
            if answer in scale.not_counted:
                problems.append(f"{place}.positive[{ai}]: '{answer}' is not counted, so it cannot be positive")
        counted = [a for a in scale.answers if a not in scale.not_counted]
        if positive and set(counted) <= set(positive):
            problems.append(f"{place}.positive: every answer would be positive; leave out at least one")
        effective = positive or list(scale.positive)
        for ai, answer in enumerate(safety):
            if answer in effective:
                problems.append(f"{place}.safety_signal.answers[{ai}]: '{answer}' is a positive answer too")
    return problems + _translations.check(data)


def _check_kinds(data: dict) -> list[str]:
    """What a choice or number question carries: options for a choice (two or more, unique),
    a range for a number, and never a measure, positive answers or a safety signal."""
    problems: list[str] = []
    for i, statement in enumerate(data["statements"]):
        place, kind = f"statements[{i}]", statement.get("kind", SCALE)
        if kind != SCALE:
            for name in ("measure", "positive", "safety_signal"):
                if name in statement:
                    problems.append(f"{place}.{name}: only a statement on the scale has this (this one is {kind})")
        options = statement.get("options")
        if kind in CHOICE_KINDS:
            if not options or len(options) < 2:
                problems.append(f"{place}.options: a {kind} question needs at least two options")
            for oi, option in enumerate(options or []):
                if option["key"] in [o["key"] for o in options[:oi]]:
                    problems.append(f"{place}.options[{oi}].key: '{option['key']}' is used by another option too")
        elif options is not None:
            problems.append(f"{place}.options: only a single_choice or multiple_choice question has options")
        for name in ("minimum", "maximum"):
            if name in statement and kind != NUMBER:
                problems.append(f"{place}.{name}: only a number question has a {name}")
        low, high = statement.get("minimum"), statement.get("maximum")
        if low is not None and high is not None and low > high:
            problems.append(f"{place}.maximum: {high} is less than the minimum ({low})")
    return problems


def _answers_of(item: dict, scale: str) -> list[str] | None:
    """The answers an item can be given, or None if it has no set answers (a number, free text)."""
    kind = item.get("kind", SCALE)
    if kind == SCALE:
        return list(rules.SCALES[scale].answers)
    if kind in CHOICE_KINDS:
        return [o["key"] for o in item.get("options") or []]
    return None


def _check_show_when(data: dict) -> list[str]:
    """A condition names an EARLIER question with set answers, and answers it can be given."""
    problems: list[str] = []
    earlier: dict[str, dict | None] = {}  # key -> item with set answers, None for one without
    for list_name in ("statements", "free_text"):
        for i, item in enumerate(data.get(list_name) or []):
            condition = item.get("show_when")
            if condition is not None:
                place, target = f"{list_name}[{i}].show_when", condition["question"]
                if target not in earlier:
                    problems.append(f"{place}.question: '{target}' is not an earlier question of this questionnaire")
                elif earlier[target] is None:
                    problems.append(f"{place}.question: '{target}' has no set answers (only a choice question or a"
                                    " statement on the scale can decide whether another is asked)")
                else:
                    possible = _answers_of(earlier[target], data["scale"])
                    for ai, answer in enumerate(condition["answer_in"]):
                        if answer not in possible:
                            problems.append(f"{place}.answer_in[{ai}]: '{answer}' is not an answer of '{target}'"
                                            f" ({', '.join(possible)})")
                        elif answer in condition["answer_in"][:ai]:
                            problems.append(f"{place}.answer_in[{ai}]: '{answer}' is listed twice")
            has_answers = list_name == "statements" and _answers_of(item, data["scale"]) is not None
            earlier.setdefault(item["key"], item if has_answers else None)
    return problems


def _text(value: str | None) -> str:
    return (value or "").strip()


def _show_when(item: dict) -> ShowWhen | None:
    condition = item.get("show_when")
    return ShowWhen(condition["question"], tuple(condition["answer_in"])) if condition else None


def _build(data: dict) -> Questionnaire:
    scale = data["scale"]
    items = tuple(
        Statement(
            key=s["key"],
            text=_text(s["text"]),
            measure=s.get("measure"),
            scale=scale,
            positive=tuple(s.get("positive", ())),
            safety_answers=tuple((s.get("safety_signal") or {}).get("answers", ())),
            kind=s.get("kind", SCALE),
            options=tuple(Option(o["key"], _text(o["label"])) for o in s.get("options") or ()),
            minimum=s.get("minimum"),
            maximum=s.get("maximum"),
            show_when=_show_when(s),
        )
        for s in data["statements"]
    )
    return Questionnaire(
        key=data["key"],
        title=_text(data["title"]),
        audience=data["audience"],
        version=data["version"],
        status=data["status"],
        scale=scale,
        intro=_text(data["intro"]),
        statements=tuple(i for i in items if i.kind == SCALE),
        items=items,
        free_text=tuple(FreeTextQuestion(f["key"], _text(f["text"]), _show_when(f))
                        for f in data.get("free_text") or []),
        ask_name=data.get("ask_name", False),
        description=_text(data.get("description")),
        layout=data.get("layout", ""),
        translations=_translations.build(data),
    )


# --- Writing ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Long or multi-line text as blocks, short lists of answers on one line."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else (">" if len(value) > 80 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value):
    flow = bool(value) and all(isinstance(v, str) and len(v) < 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def _dump_show_when(out: dict, condition: ShowWhen | None) -> dict:
    if condition is not None:
        out["show_when"] = {"question": condition.question, "answer_in": list(condition.answer_in)}
    return out


def _dump_statement(s: Statement) -> dict:
    out: dict[str, Any] = {"key": s.key, "text": s.text}
    if s.kind != SCALE:
        out["kind"] = s.kind
        if s.kind in CHOICE_KINDS:
            out["options"] = [{"key": o.key, "label": o.label} for o in s.options]
        for name in ("minimum", "maximum"):
            if getattr(s, name) is not None:
                out[name] = getattr(s, name)
        return _dump_show_when(out, s.show_when)
    if s.measure is not None:
        out["measure"] = s.measure
    if s.measure is not None and s.positive != rules.SCALES[s.scale].positive:
        out["positive"] = list(s.positive)
    if s.safety_answers:
        out["safety_signal"] = {"answers": list(s.safety_answers)}
    return _dump_show_when(out, s.show_when)


def dump_questionnaire(q: Questionnaire) -> str:
    """The questionnaire as YAML in the file format; loading it again gives an equal one."""
    data: dict[str, Any] = {"key": q.key, "title": q.title}
    if q.description:
        data["description"] = q.description
    data.update({"audience": q.audience, "version": q.version, "status": q.status, "scale": q.scale})
    if q.ask_name:
        data["ask_name"] = True
    if q.layout:
        data["layout"] = q.layout
    data["intro"] = q.intro
    data["statements"] = [_dump_statement(s) for s in q.items]
    if q.free_text:
        data["free_text"] = [_dump_show_when({"key": f.key, "text": f.text}, f.show_when) for f in q.free_text]
    if q.translations:
        data["translations"] = _translations.dump(q.translations)
    return dump_questionnaire_data(data)


def dump_questionnaire_data(data: dict) -> str:
    """A questionnaire held as a plain dict (the structured editor's) as YAML, written as above."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
