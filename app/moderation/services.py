"""Use cases of moderation: selection on submission, the queue, claiming (atomic), the
moderator's decisions (finalise or return), resubmission, history and final judgements.

Every function commits once, or not at all. The rules are in `app.moderation.rules`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import selectinload

from app.audits import rules as audit_rules
from app.audits import states as audit_states
from app.core.clock import local_day, local_time
from app.audits.models import Audit
from app.auth.models import User
from app.core.db import db, utcnow
from app.moderation import outcomes, rules
from app.moderation.models import (
    Moderation,
    ModerationDecision,
    ModerationEvent,
    RoundModerationPolicy,
)
from app.notifications import delivery

GRADES = [(k, v) for k, v in audit_rules.JUDGEMENTS.items()]
OVERALL = "overall"


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
    oldest first submission first. Never their own audits."""
    now = now or utcnow()
    rows = db.session.scalars(
        select(Moderation).join(Audit, Audit.id == Moderation.audit_id)
        .where(
            or_(Audit.auditor_id.is_(None), Audit.auditor_id != moderator.id),
            or_(Moderation.state == rules.AWAITING_MODERATION,
                and_(Moderation.state == rules.RESUBMITTED, Moderation.moderator_id == moderator.id)),
        )
        .order_by(Moderation.first_submitted_at, Moderation.id)
    ).all()
    return [_item(m, now) for m in rows]


def my_moderations(moderator: User, now: datetime | None = None) -> list[QueueItem]:
    now = now or utcnow()
    rows = db.session.scalars(
        select(Moderation).where(Moderation.moderator_id == moderator.id, Moderation.state == rules.IN_MODERATION)
        .order_by(Moderation.first_submitted_at, Moderation.id)
    ).all()
    return [_item(m, now) for m in rows]


def _item(m: Moderation, now: datetime) -> QueueItem:
    _, _, target = round_policy(m.round_id)
    submitted, today = local_day(m.first_submitted_at), local_day(now)  # working days count UK dates
    return QueueItem(m, rules.working_days_between(submitted, today), rules.due_by(submitted, target),
                     rules.is_overdue(submitted, today, target))


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


@dataclass(frozen=True)
class Target:
    key: str  # question:<key> | section:<key> | overall
    what: str  # as a person reads it
    kind: str  # question | section | overall
    auditor_grade: str | None


def targets(audit: Audit) -> list[Target]:
    """What the moderator decides on: each graded question answered with a grade, each
    section with a computed judgement, and the overall judgement."""
    tool = audit.tool_version.definition
    answers = audit.answers or {}
    result = audit_rules.score(tool, answers)
    out = []
    for section in tool.sections:
        for q in section.questions:
            grade = audit_rules.normalise_judgement(answers.get(q.key)) if q.kind == audit_rules.GRADED and answers.get(q.key) in audit_rules.JUDGEMENTS else None
            if grade:
                out.append(Target(f"question:{q.key}", q.text, "question", grade))
        s = result.section(section.key)
        if s.judgement:
            out.append(Target(f"section:{section.key}", f"Section '{section.title}'", "section", s.judgement))
    out.append(Target(OVERALL, "Overall judgement", "overall", audit.auditor_judgement))
    return out


FINALISE, RETURN = "finalise", "return"


