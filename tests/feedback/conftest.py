"""Fixtures for feedback tests: the seed questionnaires, teams, campaigns, invites, the
captured outbox, and a respondent filling in the form as a browser would."""
import re
from datetime import date, timedelta

import pytest

from app.core.jobs import run_queued
from sqlalchemy import select

from app.core.db import db
from app.feedback import services
from app.feedback.models import Campaign, Invite, QuestionnaireVersion
from app.safeguarding.models import SafeguardingLead
from app.feedback.questionnaire_service import questionnaire_by_key, seed_questionnaires
from app.org.models import District, Team


@pytest.fixture
def outbox(app):
    """Emails captured instead of sent, emptied for this test."""
    box = app.extensions.setdefault("mail_outbox", [])
    box.clear()
    yield box
    box.clear()


@pytest.fixture
def questionnaires(app):
    seed_questionnaires()


def published(key: str) -> QuestionnaireVersion:
    return questionnaire_by_key(key).published


@pytest.fixture
def team(places):
    return make_team_named("Barrow Safeguarding", "Barrow")


def make_team_named(name: str, district: str = "Carlisle", service_area: str = "safeguarding") -> Team:
    existing = db.session.scalar(select(Team).where(Team.name == name))
    if existing is not None:
        return existing
    team = Team(name=name, district=db.session.scalar(select(District).where(District.name == district)),
                service_area=service_area)
    db.session.add(team)
    db.session.commit()
    return team


@pytest.fixture
def make_team(places):
    return make_team_named


@pytest.fixture
def admin(make_user):
    return make_user("admin", email="alex.admin@example.org", name="Alex Admin")


@pytest.fixture
def practitioner(make_user, team):
    return make_user("practitioner", email="priya@example.org", name="Priya Practitioner", team_id=team.id)


@pytest.fixture
def lead(make_user, team):
    """The team's designated safeguarding lead (a team manager: no practitioner role needed)."""
    user = make_user("auditor", email="lee.lead@example.org", name="Lee Lead", team_id=team.id)
    db.session.add(SafeguardingLead(team_id=team.id, user_id=user.id))
    db.session.commit()
    return user


@pytest.fixture
def make_campaign(questionnaires, admin):
    def make(key: str = "children_feedback", *, team=None, district=None, open_link: bool = False,
             start: date | None = None, end: date | None = None, name: str | None = None, target_rate=0.25) -> Campaign:
        today = date.today()
        return services.create_campaign(
            name=name or f"{key} campaign", version=published(key), period_start=start or today - timedelta(days=30),
            period_end=end or today + timedelta(days=60), district=district, team=team, target_rate=target_rate,
            open_link=open_link, user=admin,
        )

    return make


@pytest.fixture
def campaign(make_campaign):
    return make_campaign()


@pytest.fixture
def invite(campaign, practitioner) -> Invite:
    return services.issue_invite(campaign, practitioner, date.today())


def form_of(response) -> dict:
    """The respondent form's hidden fields (CSRF token, submission key) from its page."""
    html = response.get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    key = re.search(r'name="submission" value="([^"]+)"', html)
    assert token and key, "no respondent form on the page"
    return {"csrf_token": token.group(1), "submission": key.group(1)}


def answer(client, url: str, answers: dict | None = None, text: dict | None = None, name: str | None = None,
           worker: bool = True, **http):
    """Open the questionnaire at `url` and send it with faces or agree answers by statement
    key, free text by question key, and a name. Then, unless `worker` is False, run the
    jobs the request queued (as the queue's worker would: emails are never sent inside the
    request). Returns (the POST response, the form sent)."""
    page = client.get(url, **http)
    assert page.status_code == 200, page.status_code
    data = form_of(page)
    data.update({f"s-{k}": v for k, v in (answers or {}).items()})
    data.update({f"t-{k}": v for k, v in (text or {}).items()})
    if name is not None:
        data["respondent_name"] = name
    response = client.post(url, data=data, **http)
    if worker:
        run_queued()
    return response, data
