"""Feedback use cases: campaigns, invites, and the respondent's answers.

- An administrator creates a **campaign**: a published questionnaire version handed out
  for a period, perhaps to one district or team, with a response-rate target (25%
  unless set otherwise) and, if wanted, an open link anyone with it can answer.
- A practitioner **issues an invite** in an open campaign that covers their team: a short
  code (7KXM-3QPA), a link and a QR code, for one person. The invite takes the
  practitioner's team (or the campaign's).
- A respondent **answers** through an invite (once) or the open link (any number of
  times). They are never asked who they are; the response takes its team and district
  from the invite or the campaign. Nothing about their device is kept.
- A double-tapped submit is stored once: the form carries a random key, unique in the
  database, and a second arrival of the same key finds the first response.
- A response with safety signals raises one alert in the same transaction, with the
  notifications it needs (`app.safeguarding.services`); a worker sends them after the
  commit, never inside the respondent's request.
"""
from __future__ import annotations

import random
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.auth.roles import ADMIN, PRACTITIONER, QA_VIEWER
from app.core.db import db, utcnow
from app.feedback import branching, invite_codes, rules, translations
from app.feedback.models import Campaign, Invite, QuestionnaireVersion, Response
from app.org.models import District, Team
from app.safeguarding import services as safeguarding
from app.safeguarding.models import Alert

NAME_MAX = 200
GIVEN_TO_MAX = 200  # Invite.given_to
FREE_TEXT_MAX = 2000
RESPONDENT_NAME_MAX = 120
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class FeedbackError(ValueError):
    """Something that cannot be done, in words the person can act on; `field` names the
    form field it is about, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InviteUsed(FeedbackError):
    pass


class CampaignClosed(FeedbackError):
    pass


# --- Campaigns ----------------------------------------------------------------------------


def create_campaign(*, name: str, version: QuestionnaireVersion | None, period_start: date | None,
                    period_end: date | None, district: District | None = None, team: Team | None = None,
                    target_rate: float = rules.RESPONSE_RATE_TARGET, open_link: bool = False, user: User) -> Campaign:
    name = " ".join((name or "").split())
    if not name:
        raise FeedbackError("Enter a name for the campaign", "name")
    if len(name) > NAME_MAX:
        raise FeedbackError(f"The name must be {NAME_MAX} characters or fewer", "name")
    if version is None or version.status != rules.PUBLISHED:
        raise FeedbackError("Choose a published questionnaire", "questionnaire_version_id")
    if period_start is None:
        raise FeedbackError("Enter the date the campaign starts", "period_start")
    if period_end is None:
        raise FeedbackError("Enter the date the campaign ends", "period_end")
    if period_end < period_start:
        raise FeedbackError("The end date must be on or after the start date", "period_end")
    if team is not None and district is not None and team.district_id != district.id:
        raise FeedbackError(f"{team.name} is not in {district.name}: choose a team in the district, or no district", "team_id")
    if not 0 < target_rate <= 1:
        raise FeedbackError("The target response rate must be more than 0% and at most 100%", "target_rate")
    campaign = Campaign(
        name=name, questionnaire_version=version, period_start=period_start, period_end=period_end,
        district_id=district.id if district else (team.district_id if team else None), team_id=team.id if team else None,
        target_rate=target_rate, open_link_token=secrets.token_urlsafe(12) if open_link else None, created_by_id=user.id,
    )
    db.session.add(campaign)
    db.session.commit()
    return campaign


def close_campaign(campaign: Campaign, user: User) -> bool:
    """Stop taking answers before the end date. False if it was closed already."""
    if campaign.closed_at is not None:
        return False
    campaign.closed_at = utcnow()
    campaign.closed_by_id = user.id
    db.session.commit()
    return True


def covers(campaign: Campaign, user: User) -> bool:
    """Whether the campaign is for the person's team: every team, their district, or their team."""
    if campaign.team_id is not None:
        return user.team_id == campaign.team_id
    if campaign.district_id is not None:
        return user.team is not None and user.team.district_id == campaign.district_id
    return True


