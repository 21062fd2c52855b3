"""Closing the loop on corrective actions: completed by the owner, then confirmed or
reopened (with a reason) by whoever raised it or the case's team manager; overdue actions
passed to the team manager once; only confirmed actions count as done."""
from datetime import date, datetime, timedelta

import pytest
from audits.test_corrective_actions import _rows, make_action  # noqa: F401  (fixture)
from conftest import error_messages, page
from sqlalchemy import func, select

from app.audits import action_review, action_rules, action_service
from app.audits.models import ActionHistoryIsWrittenOnce, CorrectiveActionEvent
from app.core.clock import uk_today
from app.core.db import db
from app.core.jobs import run_queued
from app.notifications.models import Notification

TODAY = uk_today()


# --- The rules, without a request ------------------------------------------------------------


def test_who_may_confirm():
    def may(person, manages=False):
        return action_rules.may_confirm(person_id=person, owner_id=1, raised_by_id=2, manages_case_team=manages)

    assert may(2)  # the auditor who raised it
    assert may(3, manages=True)  # the case's team manager
    assert not may(3)  # another auditor, or anyone else
    assert not action_rules.may_confirm(person_id=1, owner_id=1, raised_by_id=1, manages_case_team=True)  # never their own


def test_moves_between_states():
    assert action_rules.next_state(action_rules.OPEN, action_rules.COMPLETE) == action_rules.AWAITING_CONFIRMATION
    assert action_rules.next_state(action_rules.AWAITING_CONFIRMATION, action_rules.CONFIRM) == action_rules.CONFIRMED
    assert action_rules.next_state(action_rules.AWAITING_CONFIRMATION, action_rules.REOPEN) == action_rules.OPEN
    for current, move in ((action_rules.OPEN, action_rules.CONFIRM), (action_rules.OPEN, action_rules.REOPEN),
                          (action_rules.CONFIRMED, action_rules.REOPEN)):
        with pytest.raises(action_rules.IllegalMove):
            action_rules.next_state(current, move)


def test_a_reopening_needs_a_reason():
    assert action_rules.reopen_errors("  ") == {"reason": "Enter why the corrective action is not done yet"}
    assert "4,000 characters" in action_rules.reopen_errors("x" * 4001)["reason"]
    assert action_rules.reopen_errors("The plan still has no contingency") == {}


def test_only_confirmed_counts_as_done_dated_by_the_owner():
    done, confirmed = datetime(2026, 7, 1, 9), datetime(2026, 7, 9, 9)
    assert action_rules.done_at(done, None) is None
    assert action_rules.done_at(done, confirmed) == done
    f = action_service.figures([(date(2026, 7, 1), action_rules.done_at(done, confirmed)),
                                (date(2026, 7, 1), action_rules.done_at(done, None))],
                               date(2026, 7, 1), date(2026, 9, 30), date(2026, 8, 1))
    assert (f.due, f.completed_on_time, f.completed_late, f.open, f.overdue) == (2, 1, 0, 1, 1)


def test_who_is_told_an_action_waits():
    assert action_rules.who_to_tell(owner_id=1, raised_by_id=2, raiser_active=True, manager_ids=[3]) == [2]
    assert action_rules.who_to_tell(owner_id=1, raised_by_id=2, raiser_active=False, manager_ids=[3, 1]) == [3]
    assert action_rules.who_to_tell(owner_id=1, raised_by_id=1, raiser_active=True, manager_ids=[3]) == [3]


def test_escalation_is_due_once_after_the_due_date():
    due = date(2026, 7, 1)
    assert not action_rules.escalation_due(due, None, None, due)
    assert action_rules.escalation_due(due, None, None, due + timedelta(days=1))
    assert not action_rules.escalation_due(due, None, datetime(2026, 7, 2), due + timedelta(days=5))
    assert not action_rules.escalation_due(due, datetime(2026, 7, 3), None, due + timedelta(days=5))


# --- The pages ---------------------------------------------------------------------------------


@pytest.fixture
def people(make_user, make_team):
    team = make_team()
    return {
        "owner": make_user("practitioner", name="Olu Owner", team_id=team.id),
        "auditor": make_user("auditor", name="Ari Auditor"),
        "other_auditor": make_user("auditor", name="Oti Other"),
        "manager": make_user("team_manager", name="Mo Manager", team_id=team.id),
        "elsewhere_manager": make_user("team_manager", name="Ed Elsewhere",
                                       team_id=make_team("Eden Early Help 1", "Eden", "early_help").id),
        "team": team,
    }


@pytest.fixture
def completed(people, make_action, make_case, client):
    """An action raised by the auditor, completed by its owner through the page."""
    action = make_action(people["owner"], case=make_case(reference="REF-LOOP", team=people["team"]),
                         description="Write the contingency plan", raised_by=people["auditor"])
    client.sign_in(people["owner"])
    assert client.submit(f"/corrective-actions/{action.id}/complete", {"note": "Plan updated"}).status_code == 302
    client.sign_out()
    db.session.refresh(action)
    return action


def _outbox(app):
    box = app.extensions.setdefault("mail_outbox", [])
    run_queued()
    return box


