"""Audit tools in the database: versions, drafts, publishing, the seed tools, and which
impact measures of the improvement plan the published tools (and, later, questionnaires)
answer.

The rules of versions:

- A tool has numbered versions. Each is stored as its YAML (`AuditToolVersion.definition_yaml`),
  with the YAML's own `version` and `status` set to match the row, so an export says which
  version it is.
- A published version is frozen: every audit records the version it was done on and is
  scored on it for ever. Any attempt to change its text raises `FrozenVersion`.
- A tool has at most one draft. Editing a tool whose latest version is published makes a
  new draft (the next number), copied from it; editing again changes that draft.
- Publishing a draft makes it the version new rounds use (`AuditTool.published` is the
  newest published version). Older published versions stay published: audits done on them
  still display and score.
- Retiring a published version takes it out of use for new rounds; audits done on it are
  unchanged. A tool with no published version is not offered at all.

Import, edit and seed check a tool fully (`app.audits.tools.load_tool_text`) before
anything is saved, and refuse a broken one with the file, the place and the problem.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, func, inspect, select

from app.audits import rules
from app.audits.models import Audit, AuditTool, AuditToolVersion
from app.audits.tool_writing import dump_tool, tool_data
from app.audits.tools import (
    NAMES,
    TOOLS_DIR,
    MeasureLink,
    Question,
    birth_date_problems,
    load_tool_text,
)
from app.audits.tools import AuditTool as ToolDefinition
from app.core import versioned_text
from app.core.datafile import DataFileError
from app.core.db import db, utcnow
from app.core.versioning import Versioning
from app.plan import rules as plan_rules
from app.plan.models import ImpactMeasure, Recommendation

KEY_MAX = 80  # AuditTool.key
TITLE_MAX = 200  # AuditTool.title


class ToolVersionError(ValueError):
    """Something that cannot be done to a version, said in words an administrator can act on."""


class FrozenVersion(ToolVersionError):
    """A published or retired version was about to change."""


# --- The freeze, enforced on the row itself ---------------------------------------------


def _frozen_message(target: AuditToolVersion) -> str:
    return VERSIONS.frozen_message(target)


@event.listens_for(AuditToolVersion.definition_yaml, "set", active_history=True)
def _refuse_changing_a_frozen_text(target, value, oldvalue, initiator):
    state = inspect(target)
    if state.persistent and target.status != rules.DRAFT and value != oldvalue:
        raise FrozenVersion(_frozen_message(target))


@event.listens_for(AuditToolVersion.version, "set", active_history=True)
def _refuse_renumbering_a_frozen_version(target, value, oldvalue, initiator):
    state = inspect(target)
    if state.persistent and target.status != rules.DRAFT and value != oldvalue:
        raise FrozenVersion(_frozen_message(target))


# --- Reading ----------------------------------------------------------------------------


def tools() -> list[AuditTool]:
    return list(db.session.scalars(select(AuditTool).order_by(AuditTool.title, AuditTool.key)))


def tool_by_key(key: str) -> AuditTool | None:
    return db.session.scalar(select(AuditTool).where(AuditTool.key == key))


def version_of(tool: AuditTool, number: int) -> AuditToolVersion | None:
    return next((v for v in tool.versions if v.version == number), None)


def latest(tool: AuditTool) -> AuditToolVersion | None:
    return tool.versions[-1] if tool.versions else None


def audit_counts(versions: Iterable[AuditToolVersion] | None = None) -> dict[int, int]:
    """Audits done (or assigned) on each version, by version id."""
    query = select(Audit.tool_version_id, func.count()).group_by(Audit.tool_version_id)
    if versions is not None:
        ids = [v.id for v in versions]
        if not ids:
            return {}
        query = query.where(Audit.tool_version_id.in_(ids))
    return dict(db.session.execute(query).all())


# --- Storing text (shared with questionnaires: app.core.versioned_text) ------------------

text_fingerprint = versioned_text.text_fingerprint
_clean = versioned_text.clean


def stored_text(text: str, definition: ToolDefinition, version: int, status: str) -> str:
    """The tool's YAML with its `version` and `status` set to the row's (see
    `versioned_text.stored_text`: the author's comments and layout are kept where possible)."""
    return versioned_text.stored_text(text, definition, version, status, dump_tool)


def _check(text: str, source: str) -> ToolDefinition:
    """The tool in `text`, checked fully; DataFileError naming `source` and the place if not."""
    definition = versioned_text.check_lengths(load_tool_text(_clean(text), source), source, KEY_MAX, TITLE_MAX, NAMES)
    problems = birth_date_problems(definition)
    if problems:
        raise DataFileError(source, problems, NAMES.about(definition))
    return definition


def _retitle(tool: AuditTool) -> None:
    """A tool is known by the title of the version new rounds use (or its draft, before any is published)."""
    current = tool.published or tool.draft or latest(tool)
    if current is not None:
        tool.title = current.definition.title[:TITLE_MAX]


# The rules of versions, shared with questionnaires (app.core.versioning).
VERSIONS = Versioning(
    version_model=AuditToolVersion, parent="tool", noun="tool", used_by="audits are scored on it",
    load=_check, dump=dump_tool, retitle=_retitle,
    statuses=rules.TOOL_STATUSES, error=ToolVersionError, frozen=FrozenVersion, names=NAMES,
)
_write = VERSIONS.write
_new_draft = VERSIONS.new_draft
_commit = VERSIONS.commit
_publish = VERSIONS.mark_published


def refuse_if_incomplete(definition: ToolDefinition) -> None:
    """A draft built in the editor may have no sections or questions yet; it cannot be used until it has."""
    data = tool_data(definition)
    if not data["sections"]:
        raise ToolVersionError("Add at least one section, with a question in it, before publishing.")
    empty = [section["title"] for section in data["sections"] if not section["questions"]]
    if empty:
        raise ToolVersionError(
            "Add at least one question before publishing: "
            + ", ".join(f"'{title}'" for title in empty) + (" has" if len(empty) == 1 else " have") + " none."
        )


# --- Use cases --------------------------------------------------------------------------


def import_tool_yaml(text: str, source: str, user=None, publish: bool = False) -> AuditToolVersion:
    """Import a tool's YAML as a draft: a new tool if its key is new, the tool's next version,
    or the new text of the tool's existing draft. With publish=True the draft is published too.

    The YAML's own version and status, if it has them, are replaced by the row's (the next
    version number, draft; see `versioned_text.with_version_and_status`). A broken tool raises
    DataFileError(source, problems) and nothing is saved.
    """
    text = versioned_text.with_version_and_status(text)
    definition = _check(text, source)
    tool = tool_by_key(definition.key)
    if tool is None:
        tool = AuditTool(key=definition.key, title=definition.title[:TITLE_MAX])
        db.session.add(tool)
    row = tool.draft
    if row is None:
        row = _new_draft(tool, text, definition, user)
    else:
        _write(row, text, definition)
    if publish:
        refuse_if_incomplete(definition)
        _publish(row, user)
    _retitle(tool)
    _commit(tool.key)
    return row


def create_tool(text: str, user=None) -> AuditToolVersion:
    """A new tool from the editor (from nothing, or a copy): draft version 1. Refused if the
    key is already another tool's, so a new tool never becomes a version of an old one."""
    source = "new tool"
    definition = _check(text, source)
    if tool_by_key(definition.key) is not None:
        raise DataFileError(source, [f"key: '{definition.key}' is already used by another tool. Choose another key"])
    tool = AuditTool(key=definition.key, title=definition.title[:TITLE_MAX])
    db.session.add(tool)
    row = _new_draft(tool, text, definition, user)
    _commit(tool.key)
    return row


def save_draft(tool: AuditTool, text: str, user=None, based_on: str | None = None) -> tuple[AuditToolVersion, bool]:
    """Save edited YAML for `tool` as its draft: the existing draft, or a new one (the next
    version) when its latest version is published or retired. Returns (draft, created).

    `based_on` is what the editor started from (`edit_base`); if the draft changed since,
    the save is refused rather than overwrite someone else's work, unless the text is the
    same (a second click of the same save).
    """
    return VERSIONS.save_draft(tool, text, user, based_on)


edit_base = VERSIONS.edit_base  # what an edit starts from: the draft's text, or the latest version


edit_text = VERSIONS.edit_text  # the text an editor starts with, and the number it will be saved as


def start_draft(tool: AuditTool, user=None) -> AuditToolVersion:
    """The tool's draft; if it has none, a new one copied from its latest published version
    (or its latest version), numbered after the highest."""
    if tool.draft is not None:
        return tool.draft
    source = tool.published or latest(tool)
    if source is None:
        raise ToolVersionError(f"'{tool.title}' has no version to copy. Import one instead.")
    row = _new_draft(tool, source.definition_yaml, source.definition, user)
    _commit(tool.key)
    return row


def update_version_text(version: AuditToolVersion, text: str, user=None) -> AuditToolVersion:
    """Replace a draft's text. A published or retired version raises FrozenVersion."""
    if version.status != rules.DRAFT:
        raise FrozenVersion(_frozen_message(version))
    draft, _ = save_draft(version.tool, text, user)
    return draft


def publish(version: AuditToolVersion, user=None) -> AuditToolVersion:
    """Publish a draft: new rounds use it from now on; earlier published versions stay as
    they are for the audits done on them. A draft with no questions yet is refused."""
    if version.status == rules.DRAFT:
        refuse_if_incomplete(version.definition)
    return VERSIONS.publish(version, user)


def retire(version: AuditToolVersion, user=None) -> AuditToolVersion:
    """Stop offering a published version for new rounds. Audits done on it keep it."""
    return VERSIONS.retire(version, user)


# --- The seed tools ---------------------------------------------------------------------


def seed_tools(directory: Path | str | None = None) -> dict[str, int]:
    """Store every audit_tools/*.yaml as a published version, numbered as in its file.

    Safe to run again: a version already stored with the same content is left alone. A
    version already stored with different content is refused (published versions never
    change: the author raises the file's version number). Every file is checked before
    anything is saved; a broken file raises DataFileError naming it and the place.
    Returns {"added": n, "unchanged": n}.
    """
    directory = TOOLS_DIR if directory is None else directory
    files: list[tuple[Path, str, ToolDefinition]] = []
    seen: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        definition = _check(text, path.name)
        try:
            refuse_if_incomplete(definition)  # seeded versions are published
        except ToolVersionError as error:
            raise DataFileError(path.name, [str(error)]) from None
        if definition.key in seen:
            raise DataFileError(path.name, [f"key: is '{definition.key}', which {seen[definition.key]} uses too"], NAMES)
        seen[definition.key] = path.name
        files.append((path, text, definition))

    to_add: list[tuple[str, ToolDefinition]] = []
    unchanged = 0
    for path, text, definition in files:
        tool = tool_by_key(definition.key)
        existing = version_of(tool, definition.version) if tool else None
        if existing is not None:
            same_status = rules.PUBLISHED
            if dataclasses.replace(existing.definition, status=same_status) == dataclasses.replace(definition, status=same_status):
                unchanged += 1
                continue
            highest = max(v.version for v in tool.versions)
            raise DataFileError(
                path.name,
                [
                    (f"version: is {definition.version}, but version {definition.version} of '{definition.key}' is already loaded with different"
                    f" content, and a stored version never changes (audits are scored on it). To load this as a new"
                    f" version, change `version: {definition.version}` to `version: {highest + 1}`.")
                ], NAMES,
            )
        if tool is not None and tool.versions and definition.version < max(v.version for v in tool.versions):
            highest = max(v.version for v in tool.versions)
            raise DataFileError(
                path.name,
                [
                    (f"version: is {definition.version}, older than version {highest} of '{definition.key}', already loaded."
                    f" Change it to `version: {highest + 1}`.")
                ], NAMES,
            )
        to_add.append((text, definition))

    for text, definition in to_add:
        tool = tool_by_key(definition.key)
        if tool is None:
            tool = AuditTool(key=definition.key, title=definition.title[:TITLE_MAX])
            db.session.add(tool)
        row = AuditToolVersion(tool=tool, version=definition.version, status=rules.PUBLISHED, published_at=utcnow())
        row.definition_yaml = stored_text(text, definition, definition.version, rules.PUBLISHED)
        db.session.add(row)
        db.session.flush()
        _retitle(tool)
    _commit("the seed tools")
    return {"added": len(to_add), "unchanged": unchanged}


# --- Which impact measures are answered -------------------------------------------------


def audit_tool_coverage() -> set[str]:
    """Audit measure keys linked from the version new rounds use of every tool that has one."""
    covered: set[str] = set()
    for tool in db.session.scalars(select(AuditTool)):
        current = tool.published
        if current is not None:
            covered.update(current.definition.measure_keys())
    return covered


# Each provider returns the keys of the impact measures something published answers.
# Questionnaires register theirs here when they exist: COVERAGE_PROVIDERS.append(fn).
COVERAGE_PROVIDERS: list[Callable[[], set[str]]] = [audit_tool_coverage]

COVERAGE_KINDS = {
    plan_rules.AUDIT: ("Audit measures", "a published audit tool"),
    plan_rules.FEEDBACK: ("Feedback measures", "a published questionnaire"),
}


@dataclass(frozen=True)
class KindCoverage:
    kind: str
    label: str  # "Audit measures"
    answered_by: str  # "a published audit tool"
    answered: tuple[ImpactMeasure, ...]
    unanswered: tuple[ImpactMeasure, ...]

    @property
    def total(self) -> int:
        return len(self.answered) + len(self.unanswered)

    @property
    def summary(self) -> str:
        return f"{self.label}: {len(self.answered)} of {self.total} answered."


def covered_measure_keys() -> set[str]:
    covered: set[str] = set()
    for provider in COVERAGE_PROVIDERS:
        covered |= set(provider())
    return covered


def measures_coverage(kinds: Iterable[str] | None = None) -> list[KindCoverage]:
    """For each kind of measure (audit, then feedback): which of the plan's measures something
    published answers, and which nothing does, in the plan's order."""
    kinds = list(kinds) if kinds is not None else list(COVERAGE_KINDS)
    covered = covered_measure_keys()
    measures = db.session.scalars(
        select(ImpactMeasure)
        .join(Recommendation)
        .where(ImpactMeasure.kind.in_(kinds))
        .order_by(Recommendation.number, ImpactMeasure.position, ImpactMeasure.id)
    ).all()
    result = []
    for kind in kinds:
        label, answered_by = COVERAGE_KINDS[kind]
        mine = [m for m in measures if m.kind == kind]
        result.append(KindCoverage(
            kind, label, answered_by,
            tuple(m for m in mine if m.seed_key in covered),
            tuple(m for m in mine if m.seed_key not in covered),
        ))
    return result


# --- Describing a tool in plain words (for its page) ------------------------------------


def _quoted_list(items: list[str], last: str = "or") -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def describe_scoring(tool: ToolDefinition) -> list[str]:
    """How a tool turns grades into the overall judgement, sentence by sentence."""
    t = tool.scoring.thresholds
    method = tool.scoring.method
    how = {
        rules.MEAN_OF_QUESTIONS: "The overall judgement comes from the mean grade of all graded questions",
        rules.MEAN_OF_SECTIONS: "The overall judgement comes from the mean of each section's mean grade",
        rules.LOWEST_SECTION: "The overall judgement is the lowest of the sections' judgements, each from its own mean grade",
    }[method]
    weighted = any(q.weight != 1 for _, q in tool.all_questions()) or any(s.weight != 1 for s in tool.sections)
    lines = [
        how + (", weighted as shown against each question and section." if weighted else "."),
        ("Grades score Outstanding 4, Good 3, Requires improvement 2 and Inadequate 1."
        " Questions answered Not applicable, or not answered, are left out."),
        (f"A mean of {number_text(t[rules.OUTSTANDING])} or more is Outstanding, {number_text(t[rules.GOOD])} or more Good,"
        f" {number_text(t[rules.REQUIRES_IMPROVEMENT])} or more Requires improvement, and anything lower Inadequate."),
    ]
    limiting = [q for _, q in tool.all_questions() if q.limits]
    if limiting:
        lines.append(
            f"{len(limiting)} limiting question{'s' if len(limiting) != 1 else ''} can lower the judgement whatever the"
            " mean (shown against each question below); the strictest limit wins."
        )
    return lines


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def describe_limits(question: Question) -> list[str]:
    """'If graded Inadequate, the overall judgement can be no better than Inadequate.'"""
    return [
        f"If graded {rules.JUDGEMENTS[grade]}, the overall judgement can be no better than {rules.JUDGEMENTS[limit]}."
        for grade, limit in sorted(question.limits.items(), key=lambda item: -rules.POINTS[item[0]])
    ]


def describe_link(link: MeasureLink, tool: ToolDefinition, question: Question | None = None) -> str:
    """How a case meets a measure, in words."""
    if link.rule == rules.OVERALL_GOOD_OR_BETTER:
        text = "Met when the audit's overall judgement is Good or Outstanding"
    elif link.rule == rules.GRADED_GOOD_OR_BETTER:
        text = "Met when this question is graded Good or Outstanding"
    elif link.rule == rules.GRADED_REQUIRES_IMPROVEMENT_OR_BETTER:
        text = "Met when this question is graded Requires improvement or better"
    else:
        labels = dict(rules.answer_choices(question)) if question else {}
        text = "Met when this question is answered " + _quoted_list([labels.get(v, v) for v in link.values])
        if question is not None and question.kind == rules.MULTIPLE_CHOICE and len(link.values) > 1:
            text = "Met when any of these is chosen: " + _quoted_list([labels.get(v, v) for v in link.values], "and")
    if link.when is not None:
        try:
            other = tool.question(link.when.question)
        except KeyError:
            other = None
        if other is not None:
            labels = dict(rules.answer_choices(other))
            answers = _quoted_list([labels.get(v, v) for v in link.when.answer_in])
            text += f"; counted only when '{other.text}' is answered {answers}"
    return text + "."


def question_facts(question: Question) -> list[tuple[str, str]]:
    """(what, detail) rows about a question for its page."""
    facts = [("Answer", rules.QUESTION_KINDS[question.kind])]
    choices = rules.answer_choices(question)
    if choices:
        facts.append(("Choices", ", ".join(label for _, label in choices)))
    if question.kind == rules.NUMBER and (question.minimum is not None or question.maximum is not None):
        low = number_text(question.minimum) if question.minimum is not None else "any"
        high = number_text(question.maximum) if question.maximum is not None else "any"
        facts.append(("Range", f"{low} to {high}"))
    facts.append(("Required", "Yes" if question.required else "No"))
    facts.append(("Evidence", rules.EVIDENCE[question.evidence]))
    if question.weight != 1:
        facts.append(("Weight", number_text(question.weight)))
    return facts


@dataclass(frozen=True)
class LinkedMeasure:
    key: str
    measure: ImpactMeasure | None  # None: the plan has no such measure
    how: tuple[tuple[str, str], ...]  # (where: question text or "The whole audit", how it is met)


def linked_measures(tool: ToolDefinition) -> list[LinkedMeasure]:
    """The plan's measures a tool version links to, with where and how each is answered."""
    hows: dict[str, list[tuple[str, str]]] = {}
    for _, question in tool.all_questions():
        for link in question.measures:
            hows.setdefault(link.key, []).append((question.text, describe_link(link, tool, question)))
    for link in tool.measures:
        hows.setdefault(link.key, []).append(("The whole audit", describe_link(link, tool)))
    measures = {
        m.seed_key: m
        for m in db.session.scalars(select(ImpactMeasure).where(ImpactMeasure.seed_key.in_(list(hows))))
    } if hows else {}
    return [LinkedMeasure(key, measures.get(key), tuple(how)) for key, how in hows.items()]