def reads_answers(user: User) -> bool:
    """Whether the person may read feedback results and comments: QA viewers and
    administrators, but never someone who hands out invites (a practitioner, whatever other
    roles they hold) unless an administrator. Knowing whom they gave each code to, they could
    tie a new comment, or a figure that moved, to the child who answered."""
    return user.has_role(ADMIN) or (user.has_role(QA_VIEWER) and not user.has_role(PRACTITIONER))


def hands_out_invites(user: User) -> bool:
    """A practitioner who is not an administrator: they see no live feedback figures at all
    (results, comments, draft reports), only what is frozen (published reports)."""
    return user.has_role(PRACTITIONER) and not user.has_role(ADMIN)


def can_view_campaign(user: User, campaign: Campaign) -> bool:
    return user.has_role(ADMIN) or (user.has_role(PRACTITIONER) and covers(campaign, user))


def can_issue(user: User, campaign: Campaign, today: date) -> bool:
    return campaign.is_open_on(today) and can_view_campaign(user, campaign)


def campaigns_for(user: User) -> list[Campaign]:
    query = select(Campaign).options(
        joinedload(Campaign.questionnaire_version).joinedload(QuestionnaireVersion.questionnaire),
        joinedload(Campaign.team), joinedload(Campaign.district),
    ).order_by(Campaign.period_end.desc(), Campaign.name)
    campaigns = list(db.session.scalars(query).unique())
    if user.has_role(ADMIN):
        return campaigns
    return [c for c in campaigns if covers(c, user)]


def find_campaigns(campaigns: list[Campaign], audience: str | None = None, words: str | None = None) -> list[Campaign]:
    """The campaigns for `audience` (a key of rules.AUDIENCES; any when empty) whose name has every
    word typed, in any order and any case: "leavers care" finds "Care leavers survey 2026"."""
    wanted = (words or "").casefold().split()
    return [c for c in campaigns
            if (not audience or c.questionnaire.audience == audience)
            and all(w in c.name.casefold() for w in wanted)]


@dataclass(frozen=True)
class CampaignCounts:
    invites: int = 0
    invites_answered: int = 0
    open_link_responses: int = 0
    alerts_open: int = 0
    target: float = rules.RESPONSE_RATE_TARGET

    @property
    def responses(self) -> int:
        return self.invites_answered + self.open_link_responses

    @property
    def rate(self) -> float | None:
        """Invites answered over invites issued (open-link answers have no invitation to count)."""
        return rules.response_rate(self.invites_answered, self.invites)

    @property
    def meets_target(self) -> bool | None:
        return rules.meets_target(self.rate, self.target)


def campaign_counts(campaigns: list[Campaign]) -> dict[int, CampaignCounts]:
    ids = [c.id for c in campaigns]
    if not ids:
        return {}
    invites = dict(db.session.execute(
        select(Invite.campaign_id, func.count()).where(Invite.campaign_id.in_(ids)).group_by(Invite.campaign_id)).all())
    answered = dict(db.session.execute(
        select(Response.campaign_id, func.count()).where(Response.campaign_id.in_(ids), Response.invite_id.is_not(None))
        .group_by(Response.campaign_id)).all())
    open_link = dict(db.session.execute(
        select(Response.campaign_id, func.count()).where(Response.campaign_id.in_(ids), Response.invite_id.is_(None))
        .group_by(Response.campaign_id)).all())
    open_alerts = dict(db.session.execute(
        select(Alert.campaign_id, func.count()).where(Alert.campaign_id.in_(ids), Alert.closed_at.is_(None))
        .group_by(Alert.campaign_id)).all())
    return {
        c.id: CampaignCounts(invites.get(c.id, 0), answered.get(c.id, 0), open_link.get(c.id, 0),
                             open_alerts.get(c.id, 0), c.target_rate)
        for c in campaigns
    }


