"""Questionnaires in the database: versions stored as YAML, published versions frozen,
the seed questionnaires from surveys/, and which feedback measures they answer.

As with audit tools (`app.audits.tool_service`): a questionnaire has numbered versions,
each stored as its YAML; a published version never changes (responses are read against
the version their campaign used), so a changed questionnaire is a new version number.
New campaigns use the newest published version.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import event, inspect, select
from sqlalchemy.exc import IntegrityError

from app.core.datafile import DataFileError
from app.core.db import db, utcnow
from app.feedback import rules
from app.feedback.models import Questionnaire, QuestionnaireVersion
from app.feedback.questionnaires import SURVEYS_DIR, load_questionnaire_text

TITLE_MAX = 200
KEY_MAX = 80


class FrozenVersion(ValueError):
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


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").rstrip() + "\n"


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
                f"version: version {definition.version} of '{definition.key}' is already loaded with different content,"
                f" and a stored version never changes (responses are read against it). To load this as a new version,"
                f" change `version: {definition.version}` to `version: {highest + 1}`."
            ])
        if versions and definition.version < max(v.version for v in versions):
            highest = max(v.version for v in versions)
            raise DataFileError(path.name, [
                f"version: {definition.version} is older than version {highest} of '{definition.key}', already loaded."
                f" Change it to `version: {highest + 1}`."
            ])
        to_add.append((text, definition))

    for text, definition in to_add:
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
