"""Safeguarding alerts: raised when a response says the respondent may not be safe, told to
the people who must act (through the outbox, never inside the respondent's request),
escalated when nobody acknowledges them in time (`escalation`), acknowledged, and closed
with a note. Every step is kept as an AlertEvent.

Who is told at first (and nobody else): the practitioner who issued the invite, if the
response came through one and they still hold the practitioner role in the invite's team;
and the team's designated safeguarding leads. If neither exists, the safeguarding inbox
(SAFEGUARDING_INBOX_EMAIL). Later steps are in `rules.ESCALATION_STEPS`.

Who may open an alert: administrators; the invite's issuer, while they still hold the
practitioner role in that team; the team's safeguarding leads; the team's managers. Who
the invite was given to is shown only to administrators, the issuer and the leads.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import User, UserRole
from app.auth.roles import ADMIN, PRACTITIONER, TEAM_MANAGER
from app.core import clock
from app.core.db import db, utcnow
from app.core.urls import public_url
from app.feedback import rules as feedback_rules
from app.feedback.concern_phrases import concern_pattern
from app.feedback.models import Invite, Response
from app.notifications import delivery
from app.safeguarding import rules
from app.safeguarding.models import Alert, AlertEvent, ConcernWord, SafeguardingLead

PHRASE_MAX = 120
NOTE_MAX = 5000

RAISED = "raised"
ESCALATED = "escalated"
ACKNOWLEDGED = "acknowledged"
CONTACT = "contact_request"
CLOSED = "closed"


class AlertError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Concern phrases (administrators') ----------------------------------------------------


def concern_word_rows() -> list[ConcernWord]:
    return list(db.session.scalars(select(ConcernWord).order_by(ConcernWord.phrase)))


def concern_words() -> list[str]:
    """The administrators' own phrases, checked on top of the built-in detector."""
    return [w.phrase for w in concern_word_rows()]


def add_concern_word(phrase: str, user: User | None) -> ConcernWord:
    phrase = " ".join((phrase or "").split())
    if not phrase:
        raise AlertError("Enter a word or phrase", "phrase")
    if len(phrase) > PHRASE_MAX:
        raise AlertError(f"The word or phrase must be {PHRASE_MAX} characters or fewer", "phrase")
    if concern_pattern(phrase) is None:
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


# --- Safeguarding leads and team managers -------------------------------------------------


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


def managers_of(team_id: int | None) -> list[User]:
    """Active people holding the team manager role in the team, now."""
    if team_id is None:
        return []
    return list(db.session.scalars(
        select(User).where(User.team_id == team_id, User.active.is_(True),
                           User.role_rows.any(UserRole.role == TEAM_MANAGER)).order_by(User.name)
    ))


def lead_team_ids(user: User) -> set[int]:
    if not user.active:
        return set()
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


def is_current_issuer(user: User | None, invite: Invite | None) -> bool:
    """The person who issued the invite, still active, still a practitioner, still in the
    invite's team: someone who has moved on is no longer told or shown the alert."""
    if user is None or invite is None or invite.issued_by_id != user.id or not user.active:
        return False
    if not user.has_role(PRACTITIONER):
        return False
    return invite.team_id is None or user.team_id == invite.team_id


# --- Raising an alert ---------------------------------------------------------------------


def describe_signals(questionnaire, signals: Iterable[feedback_rules.Signal], free_text: dict) -> list[dict]:
    """What was said, for the alert: only what the respondent gave."""
    out = []
    questions = {f.key: f.text for f in questionnaire.free_text}
    for signal in signals:
        if signal.kind == feedback_rules.ANSWER:
            statement = questionnaire.statement(signal.key)
            out.append({
                "kind": feedback_rules.ANSWER, "key": signal.key, "question": statement.text, "answer": signal.answer,
                "answer_words": feedback_rules.SCALES[statement.scale].label_of(signal.answer),
            })
        else:
            out.append({
                "kind": feedback_rules.FREE_TEXT, "key": signal.key, "question": questions.get(signal.key, signal.key),
                "words": list(signal.words), "categories": list(getattr(signal, "categories", ()) or ()),
                "text": free_text.get(signal.key, ""),
            })
    return out


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


