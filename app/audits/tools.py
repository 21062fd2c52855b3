"""Audit tool files: one YAML file per tool in `audit_tools/`, read into dataclasses.

A broken file is refused with the file and what is wrong, in plain words, e.g.
  case_file_audit.yaml: The kind of question 1 in 'Plan and contingency' is 'grade', which is not one of ...
(each problem keeps its place, "sections[2].questions[0].kind", in DataFileError.located).
First the JSON schema (`SCHEMA`) is checked, then what a schema cannot say (`_check`):
unique keys, limits only on graded questions, options on choice questions, measure rules
that fit their question, descending thresholds, `when` naming a real question, and
`show_when` naming an earlier question with set answers.

`dump_tool` (app/audits/tool_writing.py) writes a tool back as YAML, so that
load_tool_text(dump_tool(t)) == t.

The format, in brief (see audit_tools/README.md):

    key: case_file_audit
    title: Case file audit
    description: ...
    version: 1
    status: published            # draft | published | retired
    scoring:
      method: mean_of_questions  # mean_of_sections | lowest_section
      thresholds: {outstanding: 3.5, good: 2.75, requires_improvement: 1.75}
    measures:                    # optional: measures on the whole tool
      - key: r7-am1
        rule: overall_good_or_better
        when: {question: living-with-connected-people, answer_in: [yes]}
    sections:
      - key: plan
        title: Plan and contingency
        weight: 1                # optional
        agency: police           # optional: a multi-agency tool's section, done by that kind of
                                 # agency (app/org AGENCY_KINDS), or `joint` for the lead auditor
        questions:
          - key: contingency
            text: Is there a contingency plan?
            kind: yes_partly_no  # graded | single_choice | multiple_choice | number | date | text
            show_when: {question: plan-type, answer_in: [child-protection]}  # optional, on a section too
            guidance: What good looks like ...
            measures:
              - {key: r2-am1, rule: answer_in, values: [yes]}
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.audits import branching, grades
from app.core.datafile import DataFileError, load_yaml
from app.core.plain_words import EMPTY, Namer, lower_first
from app.org.models import AGENCY_KINDS

TOOLS_DIR = Path(__file__).resolve().parents[2] / "audit_tools"


# --- The tool, as dataclasses -----------------------------------------------------------


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A measure applies (`when`), or a question or section is asked (`show_when`), only
    when `question` was answered one of `answer_in`."""

    question: str
    answer_in: tuple[str, ...]


@dataclass(frozen=True)
class MeasureLink:
    key: str  # an audit measure of the improvement plan, e.g. "r2-am1"
    rule: str  # one of grades.MEASURE_RULES
    values: tuple[str, ...] = ()  # for answer_in
    when: Condition | None = None


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str
    guidance: str = ""
    required: bool = True
    weight: float = 1.0
    evidence: str | None = None  # none | optional | required; None: the kind's default (grades.DEFAULT_EVIDENCE)
    allow_not_applicable: bool = True
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    limits: dict[str, str] = field(default_factory=dict)  # grade given -> highest judgement allowed
    measures: tuple[MeasureLink, ...] = ()
    show_when: Condition | None = None  # asked only when an earlier question has one of these answers

    def __post_init__(self):
        if self.evidence is None:
            object.__setattr__(self, "evidence", grades.DEFAULT_EVIDENCE.get(self.kind, grades.EVIDENCE_OPTIONAL))


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: tuple[Question, ...]
    guidance: str = ""
    weight: float = 1.0
    show_when: Condition | None = None  # asked only when a question in an earlier section has one of these answers
    agency: str | None = None  # multi-agency tools: the agency kind that completes it, or JOINT


# A multi-agency tool's section the lead auditor completes, with the overall joint judgement.
JOINT = "joint"


@dataclass(frozen=True)
class Scoring:
    method: str = grades.MEAN_OF_QUESTIONS
    thresholds: dict[str, float] = field(default_factory=lambda: dict(grades.DEFAULT_THRESHOLDS))


