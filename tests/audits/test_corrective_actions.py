"""Corrective actions tracked to completion: lists, completing, figures, reminders, CLI."""
from datetime import date, datetime, timedelta

import pytest
from conftest import error_messages, page

from app.audits import action_service
from app.audits.models import CorrectiveAction
from app.core.db import db
from app.core.jobs import run_queued

TODAY = date.today()


@pytest.fixture
def make_action(make_audit, make_user, publish_tool):
    auditor = tool_version = None

    def make(owner, case=None, due=TODAY + timedelta(days=10), description="Update the chronology", completed_at=None,
             confirmed=True, raised_by=None):
        """A completed action is confirmed (the day it was completed) unless `confirmed=False`."""
        nonlocal auditor, tool_version
        auditor = auditor or make_user("auditor")
        tool_version = tool_version or publish_tool()
        audit = make_audit(auditor=auditor, case=case, tool_version=tool_version)
        action = CorrectiveAction(
            audit=audit, case=audit.case, description=description, owner=owner, due_date=due,
            raised_by=raised_by or auditor, completed_at=completed_at,
            confirmed_at=completed_at if confirmed else None,
        )
        db.session.add(action)
        db.session.commit()
        return action

    return make


def _rows(response, caption_start):
    soup = page(response)
    for table in soup.select("table"):
        if table.caption.get_text(strip=True).startswith(caption_start):
            return [[c.get_text(" ", strip=True) for c in tr.select("td")] for tr in table.select("tbody tr")]
    return None


def test_list_shows_only_mine_overdue_first_and_tagged(client, make_user, make_action):
    me, other = make_user("practitioner"), make_user("practitioner")
    make_action(me, description="Later one", due=TODAY + timedelta(days=5))
    make_action(me, description="Late one", due=TODAY - timedelta(days=2))
    make_action(other, description="Not mine")
    make_action(me, description="Done one", completed_at=datetime.now() - timedelta(days=1))
    client.sign_in(me)
    response = client.get("/corrective-actions")
    assert response.status_code == 200
    rows = _rows(response, "My open corrective actions")
    assert [r[1] for r in rows] == ["Late one", "Later one"]
    assert "Overdue" in rows[0][2] and "Overdue" not in rows[1][2]
    assert page(response).select_one("td .govuk-tag--red").get_text(strip=True) == "Overdue"
    assert [r[1] for r in _rows(response, "Completed in the last 30 days")] == ["Done one"]
    assert "Not mine" not in response.get_data(as_text=True)
    assert _rows(response, "Open corrective actions on my team") is None


def test_team_managers_see_their_teams_open_actions(client, make_user, make_action, make_case, make_team):
    team, elsewhere = make_team(), make_team("Eden Early Help 1", "Eden", "early_help")
    manager = make_user("moderator", team_id=team.id)
    worker = make_user("practitioner", team_id=team.id)
    make_action(worker, case=make_case(team=team), description="On our case")
    make_action(worker, case=make_case(team=elsewhere), description="On another team's case")
    client.sign_in(manager)
    rows = _rows(client.get("/corrective-actions"), "Open corrective actions on my team")
    assert [(r[1], r[2]) for r in rows] == [("On our case", worker.name)]


