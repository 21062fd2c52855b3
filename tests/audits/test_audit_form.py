"""The auditor's pages over HTTP: my audits, the form and its drafts (with and without
JavaScript's autosave), conflicts, corrective actions, check and submit, the submitted
audit and its PDF, and who may open each."""
import io
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from pypdf import PdfReader
from conftest import error_messages, page, static_url
from sqlalchemy import func, select

from app.audits import audit_service as service
from app.audits import rules, states
from app.audits.forms import ANSWER_KINDS
from app.audits.models import Audit, CorrectiveAction
from app.core.db import db, utcnow
from app.plan.models import ImpactMeasure

from .test_audit_service import CHILD_SAFE, complete_answers

NO_PERMISSION = "You do not have permission to see this page"


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", name="Alex Auditor", email="alex@example.org")


@pytest.fixture
def audit(make_audit, auditor, make_case):
    return make_audit(auditor=auditor, case=make_case(reference="CF-20931"))


@pytest.fixture
def signed_in(client, auditor):
    client.sign_in(auditor)
    return client


def fresh(audit) -> Audit:
    db.session.expire_all()
    return db.session.get(Audit, audit.id)


def scrape(response, form_id="audit-form") -> dict[str, list[str]]:
    """What a browser would send for the form as the page shows it."""
    form = page(response).find("form", id=form_id)
    assert form is not None, f"no form #{form_id} on the page"
    data: dict[str, list[str]] = {}
    for el in form.find_all(["input", "textarea"]):
        name = el.get("name")
        kind = el.get("type", "text")
        if not name or kind in ("submit", "button"):
            continue
        values = data.setdefault(name, [])
        if el.name == "textarea":
            values.append(el.text.removeprefix("\n"))
        elif kind in ("radio", "checkbox"):
            if el.has_attr("checked"):
                values.append(el.get("value"))
        else:
            values.append(el.get("value", ""))
    return data


def as_posted(tool, answers=None, evidence=None) -> dict[str, list[str]]:
    """Answers and evidence as the form's fields send them."""
    data = {}
    for key, value in (answers or {}).items():
        question = tool.question(key)
        if question.kind == rules.DATE and isinstance(value, str) and "-" in value:
            y, m, d = value.split("-")
            value = [d, m, y]
        data[f"answer-{key}"] = value if isinstance(value, list) else [value]
    for key, value in (evidence or {}).items():
        data[f"evidence-{key}"] = [value]
    return data


def section_of(audit, key: str) -> str:
    return next(sec.key for sec, q in audit.tool_version.definition.all_questions() if q.key == key)


def post_form(client, audit, changes, next_step="save", start=None, section=None, **kw):
    """Open a section's page (or use `start`), change some fields, and press a button. The
    section is the one the first changed field belongs to, unless given."""
    if section is None:
        first = next((k for k in changes if k.startswith(("answer-", "evidence-"))), "answer-assessment-timely")
        section = section_of(audit, first.split("-", 1)[1])
    path = f"/audits/{audit.id}/sections/{section}"
    start = start if start is not None else client.get(path)
    data = scrape(start)
    data.update(changes)
    data["next"] = [next_step]
    return client.post(path, data=data, **kw)


def post_collaborative(client, audit, collaborative="yes", worker_view="", next_step="save"):
    path = f"/audits/{audit.id}/collaborative-audit"
    data = scrape(client.get(path))
    data.update({"collaborative": [collaborative], "worker_view": [worker_view], "next": [next_step]})
    return client.post(path, data=data)


def complete(client, audit, collaborative="yes", changes=None):
    """Answer every section's page, then the collaborative audit, as an auditor would."""
    tool = audit.tool_version.definition
    answers, evidence = complete_answers(tool)
    answers.update(changes or {})
    for section in tool.sections:
        keys = {q.key for q in section.questions}
        data = as_posted(tool, {k: v for k, v in answers.items() if k in keys},
                         {k: v for k, v in evidence.items() if k in keys})
        response = post_form(client, audit, data, next_step="continue", section=section.key)
        assert response.status_code == 302, error_messages(response)
    response = post_collaborative(client, audit, collaborative)
    assert response.status_code == 302, error_messages(response)
    return response


# --- Who may open what ---------------------------------------------------------------------

PEOPLE = ["admin", "moderator", "qa_viewer", "practitioner", "no role"]


@pytest.mark.parametrize("who", PEOPLE)
def test_only_auditors_have_my_audits(client, make_user, who):
    client.sign_in(make_user(*([] if who == "no role" else [who])))
    response = client.get("/audits")
    assert response.status_code == 403
    assert page(response).h1.get_text(strip=True) == NO_PERMISSION