@dataclass(frozen=True)
class AuditTool:
    key: str
    title: str
    description: str
    version: int
    status: str
    scoring: Scoring
    sections: tuple[Section, ...]
    measures: tuple[MeasureLink, ...] = ()  # measures on the whole tool

    def all_questions(self) -> Iterator[tuple[Section, Question]]:
        for section in self.sections:
            for question in section.questions:
                yield section, question

    def question(self, key: str) -> Question:
        for _, question in self.all_questions():
            if question.key == key:
                return question
        raise KeyError(key)

    @property
    def multi_agency(self) -> bool:
        """Done by several agencies, a section each (app/partnership): any section names one."""
        return any(section.agency for section in self.sections)

    def measure_keys(self) -> list[str]:
        """The audit measures this tool links to, in order of first mention."""
        keys = [link.key for _, q in self.all_questions() for link in q.measures]
        keys += [link.key for link in self.measures]
        return list(dict.fromkeys(keys))


# --- The schema -------------------------------------------------------------------------

_KEY = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
_TEXT = {"type": "string", "minLength": 1}
_OPT_TEXT = {"type": ["string", "null"]}
# YAML reads an unquoted yes/no as true/false; answers accept either and read them as "yes"/"no".
_ANSWER = {"type": ["string", "boolean"]}
_ANSWERS = {"type": "array", "minItems": 1, "items": _ANSWER}
_WEIGHT = {"type": "number", "exclusiveMinimum": 0}
_THRESHOLD = {"type": "number", "minimum": 1, "maximum": 4}

_CONDITION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["question", "answer_in"],
    "properties": {"question": _KEY, "answer_in": _ANSWERS},
}
_MEASURE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "rule"],
    "properties": {
        "key": {"type": "string"},
        "rule": {"enum": list(grades.MEASURE_RULES)},
        "values": _ANSWERS,
        "when": _CONDITION,
    },
}
_QUESTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "text", "kind"],
    "properties": {
        "key": _KEY,
        "text": _TEXT,
        "kind": {"enum": list(grades.QUESTION_KINDS)},
        "guidance": _OPT_TEXT,
        "required": {"type": "boolean"},
        "weight": _WEIGHT,
        "evidence": {"enum": list(grades.EVIDENCE)},
        "allow_not_applicable": {"type": "boolean"},
        "options": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "label"],
                "properties": {"key": {"anyOf": [_KEY, {"type": "boolean"}]}, "label": _TEXT},
            },
        },
        "minimum": {"type": "number"},
        "maximum": {"type": "number"},
        "limits": {
            "type": "object",
            "additionalProperties": False,
            "properties": {grade: {"enum": list(grades.JUDGEMENTS)} for grade in grades.JUDGEMENTS},
        },
        "measures": {"type": "array", "items": _MEASURE},
        "show_when": _CONDITION,
    },
}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "title", "description", "version", "status", "scoring", "sections"],
    "properties": {
        "key": _KEY,
        "title": _TEXT,
        "description": _TEXT,
        "version": {"type": "integer", "minimum": 1},
        "status": {"enum": list(grades.TOOL_STATUSES)},
        "scoring": {
            "type": "object",
            "additionalProperties": False,
            "required": ["method"],
            "properties": {
                "method": {"enum": list(grades.SCORING_METHODS)},
                "thresholds": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(grades.DEFAULT_THRESHOLDS),
                    "properties": {key: _THRESHOLD for key in grades.DEFAULT_THRESHOLDS},
                },
            },
        },
        "measures": {"type": "array", "items": _MEASURE},
        # Empty lists are checked in _check: a draft may have none yet.
        "sections": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "title", "questions"],
                "properties": {
                    "key": _KEY,
                    "title": _TEXT,
                    "guidance": _OPT_TEXT,
                    "weight": _WEIGHT,
                    "show_when": _CONDITION,
                    "questions": {"type": "array", "items": _QUESTION},
                    "agency": {"enum": [*AGENCY_KINDS, JOINT]},
                },
            },
        },
    },
}


# --- Loading ----------------------------------------------------------------------------

# How a problem names its place: "Question 2 in 'Plan and contingency'", "Option 1 of question 3 in ...".
NAMES = Namer(
    noun="tool",
    lists={"sections": ("section", "title"), "questions": ("question", None), "options": ("option", "label"),
           "measures": ("measure", None)},
    fields={"text": "wording", "kind": "kind", "answer_in": "answers", "values": "answers", "limits": "limit",
            "allow_not_applicable": "Not applicable answer", "when.question": "condition's question",
            "when.answer_in": "condition's answers", "show_when.question": "'show only when' question",
            "show_when.answer_in": "'show only when' answers", "show_when": "'show only when' condition",
            "scoring.method": "scoring method", "scoring.thresholds": "scoring thresholds",
            "scoring": "scoring", "evidence": "evidence",
            **{f"scoring.thresholds.{k}": f"{grades.JUDGEMENTS[k]} threshold" for k in grades.DEFAULT_THRESHOLDS}},
    special=lambda data, parts: (
        (f"Measure {parts[1] + 1} of the whole tool", parts[2:])
        if len(parts) >= 2 and parts[0] == "measures" and isinstance(parts[1], int) else None
    ),
)


