"""Numbered versions of a data file kept in the database as YAML: audit tools and
questionnaires follow the same rules, written once here.

- A parent (a tool, a questionnaire) has numbered versions, each stored as its YAML with
  the YAML's own `version` and `status` set to the row's (`versioned_text.stored_text`).
- A parent has at most one draft. Saving an edit of a parent whose latest version is
  published or retired makes a new draft (the next number), copied from it; saving again
  changes that draft. An edit started before someone else changed the draft is refused,
  unless it is the same text (a second click of the same save).
- Publishing a draft makes it the version new work uses; it never changes again.
- Retiring a published version takes it out of use for new work; work done on it keeps it.
- Every text is checked fully (`Versioning.load`) before anything is saved.

`Versioning` holds what differs: the version model, the words ("tool", "rounds", "audits
are scored on it"), how a text is checked and written out, and the error classes.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from app.core import versioned_text
from app.core.db import db, utcnow

DRAFT = "draft"
PUBLISHED = "published"
RETIRED = "retired"


@dataclass(frozen=True)
class Versioning:
    version_model: type  # the row: has <parent>, version, status, definition_yaml, created_by, published_*
    parent: str  # the row's relationship to its parent: "tool", "questionnaire"
    noun: str  # "tool", "questionnaire"
    used_by: str  # why a published version is frozen: "audits are scored on it"
    load: Callable[[str, str], Any]  # (text, source) -> the checked definition; DataFileError if broken
    dump: Callable[[Any], str]  # definition -> YAML
    retitle: Callable[[Any], None]  # the parent takes its title from its current version
    statuses: Mapping[str, str]  # status -> label
    error: type[ValueError]  # what cannot be done, in words an administrator can act on
    frozen: type[ValueError]  # a published or retired version was about to change
    names: Any = None  # how problems name their place (app.core.plain_words.Namer)

    # --- reading

    def latest(self, parent):
        return parent.versions[-1] if parent.versions else None

    def version_of(self, parent, number: int):
        return next((v for v in parent.versions if v.version == number), None)

    def next_number(self, parent) -> int:
        return max((v.version for v in parent.versions), default=0) + 1

    def stored_text(self, text: str, definition, version: int, status: str) -> str:
        return versioned_text.stored_text(text, definition, version, status, self.dump)

    def frozen_message(self, row) -> str:
        status = self.statuses.get(row.status, row.status).lower()
        parent = getattr(row, self.parent)
        return (
            f"Version {row.version} of '{parent.key if parent else 'this ' + self.noun}' is {status} and can never change:"
            f" {self.used_by}. Make a new draft instead."
        )

    def edit_base(self, parent) -> str:
        """What an edit starts from: the draft's text, or (with no draft) the latest version."""
        if parent.draft is not None:
            return f"draft-{parent.draft.version}-{versioned_text.text_fingerprint(parent.draft.definition_yaml)}"
        current = self.latest(parent)
        return f"new-after-{current.version if current else 0}"

    def edit_text(self, parent) -> tuple[str, int]:
        """The text an editor starts with, and the version number it will be saved as."""
        if parent.draft is not None:
            return parent.draft.definition_yaml, parent.draft.version
        current = parent.published or self.latest(parent)
        number = self.next_number(parent)
        if current is None:
            return "", number
        return self.stored_text(current.definition_yaml, current.definition, number, DRAFT), number

    # --- changing (nothing is committed until `commit`)

    def write(self, row, text: str, definition) -> None:
        if row.status != DRAFT and row.id is not None:
            raise self.frozen(self.frozen_message(row))
        row.definition_yaml = self.stored_text(text, definition, row.version, row.status)
        row.__dict__.pop("definition", None)  # a cached parse of the old text

    def new_draft(self, parent, text: str, definition, user):
        if parent.draft is not None:
            raise self.error(
                f"'{parent.title}' already has a draft, version {parent.draft.version}: change that draft instead."
            )
        row = self.version_model(**{self.parent: parent}, version=self.next_number(parent), status=DRAFT,
                                 created_by=user)
        self.write(row, text, definition)
        db.session.add(row)
        return row

    def write_draft(self, parent, text: str, definition, user):
        """The parent's draft with this text: its existing draft, or a new one."""
        if parent.draft is None:
            return self.new_draft(parent, text, definition, user)
        self.write(parent.draft, text, definition)
        return parent.draft

    def mark_published(self, row, user) -> None:
        parent = getattr(row, self.parent)
        highest = max((v.version for v in parent.versions if v is not row), default=0)
        if row.version < highest:
            # A draft is numbered when made; a version loaded since may have passed it.
            definition = row.definition
            row.version = highest + 1
            self.write(row, row.definition_yaml, definition)
        definition = row.definition
        row.definition_yaml = self.stored_text(row.definition_yaml, definition, row.version, PUBLISHED)
        row.__dict__.pop("definition", None)
        row.status = PUBLISHED
        row.published_at = utcnow()
        row.published_by = user

    def commit(self, key: str) -> None:
        """Commit once; two people saving at the same moment give one a clear message, not a crash."""
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            raise self.error(
                f"Someone else saved a version of '{key}' at the same moment. Nothing was saved:"
                f" open the {self.noun} again and check before trying again."
            ) from None

    # --- use cases

    def save_draft(self, parent, text: str, user=None, based_on: str | None = None):
        """Save edited YAML as the parent's draft: the existing draft, or a new one (the next
        version). Returns (draft, created). `based_on` is what the editor started from
        (`edit_base`); if the draft changed since, the save is refused rather than overwrite
        someone else's work, unless the text is the same (a second click of the same save)."""
        from app.core.datafile import DataFileError

        source = f"{parent.key} (draft)"
        text = versioned_text.with_version_and_status(text)  # they are set for the author
        definition = self.load(text, source)
        if definition.key != parent.key:
            raise DataFileError(source, [(
                f"key: is '{definition.key}', which is not this {self.noun}'s key ('{parent.key}')."
                f" To make a new {self.noun}, import it instead."
            )], self.names)
        draft = parent.draft
        if based_on is not None and based_on != self.edit_base(parent):
            if draft is not None and draft.definition_yaml == self.stored_text(text, definition, draft.version, DRAFT):
                return draft, False  # the same save, sent twice
            raise self.error(
                f"'{parent.title}' was changed by someone else while you were editing it. Nothing was saved:"
                f" copy your changes, open the {self.noun} again and make them there."
            )
        created = draft is None
        draft = self.write_draft(parent, text, definition, user)
        self.retitle(parent)
        self.commit(parent.key)
        return draft, created

    def publish(self, row, user=None):
        """Publish a draft: new work uses it from now on, and it never changes again."""
        parent = getattr(row, self.parent)
        if row.status == PUBLISHED:
            raise self.error(f"Version {row.version} of '{parent.title}' is already published.")
        if row.status != DRAFT:
            raise self.frozen(
                f"Version {row.version} of '{parent.title}' is retired and cannot be published again."
                " Make a new draft from it instead."
            )
        self.mark_published(row, user)
        self.retitle(parent)
        self.commit(parent.key)
        return row

    def retire(self, row, user=None):
        """Stop offering a published version for new work; work done on it keeps it."""
        parent = getattr(row, self.parent)
        if row.status == RETIRED:
            raise self.error(f"Version {row.version} of '{parent.title}' is already retired.")
        if row.status != PUBLISHED:
            raise self.error(
                f"Version {row.version} of '{parent.title}' is a draft: nothing uses it, so there is nothing to retire."
            )
        row.status = RETIRED
        self.retitle(parent)
        self.commit(parent.key)
        return row
