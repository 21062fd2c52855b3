"""What moderation made of an audit, as its auditor reads it, and telling them.

An auditor learns from moderation only if they see it: the final judgement beside their
own ("Moderated: lowered from Requires improvement to Inadequate"), each grade the
moderator changed with the reason, the learning points, and for a returned audit what to
change. `outcomes_for` loads this for many audits in a fixed number of queries (My audits
lists them all); `recent_for_auditor` gives an auditor's outcomes of the last 30 days for
their home page; `queue_outcome_email` tells them through the outbox.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.audits import rules as audit_rules
from app.audits.models import Audit
from app.auth.models import User
from app.core.clock import local_date
from app.core.db import db, utcnow
from app.core.urls import public_url
from app.moderation import rules
from app.moderation.models import Moderation, ModerationEvent
from app.notifications import delivery
from app.notifications.models import Notification

RECENT_DAYS = 30
DECIDED = ("finalised", "returned")  # the events that tell the auditor something

# The moderation's state in the auditor's words: the audit is theirs.
FOR_THE_AUDITOR = {
    rules.AWAITING_MODERATION: "Awaiting moderation",
    rules.IN_MODERATION: "Being moderated",
    rules.RETURNED: "Returned to you",
    rules.RESUBMITTED: "Awaiting moderation again",
    rules.FINALISED: "Moderated",
}
TAG_CLASSES = {
    rules.AWAITING_MODERATION: "govuk-tag--grey",
    rules.IN_MODERATION: "govuk-tag--blue",
    rules.RETURNED: "govuk-tag--orange",
    rules.RESUBMITTED: "govuk-tag--grey",
    rules.FINALISED: "govuk-tag--green",
}


def direction(auditor_grade: str | None, final_grade: str | None) -> str | None:
    """"raised", "lowered" or "agreed" (on Ofsted's four-point scale); None without both."""
    a, m = audit_rules.POINTS.get(auditor_grade), audit_rules.POINTS.get(final_grade)
    if a is None or m is None:
        return None
    return "agreed" if a == m else "raised" if m > a else "lowered"


def describe_judgement(auditor_grade: str | None, final_grade: str | None) -> str:
    """"Moderated: lowered from Requires improvement to Inadequate", "... raised from ... to
    ...", or "Moderated: agreed, Good"."""
    way = direction(auditor_grade, final_grade)
    final = audit_rules.judgement_label(final_grade)
    if way in ("raised", "lowered"):
        return f"Moderated: {way} from {audit_rules.judgement_label(auditor_grade)} to {final}"
    if way == "agreed":
        return f"Moderated: agreed, {final}"
    return f"Moderated: {final}"


@dataclass(frozen=True)
class GradeChange:
    """One grade the moderator changed, with their reason."""

    what: str  # the question's text, "Section 'Plans'" or "Overall judgement"
    kind: str  # question | section | overall
    auditor_grade: str | None
    moderator_grade: str | None
    reason: str | None

    @property
    def direction(self) -> str | None:
        return direction(self.auditor_grade, self.moderator_grade)

    @property
    def text(self) -> str:
        """"Lowered from Good to Inadequate"."""
        way = (self.direction or "changed").capitalize()
        return (f"{way} from {audit_rules.judgement_label(self.auditor_grade)} "
                f"to {audit_rules.judgement_label(self.moderator_grade)}")


@dataclass(frozen=True)
class Outcome:
    """One audit's moderation as its auditor reads it."""

    audit_id: int
    moderation_id: int
    case_reference: str
    round_name: str
    state: str  # the moderation's state (app.moderation.rules)
    auditor_judgement: str | None  # what the moderator decided on, else the auditor's own now
    final_judgement: str | None  # once finalised
    changes: tuple[GradeChange, ...]  # finalised or returned: each grade changed, overall last
    learning_points: str | None
    decided_at: datetime | None  # finalised, or last returned; None while waiting
    moderator_name: str | None
    return_comments: str | None  # while returned: what to change

    @property
    def finalised(self) -> bool:
        return self.state == rules.FINALISED

    @property
    def returned(self) -> bool:
        return self.state == rules.RETURNED

    @property
    def state_label(self) -> str:
        return FOR_THE_AUDITOR.get(self.state, rules.STATES.get(self.state, self.state))

    @property
    def tag_classes(self) -> str:
        return TAG_CLASSES.get(self.state, "")

    @property
    def direction(self) -> str | None:
        return direction(self.auditor_judgement, self.final_judgement) if self.finalised else None

    @property
    def headline(self) -> str:
        """One line: "Moderated: lowered from Good to Inadequate", "Returned to you", ..."""
        if self.finalised:
            return describe_judgement(self.auditor_judgement, self.final_judgement)
        return self.state_label

    @property
    def decided_on(self) -> str:
        """"3 December 2026" (UK date), or "" while waiting."""
        return local_date(self.decided_at)


def target_text(target: str, tool) -> tuple[str, str]:
    """(kind, as a person reads it) for a decision's target."""
    kind, _, key = target.partition(":")
    try:
        if kind == "question":
            return kind, tool.question(key).text
        if kind == "section":
            return kind, "Section '" + next(s.title for s in tool.sections if s.key == key) + "'"
    except (KeyError, StopIteration):  # a question the tool no longer has: show its key
        return kind, key
    return "overall", "Overall judgement"


def _outcome(m: Moderation, decided_at: datetime | None) -> Outcome:
    shown = m.state in (rules.FINALISED, rules.RETURNED)
    tool = m.audit.tool_version.definition
    overall = next((d for d in m.decisions if d.target == "overall"), None)
    changes = []
    if shown:
        for d in m.decisions:
            if not d.agreed:
                kind, what = target_text(d.target, tool)
                changes.append(GradeChange(what, kind, d.auditor_grade, d.moderator_grade, d.reason))
    changes.sort(key=lambda c: c.kind == "overall")  # the overall judgement last, as on the form
    return Outcome(
        audit_id=m.audit_id, moderation_id=m.id, case_reference=m.audit.case.reference, round_name=m.round.name,
        state=m.state,
        auditor_judgement=overall.auditor_grade if overall is not None and shown else m.audit.auditor_judgement,
        final_judgement=m.final_judgement if m.state == rules.FINALISED else None,
        changes=tuple(changes),
        learning_points=m.learning_points if shown else None,
        decided_at=decided_at if shown else None,
        moderator_name=m.moderator.name if m.moderator and shown else None,
        return_comments=m.return_comments if m.state == rules.RETURNED else None,
    )


def outcomes_for(audit_ids: Iterable[int]) -> dict[int, Outcome]:
    """The moderation outcome of each audit that is in moderation, by audit id, in three
    queries however many audits (audits never selected for moderation are left out)."""
    ids = sorted(set(audit_ids))
    if not ids:
        return {}
    moderations = db.session.scalars(
        select(Moderation).where(Moderation.audit_id.in_(ids)).options(
            selectinload(Moderation.decisions),
            joinedload(Moderation.audit).joinedload(Audit.case),
            joinedload(Moderation.audit).joinedload(Audit.tool_version),
            joinedload(Moderation.round),
            joinedload(Moderation.moderator),
        )
    ).unique().all()
    last = _last_decided({m.id for m in moderations})
    return {m.audit_id: _outcome(m, m.finalised_at if m.state == rules.FINALISED else last.get(m.id))
            for m in moderations}


def _last_decided(moderation_ids: set[int]) -> dict[int, datetime]:
    """When each moderation was last finalised or returned."""
    if not moderation_ids:
        return {}
    rows = db.session.execute(
        select(ModerationEvent.moderation_id, func.max(ModerationEvent.at))
        .where(ModerationEvent.moderation_id.in_(moderation_ids), ModerationEvent.event.in_(DECIDED))
        .group_by(ModerationEvent.moderation_id)
    )
    return dict(rows.all())


def outcome_for(audit: Audit) -> Outcome | None:
    return outcomes_for([audit.id]).get(audit.id)


def recent_for_auditor(user: User, now: datetime | None = None, days: int = RECENT_DAYS) -> list[Outcome]:
    """The auditor's audits finalised or returned to them in the last `days` days (30),
    newest first: for their home page and the top of My audits. An audit returned and then
    resubmitted is left out until it is decided again (it is the moderator's turn)."""
    since = (now or utcnow()) - timedelta(days=days)
    audit_ids = db.session.scalars(
        select(Moderation.audit_id).distinct()
        .join(Audit, Audit.id == Moderation.audit_id)
        .join(ModerationEvent, ModerationEvent.moderation_id == Moderation.id)
        .where(Audit.auditor_id == user.id, Moderation.state.in_((rules.FINALISED, rules.RETURNED)),
               ModerationEvent.event.in_(DECIDED), ModerationEvent.at >= since)
    ).all()
    found = [o for o in outcomes_for(audit_ids).values() if o.decided_at is not None and o.decided_at >= since]
    return sorted(found, key=lambda o: (o.decided_at, o.moderation_id), reverse=True)


# --- Telling the auditor ---------------------------------------------------------------------


def email_body(outcome: Outcome, auditor_name: str, link: str) -> str:
    lines = [f"Dear {auditor_name},", ""]
    case = f"case {outcome.case_reference} ({outcome.round_name})"
    if outcome.finalised:
        lines += [f"{outcome.moderator_name or 'A moderator'} has moderated your audit of {case}.", "",
                  f"Your judgement: {audit_rules.judgement_label(outcome.auditor_judgement)}",
                  f"Final judgement: {audit_rules.judgement_label(outcome.final_judgement)}",
                  outcome.headline + "."]
    else:
        lines += [f"{outcome.moderator_name or 'A moderator'} has returned your audit of {case} to you.", "",
                  "What to change:", outcome.return_comments or ""]
    if outcome.changes:
        lines += ["", "Grades the moderator changed:"]
        for c in outcome.changes:
            lines.append(f"- {c.what}: {c.text.lower()}" + (f". Why: {c.reason}" if c.reason else ""))
    if outcome.learning_points:
        lines += ["", "Learning points:", outcome.learning_points]
    lines += ["", ("See the moderated audit: " if outcome.finalised else "Amend the audit and submit it again: ") + link]
    return "\n".join(lines)


def queue_outcome_email(moderation: Moderation) -> Notification | None:
    """After the moderator finalised or returned `moderation` (flushed, not yet committed):
    an email to its auditor, added to the session to be committed with the decision. The
    caller passes it to `delivery.send_soon` after the commit. None without an auditor."""
    auditor = moderation.audit.auditor
    if auditor is None or not auditor.email:
        return None
    db.session.flush()
    outcome = _outcome(moderation, utcnow())
    if outcome.finalised:
        subject = f"Audit of case {outcome.case_reference} moderated: {outcome.headline.removeprefix('Moderated: ')}"
        link = public_url("audits.audit_view", audit_id=moderation.audit_id)
    else:
        subject = f"Audit of case {outcome.case_reference} returned to you"
        link = public_url("audits.audit", audit_id=moderation.audit_id)
    return delivery.queue_email(kind="moderation", to_email=auditor.email, to_name=auditor.name, user_id=auditor.id,
                                subject=subject, body=email_body(outcome, auditor.name, link))
