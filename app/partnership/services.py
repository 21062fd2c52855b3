"""Multi-agency audits: start one (a dip-sample round drawn and confirmed by the same
machinery as any round), give each agency's part to an auditor, save and submit a part, the
lead's joint judgement, and actions owned by an agency. Rules: app/partnership/rules.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.audits import action_service, audit_service, round_service, sampling, states
from app.audits import rules as audit_rules
from app.audits.models import Audit, AuditRound, AuditToolVersion
from app.auth.models import User, UserRole
from app.auth.roles import ADMIN, AUDITOR, PARTNER_AUDITOR
from app.core.db import db, utcnow
from app.org.models import Agency, District, Locality
from app.partnership import rules
from app.partnership.models import IN_PROGRESS, NOT_STARTED, SUBMITTED, THEMES, AuditPart, MultiAgencyRound


class Refused(ValueError):
    """Bad input: the messages by field; nothing was saved."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class NotAllowed(Exception):
    pass


class EditConflict(Exception):
    """The part was saved by someone else (or another window) since it was opened."""


# --- Reading ------------------------------------------------------------------------------


def multi_agency_versions() -> list[AuditToolVersion]:
    return round_service.published_versions(multi_agency=True)


def all_rounds() -> list[MultiAgencyRound]:
    return list(db.session.scalars(select(MultiAgencyRound).order_by(MultiAgencyRound.created_at.desc(),
                                                                     MultiAgencyRound.id.desc())))


def for_round(round_id: int) -> MultiAgencyRound | None:
    return db.session.scalar(select(MultiAgencyRound).where(MultiAgencyRound.round_id == round_id))


def for_audit(audit: Audit) -> MultiAgencyRound | None:
    return for_round(audit.round_id)


def parts_of(audit: Audit) -> list[AuditPart]:
    """The audit's agency parts, in the tool's order."""
    order = [s.key for s in audit.tool_version.definition.sections]
    parts = db.session.scalars(select(AuditPart).where(AuditPart.audit_id == audit.id)).all()
    return sorted(parts, key=lambda p: order.index(p.section_key))


def my_parts(user: User) -> list[AuditPart]:
    """The parts given to this person, not yet submitted first."""
    parts = db.session.scalars(select(AuditPart).where(AuditPart.auditor_id == user.id).order_by(AuditPart.id)).all()
    return sorted(parts, key=lambda p: (p.submitted, p.id))


def has_work(user: User) -> bool:
    """A part given to this person, or a multi-agency audit they lead."""
    return bool(db.session.scalar(select(AuditPart.id).where(AuditPart.auditor_id == user.id).limit(1))
                or db.session.scalar(select(MultiAgencyRound.id).where(MultiAgencyRound.lead_auditor_id == user.id).limit(1)))


def lead_audits(user: User) -> list[Audit]:
    """The case audits this person leads."""
    rounds = db.session.scalars(select(MultiAgencyRound.round_id).where(MultiAgencyRound.lead_auditor_id == user.id)).all()
    if not rounds:
        return []
    return list(db.session.scalars(select(Audit).where(Audit.round_id.in_(rounds)).order_by(Audit.id)))


def reports_for(user: User) -> list[MultiAgencyRound]:
    return [m for m in all_rounds() if rules.may_read_report(user, m.lead_auditor_id, [a.id for a in m.agencies])]


def lead_candidates() -> list[User]:
    """Council auditors and administrators may lead a multi-agency audit."""
    return list(db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_((AUDITOR, ADMIN)), User.active.is_(True), User.agency_id.is_(None))
        .order_by(User.name, User.id)).unique())


def candidates(mround: MultiAgencyRound, part: AuditPart) -> list[User]:
    """Who may be given this part (rules.may_do_section)."""
    section = part.section
    role = AUDITOR if section.agency == rules.LOCAL_AUTHORITY else PARTNER_AUDITOR
    people = db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == role, User.active.is_(True)).order_by(User.name, User.id)).unique()
    agency_ids = [a.id for a in mround.agencies]
    return [u for u in people if rules.may_do_section(u, section.agency, u.agency.kind if u.agency else None,
                                                      u.agency_id, agency_ids)]


# --- Starting a multi-agency audit -----------------------------------------------------------------