@pytest.mark.parametrize("path", ["/audits", "/audits/{id}", "/audits/{id}/sections/assessment",
                                  "/audits/{id}/collaborative-audit", "/audits/{id}/check", "/audits/{id}/actions",
                                  "/audits/{id}/submitted", "/audits/{id}/audit.pdf"])
def test_signed_out_people_are_sent_to_sign_in(client, audit, path):
    path = path.format(id=audit.id)
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=" + quote(path, safe="")


def test_my_audits_lists_only_mine(signed_in, make_audit, make_user, make_case, audit, publish_tool):
    other = make_user("auditor")
    make_audit(auditor=other, tool_version=audit.tool_version, case=make_case(reference="NOT-MINE-1"))
    make_audit(auditor=audit.auditor, tool_version=audit.tool_version, case=make_case(reference="LATE-7"),
                      due=date.today() - timedelta(days=3))

    response = signed_in.get("/audits")

    assert response.status_code == 200
    table = page(response).find("table")
    assert table.caption.get_text(strip=True) == "To do"
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
    assert [r[0] for r in rows] == ["LATE-7", "CF-20931"]
    assert rows[0][4] == "Not started Overdue"
    assert rows[1][1] == "Case file audit" and rows[1][4] == "Not started"
    assert "NOT-MINE-1" not in response.get_data(as_text=True)
    nav = page(response).select_one(".govuk-service-navigation")
    assert "My audits" in nav.get_text()


def test_another_auditor_cannot_open_or_change_my_audit(client, make_user, audit):
    client.sign_in(make_user("auditor", "admin"))
    for path in (f"/audits/{audit.id}", f"/audits/{audit.id}/sections/assessment", f"/audits/{audit.id}/collaborative-audit",
                 f"/audits/{audit.id}/check", f"/audits/{audit.id}/actions", f"/audits/{audit.id}/submitted"):
        assert client.get(path).status_code == 403, path
    assert client.submit(f"/audits/{audit.id}/sections/assessment",
                         {"lock_version": "1", "answer-assessment-timely": "good"}).status_code == 403
    assert client.submit(f"/audits/{audit.id}/sections/assessment/autosave", {"lock_version": "1"}).status_code == 403
    assert client.submit(f"/audits/{audit.id}/collaborative-audit", {"lock_version": "1", "collaborative": "yes"}).status_code == 403
    assert client.submit(f"/audits/{audit.id}/collaborative-audit/autosave", {"lock_version": "1"}).status_code == 403
    assert client.submit(f"/audits/{audit.id}/check", {"lock_version": "1"}).status_code == 403
    stored = fresh(audit)
    assert (stored.state, stored.answers, stored.lock_version) == (states.NOT_STARTED, {}, 1)


# --- The form and its drafts --------------------------------------------------------------


def tasks(response) -> dict[str, str]:
    """The task list: each part's name and its status, as read."""
    soup = page(response)
    return {li.select_one(".govuk-task-list__name-and-hint a").get_text(strip=True):
            li.select_one(".govuk-task-list__status").get_text(" ", strip=True)
            for li in soup.select(".govuk-task-list__item")}


def test_the_audit_opens_on_a_task_list_of_its_parts(signed_in, audit):
    response = signed_in.get(f"/audits/{audit.id}")

    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Audit of case CF-20931"
    assert soup.find("form", id="audit-form") is None  # the questions are on the sections' pages
    assert list(tasks(response)) == [
        "Assessment", "Plan and contingency", "Direct work and the child's voice", "Visits",
        "Management oversight and supervision", "Multi-agency working", "Risk and safety", "Recording and chronology",
        "Collaborative audit", "Corrective actions"]
    assert set(list(tasks(response).values())[:-1]) == {"Not started"}
    assert tasks(response)["Corrective actions"] == "None raised"
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".govuk-task-list__link")}
    assert links["Visits"] == f"/audits/{audit.id}/sections/visits"
    assert links["Collaborative audit"] == f"/audits/{audit.id}/collaborative-audit"
    assert links["Corrective actions"] == f"/audits/{audit.id}/actions"
    assert soup.find("a", string=lambda s: s and "Check your answers" in s)["href"] == f"/audits/{audit.id}/check"
    assert soup.find(id="progress-count").get_text(strip=True) == "You have completed 0 of 9 parts."


