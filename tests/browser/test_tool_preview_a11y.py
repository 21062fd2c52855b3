"""An administrator previews a draft audit tool with branching as the auditor will see it,
watches a question appear and disappear with an earlier answer, and tries a judgement
that a limiting question caps; axe-core on each state, and the page at 320px. And an
auditor's section page with a question that depends on an answer on the same page."""
import os
from datetime import date

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from playwright.sync_api import expect

from app.audits import tool_service
from conftest import PASSWORD
from audits.test_branching import TOOL

SHOTS = os.environ.get("SCREENSHOT_DIR", "/tmp")
PREVIEW = "/admin/audit-tools/branching/versions/1/preview"


@pytest.fixture
def admin(plan, make_user):
    tool_service.import_tool_yaml(TOOL, "branching.yaml")  # draft version 1
    return make_user("admin", email="admin@example.org", name="Ada Admin")


def answer(page, question, label):
    page.get_by_role("group", name=question).get_by_label(label, exact=True).check()


def test_an_admin_previews_a_tool_with_branching_and_tries_a_judgement(page, admin, sign_in, axe,
                                                                        assert_only_local_requests):
    sign_in(page, admin.email, PASSWORD)
    page.goto("/admin/audit-tools/branching/versions/1")
    page.get_by_role("link", name="Preview version 1 as the auditor sees it, and try a judgement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan audit")

    # Nothing answered yet: the contingency question and the review section wait for "Is there a plan?".
    contingency = page.locator("#question-contingency")
    review = page.locator("#section-review")
    expect(contingency).to_be_hidden()
    expect(review).to_be_hidden()
    axe(page, "preview, nothing answered")

    answer(page, "Is there a plan?", "Partly")
    expect(contingency).to_be_visible()
    expect(review).to_be_hidden()  # asked only when the plan is there: Yes
    answer(page, "Is there a plan?", "Yes")
    expect(review).to_be_visible()
    answer(page, "Is there a plan?", "No")
    expect(contingency).to_be_hidden()

    answer(page, "Is the plan good?", "Outstanding")
    answer(page, "Is the child safe?", "Inadequate")
    page.get_by_role("button", name="Try the judgement").click()

    expect(page.locator("#judgement-label")).to_have_text("Inadequate")
    expect(page.locator("#judgement-why")).to_contain_text(
        "Limited: 'Is the child safe?' was graded Inadequate, which limits the judgement to Inadequate.")
    expect(page.locator("#judgement-why")).to_contain_text("The mean grade of 2 graded questions was 2.5")
    expect(page.locator("#judgement-hidden")).to_contain_text("'Is there a contingency plan?' (Plan and contingency)")
    # The sample answers stay on the form, and the branching with them.
    expect(page.get_by_role("group", name="Is there a plan?").get_by_label("No", exact=True)).to_be_checked()
    expect(contingency).to_be_hidden()
    axe(page, "preview with a judgement tried")
    page.screenshot(path=f"{SHOTS}/tool-branching-preview.png", full_page=True)
    assert_only_local_requests(page)


def test_the_preview_fits_a_phone_and_works_without_javascript(phone, new_page, admin, sign_in, axe,
                                                               assert_no_horizontal_scroll):
    sign_in(phone, admin.email, PASSWORD)
    phone.goto(PREVIEW)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Plan audit")
    assert_no_horizontal_scroll(phone)
    axe(phone, "preview at 320px")
    phone.screenshot(path=f"{SHOTS}/tool-branching-preview-320.png", full_page=True)

    # Without JavaScript every question is shown, each saying when to answer it.
    plain = new_page(java_script_enabled=False, viewport={"width": 1024, "height": 768})
    sign_in(plain, admin.email, PASSWORD)
    plain.goto(PREVIEW)
    expect(plain.locator("#question-contingency")).to_be_visible()
    expect(plain.locator("#question-contingency")).to_contain_text(
        "Answer this only if 'Is there a plan?' is Yes or Partly.")
    answer(plain, "Is there a plan?", "No")
    answer(plain, "Is there a contingency plan?", "Good")
    answer(plain, "Is the child safe?", "Good")
    plain.get_by_role("button", name="Try the judgement").click()
    expect(plain.locator("#judgement-label")).to_have_text("Good")
    expect(plain.locator("#judgement-hidden")).to_contain_text("'Is there a contingency plan?'")


@pytest.fixture
def auditor(places, make_user):
    return make_user("auditor", email="alex@example.org", name="Alex Auditor")


def test_an_auditor_sees_a_question_appear_with_the_answer_it_depends_on(page, make_audit, make_case, publish_tool,  # noqa: F811
                                                                         auditor, sign_in, axe, assert_only_local_requests):
    audit = make_audit(auditor=auditor, tool_version=publish_tool("connected_persons_audit"),
                       case=make_case(reference="CP-1"), due=date(2030, 1, 31))
    sign_in(page, auditor.email, PASSWORD)
    page.goto(f"/audits/{audit.id}/sections/arrangement")
    legal_basis = page.locator("#question-legal-basis")
    expect(legal_basis).to_be_hidden()

    with page.expect_response(lambda r: r.url.endswith("/autosave")):
        answer(page, "Is the child living with connected people (family or friends carers)?", "Yes")
    expect(legal_basis).to_be_visible()
    expect(legal_basis).to_contain_text(
        "Answer this only if 'Is the child living with connected people (family or friends carers)?' is Yes.")
    axe(page, "a section with a question depending on an answer on it")

    answer(page, "Is the child living with connected people (family or friends carers)?", "No")
    expect(legal_basis).to_be_hidden()
    expect(page.locator("#question-placement-start")).to_be_hidden()
    assert_only_local_requests(page)