def start(*, name: str, theme: str, tool_version: AuditToolVersion | None, agency_ids: list[int],
          place: str, sample_spec: str, due_date: date | None, lead_auditor_id: int | None, user: User,
          seed: int | None = None) -> MultiAgencyRound:
    """A multi-agency audit: its round drawn from the cases of the commissioning district or
    locality and confirmed, with a part per case for each agency section taking part.
    `place` is "district-<id>" or "locality-<id>". Raises Refused; nothing is saved then."""
    errors: dict[str, str] = {}
    if theme not in THEMES:
        errors["theme"] = "Choose the theme of the audit"
    if tool_version is None or not tool_version.definition.multi_agency:
        errors["tool_version_id"] = "Choose a multi-agency audit tool"
    agencies = [db.session.get(Agency, i) for i in agency_ids]
    agencies = [a for a in agencies if a is not None and a.active]
    if not agencies:
        errors["agency_ids"] = "Choose the agencies taking part"
    district = locality = None
    kind, _, ident = (place or "").partition("-")
    if kind == "district" and ident.isdigit():
        district = db.session.get(District, int(ident))
    elif kind == "locality" and ident.isdigit():
        locality = db.session.get(Locality, int(ident))
    if district is None and locality is None:
        errors["place"] = "Choose the district quality assurance group it is commissioned through"
    lead = db.session.get(User, lead_auditor_id) if lead_auditor_id else None
    if lead is None or lead not in lead_candidates():
        errors["lead_auditor_id"] = "Choose the lead auditor"
    if errors:
        raise Refused(errors)
    district_ids = [district.id] if district else [d.id for d in locality.districts]
    try:
        round_ = round_service.create_round(name, tool_version, {"district_ids": district_ids}, sample_spec,
                                            sampling.SIMPLE_RANDOM, seed, due_date, False, user)
        if for_round(round_.id) is not None:  # the same form sent twice
            return for_round(round_.id)
        round_service.confirm(round_, user)
    except round_service.RoundError as error:
        db.session.rollback()
        raise Refused({_FIELDS.get(error.field, "name"): str(error)}) from None
    mround = MultiAgencyRound(round_id=round_.id, theme=theme, district=district, locality=locality,
                              lead_auditor=lead, agencies=agencies)
    db.session.add(mround)
    tool = tool_version.definition
    sections = rules.sections_in_round(tool, [a.kind for a in agencies])
    for audit in round_.audits:
        for section in sections:
            same_kind = [a for a in agencies if a.kind == section.agency]
            db.session.add(AuditPart(audit=audit, section_key=section.key, state=NOT_STARTED, answers={}, evidence={},
                                     agency=same_kind[0] if len(same_kind) == 1 else None))
    db.session.commit()
    return mround


_FIELDS = {"sample_spec": "sample_spec", "name": "name", "district_ids": "place", None: "name"}


def assign(mround: MultiAgencyRound, part: AuditPart, auditor_id: int | None) -> AuditPart:
    """Give the part to one of its candidates (or to nobody); the part's agency is theirs."""
    if part.submitted:
        raise Refused({"auditor_id": "This part has been submitted, so its auditor stays"})
    if not auditor_id:
        part.auditor = None
    else:
        auditor = next((u for u in candidates(mround, part) if u.id == auditor_id), None)
        if auditor is None:
            raise Refused({"auditor_id": f"Choose an auditor of an agency doing the {part.section.title} section"})
        part.auditor = auditor
        part.agency = auditor.agency
    db.session.commit()
    return part


# --- An agency's part ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartSave:
    invalid: dict[str, str]


def _begin(part: AuditPart, user: User, lock_version: int | None) -> None:
    if not rules.may_complete_part(user, part.auditor_id):
        raise NotAllowed("Only the auditor this part is given to can change it.")
    if part.submitted:
        raise NotAllowed("This part has been submitted, so it can no longer be changed.")
    if lock_version is None or lock_version != part.lock_version:
        raise EditConflict()


def save_part(part: AuditPart, user: User, answers: dict, evidence: dict, lock_version: int | None) -> PartSave:
    """Keep what was typed (answers the rules refuse kept as typed, and returned)."""
    _begin(part, user, lock_version)
    invalid = audit_service._store_answers(part, part.section.questions, answers, evidence, whole_tool=False)
    part.state = IN_PROGRESS
    part.updated_at = utcnow()
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict() from None
    return PartSave(invalid)


def part_problems(part: AuditPart) -> list[str]:
    tool = part.audit.tool_version.definition
    return rules.part_problems(tool, part.section, part.answers or {}, part.evidence or {})


def submit_part(part: AuditPart, user: User) -> list[str]:
    """Submit the part with its judgement (the section's, by the tool's rules); the problems
    to put right first are returned instead, and nothing changes then."""
    _begin(part, user, part.lock_version)
    problems = part_problems(part)
    if problems:
        return problems
    tool = part.audit.tool_version.definition
    part.computed_judgement = rules.part_score(tool, part.section, part.answers).judgement
    part.state = SUBMITTED
    part.submitted_at = part.updated_at = utcnow()
    db.session.commit()
    return []


# --- The lead's joint judgement ----------------------------------------------------------------------