def _named(names: Namer, place: str) -> str:
    """Another place, as named in the middle of a sentence ("question 2 in 'Plan'")."""
    return lower_first(names.thing(place).name)



# Words that make a question ask for a date of birth, however it is put ("date of the young
# person's 18th birthday" is a date of birth too). Cases are known by reference only.
_BIRTH_WORDS = re.compile(r"\b(birth|birthday|birthdate|born|dob|d\.o\.b)\b", re.IGNORECASE)


def birth_date_problems(tool: AuditTool) -> list[str]:
    """A problem for each date or text question that asks for a date of birth in any form.

    Checked when a tool is imported, edited or seeded, not when a stored version is read, so
    audits already done on an older version can still be opened."""
    problems = []
    for si, section in enumerate(tool.sections):
        for qi, q in enumerate(section.questions):
            if q.kind in (grades.DATE, grades.TEXT) and (_BIRTH_WORDS.search(q.text) or _BIRTH_WORDS.search(q.key.replace("-", " ").replace("_", " "))):
                problems.append(
                    f"sections[{si}].questions[{qi}].text: '{q.text[:60]}' asks for a date of birth, which this product"
                    " never stores. Ask for what the audit needs instead, such as the young person's age in months"
                    " on the day of the audit."
                )
    return problems


def load_tool_text(text: str, source: str = "audit tool") -> AuditTool:
    """The tool in `text`; DataFileError(source, problems) if it is broken."""
    data = load_yaml(text, source, SCHEMA, NAMES)
    _yes_no_as_words(data)
    problems = _check(data)
    if problems:
        raise DataFileError(source, problems, NAMES.about(data))
    return _build(data)


def load_tool_file(path: Path | str) -> AuditTool:
    path = Path(path)
    return load_tool_text(path.read_text(encoding="utf-8"), path.name)


def load_all_tools(directory: Path | str = TOOLS_DIR) -> list[AuditTool]:
    """Every *.yaml tool in a directory, by file name; refuses duplicate tool keys."""
    tools, seen = [], {}
    for path in sorted(Path(directory).glob("*.yaml")):
        tool = load_tool_file(path)
        if tool.key in seen:
            raise DataFileError(path.name, [f"key: is '{tool.key}', which {seen[tool.key]} uses too"], NAMES)
        seen[tool.key] = path.name
        tools.append(tool)
    return tools


def _word(value: Any) -> Any:
    if value is True:
        return grades.YES
    if value is False:
        return grades.NO
    return value


def _yes_no_as_words(data: dict) -> None:
    def fix_link(link):
        if "values" in link:
            link["values"] = [_word(v) for v in link["values"]]
        if "when" in link:
            link["when"]["answer_in"] = [_word(v) for v in link["when"]["answer_in"]]

    def fix_condition(item):
        if "show_when" in item:
            item["show_when"]["answer_in"] = [_word(v) for v in item["show_when"]["answer_in"]]

    for link in data.get("measures", []):
        fix_link(link)
    for section in data["sections"]:
        fix_condition(section)
        for question in section["questions"]:
            fix_condition(question)
            for option in question.get("options", []):
                option["key"] = _word(option["key"])
            for link in question.get("measures", []):
                fix_link(link)


def _allowed(question: dict) -> list[str]:
    kind = question["kind"]
    if kind == grades.GRADED:
        return list(grades.JUDGEMENTS)
    if kind == grades.YES_PARTLY_NO:
        return list(grades.YES_PARTLY_NO_ANSWERS)
    if kind in grades.CHOICE_KINDS:
        return [option["key"] for option in question.get("options", [])]
    return []


