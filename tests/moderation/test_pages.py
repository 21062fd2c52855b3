"""Moderation pages over HTTP: who may use them, the queue, claiming, the form, history."""
import pytest
from conftest import error_messages, page
from sqlalchemy import select

from app.core import jobs
from app.core.db import db
from app.moderation import rules
from app.moderation.models import Moderation
from moderation.helpers import submitted_audit

SAFE = "Is the child safe, and is risk well understood and managed?"


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", name="Alex Auditor")


@pytest.fixture
def mo(make_user):
    return make_user("moderator", name="Mo Moderator")


@pytest.fixture
def moderation(make_audit, auditor):
    return submitted_audit(make_audit, auditor)[1]


def test_access_by_role(client, make_user, moderation, auditor):
    urls = ["/moderation/", f"/moderation/{moderation.id}"]
    for url in urls + [f"/moderation/{moderation.id}/history"]:
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    for roles in [("auditor",), ("practitioner",), ()]:
        client.sign_in(make_user(*roles))
        for url in urls + [f"/moderation/{moderation.id}/history"]:
            assert client.get(url).status_code == 403, (roles, url)
        assert client.submit(f"/moderation/{moderation.id}/claim").status_code == 403
        client.sign_out()
    client.sign_in(make_user("moderator"))
    for url in urls + [f"/moderation/{moderation.id}/history"]:
        assert client.get(url).status_code == 200
    client.sign_out()
    client.sign_in(make_user("qa_viewer"))
    assert client.get(f"/moderation/{moderation.id}/history").status_code == 200
    assert client.get("/moderation/").status_code == 403


def test_the_queue_shows_waiting_audits_with_days_and_never_my_own(client, make_user, make_audit, moderation):
    both = make_user("auditor", "moderator", name="Both Roles")
    _, own = submitted_audit(make_audit, both, tool_version=moderation.audit.tool_version)
    client.sign_in(both)
    soup = page(client.get("/moderation/"))
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in soup.select("tbody tr")]
    assert len(rows) == 1
    assert rows[0][0] == moderation.audit.case.reference and rows[0][2] == "Alex Auditor" and rows[0][4] == "0"
    assert "Moderation" in [a.get_text(strip=True) for a in soup.select(".govuk-service-navigation__link, nav a")]
    assert client.get(f"/moderation/{own.id}").status_code == 403
    assert client.submit(f"/moderation/{own.id}/claim").status_code == 403
    assert db.session.get(Moderation, own.id).state == rules.AWAITING_MODERATION


def test_overdue_audits_are_flagged(client, mo, moderation):
    moderation.first_submitted_at = moderation.first_submitted_at.replace(year=2020)
    db.session.commit()
    client.sign_in(mo)
    assert "Overdue" in page(client.get("/moderation/")).select_one("tbody tr").get_text()


def test_two_moderators_claiming_at_once_one_wins(new_client, make_user, mo, moderation):
    first, second = new_client(), new_client()
    first.sign_in(mo)
    second.sign_in(make_user("moderator", name="Sam Second"))
    assert "Start moderating" in second.get("/moderation/").get_data(as_text=True)  # both see it waiting
    assert first.submit(f"/moderation/{moderation.id}/claim").status_code == 302
    response = second.submit(f"/moderation/{moderation.id}/claim", follow_redirects=True)
    assert len(error_messages(response)) == 1
    assert error_messages(response)[0].startswith("Mo Moderator is moderating this audit (since ")
    db.session.expire_all()
    rows = db.session.scalars(select(Moderation)).all()
    assert [(m.state, m.moderator_id) for m in rows] == [(rules.IN_MODERATION, mo.id)]


