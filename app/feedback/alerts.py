"""Safeguarding alerts: raised when a response says the respondent may not be safe, sent to
the people who must act, acknowledged, and closed with a note.

Who is told (and nobody else): the practitioner who issued the invite, if the response
came through one, and the designated safeguarding leads of the response's team. If
neither exists (an open link for a team with no lead), the address in the setting
SAFEGUARDING_FALLBACK_EMAIL is told, if set; the alerts page shows every alert to
administrators either way, and says when nobody was emailed.

Who may open an alert: administrators, the practitioner who issued the invite, and the
safeguarding leads of the alert's team. An alert holds only what the respondent gave:
the statement and their answer, or the free-text question, the concern words found and
the text as written; their name only if they chose to leave one.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import has_request_context, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.auth.roles import ADMIN
from app.core import mail
from app.core.db import db, utcnow
from app.feedback import rules
from app.feedback.models import Alert, ConcernWord, Invite, Response, SafeguardingLead

PHRASE_MAX = 120
NOTE_MAX = 5000


class AlertError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Concern words ------------------------------------------------------------------------


def concern_word_rows() -> list[ConcernWord]:
    return list(db.session.scalars(select(ConcernWord).order_by(ConcernWord.phrase)))


def concern_words() -> list[str]:
    """The administrators' list; the starter list while theirs is empty (better an extra
    alert than a missed one)."""
    words = [w.phrase for w in concern_word_rows()]
    return words or list(rules.DEFAULT_CONCERN_WORDS)


def seed_concern_words() -> int:
    """The starter list, if the administrators' list has never had anything in it."""
    if db.session.scalar(select(ConcernWord.id).limit(1)) is not None:
        return 0
    db.session.add_all(ConcernWord(phrase=p) for p in rules.DEFAULT_CONCERN_WORDS)
    db.session.commit()
    return len(rules.DEFAULT_CONCERN_WORDS)


def add_concern_word(phrase: str, user: User | None) -> ConcernWord:
    phrase = " ".join((phrase or "").split())
    if not phrase:
        raise AlertError("Enter a word or phrase", "phrase")
    if len(phrase) > PHRASE_MAX:
        raise AlertError(f"The word or phrase must be {PHRASE_MAX} characters or fewer", "phrase")
    if rules.concern_pattern(phrase) is None:
        raise AlertError("Enter a word or phrase with letters or numbers in it", "phrase")
    folded = phrase.casefold()
    if any(w.phrase.casefold() == folded for w in concern_word_rows()):
        raise AlertError(f"'{phrase}' is already on the list", "phrase")
    row = ConcernWord(phrase=phrase, added_by=user)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AlertError(f"'{phrase}' is already on the list", "phrase") from None
    return row


def remove_concern_word(word: ConcernWord) -> None:
    db.session.delete(word)
    db.session.commit()


# --- Safeguarding leads -------------------------------------------------------------------


def leads() -> list[SafeguardingLead]:
    return list(db.session.scalars(
        select(SafeguardingLead).options(joinedload(SafeguardingLead.team), joinedload(SafeguardingLead.user))
    ).unique())


def leads_of(team_id: int | None) -> list[User]:
    if team_id is None:
        return []
    return list(db.session.scalars(
        select(User).join(SafeguardingLead, SafeguardingLead.user_id == User.id)
        .where(SafeguardingLead.team_id == team_id, User.active.is_(True)).order_by(User.name)
    ))


def lead_team_ids(user: User) -> set[int]:
    return set(db.session.scalars(select(SafeguardingLead.team_id).where(SafeguardingLead.user_id == user.id)))


def add_lead(team, user: User) -> SafeguardingLead:
    if team is None:
        raise AlertError("Choose the team", "team_id")
    if user is None:
        raise AlertError("Choose the person", "user_id")
    if not user.active:
        raise AlertError(f"{user.name} cannot sign in (deactivated), so cannot be a safeguarding lead", "user_id")
    exists = db.session.scalar(select(SafeguardingLead).where(
        SafeguardingLead.team_id == team.id, SafeguardingLead.user_id == user.id))
    if exists is not None:
        return exists  # a second click, or already a lead: the same either way
    row = SafeguardingLead(team_id=team.id, user_id=user.id)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return db.session.scalar(select(SafeguardingLead).where(
            SafeguardingLead.team_id == team.id, SafeguardingLead.user_id == user.id))
    return row


def remove_lead(lead: SafeguardingLead) -> None:
    db.session.delete(lead)
    db.session.commit()


# --- Raising an alert ---------------------------------------------------------------------