def incomplete_problems(data: dict) -> list[str]:
    """A tool with no sections, or a section with no questions, cannot be used for an audit.
    A draft may be like that while it is being built in the editor; nothing else may."""
    # "The tool has no sections", "Section 2 ('Visits') has no questions" (app.core.plain_words).
    if not data["sections"]:
        return [f"sections: {EMPTY}"]
    return [f"sections[{si}].questions: {EMPTY}" for si, section in enumerate(data["sections"]) if not section["questions"]]


def _check(data: dict) -> list[str]:
    problems: list[str] = []
    names = NAMES.about(data)
    if data["status"] != grades.DRAFT:
        problems += incomplete_problems(data)
    thresholds = data["scoring"].get("thresholds")
    if thresholds:
        o, g, r = (thresholds[k] for k in grades.DEFAULT_THRESHOLDS)
        if not o > g > r:
            problems.append(
                "scoring.thresholds: must go down from outstanding to good to requires improvement"
                f" (they are {o}, {g}, {r})"
            )

    section_places: dict[str, str] = {}
    question_places: dict[str, str] = {}
    questions: dict[str, dict] = {}
    for si, section in enumerate(data["sections"]):
        place = f"sections[{si}]"
        if section["key"] in section_places:
            problems.append(f"{place}.key: is '{section['key']}', which {_named(names, section_places[section['key']])} uses too")
        section_places.setdefault(section["key"], place)
        for qi, question in enumerate(section["questions"]):
            qplace = f"{place}.questions[{qi}]"
            if question["key"] in question_places:
                problems.append(f"{qplace}.key: is '{question['key']}', which {_named(names, question_places[question['key']])} uses too")
            question_places.setdefault(question["key"], qplace)
            questions.setdefault(question["key"], question)

    for si, section in enumerate(data["sections"]):
        for qi, question in enumerate(section["questions"]):
            place = f"sections[{si}].questions[{qi}]"
            kind = question["kind"]
            options = question.get("options")
            if kind in grades.CHOICE_KINDS:
                if not options or len(options) < 2:
                    problems.append(f"{place}.options: a {kind.replace('_', ' ')} question needs at least two options")
                option_places: dict[str, int] = {}
                for oi, option in enumerate(options or []):
                    if option["key"] in option_places:
                        problems.append(
                            f"{place}.options[{oi}].key: is '{option['key']}', which option {option_places[option['key']] + 1} uses too"
                        )
                    option_places.setdefault(option["key"], oi)
            elif options is not None:
                problems.append(f"{place}.options: only single choice and multiple choice questions have options")
            if "limits" in question and kind != grades.GRADED:
                problems.append(f"{place}.limits: only graded questions can limit the judgement (this one is {kind})")
            if "allow_not_applicable" in question and kind not in grades.KINDS_WITH_NOT_APPLICABLE:
                problems.append(
                    f"{place}.allow_not_applicable: only graded and yes_partly_no questions can be answered Not applicable"
                )
            for bound in ("minimum", "maximum"):
                if bound in question and kind != grades.NUMBER:
                    problems.append(f"{place}.{bound}: only number questions have a {bound}")
            low, high = question.get("minimum"), question.get("maximum")
            if low is not None and high is not None and low > high:
                problems.append(f"{place}.maximum: is less than the minimum")
            for mi, link in enumerate(question.get("measures", [])):
                problems += _check_link(link, f"{place}.measures[{mi}]", question, questions)
    for mi, link in enumerate(data.get("measures", [])):
        problems += _check_link(link, f"measures[{mi}]", None, questions)
    problems += branching.check_show_when(data, questions, _allowed)
    problems += _check_agencies(data["sections"])
    return problems


def _check_agencies(sections: list[dict]) -> list[str]:
    """A multi-agency tool names the agency of every section, and has one joint section."""
    if not any("agency" in s for s in sections):
        return []
    problems = [
        f"sections[{si}].agency: a multi-agency tool says which agency completes every section (this one says none)"
        for si, s in enumerate(sections) if "agency" not in s
    ]
    joint = [si for si, s in enumerate(sections) if s.get("agency") == JOINT]
    if len(joint) != 1:
        problems.append(f"sections: a multi-agency tool has exactly one section with agency: {JOINT}"
                        f" (the lead auditor's), not {len(joint)}")
    return problems


