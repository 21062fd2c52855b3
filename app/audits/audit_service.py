"""Use cases of the auditor's journey: my audits, drafts, corrective actions, submission.

The rules (what an answer may be, how an audit is scored, which moves a state may make)
are in `app.audits.rules` and `app.audits.states`; this module applies them to the
database. Every function commits once, or not at all.

Drafts are never lost: an answer the question cannot take ("twelve" for a number) is
kept as it was typed and reported, so the auditor can correct it; `validate` refuses it
at submission. Two people (or two windows) saving the same audit are told, never
silently overwritten: every save names the version it was based on (`lock_version`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.audits import action_service, branching, rules, states
from app.audits.models import Audit, AuditToolVersion, CorrectiveAction
from app.auth.models import User
from app.core.clock import local_datetime, local_time, uk_today  # noqa: F401 (local_* used by views and tests as service.local_time)
from app.core.db import db, utcnow
from app.plan.models import ImpactMeasure

# --- Errors the pages turn into messages ---------------------------------------------------


class NotAllowed(Exception):
    """Someone other than the assigned auditor tried to change an audit."""


class NotEditable(Exception):
    """The audit has been submitted: it can be read, not changed."""


class EditConflict(Exception):
    """A save based on an older version of the audit than the one stored."""

    def __init__(self, audit: Audit):
        self.saved_by: User | None = audit.updated_by
        self.saved_at: datetime | None = audit.updated_at
        self.lock_version: int = audit.lock_version
        super().__init__(self.message())

    def who(self, viewer: User | None = None) -> str:
        if self.saved_by is None:
            return "someone else"
        if viewer is not None and self.saved_by.id == viewer.id:
            return "you, in another window or on another device,"
        return self.saved_by.name

    def message(self, viewer: User | None = None) -> str:
        when = f" at {local_time(self.saved_at)}" if self.saved_at else ""
        return (
            f"This audit was saved by {self.who(viewer)}{when} after you opened it. Your answers are below "
            "but NOT saved: check them against the latest version and save again."
        )


class InvalidInput(ValueError):
    """Input a use case refuses, by field: {"due_date": "The due date must be today or later"}."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


@dataclass(frozen=True)
class Problem:
    """Something to put right before submitting, and where: a question's answer or
    evidence, or the collaborative-audit question."""

    text: str
    question_key: str | None = None
    target: str = "answer"  # answer | evidence | collaborative


class Incomplete(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.text for p in problems))


# --- My audits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyAudit:
    audit: Audit
    overdue: bool

    @property
    def state(self) -> str:
        return self.audit.state

    @property
    def state_label(self) -> str:
        return states.STATES.get(self.audit.state, self.audit.state)

    @property
    def due_date(self) -> date | None:
        return self.audit.due_date

    @property
    def to_do(self) -> bool:
        return self.audit.state in states.EDITABLE


def is_overdue(audit: Audit, today: date) -> bool:
    return audit.state in states.EDITABLE and audit.due_date is not None and audit.due_date < today


def my_audits(user: User, today: date | None = None) -> list[MyAudit]:
    """Audits assigned to `user`: returned ones first, then those to do by due date, then
    submitted ones, newest first. Overdue ones (still to do, past their due date) flagged."""
    today = today or uk_today()
    audits = db.session.scalars(
        select(Audit)
        .where(Audit.auditor_id == user.id)
        .options(
            selectinload(Audit.case),
            selectinload(Audit.round),
            selectinload(Audit.tool_version).selectinload(AuditToolVersion.tool),
        )
    ).all()

    to_do = sorted(
        (a for a in audits if a.state in states.EDITABLE),
        key=lambda a: (a.state != states.RETURNED, a.due_date or date.max, a.id),
    )
    done = sorted(
        (a for a in audits if a.state not in states.EDITABLE),
        key=lambda a: (a.submitted_at or datetime(1900, 1, 1), a.id),
        reverse=True,
    )
    return [MyAudit(a, is_overdue(a, today)) for a in to_do + done]


# --- Answers as typed and as stored ---------------------------------------------------------