def first_recipients(response: Response) -> list[dict]:
    """Who is told when the alert is raised: [{"user_id", "name", "email", "reasons", "why"}]."""
    people: dict[int, dict] = {}
    invite = db.session.get(Invite, response.invite_id) if response.invite_id else None
    if invite is not None and is_current_issuer(invite.issued_by, invite):
        issuer = invite.issued_by
        people[issuer.id] = {"user_id": issuer.id, "name": issuer.name, "email": issuer.email, "reasons": [ISSUER]}
    for lead in leads_of(response.team_id):
        people.setdefault(lead.id, {"user_id": lead.id, "name": lead.name, "email": lead.email, "reasons": []})
        people[lead.id]["reasons"].append(LEAD)
    recipients = list(people.values())
    if not recipients:
        inbox = current_app.config.get("SAFEGUARDING_INBOX_EMAIL")
        if inbox:
            recipients.append({"user_id": None, "name": "Safeguarding inbox", "email": inbox, "reasons": [FALLBACK]})
    for person in recipients:
        person["why"] = reasons_text(person["reasons"])
    return recipients


def timing() -> rules.Timing:
    config = current_app.config
    return rules.Timing(config.get("ALERT_ACK_MINUTES", 120), config.get("ALERT_ACK_MINUTES_OUT_OF_HOURS", 120),
                        tuple(config.get("SAFEGUARDING_OFFICE_HOURS", (540, 1020))))


def timing_window() -> timedelta:
    """The time to acknowledge in office hours, for the words on the alerts page."""
    return timedelta(minutes=timing().office_minutes)


def next_escalation_at(level: int, since: datetime) -> datetime | None:
    return rules.next_escalation(level, since, clock.to_local(since), timing(), clock.is_bank_holiday)


def raise_alert(response: Response, questionnaire, concern_phrases: list[str] | None = None) -> Alert | None:
    """An alert for the response if it has safety signals, with its first notifications
    and its history's first step: all added to the session, not committed, so they are
    saved with the response or not at all. Call `send_soon(alert)` after the commit."""
    if concern_phrases is None:
        # The administrators' phrases are looked for in free text only: no text, no query.
        written = any(isinstance(t, str) and t.strip() for t in (response.free_text or {}).values())
        concern_phrases = concern_words() if written else []
    phrases = concern_phrases
    signals = feedback_rules.safety_signals(questionnaire, response.answers, response.free_text, phrases,
                                            language=response.language)
    if not signals:
        return None
    now = response.submitted_at or utcnow()
    recipients = first_recipients(response)
    alert = Alert(
        response=response, campaign_id=response.campaign_id, team_id=response.team_id, raised_at=now,
        signals=describe_signals(questionnaire, signals, response.free_text), recipients=recipients,
        escalation_level=0, escalate_at=next_escalation_at(0, now), contact_token=secrets.token_urlsafe(32),
    )
    db.session.add(alert)
    db.session.flush()  # the alert's id, for the link in the email
    told = [{"name": p["name"], "email": p["email"], "why": p["why"]} for p in recipients]
    db.session.add(AlertEvent(alert_id=alert.id, at=now, kind=RAISED, level=0, told=told))
    for person in recipients:
        subject, body = email_text(alert, f"You are told because you {reasons_text(person['reasons'], 1)}.")
        delivery.queue_email(kind="alert", to_email=person["email"], to_name=person["name"], subject=subject,
                             body=body, user_id=person["user_id"], alert_id=alert.id)
    return alert


def send_soon(alert: Alert) -> None:
    """After the commit that saved the alert: put its unsent notifications on the queue."""
    delivery.send_soon(n for n in delivery.for_alert(alert.id) if n.status == "pending" and n.attempts == 0)


def alert_url(alert: Alert) -> str:
    return public_url("safeguarding.alert", alert_id=alert.id)


