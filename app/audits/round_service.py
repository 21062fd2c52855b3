"""Dip-sample rounds: create a round, preview its draw, confirm it (which creates the
audits), assign auditors, and the sample size helper.

The rules of a round:

- A round uses one published (not retired) audit tool version.
- Its cohort is the cases its filter selects now (`case_service.cohort`); its sample is
  drawn from the cohort by `sampling.draw_sample` with the round's recorded seed, so the
  same round previews the same cases every time, and anyone can check the draw.
- Confirming freezes the draw: one audit per sampled case is created, the cohort and
  sample sizes are recorded, and the seed, filter, size, method and tool version can
  never change again (enforced on the row itself, below). Confirming twice does nothing.
- Auditors must be active people with the auditor role. A round may exclude auditors
  from the case's own team. A submitted audit keeps its auditor.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case as sql_case
from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from app.audits import case_service, rules, sampling, states
from app.audits.models import (
    CASE_FLAGS,
    SERVICE_TYPES,
    Audit,
    AuditRound,
    AuditTool,
    AuditToolVersion,
    Case,
)
from app.auth.models import User, UserRole
from app.auth.roles import AUDITOR
from app.core.db import db, utcnow
from app.org.models import District, Team

NAME_MAX = 200  # AuditRound.name
SPEC_MAX = 20  # AuditRound.sample_spec
SEED_MAX = 2**31 - 1  # AuditRound.seed is a 32-bit integer column

FILTER_KEYS = ("service_types", "team_ids", "district_ids", "flags", "open_from", "open_to")

# Plain words for each way of drawing, shown beside the choice.
METHOD_HINTS = {
    sampling.SIMPLE_RANDOM: "Every case in the cohort has the same chance of being picked, like names drawn from a hat.",
    sampling.STRATIFIED: (
        "Each team gets its fair share of the sample, in proportion to how many of the cohort's cases it holds, "
        "and the cases within each team are picked at random."
    ),
    sampling.SYSTEMATIC: (
        "The cases are put in order of reference and every so many is picked (for example every 10th), "
        "starting from a random place."
    ),
}

# Confidence level (%) -> how it is said to a reader.
CONFIDENCE_WORDS = {90: "9 times out of 10", 95: "19 times out of 20", 99: "99 times out of 100"}


class RoundError(ValueError):
    """Something that cannot be done to a round, in words an administrator can act on.
    `field` names the form field it is about, where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class RoundLocked(RoundError):
    """The round's sample is confirmed: its draw can never change."""


# --- The draw is frozen once confirmed, enforced on the row itself -------------------------

_FROZEN_ATTRIBUTES = ("seed", "cohort_filter", "sample_spec", "method", "tool_version_id", "tool_version")


def _locked_message(round_: AuditRound) -> str:
    when = f" on {round_.confirmed_at:%-d %B %Y}" if round_.confirmed_at else ""
    return (
        f"The sample for '{round_.name}' was confirmed{when} and its audits exist, so it can never be drawn again:"
        " its seed, cohort, sample size, method and audit tool cannot change. Create a new round instead."
    )


def _refuse_redraw(target, value, oldvalue, initiator):
    state = inspect(target)
    if state.persistent and target.confirmed_at is not None and value != oldvalue:
        raise RoundLocked(_locked_message(target))
    return value


for _name in _FROZEN_ATTRIBUTES:
    event.listen(getattr(AuditRound, _name), "set", _refuse_redraw, active_history=True, retval=True)


# --- Cohort filters -------------------------------------------------------------------------


def _cohort(filter: dict) -> list[Case]:
    """The cases the filter selects, ordered by reference."""
    return case_service.cohort(filter)


