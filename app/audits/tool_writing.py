"""Writing an audit tool back as YAML in the file format (app/audits/tools.py reads it):
load_tool_text(dump_tool(t)) == t, for export, the editor's drafts and the seed files."""
from __future__ import annotations

from typing import Any

import yaml

from app.audits import grades
from app.audits.tools import AuditTool, Condition, MeasureLink, Question


class _Dumper(yaml.SafeDumper):
    """Long or multi-line text as blocks, short lists of words on one line."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else (">" if len(value) > 80 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value):
    flow = bool(value) and all(isinstance(v, (str, int, float)) and len(str(v)) < 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def _plain_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _dump_link(link: MeasureLink) -> dict:
    out: dict[str, Any] = {"key": link.key, "rule": link.rule}
    if link.values:
        out["values"] = list(link.values)
    if link.when:
        out["when"] = _dump_condition(link.when)
    return out


def _dump_condition(condition: Condition) -> dict:
    return {"question": condition.question, "answer_in": list(condition.answer_in)}


def _dump_question(q: Question) -> dict:
    out: dict[str, Any] = {"key": q.key, "text": q.text, "kind": q.kind}
    if q.show_when:
        out["show_when"] = _dump_condition(q.show_when)
    if q.guidance:
        out["guidance"] = q.guidance
    if not q.required:
        out["required"] = False
    if q.weight != 1:
        out["weight"] = _plain_number(q.weight)
    if q.evidence != grades.DEFAULT_EVIDENCE[q.kind]:
        out["evidence"] = q.evidence
    if not q.allow_not_applicable:
        out["allow_not_applicable"] = False
    if q.options:
        out["options"] = [{"key": o.key, "label": o.label} for o in q.options]
    if q.minimum is not None:
        out["minimum"] = _plain_number(q.minimum)
    if q.maximum is not None:
        out["maximum"] = _plain_number(q.maximum)
    if q.limits:
        out["limits"] = dict(q.limits)
    if q.measures:
        out["measures"] = [_dump_link(m) for m in q.measures]
    return out


def dump_tool(tool: AuditTool) -> str:
    """The tool as YAML in the file format; loading it again gives an equal tool."""
    return dump_tool_data(tool_data(tool))


def dump_tool_data(data: dict) -> str:
    """A tool's plain data (the shape `tool_data` gives) as YAML, in the file's layout."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def tool_data(tool: AuditTool) -> dict[str, Any]:
    """The tool as plain data, as its file says it (defaults left out): what the editor changes."""
    data: dict[str, Any] = {
        "key": tool.key,
        "title": tool.title,
        "description": tool.description,
        "version": tool.version,
        "status": tool.status,
        "scoring": {
            "method": tool.scoring.method,
            "thresholds": {k: _plain_number(v) for k, v in tool.scoring.thresholds.items()},
        },
    }
    if tool.measures:
        data["measures"] = [_dump_link(m) for m in tool.measures]
    data["sections"] = []
    for s in tool.sections:
        section: dict[str, Any] = {"key": s.key, "title": s.title}
        if s.guidance:
            section["guidance"] = s.guidance
        if s.weight != 1:
            section["weight"] = _plain_number(s.weight)
        if s.show_when:
            section["show_when"] = _dump_condition(s.show_when)
        if s.agency:
            section["agency"] = s.agency
        section["questions"] = [_dump_question(q) for q in s.questions]
        data["sections"].append(section)
    return data