def test_each_section_shows_its_status(signed_in, audit):
    tool = audit.tool_version.definition
    answers, evidence = complete_answers(tool)
    assessment = {q.key for q in tool.sections[0].questions}
    # Assessment: everything. Plan: one answer. Visits: a number that is not one.
    post_form(signed_in, audit, as_posted(tool, {k: v for k, v in answers.items() if k in assessment},
                                          {k: v for k, v in evidence.items() if k in assessment}), section="assessment")
    post_form(signed_in, audit, {"answer-plan-specific": ["yes"]})
    post_form(signed_in, audit, {"answer-visits-count": ["lots"]})
    # Direct work: graded, but the evidence it needs is missing.
    post_form(signed_in, audit, {"answer-direct-work": ["good"], "answer-child-voice": ["good"],
                                 "answer-seen-alone": ["yes"]})
    post_collaborative(signed_in, audit, "no")

    shown = tasks(signed_in.get(f"/audits/{audit.id}"))

    assert shown["Assessment"] == "Completed"
    assert shown["Plan and contingency"] == "In progress"
    assert shown["Visits"] == "Needs checking"
    assert shown["Direct work and the child's voice"] == "In progress"
    assert shown["Recording and chronology"] == "Not started"
    assert shown["Collaborative audit"] == "Completed"
    hints = [h.get_text(strip=True) for h in page(signed_in.get(f"/audits/{audit.id}")).select(".govuk-task-list__hint")]
    assert hints[0] == "4 of 4 questions answered"


def test_a_section_page_works_without_javascript(signed_in, audit):
    response = signed_in.get(f"/audits/{audit.id}/sections/assessment")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Assessment"
    assert soup.select_one(".govuk-caption-l").get_text(strip=True) == "Audit of case CF-20931: section 1 of 8"
    # The section's own guidance, then only its questions.
    assert "assessment" in soup.find("h1").find_next("p").get_text().lower()
    form = soup.find("form", id="audit-form")
    assert form["method"] == "post" and form.has_attr("novalidate")
    assert form["action"] == f"/audits/{audit.id}/sections/assessment"
    assert form.find("input", attrs={"name": "lock_version", "type": "hidden"})["value"] == "1"
    assert form.find("input", attrs={"name": "state", "type": "hidden"})["value"] == "not_started"
    assert [b.get_text(strip=True) for b in form.select(".govuk-button-group button")] == [
        "Save and continue", "Save and come back later"]
    names = {el["name"] for el in form.find_all(["input", "textarea"]) if el.get("name", "").startswith("answer-")}
    assert names == {"answer-assessment-date", "answer-assessment-timely", "answer-assessment-quality",
                     "answer-assessment-identity"}
    # Each question is asked in its own way, with its guidance.
    legend = soup.find("legend", string=lambda s: s and "Is the assessment up to date" in s)
    details = legend.find_parent("fieldset").find("details")
    assert details.summary.get_text(strip=True) == "What good looks like"
    assert len(form.find_all("input", attrs={"name": "answer-assessment-date"})) == 3
    assert form.find("textarea", attrs={"name": "evidence-assessment-timely"}) is not None
    script = soup.find("script", src=static_url("js/audit-form.js"))
    assert script["type"] == "module"
    visits = page(signed_in.get(f"/audits/{audit.id}/sections/visits")).find("form", id="audit-form")
    assert visits.find("input", attrs={"name": "answer-visits-count"})["inputmode"] == "numeric"
    multi = page(signed_in.get(f"/audits/{audit.id}/sections/multi-agency")).find("form", id="audit-form")
    assert multi.find_all("input", attrs={"name": "answer-contributors", "type": "checkbox"})
    assert signed_in.get(f"/audits/{audit.id}/sections/no-such-section").status_code == 404


def test_save_and_continue_goes_section_by_section_then_to_the_collaborative_audit(signed_in, audit):
    first = post_form(signed_in, audit, {"answer-assessment-timely": ["good"]}, next_step="continue")
    assert first.status_code == 302 and first.headers["Location"] == f"/audits/{audit.id}/sections/plan"
    last = post_form(signed_in, audit, {"answer-chronology": ["good"]}, next_step="continue")
    assert last.headers["Location"] == f"/audits/{audit.id}/collaborative-audit"
    then = post_collaborative(signed_in, audit, "yes", "Agreed.", next_step="continue")
    assert then.headers["Location"] == f"/audits/{audit.id}/actions"
    stored = fresh(audit)
    assert stored.answers == {"assessment-timely": "good", "chronology": "good"}
    assert (stored.collaborative, stored.worker_view, stored.lock_version) == (True, "Agreed.", 4)


def test_saving_one_section_leaves_the_others_as_they_were(signed_in, audit):
    post_form(signed_in, audit, {"answer-assessment-timely": ["good"], "evidence-assessment-timely": ["Seen."]})
    post_collaborative(signed_in, audit, "yes")

    post_form(signed_in, audit, {"answer-visits-count": ["4"]})

    stored = fresh(audit)
    assert stored.answers == {"assessment-timely": "good", "visits-count": 4}
    assert stored.evidence == {"assessment-timely": "Seen."}
    assert stored.collaborative is True