def _as_date(value, key: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RoundError(f"'{value}' is not a date", key) from None


def _ids(values, key: str, model, what: str) -> list[int]:
    try:
        ids = sorted({int(v) for v in values or []})
    except (TypeError, ValueError):
        raise RoundError(f"Choose {what} from the list", key) from None
    if ids:
        found = set(db.session.scalars(select(model.id).where(model.id.in_(ids))))
        if set(ids) - found:
            raise RoundError(f"One of the {what} chosen no longer exists: choose again", key)
    return ids


def normalise_filter(raw: dict | None) -> dict:
    """A cohort filter checked and in its stored shape: every key present, lists sorted,
    dates as ISO text. Raises RoundError naming the field."""
    raw = dict(raw or {})
    unknown = set(raw) - set(FILTER_KEYS)
    if unknown:
        raise RoundError(f"Unknown cohort filter: {', '.join(sorted(unknown))}")
    service_types = list(raw.get("service_types") or [])
    bad = [s for s in service_types if s not in SERVICE_TYPES]
    if bad:
        raise RoundError(f"'{bad[0]}' is not a service type", "service_types")
    flags = list(raw.get("flags") or [])
    bad = [f for f in flags if f not in CASE_FLAGS]
    if bad:
        raise RoundError(f"'{bad[0]}' is not a case flag", "flags")
    open_from = _as_date(raw.get("open_from"), "open_from")
    open_to = _as_date(raw.get("open_to"), "open_to")
    if open_from and open_to and open_from > open_to:
        raise RoundError(
            f"The 'open to' date ({open_to:%-d %B %Y}) must be on or after the 'open from' date ({open_from:%-d %B %Y})",
            "open_to",
        )
    return {
        "service_types": [s for s in SERVICE_TYPES if s in service_types],
        "team_ids": _ids(raw.get("team_ids"), "team_ids", Team, "teams"),
        "district_ids": _ids(raw.get("district_ids"), "district_ids", District, "districts"),
        "flags": [f for f in CASE_FLAGS if f in flags],
        "open_from": open_from.isoformat() if open_from else None,
        "open_to": open_to.isoformat() if open_to else None,
    }


def describe_filter(filter: dict) -> list[tuple[str, str]]:
    """The cohort filter as (what, which) rows a person reads."""
    filter = filter or {}

    def names(model, ids):
        if not ids:
            return []
        return list(db.session.scalars(select(model.name).where(model.id.in_(ids)).order_by(model.name)))

    def dated(value):
        return f"{date.fromisoformat(value):%-d %B %Y}" if value else None

    open_from, open_to = dated(filter.get("open_from")), dated(filter.get("open_to"))
    if open_from and open_to:
        open_text = f"Open at some time from {open_from} to {open_to}"
    elif open_from:
        open_text = f"Open on or after {open_from}"
    elif open_to:
        open_text = f"Open on or before {open_to}"
    else:
        open_text = "Any time"
    service_types = filter.get("service_types") or []
    flags = filter.get("flags") or []
    return [
        ("Service types", ", ".join(f"{SERVICE_TYPES.get(s, s)} ({s})" for s in service_types) or "All"),
        ("Teams", ", ".join(names(Team, filter.get("team_ids"))) or "All"),
        ("Districts", ", ".join(names(District, filter.get("district_ids"))) or "All"),
        ("Flags", ("Any of: " + ", ".join(CASE_FLAGS.get(f, f) for f in flags)) if flags else "Any or none"),
        ("Case open", open_text),
    ]


# --- Checks ---------------------------------------------------------------------------------


def published_versions(multi_agency: bool = False) -> list[AuditToolVersion]:
    """Tool versions a new round may use: published, not retired (nor draft). Multi-agency
    tools (a section per agency) are used by the partnership's rounds only (app/partnership)."""
    versions = db.session.scalars(
        select(AuditToolVersion)
        .join(AuditToolVersion.tool)
        .where(AuditToolVersion.status == rules.PUBLISHED)
        .options(joinedload(AuditToolVersion.tool))
        .order_by(AuditTool.title, AuditToolVersion.version.desc())
    )
    return [v for v in versions if v.definition.multi_agency == multi_agency]


MULTI_AGENCY_MESSAGE = ("This is a multi-agency audit: each agency's part is given to its auditor on the"
                        " multi-agency audit's page")


def _check_tool_version(version: AuditToolVersion | None) -> AuditToolVersion:
    if version is None:
        raise RoundError("Choose the audit tool", "tool_version_id")
    if version.status != rules.PUBLISHED:
        status = rules.TOOL_STATUSES.get(version.status, version.status).lower()
        raise RoundError(
            f"{version.label} is {status}: a round can only use a published version of an audit tool",
            "tool_version_id",
        )
    return version


def _check_spec(spec) -> str:
    text = str(spec if spec is not None else "").strip().replace(" ", "")
    if not text:
        raise RoundError("Enter the sample size, as a number of cases (such as 20) or a percentage (such as 10%)", "sample_spec")
    if len(text) > SPEC_MAX:
        raise RoundError(f"The sample size can be at most {SPEC_MAX} characters", "sample_spec")
    try:
        sampling.sample_size_from(text, 10**9)  # the form of it; the cohort is checked later
    except ValueError as error:
        raise RoundError(_spec_message(str(error)), "sample_spec") from None
    return text


def _spec_message(message: str) -> str:
    if "is not a number or a percentage" in message:
        return message + ": enter a number of cases, such as 20, or a percentage of the cohort, such as 10%"
    return message


def check_seed(seed) -> int:
    """A seed given by a person: a whole number from 0 to 2,147,483,647."""
    if isinstance(seed, str):
        text = seed.strip().replace(",", "")
        try:
            seed = int(text)
        except ValueError:
            raise RoundError(f"The seed must be a whole number, like 48213, not '{seed.strip()}'", "seed") from None
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise RoundError("The seed must be a whole number", "seed")
    if not 0 <= seed <= SEED_MAX:
        raise RoundError(f"The seed must be a whole number from 0 to {SEED_MAX:,}", "seed")
    return seed


def _check_method(method) -> str:
    if method not in sampling.METHODS:
        raise RoundError("Choose how the sample is drawn", "method")
    return method


def _draw_size(spec: str, cohort_size: int) -> int:
    if cohort_size == 0:
        raise RoundError(
            "No cases match this round's cohort: choose more service types, teams or districts, fewer flags, "
            "or wider dates",
            "service_types",
        )
    try:
        return sampling.sample_size_from(spec, cohort_size)
    except ValueError as error:
        message = str(error)
        if "larger than the cohort" in message:
            message = (
                f"The sample size ({spec}) is more than the {cohort_size} case{'' if cohort_size == 1 else 's'} "
                f"in the cohort: enter {cohort_size} or fewer, or widen the cohort"
            )
        raise RoundError(_spec_message(message), "sample_spec") from None


# --- Create ---------------------------------------------------------------------------------


def create_round(
    name: str,
    tool_version: AuditToolVersion | None,
    cohort_filter: dict | None,
    sample_spec,
    method: str,
    seed: int | str | None,
    due_date: date | None,
    exclude_own_team: bool,
    user: User,
) -> AuditRound:
    """A new round, not yet confirmed. A seed not given is made up and recorded. The
    cohort must hold cases now and the sample size must fit it. Sent twice (a double
    submit), the same settings give back the round the first made."""
    name = " ".join((name or "").split())
    if not name:
        raise RoundError("Enter a name for the round", "name")
    if len(name) > NAME_MAX:
        raise RoundError(f"The name can be at most {NAME_MAX} characters", "name")
    _check_tool_version(tool_version)
    filter = normalise_filter(cohort_filter)
    spec = _check_spec(sample_spec)
    method = _check_method(method)
    given_seed = None if seed is None or (isinstance(seed, str) and not seed.strip()) else check_seed(seed)
    _draw_size(spec, len(_cohort(filter)))

    same_name = db.session.scalars(select(AuditRound).where(func.lower(AuditRound.name) == name.lower())).all()
    for other in same_name:
        if (
            not other.confirmed
            and other.created_by_id == user.id
            and other.tool_version_id == tool_version.id
            and other.cohort_filter == filter
            and other.sample_spec == spec
            and other.method == method
            and (given_seed is None or other.seed == given_seed)
            and other.due_date == due_date
            and other.exclude_own_team == bool(exclude_own_team)
        ):
            return other  # the same form sent twice
    if same_name:
        raise RoundError(f"There is already a round called '{same_name[0].name}': choose another name", "name")

    round_ = AuditRound(
        name=name,
        tool_version=tool_version,
        cohort_filter=filter,
        sample_spec=spec,
        method=method,
        seed=sampling.new_seed() if given_seed is None else given_seed,
        due_date=due_date,
        exclude_own_team=bool(exclude_own_team),
        created_by_id=user.id,
    )
    db.session.add(round_)
    db.session.commit()
    return round_


def change_draw(round_: AuditRound, **changes) -> AuditRound:
    """Change what a round draws (seed, cohort_filter, sample_spec, method) before it is
    confirmed. After confirmation this raises RoundLocked, whatever the change."""
    if round_.confirmed:
        raise RoundLocked(_locked_message(round_))
    allowed = {"seed", "cohort_filter", "sample_spec", "method"}
    unknown = set(changes) - allowed
    if unknown:
        raise RoundError(f"Only {', '.join(sorted(allowed))} can be changed, not {', '.join(sorted(unknown))}")
    values = {
        "seed": check_seed(changes["seed"]) if "seed" in changes else round_.seed,
        "cohort_filter": normalise_filter(changes["cohort_filter"]) if "cohort_filter" in changes else round_.cohort_filter,
        "sample_spec": _check_spec(changes["sample_spec"]) if "sample_spec" in changes else round_.sample_spec,
        "method": _check_method(changes["method"]) if "method" in changes else round_.method,
    }
    _draw_size(values["sample_spec"], len(_cohort(values["cohort_filter"])))
    # Claim the change only while the round is still unconfirmed (a confirm may be racing).
    done = db.session.execute(
        update(AuditRound)
        .where(AuditRound.id == round_.id, AuditRound.confirmed_at.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not done:
        db.session.rollback()
        db.session.refresh(round_)
        raise RoundLocked(_locked_message(round_))
    db.session.commit()
    db.session.refresh(round_)
    return round_


# --- Preview --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StratumRow:
    team: str
    cohort: int
    sample: int


@dataclass
class Preview:
    """What a round would draw now: its cohort, the draw, and the sampled cases."""

    cohort: list[Case]
    result: sampling.SampleResult
    cases: list[Case]  # the sampled cases, by reference

    @property
    def cohort_size(self) -> int:
        return len(self.cohort)

    @property
    def sample_size(self) -> int:
        return len(self.cases)

    @property
    def references(self) -> list[str]:
        return [c.reference for c in self.cases]

    @property
    def allocation(self) -> list[StratumRow] | None:
        """Stratified rounds: per team, cases in the cohort and in the sample."""
        if self.result.allocation is None:
            return None
        return [StratumRow(team, a.cohort, a.sample) for team, a in self.result.allocation.items()]

    @property
    def fingerprint(self) -> str:
        """Names exactly this draw: confirming checks the person saw the sample it creates."""
        text = f"{self.result.method}:{self.result.seed}:{self.cohort_size}:" + ",".join(self.references)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def preview(round_: AuditRound) -> Preview:
    """The round's cohort and sample, drawn now from its recorded settings. The same
    round (or another with the same seed, filter, size and method) gives the same
    cases while the cohort is the same. Raises RoundError for an empty cohort or a
    sample size the cohort cannot hold."""
    cohort = _cohort(round_.cohort_filter or {})
    size = _draw_size(round_.sample_spec, len(cohort))
    by_reference = {c.reference: c for c in cohort}
    try:
        result = sampling.draw_sample(
            list(by_reference),
            size,
            round_.method,
            round_.seed,
            stratum=lambda reference: by_reference[reference].team.name,
        )
    except ValueError as error:
        raise RoundError(str(error)) from None
    return Preview(cohort=cohort, result=result, cases=[by_reference[r] for r in result.cases])


# --- Confirm --------------------------------------------------------------------------------


def confirm(round_: AuditRound, user: User, expected: str | None = None) -> bool:
    """Confirm the round's sample: one audit per sampled case (the round's tool version
    and due date, not started, no auditor), and the cohort and sample sizes recorded.

    Returns True when this call confirmed it; False when it was confirmed already (a
    double click, or two people at once): nothing more is done. With `expected` (the
    fingerprint of the preview the person saw), a draw that has changed since (new
    cases imported) is refused rather than confirmed unseen.
    """
    if round_.confirmed:
        return False
    _check_tool_version(round_.tool_version)
    drawn = preview(round_)
    if expected is not None and expected != drawn.fingerprint:
        raise RoundError(
            "The cases in this round's cohort have changed since the sample was shown, so the sample has changed too."
            " Check the sample below and confirm it again."
        )
    try:
        # Only one confirmation can claim the round: a second finds it confirmed and stops.
        claimed = db.session.execute(
            update(AuditRound)
            .where(AuditRound.id == round_.id, AuditRound.confirmed_at.is_(None))
            .values(
                confirmed_at=utcnow(),
                confirmed_by_id=user.id,
                cohort_size=drawn.cohort_size,
                sample_size=drawn.sample_size,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            db.session.rollback()
            db.session.refresh(round_)
            return False
        db.session.add_all(
            Audit(
                round_id=round_.id,
                case_id=case.id,
                tool_version_id=round_.tool_version_id,
                due_date=round_.due_date,
                state=states.NOT_STARTED,
                auditor_id=None,
            )
            for case in drawn.cases
        )
        db.session.commit()
    except IntegrityError:
        # Another request confirmed it between our check and our insert.
        db.session.rollback()
        db.session.refresh(round_)
        return False
    db.session.expire(round_)
    return True


# --- Auditors -------------------------------------------------------------------------------


def auditors() -> list[User]:
    """Everyone who may be given audits: active, with the auditor role, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == AUDITOR, User.active.is_(True))
            .options(joinedload(User.team))
            .order_by(User.name, User.id)
        ).unique()
    )


def _by_name(people) -> list[User]:
    return sorted(people, key=lambda u: (u.name.lower(), u.id))


def _check_auditor(auditor: User) -> None:
    if not auditor.active:
        raise RoundError(f"{auditor.name}'s account is deactivated: choose someone else", "auditor_id")
    if not auditor.has_role(AUDITOR):
        raise RoundError(f"{auditor.name} is not an auditor: choose someone with the auditor role", "auditor_id")


def _own_team(auditor: User, audit: Audit, exclude_own_team: bool) -> bool:
    return bool(exclude_own_team) and auditor.team_id is not None and auditor.team_id == audit.case.team_id


def _own_team_message(auditor: User, audit: Audit) -> str:
    return (
        f"{auditor.name} works in {audit.case.team.name}, the team that holds case {audit.case.reference}."
        " This round does not let auditors audit their own team's cases: choose someone from another team."
    )


def may_audit(auditor: User, audit: Audit) -> bool:
    """Whether `auditor` may be given `audit` under its round's own-team rule."""
    return auditor.active and auditor.has_role(AUDITOR) and not _own_team(auditor, audit, audit.round.exclude_own_team)


def eligible_auditors(audit: Audit, people: list[User] | None = None) -> list[User]:
    """The auditors `audit` may be given, by name."""
    return [u for u in (auditors() if people is None else people) if may_audit(u, audit)]


def assign(audit: Audit, auditor: User | None, exclude_own_team: bool | None = None) -> bool:
    """Give `audit` to `auditor` (None takes it away). Refuses a submitted audit, someone
    who is not an active auditor, and, where the round excludes the case's own team,
    someone in that team. `exclude_own_team` defaults to the round's setting. Returns
    whether anything changed."""
    if exclude_own_team is None:
        exclude_own_team = audit.round.exclude_own_team
    if not audit.editable:
        raise RoundError(
            f"The audit of case {audit.case.reference} has been submitted, so it stays with "
            f"{audit.auditor.name if audit.auditor else 'its auditor'}",
            "auditor_id",
        )
    if auditor is not None:
        if audit.tool_version.definition.multi_agency:
            raise RoundError(MULTI_AGENCY_MESSAGE, "auditor_id")
        _check_auditor(auditor)
        if _own_team(auditor, audit, exclude_own_team):
            raise RoundError(_own_team_message(auditor, audit), "auditor_id")
    new_id = auditor.id if auditor is not None else None
    if audit.auditor_id == new_id:
        return False
    audit.auditor_id = new_id
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise RoundError(
            f"The audit of case {audit.case.reference} was changed by someone else while you were assigning it."
            " Look at it again and choose its auditor again.",
            "auditor_id",
        ) from None
    db.session.expire(audit, ["auditor"])
    return True


@dataclass
class SpreadResult:
    """What spread_evenly did: new audits per auditor (by name), and the audits no chosen
    auditor was allowed to take."""

    assigned: list[tuple[User, int]] = field(default_factory=list)
    unassignable: list[Audit] = field(default_factory=list)
    totals: dict[int, int] = field(default_factory=dict)  # auditor id -> audits in the round after

    @property
    def count(self) -> int:
        return sum(n for _, n in self.assigned)


def spread_evenly(round_: AuditRound, chosen: list[User]) -> SpreadResult:
    """Give the round's unassigned audits to the chosen auditors as evenly as possible,
    counting what each already has in the round: each audit goes to the allowed auditor
    with the fewest, ties in turn by name. Audits only some auditors may take (own-team
    rule) are placed first. An audit no chosen auditor may take is left unassigned and
    reported. Deterministic: audits by case reference, auditors by name."""
    if not round_.confirmed:
        raise RoundError("Confirm the sample before giving out its audits")
    if round_.tool_version.definition.multi_agency:
        raise RoundError(MULTI_AGENCY_MESSAGE)
    people = _by_name({u.id: u for u in chosen}.values())
    if not people:
        raise RoundError("Choose at least one auditor to share the audits between", "auditors")
    for person in people:
        _check_auditor(person)
        if person.id is None:
            raise RoundError("Choose auditors from the list", "auditors")
    exclude = round_.exclude_own_team
    audits = list(
        db.session.scalars(
            select(Audit)
            .where(Audit.round_id == round_.id)
            .options(joinedload(Audit.case).joinedload(Case.team))
        )
    )
    counts = {u.id: 0 for u in people}
    for audit in audits:
        if audit.auditor_id in counts:
            counts[audit.auditor_id] += 1
    pending = sorted(
        (a for a in audits if a.auditor_id is None and a.editable), key=lambda a: a.case.reference
    )
    allowed = {a.id: [u for u in people if not _own_team(u, a, exclude)] for a in pending}
    unassignable = [a for a in pending if not allowed[a.id]]
    placeable = sorted((a for a in pending if allowed[a.id]), key=lambda a: (len(allowed[a.id]), a.case.reference))

    order = {u.id: i for i, u in enumerate(people)}
    given: dict[int, User] = {}
    turn = 0  # round-robin: ties go to the next auditor after the last one given an audit
    for audit in placeable:
        best = min(allowed[audit.id], key=lambda u: (counts[u.id], (order[u.id] - turn) % len(people)))
        given[audit.id] = best
        counts[best.id] += 1
        turn = (order[best.id] + 1) % len(people)

    # Even out what the greedy pass left uneven where a single move can do it.
    moved = True
    while moved:
        moved = False
        for audit in sorted(placeable, key=lambda a: a.case.reference):
            holder = given[audit.id]
            target = min(allowed[audit.id], key=lambda u: (counts[u.id], order[u.id]))
            if counts[target.id] <= counts[holder.id] - 2:
                given[audit.id] = target
                counts[holder.id] -= 1
                counts[target.id] += 1
                moved = True

    for audit in placeable:
        audit.auditor_id = given[audit.id].id
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise RoundError(
            "Someone changed this round's audits while you were sharing them out. Look at the round again and try again."
        ) from None
    new = {u.id: 0 for u in people}
    for audit in placeable:
        new[given[audit.id].id] += 1
    return SpreadResult(
        assigned=[(u, new[u.id]) for u in people],
        unassignable=sorted(unassignable, key=lambda a: a.case.reference),
        totals=dict(counts),
    )


# --- The rounds list ------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundProgress:
    audits: int
    assigned: int
    submitted: int


def progress() -> dict[int, RoundProgress]:
    """Per round id: its audits, how many have an auditor, how many are submitted."""
    rows = db.session.execute(
        select(
            Audit.round_id,
            func.count(Audit.id),
            func.count(Audit.auditor_id),
            func.sum(sql_case((Audit.state == states.SUBMITTED, 1), else_=0)),
        ).group_by(Audit.round_id)
    )
    return {rid: RoundProgress(total, assigned, int(submitted or 0)) for rid, total, assigned, submitted in rows}


def rounds() -> list[AuditRound]:
    """Every round, newest first."""
    return list(
        db.session.scalars(
            select(AuditRound)
            .options(joinedload(AuditRound.tool_version).joinedload(AuditToolVersion.tool))
            .order_by(AuditRound.created_at.desc(), AuditRound.id.desc())
        )
    )


def round_audits(round_: AuditRound) -> list[Audit]:
    """The round's audits, by case reference."""
    return list(
        db.session.scalars(
            select(Audit)
            .join(Audit.case)
            .where(Audit.round_id == round_.id)
            .options(joinedload(Audit.case).joinedload(Case.team), joinedload(Audit.auditor))
            .order_by(Case.reference)
        )
    )


# --- How many cases to audit ----------------------------------------------------------------


@dataclass(frozen=True)
class SampleAdvice:
    needed: int
    cohort: int
    margin_points: float
    confidence: int

    @property
    def margin_text(self) -> str:
        return f"{self.margin_points:g}"

    @property
    def sentence(self) -> str:
        cases = "case" if self.cohort == 1 else "cases"
        return (
            f"You need to audit {self.needed:,} of {self.cohort:,} {cases} to know the % judged good or better"
            f" to within ±{self.margin_text} percentage points, {CONFIDENCE_WORDS[self.confidence]}."
        )


def sample_size_advice(cohort_size: int, margin_points: float, confidence: int = 95) -> SampleAdvice:
    """How many of `cohort_size` cases to audit to know a percentage within
    ±`margin_points` percentage points at `confidence`% (90, 95 or 99), assuming
    nothing about the answer (50%, which needs the most)."""
    if confidence not in CONFIDENCE_WORDS:
        raise RoundError("Choose how sure you need to be: 90%, 95% or 99%", "confidence")
    if isinstance(cohort_size, bool) or not isinstance(cohort_size, int) or cohort_size < 1:
        raise RoundError("Enter the number of cases in the cohort, a whole number of 1 or more", "cohort")
    if not 0 < margin_points < 50:
        raise RoundError("Enter a margin of error more than 0 and less than 50 percentage points", "margin")
    needed = sampling.sample_size_for_proportion(cohort_size, margin_points / 100, confidence / 100)
    return SampleAdvice(needed, cohort_size, margin_points, confidence)