def joint_preview(audit: Audit, parts: list[AuditPart]) -> audit_rules.ScoreResult:
    tool = audit.tool_version.definition
    return audit_rules.score(tool, rules.merged_answers(audit.answers, [p.answers for p in parts]))


def save_joint(audit: Audit, user: User, answers: dict, evidence: dict) -> dict[str, str]:
    mround = for_audit(audit)
    if mround is None or user.id != mround.lead_auditor_id:
        raise NotAllowed("Only the lead auditor completes the joint section.")
    if audit.state == states.SUBMITTED:
        raise NotAllowed("The joint judgement has been submitted, so it can no longer be changed.")
    section = rules.joint_section(audit.tool_version.definition)
    invalid = audit_service._store_answers(audit, section.questions, answers, evidence)
    audit.state = states.next_state(audit.state, "save")
    audit.started_at = audit.started_at or utcnow()
    audit.updated_at = utcnow()
    audit.updated_by = user
    db.session.commit()
    return invalid


def submit_joint(audit: Audit, user: User, override_judgement: str | None, override_reason: str | None) -> list[str]:
    """The overall joint judgement, once every agency's part is submitted: scored on every
    part's answers and the joint section's, by the tool's rules; the lead may record their own
    judgement with a reason. Then it goes to moderation as any submitted audit. Returns the
    problems to put right (nothing saved then); raises Refused for the judgement fields."""
    mround = for_audit(audit)
    if mround is None or user.id != mround.lead_auditor_id:
        raise NotAllowed("Only the lead auditor completes the joint judgement.")
    if audit.state == states.SUBMITTED:
        return []
    parts = parts_of(audit)
    if not rules.joint_ready([p.state for p in parts]):
        return ["Every agency's part must be submitted before the joint judgement"]
    tool = audit.tool_version.definition
    section = rules.joint_section(tool)
    problems = rules.part_problems(tool, section, audit.answers or {}, audit.evidence or {})
    if problems:
        return problems
    result = joint_preview(audit, parts)
    try:
        chosen = audit_rules.normalise_judgement(override_judgement)
        audit_rules.final_auditor_judgement(result.judgement, chosen, override_reason)
    except ValueError as error:
        field = "override_reason" if chosen_ok(override_judgement) else "override_judgement"
        raise Refused({field: str(error)}) from None
    now = utcnow()
    # The whole case's answers on the audit, so moderation reads it as any audit.
    audit.answers = rules.merged_answers(audit.answers, [p.answers for p in parts])
    audit.evidence = {k: v for p in parts for k, v in (p.evidence or {}).items()} | dict(audit.evidence or {})
    audit.auditor_id = user.id
    audit.computed_judgement = result.judgement
    audit.computed_reasons = list(result.reasons)
    if chosen is not None and chosen != result.judgement:
        audit.override_judgement, audit.override_reason = chosen, override_reason.strip()
    audit.state = states.next_state(audit.state, "submit")
    audit.submitted_at = audit.updated_at = now
    audit.started_at = audit.started_at or now
    audit.updated_by = user
    db.session.commit()
    from app.moderation.services import on_audit_submitted

    on_audit_submitted(audit)
    return []


def chosen_ok(value) -> bool:
    try:
        audit_rules.normalise_judgement(value)
    except ValueError:
        return False
    return True


# --- Actions owned by an agency ------------------------------------------------------------------------


def action_owners(mround: MultiAgencyRound) -> list[User]:
    """Who may own an action: the active people of the agencies taking part, and the council's."""
    agency_ids = [a.id for a in mround.agencies]
    return list(db.session.scalars(
        select(User).where(User.active.is_(True), (User.agency_id.is_(None)) | (User.agency_id.in_(agency_ids)))
        .order_by(User.name, User.id)))


def raise_action(audit: Audit, user: User, description: str, owner_id: int | None, due_date: date | None,
                 today: date | None = None):
    """A corrective action on the case, owned by the agency of the person who will do it
    (none: the council's children's social care)."""
    mround = for_audit(audit)
    if mround is None or user.id != mround.lead_auditor_id:
        raise NotAllowed("Only the lead auditor raises the audit's actions.")
    owner = next((u for u in action_owners(mround) if u.id == owner_id), None) if owner_id else None
    if owner_id and owner is None:
        raise Refused({"owner_id": "Choose someone from an agency taking part in this audit"})
    try:
        action = action_service.raise_action(audit, user, description, owner_id, due_date, today)
    except action_service.ActionError as error:
        raise Refused(error.errors) from None
    action.agency_id = owner.agency_id
    db.session.commit()
    return action


def rounds_by_id(ids) -> dict[int, AuditRound]:
    return {r.id: r for r in db.session.scalars(select(AuditRound).where(AuditRound.id.in_(ids)))}