def campaign_by_open_link(token: str) -> Campaign | None:
    if not token or len(token) > 40:
        return None
    return db.session.scalar(select(Campaign).options(
        joinedload(Campaign.questionnaire_version).joinedload(QuestionnaireVersion.questionnaire)
    ).where(Campaign.open_link_token == token))


# --- Invites ------------------------------------------------------------------------------


def issue_invite(campaign: Campaign, user: User, today: date, rng: random.Random | None = None,
                 given_to: str | None = None) -> Invite:
    """A new invite with a fresh code, issued by `user` for their team (or the campaign's),
    with, if given, a private note of who it is for (see `Invite.given_to`)."""
    given_to = " ".join((given_to or "").split()) or None
    if given_to is not None and len(given_to) > GIVEN_TO_MAX:
        raise FeedbackError(f"Who the invite is for must be {GIVEN_TO_MAX} characters or fewer", "given_to")
    if not campaign.is_open_on(today):
        raise FeedbackError(f"'{campaign.name}' is not open, so no more invites can be issued in it")
    if not can_view_campaign(user, campaign):
        raise FeedbackError(f"'{campaign.name}' is not for your team")
    for _ in range(10):  # a clash is very unlikely; try again if it happens
        invite = Invite(campaign_id=campaign.id, code=invite_codes.new_code(rng), issued_by_id=user.id,
                        team_id=user.team_id or campaign.team_id, created_at=utcnow(), given_to=given_to)
        db.session.add(invite)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return invite
    raise FeedbackError("No new code could be made just now. Try again.")


def invite_by_code(typed: str) -> Invite | None:
    code = invite_codes.looks_like_code(typed)
    if code is None:
        return None
    # The campaign, its version and questionnaire in the same query: a respondent's every page needs them.
    return db.session.scalar(select(Invite).options(
        joinedload(Invite.campaign).joinedload(Campaign.questionnaire_version).joinedload(QuestionnaireVersion.questionnaire)
    ).where(Invite.code == code))


def invites_issued_by(user: User, limit: int = 200) -> list[Invite]:
    return list(db.session.scalars(
        select(Invite).options(joinedload(Invite.campaign)).where(Invite.issued_by_id == user.id)
        .order_by(Invite.created_at.desc(), Invite.id.desc()).limit(limit)
    ).unique())


def campaign_invites(campaign: Campaign, user: User) -> list[Invite]:
    """The campaign's invites the person may see: all for an administrator, else their own."""
    query = select(Invite).options(joinedload(Invite.issued_by)).where(Invite.campaign_id == campaign.id)
    if not user.has_role(ADMIN):
        query = query.where(Invite.issued_by_id == user.id)
    return list(db.session.scalars(query.order_by(Invite.created_at.desc(), Invite.id.desc())).unique())


def can_see_invite(user: User, invite: Invite) -> bool:
    return user.has_role(ADMIN) or invite.issued_by_id == user.id


# --- Answering ----------------------------------------------------------------------------


def answer_field(statement_key: str) -> str:
    return f"s-{statement_key}"


def text_field(question_key: str) -> str:
    return f"t-{question_key}"


NAME_FIELD = "respondent_name"
KEY_FIELD = "submission"


@dataclass
class Submission:
    """What a respondent sent, read from the form, with the problems found."""

    answers: dict[str, str] = field(default_factory=dict)
    free_text: dict[str, str] = field(default_factory=dict)
    name: str = ""
    key: str = ""
    language: str = "en"  # the language they answered in (app.feedback.translations)
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message, in page order

    @property
    def is_empty(self) -> bool:
        return not self.answers and not self.free_text


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def read_submission(questionnaire, form) -> Submission:
    """The answers in a posted form (a mapping of field name to value). Every question is
    optional; what is wrong is only what cannot be stored: an answer not on the scale,
    text that is too long, or nothing answered at all."""
    sub = read_answers(questionnaire, form)
    if sub.is_empty and not sub.errors:
        first = (getattr(questionnaire, "items", None) or questionnaire.statements)[0]
        sub.errors[answer_field(first.key)] = NOTHING_ANSWERED
    return sub


