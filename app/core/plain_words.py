"""Problems with a tool or questionnaire file in plain words, for a QA lead, not a developer.

Every problem is found at a place: the dotted path into the file that the checks use,
e.g. "sections[0].questions[1].kind". Code keeps that place (a structured editor puts the
message next to the field it names); the person reading is told the same problem with the
thing named by its position and title instead:

    sections[0].questions[1].kind: is missing
    -> Question 2 in 'Plan and contingency' needs a kind

A message that starts with a verb ("is ...", "must ...") is joined to the field it is
about ("The kind of question 1 in 'Plan' is 'grade', which is not one of ..."); "is missing"
becomes "needs a ..."; any other message is a sentence of its own after the thing's name.
Plain values in, plain values out: no Flask, no database.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

TOP_LEVEL = "(top level)"
MISSING = "is missing"
EMPTY = "is empty"
_PLACE = re.compile(r"^(?P<place>\(top level\)|[A-Za-z_][\w-]*(?:\[\d+\]|\.[^\s.:\[\]]+)*): (?P<message>.+)$", re.DOTALL)
_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")
_VERBS = ("is ", "are ", "must ", "has ", "should ", "cannot ", "needs ", "was ")
TITLE_SHOWN = 60  # a long statement is named by its first words


def split_place(problem: str) -> tuple[str | None, str]:
    """(place, message) of a "place: message" problem; (None, problem) for one with no place
    (e.g. "line 3, column 1: not valid YAML")."""
    match = _PLACE.match(problem)
    if match is None:
        return None, problem
    return match["place"], match["message"]


def parse_place(place: str | None) -> list[str | int]:
    """["sections", 0, "questions", 1, "kind"] for "sections[0].questions[1].kind"."""
    if not place or place == TOP_LEVEL:
        return []
    return [int(index) if index else name for index, name in _PART.findall(place)]


def join_place(parts) -> str:
    """The dotted place of a path, the inverse of parse_place."""
    place = ""
    for part in parts:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else str(part))
    return place or TOP_LEVEL


def shown(title) -> str:
    title = " ".join(str(title).split())
    return title if len(title) <= TITLE_SHOWN else title[:TITLE_SHOWN - 1].rstrip() + "…"


UNCOUNTED = {"wording", "guidance", "evidence", "introduction", "description"}


def article(words: str) -> str:
    if words in UNCOUNTED or words.endswith("s"):
        return words
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


@dataclass(frozen=True)
class Thing:
    """What a place names: `name` ("Question 2 in 'Plan and contingency'"), the field of it
    the problem is about ("kind", or "" for the thing itself), and whether it is the file."""

    name: str
    field: str = ""
    top: bool = False


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or text[1:2] == " " else text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(thing: Thing, message: str) -> str:
    """The problem as one sentence about the thing."""
    name = _upper_first(thing.name)
    if message == MISSING:
        return f"{name} needs {article(thing.field)}" if thing.field else f"{name} is missing"
    if message == EMPTY and thing.field:
        return f"{name} has no {thing.field}"
    if message.startswith(_VERBS):
        if not thing.field:
            return f"{name} {message}"
        subject = f"The {thing.field}" if thing.top else f"The {thing.field} of {lower_first(thing.name)}"
        return f"{subject} {message}"
    return f"{name}: {message}"


@dataclass
class Namer:
    """Names places in one kind of file. `lists` says what each list's items are called and
    which of their fields is their title, e.g. {"sections": ("section", "title")}; `fields`
    gives a field its words ({"answer_in": "answers"}). `special` may name a place itself
    (translations, by language): (data, parts) -> (Thing, parts left) or None."""

    noun: str  # "tool", "questionnaire": the file as a whole is "the tool"
    lists: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    special: Callable | None = None
    data: object = None

    def about(self, data) -> "Namer":
        """This namer, reading titles from `data` (the file as parsed)."""
        return Namer(self.noun, self.lists, self.fields, self.special, data)

    def field_words(self, parts) -> str:
        names = [p for p in parts if isinstance(p, str)]
        if not names:
            return ""
        whole = ".".join(names)
        if whole in self.fields:
            return self.fields[whole]
        return self.fields.get(names[0], names[0].replace("_", " "))

    def thing(self, place: str | None) -> Thing:
        parts = parse_place(place)
        if self.special is not None:
            found = self.special(self.data, parts)
            if found is not None:
                named, rest = found
                return Thing(named, self.field_words(rest))
        named, value, rest = None, self.data, parts
        i = 0
        while i + 1 < len(parts) and parts[i] in self.lists and isinstance(parts[i + 1], int):
            noun, title_field = self.lists[parts[i]]
            index = parts[i + 1]
            items = _get(value, parts[i])
            item = items[index] if isinstance(items, (list, tuple)) and index < len(items) else None
            title = _get(item, title_field) if title_field else None
            named = self._name(noun, index + 1, title, named)
            value, i = item, i + 2
            rest = parts[i:]
        if named is None:
            return Thing(f"the {self.noun}", self.field_words(parts), top=True)
        return Thing(named, self.field_words(rest))

    def _name(self, noun: str, number: int, title, outer: str | None) -> str:
        if noun == "section":  # a section is known by its title: "in 'Plan and contingency'"
            return f"Section {number}" + (f" ('{shown(title)}')" if isinstance(title, str) and title.strip() else "")
        name = f"{_upper_first(noun)} {number}"
        if isinstance(title, str) and title.strip():
            name += f" ('{shown(title)}')"
        if outer is None:
            return name
        section = re.match(r"^Section (\d+)(?: \('(.*)'\))?$", outer, re.DOTALL)
        if section:  # "Question 2 in 'Plan and contingency'", or "in section 3" with no title
            return f"{name} in " + (f"'{section[2]}'" if section[2] else f"section {section[1]}")
        return f"{name} of {lower_first(outer)}"

    def plain(self, place: str | None, message: str) -> str:
        if place is None:
            return message
        return sentence(self.thing(place), message)


def _get(value, name: str):
    """A field of the parsed file (a dict) or of the definition built from it (a dataclass)."""
    if value is None or isinstance(value, (str, int, float, list, tuple)):
        return None
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


LEGACY = None  # no namer: problems stay "place: message" (the improvement plan's file)


_PLACE_WORDS = {"title": "Title", "intro": "Introduction", "statements": "Statement", "free_text": "Free-text question"}


def place_in_words(place: str) -> str:
    """A questionnaire's place as a person says it: "statements[2]" -> "Statement 3",
    "Easy Read free_text[0]" -> "Easy Read free-text question 1" (reading-level warnings)."""
    prefix, _, rest = place.rpartition(" ")
    parts = parse_place(rest)
    if not parts or parts[0] not in _PLACE_WORDS:
        return place
    words = _PLACE_WORDS[parts[0]] + (f" {parts[1] + 1}" if len(parts) > 1 and isinstance(parts[1], int) else "")
    return f"{prefix} {lower_first(words)}" if prefix else words


def plain(names: Namer | None, place: str | None, message: str) -> str:
    """The problem for a person: in plain words with a namer, else "place: message"."""
    if names is None:
        return message if place is None else f"{place}: {message}"
    return names.plain(place, message)
