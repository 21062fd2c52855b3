"""Questionnaires in the database: versions stored as YAML, published versions frozen,
the seed questionnaires from surveys/, and which feedback measures they answer.

As with audit tools (`app.audits.tool_service`): a questionnaire has numbered versions,
each stored as its YAML; a published version never changes (responses are read against
the version their campaign used), so a changed questionnaire is a new version number.
New campaigns use the newest published version.

Administrators import a questionnaire's YAML, edit it in the browser, publish and retire
versions, with the same rules as audit tools (written once, in `app.core.versioning`):

- a questionnaire has at most one draft; editing one whose latest version is published
  makes a new draft (the next number), copied from it;
- publishing a draft makes it the version new campaigns use; it never changes again;
- retiring a published version stops new campaigns using it; campaigns already running
  on it keep it, and their responses are read against it;
- import and edit check the YAML fully (`load_questionnaire_text`) before anything is
  saved, and refuse a broken one with the file, the place and the problem;
- the reading level of what respondents read is checked too (`reading_level`): too hard
  for the audience is a warning shown to the author, not a refusal.
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from sqlalchemy import event, func, inspect, select
from sqlalchemy.exc import IntegrityError

from app.core import versioned_text
from app.core.datafile import DataFileError
from app.core.db import db, utcnow
from app.core.versioning import Versioning
from app.feedback import rules, translations
from app.feedback.models import Campaign, Questionnaire, QuestionnaireVersion, Response
from app.feedback.questionnaires import (
    NAMES,
    SURVEYS_DIR,
    dump_questionnaire,
    load_questionnaire_text,
)
from app.feedback.questionnaires import Questionnaire as QuestionnaireDefinition

TITLE_MAX = 200
KEY_MAX = 80
log = logging.getLogger(__name__)


class QuestionnaireVersionError(ValueError):
    """Something that cannot be done to a version, said in words an administrator can act on."""


class FrozenVersion(QuestionnaireVersionError):
    """A published or retired version was about to change."""


@event.listens_for(QuestionnaireVersion.definition_yaml, "set", active_history=True)
def _refuse_changing_a_frozen_text(target, value, oldvalue, initiator):
    state = inspect(target)
    if state.persistent and target.status != rules.DRAFT and value != oldvalue:
        raise FrozenVersion(VERSIONS.frozen_message(target))


def questionnaires() -> list[Questionnaire]:
    return list(db.session.scalars(select(Questionnaire).order_by(Questionnaire.title, Questionnaire.key)))


def questionnaire_by_key(key: str) -> Questionnaire | None:
    return db.session.scalar(select(Questionnaire).where(Questionnaire.key == key))


def published_versions() -> list[QuestionnaireVersion]:
    """The version new campaigns use of every questionnaire that has one, by title."""
    return [q.published for q in questionnaires() if q.published is not None]


_clean = versioned_text.clean


def seed_questionnaires(directory: Path | str | None = None) -> dict[str, int]:
    """Store every surveys/*.yaml as a version, numbered and with the status of its file.

    Safe to run again: a version already stored with the same content is left alone. A
    version stored with different content is refused (raise the file's version number).
    Every file is checked before anything is saved; a broken file raises DataFileError
    naming it and the place. Returns {"added": n, "unchanged": n, "warnings": [...]}, the
    warnings saying which text of an added version is too hard for its audience to read.
    """
    directory = SURVEYS_DIR if directory is None else Path(directory)
    files = []
    seen: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        text = _clean(path.read_text(encoding="utf-8"))
        definition = load_questionnaire_text(text, path.name)
        problems = []
        if len(definition.key) > KEY_MAX:
            problems.append(f"key: is longer than {KEY_MAX} characters")
        if len(definition.title) > TITLE_MAX:
            problems.append(f"title: is longer than {TITLE_MAX} characters")
        if definition.key in seen:
            problems.append(f"key: is '{definition.key}', which {seen[definition.key]} uses too")
        if problems:
            raise DataFileError(path.name, problems, NAMES)
        seen[definition.key] = path.name
        files.append((path, text, definition))

    to_add = []
    unchanged = 0
    for path, text, definition in files:
        questionnaire = questionnaire_by_key(definition.key)
        versions = questionnaire.versions if questionnaire else []
        existing = next((v for v in versions if v.version == definition.version), None)
        if existing is not None:
            if dataclasses.replace(existing.definition, status=definition.status) == definition:
                unchanged += 1
                continue
            highest = max(v.version for v in versions)
            raise DataFileError(path.name, [
                (f"version: is {definition.version}, but version {definition.version} of '{definition.key}' is already loaded with different content,"
                f" and a stored version never changes (responses are read against it). To load this as a new version,"
                f" change `version: {definition.version}` to `version: {highest + 1}`.")
            ], NAMES)
        if versions and definition.version < max(v.version for v in versions):
            highest = max(v.version for v in versions)
            raise DataFileError(path.name, [
                (f"version: is {definition.version}, older than version {highest} of '{definition.key}', already loaded."
                f" Change it to `version: {highest + 1}`.")
            ], NAMES)
        to_add.append((text, definition))

    warnings = []
    for text, definition in to_add:
        for warning in translations.reading_level(definition):  # the author is told; loading goes on
            warnings.append(f"{definition.key} version {definition.version}: {warning.message}")
            log.warning("%s", warnings[-1])
        questionnaire = questionnaire_by_key(definition.key)
        if questionnaire is None:
            questionnaire = Questionnaire(key=definition.key, title=definition.title, audience=definition.audience)
            db.session.add(questionnaire)
        row = QuestionnaireVersion(
            questionnaire=questionnaire, version=definition.version, status=definition.status,
            definition_yaml=text, published_at=utcnow() if definition.status == rules.PUBLISHED else None,
        )
        db.session.add(row)
        db.session.flush()
        current = questionnaire.published or row
        questionnaire.title = current.definition.title[:TITLE_MAX]
        questionnaire.audience = current.definition.audience
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DataFileError("surveys", ["someone else loaded the questionnaires at the same moment; run the seed again"]) from None
    return {"added": len(to_add), "unchanged": unchanged, "warnings": warnings}


def questionnaire_coverage() -> set[str]:
    """Feedback measure keys asked by the version new campaigns use of every questionnaire."""
    covered: set[str] = set()
    for version in published_versions():
        covered.update(version.definition.measure_keys())
    return covered


def register_coverage() -> None:
    """Let `measures-coverage` count the measures published questionnaires ask (once)."""
    from app.audits import tool_service

    if questionnaire_coverage not in tool_service.COVERAGE_PROVIDERS:
        tool_service.COVERAGE_PROVIDERS.append(questionnaire_coverage)


# --- Administrators: import, edit, publish, retire ----------------------------------------


def response_counts(versions=None) -> dict[int, int]:
    """Responses given on each version (through its campaigns), by version id."""
    query = (select(Campaign.questionnaire_version_id, func.count(Response.id))
             .join(Response, Response.campaign_id == Campaign.id).group_by(Campaign.questionnaire_version_id))
    if versions is not None:
        ids = [v.id for v in versions]
        if not ids:
            return {}
        query = query.where(Campaign.questionnaire_version_id.in_(ids))
    return dict(db.session.execute(query).all())


def campaign_counts() -> dict[int, int]:
    query = select(Campaign.questionnaire_version_id, func.count()).group_by(Campaign.questionnaire_version_id)
    return dict(db.session.execute(query).all())


def reading_level(definition: QuestionnaireDefinition) -> list[rules.ReadingLevelWarning]:
    """What respondents read that is likely too hard for the audience (warnings only)."""
    return translations.reading_level(definition)


def check_text(text: str, source: str) -> QuestionnaireDefinition:
    """The questionnaire in `text`, checked fully; DataFileError naming `source` and the place if not."""
    return versioned_text.check_lengths(load_questionnaire_text(_clean(text), source), source, KEY_MAX, TITLE_MAX, NAMES)


def _retitle(questionnaire: Questionnaire) -> None:
    """Known by the version new campaigns use (or its draft, before any is published)."""
    current = questionnaire.published or questionnaire.draft or latest(questionnaire)
    if current is not None:
        questionnaire.title = current.definition.title[:TITLE_MAX]
        questionnaire.audience = current.definition.audience


# The rules of versions, shared with audit tools (app.core.versioning).
VERSIONS = Versioning(
    version_model=QuestionnaireVersion, parent="questionnaire", noun="questionnaire",
    used_by="responses are read against it", load=check_text, dump=dump_questionnaire, retitle=_retitle,
    statuses=rules.STATUSES, error=QuestionnaireVersionError, frozen=FrozenVersion, names=NAMES,
)
version_of = VERSIONS.version_of
latest = VERSIONS.latest
stored_text = VERSIONS.stored_text
edit_base = VERSIONS.edit_base  # what an edit starts from: the draft's text, or the latest version
edit_text = VERSIONS.edit_text  # the text an editor starts with, and the number it will be saved as
save_draft = VERSIONS.save_draft  # (questionnaire, text, user, based_on) -> (draft, created)
retire = VERSIONS.retire  # new campaigns stop using a published version; campaigns on it keep it
NOTHING_TO_ASK = "Add at least one question before publishing: this draft has no statements yet."


def publish(row, user=None):
    """A draft becomes the version new campaigns use, frozen from then on. A draft made in the
    editor may have no statements yet; it cannot be published until it has one."""
    if row.status == rules.DRAFT and not row.definition.statements:
        raise QuestionnaireVersionError(NOTHING_TO_ASK)
    return VERSIONS.publish(row, user)


def import_questionnaire_yaml(text: str, source: str, user=None) -> QuestionnaireVersion:
    """Import a questionnaire's YAML as a draft: a new questionnaire if its key is new, its
    next version, or the new text of its existing draft. The YAML's own version and status
    are replaced by the row's. A broken file raises DataFileError(source, problems) and
    nothing is saved. A file may leave out `version` and `status`: they are set for it."""
    text = versioned_text.with_version_and_status(text)
    definition = check_text(text, source)
    questionnaire = questionnaire_by_key(definition.key)
    if questionnaire is None:
        questionnaire = Questionnaire(key=definition.key, title=definition.title[:TITLE_MAX], audience=definition.audience)
        db.session.add(questionnaire)
    row = VERSIONS.write_draft(questionnaire, text, definition, user)
    _retitle(questionnaire)
    VERSIONS.commit(questionnaire.key)
    return row
