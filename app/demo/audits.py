"""Demo audits: the seed tools published, about 300 made-up cases, two confirmed dip-sample
rounds shared between the demo auditors, and about half of their audits filled in and
submitted, as an auditor would. Deterministic for a seed and safe to run twice."""
from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from app.audits import rules, sampling, states
from app.audits.audit_service import action_owner_choices, raise_corrective_action, save_draft, submit
from app.audits.models import Audit, AuditRound, AuditTool, Case
from app.audits.round_service import RoundError, auditors, confirm, create_round, spread_evenly
from app.audits.tool_service import seed_tools
from app.auth.models import User, UserRole
from app.auth.roles import ADMIN
from app.core.clock import uk_today
from app.core.db import db, utcnow
from app.demo.people import DEMO_TEAMS
from app.org.models import Team


def add_demo_data(seed: int, today: date) -> None:
    """Audit tools, cases, two dip-sample rounds, and about half of their audits done."""
    seed_tools()
    add_cases(random.Random(seed + 2), today)
    add_rounds(random.Random(seed + 3), today)
    if db.session.scalar(select(Audit.id).where(Audit.state == states.SUBMITTED).limit(1)):
        return  # already filled on an earlier run
    rng = random.Random(seed + 4)
    audits = db.session.scalars(
        select(Audit).where(Audit.auditor_id.is_not(None), Audit.state == states.NOT_STARTED).order_by(Audit.id)
    ).all()
    # About half done, so My audits shows every state on the first run.
    for audit in audits[: len(audits) // 2]:
        fill_demo_audit(audit, rng, today)


# --- Cases ------------------------------------------------------------------------------------

_DEMO_SERVICE_TYPES = {
    "safeguarding": ["CIN", "CIN", "CP"],
    "cla": ["CLA"],
    "care_leavers": ["CL"],
    "early_help": ["EH"],
    "cwd": ["CWD"],
    "hub": ["CIN"],
}

_DEMO_FLAGS = {
    "CP": ["cse", "missing", "connected_person"],
    "CIN": ["private_fostering", "homeless_16_17", "missing"],
    "CLA": ["cse", "missing", "connected_person"],
    "CL": ["homeless_16_17", "transition"],
    "EH": ["missing"],
    "CWD": ["transition"],
}

_DEMO_WORKERS = [
    "A. Hughes", "B. Patel", "C. Murray", "D. Okafor", "E. Walsh", "F. Nowak", "G. Bell", "H. Graham",
    "I. Armstrong", "J. Little", "K. Routledge", "L. Dixon",
]

DEMO_CASES = 300


def add_cases(rng: random.Random, today: date) -> None:
    """About 300 made-up cases across the demo teams (looked up by name; a missing team is
    skipped). References are DEMO-000001 onwards; one that exists already is left alone, so
    running it again adds nothing. The same seed gives the same cases."""
    team_names = [name for specs in DEMO_TEAMS.values() for name, _ in specs]
    teams = {t.name: t for t in db.session.scalars(select(Team).where(Team.name.in_(team_names)))}
    existing = set(db.session.scalars(select(Case.reference).where(Case.reference.like("DEMO-%"))))
    now = utcnow()
    for n in range(1, DEMO_CASES + 1):
        # Every draw is made whether or not the case is added, so the seed alone decides each case.
        team_name = team_names[(n - 1) % len(team_names)]
        area = next(a for specs in DEMO_TEAMS.values() for name, a in specs if name == team_name)
        service_type = rng.choice(_DEMO_SERVICE_TYPES.get(area, ["CIN"]))
        start = today - timedelta(days=rng.randint(7, 3 * 365))
        closed = rng.random() < 0.3
        end_day = rng.randint(0, max(0, (today - start).days - 1))
        flagged = rng.random() < 0.15
        flag = rng.choice(_DEMO_FLAGS[service_type])
        worker = rng.choice(_DEMO_WORKERS)
        reference = f"DEMO-{n:06d}"
        team = teams.get(team_name)
        if team is None or reference in existing:
            continue
        db.session.add(
            Case(
                reference=reference,
                service_type=service_type,
                team=team,
                start_date=start,
                end_date=start + timedelta(days=max(1, end_day)) if closed else None,
                worker=worker,
                flags=[flag] if flagged else [],
                imported_at=now,
                updated_at=now,
            )
        )
    db.session.commit()


# --- Rounds -----------------------------------------------------------------------------------

DEMO_ROUNDS = [
    # name, audit tool, cohort filter, sample size, method, seed, days until due
    ("Six-monthly CP dip sample", "case_file_audit", {"service_types": ["CP"]}, "12", sampling.STRATIFIED, 20260301, 28),
    ("Care leavers thematic audit", "care_leavers_audit", {"service_types": ["CL"]}, "6", sampling.SIMPLE_RANDOM, 20260302, 42),
]


def add_rounds(rng: random.Random, today: date) -> None:
    """Two confirmed rounds over the demo cases, shared between the demo auditors. Skipped
    when the demo cases, the published tools or an administrator are missing. Idempotent by
    round name; fixed seeds, so the same cases every time."""
    has_demo_cases = db.session.scalar(select(func.count()).select_from(Case).where(Case.reference.like("DEMO-%")))
    admin = db.session.scalar(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == ADMIN, User.active.is_(True))
        .order_by(User.id)
    )
    if not has_demo_cases or admin is None:
        return
    for name, tool_key, filter, spec, method, seed, days in DEMO_ROUNDS:
        tool = db.session.scalar(select(AuditTool).where(AuditTool.key == tool_key))
        version = tool.published if tool is not None else None
        round_ = db.session.scalar(select(AuditRound).where(AuditRound.name == name))
        if round_ is None and version is None:
            continue
        if round_ is None:
            try:
                round_ = create_round(name, version, filter, spec, method, seed, today + timedelta(days=days), True, admin)
            except RoundError:
                db.session.rollback()
                continue  # too few demo cases of this kind
        if not round_.confirmed:
            try:
                confirm(round_, admin)
            except RoundError:
                db.session.rollback()
                continue
            db.session.refresh(round_)
        people = auditors()
        if people:
            spread_evenly(round_, people)