def test_completing_tells_the_auditor_who_sees_it_waiting(app, client, people, completed):
    assert completed.awaiting_confirmation and not completed.confirmed
    [mail] = [m for m in _outbox(app) if "to confirm" in m.subject]
    assert mail.to == (people["auditor"].email,)
    assert "REF-LOOP" in mail.body and "Plan updated" in mail.body and f"/corrective-actions/{completed.id}/check" in mail.body
    client.sign_in(people["auditor"])
    rows = _rows(client.get("/corrective-actions"), "Waiting for you to confirm")
    assert [(r[0], r[1], r[2]) for r in rows] == [("REF-LOOP", "Write the contingency plan", "Olu Owner")]
    client.sign_out()
    client.sign_in(people["owner"])
    response = client.get("/corrective-actions")
    assert [r[1] for r in _rows(response, "Completed, waiting to be confirmed")] == ["Write the contingency plan"]
    assert _rows(response, "Completed in the last 30 days and confirmed") is None


@pytest.mark.parametrize("who", ["owner", "other_auditor", "elsewhere_manager"])
def test_the_owner_and_others_may_not_confirm_or_reopen(client, people, completed, who):
    client.sign_in(people[who])
    assert client.get(f"/corrective-actions/{completed.id}/check").status_code == 403
    assert client.submit(f"/corrective-actions/{completed.id}/confirm").status_code == 403
    assert client.submit(f"/corrective-actions/{completed.id}/reopen", {"reason": "No"}).status_code == 403
    db.session.refresh(completed)
    assert completed.awaiting_confirmation
    with pytest.raises(action_service.NotAllowed):
        action_review.confirm(completed, people[who])


def test_an_owner_who_is_also_the_raiser_cannot_confirm_their_own(people, make_action):
    action = make_action(people["manager"], raised_by=people["manager"], completed_at=datetime.now(), confirmed=False)
    assert not action_review.may_confirm(action, people["manager"])


@pytest.mark.parametrize("who", ["auditor", "manager"])
def test_the_auditor_or_the_team_manager_confirms(app, client, people, completed, who):
    client.sign_in(people[who])
    response = client.get(f"/corrective-actions/{completed.id}/check")
    assert response.status_code == 200
    assert "Plan updated" in page(response).select_one(".govuk-summary-list").get_text()
    response = client.submit(f"/corrective-actions/{completed.id}/confirm", follow_redirects=True)
    assert "confirmed as done" in response.get_data(as_text=True)
    db.session.refresh(completed)
    assert completed.confirmed and completed.confirmed_by_id == people[who].id
    assert _rows(client.get("/corrective-actions"), "Waiting for you to confirm") is None
    figures = action_service.figures_for(completed.due_date, completed.due_date, TODAY)
    assert (figures.completed_on_time, figures.open) == (1, 0)
    # A second click changes nothing.
    client.submit(f"/corrective-actions/{completed.id}/confirm")
    assert db.session.scalar(select(func.count()).select_from(CorrectiveActionEvent)
                             .where(CorrectiveActionEvent.event == "confirmed")) == 1


def test_completed_but_not_confirmed_is_not_done_in_the_figures(people, completed):
    figures = action_service.figures_for(completed.due_date, completed.due_date, TODAY)
    assert (figures.due, figures.completed_on_time, figures.completed_late, figures.open) == (1, 0, 0, 1)


def test_reopening_needs_a_reason_and_saves_nothing_without_one(client, people, completed):
    client.sign_in(people["auditor"])
    response = client.submit(f"/corrective-actions/{completed.id}/reopen", {"reason": "  "})
    assert response.status_code == 400
    assert error_messages(response) == ["Enter why the corrective action is not done yet"]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#reason"
    assert page(response).title.get_text().startswith("Error:")
    db.session.refresh(completed)
    assert completed.awaiting_confirmation and completed.completion_note == "Plan updated"
    assert db.session.scalar(select(func.count()).select_from(CorrectiveActionEvent)
                             .where(CorrectiveActionEvent.event == "reopened")) == 0


def test_reopening_sends_it_back_with_the_reason_kept_in_history(app, client, people, completed):
    _outbox(app).clear()
    client.sign_in(people["manager"])
    reason = "The plan still has no contingency for weekends"
    response = client.submit(f"/corrective-actions/{completed.id}/reopen", {"reason": reason})
    assert response.status_code == 302
    db.session.refresh(completed)
    assert completed.open and completed.completion_note is None and completed.reopened_because == reason
    [mail] = _outbox(app)
    assert mail.to == (people["owner"].email,) and "reopened" in mail.subject and reason in mail.body
    client.sign_out()
    client.sign_in(people["owner"])
    rows = _rows(client.get("/corrective-actions"), "My open corrective actions")
    assert "Reopened" in rows[0][1] and reason in rows[0][1]
    # The history keeps what the owner had said was done, and cannot be rewritten.
    event = completed.events[-1]
    assert (event.event, event.reason, event.note, event.by_id) == ("reopened", reason, "Plan updated", people["manager"].id)
    event.reason = "Something else"
    with pytest.raises(ActionHistoryIsWrittenOnce):
        db.session.commit()
    db.session.rollback()
    # The owner completes it again, and it waits once more.
    client.submit(f"/corrective-actions/{completed.id}/complete", {"note": "Weekend contingency added"})
    db.session.refresh(completed)
    assert completed.awaiting_confirmation and completed.reopened_because is None


