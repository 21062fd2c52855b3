"""Branching on the auditor's pages (questions hidden by an earlier answer: shown with a
hint on the same page, decided by the server across pages, cleared on save, never
blocking submission) and the administrator's preview with "Try the judgement"."""
import pytest
from conftest import error_messages, page, static_url
from sqlalchemy import func, select

from app.audits import states
from app.audits.models import Audit
from app.core.db import db

from .test_audit_form import fresh, post_collaborative, scrape
from .test_branching import TOOL

PUBLISHED = TOOL.replace("status: draft", "status: published")


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", name="Alex Auditor", email="alex@example.org")


@pytest.fixture
def audit(make_audit, auditor, publish_tool, make_case):
    return make_audit(auditor=auditor, tool_version=publish_tool("branching", yaml_text=PUBLISHED),
                      case=make_case(reference="BR-1"))


@pytest.fixture
def signed_in(client, auditor):
    client.sign_in(auditor)
    return client


def post_section(client, audit, section, changes, next_step="save"):
    path = f"/audits/{audit.id}/sections/{section}"
    data = scrape(client.get(path))
    data.update(changes)
    data["next"] = [next_step]
    return client.post(path, data=data)


def task_list(response) -> dict[str, tuple[str, str, bool]]:
    """Each part of the task list: (hint, status, whether it links to a page)."""
    rows = {}
    for li in page(response).select(".govuk-task-list__item"):
        name = li.select_one(".govuk-task-list__name-and-hint")
        hint = li.select_one(".govuk-task-list__hint")
        title = (name.a or name).get_text(" ", strip=True).removesuffix(hint.get_text(" ", strip=True) if hint else "").strip()
        rows[title] = (hint.get_text(" ", strip=True) if hint else "",
                       li.select_one(".govuk-task-list__status").get_text(" ", strip=True), name.a is not None)
    return rows


def test_a_question_depending_on_an_answer_on_the_same_page_is_shown_with_a_hint(signed_in, audit):
    response = signed_in.get(f"/audits/{audit.id}/sections/plan")

    soup = page(response)
    block = soup.find(id="question-contingency")
    assert block["data-show-when-name"] == "answer-has-plan"
    assert block["data-show-when-answers"] == "yes partly"
    assert block.select_one(".app-show-when-hint").get_text(" ", strip=True) == (
        "Depends on an answer Answer this only if 'Is there a plan?' is Yes or Partly.")
    assert soup.find(id="question-has-plan").get("data-show-when-name") is None
    assert static_url("js/branching.js") in response.get_data(as_text=True)


def test_a_section_not_asked_is_not_needed_skipped_and_says_why(signed_in, audit):
    response = post_section(signed_in, audit, "plan", {"answer-has-plan": ["no"]}, next_step="continue")
    assert response.headers["Location"] == f"/audits/{audit.id}/sections/safety"  # Reviewing the plan is skipped

    overview = signed_in.get(f"/audits/{audit.id}")
    parts = task_list(overview)
    assert parts["Reviewing the plan"] == ("Asked only when 'Is there a plan?' is Yes", "Not needed", False)
    assert parts["Plan and contingency"][0] == "1 of 2 questions answered"  # the contingency question is not asked
    assert page(overview).find(id="progress-count").get_text(strip=True) == "You have completed 0 of 3 parts."

    review = page(signed_in.get(f"/audits/{audit.id}/sections/review"))
    assert review.find(id="not-needed").get_text(" ", strip=True) == (
        "You do not need to answer this section: it is asked only when 'Is there a plan?' is Yes.")
    assert review.find(id="question-reviewed") is None

    post_section(signed_in, audit, "plan", {"answer-has-plan": ["yes"]})
    assert task_list(signed_in.get(f"/audits/{audit.id}"))["Reviewing the plan"] == (
        "0 of 2 questions answered", "Not started", True)
    assert page(signed_in.get(f"/audits/{audit.id}/sections/review")).find(id="question-reviewed") is not None


def test_a_question_whose_condition_is_on_an_earlier_page_is_shown_only_when_it_is_met(signed_in, audit):
    safety = f"/audits/{audit.id}/sections/safety"
    assert page(signed_in.get(safety)).find(id="question-safety-plan") is None  # not answered yet: not asked

    post_section(signed_in, audit, "plan", {"answer-has-plan": ["partly"]})

    block = page(signed_in.get(safety)).find(id="question-safety-plan")
    assert block is not None
    assert block.get("data-show-when-name") is None and block.select_one(".app-show-when-hint") is None


def test_answers_to_questions_no_longer_asked_are_cleared_on_save(signed_in, audit):
    post_section(signed_in, audit, "plan", {"answer-has-plan": ["yes"], "answer-contingency": ["good"],
                                            "evidence-contingency": ["Seen the plan."]})
    post_section(signed_in, audit, "review", {"answer-reviewed": ["good"], "evidence-reviewed": ["Reviewed."]})
    assert {"contingency", "reviewed"} <= set(fresh(audit).answers)

    # Without JavaScript the contingency answer is still on the page, and posted with "No".
    response = post_section(signed_in, audit, "plan", {"answer-has-plan": ["no"]})

    assert response.status_code == 302
    stored = fresh(audit)
    assert stored.answers == {"has-plan": "no"}
    assert stored.evidence == {}  # in this section and in the section no longer asked


