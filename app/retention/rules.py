"""How long each kind of record is kept: plain data and date arithmetic, no database.

Each period runs from the moment the record's purpose ends, not from when it was made:

- a respondent's own words (free-text answers and a name they chose to give) and who an
  invite was given to: from the end of the campaign they answered (their words are read
  for themes and "you said, we did" in the reporting cycles that follow);
- the rest of a response (the answers scored in the figures): from the end of its campaign;
- a safeguarding alert and its history: from when it was closed; a response with an alert
  is kept as long as its alert, and while an alert is open nothing of its response goes;
- emails in the outbox (they can quote a child's words): from when they were sent or gave up;
- a case audit, its moderation and its corrective actions: from its submission (or, never
  submitted, from the round's due date);
- an entry in the activity log: from when it was written.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# Defaults, in days; each can be set by an environment variable of the same name.
DEFAULTS = {
    "INVITE_NOTE_RETENTION_DAYS": 90,
    "FREE_TEXT_RETENTION_DAYS": 365,
    "RESPONSE_RETENTION_DAYS": 3 * 365,
    "ALERT_RETENTION_DAYS": 6 * 365,
    "NOTIFICATION_RETENTION_DAYS": 90,
    "AUDIT_RETENTION_DAYS": 6 * 365,
    "ACTIVITY_RETENTION_DAYS": 2 * 365,
}

WHAT = {
    "INVITE_NOTE_RETENTION_DAYS": "who an invite was given to, after its campaign ends",
    "FREE_TEXT_RETENTION_DAYS": "a respondent's own words and any name they gave, after the campaign ends",
    "RESPONSE_RETENTION_DAYS": "the rest of a response (its scored answers), after the campaign ends",
    "ALERT_RETENTION_DAYS": "a safeguarding alert and its history, after it is closed",
    "NOTIFICATION_RETENTION_DAYS": "an email in the outbox, after it was sent or given up",
    "AUDIT_RETENTION_DAYS": "a case audit with its moderation and corrective actions, after submission",
    "ACTIVITY_RETENTION_DAYS": "an entry in the activity log, after it was written",
}


@dataclass(frozen=True)
class Policy:
    invite_note_days: int = DEFAULTS["INVITE_NOTE_RETENTION_DAYS"]
    free_text_days: int = DEFAULTS["FREE_TEXT_RETENTION_DAYS"]
    response_days: int = DEFAULTS["RESPONSE_RETENTION_DAYS"]
    alert_days: int = DEFAULTS["ALERT_RETENTION_DAYS"]
    notification_days: int = DEFAULTS["NOTIFICATION_RETENTION_DAYS"]
    audit_days: int = DEFAULTS["AUDIT_RETENTION_DAYS"]
    activity_days: int = DEFAULTS["ACTIVITY_RETENTION_DAYS"]

    @classmethod
    def from_config(cls, config) -> Policy:
        def days(name):
            return int(config.get(name, DEFAULTS[name]))

        return cls(days("INVITE_NOTE_RETENTION_DAYS"), days("FREE_TEXT_RETENTION_DAYS"), days("RESPONSE_RETENTION_DAYS"),
                   days("ALERT_RETENTION_DAYS"), days("NOTIFICATION_RETENTION_DAYS"), days("AUDIT_RETENTION_DAYS"),
                   days("ACTIVITY_RETENTION_DAYS"))

    def problems(self) -> list[str]:
        """Periods that would defeat their purpose: free text kept longer than the response it
        belongs to makes no sense, and an alert's response must outlive the alert's purpose."""
        out = []
        if self.free_text_days > self.response_days:
            out.append("FREE_TEXT_RETENTION_DAYS cannot be longer than RESPONSE_RETENTION_DAYS: the words are part of the response")
        if self.invite_note_days > self.response_days:
            out.append("INVITE_NOTE_RETENTION_DAYS cannot be longer than RESPONSE_RETENTION_DAYS")
        return out


def cutoff(today: date, days: int) -> date:
    """Records whose period started before this UK date are past their time: kept for
    `days` whole days after the day it started. With 90 days, a campaign that ended on
    1 March 2026 keeps its invite notes through 30 May and loses them from 31 May."""
    return today - timedelta(days=days)