def describe_signals(questionnaire, signals: Iterable[rules.Signal], free_text: dict) -> list[dict]:
    """What was said, for the alert: only what the respondent gave."""
    out = []
    questions = {f.key: f.text for f in questionnaire.free_text}
    for signal in signals:
        if signal.kind == rules.ANSWER:
            statement = questionnaire.statement(signal.key)
            out.append({
                "kind": rules.ANSWER, "key": signal.key, "question": statement.text, "answer": signal.answer,
                "answer_words": rules.SCALES[statement.scale].label_of(signal.answer),
            })
        else:
            out.append({
                "kind": rules.FREE_TEXT, "key": signal.key, "question": questions.get(signal.key, signal.key),
                "words": list(signal.words), "text": free_text.get(signal.key, ""),
            })
    return out


def raise_alert(response: Response, questionnaire) -> Alert | None:
    """An alert for the response if it has safety signals (added to the session, not
    committed: it is saved with the response, so one is never kept without the other)."""
    signals = rules.safety_signals(questionnaire, response.answers, response.free_text, concern_words())
    if not signals:
        return None
    alert = Alert(
        response=response, campaign_id=response.campaign_id, team_id=response.team_id, raised_at=response.submitted_at,
        signals=describe_signals(questionnaire, signals, response.free_text), recipients=_recipients(response),
    )
    db.session.add(alert)
    return alert


ISSUER = "issuer"
LEAD = "lead"
FALLBACK = "fallback"
REASONS = {  # reason -> (shown on the alert page, "You are told because you ...")
    ISSUER: ("issued the invite", "issued the invite"),
    LEAD: ("the team's designated safeguarding lead", "are the team's designated safeguarding lead"),
    FALLBACK: ("the safeguarding inbox: no invite, and the team has no safeguarding lead",
               "are the safeguarding inbox, and nobody issued an invite or leads the team's safeguarding"),
}


def reasons_text(reasons: list[str], which: int = 0) -> str:
    return " and ".join(REASONS[r][which] for r in reasons)


def _recipients(response: Response) -> list[dict]:
    people: dict[int, dict] = {}
    invite = db.session.get(Invite, response.invite_id) if response.invite_id else None
    if invite is not None and invite.issued_by is not None and invite.issued_by.active:
        issuer = invite.issued_by
        people[issuer.id] = {"user_id": issuer.id, "name": issuer.name, "email": issuer.email, "reasons": [ISSUER]}
    for lead in leads_of(response.team_id):
        people.setdefault(lead.id, {"user_id": lead.id, "name": lead.name, "email": lead.email, "reasons": []})
        people[lead.id]["reasons"].append(LEAD)
    recipients = list(people.values())
    if not recipients:
        fallback = mail.setting("SAFEGUARDING_FALLBACK_EMAIL")
        if fallback:
            recipients.append({"user_id": None, "name": "Safeguarding inbox", "email": fallback, "reasons": [FALLBACK]})
    for person in recipients:
        person["why"] = reasons_text(person["reasons"])
        person["sent"] = None
    return recipients


def alert_url(alert: Alert) -> str:
    if has_request_context():
        return url_for("feedback.alert", alert_id=alert.id, _external=True)
    return f"/feedback/alerts/{alert.id}"


def email_text(alert: Alert, reasons: list[str]) -> tuple[str, str]:
    """The subject and body of the email about an alert."""
    response = alert.response
    campaign = alert.campaign
    lines = [
        "A response to a feedback questionnaire says the person who answered may not be safe.",
        "Please check on them today.",
        "",
        f"Questionnaire: {campaign.questionnaire.title} ({campaign.name})",
        f"Team: {alert.team.name if alert.team else 'not known (answered through an open link)'}",
    ]
    if response.invite is not None:
        lines.append(f"Invite code: {response.invite.display_code}, issued by {response.invite.issued_by.name}"
                     f" on {response.invite.created_at:%-d %B %Y}")
    else:
        lines.append("Answered through the campaign's open link: the respondent did not use an invite code.")
    lines.append(f"Sent: {alert.raised_at:%-d %B %Y at %H:%M}")
    if response.respondent_name:
        lines.append(f"Name they gave: {response.respondent_name}")
    lines += ["", "What they said:"]
    for signal in alert.signals:
        if signal["kind"] == rules.ANSWER:
            lines.append(f"- \"{signal['question']}\" They answered: {signal['answer_words']}")
        else:
            lines.append(f"- \"{signal['question']}\" Words of concern: {', '.join(signal['words'])}")
            lines.append(f"  They wrote: \"{signal['text']}\"")
    lines += [
        "",
        f"You are told because you {reasons_text(reasons, 1)}.",
        "Open the alert to say you have seen it, and close it with a note when it is dealt with:",
        alert_url(alert),
    ]
    subject = f"Safeguarding alert: {campaign.name} – please check today"
    return subject, "\n".join(lines)