def test_a_saved_section_reopens_as_it_was_left(signed_in, audit):
    tool = audit.tool_version.definition
    response = post_form(signed_in, audit, as_posted(tool, {
        "last-visit-date": "2026-03-02",
        "visits-count": "4",
        "visits-in-timescale": "partly",
    }), section="visits")

    assert response.status_code == 302 and response.headers["Location"] == f"/audits/{audit.id}"
    overview = signed_in.get(response.headers["Location"])
    banner = page(overview).select_one(".govuk-notification-banner--success").get_text(" ", strip=True)
    assert "Your answers to ‘Visits’ were saved at" in banner
    assert tasks(overview)["Visits"] == "In progress"
    again = signed_in.get(f"/audits/{audit.id}/sections/visits")
    data = scrape(again)
    assert data["answer-last-visit-date"] == ["2", "3", "2026"]
    assert data["answer-visits-count"] == ["4"]
    assert data["answer-visits-in-timescale"] == ["partly"]
    assert data["lock_version"] == ["2"] and data["state"] == ["in_progress"]
    assert "Last saved " in page(again).find(id="save-help").get_text()
    post_form(signed_in, audit, as_posted(tool, {"contributors": ["police", "child"]},
                                          {"contributors": "Police attended the strategy meeting."}))
    data = scrape(signed_in.get(f"/audits/{audit.id}/sections/multi-agency"))
    assert data["answer-contributors"] == ["child", "police"]
    assert data["evidence-contributors"] == ["Police attended the strategy meeting."]
    stored = fresh(audit)
    assert stored.state == states.IN_PROGRESS
    assert stored.answers["visits-in-timescale"] == "partly"


def test_the_collaborative_audit_page_works_without_javascript(signed_in, audit):
    soup = page(signed_in.get(f"/audits/{audit.id}/collaborative-audit"))
    form = soup.find("form", id="audit-form")
    assert soup.h1.get_text(strip=True) == "Collaborative audit"
    assert {i["value"] for i in form.find_all("input", attrs={"name": "collaborative"})} == {"yes", "no"}

    saved = post_collaborative(signed_in, audit, "no", "Not available this month.")

    assert saved.status_code == 302 and saved.headers["Location"] == f"/audits/{audit.id}"
    data = scrape(signed_in.get(f"/audits/{audit.id}/collaborative-audit"))
    assert data["collaborative"] == ["no"] and data["worker_view"] == ["Not available this month."]
    assert (fresh(audit).collaborative, fresh(audit).worker_view) == (False, "Not available this month.")


def test_answers_that_need_correcting_are_kept_and_listed(signed_in, audit):
    response = post_form(signed_in, audit, {"answer-visits-count": ["about ten"],
                                            "answer-last-visit-date": ["31", "2", "2026"]})

    assert response.status_code == 200
    assert page(response).title.get_text().startswith("Error: ")
    assert error_messages(response) == [
        "The answer to 'Date of the most recent visit to the child' must be a real date, for example 27 3 2026",
        "The answer to 'How many times has the child been visited in the last three months?' must be a number",
    ]
    links = [a["href"] for a in page(response).select(".govuk-error-summary__list a")]
    assert links == ["#answer-last-visit-date-day", "#answer-visits-count"]
    assert "Some need correcting" in page(response).select_one(".govuk-notification-banner--success").get_text()
    data = scrape(response)
    assert data["answer-visits-count"] == ["about ten"] and data["lock_version"] == ["2"]
    assert fresh(audit).answers == {"visits-count": "about ten",
                                    "last-visit-date": {"day": "31", "month": "2", "year": "2026"}}
    # Opening it later shows them again, still to correct.
    again = signed_in.get(f"/audits/{audit.id}/sections/visits")
    assert len(error_messages(again)) == 2
    assert scrape(again)["answer-last-visit-date"] == ["31", "2", "2026"]


def test_a_stale_save_is_refused_and_a_deliberate_second_save_works(signed_in, audit, make_user):
    opened = signed_in.get(f"/audits/{audit.id}/sections/assessment")
    service.save_draft(fresh(audit), fresh(audit).auditor, {"assessment-timely": "good"}, {}, None, None, 1)
    saved_at = fresh(audit).updated_at

    refused = post_form(signed_in, audit, {"answer-assessment-timely": ["inadequate"]}, start=opened)

    assert refused.status_code == 409
    assert error_messages(refused) == [
        (f"This audit was saved by you, in another window or on another device, at {service.local_time(saved_at)} "
         "after you opened it. Your answers are below but NOT saved: check them against the latest version and save again."),
    ]
    assert fresh(audit).answers == {"assessment-timely": "good"}
    data = scrape(refused)
    assert data["answer-assessment-timely"] == ["inadequate"]  # what was typed, not lost
    assert data["lock_version"] == ["2"]  # the newest version: saving again is deliberate

    again = post_form(signed_in, audit, {}, start=refused)
    assert again.status_code == 302
    assert fresh(audit).answers == {"assessment-timely": "inadequate"}


