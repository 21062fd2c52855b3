"""Use cases of moderation: selection on submission, the queue, claiming (atomic), the
moderator's decisions saved page by page as a draft (app.moderation.decision_rules), then
finalising (every grade decided) or returning, resubmission, history and final judgements;
corrective actions raised by the moderator.

Every function commits once, or not at all. The rules are in `app.moderation.rules`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import selectinload

from app.audits import action_service
from app.audits import rules as audit_rules
from app.audits import states as audit_states
from app.core.clock import local_day, local_time
from app.audits.models import Audit, CorrectiveAction
from app.auth.models import User
from app.core.db import db, utcnow
from app.moderation import decision_rules, outcomes, rules
from app.moderation.models import (
    Moderation,
    ModerationDecision,
    ModerationEvent,
    RoundModerationPolicy,
)
from app.notifications import delivery

GRADES = [(k, v) for k, v in audit_rules.JUDGEMENTS.items()]
OVERALL = decision_rules.OVERALL


class NotAllowed(Exception):
    """Nobody moderates their own audit; only the claiming moderator decides."""


class AlreadyClaimed(Exception):
    def __init__(self, moderation: Moderation):
        name = moderation.moderator.name if moderation.moderator else "Someone else"
        super().__init__(f"{name} is moderating this audit (since {local_time(moderation.claimed_at)})")


class InvalidInput(ValueError):
    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


# --- Policy and selection -----------------------------------------------------------------


def round_policy(round_id: int) -> tuple[rules.ModerationPolicy, int, int]:
    """(policy, seed, target working days) for a round; every audit and 10 days by default."""
    row = db.session.scalar(select(RoundModerationPolicy).where(RoundModerationPolicy.round_id == round_id))
    if row is None or not row.policy:
        return rules.ModerationPolicy(all=True), (row.seed if row else 0), (row.target_days if row else rules.DEFAULT_TARGET_DAYS)
    return rules.ModerationPolicy.from_mapping(row.policy), row.seed, row.target_days


def on_audit_submitted(audit: Audit, now: datetime | None = None) -> Moderation | None:
    """Call after an audit is submitted. A resubmitted (returned) audit goes back to its
    moderator; a first submission is selected or not under the round's policy. Safe to repeat."""
    if audit.state != audit_states.SUBMITTED or audit.submitted_at is None:
        return None
    now = now or utcnow()
    existing = db.session.scalar(select(Moderation).where(Moderation.audit_id == audit.id))
    if existing is not None:
        if existing.state == rules.RETURNED:
            existing.state = rules.next_state(existing.state, rules.RESUBMIT)
            db.session.add(ModerationEvent(moderation=existing, at=now, by_id=audit.auditor_id, event="resubmitted",
                                           details={"changes": _auditor_changes(existing, audit)}))
            db.session.commit()
        return existing
    policy, seed, _ = round_policy(audit.round_id)
    submitted = db.session.scalars(
        select(Audit).where(Audit.round_id == audit.round_id, Audit.submitted_at.is_not(None))
    ).all()
    records = [rules.AuditRecord(a.id, a.auditor_id, a.submitted_at, a.auditor_judgement) for a in submitted]
    selection = rules.select_for_moderation(records, policy, seed)
    if audit.id not in selection:
        return None
    reasons = list(selection.reasons[audit.id])
    moderation = Moderation(audit_id=audit.id, round_id=audit.round_id, state=rules.AWAITING_MODERATION,
                            selected_reasons=reasons, first_submitted_at=audit.submitted_at, selected_at=now)
    db.session.add(moderation)
    db.session.add(ModerationEvent(moderation=moderation, at=now, by_id=None, event="selected", details={"reasons": reasons}))
    db.session.commit()
    return moderation


def _graded_answers(audit: Audit) -> dict[str, str]:
    tool = audit.tool_version.definition
    return {q.key: (audit.answers or {}).get(q.key) for _, q in tool.all_questions() if q.kind == audit_rules.GRADED}