# --- Audits filled in -------------------------------------------------------------------------

_GRADE_WEIGHTS = [(rules.OUTSTANDING, 8), (rules.GOOD, 45), (rules.REQUIRES_IMPROVEMENT, 35), (rules.INADEQUATE, 12)]
_LIMITING_WEIGHTS = [(rules.OUTSTANDING, 5), (rules.GOOD, 60), (rules.REQUIRES_IMPROVEMENT, 30), (rules.INADEQUATE, 5)]
_YPN_WEIGHTS = [(rules.YES, 55), (rules.PARTLY, 30), (rules.NO, 15)]

_EVIDENCE = {
    rules.OUTSTANDING: [
        "The record shows consistently strong, child-focused practice, with analysis that clearly shapes decisions.",
        "Exemplary work: the child's voice runs through the record and the plan has already made a visible difference.",
    ],
    rules.GOOD: [
        "The record shows this is done well, with a clear link to the current plan.",
        "Evidence on file is up to date and the reasons for decisions are recorded.",
        "The social worker knows the child well and this is reflected in the case notes.",
    ],
    rules.REQUIRES_IMPROVEMENT: [
        "Partly evidenced: the work is happening but is not always recorded or analysed.",
        "Some drift is visible in the last three months and the record does not explain why.",
        "The record describes what happened but does not analyse what it means for the child.",
    ],
    rules.INADEQUATE: [
        "Not evidenced on the file; this was raised with the team manager on the day of the audit.",
        "Significant gaps: key actions from the last review have not been completed and are not followed up.",
    ],
    rules.YES: ["Clearly recorded on the file.", "Seen in the most recent review and case notes."],
    rules.PARTLY: ["Recorded in places but not consistently.", "Evident for some of the period audited only."],
    rules.NO: ["Not found on the file.", "Not recorded since the last review."],
}
_TEXT_ANSWERS = [
    "Team manager to review the plan with the social worker within four weeks.",
    "Update the chronology and record the reasons for recent decisions.",
    "Arrange a core group to agree the contingency plan with the family.",
]
_WORKER_VIEWS = [
    "The social worker agreed with the findings and will update the plan at the next review.",
    "The social worker felt the record did not reflect all the direct work done and will add it.",
    "We discussed the child's progress together; the worker agreed the actions raised.",
]


def _weighted(rng: random.Random, weights: list[tuple[str, int]]) -> str:
    values, counts = zip(*weights)
    return rng.choices(values, weights=counts)[0]


def fill_demo_audit(audit: Audit, rng: random.Random, today: date | None = None) -> Audit:
    """Answer every question plausibly (grades mostly Good or Requires improvement), write
    evidence, raise a corrective action where the grades call for one, and submit it as
    its auditor. Does nothing to an audit already submitted. For the demo data."""
    if audit.state == states.SUBMITTED:
        return audit
    if audit.auditor is None:
        raise ValueError(f"audit {audit.id} has no auditor to fill it in")
    today = today or uk_today()
    tool = audit.tool_version.definition
    answers: dict[str, Any] = {}
    evidence: dict[str, str] = {}
    for _, question in tool.all_questions():
        kind = question.kind
        if kind == rules.GRADED:
            answer = _weighted(rng, _LIMITING_WEIGHTS if question.limits else _GRADE_WEIGHTS)
        elif kind == rules.YES_PARTLY_NO:
            answer = _weighted(rng, _YPN_WEIGHTS)
        elif kind == rules.SINGLE_CHOICE:
            answer = rng.choice(question.options).key
        elif kind == rules.MULTIPLE_CHOICE:
            count = rng.randint(1, min(4, len(question.options)))
            answer = [o.key for o in rng.sample(list(question.options), count)]
        elif kind == rules.NUMBER:
            low = int(question.minimum if question.minimum is not None else 0)
            high = int(question.maximum if question.maximum is not None else low + 12)
            answer = str(rng.randint(low, max(low, min(high, low + 12))))
        elif kind == rules.DATE:
            answer = (today - timedelta(days=rng.randint(5, 120))).isoformat()
        else:
            answer = rng.choice(_TEXT_ANSWERS)
        answers[question.key] = answer
        if question.evidence != rules.EVIDENCE_NONE and isinstance(answer, str) and answer in _EVIDENCE:
            evidence[question.key] = rng.choice(_EVIDENCE[answer])
    collaborative = rng.random() < 0.6
    save_draft(audit, audit.auditor, answers, evidence, collaborative,
               rng.choice(_WORKER_VIEWS) if collaborative else None, audit.lock_version)
    judgement = rules.score(tool, audit.answers).judgement
    if judgement in (rules.REQUIRES_IMPROVEMENT, rules.INADEQUATE):
        owners = action_owner_choices(audit)
        raise_corrective_action(
            audit, audit.auditor,
            "Review the plan with the social worker and record how the gaps found in this audit will be closed.",
            owners[0].id, today + timedelta(days=28), today=today,
        )
    submit(audit, audit.auditor, None, None, audit.lock_version)
    return audit