def test_an_open_action_has_nothing_to_confirm(client, people, make_action):
    action = make_action(people["owner"], raised_by=people["auditor"])
    client.sign_in(people["auditor"])
    response = client.get(f"/corrective-actions/{action.id}/check")
    assert response.status_code == 200 and "nothing to confirm" in response.get_data(as_text=True)
    client.submit(f"/corrective-actions/{action.id}/confirm")
    db.session.refresh(action)
    assert action.open and not action.confirmed


# --- Escalation ------------------------------------------------------------------------------


def test_overdue_actions_go_to_the_team_manager_once(app, client, people, make_action, make_case):
    case = make_case(reference="REF-LATE", team=people["team"])
    late = make_action(people["owner"], case=case, description="Hold supervision", due=TODAY - timedelta(days=1))
    make_action(people["owner"], case=case, description="Not due yet", due=TODAY)
    make_action(people["owner"], case=case, description="Done late", due=TODAY - timedelta(days=3),
                completed_at=datetime.now(), confirmed=False)
    box = _outbox(app)
    box.clear()
    assert action_review.escalate_overdue(TODAY) == 1
    assert box == []  # through the outbox, not sent inside the job
    run_queued()
    [mail] = box
    assert mail.to == (people["manager"].email,)
    assert "REF-LATE" in mail.body and "Hold supervision" in mail.body and "Olu Owner" in mail.body
    assert "Not due yet" not in mail.body and "Done late" not in mail.body
    assert f"{late.due_date:%-d %B %Y}" in mail.body
    # Once per action: not again today, tomorrow, or after the action is reopened.
    assert action_review.escalate_overdue(TODAY) == 0
    db.session.refresh(late)
    assert late.escalated_at is not None and late.events[-1].event == "escalated"
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.kind == action_review.ESCALATED)) == 1


def test_a_newly_overdue_action_is_passed_on_the_next_day(app, people, make_action, make_case):
    case = make_case(team=people["team"])
    make_action(people["owner"], case=case, description="First", due=TODAY - timedelta(days=1))
    assert action_review.escalate_overdue(TODAY) == 1
    make_action(people["owner"], case=case, description="Second", due=TODAY)
    box = _outbox(app)
    box.clear()
    assert action_review.escalate_overdue(TODAY + timedelta(days=1)) == 1
    run_queued()
    [mail] = box
    assert "Second" in mail.body and "First" not in mail.body


def test_without_a_team_manager_nothing_is_recorded(people, make_action, make_case, make_team):
    case = make_case(team=make_team("Barrow CLA 1", "Barrow", "cla"))
    action = make_action(people["owner"], case=case, due=TODAY - timedelta(days=2))
    assert action_review.escalate_overdue(TODAY) == 0
    db.session.refresh(action)
    assert action.escalated_at is None  # passed on once the team has a manager


def test_the_team_manager_sees_the_teams_overdue_actions(client, people, make_action, make_case):
    make_action(people["owner"], case=make_case(reference="REF-OURS", team=people["team"]),
                description="Ours, overdue", due=TODAY - timedelta(days=4))
    make_action(people["owner"], case=make_case(reference="REF-OK", team=people["team"]), description="Ours, not yet due")
    client.sign_in(people["manager"])
    rows = _rows(client.get("/corrective-actions"), "Overdue on my team's cases")
    assert [(r[0], r[1], r[2]) for r in rows] == [("REF-OURS", "Ours, overdue", "Olu Owner")]
    assert "Overdue" in rows[0][3]
    client.sign_out()
    client.sign_in(people["elsewhere_manager"])
    response = client.get("/corrective-actions")
    assert _rows(response, "Overdue on my team's cases") is None
    assert "No corrective action on your team's cases is overdue" in response.get_data(as_text=True)


def test_escalation_is_scheduled():
    from app.core.jobs import SCHEDULE

    assert "app.audits.action_review.escalate_overdue" in [s.path for s in SCHEDULE]


def test_deleting_actions_in_bulk_takes_their_history(people, completed):
    """Retention deletes old audits' actions with one DELETE; the history must not stop it."""
    from sqlalchemy import delete, text

    from app.audits.models import CorrectiveAction

    sqlite = db.engine.dialect.name == "sqlite"
    assert completed.events
    try:
        if sqlite:  # SQLite enforces foreign keys (and so cascades) only when asked, per connection
            db.session.execute(text("PRAGMA foreign_keys=ON"))
        db.session.execute(delete(CorrectiveAction).where(CorrectiveAction.id == completed.id))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(CorrectiveActionEvent)) == 0
    finally:
        if sqlite:
            db.session.commit()
            db.session.execute(text("PRAGMA foreign_keys=OFF"))