def test_two_people_editing_one_audit_one_is_told(client, new_client, audit, make_user):
    """The auditor in two browsers, as two clients: the second save is refused."""
    client.sign_in(audit.auditor)
    other_browser = new_client()
    other_browser.sign_in(audit.auditor)
    first_page = client.get(f"/audits/{audit.id}/sections/assessment")
    second_page = other_browser.get(f"/audits/{audit.id}/sections/assessment")

    first = post_form(client, audit, {"answer-assessment-timely": ["good"]}, start=first_page)
    second = post_form(other_browser, audit, {"answer-assessment-timely": ["inadequate"]}, start=second_page)

    assert (first.status_code, second.status_code) == (302, 409)
    assert error_messages(second)[0].startswith("This audit was saved by you, in another window or on another device, at ")
    assert fresh(audit).answers == {"assessment-timely": "good"}


def test_the_conflict_names_someone_else_who_saved(signed_in, audit, make_user):
    opened = signed_in.get(f"/audits/{audit.id}/sections/assessment")
    stored = fresh(audit)
    stored.updated_by = make_user(name="Morgan Manager")
    stored.updated_at = utcnow()
    stored.answers = {"assessment-timely": "outstanding"}
    db.session.commit()

    refused = post_form(signed_in, audit, {"answer-assessment-timely": ["good"]}, start=opened)

    assert refused.status_code == 409
    assert error_messages(refused)[0].startswith("This audit was saved by Morgan Manager at ")


def test_autosave_answers_in_json_and_refuses_stale_saves(signed_in, audit):
    post_form(signed_in, audit, {"answer-assessment-timely": ["good"]})
    page_ = signed_in.get(f"/audits/{audit.id}/sections/visits")
    assert page(page_).find("form", id="audit-form")["data-autosave-url"] == f"/audits/{audit.id}/sections/visits/autosave"
    data = scrape(page_)
    data["answer-visits-purposeful"] = ["good"]
    data["answer-visits-count"] = ["lots"]

    saved = signed_in.post(f"/audits/{audit.id}/sections/visits/autosave", data=data,
                           headers={"X-CSRFToken": data.pop("csrf_token")[0]})

    assert saved.status_code == 200
    body = saved.get_json()
    assert body["lock_version"] == 3 and body["state"] == "in_progress"
    assert body["saved_at"] == service.local_time(fresh(audit).updated_at)
    assert [p["href"] for p in body["problems"]] == ["#answer-visits-count"]
    # Only this section's answers: the assessment's stay as they were.
    assert fresh(audit).answers == {"assessment-timely": "good", "visits-purposeful": "good", "visits-count": "lots"}

    stale = signed_in.post(f"/audits/{audit.id}/sections/visits/autosave", data=data,
                           headers={"X-CSRFToken": signed_in.csrf_token()})  # lock_version still 1
    assert stale.status_code == 409
    assert stale.get_json()["saved_by"] == "you, in another window or on another device,"
    assert stale.get_json()["lock_version"] == 3
    assert fresh(audit).lock_version == 3


def test_the_collaborative_audit_saves_as_you_go(signed_in, audit):
    data = scrape(signed_in.get(f"/audits/{audit.id}/collaborative-audit"))
    data.update({"collaborative": ["yes"], "worker_view": ["Agreed."]})
    saved = signed_in.post(f"/audits/{audit.id}/collaborative-audit/autosave", data=data,
                           headers={"X-CSRFToken": data.pop("csrf_token")[0]})
    assert saved.status_code == 200 and saved.get_json()["lock_version"] == 2
    assert (fresh(audit).collaborative, fresh(audit).worker_view) == (True, "Agreed.")


def test_autosave_needs_the_csrf_token(signed_in, audit):
    response = signed_in.post(f"/audits/{audit.id}/sections/assessment/autosave",
                              data={"lock_version": "1", "answer-assessment-timely": "good"})
    assert response.status_code == 400
    assert fresh(audit).answers == {}


# --- Corrective actions ---------------------------------------------------------------------


