"""Demo feedback for a first run: a campaign per seed questionnaire for the current half-year,
about 20 invites by the demo practitioner and about 60 responses, and two of them that say
the child may not be safe, so the Safeguarding alerts page has something on it."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.auth.roles import ADMIN
from app.core.db import db, utcnow
from app.feedback import invite_codes, rules
from app.feedback.models import Campaign, Invite, Response
from app.feedback.questionnaire_service import published_versions
from app.org.models import Team
from app.safeguarding import services as safeguarding

DEMO_PRACTITIONER = "practitioner@example.org"
DEMO_MARK = " (demo)"

# How demo respondents answer: mostly positive, some middling, a few negative.
_FACE_WEIGHTS = {rules.HAPPY: 6, rules.MIDDLE: 3, rules.SAD: 1}
_AGREE_WEIGHTS = {rules.STRONGLY_AGREE: 3, rules.AGREE: 5, rules.NEITHER: 2, rules.DISAGREE: 1,
                  rules.STRONGLY_DISAGREE: 1, rules.DONT_KNOW: 1}
_DEMO_TEXT = {
    "better": ["More time with my worker.", "If meetings were after school.", "Nothing, it is good now.",
               "Being told what is happening sooner.", "Less people asking me the same things."],
}


def _demo_answers(rng: random.Random, questionnaire, safe: bool = True) -> tuple[dict, dict]:
    weights = _FACE_WEIGHTS if questionnaire.scale == rules.FACES else _AGREE_WEIGHTS
    answers = {}
    for statement in questionnaire.statements:
        if rng.random() < 0.08:
            continue  # skipped
        choices = [a for a in weights if safe is False or a not in statement.safety_answers]
        answer = rng.choices(choices, [weights[a] for a in choices])[0]
        answers[statement.key] = answer
    free = {}
    for question in questionnaire.free_text:
        if question.key in _DEMO_TEXT and rng.random() < 0.4:
            free[question.key] = rng.choice(_DEMO_TEXT[question.key])
    return answers, free


def add_demo_data(rng: random.Random, today: date) -> None:
    """Seed questionnaires and concern words; a campaign per seed questionnaire for the
    current half-year; about 20 invites by the demo practitioner and about 60 responses;
    one or two open alerts; the demo practitioner as their team's safeguarding lead.
    Idempotent: nothing is added once the demo campaigns exist."""
    from app.core.periods import HALF, Period
    from app.safeguarding.models import SafeguardingLead
    from app.feedback.questionnaire_service import seed_questionnaires

    seed_questionnaires()
    practitioner = db.session.scalar(select(User).where(User.email == DEMO_PRACTITIONER))
    admin = db.session.scalar(
        select(User).where(User.active.is_(True), User.role_rows.any(role=ADMIN)).order_by(User.id).limit(1))
    creator = admin or practitioner
    if creator is None:
        return
    if practitioner is not None and practitioner.team_id is not None:
        if db.session.scalar(select(SafeguardingLead.id).where(
                SafeguardingLead.team_id == practitioner.team_id, SafeguardingLead.user_id == practitioner.id)) is None:
            db.session.add(SafeguardingLead(team_id=practitioner.team_id, user_id=practitioner.id))
            db.session.commit()
    if db.session.scalar(select(Campaign.id).where(Campaign.name.like(f"%{DEMO_MARK}")).limit(1)) is not None:
        return

    half = Period.containing(today, HALF)
    campaigns = []
    for version in published_versions():
        q = version.definition
        campaign = Campaign(
            name=f"{q.title} – {half.label}{DEMO_MARK}", questionnaire_version=version, period_start=half.start,
            period_end=half.end, target_rate=rules.RESPONSE_RATE_TARGET, created_by_id=creator.id,
            open_link_token=f"{rng.getrandbits(96):024x}" if q.audience in (rules.PARENTS_CARERS, rules.PRACTITIONERS) else None,
        )
        db.session.add(campaign)
        campaigns.append(campaign)
    db.session.flush()
    if practitioner is None:
        db.session.commit()
        return

    by_key = {c.questionnaire_version.questionnaire.key: c for c in campaigns}
    handed_out = [by_key[k] for k in ("children_feedback", "young_people_feedback", "parents_carers_feedback",
                                      "children_in_care") if k in by_key]
    start = max(half.start, today - timedelta(days=75))
    days = max(1, (today - start).days)
    invites = []
    for i in range(20):
        campaign = handed_out[i % len(handed_out)]
        issued = start + timedelta(days=rng.randrange(days))
        invite = Invite(campaign_id=campaign.id, code=invite_codes.new_code(rng), issued_by_id=practitioner.id,
                        team_id=practitioner.team_id, created_at=utcnow() - timedelta(days=(today - issued).days))
        db.session.add(invite)
        invites.append(invite)
    db.session.flush()

    responses = []
    # 12 of the 20 invites answered (60%); the rest of the 60 responses through open links
    # and invites' campaigns for other groups.
    for invite in invites[:12]:
        responses.append((invite.campaign, invite))
    others = [c for c in campaigns if c.open_link_token]
    for i in range(48):
        responses.append((others[i % len(others)] if others else handed_out[0], None))
    for n, (campaign, invite) in enumerate(responses):
        q = campaign.questionnaire
        answers, free = _demo_answers(rng, q)
        when = utcnow() - timedelta(days=rng.randrange(1, max(2, days)), minutes=rng.randrange(600))
        if invite is not None and when < invite.created_at:
            when = invite.created_at + timedelta(hours=rng.randrange(1, 48))
        team_id = invite.team_id if invite else campaign.team_id
        team = db.session.get(Team, team_id) if team_id else None
        response = Response(campaign_id=campaign.id, invite_id=invite.id if invite else None, team_id=team_id,
                            district_id=team.district_id if team else None, submitted_at=when,
                            idempotency_key=f"demo-{n:04d}-{rng.getrandbits(64):016x}", answers=answers, free_text=free)
        if invite is not None:
            invite.used_at = when
        db.session.add(response)
    db.session.flush()

    # Two responses through the practitioner's invites say the child may not be safe.
    concerning = [invites[0], invites[1]]
    for n, invite in enumerate(concerning):
        response = db.session.scalar(select(Response).where(Response.invite_id == invite.id))
        q = invite.campaign.questionnaire
        safety = q.safety_statements()
        if safety:
            response.answers = {**response.answers, safety[0].key: safety[0].safety_answers[0]}
        if n == 1 and q.free_text:
            response.free_text = {**response.free_text, q.free_text[0].key: "I get frightened when they shout at night."}
        response.submitted_at = invite.used_at = utcnow() - timedelta(hours=3 + 20 * n)
        invite.created_at = min(invite.created_at, response.submitted_at - timedelta(days=1))
        safeguarding.raise_alert(response, q)
    db.session.commit()
