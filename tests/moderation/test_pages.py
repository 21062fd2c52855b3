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
    urls = ["/moderation/", f"/moderation/{moderation.id}", f"/moderation/{moderation.id}/sections/risk",
            f"/moderation/{moderation.id}/overall", f"/moderation/{moderation.id}/finish", f"/moderation/{moderation.id}/actions"]
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
    for url in urls[:-1] + [f"/moderation/{moderation.id}/history"]:
        assert client.get(url).status_code == 200
    assert client.get(urls[-1]).headers["Location"] == f"/moderation/{moderation.id}"  # raising an action needs a claim
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


def _sections(moderation):
    return [s.key for s in moderation.audit.tool_version.definition.sections]


def test_the_overview_lists_each_section_the_overall_judgement_and_finish(client, mo, moderation):
    client.sign_in(mo)
    client.submit(f"/moderation/{moderation.id}/claim")
    soup = page(client.get(f"/moderation/{moderation.id}"))
    assert soup.select_one("h1").get_text(strip=True) == f"Moderate the audit of case {moderation.audit.case.reference}"
    facts = soup.select_one(".govuk-summary-list").get_text(" ", strip=True)
    assert "Alex Auditor" in facts and moderation.round.name in facts
    rows = [(r.select_one(".govuk-task-list__name-and-hint a").get_text(strip=True),
             r.select_one(".govuk-task-list__status").get_text(" ", strip=True)) for r in soup.select(".govuk-task-list__item")]
    tool = moderation.audit.tool_version.definition
    assert [name for name, _ in rows] == [s.title for s in tool.sections] + ["Overall judgement", "Learning points and finish"]
    assert {status for _, status in rows} == {"Not started"}
    links = [a["href"] for a in soup.select(".govuk-task-list__link")]
    assert links[0] == f"/moderation/{moderation.id}/sections/{tool.sections[0].key}"
    assert links[-2:] == [f"/moderation/{moderation.id}/overall", f"/moderation/{moderation.id}/finish"]


def test_a_section_shows_the_evidence_beside_each_grade_with_nothing_chosen(client, mo, moderation, make_user):
    from datetime import date

    from app.audits.models import CorrectiveAction

    audit = moderation.audit
    db.session.add(CorrectiveAction(audit=audit, case_id=audit.case_id, description="Update the chronology.",
                                    owner=audit.auditor, due_date=date(2026, 12, 18), raised_by=audit.auditor))
    db.session.commit()
    client.sign_in(mo)
    client.submit(f"/moderation/{moderation.id}/claim")
    soup = page(client.get(f"/moderation/{moderation.id}/sections/assessment"))
    assert soup.select_one("h1").get_text(strip=True) == "Assessment"
    assert soup.select("input[type=radio]") and not soup.select("input[type=radio][checked]")
    timely = soup.select_one("#question-assessment-timely")
    assert "Auditor's grade: Good" in timely.get_text(" ", strip=True)
    assert "Evidence: Seen on the file for assessment-timely." in timely.get_text(" ", strip=True)
    assert timely.select_one("#grade-question-assessment-timely")["value"] == "agree"
    assert "Auditor's answer: 2 March 2026" in soup.select_one("#question-assessment-date").get_text(" ", strip=True)
    assert "Auditor's answer: Yes" in soup.select_one("#question-assessment-identity").get_text(" ", strip=True)
    assert soup.select_one("#grade-section-assessment")  # the section's judgement is decided too
    actions = soup.select_one("#actions-caption").find_parent("table").get_text(" ", strip=True)
    assert "Update the chronology." in actions and "18 December 2026" in actions
    assert client.get(f"/moderation/{moderation.id}/sections/nothing-here").status_code == 404