def notify(alert: Alert) -> None:
    """Email each recipient, and record whether it went. After the alert is committed."""
    recipients = []
    for person in alert.recipients:
        subject, body = email_text(alert, person["reasons"])
        recipients.append({**person, "sent": mail.send_email(person["email"], subject, body)})
    alert.recipients = recipients
    db.session.commit()


# --- Reading and acting on alerts ---------------------------------------------------------


def can_see(user: User, alert: Alert, lead_teams: set[int] | None = None) -> bool:
    if user.has_role(ADMIN):
        return True
    invite = alert.response.invite
    if invite is not None and invite.issued_by_id == user.id:
        return True
    lead_teams = lead_team_ids(user) if lead_teams is None else lead_teams
    return alert.team_id is not None and alert.team_id in lead_teams


def may_use_alerts_page(user: User) -> bool:
    """Administrators, practitioners (they issue invites) and safeguarding leads."""
    return user.has_role(ADMIN, "practitioner") or bool(lead_team_ids(user))


def visible_alerts(user: User) -> tuple[list[Alert], list[Alert]]:
    """(open alerts, oldest first; closed alerts, newest first, the last 50) the person may see."""
    query = select(Alert).options(
        joinedload(Alert.response).joinedload(Response.invite), joinedload(Alert.campaign), joinedload(Alert.team)
    )
    if not user.has_role(ADMIN):
        teams = lead_team_ids(user)
        mine = select(Response.id).join(Invite, Response.invite_id == Invite.id).where(Invite.issued_by_id == user.id)
        condition = Alert.response_id.in_(mine)
        if teams:
            condition = condition | Alert.team_id.in_(teams)
        query = query.where(condition)
    open_alerts = list(db.session.scalars(query.where(Alert.closed_at.is_(None)).order_by(Alert.raised_at, Alert.id)).unique())
    closed = list(db.session.scalars(
        query.where(Alert.closed_at.is_not(None)).order_by(Alert.closed_at.desc(), Alert.id.desc()).limit(50)
    ).unique())
    return open_alerts, closed


def acknowledge(alert: Alert, user: User) -> bool:
    """Record who has seen the alert and when. False if it was already acknowledged."""
    if alert.acknowledged_at is not None:
        return False
    alert.acknowledged_at = utcnow()
    alert.acknowledged_by_id = user.id
    db.session.commit()
    return True


def close(alert: Alert, user: User, note: str) -> bool:
    """Close the alert with a note of what was done (acknowledging it too if nobody had).
    False if it was already closed."""
    note = (note or "").strip()
    if alert.closed_at is not None:
        return False
    if not note:
        raise AlertError("Enter what was done before closing the alert", "note")
    if len(note) > NOTE_MAX:
        raise AlertError(f"The note must be {NOTE_MAX:,} characters or fewer", "note")
    now = utcnow()
    if alert.acknowledged_at is None:
        alert.acknowledged_at = now
        alert.acknowledged_by_id = user.id
    alert.closed_at = now
    alert.closed_by_id = user.id
    alert.close_note = note
    db.session.commit()
    return True


# --- Time, in words -----------------------------------------------------------------------


def duration_words(delta: timedelta) -> str:
    """'less than a minute', '5 minutes', '2 hours 5 minutes', '3 days 4 hours'."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)

    def unit(n, word):
        return f"{n} {word}{'' if n == 1 else 's'}"

    if days:
        return unit(days, "day") + (f" {unit(hours, 'hour')}" if hours else "")
    if hours:
        return unit(hours, "hour") + (f" {unit(minutes, 'minute')}" if minutes else "")
    return unit(minutes, "minute")


def time_to_acknowledge(alert: Alert) -> timedelta | None:
    return None if alert.acknowledged_at is None else alert.acknowledged_at - alert.raised_at


def median_time_to_acknowledge(alerts: Iterable[Alert]) -> timedelta | None:
    times = sorted(t for t in (time_to_acknowledge(a) for a in alerts) if t is not None)
    if not times:
        return None
    middle = len(times) // 2
    return times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2


def age(alert: Alert, now: datetime | None = None) -> timedelta:
    return (now or utcnow()) - alert.raised_at
