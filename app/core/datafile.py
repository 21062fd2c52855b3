"""Loading YAML data files (the plan, audit tools, questionnaires) with clear errors.

A broken file is refused with the file, the place in it and what is wrong, e.g.
  improvement_plan.yaml: recommendations[2].actions[0].due: '31 June 2018' is not a date
"""
from pathlib import Path

import jsonschema
import yaml


class DataFileError(ValueError):
    def __init__(self, source: str, problems: list[str]):
        self.source = source
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


def load_yaml(text: str, source: str, schema: dict) -> dict:
    try:
        data = yaml.load(text, Loader=_DatesAsStrings)
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