def _storable(question, answer: Any) -> Any:
    """A normalised answer as JSON keeps it: dates as YYYY-MM-DD, choices as a list."""
    if isinstance(answer, (date, datetime)):
        return answer.isoformat()
    if isinstance(answer, tuple):
        return list(answer)
    return answer


def _raw(value: Any) -> Any:
    """What was typed, kept as it was (as JSON can hold it)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): ("" if v is None else str(v)) for k, v in value.items()}
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return str(value)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset)):
        return not value
    if isinstance(value, Mapping):
        return all(_blank(v) for v in value.values())
    return False


def answer_error(question, error: str) -> str:
    """A refused answer in words: "The answer to 'How many visits?' must be a number"."""
    return f"The answer to '{question.text}' {error}"


def invalid_answers(audit: Audit) -> dict[str, str]:
    """Stored answers the rules refuse (kept as typed), by question key, with what is wrong;
    questions not asked (branching) are left out."""
    tool = audit.tool_version.definition
    invalid = {}
    asked = branching.shown(tool, audit.answers)
    for _, question in tool.all_questions():
        if question.key not in asked:
            continue
        value = (audit.answers or {}).get(question.key)
        if _blank(value):
            continue
        try:
            rules.normalise_answer(question, value)
        except ValueError as error:
            invalid[question.key] = answer_error(question, str(error))
    return invalid


@dataclass(frozen=True)
class SaveResult:
    lock_version: int
    saved_at: datetime
    state: str
    invalid: dict[str, str] = field(default_factory=dict)  # question key -> what is wrong with it

    @property
    def saved_at_text(self) -> str:
        return local_time(self.saved_at)


def _check_auditor(audit: Audit, user: User) -> None:
    if user is None or audit.auditor_id != user.id:
        raise NotAllowed("Only the auditor this audit is assigned to can change it.")


def _check_editable(audit: Audit) -> None:
    if audit.state not in states.EDITABLE:
        raise NotEditable("This audit has been submitted, so it can no longer be changed.")


def _conflict(audit_id: int) -> EditConflict:
    db.session.rollback()
    fresh = db.session.get(Audit, audit_id, populate_existing=True)
    return EditConflict(fresh)


def _begin_save(audit: Audit, user: User, expected_lock_version: int | None) -> None:
    _check_auditor(audit, user)
    _check_editable(audit)
    if expected_lock_version is None or int(expected_lock_version) != audit.lock_version:
        raise EditConflict(audit)


def _store_answers(audit: Audit, questions, answers: Mapping[str, Any], evidence: Mapping[str, Any],
                   *, whole_tool: bool = True) -> dict[str, str]:
    """Put the answers and evidence typed for `questions` on the audit (others stay as they
    are); the answers the rules refuse are kept as typed and returned. `whole_tool`: the
    audit holds every section's answers, so questions they leave unasked are cleared (an
    agency's part of a multi-agency audit holds only its own section's, so it does not)."""
    stored = dict(audit.answers or {})
    notes = dict(audit.evidence or {})
    invalid: dict[str, str] = {}
    for question in questions:
        stored.pop(question.key, None)
        notes.pop(question.key, None)
        value = answers.get(question.key)
        if not _blank(value):
            try:
                answer = rules.normalise_answer(question, value)
            except ValueError as error:
                stored[question.key] = _raw(value)
                invalid[question.key] = answer_error(question, str(error))
            else:
                if answer is not None:
                    stored[question.key] = _storable(question, answer)
        text = evidence.get(question.key)
        text = text.strip() if isinstance(text, str) else ""
        if text:
            notes[question.key] = text
    # Questions these answers leave unasked (branching): their answers and evidence are
    # not used, so they are cleared rather than kept to surprise someone later.
    if whole_tool:
        tool = audit.tool_version.definition
        asked = branching.shown(tool, stored)
        for _, question in tool.all_questions():
            if question.key not in asked:
                stored.pop(question.key, None)
                notes.pop(question.key, None)
                invalid.pop(question.key, None)
    audit.answers = stored
    audit.evidence = notes
    return invalid


def _finish_save(audit: Audit, user: User, invalid: dict[str, str]) -> SaveResult:
    now = utcnow()
    audit.state = states.next_state(audit.state, "save")
    audit.started_at = audit.started_at or now
    audit.updated_at = now
    audit.updated_by = user
    audit_id = audit.id
    try:
        db.session.commit()
    except StaleDataError:
        raise _conflict(audit_id) from None
    return SaveResult(audit.lock_version, now, audit.state, invalid)


def save_draft(
    audit: Audit,
    user: User,
    answers: Mapping[str, Any],
    evidence: Mapping[str, Any],
    collaborative: bool | None,
    worker_view: str | None,
    expected_lock_version: int | None,
) -> SaveResult:
    """Store the whole form as it stands: every question's answer (absent or blank means
    unanswered), evidence, and whether the audit was done with the social worker.

    Valid answers are stored normalised; others as typed, and listed in the result.
    Raises NotAllowed, NotEditable, or EditConflict when `expected_lock_version` is not
    the stored version (someone saved since the form was opened)."""
    _begin_save(audit, user, expected_lock_version)
    questions = [q for _, q in audit.tool_version.definition.all_questions()]
    invalid = _store_answers(audit, questions, answers, evidence)
    audit.collaborative = collaborative
    audit.worker_view = (worker_view or "").strip() or None
    return _finish_save(audit, user, invalid)


def save_section(
    audit: Audit,
    user: User,
    section_key: str,
    answers: Mapping[str, Any],
    evidence: Mapping[str, Any],
    expected_lock_version: int | None,
) -> SaveResult:
    """Store one section's answers and evidence as its page stands, as `save_draft` does
    for the whole form; the other sections are left as they are. Raises KeyError for a
    section the audit's tool does not have, and what `save_draft` raises."""
    _begin_save(audit, user, expected_lock_version)
    section = next((s for s in audit.tool_version.definition.sections if s.key == section_key), None)
    if section is None:
        raise KeyError(section_key)
    invalid = _store_answers(audit, section.questions, answers, evidence)
    return _finish_save(audit, user, invalid)


