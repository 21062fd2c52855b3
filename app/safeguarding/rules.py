"""Rules of safeguarding alerts. Plain values in, plain values out: no Flask, no database.

**Who is told, step by step.** An alert is raised at step 0 and told at once to the
practitioner who issued the invite and the team's designated safeguarding leads (the
safeguarding inbox when there are neither). If nobody acknowledges it in time, it goes up
one step, and each step tells more people; every earlier recipient stays told:

| step | who is told                                                            |
|------|------------------------------------------------------------------------|
| 0    | the invite's issuer, the team's safeguarding leads (else the inbox)    |
| 1    | the team's managers and the safeguarding inbox; out of office hours, the out-of-hours (emergency duty) address too |
| 2    | the service's designated safeguarding lead                             |

**In time** means within ALERT_ACK_MINUTES of being raised or escalated (default 2 hours)
in office hours, or ALERT_ACK_MINUTES_OUT_OF_HOURS outside them. Office hours are Monday
to Friday, SAFEGUARDING_OFFICE_HOURS (default 09:00-17:00), UK time, not on a bank holiday
in England. The clock does not stop out of hours: a child at risk on a Friday night cannot
wait until Monday, so the out-of-hours window is a length of time, and the out-of-hours
service is told at step 1.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

TEAM_MANAGERS = "team_managers"
INBOX = "inbox"
OUT_OF_HOURS = "out_of_hours"
DESIGNATED_LEAD = "designated_lead"

# Step -> who that step adds.
ESCALATION_STEPS = {
    1: (TEAM_MANAGERS, INBOX, OUT_OF_HOURS),
    2: (DESIGNATED_LEAD,),
}
LAST_STEP = max(ESCALATION_STEPS)

WHY = {  # who -> "You are told because you ..."
    TEAM_MANAGERS: "manage the team, and nobody has acknowledged the alert in time",
    INBOX: "are the safeguarding inbox, and nobody has acknowledged the alert in time",
    OUT_OF_HOURS: "are the out-of-hours service, and nobody has acknowledged the alert in time",
    DESIGNATED_LEAD: "are the service's designated safeguarding lead, and nobody has acknowledged the alert"
                     " after it went to the team manager and the safeguarding inbox",
}


@dataclass(frozen=True)
class Timing:
    office_minutes: int = 120
    out_of_hours_minutes: int = 120
    office_hours: tuple[int, int] = (9 * 60, 17 * 60)  # minutes after midnight, UK time


def in_office_hours(local_moment: datetime, timing: Timing, is_bank_holiday: Callable[[date], bool]) -> bool:
    """Whether a UK-time moment is in office hours: a weekday, not a bank holiday, between
    the opening and closing times."""
    if local_moment.weekday() >= 5 or is_bank_holiday(local_moment.date()):
        return False
    minute = local_moment.hour * 60 + local_moment.minute
    return timing.office_hours[0] <= minute < timing.office_hours[1]


def acknowledge_within(local_moment: datetime, timing: Timing, is_bank_holiday: Callable[[date], bool]) -> timedelta:
    """How long people have to acknowledge an alert raised (or escalated) at this UK-time moment."""
    office = in_office_hours(local_moment, timing, is_bank_holiday)
    return timedelta(minutes=timing.office_minutes if office else timing.out_of_hours_minutes)


def next_escalation(level: int, since: datetime, local_since: datetime, timing: Timing,
                    is_bank_holiday: Callable[[date], bool]) -> datetime | None:
    """When an unacknowledged alert at `level` (reached at `since`, naive UTC) goes up a
    step; None when there is no further step."""
    if level >= LAST_STEP:
        return None
    return since + acknowledge_within(local_since, timing, is_bank_holiday)


def is_overdue(acknowledged_at: datetime | None, escalate_at: datetime | None, escalation_level: int,
               now: datetime) -> bool:
    """Not acknowledged, and past its time: either its next step is due, or it has been
    escalated already (someone should have answered it before that)."""
    if acknowledged_at is not None:
        return False
    return escalation_level > 0 or (escalate_at is not None and escalate_at <= now)


def list_order(acknowledged_at: datetime | None, raised_at: datetime, alert_id: int) -> tuple:
    """Open alerts: those nobody has acknowledged first, each group oldest first."""
    return (acknowledged_at is not None, raised_at, alert_id)


# --- What the respondent asks for ---------------------------------------------------------

CONTACT_YES = "yes"
CONTACT_NO = "no"
CONTACT_WAYS = {
    "worker": "Through my worker",
    "phone": "Ring me",
    "text": "Send me a text",
    "email": "Email me",
}
CONTACT_DETAILS_MAX = 200


def read_contact_request(wants: str | None, how: str | None, details: str | None) -> tuple[dict, dict[str, str]]:
    """(what they asked for, problems by field). Every part is optional except that a way
    to reach them needs the number or address to use."""
    wants = (wants or "").strip()
    how = (how or "").strip()
    details = " ".join((details or "").split())
    errors: dict[str, str] = {}
    if wants not in (CONTACT_YES, CONTACT_NO):
        errors["wants"] = "Choose yes or no"
        return {}, errors
    if wants == CONTACT_NO:
        return {"wants": CONTACT_NO}, errors
    if how and how not in CONTACT_WAYS:
        errors["how"] = "Choose how we should get in touch"
    if how in ("phone", "text", "email") and not details:
        errors["details"] = "Write the number or email address we should use" if how != "email" else \
            "Write the email address we should use"
    if len(details) > CONTACT_DETAILS_MAX:
        errors["details"] = f"Write {CONTACT_DETAILS_MAX} characters or fewer"
    return {"wants": CONTACT_YES, "how": how or "worker", "details": details}, errors


def contact_words(request: dict | None) -> str:
    """The respondent's wish, in words for staff."""
    if not request:
        return "They were not asked, or did not say."
    if request.get("wants") == CONTACT_NO:
        return "They said they do not want anyone to get in touch."
    way = CONTACT_WAYS.get(request.get("how"), "Through their worker")
    details = request.get("details")
    return f"They want someone to get in touch: {way.lower()}" + (f" ({details})." if details else ".")
