"""The auditor learns from moderation: after a moderator lowers an audit, My audits, the
submitted audit and the case-record PDF show both judgements, each changed grade with its
reason and the learning points; the auditor is emailed through the outbox; recent
outcomes for the home page; loading many outcomes at once."""
import io
from datetime import timedelta

import pytest
from conftest import page
from pypdf import PdfReader
from sqlalchemy import event, select

from app.core import jobs
from app.core.db import db, utcnow
from app.core.urls import public_url
from app.moderation import outcomes, rules, services
from app.notifications.models import SENT, Notification
from moderation.helpers import submitted_audit

SAFE = "Is the child safe, and is risk well understood and managed?"
RI = "requires_improvement"


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", name="Alex Auditor", email="alex@example.org")


@pytest.fixture
def mo(make_user):
    return make_user("moderator", name="Mo Moderator")


def decide(moderation, moderator, changes=None, reasons=None, learning=None, action="finalise", comments=None, now=None):
    """The moderator decides every grade: "agree" unless `changes` says otherwise."""
    services.claim(moderation, moderator, now=now)
    choices = {t.key: "agree" for t in services.targets(moderation.audit)}
    choices.update(changes or {})
    return services.decide(moderation, moderator, choices, reasons or {}, learning, action, comments, now=now)


@pytest.fixture
def lowered(make_audit, auditor, mo):
    """Alex judged the case Requires improvement; Mo lowered the child's safety and the
    overall judgement to Inadequate, with reasons and learning points."""
    audit, moderation = submitted_audit(make_audit, auditor, grade=RI)
    decide(moderation, mo, {"question:child-safe": "inadequate", "overall": "inadequate"},
           {"question:child-safe": "No safety plan after the strategy meeting.",
            "overall": "The child was left at risk, which limits the judgement."},
           "Record the safety plan and review it at every visit.")
    return audit


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_my_audits_shows_the_final_judgement_beside_the_auditors_own(client, auditor, lowered):
    client.sign_in(auditor)
    soup = page(client.get("/audits"))
    table = soup.find("caption", string="Submitted").find_parent("table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    cells = [td.get_text(" ", strip=True) for td in table.select("tbody tr")[0].select("td")]
    row = dict(zip(headers, cells))
    assert row["Your judgement"] == "Requires improvement"
    assert row["Final judgement"].startswith("Inadequate Lowered; 2 grades changed")
    assert row["Moderation"].startswith("Moderated")
    recent = soup.find(id="recent-outcomes").get_text(" ", strip=True)
    assert f"Case {lowered.case.reference}" in recent
    assert "Moderated: lowered from Requires improvement to Inadequate , by Mo Moderator on" in recent
    link = soup.find("a", href="/moderation/my-agreement")
    assert link.get_text(strip=True) == "How often moderators agreed with your judgements"


def test_the_submitted_audit_shows_the_moderation(client, auditor, lowered):
    client.sign_in(auditor)
    soup = page(client.get(f"/audits/{lowered.id}/submitted"))
    assert soup.find(id="final-judgement").get_text(strip=True) == "Inadequate"
    assert soup.find(id="auditor-judgement").get_text(strip=True) == "Requires improvement"
    assert soup.find(id="moderation-headline").get_text(strip=True) == (
        "Moderated: lowered from Requires improvement to Inadequate")
    judgement = [dt.get_text(strip=True) for dt in soup.find(id="final-judgement").find_parent("dl").select("dt")]
    assert judgement == ["Final judgement, after moderation", "Your judgement"]
    summary = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
               for dt in soup.find(id="moderation").find_next("dl").select("dt")}
    assert summary["Moderated by"] == "Mo Moderator"
    table = soup.find(id="moderation-changes-caption").find_parent("table")
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert rows == [
        [SAFE, "Requires improvement", "Inadequate Lowered", "No safety plan after the strategy meeting."],
        ["Overall judgement", "Requires improvement", "Inadequate Lowered",
         "The child was left at risk, which limits the judgement."],
    ]
    assert soup.find(id="learning-points").get_text(strip=True) == "Record the safety plan and review it at every visit."


def test_a_moderator_reading_the_audit_sees_the_auditors_judgement_named_so(client, make_user, lowered):
    client.sign_in(make_user("qa_viewer"))
    soup = page(client.get(f"/audits/{lowered.id}/submitted"))
    text = soup.find(id="final-judgement").find_parent("dl").get_text(" ", strip=True)
    assert text == "Final judgement, after moderation Inadequate The auditor's judgement Requires improvement"