def _check_link(link: dict, place: str, question: dict | None, questions: dict[str, dict]) -> list[str]:
    problems = []
    key, rule = link["key"], link["rule"]
    if not grades.MEASURE_KEY_PATTERN.match(key):
        problems.append(f"{place}.key: is '{key}', which is not an audit measure key (r<recommendation>-am<number>, e.g. r2-am1)")
    if question is None:
        if rule not in grades.TOOL_RULES:
            problems.append(
                f"{place}.rule: a measure on the whole tool can only use {', '.join(grades.TOOL_RULES)};"
                f" link {rule} to a question instead"
            )
    elif rule in grades.TOOL_RULES:
        problems.append(f"{place}.rule: {rule} is for measures on the whole tool (the top-level measures list)")
    elif rule in (grades.GRADED_GOOD_OR_BETTER, grades.GRADED_REQUIRES_IMPROVEMENT_OR_BETTER):
        if question["kind"] != grades.GRADED:
            problems.append(f"{place}.rule: {rule} needs a graded question (this one is {question['kind']})")
    elif rule == grades.ANSWER_IN:
        if question["kind"] not in grades.KINDS_WITH_ANSWERS:
            problems.append(f"{place}.rule: answer_in cannot be used on a {question['kind']} question")
        elif "values" not in link:
            problems.append(f"{place}.values: the answer_in rule needs the answers that meet the measure")
        else:
            allowed = _allowed(question)
            for vi, value in enumerate(link["values"]):
                if value not in allowed:
                    problems.append(
                        f"{place}.values[{vi}]: '{value}' is not an answer to this {question['kind']} question"
                        f" ({', '.join(map(str, allowed))})"
                    )
    if "values" in link and rule != grades.ANSWER_IN:
        problems.append(f"{place}.values: only the answer_in rule takes values")
    when = link.get("when")
    if when:
        other = questions.get(when["question"])
        if other is None:
            problems.append(f"{place}.when.question: '{when['question']}' is not a question in this tool")
        elif other["kind"] not in grades.KINDS_WITH_ANSWERS:
            problems.append(f"{place}.when.question: '{when['question']}' is a {other['kind']} question; `when` needs a question with set answers")
        else:
            allowed = _allowed(other)
            for vi, value in enumerate(when["answer_in"]):
                if value not in allowed:
                    problems.append(
                        f"{place}.when.answer_in[{vi}]: '{value}' is not an answer to '{when['question']}'"
                        f" ({', '.join(map(str, allowed))})"
                    )
    return problems


def _text(value: str | None) -> str:
    return (value or "").strip()


def _link(data: dict) -> MeasureLink:
    when = data.get("when")
    return MeasureLink(
        key=data["key"],
        rule=data["rule"],
        values=tuple(data.get("values", ())),
        when=Condition(when["question"], tuple(when["answer_in"])) if when else None,
    )


def _condition(data: dict | None) -> Condition | None:
    return Condition(data["question"], tuple(data["answer_in"])) if data else None


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _build(data: dict) -> AuditTool:
    sections = []
    for s in data["sections"]:
        questions = []
        for q in s["questions"]:
            questions.append(Question(
                key=q["key"],
                text=_text(q["text"]),
                kind=q["kind"],
                guidance=_text(q.get("guidance")),
                required=q.get("required", True),
                weight=float(q.get("weight", 1)),
                evidence=q.get("evidence"),
                allow_not_applicable=q.get("allow_not_applicable", True),
                options=tuple(Option(o["key"], _text(o["label"])) for o in q.get("options", [])),
                minimum=_number(q.get("minimum")),
                maximum=_number(q.get("maximum")),
                limits=dict(q.get("limits", {})),
                measures=tuple(_link(m) for m in q.get("measures", [])),
                show_when=_condition(q.get("show_when")),
            ))
        sections.append(Section(s["key"], _text(s["title"]), tuple(questions), _text(s.get("guidance")),
                                float(s.get("weight", 1)), _condition(s.get("show_when")), s.get("agency")))
    scoring = data["scoring"]
    thresholds = scoring.get("thresholds") or grades.DEFAULT_THRESHOLDS
    return AuditTool(
        key=data["key"],
        title=_text(data["title"]),
        description=_text(data["description"]),
        version=data["version"],
        status=data["status"],
        scoring=Scoring(scoring["method"], {k: float(thresholds[k]) for k in grades.DEFAULT_THRESHOLDS}),
        sections=tuple(sections),
        measures=tuple(_link(m) for m in data.get("measures", [])),
    )
