"""The text of a versioned data file (an audit tool, a questionnaire) as stored in the
database: line endings and a byte-order mark cleaned, and its top-level `version` and
`status` lines set to the row's, keeping the author's comments and layout where the two
lines can be changed in place. Shared by `app.audits.tool_service` and
`app.feedback.questionnaire_service`."""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from typing import Any

import yaml

from app.core.datafile import DataFileError, YamlTooBig, parse_yaml


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return text.rstrip() + "\n"


def set_top_level(text: str, name: str, value: str) -> str:
    pattern = re.compile(rf"^{name}:[ \t]*(?:[^\s#][^#\n]*?)?(?P<comment>[ \t]+#[^\n]*)?[ \t]*$", re.MULTILINE)
    return pattern.sub(lambda m: f"{name}: {value}{m.group('comment') or ''}", text, count=1)


def plain_load(text: str):
    """The document, within app.core.datafile's bounds; None if it is broken or too big."""
    try:
        return parse_yaml(text)
    except (yaml.YAMLError, YamlTooBig):
        return None


def with_version_and_status(text: str, version: int = 1, status: str = "draft") -> str:
    """The text with top-level `version` and `status` lines added if it has none: an imported
    or edited file may leave them out, because the row's number and status replace them anyway.
    The lines go after the `key:` line (or first, if there is none), keeping the rest as written;
    a text that is not a mapping, or would read differently, is returned as it was (the checks
    then say what is wrong with it)."""
    data = plain_load(text)
    if not isinstance(data, dict):
        return text
    missing = [f"{name}: {value}" for name, value in (("version", version), ("status", status)) if name not in data]
    if not missing:
        return text
    lines = text.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if re.match(r"^key:[ \t]*[^\s#|>]", line)), None)
    if at is None:  # after a leading "---" and comments, before the first key
        at = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith(("#", "---"))), 0)
    changed = "\n".join(lines[:at] + missing + lines[at:])
    after = plain_load(changed)
    expected = dict(data, **{k: v for k, v in (("version", version), ("status", status)) if k not in data})
    return changed if after == expected else text


def text_fingerprint(text: str) -> str:
    """A short fingerprint of a text, to notice that a draft changed while someone edited it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stored_text(text: str, definition: Any, version: int, status: str, dump: Callable[[Any], str]) -> str:
    """The file's YAML with its `version` and `status` set to the row's.

    The author's text, comments and layout are kept where the two lines can be changed in
    place; otherwise (a flow-style document, say) `dump` writes the definition out afresh.
    """
    text = clean(text)
    if definition.version == version and definition.status == status:
        return text
    changed = set_top_level(set_top_level(text, "version", str(version)), "status", status)
    before, after = plain_load(text), plain_load(changed)
    if isinstance(before, dict) and isinstance(after, dict):
        before.update(version=version, status=status)
        if before == after:
            return changed
    return dump(dataclasses.replace(definition, version=version, status=status))


def check_lengths(definition: Any, source: str, key_max: int, title_max: int, names=None) -> Any:
    """The definition, if its key and title fit their columns; DataFileError naming `source` if not."""
    problems = []
    if len(definition.key) > key_max:
        problems.append(f"key: is '{definition.key[:20]}...', which is longer than {key_max} characters")
    if len(definition.title) > title_max:
        problems.append(f"title: is longer than {title_max} characters")
    if problems:
        raise DataFileError(source, problems, names)
    return definition