def test_pages_need_sign_in(client, make_user, make_action):
    action = make_action(make_user("practitioner"))
    for url in ("/corrective-actions", f"/corrective-actions/{action.id}/complete"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.location


def test_complete_requires_a_note_and_records_when(client, make_user, make_action):
    me = make_user("practitioner")
    action = make_action(me)
    client.sign_in(me)
    url = f"/corrective-actions/{action.id}/complete"
    assert client.get(url).status_code == 200
    response = client.submit(url, {"note": "   "})
    assert response.status_code == 200
    assert error_messages(response) == ["Enter what was done to complete the corrective action"]
    db.session.refresh(action)
    assert action.open
    before = datetime.now(tz=None) - timedelta(hours=14)
    response = client.submit(url, {"note": "Chronology brought up to date"})
    assert response.status_code == 302 and response.location.endswith("/corrective-actions")
    db.session.refresh(action)
    assert action.completion_note == "Chronology brought up to date"
    assert action.completed_at is not None and action.completed_at >= before
    first = action.completed_at
    response = client.submit(url, {"note": "Again"}, follow_redirects=True)
    assert response.status_code == 200 and "already complete" in response.get_data(as_text=True)
    db.session.refresh(action)
    assert (action.completed_at, action.completion_note) == (first, "Chronology brought up to date")
    assert _rows(client.get("/corrective-actions"), "My open corrective actions") is None


def test_only_the_owner_or_an_admin_may_complete(client, new_client, make_user, make_action):
    owner, other, moderator = make_user("practitioner"), make_user("auditor"), make_user("moderator")
    action = make_action(owner)
    url = f"/corrective-actions/{action.id}/complete"
    for person in (other, moderator):
        c = new_client()
        c.sign_in(person)
        assert c.get(url).status_code == 403
        assert c.submit(url, {"note": "Done"}).status_code == 403
    db.session.refresh(action)
    assert action.open
    admin = new_client()
    admin.sign_in(make_user("admin"))
    assert admin.submit(url, {"note": "Done by the admin"}).status_code == 302
    db.session.refresh(action)
    assert action.completion_note == "Done by the admin"


def test_complete_service_refuses_others_and_is_harmless_twice(make_user, make_action):
    owner = make_user("practitioner")
    action = make_action(owner)
    with pytest.raises(action_service.NotAllowed):
        action_service.complete(action, make_user("auditor"), "Done")
    with pytest.raises(action_service.ActionError):
        action_service.complete(action, owner, "")
    when = datetime(2026, 3, 1, 10, 0)
    action_service.complete(action, owner, "Done", now=when)
    action_service.complete(action, owner, "Done again", now=when + timedelta(days=1))
    assert (action.completed_at, action.completion_note) == (when, "Done")


def test_figures_on_a_hand_built_set():
    start, end, today = date(2026, 4, 1), date(2026, 6, 30), date(2026, 6, 15)
    records = [
        (date(2026, 4, 10), datetime(2026, 4, 10, 16, 0)),  # on time (same day)
        (date(2026, 5, 1), datetime(2026, 4, 20, 9, 0)),    # on time
        (date(2026, 5, 2), datetime(2026, 5, 9, 9, 0)),     # late
        (date(2026, 6, 1), None),                           # open and overdue
        (date(2026, 6, 30), None),                          # open, not yet due
        (date(2026, 3, 31), None),                          # due before the period: excluded
        (date(2026, 7, 1), datetime(2026, 6, 1, 9, 0)),     # due after the period: excluded
    ]
    assert action_service.figures(records, start, end, today) == action_service.Figures(
        due=5, completed_on_time=2, completed_late=1, open=2, overdue=1
    )
    assert action_service.figures([], start, end, today) == action_service.Figures(0, 0, 0, 0, 0)


def test_reminders_email_the_right_owners_with_the_right_content(app, make_user, make_action, make_case):
    soon, late, later, done = (make_user("practitioner", name=n) for n in ("Sam Soon", "Lee Late", "Kim Later", "Dee Done"))
    make_action(soon, case=make_case(reference="REF-SOON"), description="Record the child's views", due=TODAY + timedelta(days=3))
    make_action(late, case=make_case(reference="REF-LATE-1"), description="Hold supervision", due=TODAY - timedelta(days=1))
    make_action(late, case=make_case(reference="REF-LATE-2"), description="Upload assessment", due=TODAY)
    make_action(later, description="Not yet", due=TODAY + timedelta(days=4))
    make_action(done, description="Already done", due=TODAY - timedelta(days=5), completed_at=datetime.now())
    outbox = app.extensions.setdefault("mail_outbox", [])
    outbox.clear()
    assert action_service.queue_reminders(TODAY) == 2
    assert outbox == []  # queued, not sent inside the caller
    run_queued()
    assert sorted(m.to for m in outbox) == sorted([(soon.email,), (late.email,)])
    assert action_service.queue_reminders(TODAY) == 0  # run again the same day: nobody reminded twice
    to_late = next(m for m in outbox if m.to == (late.email,))
    assert "REF-LATE-1" in to_late.body and "Hold supervision" in to_late.body and "OVERDUE" in to_late.body
    assert "REF-LATE-2" in to_late.body and f"{TODAY:%-d %B %Y}" in to_late.body
    assert "REF-SOON" not in to_late.body and "Not yet" not in to_late.body
    to_soon = next(m for m in outbox if m.to == (soon.email,))
    assert "REF-SOON" in to_soon.body and f"{TODAY + timedelta(days=3):%-d %B %Y}" in to_soon.body


def test_cli_sends_reminders_and_says_how_many(app, make_user, make_action):
    make_action(make_user("practitioner"), due=TODAY - timedelta(days=1))
    make_action(make_user("practitioner"), due=TODAY + timedelta(days=30))
    outbox = app.extensions.setdefault("mail_outbox", [])
    outbox.clear()
    result = app.test_cli_runner().invoke(args=["send-action-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 email queued" in result.output
    run_queued()
    assert len(outbox) == 1


def test_nav_shows_corrective_actions_to_people_with_a_role(client, make_user):
    client.sign_in(make_user("auditor"))
    links = [a.get_text(strip=True) for a in page(client.get("/corrective-actions")).select(".govuk-service-navigation__link, nav a")]
    assert "Corrective actions" in links


def test_demo_data_is_idempotent(make_user, make_audit, publish_tool):
    import random

    auditor, tool_version = make_user("auditor"), publish_tool()
    for _ in range(3):
        make_audit(auditor=auditor, tool_version=tool_version)
    action_service.add_demo_data(random.Random(1), TODAY)
    count = db.session.query(CorrectiveAction).count()
    assert count == 3
    action_service.add_demo_data(random.Random(1), TODAY)
    assert db.session.query(CorrectiveAction).count() == count