def save_collaborative(
    audit: Audit,
    user: User,
    collaborative: bool | None,
    worker_view: str | None,
    expected_lock_version: int | None,
) -> SaveResult:
    """Store whether the audit was done with the child's social worker, and their view."""
    _begin_save(audit, user, expected_lock_version)
    audit.collaborative = collaborative
    audit.worker_view = (worker_view or "").strip() or None
    return _finish_save(audit, user, {})


# --- Corrective actions ---------------------------------------------------------------------


def action_owner_choices(audit: Audit) -> list[User]:
    """Active people who can own a corrective action: the case's team first, then everyone
    else, each by name."""
    people = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name, User.id)).all()
    team_id = audit.case.team_id
    return [u for u in people if u.team_id == team_id] + [u for u in people if u.team_id != team_id]


def raise_corrective_action(
    audit: Audit,
    user: User,
    description: str,
    owner_id: int | None,
    due_date: date | None,
    today: date | None = None,
) -> CorrectiveAction:
    """A corrective action on the audit's case. It starts now, not when the audit is
    submitted or moderated. The owner must be an active person; the due date today or later."""
    _check_auditor(audit, user)
    _check_editable(audit)
    try:
        return action_service.raise_action(audit, user, description, owner_id, due_date, today)
    except action_service.ActionError as error:
        raise InvalidInput(error.errors) from None


def remove_corrective_action(audit: Audit, user: User, action_id: int) -> None:
    """Take back an action raised in this audit, while the audit is still a draft."""
    _check_auditor(audit, user)
    _check_editable(audit)
    action = db.session.get(CorrectiveAction, action_id)
    if action is None or action.audit_id != audit.id:
        raise InvalidInput({"action": "That corrective action is not part of this audit"})
    db.session.delete(action)
    db.session.commit()


# --- Submission -----------------------------------------------------------------------------


COLLABORATIVE_PROBLEM = "Say whether you did this audit with the child's social worker"


