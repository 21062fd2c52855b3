"""The Section 11 standards framework: a YAML data file, read into dataclasses.

A broken file is refused with the file, the place in it and what is wrong, e.g.
  section11_standards.yaml: standards[3].title: '' is too short
First the JSON schema (`SCHEMA`), then what a schema cannot say (`_check`): unique keys.
`dump_framework` writes it back, so that load_framework_text(dump_framework(f)) == f.

A cycle keeps the framework it was opened with (`as_dict`, `from_dict`), so changing the
file never changes a year already asked for.

    key: section11
    title: Section 11 standards
    version: 1
    description: ...
    standards:
      - key: leadership
        title: Senior management commitment and accountability
        good: What good looks like ...
        evidence: [Board minutes, ...]   # examples of evidence
        measures: [pb-1-am1]             # optional: plan measures this standard's compliance counts towards
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from app.core.datafile import DataFileError, load_yaml

STANDARDS_FILE = Path(__file__).resolve().parent / "standards" / "section11_standards.yaml"

_KEY = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
_TEXT = {"type": "string", "minLength": 1}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "title", "version", "standards"],
    "properties": {
        "key": _KEY,
        "title": _TEXT,
        "version": {"type": "integer", "minimum": 1},
        "description": {"type": ["string", "null"]},
        "standards": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "title", "good"],
                "properties": {
                    "key": _KEY,
                    "title": _TEXT,
                    "good": _TEXT,
                    "evidence": {"type": "array", "items": _TEXT},
                    "measures": {"type": "array", "items": _TEXT},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Standard:
    key: str
    title: str
    good: str  # what good looks like
    evidence: tuple[str, ...] = ()  # examples of evidence
    # Keys of plan measures (as audit tools name them) that "% of agencies fully meeting this
    # standard" counts towards: how the partnership's business plan reads Section 11 results.
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    key: str
    title: str
    version: int
    standards: tuple[Standard, ...]
    description: str = ""

    def standard(self, key: str) -> Standard:
        for standard in self.standards:
            if standard.key == key:
                return standard
        raise KeyError(key)

    def number(self, key: str) -> int:
        """The standard's number as people say it (1, 2, ...)."""
        return [s.key for s in self.standards].index(key) + 1


def _check(data: dict) -> list[str]:
    problems, seen = [], {}
    for index, standard in enumerate(data["standards"]):
        if standard["key"] in seen:
            problems.append(f"standards[{index}].key: '{standard['key']}' is used twice "
                            f"(also standards[{seen[standard['key']]}])")
        seen.setdefault(standard["key"], index)
    return problems


def _build(data: dict) -> Framework:
    return Framework(
        key=data["key"], title=data["title"], version=data["version"],
        description=(data.get("description") or "").strip(),
        standards=tuple(
            Standard(key=s["key"], title=s["title"].strip(), good=s["good"].strip(), evidence=tuple(s.get("evidence") or ()),
                     measures=tuple(s.get("measures") or ()))
            for s in data["standards"]
        ),
    )


def load_framework_text(text: str, source: str = "Section 11 standards") -> Framework:
    data = load_yaml(text, source, SCHEMA)
    problems = _check(data)
    if problems:
        raise DataFileError(source, problems)
    return _build(data)


def load_framework(path: Path | str = STANDARDS_FILE) -> Framework:
    path = Path(path)
    return load_framework_text(path.read_text(encoding="utf-8"), path.name)


def as_dict(framework: Framework) -> dict:
    """Plain data for a cycle to keep (JSON)."""
    data = asdict(framework)
    data["standards"] = [{**s, "evidence": list(s["evidence"]), "measures": list(s["measures"])} for s in data["standards"]]
    return data


def from_dict(data: dict) -> Framework:
    return _build(data)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value):
    style = ">" if len(value) > 80 else None  # long text folded, as the file is written by hand
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_framework(framework: Framework) -> str:
    data = {"key": framework.key, "title": framework.title, "version": framework.version}
    if framework.description:
        data["description"] = framework.description
    data["standards"] = [
        {"key": s.key, "title": s.title, "good": s.good, **({"evidence": list(s.evidence)} if s.evidence else {}),
         **({"measures": list(s.measures)} if s.measures else {})}
        for s in framework.standards
    ]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
