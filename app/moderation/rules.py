"""Rules of moderation. Plain values in, plain values out: no Flask, no database.

Four parts:

1. **States.** An audit selected for moderation is *awaiting moderation* until a moderator
   claims it (*in moderation*). The moderator either finalises it (*finalised*, which is
   final) or returns it to the auditor (*returned*); the auditor amends it and resubmits it
   (*resubmitted*) to the SAME moderator, who claims it again. A moderator can release an
   audit they have claimed back to the pool, and a lead can reassign an audit to another
   moderator without changing its state. `next_state(state, event)` applies the table
   `TRANSITIONS` and raises `IllegalTransition` ("An audit that is finalised cannot be
   returned") for anything else; `check_claim` adds the same-moderator rule.

2. **Selection.** `select_for_moderation(audits, policy, seed)` picks the audits to moderate
   under a `ModerationPolicy` that combines any of: every audit; a random share; every audit
   judged Inadequate or Outstanding (the extremes); the first N audits by each auditor. The
   random draw for an audit depends only on the seed and the audit's id (a SHA-256 hash),
   so the same seed gives the same selection whatever order the audits come in, and an
   audit's draw never changes when other audits are added later.

3. **Working days** (app/moderation/working_days.py, re-exported here). Monday to Friday, less England's bank holidays (the `holidays`
   package's list, kept up to date upstream, with substitute days: see app.core.clock), or
   the days the caller passes instead (`holidays=()` for none). Good Friday and Easter
   Monday are not working days. Dates and datetimes are both accepted; a datetime counts as
   its own calendar date, so pass UK (Europe/London) dates: callers turn a stored UTC moment
   into its UK date first (app.core.clock.local_day), so 00:30 on 16 July in the UK is 16 July. `working_days_between(start, end)` counts the working days AFTER
   `start` up to and including `end`: submitted on Monday, moderated on Tuesday is 1 working
   day; moderated the same day is 0. The moderation target is 10 working days from
   submission: `due_by(start, 10)` is the date the 10th working day falls on, and an audit
   is overdue once more than 10 working days have passed, i.e. from the first working day
   after that date (a weekend straight after the due date does not make it late).

4. **Agreement** (app/moderation/agreement.py, re-exported here). How far moderators agree with auditors on the four-point scale: the share
   of exact agreement, how many grades moderators raised or lowered and by how many grades,
   and Cohen's kappa (unweighted, or weighted linearly or quadratically) over the fixed
   ordered categories Inadequate < Requires improvement < Good < Outstanding, with a
   warning when there are too few pairs to rely on. Then the time from submission to
   moderation: median and 90th percentile in working days and the share within target.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from numbers import Real
from typing import Any, NamedTuple

from app.audits.grades import INADEQUATE, JUDGEMENTS, OUTSTANDING, normalise_judgement
from app.moderation.agreement import (
    CATEGORIES,
    DEFAULT_MIN_PAIRS,
    LINEAR,
    QUADRATIC,
    WEIGHTS,
    GradeChanges,
    KappaResult,
    ModerationTimes,
    agreement_rate,
    cohen_kappa,
    days_to_moderation,
    grade_changes,
    kappa_weight,
    median,
    percentile,
)
from app.moderation.grade_words import grade_label as _grade_label, grade_of as _grade
from app.moderation.working_days import (
    DEFAULT_TARGET_DAYS,
    due_by,
    is_overdue,
    is_working_day,
    working_days_between,
)

# Parts 3 and 4 live in working_days.py and agreement.py; callers still read them as rules.X.
__all__ = [
    "ACTORS", "AWAITING_MODERATION", "AuditRecord", "CLAIM", "EVENTS", "FINALISE", "FINALISED",
    "IN_MODERATION", "IllegalTransition", "ModerationPolicy", "REASSIGN", "RELEASE", "RESUBMIT",
    "RESUBMITTED", "RETURN", "RETURNED", "STATES", "SelectedAudit", "Selection", "TERMINAL_STATES",
    "TRANSITIONS", "allowed_events", "check_claim", "is_terminal", "missing_change_reasons", "next_state",
    "random_draw", "select_for_moderation", "CATEGORIES", "DEFAULT_MIN_PAIRS", "LINEAR", "QUADRATIC",
    "WEIGHTS", "GradeChanges", "KappaResult", "ModerationTimes", "agreement_rate", "cohen_kappa",
    "days_to_moderation", "grade_changes", "kappa_weight", "median", "percentile", "DEFAULT_TARGET_DAYS",
    "due_by", "is_overdue", "is_working_day", "working_days_between",
]

# --- 1. Moderation states -----------------------------------------------------------------

AWAITING_MODERATION = "awaiting_moderation"
IN_MODERATION = "in_moderation"
RETURNED = "returned"
RESUBMITTED = "resubmitted"
FINALISED = "finalised"

STATES = {
    AWAITING_MODERATION: "Awaiting moderation",
    IN_MODERATION: "In moderation",
    RETURNED: "Returned to the auditor",
    RESUBMITTED: "Resubmitted",
    FINALISED: "Finalised",
}
TERMINAL_STATES = (FINALISED,)

CLAIM = "claim"  # a moderator takes the audit on (or takes a resubmitted audit back)
RELEASE = "release"  # the moderator puts an audit they claimed back in the pool
RETURN = "return"  # the moderator sends it back to the auditor to amend
RESUBMIT = "resubmit"  # the auditor sends the amended audit back to the same moderator
FINALISE = "finalise"  # the moderator confirms the moderated grades; nothing changes after
REASSIGN = "reassign"  # a lead gives the audit to another moderator; the state stays

EVENTS = {
    CLAIM: "Claim",
    RELEASE: "Release",
    RETURN: "Return to the auditor",
    RESUBMIT: "Resubmit",
    FINALISE: "Finalise",
    REASSIGN: "Reassign",
}
# Who takes each step (for views to check; the table does not know who is acting).
ACTORS = {
    CLAIM: "moderator",
    RELEASE: "moderator",
    RETURN: "moderator",
    RESUBMIT: "auditor",
    FINALISE: "moderator",
    REASSIGN: "lead",
}

# (from, event) -> to
TRANSITIONS = {
    (AWAITING_MODERATION, CLAIM): IN_MODERATION,
    (IN_MODERATION, RELEASE): AWAITING_MODERATION,
    (IN_MODERATION, RETURN): RETURNED,
    (IN_MODERATION, FINALISE): FINALISED,
    (RETURNED, RESUBMIT): RESUBMITTED,
    (RESUBMITTED, CLAIM): IN_MODERATION,  # only by the moderator who returned it: check_claim
    (IN_MODERATION, REASSIGN): IN_MODERATION,
    (RETURNED, REASSIGN): RETURNED,
    (RESUBMITTED, REASSIGN): RESUBMITTED,
}

_PAST = {
    CLAIM: "claimed",
    RELEASE: "released",
    RETURN: "returned",
    RESUBMIT: "resubmitted",
    FINALISE: "finalised",
    REASSIGN: "reassigned",
}
_STATE_WORDS = {
    AWAITING_MODERATION: "awaiting moderation",
    IN_MODERATION: "in moderation",
    RETURNED: "returned to the auditor",
    RESUBMITTED: "resubmitted",
    FINALISED: "finalised",
}


class IllegalTransition(ValueError):
    """A move the moderation states do not allow; str() is a sentence for the user."""


def next_state(state: str, event: str) -> str:
    """The state after `event`; raises IllegalTransition with a plain message if not allowed."""
    if state not in STATES:
        raise IllegalTransition(f"'{state}' is not a moderation state")
    if event not in EVENTS:
        raise IllegalTransition(f"'{event}' is not a moderation step")
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise IllegalTransition(f"An audit that is {_STATE_WORDS[state]} cannot be {_PAST[event]}") from None


def allowed_events(state: str) -> list[str]:
    """The events allowed from `state`, in the order of `EVENTS` (for buttons)."""
    return [event for event in EVENTS if (state, event) in TRANSITIONS]


def is_terminal(state: str) -> bool:
    return state in TERMINAL_STATES


def check_claim(state: str, moderator_id: Any, assigned_moderator_id: Any = None) -> str:
    """The state after `moderator_id` claims the audit, or IllegalTransition.

    Any moderator may claim an audit awaiting moderation. A resubmitted audit goes back to
    the moderator it is assigned to (the one who returned it, unless a lead reassigned it).
    """
    new_state = next_state(state, CLAIM)
    if state == RESUBMITTED and assigned_moderator_id is not None and moderator_id != assigned_moderator_id:
        raise IllegalTransition("This audit was resubmitted to another moderator: only they can claim it")
    return new_state


def missing_change_reasons(decisions: Iterable[tuple[str, Any, Any, str | None]]) -> list[str]:
    """Problems with a moderator's decisions, one sentence each, in the order given.

    Each decision is (what, auditor's grade, moderator's grade, reason): `what` names the
    question, section or "Overall judgement"; a moderator's grade of None (or the same as
    the auditor's) means they agree. A changed grade needs a reason.
    """
    problems = []
    for what, auditor, moderator, reason in decisions:
        before, after = _grade(auditor), _grade(moderator)
        if after is None or after == before:
            continue
        if reason is None or not str(reason).strip():
            problems.append(
                f"{what}: give a reason for changing {_grade_label(before)} to {_grade_label(after)}"
            )
    return problems


# --- 2. Selection for moderation -----------------------------------------------------------


class AuditRecord(NamedTuple):
    """What selection needs to know about a submitted audit."""

    id: Any
    auditor_id: Any
    submitted_at: date | datetime
    judgement: str | None  # the auditor's overall judgement (legacy words accepted)


@dataclass(frozen=True)
class ModerationPolicy:
    """Which audits are moderated: any combination of the four rules (at least one).

    - `all`: every audit;
    - `random_share`: each audit with this probability (0 < share <= 1), drawn from the seed;
    - `extremes`: every audit judged Inadequate or Outstanding;
    - `first_n_per_auditor`: the first N audits submitted by each auditor (by submission
      time, then id) among the audits passed in: pass an auditor's earlier audits too if
      "first" means their first ever.
    """

    all: bool = False
    random_share: float | None = None
    extremes: bool = False
    first_n_per_auditor: int | None = None

    def __post_init__(self):
        share = self.random_share
        if share is not None and (isinstance(share, bool) or not isinstance(share, Real) or not 0 < share <= 1):
            raise ValueError(f"The random share must be more than 0 and at most 1 (20% is 0.2), not {share!r}")
        n = self.first_n_per_auditor
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise ValueError(f"The number of first audits per auditor must be a whole number of 1 or more, not {n!r}")
        if not (self.all or share is not None or self.extremes or n is not None):
            raise ValueError("A moderation policy needs at least one rule")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> ModerationPolicy:
        """From a stored setting such as {"random_share": 0.2, "extremes": true}."""
        unknown = set(values) - {"all", "random_share", "extremes", "first_n_per_auditor"}
        if unknown:
            raise ValueError(f"Unknown moderation policy setting(s): {', '.join(sorted(unknown))}")
        return cls(
            all=bool(values.get("all", False)),
            random_share=values.get("random_share"),
            extremes=bool(values.get("extremes", False)),
            first_n_per_auditor=values.get("first_n_per_auditor"),
        )

    def describe(self) -> str:
        """The policy in a sentence: "A random 20% of audits and every audit judged ..."."""
        if self.all:
            return "Every audit is moderated."
        parts = []
        if self.random_share is not None:
            parts.append(f"a random {_percent(self.random_share)} of audits")
        if self.extremes:
            parts.append("every audit judged Inadequate or Outstanding")
        if self.first_n_per_auditor is not None:
            n = self.first_n_per_auditor
            parts.append("each auditor's first audit" if n == 1 else f"the first {n} audits by each auditor")
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Moderated: {text}."


@dataclass(frozen=True)
class SelectedAudit:
    id: Any
    reasons: tuple[str, ...]  # why it was selected, in the order all, random, extremes, first N


@dataclass(frozen=True)
class Selection:
    """The audits selected, in order of submission (then id), each with its reasons."""

    selected: tuple[SelectedAudit, ...]
    considered: int  # how many audits were looked at
    policy: ModerationPolicy
    seed: int | str

    @property
    def ids(self) -> tuple:
        return tuple(s.id for s in self.selected)

    @property
    def reasons(self) -> dict[Any, tuple[str, ...]]:
        return {s.id: s.reasons for s in self.selected}

    def __contains__(self, audit_id) -> bool:
        return any(s.id == audit_id for s in self.selected)

    def __len__(self) -> int:
        return len(self.selected)

    def __iter__(self):
        return iter(self.selected)


def random_draw(seed: int | str, audit_id: Any) -> float:
    """The audit's draw in [0, 1): the first 8 bytes of sha256(f"{seed}:{audit_id}").

    It depends on nothing but the seed and the id, so it is the same in every process and
    whichever other audits exist.
    """
    digest = hashlib.sha256(f"{_check_seed(seed)}:{audit_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def select_for_moderation(audits: Iterable[Any], policy: ModerationPolicy, seed: int | str) -> Selection:
    """Select audits for moderation under `policy`, reproducibly from `seed`.

    `audits` are `AuditRecord`s, or any objects or mappings with `id`, `auditor_id`,
    `submitted_at` and `judgement`, in any order; ids must be unique. Reasons read
    "every audit is moderated", "random 20%", "judged Inadequate",
    "one of the first 3 audits by this auditor".
    """
    seed = _check_seed(seed)
    records = [_record(a) for a in audits]
    records.sort(key=lambda r: (r.submitted_at, _id_key(r.id)))
    seen = set()
    for r in records:
        if r.id in seen:
            raise ValueError(f"Audit {r.id!r} is listed twice")
        seen.add(r.id)

    first_n = set()
    if policy.first_n_per_auditor is not None:
        counts: dict[Any, int] = {}
        for r in records:  # already in submission order
            counts[r.auditor_id] = counts.get(r.auditor_id, 0) + 1
            if counts[r.auditor_id] <= policy.first_n_per_auditor:
                first_n.add(r.id)

    selected = []
    for r in records:
        reasons = []
        if policy.all:
            reasons.append("every audit is moderated")
        if policy.random_share is not None and random_draw(seed, r.id) < policy.random_share:
            reasons.append(f"random {_percent(policy.random_share)}")
        if policy.extremes and r.judgement in (INADEQUATE, OUTSTANDING):
            reasons.append(f"judged {JUDGEMENTS[r.judgement]}")
        if r.id in first_n:
            n = policy.first_n_per_auditor
            reasons.append("the first audit by this auditor" if n == 1 else f"one of the first {n} audits by this auditor")
        if reasons:
            selected.append(SelectedAudit(r.id, tuple(reasons)))
    return Selection(tuple(selected), len(records), policy, seed)


def _check_seed(seed: Any) -> int | str:
    if isinstance(seed, bool) or not isinstance(seed, (int, str)):
        raise TypeError(f"The seed must be a whole number or a string, not {seed!r}")
    return seed


def _record(audit: Any) -> AuditRecord:
    if isinstance(audit, Mapping):
        get = audit.get
    else:
        def get(name, default=None):
            return getattr(audit, name, default)
    audit_id = get("id")
    if audit_id is None:
        raise ValueError(f"An audit to select from has no id: {audit!r}")
    submitted_at = get("submitted_at")
    if submitted_at is None:
        raise ValueError(f"Audit {audit_id!r} has not been submitted, so it cannot be selected for moderation")
    return AuditRecord(audit_id, get("auditor_id"), submitted_at, normalise_judgement(get("judgement")))


def _id_key(audit_id: Any) -> tuple:
    if isinstance(audit_id, Real) and not isinstance(audit_id, bool):
        return (0, audit_id, "")
    return (1, 0, str(audit_id))


def _percent(share: float) -> str:
    """0.2 -> "20%", 0.125 -> "12.5%", 1/3 -> "33.3%"."""
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"
