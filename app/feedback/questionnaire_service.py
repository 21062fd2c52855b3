"""Questionnaires in the database: versions stored as YAML, published versions frozen,
the seed questionnaires from surveys/, and which feedback measures they answer.

As with audit tools (`app.audits.tool_service`): a questionnaire has numbered versions,
each stored as its YAML; a published version never changes (responses are read against
the version their campaign used), so a changed questionnaire is a new version number.
New campaigns use the newest published version.

Administrators import a questionnaire's YAML, edit it in the browser, publish and retire
versions, with the same rules as audit tools:

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
from app.feedback import rules
from app.feedback.models import Campaign, Questionnaire, QuestionnaireVersion, Response
from app.feedback.questionnaires import (
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
        raise FrozenVersion(
            f"Version {target.version} of '{target.questionnaire.key if target.questionnaire else 'this questionnaire'}'"
            " is published and can never change: responses are read against it. Make a new version instead."
        )


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
    naming it and the place. Returns {"added": n, "unchanged": n}.
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
            problems.append(f"key: '{definition.key}' is used by {seen[definition.key]} too")
        if problems:
            raise DataFileError(path.name, problems)
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
                (f"version: version {definition.version} of '{definition.key}' is already loaded with different content,"
                f" and a stored version never changes (responses are read against it). To load this as a new version,"
                f" change `version: {definition.version}` to `version: {highest + 1}`.")
            ])
        if versions and definition.version < max(v.version for v in versions):
            highest = max(v.version for v in versions)
            raise DataFileError(path.name, [
                (f"version: {definition.version} is older than version {highest} of '{definition.key}', already loaded."
                f" Change it to `version: {highest + 1}`.")
            ])
        to_add.append((text, definition))

    for text, definition in to_add:
        for warning in rules.check_reading_level(definition):  # the author is told; loading goes on
            log.warning("%s version %s: %s", definition.key, definition.version, warning.message)
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
    return {"added": len(to_add), "unchanged": unchanged}


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


def version_of(questionnaire: Questionnaire, number: int) -> QuestionnaireVersion | None:
    return next((v for v in questionnaire.versions if v.version == number), None)


def latest(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.versions[-1] if questionnaire.versions else None


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
    return rules.check_reading_level(definition)


def stored_text(text: str, definition: QuestionnaireDefinition, version: int, status: str) -> str:
    return versioned_text.stored_text(text, definition, version, status, dump_questionnaire)


def check_text(text: str, source: str) -> QuestionnaireDefinition:
    """The questionnaire in `text`, checked fully; DataFileError naming `source` and the place if not."""
    definition = load_questionnaire_text(_clean(text), source)
    problems = []
    if len(definition.key) > KEY_MAX:
        problems.append(f"key: '{definition.key[:20]}...' is longer than {KEY_MAX} characters")
    if len(definition.title) > TITLE_MAX:
        problems.append(f"title: is longer than {TITLE_MAX} characters")
    if problems:
        raise DataFileError(source, problems)
    return definition


def _frozen(version: QuestionnaireVersion) -> FrozenVersion:
    status = rules.STATUSES.get(version.status, version.status).lower()
    return FrozenVersion(
        f"Version {version.version} of '{version.questionnaire.key}' is {status} and can never change:"
        " responses are read against it. Make a new draft instead."
    )


def _write(row: QuestionnaireVersion, text: str, definition: QuestionnaireDefinition) -> None:
    if row.status != rules.DRAFT and row.id is not None:
        raise _frozen(row)
    row.definition_yaml = stored_text(text, definition, row.version, row.status)
    row.__dict__.pop("definition", None)  # a cached parse of the old text


def _next_number(questionnaire: Questionnaire) -> int:
    return max((v.version for v in questionnaire.versions), default=0) + 1


def _new_draft(questionnaire: Questionnaire, text: str, definition, user) -> QuestionnaireVersion:
    if questionnaire.draft is not None:
        raise QuestionnaireVersionError(
            f"'{questionnaire.title}' already has a draft, version {questionnaire.draft.version}: change that draft instead."
        )
    row = QuestionnaireVersion(questionnaire=questionnaire, version=_next_number(questionnaire), status=rules.DRAFT,
                               created_by=user)
    _write(row, text, definition)
    db.session.add(row)
    return row


def _commit(key: str) -> None:
    """Commit once; two people saving at the same moment give one a clear message, not a crash."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise QuestionnaireVersionError(
            f"Someone else saved a version of '{key}' at the same moment. Nothing was saved:"
            " open the questionnaire again and check before trying again."
        ) from None


def _retitle(questionnaire: Questionnaire) -> None:
    """Known by the version new campaigns use (or its draft, before any is published)."""
    current = questionnaire.published or questionnaire.draft or latest(questionnaire)
    if current is not None:
        questionnaire.title = current.definition.title[:TITLE_MAX]
        questionnaire.audience = current.definition.audience