def test_a_corrective_action_is_raised_before_submission(signed_in, audit, make_user):
    owner = make_user(name="Taylor Teammate", team_id=audit.case.team_id)
    # From the task list.
    overview = page(signed_in.get(f"/audits/{audit.id}"))
    links = {a.get_text(strip=True): a["href"] for a in overview.select(".govuk-task-list__link")}
    assert links["Corrective actions"] == f"/audits/{audit.id}/actions"

    form_page = signed_in.get(f"/audits/{audit.id}/actions")
    options = [o.get_text(strip=True) for o in page(form_page).select("select[name=owner_id] option")]
    assert options[0] == "Choose a person" and options[1] == "Taylor Teammate (Carlisle Safeguarding 1)"
    due = date.today() + timedelta(days=14)
    raised = signed_in.submit(f"/audits/{audit.id}/actions", {
        "description": "Hold a core group to agree the contingency plan.",
        "owner_id": str(owner.id),
        "due_date": [str(due.day), str(due.month), str(due.year)],
    })

    assert raised.status_code == 302
    action = db.session.scalar(select(CorrectiveAction))
    assert (action.description, action.owner_id, action.case_id) == (
        "Hold a core group to agree the contingency plan.", owner.id, audit.case_id)
    assert action.raised_at is not None and fresh(audit).submitted_at is None
    shown = signed_in.get(raised.headers["Location"])
    assert "Corrective action raised: Taylor Teammate to do it by" in shown.get_data(as_text=True)
    table = page(shown).find("table")
    assert "Hold a core group" in table.get_text()
    assert tasks(signed_in.get(f"/audits/{audit.id}"))["Corrective actions"] == "1 raised"


def test_a_corrective_action_with_a_past_date_is_refused(signed_in, audit, make_user):
    owner = make_user()
    past = date.today() - timedelta(days=1)
    response = signed_in.submit(f"/audits/{audit.id}/actions", {
        "description": "Update the chronology", "owner_id": str(owner.id),
        "due_date": [str(past.day), str(past.month), str(past.year)],
    })
    assert response.status_code == 200
    assert error_messages(response) == ["The due date must be today or in the future"]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#due_date-day"
    blank = signed_in.submit(f"/audits/{audit.id}/actions", {"description": "", "owner_id": "", "due_date": ["", "", ""]})
    assert error_messages(blank) == ["Enter what needs to be done", "Choose who will do it", "Enter the date it must be done by"]
    assert db.session.scalar(select(func.count()).select_from(CorrectiveAction)) == 0


def test_a_corrective_action_can_be_removed_while_the_audit_is_a_draft(signed_in, audit, make_user):
    action = service.raise_corrective_action(audit, audit.auditor, "Update the plan", make_user().id, date.today())
    response = signed_in.submit(f"/audits/{audit.id}/actions/{action.id}/remove")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CorrectiveAction)) == 0


# --- Check and submit -----------------------------------------------------------------------


def test_check_lists_what_is_missing_by_section_with_links_to_the_questions(signed_in, audit):
    post_form(signed_in, audit, {"answer-assessment-timely": ["good"]})
    post_form(signed_in, audit, {"answer-visits-count": ["lots"]})

    check = signed_in.get(f"/audits/{audit.id}/check")

    assert check.status_code == 200
    soup = page(check)
    assert soup.h1.get_text(strip=True) == "Check your answers"
    assert soup.title.get_text().startswith("Error: ")
    summary = soup.select_one(".govuk-error-summary")
    assert summary.select_one(".govuk-error-summary__title").get_text(strip=True) == "You cannot submit this audit yet"
    headings = [h.get_text(strip=True) for h in summary.select("h3")]
    assert headings == [s.title for s in audit.tool_version.definition.sections] + ["Collaborative audit"]
    groups = {h.get_text(strip=True): {a.get_text(" ", strip=True): a["href"] for a in h.find_next_sibling("ul").select("a")}
              for h in summary.select("h3")}
    assessment = f"/audits/{audit.id}/sections/assessment"
    tool = audit.tool_version.definition
    assert groups["Assessment"] == {
        f"'{tool.question('assessment-timely').text}' needs evidence for its answer": assessment + "#evidence-assessment-timely",
        f"'{tool.question('assessment-quality').text}' needs an answer": assessment + "#answer-assessment-quality",
        f"'{tool.question('assessment-identity').text}' needs an answer": assessment + "#answer-assessment-identity",
    }
    visits = groups["Visits"]
    assert visits["'Date of the most recent visit to the child' needs an answer"] == \
        f"/audits/{audit.id}/sections/visits#answer-last-visit-date-day"
    assert visits["'How many times has the child been visited in the last three months?' must be a number"] == \
        f"/audits/{audit.id}/sections/visits#answer-visits-count"
    assert groups["Collaborative audit"] == {
        "Say whether you did this audit with the child's social worker": f"/audits/{audit.id}/collaborative-audit#collaborative"}
    assert soup.find("button", string=lambda s: s and "Submit audit" in s) is None
    # Each link goes to a field on its section's page.
    target = page(signed_in.get(assessment))
    assert target.find(id="evidence-assessment-timely") is not None and target.find(id="answer-assessment-quality") is not None
    assert page(signed_in.get(f"/audits/{audit.id}/sections/visits")).find(id="answer-last-visit-date-day") is not None
    # And submitting anyway is refused.
    refused = signed_in.submit(f"/audits/{audit.id}/check", {"lock_version": str(fresh(audit).lock_version)})
    assert refused.status_code == 200 and fresh(audit).state == states.IN_PROGRESS


