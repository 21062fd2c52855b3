"""Loading YAML data files (the plan, audit tools, questionnaires) with clear errors.

A broken file is refused with the file, the place in it and what is wrong, e.g.
  improvement_plan.yaml: recommendations[2].actions[0].due: '31 June 2018' is not a date
Each problem is kept with its place (`DataFileError.located`, for code: an editor puts it at
the field); with a namer (`app.core.plain_words`) what a person reads names the thing
instead: "case_file_audit.yaml: Question 2 in 'Plan and contingency' needs a kind".

Administrators paste or upload these files, so a file is bounded before it is built:
at most MAX_YAML_CHARS characters, lists and mappings nested at most MAX_DEPTH deep
(checked on the parser's events, which need no recursion), and at most MAX_NODES values
once every alias is expanded (a few hundred bytes of nested aliases would otherwise
expand to billions: the "billion laughs"). An alias to its own anchor is refused. Messages
never quote a whole value: each is cut to MAX_MESSAGE characters, and at most
MAX_PROBLEMS are listed, with a count of the rest.
"""
from pathlib import Path

import jsonschema
import yaml
from jsonschema.exceptions import best_match

from app.core.plain_words import EMPTY, MISSING, Namer, join_place, plain, split_place


MAX_YAML_CHARS = 1_000_000  # the plan, the largest file, is about 66,000
MAX_DEPTH = 40
MAX_NODES = 100_000
MAX_MESSAGE = 500  # long enough for our own sentences, too short for a quoted value
MAX_PROBLEMS = 50


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` cut to `limit` characters, so no message repeats a huge value."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


class DataFileError(ValueError):
    """A file that cannot be used, and why.

    `problems` are given as "place: message" strings (or (place, message) pairs). Kept as
    `located`, [(place or None, message)], each once; `problems` are what a person reads, in
    plain words when `names` is given, each once, at most MAX_PROBLEMS."""

    def __init__(self, source: str, problems: list, names: Namer | None = None):
        self.source = source
        located = [p if isinstance(p, tuple) else split_place(p) for p in problems]
        self.located = list(dict.fromkeys(located))
        self.names = names
        plain_problems = list(dict.fromkeys(clip(plain(names, place, message)) for place, message in self.located))
        self.problems = plain_problems[:MAX_PROBLEMS] + (
            [f"and {len(plain_problems) - MAX_PROBLEMS:,} more problems"] if len(plain_problems) > MAX_PROBLEMS else []
        )
        super().__init__(f"{source}: " + "; ".join(self.problems))

    def with_source(self) -> list[str]:
        """Each problem with the file's name in front, as listed on a page or by a command."""
        return [f"{self.source}: {problem}" for problem in self.problems]


def _place(path) -> str:
    return join_place(path)


class _DatesAsStrings(yaml.SafeLoader):
    """YAML turns 2018-08-31 into a date; the schema checks dates as strings instead."""


_DatesAsStrings.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


class YamlTooBig(ValueError):
    pass


def _check_depth(text: str) -> None:
    """YamlTooBig if lists and mappings nest deeper than MAX_DEPTH. Reads the parser's events
    (a loop, not recursion), so a 5,000-deep list is refused before anything is built."""
    loader = _DatesAsStrings(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    raise YamlTooBig(f"line {line}: lists and mappings are nested more than {MAX_DEPTH} deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expanded_size(root) -> None:
    """YamlTooBig if the document, with every alias expanded, has more than MAX_NODES values,
    or an alias inside its own anchor. An alias is the same node object as its anchor, so
    each node's expanded size is worked out once (depth-first, without recursion)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_NODES:
                raise YamlTooBig(f"with its aliases (*name) expanded the file has more than {MAX_NODES:,} values")
        elif key not in sizes:
            if key in open_nodes:
                line = node.start_mark.line + 1 if node.start_mark else "?"
                raise YamlTooBig(f"line {line}: an alias refers to the anchor it is inside")
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def parse_yaml(text: str):
    """The YAML document in `text`, within the bounds above; yaml.YAMLError or YamlTooBig if not."""
    if len(text) > MAX_YAML_CHARS:
        raise YamlTooBig(f"the file is longer than {MAX_YAML_CHARS:,} characters")
    _check_depth(text)
    loader = _DatesAsStrings(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml(text: str, source: str, schema: dict, names: Namer | None = None) -> dict:
    """The document in `text`, checked against `schema`; DataFileError naming `source` if not.
    With `names`, the problems are told in plain words (app.core.plain_words)."""
    try:
        data = parse_yaml(text)
    except YamlTooBig as error:
        raise DataFileError(source, [(None, f"{error}; nothing was loaded")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DataFileError(source, [(None, f"{where}not valid YAML ({getattr(error, 'problem', None) or error})")]) from None
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    located = [_located(e, names is not None) for e in errors]
    if located:
        raise DataFileError(source, located, names.about(data) if names else None)
    return data


def load_yaml_file(path: Path, schema: dict) -> dict:
    return load_yaml(Path(path).read_text(encoding="utf-8"), Path(path).name, schema)


def _located(error: jsonschema.ValidationError, plain_words: bool) -> tuple[str, str]:
    """(place, message) of a schema error. A choice of shapes (anyOf, oneOf) is told as the
    one problem nearest to what was written, not one line per shape. In plain words a
    missing key is placed at the key itself ("sections[0].title: is missing")."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        # the shape whose type fits what was written says what is wrong with it
        fitting = [e for e in error.context if e.validator != "type"]
        error = best_match(fitting or error.context)
    path = list(error.absolute_path)
    if not plain_words:
        return _place(path), _message(error)
    if error.validator == "required":
        missing = error.message.split("'")[1] if error.message.count("'") >= 2 else ""
        return _place(path + [missing] if missing else path), MISSING
    return _place(path), _plain_message(error)


def _value(instance) -> str:
    return clip(repr(instance) if not isinstance(instance, str) else f"'{instance}'", 80)


def _plain_message(error: jsonschema.ValidationError) -> str:
    """A schema error as the rest of a sentence about the field ("is 'grade', which ...")."""
    rule, value, instance = error.validator, error.validator_value, error.instance
    if rule == "format" and value == "date":
        return f"is {_value(instance)}, which is not a date (write it as YYYY-MM-DD)"
    if rule == "enum":
        return f"is {_value(instance)}, which is not one of {', '.join(map(str, value))}"
    if rule == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known] if isinstance(instance, dict) else []
        listed = ", ".join(f"'{k}'" for k in extra) or "something"
        return f"has {listed}, which {'is' if len(extra) < 2 else 'are'} not part of the format (check the spelling)"
    if rule == "type":
        wanted = value if isinstance(value, list) else [value]
        words = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
                 "array": "a list", "object": "a set of named values", "null": "left empty"}
        return f"is {_value(instance)}, but must be {' or '.join(words.get(w, w) for w in wanted)}"
    if rule == "pattern":
        if value.startswith("^[a-z0-9]"):
            return (f"is {_value(instance)}, but a key uses only small letters, numbers, - and _"
                    " and starts with a letter or number")
        return f"is {_value(instance)}, which is not in the expected form"
    if rule in ("minLength", "minItems"):
        return EMPTY
    if rule == "minimum":
        return f"is {_value(instance)}, but must be at least {value}"
    if rule == "maximum":
        return f"is {_value(instance)}, but must be at most {value}"
    if rule == "exclusiveMinimum":
        return f"is {_value(instance)}, but must be more than {value}"
    return _message(error)


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "format" and error.validator_value == "date":
        return f"{error.instance!r} is not a date (use YYYY-MM-DD)"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "Unknown key").replace(" were unexpected", "").replace(" was unexpected", "")
    return error.message