def email_text(alert: Alert, why: str, heading: str | None = None) -> tuple[str, str]:
    """The subject and body of an email about an alert. Who the invite was given to is
    never in an email: only on the alert page, for those who may see it."""
    response = alert.response
    campaign = alert.campaign
    lines = [
        heading or "A response to a feedback questionnaire says the person who answered may not be safe.",
        "Please check on them today.",
        "",
        f"Questionnaire: {campaign.questionnaire.title} ({campaign.name})",
        f"Team: {alert.team.name if alert.team else 'not known (answered through an open link)'}",
    ]
    if response.invite is not None:
        lines.append(f"Invite code: {response.invite.display_code}, issued by {response.invite.issued_by.name}"
                     f" on {clock.local_date(response.invite.created_at)}")
    else:
        lines.append("Answered through the campaign's open link: the respondent did not use an invite code.")
    lines.append(f"Sent: {clock.local_datetime(alert.raised_at)}")
    if response.respondent_name:
        lines.append(f"Name they gave: {response.respondent_name}")
    if (response.language or "en") != "en":
        from app.feedback.translations import language_name

        lines.append(f"Answered in: {language_name(response.language)}")
    lines += ["", "What they said:"]
    for signal in alert.signals:
        if signal["kind"] == feedback_rules.ANSWER:
            lines.append(f"- \"{signal['question']}\" They answered: {signal['answer_words']}")
        else:
            kinds = ", ".join(category_words(signal))
            lines.append(f"- \"{signal['question']}\" Concern: {kinds}")
            lines.append(f"  They wrote: \"{signal['text']}\"")
    if alert.contact_request:
        lines += ["", rules.contact_words(alert.contact_request)]
    lines += [
        "",
        why,
        "Open the alert to say you have seen it, and close it with a note when it is dealt with:",
        alert_url(alert),
    ]
    subject = f"Safeguarding alert: {campaign.name} – please check today"
    return subject, "\n".join(lines)


def category_words(signal: dict) -> list[str]:
    """The kinds of concern found in free text, in words ("Self-harm or suicide")."""
    categories = signal.get("categories") or []
    if not categories:  # alerts raised before the detector named its categories
        return [f"words of concern ({', '.join(signal.get('words', []))})"]
    from app.feedback.concerns import CATEGORIES

    named = dict(CATEGORIES, **{feedback_rules.OTHER_LANGUAGE: feedback_rules.OTHER_LANGUAGE_WORDS})
    return [named.get(c, c) for c in categories]


# --- The respondent's wish to be contacted ------------------------------------------------


def alert_by_contact_token(token: str | None) -> Alert | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Alert).where(Alert.contact_token == token))


def record_contact_request(alert: Alert, request: dict) -> None:
    """Keep what the respondent asked for, tell everyone told so far, and forget the token."""
    now = utcnow()
    alert.contact_request = {**request, "at": now.isoformat(timespec="seconds")}
    alert.contact_token = None
    told = told_so_far(alert)
    db.session.add(AlertEvent(alert_id=alert.id, at=now, kind=CONTACT, told=told,
                              note=rules.contact_words(request)))
    if request.get("wants") == rules.CONTACT_YES:
        for person in told:
            subject, body = email_text(alert, "You are told because you were told about this alert.",
                                       heading="The person who answered has asked for someone to get in touch.")
            delivery.queue_email(kind="contact_request", to_email=person["email"], to_name=person["name"],
                                 subject="Asked to be contacted – " + subject, body=body, alert_id=alert.id)
    db.session.commit()
    send_soon(alert)


def told_so_far(alert: Alert) -> list[dict]:
    seen, out = set(), []
    for event in alert.events:
        for person in event.told or []:
            if person["email"] not in seen:
                seen.add(person["email"])
                out.append(person)
    return out


# --- Reading and acting on alerts ---------------------------------------------------------


