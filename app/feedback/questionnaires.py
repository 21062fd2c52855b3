"""Questionnaire files: one YAML file per questionnaire in `surveys/`, read into dataclasses.

A broken file is refused with the file, the place in it and what is wrong, e.g.
  children_feedback.yaml: scale: children's questionnaires use the faces scale (this one is agree)
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
    free_text:                   # optional
      - key: better
        text: What would make things better?
    translations:                # optional: other languages and Easy Read (app.feedback.translations)
      pl: {needs_review: true, title: ..., intro: ..., statements: {listened-to: ...}, free_text: {...}}
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.core.datafile import DataFileError, load_yaml
from app.feedback import rules, translations as _translations

SURVEYS_DIR = Path(__file__).resolve().parents[2] / "surveys"


# --- The questionnaire, as dataclasses ----------------------------------------------------


@dataclass(frozen=True)
class Statement:
    key: str
    text: str
    measure: str | None  # a feedback measure of the plan, e.g. "r1-fm3"; None only for a safety-only statement
    scale: str  # the questionnaire's scale, here so that rules need only the statement
    positive: tuple[str, ...] = ()  # answers that count as positive; () means the scale's default
    safety_answers: tuple[str, ...] = ()  # answers that raise a safeguarding alert

    def __post_init__(self):
        if not self.positive:
            object.__setattr__(self, "positive", rules.SCALES[self.scale].positive)

    @property
    def is_safety_signal(self) -> bool:
        return bool(self.safety_answers)


@dataclass(frozen=True)
class FreeTextQuestion:
    key: str
    text: str


@dataclass(frozen=True)
class Questionnaire:
    key: str
    title: str
    audience: str
    version: int
    status: str
    scale: str
    intro: str
    statements: tuple[Statement, ...]
    free_text: tuple[FreeTextQuestion, ...] = ()
    ask_name: bool = False
    description: str = ""  # for staff: who is given it, and when
    layout: str = ""  # "" means the audience's default (app.feedback.layout.layout_of)
    # Other languages and Easy Read: the same statements in other words (app.feedback.translations).
    translations: tuple = ()

    def translation(self, language: str):
        """The translation into `language` (a code, or "easy-read"), or None."""
        return next((t for t in self.translations if t.language == language), None)

    def statement(self, key: str) -> Statement:
        for statement in self.statements:
            if statement.key == key:
                return statement
        raise KeyError(key)

    def measure_keys(self) -> list[str]:
        """The feedback measures this questionnaire asks about, in order of first mention."""
        return list(dict.fromkeys(s.measure for s in self.statements if s.measure))

    def safety_statements(self) -> list[Statement]:
        return [s for s in self.statements if s.safety_answers]


# --- The schema ---------------------------------------------------------------------------

_KEY = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
_TEXT = {"type": "string", "minLength": 1}
_ANSWERS = {"type": "array", "minItems": 1, "items": {"type": "string"}}

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
                "properties": {"key": _KEY, "text": _TEXT},
            },
        },
    },
}


# --- Loading ------------------------------------------------------------------------------


def load_questionnaire_text(text: str, source: str = "questionnaire") -> Questionnaire:
    """The questionnaire in `text`; DataFileError(source, problems) if it is broken."""
    data = load_yaml(text, source, SCHEMA)
    problems = _check(data)
    if problems:
        raise DataFileError(source, problems)
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
            raise DataFileError(path.name, [f"key: '{questionnaire.key}' is used by {seen[questionnaire.key]} too"])
        seen[questionnaire.key] = path.name
        questionnaires.append(questionnaire)
    return questionnaires


def _check(data: dict) -> list[str]:
    problems: list[str] = []
    scale_key = data["scale"]
    scale = rules.SCALES[scale_key]
    on_scale = ", ".join(scale.answers)
    if data["audience"] == rules.CHILDREN and scale_key != rules.FACES:
        problems.append(f"scale: children's questionnaires use the faces scale (this one is {scale_key})")
    if not data["statements"] and data["status"] != rules.DRAFT:
        # a draft made in the editor may have none yet; publishing it is refused (questionnaire_service)
        problems.append("statements: a questionnaire needs at least one statement")

    places: dict[str, str] = {}
    for list_name in ("statements", "free_text"):
        for i, item in enumerate(data.get(list_name) or []):
            place = f"{list_name}[{i}]"
            if item["key"] in places:
                problems.append(f"{place}.key: '{item['key']}' is used by {places[item['key']]} too")
            places.setdefault(item["key"], place)

    for i, statement in enumerate(data["statements"]):
        place = f"statements[{i}]"
        measure = statement.get("measure")
        safety = (statement.get("safety_signal") or {}).get("answers", [])
        if measure is None:
            if not safety:
                problems.append(f"{place}.measure: is missing (only a safety-signal statement can leave it out)")
            if "positive" in statement:
                problems.append(f"{place}.positive: a statement without a measure has no positive answers")
        elif not rules.MEASURE_KEY_PATTERN.match(measure):
            problems.append(f"{place}.measure: '{measure}' is not a feedback measure key (r<recommendation>-fm<number>, e.g. r1-fm3)")
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


def _text(value: str | None) -> str:
    return (value or "").strip()


def _build(data: dict) -> Questionnaire:
    scale = data["scale"]
    return Questionnaire(
        key=data["key"],
        title=_text(data["title"]),
        audience=data["audience"],
        version=data["version"],
        status=data["status"],
        scale=scale,
        intro=_text(data["intro"]),
        statements=tuple(
            Statement(
                key=s["key"],
                text=_text(s["text"]),
                measure=s.get("measure"),
                scale=scale,
                positive=tuple(s.get("positive", ())),
                safety_answers=tuple((s.get("safety_signal") or {}).get("answers", ())),
            )
            for s in data["statements"]
        ),
        free_text=tuple(FreeTextQuestion(f["key"], _text(f["text"])) for f in data.get("free_text") or []),
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


def _dump_statement(s: Statement) -> dict:
    out: dict[str, Any] = {"key": s.key, "text": s.text}
    if s.measure is not None:
        out["measure"] = s.measure
    if s.measure is not None and s.positive != rules.SCALES[s.scale].positive:
        out["positive"] = list(s.positive)
    if s.safety_answers:
        out["safety_signal"] = {"answers": list(s.safety_answers)}
    return out


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
    data["statements"] = [_dump_statement(s) for s in q.statements]
    if q.free_text:
        data["free_text"] = [{"key": f.key, "text": f.text} for f in q.free_text]
    if q.translations:
        data["translations"] = _translations.dump(q.translations)
    return dump_questionnaire_data(data)


def dump_questionnaire_data(data: dict) -> str:
    """A questionnaire held as a plain dict (the structured editor's) as YAML, written as above."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