def decide(moderation: Moderation, moderator: User, choices: Mapping[str, str], reasons: Mapping[str, str],
           learning_points: str | None, action: str, comments: str | None = None,
           now: datetime | None = None, notify: bool = True) -> Moderation:
    """Record the moderator's decisions and finalise or return the audit.

    `choices` maps a target key to "agree" or a grade key (absent means agree); a changed
    grade needs a reason. Returning needs comments for the auditor. Raises InvalidInput
    (keyed "reason-<target>", "comments", "action"), NotAllowed, IllegalTransition.
    The auditor is emailed the outcome through the outbox unless `notify` is False."""
    _check_not_own(moderation, moderator)
    if moderation.state == rules.FINALISED and moderation.moderator_id == moderator.id and action == FINALISE:
        return moderation  # a second click
    if moderation.state != rules.IN_MODERATION or moderation.moderator_id != moderator.id:
        if moderation.state == rules.IN_MODERATION:
            raise AlreadyClaimed(moderation)
        raise rules.IllegalTransition(f"An audit that is {rules.STATES[moderation.state].lower()} cannot be changed now: claim it first")
    if action not in (FINALISE, RETURN):
        raise InvalidInput({"action": "Choose whether to finalise the moderation or return the audit"})
    now = now or utcnow()
    audit = moderation.audit
    errors: dict[str, str] = {}
    rows = []
    for t in targets(audit):
        choice = (choices.get(t.key) or "agree").strip()
        grade = None if choice == "agree" else audit_rules.normalise_judgement(choice) if choice in audit_rules.JUDGEMENTS else None
        if choice != "agree" and grade is None:
            errors[f"grade-{t.key}"] = f"{t.what}: choose Agree or one of the four grades"
            continue
        reason = (reasons.get(t.key) or "").strip() or None
        for problem in rules.missing_change_reasons([(t.what, t.auditor_grade, grade, reason)]):
            errors[f"reason-{t.key}"] = problem
        agreed = grade is None or grade == t.auditor_grade
        rows.append((t, grade or t.auditor_grade, agreed, None if agreed else reason))
    comments = (comments or "").strip() or None
    if action == RETURN and not comments:
        errors["comments"] = "Say what the auditor should change before returning the audit"
    if errors:
        raise InvalidInput(errors)

    event_name = rules.FINALISE if action == FINALISE else rules.RETURN
    moderation.state = rules.next_state(moderation.state, event_name)
    moderation.decisions.clear()
    db.session.flush()
    changes = []
    for t, grade, agreed, reason in rows:
        moderation.decisions.append(ModerationDecision(target=t.key, auditor_grade=t.auditor_grade, moderator_grade=grade,
                                                       agreed=agreed, reason=reason))
        if not agreed:
            changes.append({"what": t.what, "from": audit_rules.judgement_label(t.auditor_grade),
                            "to": audit_rules.judgement_label(grade), "reason": reason})
    moderation.learning_points = (learning_points or "").strip() or None
    moderation.first_decided_at = moderation.first_decided_at or now
    details = {"changes": changes, "agreed": sum(1 for r in rows if r[2])}
    if moderation.learning_points:
        details["learning_points"] = moderation.learning_points
    if action == FINALISE:
        overall = next(r for r in rows if r[0].key == OVERALL)
        moderation.final_judgement = overall[1]
        moderation.finalised_at = now
        details["final_judgement"] = overall[1]
        event = "finalised"
    else:
        moderation.return_comments = comments
        details["comments"] = comments
        details["snapshot"] = {"answers": _graded_answers(audit), "judgement": audit.auditor_judgement}
        audit.state = audit_states.next_state(audit.state, "return")
        event = "returned"
    db.session.add(ModerationEvent(moderation=moderation, at=now, by_id=moderator.id, event=event, details=details))
    # The auditor is told by email, saved with the decision or not at all (not for demo data).
    email = outcomes.queue_outcome_email(moderation) if notify else None
    db.session.commit()
    if email is not None:
        delivery.send_soon([email])
    return moderation


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


# --- Demo data -----------------------------------------------------------------------------


def add_demo_data(rng, today: date) -> None:
    """Idempotent: every submitted audit enters moderation under its round's policy; about
    half of those waiting are finalised by a demo moderator (never their own), lowering the
    overall judgement of about one in four, as moderators in the field often do."""
    from datetime import time, timedelta

    submitted = db.session.scalars(
        select(Audit).where(Audit.state == audit_states.SUBMITTED).order_by(Audit.submitted_at, Audit.id)
    ).all()
    for audit in submitted:
        on_audit_submitted(audit, now=audit.submitted_at)
    moderators = [u for u in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)) if u.has_role("moderator")]
    if not moderators:
        return
    waiting = db.session.scalars(
        select(Moderation).where(Moderation.state == rules.AWAITING_MODERATION, Moderation.first_decided_at.is_(None))
        .order_by(Moderation.id)
    ).all()
    lower = {rules.OUTSTANDING: rules.GOOD, rules.GOOD: rules.REQUIRES_IMPROVEMENT,
             rules.REQUIRES_IMPROVEMENT: rules.INADEQUATE}
    for m in waiting:
        if rng.random() < 0.5:
            continue
        mod = next((u for u in rng.sample(moderators, len(moderators)) if u.id != m.audit.auditor_id), None)
        if mod is None:
            continue
        start = m.first_submitted_at + timedelta(days=rng.randint(1, 12))
        end = min(start + timedelta(hours=2), datetime.combine(today, time(12)))
        claim(m, mod, now=min(start, end))
        auditor_grade = m.audit.auditor_judgement
        choices, reasons = {}, {}
        if auditor_grade in lower and rng.random() < 0.25:
            choices[OVERALL] = lower[auditor_grade]
            reasons[OVERALL] = "The evidence on file does not support the auditor's grade."
        decide(m, mod, choices, reasons, "Share the record of direct work in team supervision.", FINALISE, now=end,
               notify=False)


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
