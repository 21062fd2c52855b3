"""The outbox: every email the product sends is first a row here, written in the same
transaction as whatever caused it, then delivered by a worker (`app.notifications.delivery`)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow

PENDING = "pending"  # not sent yet: waiting for a worker, or for its next try
SENT = "sent"
FAILED = "failed"  # every try failed; an administrator must act (shown on the alerts page)


class Notification(db.Model):
    __tablename__ = "notification"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # alert, escalation, contact_request, reminder, moderation
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("safeguarding_alert.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    to_email: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str | None] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A worker claims the row before sending; a claim that runs out (the worker died) lets
    # another worker try again.
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))

    alert = relationship("Alert")
    user = relationship("User")

    @property
    def message_id(self) -> str:
        """The same on every try, so a mail system can tell a repeat from a new message."""
        return f"<notification-{self.id}@children-services-qa>"