def test_check_shows_the_judgement_as_the_answer_with_its_reasons(signed_in, audit):
    complete(signed_in, audit, changes={"child-safe": "requires_improvement"})

    check = signed_in.get(f"/audits/{audit.id}/check")

    soup = page(check)
    assert soup.select(".govuk-error-summary") == []
    panel = soup.find(id="computed-judgement")
    assert "govuk-panel" in panel["class"]
    assert panel.h2.get_text(" ", strip=True) == "The judgement your grades give Requires improvement"
    assert soup.find(id="computed-judgement-label").get_text(strip=True) == "Requires improvement"
    assert soup.find(id="computed-judgement-reasons").get_text(" ", strip=True) == (
        f"Requires improvement, because '{CHILD_SAFE}' was graded Requires improvement, which limits the overall"
        " judgement to Requires improvement. Without that limit it would be Good: the weighted mean grade of 13"
        " graded questions was 2.85 (Good is 2.75 or more).")
    sections = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
                for tr in soup.find("table").tbody.find_all("tr")}
    assert sections["Risk and safety"][0] == "Requires improvement" and sections["Assessment"][0] == "Good"
    assert sections["Risk and safety"][1] == ("Requires improvement, because the weighted mean grade of 1 graded question"
                                             " was 2 (Requires improvement is 1.75 or more).")
    assert not any(why.startswith("Good:") for _, why in sections.values())
    checked = soup.find("input", attrs={"name": "override_judgement", "checked": True})
    assert checked["value"] == "requires_improvement"
    # Change links go to the question on its section's page.
    change = soup.select_one('a[href$="#answer-child-safe"]')
    assert change["href"] == f"/audits/{audit.id}/sections/risk#answer-child-safe"
    assert change.get_text(" ", strip=True) == f"Change {CHILD_SAFE}"


def test_dates_are_shown_as_people_write_them(signed_in, audit):
    complete(signed_in, audit)
    soup = page(signed_in.get(f"/audits/{audit.id}/check"))
    visit = soup.find("dt", string=lambda s: s and "most recent visit" in s).find_next_sibling("dd")
    assert visit.get_text(" ", strip=True) == "2 March 2026"
    assert "2026-03-02" not in soup.get_text()
    due = page(signed_in.get(f"/audits/{audit.id}")).find("dt", string=lambda s: s and s.strip() == "Due")
    assert due.find_next_sibling("dd").get_text(" ", strip=True) == "31 December 2026"


def test_check_shows_the_plan_measures_this_case_meets(plan, signed_in, audit):
    complete(signed_in, audit, changes={"plan-contingency": "no"})
    contingency = db.session.scalar(select(ImpactMeasure).where(ImpactMeasure.seed_key == "r2-am1"))

    soup = page(signed_in.get(f"/audits/{audit.id}/check"))

    table = soup.find("caption", string="Improvement plan measures this audit counts towards").parent
    rows = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in table.tbody.find_all("tr")}
    assert rows[contingency.text][0] == "Not met"
    assert rows[contingency.text][1] == (
        "Not met: 'Is there a contingency plan, saying what will happen if the plan does not work?' was answered No"
        " (Yes needed)."
    )


def test_a_different_judgement_without_a_reason_is_refused(signed_in, audit):
    complete(signed_in, audit)
    lock = str(fresh(audit).lock_version)

    response = signed_in.submit(f"/audits/{audit.id}/check", {"lock_version": lock, "override_judgement": "outstanding"})

    assert response.status_code == 200
    assert error_messages(response) == ["Give a reason for judging this audit Outstanding when the grades give Good."]
    assert fresh(audit).state == states.IN_PROGRESS

    done = signed_in.submit(f"/audits/{audit.id}/check", {"lock_version": lock, "override_judgement": "outstanding",
                                                          "override_reason": "Exceptional direct work with the child."})
    assert done.status_code == 302
    stored = fresh(audit)
    assert (stored.state, stored.computed_judgement, stored.override_judgement) == (
        states.SUBMITTED, rules.GOOD, rules.OUTSTANDING)


def test_submitting_twice_submits_once_without_an_error(signed_in, audit):
    complete(signed_in, audit)
    lock = str(fresh(audit).lock_version)

    first = signed_in.submit(f"/audits/{audit.id}/check", {"lock_version": lock, "override_judgement": "good"})
    submitted = fresh(audit)
    second = signed_in.submit(f"/audits/{audit.id}/check", {"lock_version": lock, "override_judgement": "good"})

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"] == f"/audits/{audit.id}/submitted"
    landing = signed_in.get(second.headers["Location"])
    assert landing.status_code == 200 and error_messages(landing) == []
    assert page(landing).h1.get_text(strip=True) == "Audit of case CF-20931"
    again = fresh(audit)
    assert (again.submitted_at, again.lock_version) == (submitted.submitted_at, submitted.lock_version)


