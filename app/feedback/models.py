"""Feedback: questionnaires and their versions, campaigns, invites, responses and comment
themes. Safeguarding alerts raised by responses are in `app.safeguarding`.

Respondents are never asked who they are, and nothing about their device is kept: no IP
address, user agent or fingerprint is stored anywhere. A response knows its campaign, the
invite it came from (if any), and the team and district of that invite or campaign. A
name is kept only when the respondent chose to write one.
"""
from datetime import date, datetime
from functools import cached_property, lru_cache

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow
from app.feedback import rules


class Questionnaire(db.Model):
    """A questionnaire's identity; what it asks lives in its versions."""

    __tablename__ = "questionnaire"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list["QuestionnaireVersion"]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireVersion.version", cascade="all, delete-orphan"
    )

    @property
    def published(self) -> "QuestionnaireVersion | None":
        """The newest published version: the one new campaigns use."""
        live = [v for v in self.versions if v.status == rules.PUBLISHED]
        return live[-1] if live else None

    @property
    def draft(self) -> "QuestionnaireVersion | None":
        drafts = [v for v in self.versions if v.status == rules.DRAFT]
        return drafts[-1] if drafts else None

    @property
    def audience_label(self) -> str:
        return rules.AUDIENCES.get(self.audience, self.audience)


@lru_cache(maxsize=256)
def _questionnaire_definition(text: str, source: str):
    """Parsed once per process for the same text (results read thousands of responses on a
    few versions); definitions are frozen dataclasses, never changed in place."""
    from app.feedback.questionnaires import load_questionnaire_text

    return load_questionnaire_text(text, source)


class QuestionnaireVersion(db.Model):
    """One version of a questionnaire, stored as its YAML. A published version never
    changes: every response records the campaign, and so the version, it answered."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=rules.DRAFT)
    definition_yaml: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="versions")
    created_by = relationship("User", foreign_keys=[created_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])

    @cached_property
    def definition(self):
        return _questionnaire_definition(self.definition_yaml, f"{self.questionnaire.key} version {self.version}")

    @property
    def label(self) -> str:
        return f"{self.questionnaire.title}, version {self.version}"


class Campaign(db.Model):
    """A questionnaire handed out for a period, perhaps to one district or team, with a
    response-rate target. Invites are issued in it; an open link, if it has one, can be
    answered any number of times."""

    __tablename__ = "feedback_campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    target_rate: Mapped[float] = mapped_column(Float, default=rules.RESPONSE_RATE_TARGET)
    open_link_token: Mapped[str | None] = mapped_column(String(40), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    district = relationship("District")
    team = relationship("Team")
    created_by = relationship("User", foreign_keys=[created_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])

    @property
    def questionnaire(self):
        """The questionnaire as asked (the parsed definition of its version)."""
        return self.questionnaire_version.definition

    def is_open_on(self, day: date) -> bool:
        return self.closed_at is None and self.period_start <= day <= self.period_end


class Invite(db.Model):
    """A short code a practitioner gives one person; it can be answered once."""

    __tablename__ = "feedback_invite"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("feedback_campaign.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)  # stored without its dash: 7KXM3QPA
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
    # Who it was given to, privately: a case reference or a note the practitioner
    # understands, so that an alert points to a child someone can find. Shown only on the
    # invite (to its issuer and administrators) and on an alert (to those who may open
    # it); never in results, reports, exports or the API. Deleted with the invite's
    # retention (`app.retention`).
    given_to: Mapped[str | None] = mapped_column(String(200))

    campaign: Mapped[Campaign] = relationship()
    issued_by = relationship("User")
    team = relationship("Team")

    @property
    def display_code(self) -> str:
        from app.feedback.invite_codes import display

        return display(self.code)


class Response(db.Model):
    """One person's answers. Who they are is never asked; no address or device is kept."""

    __tablename__ = "feedback_response"
    # A questionnaire's responses up to a day, counted for a report's fingerprint (app.reports.kept_figures).
    __table_args__ = (Index("ix_feedback_response_campaign_id_submitted_at", "campaign_id", "submitted_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("feedback_campaign.id"))
    # Unique: an invite is answered once, even by two tabs sending at the same moment.
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_invite.id"), unique=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # reports read by period
    respondent_name: Mapped[str | None] = mapped_column(String(120))  # only if they chose to leave one
    # A random token rendered in the form: a double-tapped submit is stored once.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # statement key -> answer key
    free_text: Mapped[dict] = mapped_column(JSON, default=dict)  # question key -> the text as given
    # The language it was answered in ("en", "pl", "easy-read"...): the same statements in
    # every language, so results pool, and can be split by it. None: before languages.
    language: Mapped[str | None] = mapped_column(String(20), default="en")

    campaign: Mapped[Campaign] = relationship()
    invite: Mapped[Invite | None] = relationship()
    team = relationship("Team")
    district = relationship("District")


class CommentTheme(db.Model):
    """A theme QA staff tag free-text comments with, such as "Being listened to"."""

    __tablename__ = "comment_theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    added_by = relationship("User")


class CommentTag(db.Model):
    """One free-text answer (a response's answer to one question) tagged with one theme.
    Unique, so that a form sent twice tags a comment once."""

    __tablename__ = "comment_tag"
    __table_args__ = (UniqueConstraint("response_id", "question_key", "theme_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("feedback_response.id"))
    question_key: Mapped[str] = mapped_column(String(80))
    theme_id: Mapped[int] = mapped_column(ForeignKey("comment_theme.id"))
    tagged_at: Mapped[datetime] = mapped_column(default=utcnow)
    tagged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    response: Mapped[Response] = relationship()
    theme: Mapped[CommentTheme] = relationship()
    tagged_by = relationship("User")


class AnswersInProgress(db.Model):
    """A respondent's answers before they press Send, found only by the random token in
    their page (a hidden field: no cookie, address or device is used or kept). Tied to one
    invite or open link, deleted when sent, and after `expires_at` by a scheduled job."""

    __tablename__ = "feedback_answers_in_progress"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # becomes the response's idempotency key
    campaign_id: Mapped[int] = mapped_column(ForeignKey("feedback_campaign.id"))
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_invite.id"))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    free_text: Mapped[dict] = mapped_column(JSON, default=dict)
    respondent_name: Mapped[str | None] = mapped_column(String(120))
    language: Mapped[str | None] = mapped_column(String(20))  # the language they chose, kept with the answers
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
