"""Demo: one multi-agency domestic abuse audit of Carlisle cases, partly done, by the demo's
partner auditors (app/demo/agencies.py: the one list of the partnership's agencies and people)."""
import random
from datetime import date, timedelta

from sqlalchemy import select

from app.audits import grades
from app.audits.models import AuditRound, AuditTool
from app.auth.models import User
from app.core.db import db
from app.demo.agencies import partner_people
from app.org.models import District
from app.partnership import services

ROUND_NAME = "Domestic abuse multi-agency audit, Carlisle (demo)"
# The agencies taking part, and the partner auditor of each (app/demo/agencies.py).
AUDITORS = {"Cumbria Constabulary": "police.auditor@example.org",
            "North Cumbria Integrated Care": "health.auditor@example.org",
            "Cumbria schools": "schools.auditor@example.org"}


def _answers(section, rng: random.Random) -> tuple[dict, dict]:
    answers, evidence = {}, {}
    for q in section.questions:
        if q.kind == grades.GRADED:
            answers[q.key] = rng.choice([grades.GOOD, grades.GOOD, grades.REQUIRES_IMPROVEMENT, grades.INADEQUATE])
        elif q.kind == grades.YES_PARTLY_NO:
            answers[q.key] = rng.choice([grades.YES, grades.YES, grades.PARTLY, grades.NO])
        elif q.kind == grades.TEXT:
            answers[q.key] = "Information from the police was not shared with the school before the next school day."
        if q.key in answers and q.evidence == grades.EVIDENCE_REQUIRED:
            evidence[q.key] = "Seen in the agency's record for the period audited."
    return answers, evidence


def add_demo_data(rng: random.Random, today: date, password: str) -> list[tuple[str, str]]:
    """The audit, once (idempotent by name). Its people's accounts are listed by the agencies' demo."""
    everyone = partner_people(password)
    people = {name: everyone[email] for name, email in AUDITORS.items()}
    agencies = {name: person.agency for name, person in people.items()}
    accounts: list[tuple[str, str]] = []
    tool = db.session.scalar(select(AuditTool).where(AuditTool.key == "multi_agency_domestic_abuse_audit"))
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    lead = db.session.scalar(select(User).where(User.email == "auditor@example.org"))
    council = db.session.scalar(select(User).where(User.email == "auditor2@example.org"))
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    if None in (tool, admin, lead, council, carlisle) or tool.published is None:
        return accounts
    if db.session.scalar(select(AuditRound).where(AuditRound.name == ROUND_NAME)) is not None:
        return accounts
    try:
        mround = services.start(
            name=ROUND_NAME, theme="domestic_abuse", tool_version=tool.published,
            agency_ids=[a.id for a in agencies.values()], place=f"district-{carlisle.id}", sample_spec="4",
            due_date=today + timedelta(days=28), lead_auditor_id=lead.id, user=admin, seed=2017)
    except services.Refused:
        db.session.rollback()
        return accounts  # too few demo cases in Carlisle
    by_kind = {"local_authority": council, **{agencies[n].kind: people[n] for n in AUDITORS}}
    definition = tool.published.definition
    for n, audit in enumerate(mround.round.audits):
        for part in services.parts_of(audit):
            services.assign(mround, part, by_kind[part.section.agency].id)
            if n == 0 or (n == 1 and part.section.agency in ("local_authority", "police")):
                answers, evidence = _answers(part.section, rng)
                services.save_part(part, part.auditor, answers, evidence, part.lock_version)
                services.submit_part(part, part.auditor)
            elif n == 1:
                answers, evidence = _answers(part.section, rng)
                services.save_part(part, part.auditor, dict(list(answers.items())[:1]), {}, part.lock_version)
        if n == 0:
            from app.partnership.rules import joint_section

            answers, evidence = _answers(joint_section(definition), rng)
            services.save_joint(audit, lead, answers, evidence)
            services.submit_joint(audit, lead, None, None)
            services.raise_action(audit, lead, "Health visitor to attend the next strategy meeting and share the "
                                  "routine enquiry disclosure", people["North Cumbria Integrated Care"].id,
                                  today + timedelta(days=21), today)
    mround.summary = ("In the first case the agencies each knew part of the picture; the police notification reached "
                      "children's social care but not the school or the health visitor in time.")
    mround.strengths = "Police recorded the children at every incident, and notifications were timely."
    mround.areas_to_develop = "Routine enquiry in health, and sharing information with schools before the next school day."
    db.session.commit()
    return accounts