def test_a_submitted_audit_is_read_only(signed_in, audit):
    complete(signed_in, audit)
    signed_in.submit(f"/audits/{audit.id}/check", {"lock_version": str(fresh(audit).lock_version)})
    before = fresh(audit)
    answers, lock = dict(before.answers), before.lock_version

    for path in (f"/audits/{audit.id}", f"/audits/{audit.id}/sections/assessment", f"/audits/{audit.id}/collaborative-audit"):
        assert signed_in.get(path).headers["Location"] == f"/audits/{audit.id}/submitted", path
    refused = signed_in.submit(f"/audits/{audit.id}/sections/assessment",
                               {"lock_version": str(lock), "answer-assessment-timely": "inadequate"})
    assert refused.status_code == 409
    assert error_messages(refused) == ["This audit has been submitted, so it can no longer be changed."]
    assert signed_in.submit(f"/audits/{audit.id}/collaborative-audit", {"lock_version": str(lock)}).status_code == 409
    for path in (f"/audits/{audit.id}/sections/assessment/autosave", f"/audits/{audit.id}/collaborative-audit/autosave"):
        autosave = signed_in.submit(path, {"lock_version": str(lock)})
        assert autosave.status_code == 409 and autosave.get_json()["submitted"] is True
    assert signed_in.submit(f"/audits/{audit.id}/actions", {"description": "x"}).status_code == 409
    after = fresh(audit)
    assert (after.state, after.answers, after.lock_version) == (states.SUBMITTED, answers, lock)

    view = page(signed_in.get(f"/audits/{audit.id}/submitted"))
    assert view.find(id="auditor-judgement").get_text(strip=True) == "Good"
    assert view.find("form", id="audit-form") is None
    assert "Download this audit as a PDF" in view.get_text()


@pytest.mark.parametrize("who", ["admin", "moderator", "qa_viewer"])
def test_readers_see_a_submitted_audit_but_not_a_draft(client, signed_in, new_client, make_user, audit, who):
    reader = new_client()
    reader.sign_in(make_user(who))
    assert reader.get(f"/audits/{audit.id}/submitted").status_code == 403
    assert reader.get(f"/audits/{audit.id}/audit.pdf").status_code == 403
    assert reader.get(f"/audits/{audit.id}").status_code == 403

    complete(signed_in, audit)
    signed_in.submit(f"/audits/{audit.id}/check", {"lock_version": str(fresh(audit).lock_version)})

    view = reader.get(f"/audits/{audit.id}/submitted")
    assert view.status_code == 200
    assert page(view).h1.get_text(strip=True) == "Audit of case CF-20931"
    assert reader.get(f"/audits/{audit.id}/audit.pdf").status_code == 200


def test_a_practitioner_cannot_read_a_submitted_audit(client, make_user, audit):
    audit.state, audit.submitted_at = states.SUBMITTED, audit.round.created_at
    db.session.commit()
    client.sign_in(make_user("practitioner"))
    assert client.get(f"/audits/{audit.id}/submitted").status_code == 403
    assert client.get(f"/audits/{audit.id}/audit.pdf").status_code == 403


def pdf_text(data: bytes, tmp_path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_is_for_the_case_record(signed_in, audit, make_user, tmp_path):
    service.raise_corrective_action(audit, audit.auditor, "Update the chronology", make_user(name="Olu Owner").id,
                                    date.today() + timedelta(days=7))
    complete(signed_in, audit, changes={"child-safe": "inadequate"})
    signed_in.submit(f"/audits/{audit.id}/check", {"lock_version": str(fresh(audit).lock_version)})

    response = signed_in.get(f"/audits/{audit.id}/audit.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = " ".join(pdf_text(response.data, tmp_path).split())
    assert "Audit of case CF-20931" in text
    assert "Case file audit, version 1" in text
    assert "Alex Auditor" in text
    assert "Inadequate" in text
    assert f"Inadequate, because '{CHILD_SAFE}' was graded Inadequate, which limits the overall judgement to Inadequate." in text
    assert "Good:" not in text
    assert "2 March 2026" in text and "2026-03-02" not in text
    assert "Update the chronology" in text and "Olu Owner" in text
    assert "Seen on the file for assessment-timely." in text
    assert "Page 1 of " in text
    assert "Jo Worker" not in text  # the case's social worker is not named


def test_the_pdf_waits_for_submission(signed_in, audit):
    assert signed_in.get(f"/audits/{audit.id}/audit.pdf").status_code == 404


# --- The field registry -----------------------------------------------------------------------


def test_every_question_kind_has_a_field():
    assert set(ANSWER_KINDS) == set(rules.QUESTION_KINDS)