NOTHING_ANSWERED = "Answer at least one question before you send your answers"


def read_answers(questionnaire, form) -> Submission:
    """The answers a form holds, and what cannot be stored, as `read_submission`, but an
    empty form is no problem (a page of a questionnaire answered over several pages)."""
    sub = Submission()
    for statement in getattr(questionnaire, "items", None) or questionnaire.statements:
        name = answer_field(statement.key)
        kind = getattr(statement, "kind", "scale")
        if kind == "multiple_choice":
            getlist = getattr(form, "getlist", None)
            chosen = set(getlist(name) if getlist else [form.get(name)] if form.get(name) else [])
            options = [o.key for o in statement.options]
            if chosen - set(options):
                sub.errors[name] = f"Choose one of the answers for: {statement.text}"
            elif chosen:
                sub.answers[statement.key] = [o for o in options if o in chosen]  # in the question's order
            continue
        value = (form.get(name) or "").strip()
        if not value:
            continue
        if kind == "number":
            number, problem = read_number(value, statement)
            if problem:
                sub.errors[name] = number_problem(problem, statement, translations.words(translations.ENGLISH))
            else:
                sub.answers[statement.key] = number
            continue
        answers = rules.SCALES[questionnaire.scale].answers if kind == "scale" else statement.answers()
        if value not in answers:
            sub.errors[name] = f"Choose one of the answers for: {statement.text}"
            continue
        sub.answers[statement.key] = value
    for question in questionnaire.free_text:
        name = text_field(question.key)
        text = (form.get(name) or "").replace("\r\n", "\n").strip()
        if not text:
            continue
        sub.free_text[question.key] = text
        if len(text) > FREE_TEXT_MAX:
            sub.errors[name] = (f"Your answer to '{question.text}' is too long: make it {FREE_TEXT_MAX:,} characters"
                                f" or fewer (it is {len(text):,})")
    if questionnaire.ask_name:
        sub.name = " ".join((form.get(NAME_FIELD) or "").split())
        if len(sub.name) > RESPONDENT_NAME_MAX:
            sub.errors[NAME_FIELD] = f"Your name must be {RESPONDENT_NAME_MAX} characters or fewer"
    key = (form.get(KEY_FIELD) or "").strip()
    sub.key = key if KEY_PATTERN.match(key) else new_submission_key()
    return sub


_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def read_number(text: str, question) -> tuple[int | float | None, str | None]:
    """A number typed in answer to a number question, and what is wrong with it: None, or
    "number_invalid", "number_between", "number_at_least", "number_at_most" (words of
    data/respondent_words.yaml, so the respondent reads it in their language)."""
    text = text.strip().replace(" ", "")
    if not _NUMBER.match(text):
        return None, "number_invalid"
    value = float(text.replace(",", "."))
    number = int(value) if value.is_integer() else value
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            return None, "number_between"
        return None, "number_at_least" if low is not None else "number_at_most"
    return number, None


def plain_number(n) -> str:
    return f"{n:g}" if isinstance(n, float) else str(n)


def number_problem(problem: str, question, w: dict) -> str:
    """The problem with a number, in the words `w` of the respondent's language."""
    return w[problem].format(what=question.text, min=plain_number(question.minimum), max=plain_number(question.maximum))


@dataclass(frozen=True)
class Submitted:
    response: Response
    created: bool  # False: the same form arrived again (a double tap), and was stored once
    alert: Alert | None


def _already(key: str) -> Response | None:
    return db.session.scalar(select(Response).where(Response.idempotency_key == key))


def sent_again(invite: Invite, form) -> bool:
    """Whether a posted form is the one already stored for this used invite (a double tap):
    its submission key, a random token only that form carries, matches the stored answers'."""
    key = (form.get(KEY_FIELD) or "").strip()
    if not KEY_PATTERN.match(key):
        return False
    existing = _already(key)
    return existing is not None and existing.invite_id == invite.id