def import_questionnaire_yaml(text: str, source: str, user=None) -> QuestionnaireVersion:
    """Import a questionnaire's YAML as a draft: a new questionnaire if its key is new, its
    next version, or the new text of its existing draft. The YAML's own version and status
    are replaced by the row's. A broken file raises DataFileError(source, problems) and
    nothing is saved."""
    definition = check_text(text, source)
    questionnaire = questionnaire_by_key(definition.key)
    if questionnaire is None:
        questionnaire = Questionnaire(key=definition.key, title=definition.title[:TITLE_MAX], audience=definition.audience)
        db.session.add(questionnaire)
    row = questionnaire.draft
    if row is None:
        row = _new_draft(questionnaire, text, definition, user)
    else:
        _write(row, text, definition)
    _retitle(questionnaire)
    _commit(questionnaire.key)
    return row


def edit_base(questionnaire: Questionnaire) -> str:
    """What an edit starts from: the draft's text, or (with no draft) the latest version."""
    if questionnaire.draft is not None:
        draft = questionnaire.draft
        return f"draft-{draft.version}-{versioned_text.text_fingerprint(draft.definition_yaml)}"
    current = latest(questionnaire)
    return f"new-after-{current.version if current else 0}"


def edit_text(questionnaire: Questionnaire) -> tuple[str, int]:
    """The text an editor starts with, and the version number it will be saved as."""
    if questionnaire.draft is not None:
        return questionnaire.draft.definition_yaml, questionnaire.draft.version
    current = questionnaire.published or latest(questionnaire)
    number = _next_number(questionnaire)
    if current is None:
        return "", number
    return stored_text(current.definition_yaml, current.definition, number, rules.DRAFT), number


def save_draft(questionnaire: Questionnaire, text: str, user=None,
               based_on: str | None = None) -> tuple[QuestionnaireVersion, bool]:
    """Save edited YAML as the questionnaire's draft (a new one when it has none).
    Returns (draft, created). If the draft changed since the editor opened (`based_on`),
    the save is refused rather than overwrite someone else's work, unless the text is the
    same (a second click of the same save)."""
    source = f"{questionnaire.key} (draft)"
    definition = check_text(text, source)
    if definition.key != questionnaire.key:
        raise DataFileError(source, [
            (f"key: '{definition.key}' is not this questionnaire's key ('{questionnaire.key}')."
            " To make a new questionnaire, import it instead.")
        ])
    draft = questionnaire.draft
    if based_on is not None and based_on != edit_base(questionnaire):
        if draft is not None and draft.definition_yaml == stored_text(text, definition, draft.version, rules.DRAFT):
            return draft, False  # the same save, sent twice
        raise QuestionnaireVersionError(
            f"'{questionnaire.title}' was changed by someone else while you were editing it. Nothing was saved:"
            " copy your changes, open the questionnaire again and make them there."
        )
    created = draft is None
    if created:
        draft = _new_draft(questionnaire, text, definition, user)
    else:
        _write(draft, text, definition)
    _retitle(questionnaire)
    _commit(questionnaire.key)
    return draft, created


def publish(version: QuestionnaireVersion, user=None) -> QuestionnaireVersion:
    """Publish a draft: new campaigns use it from now on, and it never changes again."""
    questionnaire = version.questionnaire
    if version.status == rules.PUBLISHED:
        raise QuestionnaireVersionError(f"Version {version.version} of '{questionnaire.title}' is already published.")
    if version.status != rules.DRAFT:
        raise FrozenVersion(
            f"Version {version.version} of '{questionnaire.title}' is retired and cannot be published again."
            " Make a new draft from it instead."
        )
    highest = max((v.version for v in questionnaire.versions if v is not version), default=0)
    definition = version.definition
    if version.version < highest:  # a version loaded since the draft was made has passed it
        version.version = highest + 1
    version.definition_yaml = stored_text(version.definition_yaml, definition, version.version, rules.PUBLISHED)
    version.__dict__.pop("definition", None)
    version.status = rules.PUBLISHED
    version.published_at = utcnow()
    version.published_by = user
    _retitle(questionnaire)
    _commit(questionnaire.key)
    return version


def retire(version: QuestionnaireVersion, user=None) -> QuestionnaireVersion:
    """Stop offering a published version for new campaigns. Campaigns on it keep it."""
    title = version.questionnaire.title
    if version.status == rules.RETIRED:
        raise QuestionnaireVersionError(f"Version {version.version} of '{title}' is already retired.")
    if version.status != rules.PUBLISHED:
        raise QuestionnaireVersionError(
            f"Version {version.version} of '{title}' is a draft: nothing uses it, so there is nothing to retire."
        )
    version.status = rules.RETIRED
    _retitle(version.questionnaire)
    _commit(version.questionnaire.key)
    return version