def test_save_and_continue_keeps_a_draft_and_moves_on(client, mo, moderation):
    client.sign_in(mo)
    client.submit(f"/moderation/{moderation.id}/claim")
    url = f"/moderation/{moderation.id}/sections/assessment"
    response = client.submit(url, {"grade-question:assessment-timely": "inadequate", "action": "save"})
    assert response.status_code == 400
    assert error_messages(response) == [
        "Is the assessment up to date, and was it completed within the child's timescale?: give a reason for changing Good to Inadequate"]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#reason-question-assessment-timely"
    assert page(response).select_one("#grade-question-assessment-timely-inadequate").has_attr("checked")  # kept as chosen
    assert not (db.session.get(Moderation, moderation.id, populate_existing=True).draft or {}).get("decisions")

    response = client.submit(url, {"grade-question:assessment-timely": "inadequate", "action": "save",
                                   "reason-question:assessment-timely": "Completed two months late."})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/moderation/{moderation.id}/sections/plan")
    again = page(client.get(url))
    assert again.select_one("#grade-question-assessment-timely-inadequate").has_attr("checked")
    assert again.select_one("#reason-question-assessment-timely").get_text() == "Completed two months late."
    assert not again.select_one("#grade-question-assessment-quality").has_attr("checked")
    refused = page(client.submit(url, {"grade-question:assessment-quality": "outstanding", "action": "save"}))
    assert refused.select_one("#grade-question-assessment-quality-outstanding").has_attr("checked")
    assert refused.select_one("#grade-question-assessment-timely-inadequate").has_attr("checked")  # the draft, still shown
    statuses = [s.get_text(" ", strip=True) for s in page(client.get(f"/moderation/{moderation.id}")).select(".govuk-task-list__status")]
    assert statuses[0] == "In progress"
    changed = page(client.get(f"/moderation/{moderation.id}/overall")).select_one("#grades-changed").get_text(" ", strip=True)
    assert changed == "Is the assessment up to date, and was it completed within the child's timescale?: Good to Inadequate"


def test_agree_with_every_grade_in_a_section(client, mo, moderation):
    client.sign_in(mo)
    client.submit(f"/moderation/{moderation.id}/claim")
    url = f"/moderation/{moderation.id}/sections/risk"
    response = client.submit(url, {"action": "agree-all", "grade-question:child-safe": "requires_improvement",
                                   "reason-question:child-safe": "No safety plan."}, follow_redirects=True)
    soup = page(response)
    assert "Every grade in this section that was not yet decided is now agreed." in soup.get_text(" ", strip=True)
    assert soup.select_one("#grade-question-child-safe-requires_improvement").has_attr("checked")
    checked = soup.select("input[type=radio][checked]")
    assert len(checked) == len(soup.select("fieldset")) and sum(i["value"] == "agree" for i in checked) == len(checked) - 1
    statuses = [s.get_text(" ", strip=True) for s in page(client.get(f"/moderation/{moderation.id}")).select(".govuk-task-list__status")]
    assert statuses[_sections(moderation).index("risk")] == "Completed"
    assert statuses[0] == "Not started"  # other sections are left alone


def test_finalising_with_a_grade_undecided_is_refused_with_links_to_it(client, mo, moderation):
    client.sign_in(mo)
    client.submit(f"/moderation/{moderation.id}/claim")
    for key in _sections(moderation):
        client.submit(f"/moderation/{moderation.id}/sections/{key}", {"action": "agree-all"})
    response = client.submit(f"/moderation/{moderation.id}/finish", {"action": "finalise", "learning_points": "Good record."})
    assert response.status_code == 400
    soup = page(response)
    assert soup.select_one("title").get_text().startswith("Error: ")
    assert [h.get_text(strip=True) for h in soup.select(".govuk-error-summary h3")] == ["Overall judgement"]
    [link] = soup.select(".govuk-error-summary__list a")
    assert link.get_text(strip=True) == "Overall judgement: choose Agree or a grade"
    assert link["href"] == f"/moderation/{moderation.id}/overall#grade-overall"
    assert soup.select_one("#learning_points").get_text() == "Good record."
    assert db.session.get(Moderation, moderation.id, populate_existing=True).state == rules.IN_MODERATION
    overall = page(client.get(link["href"]))
    assert overall.select_one("#grade-overall") and not overall.select("input[type=radio][checked]")
    assert "Auditor's overall judgement: Good" in overall.get_text(" ", strip=True)
    assert overall.select_one("#grades-changed").get_text(strip=True) == "None so far."
    statuses = [s.get_text(" ", strip=True) for s in page(client.get(f"/moderation/{moderation.id}")).select(".govuk-task-list__status")]
    assert statuses[-2] == "Needs your decision"

    response = client.submit(f"/moderation/{moderation.id}/overall", {"grade-overall": "agree", "action": "save"})
    assert response.headers["Location"].endswith(f"/moderation/{moderation.id}/finish")
    finish = page(client.get(f"/moderation/{moderation.id}/finish"))
    assert finish.select_one("#learning_points").get_text() == "Good record."  # kept from the refused attempt
    response = client.submit(f"/moderation/{moderation.id}/finish", {"action": "finalise", "learning_points": "Good record."},
                             follow_redirects=True)
    assert "Moderation finalised." in response.get_data(as_text=True)
    fresh = db.session.get(Moderation, moderation.id, populate_existing=True)
    assert fresh.state == rules.FINALISED and fresh.final_judgement == "good" and fresh.learning_points == "Good record."
    again = client.submit(f"/moderation/{moderation.id}/finish", {"action": "finalise"})  # a double click
    assert again.status_code == 302
    assert [e.event for e in fresh.events].count("finalised") == 1