def test_the_case_record_pdf_shows_both_judgements_and_the_changes(client, auditor, lowered):
    client.sign_in(auditor)
    response = client.get(f"/audits/{lowered.id}/audit.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Final judgement, after moderation: Inadequate" in text
    assert "The auditor's judgement: Requires improvement." in text
    assert "Moderated: lowered from Requires improvement to Inadequate" in text
    assert "No safety plan after the strategy meeting." in text
    assert "The child was left at risk, which limits the judgement." in text
    assert "Record the safety plan and review it at every visit." in text
    assert "Moderated by Mo Moderator" in text


def test_the_auditor_is_emailed_through_the_outbox_when_finalised(app, auditor, lowered):
    [row] = db.session.scalars(select(Notification)).all()
    assert (row.kind, row.to_email, row.user_id) == ("moderation", "alex@example.org", auditor.id)
    assert row.subject == f"Audit of case {lowered.case.reference} moderated: lowered from Requires improvement to Inadequate"
    outbox = app.extensions.setdefault("mail_outbox", [])
    outbox.clear()
    jobs.run_queued()
    [mail] = outbox
    assert mail.to == ("alex@example.org",)
    assert "Your judgement: Requires improvement\nFinal judgement: Inadequate" in mail.body
    assert f"- {SAFE}: lowered from requires improvement to inadequate. Why: No safety plan after the strategy meeting." in mail.body
    assert "Learning points:\nRecord the safety plan and review it at every visit." in mail.body
    assert mail.body.endswith(f"See the moderated audit: {public_url('audits.audit_view', audit_id=lowered.id)}")
    assert db.session.get(Notification, row.id, populate_existing=True).status == SENT


def test_a_returned_audit_is_emailed_through_the_outbox_and_shown_in_my_audits(app, client, make_audit, auditor, mo):
    audit, moderation = submitted_audit(make_audit, auditor)
    outbox = app.extensions.setdefault("mail_outbox", [])
    outbox.clear()
    decide(moderation, mo, {"question:child-safe": "inadequate"}, {"question:child-safe": "No safety plan on file."},
           action="return", comments="Add the safety plan and grade again.")
    assert outbox == []  # queued with the decision, never sent inside it
    jobs.run_queued()
    [mail] = outbox
    assert mail.subject == f"Audit of case {audit.case.reference} returned to you"
    assert "What to change:\nAdd the safety plan and grade again." in mail.body
    assert mail.body.endswith(f"/audits/{audit.id}")

    client.sign_in(auditor)
    recent = page(client.get("/audits")).find(id="recent-outcomes").get_text(" ", strip=True)
    assert "returned to you by Mo Moderator on" in recent
    assert "What to change: Add the safety plan and grade again." in recent
    view = page(client.get(f"/audits/{audit.id}/submitted"))
    assert "Returned to you" in view.find(id="moderation").find_next("p").get_text()


def test_recent_outcomes_are_the_last_30_days_newest_first_and_only_mine(make_audit, make_user, auditor, mo):
    now = utcnow()
    old_audit, old = submitted_audit(make_audit, auditor)
    decide(old, mo, now=now - timedelta(days=31))
    first_audit, first = submitted_audit(make_audit, auditor, tool_version=old_audit.tool_version)
    decide(first, mo, {"overall": "outstanding"}, {"overall": "Exceptional direct work."}, now=now - timedelta(days=10))
    second_audit, second = submitted_audit(make_audit, auditor, tool_version=old_audit.tool_version)
    decide(second, mo, action="return", comments="Add the chronology.", now=now - timedelta(days=2))
    waiting_audit, _ = submitted_audit(make_audit, auditor, tool_version=old_audit.tool_version)
    someone_else = make_user("auditor")
    other_audit, other = submitted_audit(make_audit, someone_else, tool_version=old_audit.tool_version)
    decide(other, mo, now=now - timedelta(days=1))

    recent = outcomes.recent_for_auditor(auditor, now=now)

    assert [o.audit_id for o in recent] == [second_audit.id, first_audit.id]
    assert recent[0].returned and recent[0].return_comments == "Add the chronology."
    assert recent[1].headline == "Moderated: raised from Good to Outstanding"
    assert outcomes.recent_for_auditor(someone_else, now=now)[0].headline == "Moderated: agreed, Good"


def test_outcomes_for_many_audits_take_the_same_queries_as_for_one(make_audit, auditor, mo):
    audits = []
    for n in range(4):
        audit, moderation = submitted_audit(make_audit, auditor, **({"tool_version": audits[0].tool_version} if audits else {}))
        audits.append(audit)
        if n % 2 == 0:
            decide(moderation, mo, {"overall": RI}, {"overall": "Thin evidence."}, "Check the plan.")
    db.session.expire_all()

    def queries(ids):
        count = []
        listener = lambda *args: count.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            result = outcomes.outcomes_for(ids)
            [o.changes for o in result.values()]
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        db.session.expire_all()
        return len(count), result

    one, _ = queries([audits[0].id])
    many, result = queries([a.id for a in audits])
    assert many == one
    assert [result[a.id].state for a in audits] == [rules.FINALISED, rules.AWAITING_MODERATION] * 2
    assert result[audits[0].id].changes[0].reason == "Thin evidence."


def test_describe_judgement():
    assert outcomes.describe_judgement(RI, "inadequate") == "Moderated: lowered from Requires improvement to Inadequate"
    assert outcomes.describe_judgement("good", "outstanding") == "Moderated: raised from Good to Outstanding"
    assert outcomes.describe_judgement("good", "good") == "Moderated: agreed, Good"
    assert outcomes.direction(None, "good") is None


def test_a_resubmitted_audit_leaves_recent_outcomes_until_decided_again(make_audit, auditor, mo):
    from app.audits import audit_service

    audit, moderation = submitted_audit(make_audit, auditor)
    decide(moderation, mo, action="return", comments="Add the chronology.")
    assert [o.audit_id for o in outcomes.recent_for_auditor(auditor)] == [audit.id]
    audit_service.submit(audit, auditor, None, None, audit.lock_version)
    services.on_audit_submitted(audit)
    assert outcomes.recent_for_auditor(auditor) == []
    assert outcomes.outcome_for(audit).state_label == "Awaiting moderation again"


def test_moderations_made_with_notify_false_email_nobody(make_audit, auditor, mo):
    _, moderation = submitted_audit(make_audit, auditor)
    services.claim(moderation, mo)
    services.decide(moderation, mo, {}, {}, None, services.FINALISE, agree_rest=True, notify=False)
    assert db.session.scalars(select(Notification)).all() == []