def _duplicate(existing: Response, campaign: Campaign, invite: Invite | None) -> Submitted | None:
    if existing.campaign_id != campaign.id or existing.invite_id != (invite.id if invite else None):
        return None
    alert = db.session.scalar(select(Alert).where(Alert.response_id == existing.id))
    return Submitted(existing, False, alert)


def submit_response(campaign: Campaign, invite: Invite | None, submission: Submission, today: date) -> Submitted:
    """Store a respondent's answers, once; raise an alert with them if they say the
    respondent may not be safe, and email the people who must act.

    Raises InviteUsed if the invite was answered already (by another form), and
    CampaignClosed if the campaign has closed. A second arrival of the same form (the same
    submission key) returns the first response."""
    existing = _already(submission.key)
    if existing is not None:
        duplicate = _duplicate(existing, campaign, invite)
        if duplicate is not None:
            return duplicate
        submission.key = new_submission_key()  # someone else's key: never mix their answers up
    if invite is not None and invite.used_at is not None:
        raise InviteUsed("This code has already been used")
    if not campaign.is_open_on(today):
        raise CampaignClosed("This questionnaire has closed")
    # Answers to questions not asked (their earlier answer changed) are never stored.
    submission.answers, submission.free_text = branching.drop_hidden(
        campaign.questionnaire, submission.answers, submission.free_text)
    team_id = (invite.team_id if invite else None) or campaign.team_id
    team = db.session.get(Team, team_id) if team_id else None
    now = utcnow()
    response = Response(
        campaign_id=campaign.id, invite_id=invite.id if invite else None, team_id=team_id,
        district_id=team.district_id if team else campaign.district_id, submitted_at=now,
        respondent_name=submission.name or None, idempotency_key=submission.key,
        answers=dict(submission.answers), free_text=dict(submission.free_text), language=submission.language,
    )
    db.session.add(response)
    if invite is not None:
        invite.used_at = now
    try:
        db.session.flush()
        alert = safeguarding.raise_alert(response, campaign.questionnaire)
        db.session.commit()
    except IntegrityError:
        # The same form (or another for the same invite) was stored a moment ago.
        db.session.rollback()
        existing = _already(submission.key)
        if existing is not None and (duplicate := _duplicate(existing, campaign, invite)) is not None:
            return duplicate
        raise InviteUsed("This code has already been used") from None
    if alert is not None:
        safeguarding.send_soon(alert)
    return Submitted(response, True, alert)


def help_phone() -> str:
    """Children's services' front door number (setting SAFEGUARDING_PHONE). Always set:
    production refuses to start without it, and elsewhere it is a demo number."""
    from flask import current_app

    return current_app.config["SAFEGUARDING_PHONE"]


def phone_for_link(phone: str) -> str:
    """The number for a tel: link: digits and a leading +, without words such as "(demo number)"."""
    number = phone.split("(")[0]
    return ("+" if number.strip().startswith("+") else "") + re.sub(r"\D", "", number)


def alert_wait_words() -> str:
    """How long an alert waits for someone to read it before more people are told, in
    words ("2 hours"): the longer of the office-hours and out-of-hours times, so that what
    the respondent is told is true at any hour."""
    return safeguarding.duration_words(timedelta(minutes=alert_wait_minutes()))


def alert_wait_minutes() -> int:
    from flask import current_app

    config = current_app.config
    return max(int(config.get("ALERT_ACK_MINUTES", 120)), int(config.get("ALERT_ACK_MINUTES_OUT_OF_HOURS", 120)))


def storage_key(campaign: Campaign, invite: Invite | None) -> str:
    """The name under which a phone keeps unsent answers (in localStorage) for this invite
    or open link: the same each time the page opens, so they can be offered back, but
    opaque, so neither the phone nor the session cookie holds the code or the link."""
    import hashlib

    from flask import current_app

    what = f"invite:{invite.code}" if invite is not None else f"open:{campaign.open_link_token}"
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return "feedback-" + hashlib.blake2b(what.encode(), key=secret[:64], digest_size=12).hexdigest()