def _auditor_changes(moderation: Moderation, audit: Audit) -> list[dict]:
    """What the auditor changed since the audit was returned: graded answers and judgement."""
    returned = [e for e in moderation.events if e.event == "returned"]
    if not returned:
        return []
    before = returned[-1].details.get("snapshot", {})
    tool = audit.tool_version.definition
    changes = []
    for key, now_value in _graded_answers(audit).items():
        old = before.get("answers", {}).get(key)
        if old != now_value:
            q = tool.question(key)
            changes.append({"what": q.text, "from": audit_rules.answer_label(q, old), "to": audit_rules.answer_label(q, now_value)})
    if before.get("judgement") != audit.auditor_judgement:
        changes.append({"what": "Overall judgement", "from": audit_rules.judgement_label(before.get("judgement")),
                        "to": audit_rules.judgement_label(audit.auditor_judgement)})
    return changes


# --- Queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    moderation: Moderation
    days_waiting: int
    due: date
    overdue: bool


def queue(moderator: User, now: datetime | None = None) -> list[QueueItem]:
    """Audits this moderator may take: awaiting moderation, and those resubmitted to them,
    oldest first submission first. Never their own audits; only cases of teams in their scope
    (a moderator narrowed to a district or locality: app/org/scope.py)."""
    from app.audits.models import Case
    from app.org.scope import scope_of, team_ids

    now = now or utcnow()
    query = (
        select(Moderation).join(Audit, Audit.id == Moderation.audit_id)
        .where(
            or_(Audit.auditor_id.is_(None), Audit.auditor_id != moderator.id),
            or_(Moderation.state == rules.AWAITING_MODERATION,
                and_(Moderation.state == rules.RESUBMITTED, Moderation.moderator_id == moderator.id)),
        )
        .order_by(Moderation.first_submitted_at, Moderation.id)
    )
    teams = team_ids(scope_of(moderator))
    if teams is not None:
        query = query.join(Case, Case.id == Audit.case_id).where(Case.team_id.in_(sorted(teams)))
    rows = db.session.scalars(query).all()
    return _items(rows, now)


def my_moderations(moderator: User, now: datetime | None = None) -> list[QueueItem]:
    now = now or utcnow()
    rows = db.session.scalars(
        select(Moderation).where(Moderation.moderator_id == moderator.id, Moderation.state == rules.IN_MODERATION)
        .order_by(Moderation.first_submitted_at, Moderation.id)
    ).all()
    return _items(rows, now)


def _items(rows: list[Moderation], now: datetime) -> list[QueueItem]:
    """Each moderation with its working days and due date; each round's target read once,
    not once per audit (a queue has many audits from few rounds)."""
    targets: dict[int, int] = {}
    today = local_day(now)  # working days count UK dates
    items = []
    for m in rows:
        if m.round_id not in targets:
            targets[m.round_id] = round_policy(m.round_id)[2]
        target, submitted = targets[m.round_id], local_day(m.first_submitted_at)
        items.append(QueueItem(m, rules.working_days_between(submitted, today), rules.due_by(submitted, target),
                               rules.is_overdue(submitted, today, target)))
    return items


# --- Claiming ------------------------------------------------------------------------------


def _check_not_own(moderation: Moderation, user: User) -> None:
    if moderation.audit.auditor_id == user.id:
        raise NotAllowed("Nobody moderates their own audit.")


