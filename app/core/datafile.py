"""Loading YAML data files (the plan, audit tools, questionnaires) with clear errors.

A broken file is refused with the file, the place in it and what is wrong, e.g.
  improvement_plan.yaml: recommendations[2].actions[0].due: '31 June 2018' is not a date

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
    def __init__(self, source: str, problems: list[str]):
        self.source = source
        problems = [clip(p) for p in problems[:MAX_PROBLEMS]] + (
            [f"and {len(problems) - MAX_PROBLEMS:,} more problems"] if len(problems) > MAX_PROBLEMS else []
        )
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


def _place(path) -> str:
    place = ""
    for part in path:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else str(part))
    return place or "(top level)"


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


def load_yaml(text: str, source: str, schema: dict) -> dict:
    try:
        data = parse_yaml(text)
    except YamlTooBig as error:
        raise DataFileError(source, [f"{error}; nothing was loaded"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DataFileError(source, [f"{where}not valid YAML ({getattr(error, 'problem', None) or error})"]) from None
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    problems = [
        f"{_place(e.absolute_path)}: {_message(e)}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        raise DataFileError(source, problems)
    return data


def load_yaml_file(path: Path, schema: dict) -> dict:
    return load_yaml(Path(path).read_text(encoding="utf-8"), Path(path).name, schema)


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
