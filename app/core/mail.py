"""Sending email.

`send_email(to, subject, body)` sends plain text through SMTP when MAIL_SERVER is set and
the app is not testing (a test that runs a real SMTP server on loopback sets
MAIL_IN_TESTS). Otherwise the message is CAPTURED, never sent: appended to
`app.extensions["mail_outbox"]` (tests read it) and written to the log.

Safeguarding email does not call this inside a request: it is written to the outbox
(`app.notifications`) and a worker calls `deliver`, which raises when sending fails so
that the outbox can try again later.

Settings (app config, or environment variables of the same name):

    MAIL_SERVER     SMTP host; unset means capture only
    MAIL_PORT       default 587 (STARTTLS is used whenever the server offers it)
    MAIL_USERNAME   optional; with MAIL_PASSWORD, sign in to the server
    MAIL_PASSWORD
    MAIL_FROM       the sender, default "no-reply@localhost"

Returns True when the message was sent or captured, False when sending failed (the
failure is logged; callers record it rather than lose what they were doing).
"""
from __future__ import annotations

import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    body: str
    sender: str


def setting(name: str, default=None):
    value = current_app.config.get(name)
    if value in (None, ""):
        value = os.environ.get(name) or default
    return value


def outbox() -> list[Mail]:
    """Messages captured instead of sent (testing, or no MAIL_SERVER)."""
    return current_app.extensions.setdefault("mail_outbox", [])


class MailError(RuntimeError):
    """The mail server could not be reached or refused the message."""


def deliver(to: str | list[str] | tuple[str, ...], subject: str, body: str, message_id: str | None = None) -> None:
    """Send one message now, or capture it (see the module's note). Raises MailError."""
    recipients = (to,) if isinstance(to, str) else tuple(to)
    recipients = tuple(r for r in recipients if r)
    if not recipients:
        raise MailError("no address to send to")
    mail = Mail(recipients, subject, body, setting("MAIL_FROM", "no-reply@localhost"))
    server = setting("MAIL_SERVER")
    if not server or (current_app.config.get("TESTING") and not current_app.config.get("MAIL_IN_TESTS")):
        outbox().append(mail)
        log.info("Email captured, not sent (no MAIL_SERVER, or testing): to %s: %s", ", ".join(recipients), subject)
        return
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    try:
        with smtplib.SMTP(server, int(setting("MAIL_PORT", 587)), timeout=20) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
            username = setting("MAIL_USERNAME")
            if username:
                smtp.login(username, setting("MAIL_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{type(error).__name__}: {error}"[:250]) from error


def send_email(to: str | list[str] | tuple[str, ...], subject: str, body: str) -> bool:
    """Send now; False (logged) when it could not be sent."""
    try:
        deliver(to, subject, body)
    except MailError:
        log.exception("Email to %s could not be sent: %s", to, subject)
        return False
    return True