@dataclass(frozen=True)
class SubmissionPreview:
    problems: list[Problem]
    result: rules.ScoreResult
    measures: dict[str, rules.MeasureResult]

    @property
    def ready(self) -> bool:
        return not self.problems


def _problems(audit: Audit, tool) -> list[Problem]:
    texts = rules.validate(tool, audit.answers or {}, audit.evidence or {})
    places = [(f"Section '{s.title}': '{q.text}'", q.key) for s, q in tool.all_questions()]
    places.sort(key=lambda p: len(p[0]), reverse=True)  # longest first: one text may start another
    problems = []
    for text in texts:
        key = next((k for prefix, k in places if text.startswith(prefix + " ")), None)
        target = "evidence" if text.endswith("needs evidence for its answer") else "answer"
        problems.append(Problem(text, key, target))
    if audit.collaborative is None:
        problems.append(Problem(COLLABORATIVE_PROBLEM, None, "collaborative"))
    return problems


def preview_submission(audit: Audit) -> SubmissionPreview:
    """What submitting would find: the problems to put right first, and the judgement the
    answers give with its reasons, per section, and the improvement plan measures met."""
    tool = audit.tool_version.definition
    answers = audit.answers or {}
    result = rules.score(tool, answers)
    measures = rules.measure_results(tool, answers, result.judgement)
    return SubmissionPreview(_problems(audit, tool), result, measures)


def measure_texts(keys) -> dict[str, str]:
    """The improvement plan's words for audit measure keys ("r2-am1"), where the plan has them."""
    keys = list(keys)
    if not keys:
        return {}
    rows = db.session.scalars(select(ImpactMeasure).where(ImpactMeasure.seed_key.in_(keys))).all()
    return {m.seed_key: m.text for m in rows}


@dataclass(frozen=True)
class SubmitOutcome:
    audit: Audit
    submitted_now: bool  # False: it had been submitted already (a second click), nothing changed


def submit(
    audit: Audit,
    user: User,
    override_judgement: str | None,
    override_reason: str | None,
    expected_lock_version: int | None,
) -> SubmitOutcome:
    """Submit the audit with its computed judgement and reasons, and the auditor's own
    judgement where it differs (with a reason).

    Safe to repeat: once submitted, a second submission changes nothing. Raises
    NotAllowed, EditConflict, Incomplete (with the problems) or InvalidInput
    ({"override_reason": ...} or {"override_judgement": ...})."""
    _check_auditor(audit, user)
    if audit.state == states.SUBMITTED:
        return SubmitOutcome(audit, False)
    if expected_lock_version is None or int(expected_lock_version) != audit.lock_version:
        raise EditConflict(audit)
    preview = preview_submission(audit)
    if preview.problems:
        raise Incomplete(preview.problems)
    computed = preview.result.judgement
    try:
        chosen = rules.normalise_judgement(override_judgement)
    except ValueError as error:
        raise InvalidInput({"override_judgement": str(error)}) from None
    try:
        rules.final_auditor_judgement(computed, chosen, override_reason)
    except ValueError as error:
        raise InvalidInput({"override_reason": str(error)}) from None

    now = utcnow()
    audit.computed_judgement = computed
    audit.computed_reasons = list(preview.result.reasons)
    if chosen is not None and chosen != computed:
        audit.override_judgement = chosen
        audit.override_reason = override_reason.strip()
    else:
        audit.override_judgement = None
        audit.override_reason = None
    audit.state = states.next_state(audit.state, "submit")
    audit.submitted_at = now
    audit.started_at = audit.started_at or now
    audit.updated_at = now
    audit.updated_by = user
    audit_id = audit.id
    try:
        db.session.commit()
    except StaleDataError:
        conflict = _conflict(audit_id)
        fresh = db.session.get(Audit, audit_id)
        if fresh.state == states.SUBMITTED:  # the other request was this same submission
            return SubmitOutcome(fresh, False)
        raise conflict from None
    # Selected audits enter moderation at once; corrective actions already run.
    from app.moderation.services import on_audit_submitted

    on_audit_submitted(audit)
    return SubmitOutcome(audit, True)
