"""Answers in progress: what a respondent has answered so far on a questionnaire laid out
over several pages (`app.feedback.layout`), kept on the server until they press Send.

- Found only by the random token in their page (the form's `submission` field): no cookie,
  address or device is used, so a phone that drops its connection or its cookie between
  pages loses nothing, and one respondent's token never opens another's answers (a token
  is tied to one invite or open link, and an unknown one starts afresh).
- Sent once: the token becomes the response's idempotency key, and the answers in progress
  are deleted in the same transaction that stores the response (and raises any alert).
- Deleted after KEEP_FOR (24 hours after they were last saved) by `forget_expired`, on the
  clock (app.core.jobs.SCHEDULE).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from app.core import jobs
from app.core.db import db, utcnow
from app.feedback import services
from app.feedback.concerns import find_concerns
from app.feedback.layout import Page
from app.feedback.models import AnswersInProgress, Campaign, Invite

KEEP_FOR = timedelta(hours=24)


def find(token: str, campaign: Campaign, invite: Invite | None, now: datetime | None = None) -> AnswersInProgress | None:
    """The answers in progress under `token` for this invite or open link, if not expired."""
    if not token or not services.KEY_PATTERN.match(token):
        return None
    found = db.session.scalar(select(AnswersInProgress).where(AnswersInProgress.token == token))
    if found is None or found.campaign_id != campaign.id or found.invite_id != (invite.id if invite else None):
        return None
    if found.expires_at <= (now or utcnow()):
        return None
    return found


def token_taken(token: str) -> bool:
    return db.session.scalar(select(AnswersInProgress.id).where(AnswersInProgress.token == token)) is not None


def sent_before(token: str, campaign: Campaign, invite: Invite | None) -> bool:
    """Whether these answers were sent already (a double tap on Send: the second finds them gone)."""
    response = services._already(token) if services.KEY_PATTERN.match(token or "") else None
    return response is not None and response.campaign_id == campaign.id and response.invite_id == (invite.id if invite else None)


def merge(progress: dict, questionnaire, page: Page | None, posted: services.Submission, form) -> dict:
    """The answers so far with a page's answers put in: every question on `page` takes what
    the form says (nothing chosen clears it), and any other answer the form holds is added
    (a form from before answers were kept, which holds them all)."""
    answers = dict(progress.get("answers") or {})
    free_text = dict(progress.get("free_text") or {})
    name = progress.get("name") or ""
    on_page = set(page.question_keys) if page else set()
    for statement in questionnaire.items:
        if statement.key in posted.answers:
            answers[statement.key] = posted.answers[statement.key]
        elif statement.key in on_page:
            answers.pop(statement.key, None)
    for question in questionnaire.free_text:
        if question.key in posted.free_text:
            free_text[question.key] = posted.free_text[question.key]
        elif question.key in on_page:
            free_text.pop(question.key, None)
    if (page and page.asks_name) or services.NAME_FIELD in form:
        name = posted.name
    return {"answers": answers, "free_text": free_text, "name": name}


def cleared(progress: dict, page: Page) -> dict:
    """The answers so far without the questions on `page` ("Skip")."""
    keys = set(page.question_keys)
    return {
        "answers": {k: v for k, v in (progress.get("answers") or {}).items() if k not in keys},
        "free_text": {k: v for k, v in (progress.get("free_text") or {}).items() if k not in keys},
        "name": "" if page.asks_name else progress.get("name") or "",
    }


def as_dict(found: AnswersInProgress | None) -> dict:
    if found is None:
        return {"answers": {}, "free_text": {}, "name": ""}
    return {"answers": dict(found.answers or {}), "free_text": dict(found.free_text or {}),
            "name": found.respondent_name or ""}


def save(found: AnswersInProgress | None, token: str, campaign: Campaign, invite: Invite | None,
         values: dict) -> AnswersInProgress:
    """Keep `values` under `token` (new answers in progress if `found` is None); 24 hours more."""
    now = utcnow()
    if found is None:
        found = AnswersInProgress(token=token, campaign_id=campaign.id, invite_id=invite.id if invite else None)
        db.session.add(found)
    found.answers = dict(values["answers"])
    found.free_text = dict(values["free_text"])
    found.respondent_name = values["name"] or None
    found.language = values.get("language") or None
    found.saved_at = now
    found.expires_at = now + KEEP_FOR
    db.session.commit()
    return found


def send(found: AnswersInProgress | None, token: str, campaign: Campaign, invite: Invite | None, values: dict,
         today: date) -> services.Submitted:
    """Store the answers as a response (once: the token is its idempotency key), raising an
    alert if they say the respondent may not be safe, and delete them from in progress, all
    in one transaction. Raises as `services.submit_response` does."""
    submission = services.Submission(answers=dict(values["answers"]), free_text=dict(values["free_text"]),
                                     name=values["name"], key=token, language=values.get("language") or "en")
    # The concern detector learns its model on first use (seconds): let that happen before
    # the write below, not while it holds the database (SQLite locks it all).
    for text in submission.free_text.values():
        find_concerns(text)
    if found is not None:
        # A statement, not session.delete: a second Send racing this one finds nothing left
        # to delete, which is no error (its response is then found as a repeat of this one).
        db.session.expunge(found)
        db.session.execute(delete(AnswersInProgress).where(AnswersInProgress.token == token))
    try:
        return services.submit_response(campaign, invite, submission, today)
    except services.FeedbackError:
        db.session.rollback()
        raise


@jobs.job
def forget_expired(now: datetime | None = None) -> int:
    """Delete answers in progress past their time. The number deleted."""
    result = db.session.execute(delete(AnswersInProgress).where(AnswersInProgress.expires_at <= (now or utcnow())))
    db.session.commit()
    return result.rowcount