def can_see(user: User, alert: Alert, lead_teams: set[int] | None = None) -> bool:
    if not user.active:
        return False
    if user.has_role(ADMIN):
        return True
    if is_current_issuer(user, alert.response.invite):
        return True
    lead_teams = lead_team_ids(user) if lead_teams is None else lead_teams
    if alert.team_id is not None and alert.team_id in lead_teams:
        return True
    return alert.team_id is not None and user.has_role(TEAM_MANAGER) and user.team_id == alert.team_id


def may_see_given_to(user: User, alert: Alert) -> bool:
    """Who an invite was given to: administrators, its issuer, the team's safeguarding leads."""
    if user.has_role(ADMIN):
        return True
    if is_current_issuer(user, alert.response.invite):
        return True
    return alert.team_id is not None and alert.team_id in lead_team_ids(user)


def may_use_alerts_page(user: User) -> bool:
    """Administrators, practitioners (they issue invites), team managers and safeguarding leads."""
    return user.has_role(ADMIN, PRACTITIONER, TEAM_MANAGER) or bool(lead_team_ids(user))


def visible_alerts(user: User) -> tuple[list[Alert], list[Alert]]:
    """(open alerts: unacknowledged first, each group oldest first; closed alerts, newest
    first, the last 50) that the person may see."""
    query = select(Alert).options(
        joinedload(Alert.response).joinedload(Response.invite).joinedload(Invite.issued_by),
        joinedload(Alert.campaign), joinedload(Alert.team),
    )
    teams = lead_team_ids(user)  # once, not once per alert
    if not user.has_role(ADMIN):
        mine = (select(Response.id).join(Invite, Response.invite_id == Invite.id)
                .where(Invite.issued_by_id == user.id))
        condition = Alert.response_id.in_(mine)
        if teams:
            condition = condition | Alert.team_id.in_(teams)
        if user.has_role(TEAM_MANAGER) and user.team_id is not None:
            condition = condition | (Alert.team_id == user.team_id)
        query = query.where(condition)
    # The query finds candidates; can_see also checks the issuer still holds the role in the team.
    open_alerts = [a for a in db.session.scalars(query.where(Alert.closed_at.is_(None))).unique()
                   if can_see(user, a, lead_teams=teams)]
    open_alerts.sort(key=lambda a: rules.list_order(a.acknowledged_at, a.raised_at, a.id))
    closed = [a for a in db.session.scalars(
        query.where(Alert.closed_at.is_not(None)).order_by(Alert.closed_at.desc(), Alert.id.desc()).limit(50)
    ).unique() if can_see(user, a, lead_teams=teams)]
    return open_alerts, closed


def is_overdue(alert: Alert, now: datetime | None = None) -> bool:
    return rules.is_overdue(alert.acknowledged_at, alert.escalate_at, alert.escalation_level, now or utcnow())


def history(alert: Alert) -> list[AlertEvent]:
    return list(db.session.scalars(
        select(AlertEvent).options(selectinload(AlertEvent.by)).where(AlertEvent.alert_id == alert.id)
        .order_by(AlertEvent.at, AlertEvent.id)))


def acknowledge(alert: Alert, user: User, now: datetime | None = None) -> bool:
    """Record who has picked the alert up and when, and stop its escalation. False if it
    was already acknowledged."""
    if alert.acknowledged_at is not None:
        return False
    now = now or utcnow()
    alert.acknowledged_at = now
    alert.acknowledged_by_id = user.id
    alert.escalate_at = None
    db.session.add(AlertEvent(alert_id=alert.id, at=now, kind=ACKNOWLEDGED, level=alert.escalation_level, by_id=user.id))
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
        alert.escalate_at = None
        db.session.add(AlertEvent(alert_id=alert.id, at=now, kind=ACKNOWLEDGED, level=alert.escalation_level,
                                  by_id=user.id))
    alert.closed_at = now
    alert.closed_by_id = user.id
    alert.close_note = note
    alert.contact_token = None
    db.session.add(AlertEvent(alert_id=alert.id, at=now, kind=CLOSED, by_id=user.id, note=note))
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