def test_return_through_the_finish_page(client, mo, moderation, app):
    client.sign_in(mo)
    client.submit(f"/moderation/{moderation.id}/claim")
    client.submit(f"/moderation/{moderation.id}/sections/risk", {
        "grade-question:child-safe": "inadequate", "reason-question:child-safe": "No safety plan on file.", "action": "save"})
    response = client.submit(f"/moderation/{moderation.id}/finish", {"action": "return"})
    assert error_messages(response) == ["Say what the auditor should change before returning the audit"]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#comments"
    response = client.submit(f"/moderation/{moderation.id}/finish", {"action": "return", "comments": "Add the safety plan."},
                             follow_redirects=True)
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


def test_a_moderator_raises_a_corrective_action(client, mo, moderation, make_user):
    from app.core.clock import uk_today

    owner = make_user("practitioner", name="Pat Worker")
    url = f"/moderation/{moderation.id}/actions?from=risk"
    client.sign_in(mo)
    assert client.get(url, follow_redirects=True).status_code == 200  # not claimed yet: sent to the overview
    assert "Start moderating this audit before raising" in " ".join(error_messages(client.get(url, follow_redirects=True)))
    client.submit(f"/moderation/{moderation.id}/claim")
    response = client.submit(url, {"description": "", "owner_id": ""})
    assert response.status_code == 400
    assert error_messages(response) == ["Enter what needs to be done", "Choose who will do it", "Enter the date it must be done by"]
    response = client.submit(url, {"description": "Write the contingency plan.", "owner_id": str(owner.id),
                                   "due_date": ["1", "1", "2020"]})
    assert error_messages(response) == ["The due date must be today or in the future"]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#due_date-day"
    due = uk_today()
    response = client.submit(url, {"description": "Write the contingency plan.", "owner_id": str(owner.id),
                                   "due_date": [str(due.day), str(due.month), str(due.year)]})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/moderation/{moderation.id}/sections/risk")
    [action] = db.session.get(Moderation, moderation.id, populate_existing=True).audit.corrective_actions
    assert (action.raised_by_id, action.owner_id, action.description) == (mo.id, owner.id, "Write the contingency plan.")
    assert "Write the contingency plan." in page(client.get(f"/moderation/{moderation.id}/sections/risk")).get_text()


def test_pages_for_someone_else_are_read_only(client, make_user, mo, moderation):
    from app.moderation import services

    services.claim(moderation, mo)
    client.sign_in(make_user("moderator", name="Sam Second"))
    for url in [f"/moderation/{moderation.id}/sections/risk", f"/moderation/{moderation.id}/overall",
                f"/moderation/{moderation.id}/finish"]:
        soup = page(client.get(url))
        assert not soup.select("input[type=radio]") and not soup.select("textarea"), url
    response = client.submit(f"/moderation/{moderation.id}/sections/risk", {"action": "agree-all"}, follow_redirects=True)
    assert error_messages(response)[0].startswith("Mo Moderator is moderating this audit")
    assert not (db.session.get(Moderation, moderation.id, populate_existing=True).draft or {}).get("decisions")


def test_results_show_agreement_for_qa_viewers(client, make_user, mo, moderation):
    from app.moderation import services

    services.claim(moderation, mo)
    services.decide(moderation, mo, {"overall": "requires_improvement"}, {"overall": "Drift in the plan."}, None, "finalise",
                    agree_rest=True)
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