def test_a_hidden_required_question_does_not_block_submitting(signed_in, audit):
    post_section(signed_in, audit, "plan", {"answer-has-plan": ["no"], "answer-plan-quality": ["good"],
                                            "evidence-plan-quality": ["Seen."]})
    post_section(signed_in, audit, "safety", {"answer-child-safe": ["outstanding"], "evidence-child-safe": ["Seen."]})
    post_collaborative(signed_in, audit, "yes")

    check = signed_in.get(f"/audits/{audit.id}/check")
    assert error_messages(check) == []
    response = signed_in.post(f"/audits/{audit.id}/check", data={
        "csrf_token": signed_in.csrf_token(), "lock_version": str(fresh(audit).lock_version),
        "override_judgement": "outstanding"})

    assert response.status_code == 302, error_messages(response)
    stored = fresh(audit)
    assert stored.state == states.SUBMITTED
    assert stored.computed_judgement == "outstanding"  # (3 + 4) / 2 = 3.5: the hidden questions left out
    submitted = page(signed_in.get(f"/audits/{audit.id}/submitted"))
    rows = {row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True) for row in submitted.select(".govuk-summary-list__row")}
    assert rows["Is there a contingency plan?"] == "Not asked, because of an earlier answer"
    assert rows["Is the plan good?"].startswith("Good")


# --- The administrator's preview ----------------------------------------------------------


@pytest.fixture
def admin(client, make_user):
    client.sign_in(make_user("admin", email="ada@example.org"))
    return client


@pytest.fixture
def draft(publish_tool):
    version = publish_tool("branching", yaml_text=TOOL)
    version.status = "draft"
    version.published_at = None
    db.session.commit()
    return version


PREVIEW = "/admin/audit-tools/branching/versions/1/preview"


@pytest.mark.parametrize("who", ["auditor", "moderator", "qa_viewer"])
def test_only_administrators_preview_a_tool(client, make_user, draft, who):
    client.sign_in(make_user(who))
    assert client.get(PREVIEW).status_code == 403
    assert client.submit(PREVIEW, {"answer-has-plan": "yes"}).status_code == 403


def test_the_version_page_links_to_the_preview(admin, draft):
    soup = page(admin.get("/admin/audit-tools/branching/versions/1"))
    link = soup.find("a", href=PREVIEW)
    assert link.get_text(" ", strip=True) == "Preview version 1 as the auditor sees it, and try a judgement"
    assert "Asked only when 'Is there a plan?' is Yes or Partly" in " ".join(soup.get_text(" ").split())


def test_a_draft_previews_as_the_auditor_sees_it(admin, draft):
    response = admin.get(PREVIEW)

    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Plan audit"
    assert [h.get_text(strip=True) for h in soup.select("#preview-form h2")] == [
        "Plan and contingency", "Reviewing the plan", "Safety"]
    # The same question blocks as the auditor's section page, evidence boxes included.
    assert soup.find(id="question-contingency")["data-show-when-answers"] == "yes partly"
    assert soup.find(id="section-review")["data-show-when-name"] == "answer-has-plan"
    assert soup.find("textarea", attrs={"name": "evidence-child-safe"}) is not None
    assert soup.find(id="judgement") is None


def test_trying_a_judgement_explains_it_and_saves_nothing(admin, draft):
    audits_before = db.session.scalar(select(func.count()).select_from(Audit))
    data = scrape(admin.get(PREVIEW), form_id="preview-form")
    data.update({"answer-has-plan": ["no"], "answer-contingency": ["outstanding"], "answer-plan-quality": ["good"],
                 "answer-child-safe": ["inadequate"]})

    response = admin.post(PREVIEW, data=data)

    assert response.status_code == 200
    soup = page(response)
    assert soup.find(id="judgement-label").get_text(strip=True) == "Inadequate"
    why = [li.get_text(" ", strip=True) for li in soup.select("#judgement-why li")]
    assert "The mean grade of 2 graded questions was 2 (Requires improvement is 1.75 or more)." in why
    assert "Limited: 'Is the child safe?' was graded Inadequate, which limits the judgement to Inadequate." in why
    hidden = [li.get_text(" ", strip=True) for li in soup.select("#judgement-hidden li")]
    assert hidden[0] == "'Is there a contingency plan?' (Plan and contingency): it is asked only when 'Is there a plan?' is Yes or Partly."
    measures = soup.find(id="judgement-measures").get_text(" ", strip=True)
    assert "Not applicable" in measures and "r2-am1" in measures
    # The answers stay on the form to change; nothing was stored.
    assert soup.find("input", attrs={"name": "answer-child-safe", "value": "inadequate"}).has_attr("checked")
    assert db.session.scalar(select(func.count()).select_from(Audit)) == audits_before
    assert draft.status == "draft"


def test_a_preview_post_without_its_token_is_refused(admin, draft):
    response = admin.post(PREVIEW, data={"answer-has-plan": "yes"})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