def test_moderate_return_and_finalise_through_the_form(client, mo, moderation, app):
    client.sign_in(mo)
    client.submit(f"/moderation/{moderation.id}/claim")
    form = page(client.get(f"/moderation/{moderation.id}"))
    assert form.select_one("h1").get_text(strip=True).startswith("Moderate the audit of case")
    assert form.select("input[name='grade-question:child-safe']")
    response = client.submit(f"/moderation/{moderation.id}", {"grade-question:child-safe": "inadequate", "action": "return"})
    assert error_messages(response) == [
        f"{SAFE}: give a reason for changing Good to Inadequate",
        "Say what the auditor should change before returning the audit",
    ]
    assert db.session.get(Moderation, moderation.id, populate_existing=True).state == rules.IN_MODERATION
    response = client.submit(f"/moderation/{moderation.id}", {
        "grade-question:child-safe": "inadequate", "reason-question:child-safe": "No safety plan on file.",
        "action": "return", "comments": "Add the safety plan.",
    }, follow_redirects=True)
    assert "The audit has been returned to the auditor." in response.get_data(as_text=True)
    steps = [li.get_text(" ", strip=True) for li in page(response).select("ol.app-history > li")]
    assert steps[-1].startswith("Returned to the auditor by Mo Moderator")
    assert f"Changed '{SAFE}' from Good to Inadequate: No safety plan on file." in steps[-1]
    audit = db.session.get(Moderation, moderation.id, populate_existing=True).audit
    db.session.refresh(audit)
    assert audit.state == "returned"
    outbox = app.extensions.setdefault("mail_outbox", [])
    outbox.clear()
    jobs.run_queued()  # the email went through the outbox, sent by a worker
    assert outbox and outbox[-1].to == (audit.auditor.email,) and "Add the safety plan." in outbox[-1].body


def test_finalise_through_the_form(client, mo, moderation):
    client.sign_in(mo)
    client.submit(f"/moderation/{moderation.id}/claim")
    response = client.submit(f"/moderation/{moderation.id}", {"action": "finalise", "learning_points": "Good record."},
                             follow_redirects=True)
    assert "Moderation finalised." in response.get_data(as_text=True)
    fresh = db.session.get(Moderation, moderation.id, populate_existing=True)
    assert fresh.state == rules.FINALISED and fresh.final_judgement == "good"
    again = client.submit(f"/moderation/{moderation.id}", {"action": "finalise"})  # a double click
    assert again.status_code == 302
    assert [e.event for e in fresh.events].count("finalised") == 1


def test_results_show_agreement_for_qa_viewers(client, make_user, mo, moderation):
    from app.moderation import services

    services.claim(moderation, mo)
    services.decide(moderation, mo, {"overall": "requires_improvement"}, {"overall": "Drift in the plan."}, None, "finalise")
    client.sign_in(make_user("qa_viewer"))
    response = client.get("/moderation/results")
    assert response.status_code == 200
    [row] = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in page(response).select("tbody tr")]
    round_name = moderation.round.name
    assert row[:3] == [round_name, "1 of 1 selected", "0%"]
    assert row[4].startswith("1 by 1 grade on average")  # lowered
    assert "Too few" in row[5]

    link = page(response).find("a", string=round_name)["href"]
    assert link == f"/moderation/results/{moderation.round_id}"
    detail = client.get(link)
    text = page(detail).get_text(" ", strip=True)
    assert "Of 1 grade moderators agreed 0 (0%), lowered 1 (100%) and raised 0 (0%)." in text
    assert "Based on 1 pair: too few to rely on" in text
    cells = [c.get_text(strip=True) for c in page(detail).select_one("tbody tr").select("th, td")]
    assert cells[:4] == [moderation.audit.case.reference, "Finalised", "Good", "Requires improvement"]
    client.sign_out()
    client.sign_in(make_user("auditor"))
    assert client.get("/moderation/results").status_code == 403
    assert client.get(link).status_code == 403


def test_a_round_with_nothing_moderated_says_so(client, make_user, moderation):
    client.sign_in(make_user("qa_viewer"))
    assert client.get("/moderation/results/999999").status_code == 404
    from app.audits.models import AuditRound
    from app.core.db import db

    first = moderation.round
    empty = AuditRound(name="Quiet round", tool_version_id=first.tool_version_id, sample_spec="5", method="random", seed=1,
                       created_by_id=first.created_by_id)
    db.session.add(empty)
    db.session.commit()
    response = client.get(f"/moderation/results/{empty.id}")
    assert "No audits in this round have been selected for moderation yet." in page(response).get_text(" ", strip=True)