def claim(moderation: Moderation, moderator: User, now: datetime | None = None) -> Moderation:
    """Take the audit on, atomically: of two moderators at once, one wins and the other gets
    AlreadyClaimed. A resubmitted audit only by its moderator. Claiming it twice is harmless."""
    _check_not_own(moderation, moderator)
    now = now or utcnow()
    mod_id = moderation.id
    result = db.session.execute(
        update(Moderation)
        .where(Moderation.id == mod_id,
               or_(Moderation.state == rules.AWAITING_MODERATION,
                   and_(Moderation.state == rules.RESUBMITTED, Moderation.moderator_id == moderator.id)))
        .values(state=rules.IN_MODERATION, moderator_id=moderator.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        db.session.add(ModerationEvent(moderation_id=mod_id, at=now, by_id=moderator.id, event="claimed", details={}))
        db.session.commit()
        return db.session.get(Moderation, mod_id, populate_existing=True)
    db.session.rollback()
    fresh = db.session.get(Moderation, mod_id, populate_existing=True)
    if fresh.state == rules.IN_MODERATION:
        if fresh.moderator_id == moderator.id:
            return fresh  # a second click
        raise AlreadyClaimed(fresh)
    rules.check_claim(fresh.state, moderator.id, fresh.moderator_id)  # raises IllegalTransition
    raise rules.IllegalTransition("This audit cannot be claimed now")


def release(moderation: Moderation, moderator: User, now: datetime | None = None) -> None:
    if moderation.moderator_id != moderator.id or moderation.state != rules.IN_MODERATION:
        raise NotAllowed("Only the moderator who claimed this audit can release it.")
    moderation.state = rules.next_state(moderation.state, rules.RELEASE)
    moderation.moderator_id = None
    moderation.claimed_at = None
    db.session.add(ModerationEvent(moderation=moderation, at=now or utcnow(), by_id=moderator.id, event="released", details={}))
    db.session.commit()


# --- Decisions -----------------------------------------------------------------------------

Target = decision_rules.Target


def targets(audit: Audit) -> list[Target]:
    """What the moderator decides on: each graded question answered with a grade, each
    section with a computed judgement, and the overall judgement (decision_rules.targets)."""
    return decision_rules.targets(audit.tool_version.definition, audit.answers or {}, audit.auditor_judgement)


FINALISE, RETURN = "finalise", "return"


class Undecided(InvalidInput):
    """Finalising refused: `targets` are still undecided (errors keyed by each one's anchor)."""

    def __init__(self, undecided: list[Target]):
        self.targets = undecided
        super().__init__({t.anchor: f"{t.what}: choose Agree or a grade" for t in undecided})


def _check_deciding(moderation: Moderation, moderator: User) -> None:
    """Only the moderator who claimed the audit decides, and only while it is in moderation."""
    _check_not_own(moderation, moderator)
    if moderation.state != rules.IN_MODERATION or moderation.moderator_id != moderator.id:
        if moderation.state == rules.IN_MODERATION:
            raise AlreadyClaimed(moderation)
        raise rules.IllegalTransition(f"An audit that is {rules.STATES[moderation.state].lower()} cannot be changed now: claim it first")


def save_page(moderation: Moderation, moderator: User, page: str, choices: Mapping[str, str | None],
              reasons: Mapping[str, str | None], agree_undecided: bool = False) -> list[Target]:
    """Save the moderator's choices on one page of the moderation (a section's key, or
    "overall") as a draft; with `agree_undecided`, agree every grade on it still undecided.
    A draft is never in a figure. Returns the page's targets. Raises InvalidInput (nothing
    saved), NotAllowed, AlreadyClaimed, IllegalTransition."""
    _check_deciding(moderation, moderator)
    page_targets = decision_rules.on_page(targets(moderation.audit), page)
    try:
        moderation.draft = decision_rules.with_choices(moderation.draft, page_targets, choices, reasons, agree_undecided)
    except decision_rules.Problems as problems:
        raise InvalidInput(problems.errors) from None
    db.session.commit()
    return page_targets


def _save_learning_points(moderation: Moderation, learning_points: str | None, **flags) -> None:
    moderation.draft = {**(moderation.draft or {}), "learning_points": (learning_points or "").strip(), **flags}


def save_learning_points(moderation: Moderation, moderator: User, learning_points: str | None) -> None:
    _check_deciding(moderation, moderator)
    _save_learning_points(moderation, learning_points)
    db.session.commit()


def finalise(moderation: Moderation, moderator: User, learning_points: str | None,
             now: datetime | None = None, notify: bool = True) -> Moderation:
    """Finalise the moderation with the decisions saved so far. Refused (Undecided) while any
    grade is undecided: the learning points are kept in the draft and each page with an
    undecided grade is marked as needing a decision."""
    if moderation.state == rules.FINALISED and moderation.moderator_id == moderator.id:
        return moderation  # a second click
    _check_deciding(moderation, moderator)
    now = now or utcnow()
    all_targets = targets(moderation.audit)
    left = decision_rules.finalise_problems(moderation.draft, all_targets)
    if left:
        _save_learning_points(moderation, learning_points, finalise_refused=True)
        db.session.commit()
        raise Undecided(left)
    rows = decision_rules.decided_rows(moderation.draft, all_targets)
    overall = next(r for r in rows if r.target.key == OVERALL)
    _record(moderation, moderator, rules.FINALISE, rows, learning_points, now,
            {"final_judgement": overall.moderator_grade})
    moderation.final_judgement = overall.moderator_grade
    moderation.finalised_at = now
    _commit_and_tell_the_auditor(moderation, notify)
    return moderation


def return_audit(moderation: Moderation, moderator: User, comments: str | None, learning_points: str | None = None,
                 now: datetime | None = None, notify: bool = True) -> Moderation:
    """Return the audit to the auditor with comments (needed); grades need not all be
    decided yet. The decisions made so far are recorded; the auditor is emailed."""
    _check_deciding(moderation, moderator)
    now = now or utcnow()
    comments = (comments or "").strip() or None
    if not comments:
        raise InvalidInput({"comments": "Say what the auditor should change before returning the audit"})
    audit = moderation.audit
    rows = decision_rules.decided_rows(moderation.draft, targets(audit))
    _record(moderation, moderator, rules.RETURN, rows, learning_points, now,
            {"comments": comments, "snapshot": {"answers": _graded_answers(audit), "judgement": audit.auditor_judgement}})
    moderation.return_comments = comments
    moderation.draft = {**moderation.draft, "finalise_refused": False}
    audit.state = audit_states.next_state(audit.state, "return")
    _commit_and_tell_the_auditor(moderation, notify)
    return moderation


def _commit_and_tell_the_auditor(moderation: Moderation, notify: bool) -> None:
    """The decision and the auditor's email are saved together or not at all; the email is
    sent after the commit (not for demo data)."""
    email = outcomes.queue_outcome_email(moderation) if notify else None
    db.session.commit()
    if email is not None:
        delivery.send_soon([email])


def _record(moderation: Moderation, moderator: User, step: str, rows: list[decision_rules.Row],
            learning_points: str | None, now: datetime, details: dict) -> None:
    """The decisions as ModerationDecision rows, the state, and the history event."""
    moderation.state = rules.next_state(moderation.state, step)
    moderation.decisions.clear()
    db.session.flush()
    for r in rows:
        moderation.decisions.append(ModerationDecision(target=r.target.key, auditor_grade=r.target.auditor_grade,
                                                       moderator_grade=r.moderator_grade, agreed=r.agreed, reason=r.reason))
    _save_learning_points(moderation, learning_points)
    moderation.learning_points = moderation.draft["learning_points"] or None
    moderation.first_decided_at = moderation.first_decided_at or now
    details = {"changes": decision_rules.changes(rows), "agreed": sum(1 for r in rows if r.agreed), **details}
    if moderation.learning_points:
        details["learning_points"] = moderation.learning_points
    event = "finalised" if step == rules.FINALISE else "returned"
    db.session.add(ModerationEvent(moderation=moderation, at=now, by_id=moderator.id, event=event, details=details))


def decide(moderation: Moderation, moderator: User, choices: Mapping[str, str], reasons: Mapping[str, str],
           learning_points: str | None, action: str, comments: str | None = None, now: datetime | None = None,
           agree_rest: bool = False, notify: bool = True) -> Moderation:
    """Every page's choices at once, then finalise or return: for scripts and tests. A
    target left out of `choices` stays undecided (so finalising is refused) unless
    `agree_rest` agrees it explicitly."""
    if moderation.state == rules.FINALISED and moderation.moderator_id == moderator.id and action == FINALISE:
        return moderation
    if action not in (FINALISE, RETURN):
        raise InvalidInput({"action": "Choose whether to finalise the moderation or return the audit"})
    _check_deciding(moderation, moderator)
    all_targets = targets(moderation.audit)
    try:
        draft = moderation.draft
        for page in dict.fromkeys(t.page for t in all_targets):
            draft = decision_rules.with_choices(draft, decision_rules.on_page(all_targets, page), choices, reasons, agree_rest)
    except decision_rules.Problems as problems:
        raise InvalidInput(problems.errors) from None
    if action == RETURN and not (comments or "").strip():
        raise InvalidInput({"comments": "Say what the auditor should change before returning the audit"})
    moderation.draft = draft
    if action == FINALISE:
        return finalise(moderation, moderator, learning_points, now, notify)
    return return_audit(moderation, moderator, comments, learning_points, now, notify)


def raise_action(moderation: Moderation, moderator: User, description: str, owner_id: int | None,
                 due_date: date | None) -> CorrectiveAction:
    """A corrective action on the audit's case, raised by the moderator while moderating it.
    Raises action_service.ActionError (keyed by field), and the deciding errors."""
    _check_deciding(moderation, moderator)
    return action_service.raise_action(moderation.audit, moderator, description, owner_id, due_date)


# --- History and results -------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    by: str
    title: str
    lines: list[str] = field(default_factory=list)


def history(moderation: Moderation) -> list[HistoryLine]:
    """Every step, in order: who, when, and what changed."""
    out = []
    for e in sorted(moderation.events, key=lambda e: (e.at, e.id)):
        d = e.details or {}
        by = e.by.name if e.by else "The system"
        lines = []
        if e.event == "selected":
            title = "Selected for moderation: " + "; ".join(d.get("reasons", []))
        elif e.event == "claimed":
            title = f"Claimed by {by}"
        elif e.event == "released":
            title = f"Released back to the queue by {by}"
        elif e.event == "returned":
            title = f"Returned to the auditor by {by}"
        elif e.event == "resubmitted":
            title = f"Resubmitted by {by}"
        elif e.event == "finalised":
            title = f"Finalised by {by}: final judgement {audit_rules.judgement_label(d.get('final_judgement'))}"
        else:
            title = e.event
        for c in d.get("changes", []):
            text = f"Changed '{c['what']}' from {c['from']} to {c['to']}"
            lines.append(text + (f": {c['reason']}" if c.get("reason") else ""))
        if "comments" in d:
            lines.append(f"Comments: {d['comments']}")
        if "learning_points" in d:
            lines.append(f"Learning points: {d['learning_points']}")
        out.append(HistoryLine(e.at, by, title, lines))
    return out


def final_judgement(audit: Audit) -> str | None:
    """The audit's judgement for reports: the moderated one once finalised, else the auditor's."""
    m = db.session.scalar(select(Moderation).where(Moderation.audit_id == audit.id))
    if m is not None and m.state == rules.FINALISED and m.final_judgement:
        return m.final_judgement
    return audit.auditor_judgement


@dataclass(frozen=True)
class RoundResults:
    round_id: int
    round_name: str
    moderations: list[Moderation]
    changes: rules.GradeChanges  # overall judgements, auditor vs moderator, finalised only
    kappa: rules.KappaResult
    times: rules.ModerationTimes


def round_summaries(now: datetime | None = None):
    """One row of figures per round with audits in moderation, newest round first: agreement
    on the overall judgement (grade changes, weighted Cohen's kappa) and working days to
    moderation. The figures are app.moderation.figures', grouped by round (one query)."""
    from app.moderation import figures

    rows = figures.summarise_by(figures.load_facts(), "round", now or utcnow())
    return sorted(rows, key=lambda row: row.key, reverse=True)


def round_results(round_id: int, now: datetime | None = None) -> RoundResults | None:
    """One round's figures and its moderations (for the case list); None if it has none."""
    from app.moderation import figures

    facts = figures.load_facts(Moderation.round_id == round_id)
    if not facts:
        return None
    summary = figures.summarise(facts, now or utcnow(), key=round_id, label=facts[0].round_name)
    moderations = db.session.scalars(
        select(Moderation)
        .options(selectinload(Moderation.audit).joinedload(Audit.case))
        .where(Moderation.round_id == round_id)
        .order_by(Moderation.first_submitted_at, Moderation.id)
    ).all()
    return RoundResults(round_id, summary.label, list(moderations), summary.changes, summary.kappa, summary.times)


# --- Round policy (admin) ------------------------------------------------------------------


def save_policy(round_id: int, policy: rules.ModerationPolicy, target_days: int, seed: int | None = None) -> RoundModerationPolicy:
    """Store a round's moderation policy; a blank seed gets a new one (recorded). Applies to
    audits submitted from now on: audits already selected stay in moderation. Safe to repeat."""
    from app.audits.sampling import new_seed

    row = db.session.scalar(select(RoundModerationPolicy).where(RoundModerationPolicy.round_id == round_id))
    if row is None:
        row = RoundModerationPolicy(round_id=round_id)
        db.session.add(row)
    row.policy = {k: v for k, v in {
        "all": policy.all or None, "random_share": policy.random_share, "extremes": policy.extremes or None,
        "first_n_per_auditor": policy.first_n_per_auditor}.items() if v is not None}
    row.seed = new_seed() if seed is None else seed
    row.target_days = target_days
    db.session.commit()
    return row
