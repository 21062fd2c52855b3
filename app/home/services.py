"""What each person's home page shows: the parts their roles call for, in the order they act on
them, each built by the domain that owns the figures (no figure is worked out twice)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.audits import audit_service
from app.auth.models import User
from app.auth.roles import ADMIN, AUDITOR, MODERATOR, PRACTITIONER, QA_VIEWER
from app.core.clock import uk_today
from app.core.periods import HALF, Period
from app.feedback import services as feedback
from app.moderation import services as moderation
from app.org import scope
from app.reports.services import ReportData, build_headlines
from app.safeguarding import services as safeguarding

# The parts of a home page, in the order they appear. Open safeguarding alerts come first
# whoever the person is: a child who said they may not be safe is waiting on them.
ALERTS = "alerts"
AUDITS = "audits"
MODERATION = "moderation"
INVITES = "invites"
HEADLINES = "headlines"
PLAN = "plan"

OUTCOME_DAYS = 30  # an auditor sees moderation outcomes of the last 30 days
RECENT_INVITES = 5


def parts_for(user: User) -> list[str]:
    """The home page parts for a person, by their roles; the plan summary when no role calls for another."""
    parts = []
    if safeguarding.may_use_alerts_page(user):
        parts.append(ALERTS)  # practitioners, team managers, safeguarding leads, administrators
    if user.has_role(AUDITOR):
        parts.append(AUDITS)
    if user.has_role(MODERATOR):
        parts.append(MODERATION)
    if user.has_role(PRACTITIONER):
        parts.append(INVITES)
    if user.has_role(QA_VIEWER, ADMIN):
        parts.append(HEADLINES)
    if not set(parts) - {ALERTS}:
        parts.append(PLAN)
    return parts


# --- Auditor ----------------------------------------------------------------------------------


def audits_due(user: User, today: date | None = None) -> list[audit_service.MyAudit]:
    """The auditor's audits still to do: overdue first, then returned ones, then by due date."""
    rows = [r for r in audit_service.my_audits(user, today or uk_today()) if r.to_do]
    return sorted(rows, key=lambda r: not r.overdue)  # stable: my_audits' order within each group


# --- Moderator --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModerationWork:
    waiting: list[moderation.QueueItem]  # audits they may take, oldest first
    mine: list[moderation.QueueItem]  # audits they are moderating

    @property
    def waiting_overdue(self) -> int:
        return sum(1 for i in self.waiting if i.overdue)

    @property
    def mine_overdue(self) -> int:
        return sum(1 for i in self.mine if i.overdue)


def moderation_work(user: User, now: datetime | None = None) -> ModerationWork:
    return ModerationWork(moderation.queue(user, now), moderation.my_moderations(user, now))


# --- Practitioner -----------------------------------------------------------------------------


def open_alerts(user: User):
    return safeguarding.visible_alerts(user)[0] if safeguarding.may_use_alerts_page(user) else []


@dataclass(frozen=True)
class InviteWork:
    open_campaigns: int
    recent: list  # their latest invites


def invite_work(user: User, today: date | None = None) -> InviteWork:
    today = today or uk_today()
    campaigns = [c for c in feedback.campaigns_for(user) if feedback.can_issue(user, c, today)]
    return InviteWork(len(campaigns), feedback.invites_issued_by(user, limit=RECENT_INVITES))


# --- QA viewer and administrator --------------------------------------------------------------


def current_period(today: date | None = None) -> Period:
    """The six-monthly report period under way: the one a draft report opens on."""
    return Period.containing(today or uk_today(), HALF)


HEADLINE_TABLES = ("audit-headline", "exceptions", "overdue-actions")


def headlines(today: date | None = None, now: datetime | None = None, user: User | None = None) -> ReportData:
    """The current period's headline figure and exceptions, from the report's own builder: the
    county's, or the locality's or district's of someone narrowed to one (app/org/scope.py)."""
    area = scope.scope_of(user) if user is not None else scope.Scope(scope.COUNTY)
    return build_headlines(current_period(today), now=now,
                           district_id=area.ident if area.kind == scope.DISTRICT else None,
                           locality_id=area.ident if area.kind == scope.LOCALITY else None)
