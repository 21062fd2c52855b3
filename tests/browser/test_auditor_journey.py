"""An auditor does a case audit in the browser: My audits, the form saved as they go,
the tab closed and opened again, answers typed offline kept on the device, check and
submit. axe-core runs on every page of the journey.
"""
import re
from datetime import date

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from conftest import PASSWORD
from playwright.sync_api import Page, expect

from app.audits import rules
from app.audits.models import Audit
from app.core.db import db

TIMELY = "Is the assessment up to date, and was it completed within the child's timescale?"
VISITS = "How many times has the child been visited in the last three months?"


@pytest.fixture
def auditor(places, make_user):
    return make_user("auditor", email="alex@example.org", name="Alex Auditor")


@pytest.fixture
def audit(make_audit, make_case, auditor):  # noqa: F811  (the fixtures imported above)
    return make_audit(auditor=auditor, case=make_case(reference="CF-20931"), due=date(2030, 1, 31))


def stored(audit) -> Audit:
    db.session.expire_all()
    return db.session.get(Audit, audit.id)


def reopen(old: Page) -> Page:
    """A new tab in the same browser (same cookies, same localStorage), watched like the
    conftest's pages."""
    page = old.context.new_page()
    page.javascript = True
    page.requests = []
    page.problems = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.problems.append(f"JavaScript error: {error}"))
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith("Failed to load resource")
            and page.problems.append(f"console error: {msg.text}"))
    return page


def is_autosave(response) -> bool:
    return response.url.endswith("/autosave") and response.request.method == "POST"


def answer_everything(page: Page, tool) -> None:
    """Answer every question (Good, Yes, the first option...) and write evidence."""
    for _, q in tool.all_questions():
        name = f"answer-{q.key}"
        if q.kind == rules.GRADED:
            page.locator(f'input[name="{name}"][value="good"]').check()
        elif q.kind == rules.YES_PARTLY_NO:
            page.locator(f'input[name="{name}"][value="yes"]').check()
        elif q.kind in rules.CHOICE_KINDS:
            page.locator(f'input[name="{name}"]').first.check()
        elif q.kind == rules.NUMBER:
            page.locator(f'input[name="{name}"]').fill("3")
        elif q.kind == rules.DATE:
            page.locator(f"#{name}-day").fill("2")
            page.locator(f"#{name}-month").fill("3")
            page.locator(f"#{name}-year").fill("2026")
        else:
            page.locator(f'textarea[name="{name}"]').fill("Core group to review the plan within four weeks.")
        evidence = page.locator(f'textarea[name="evidence-{q.key}"]')
        if evidence.count():
            evidence.fill(f"Seen on the child's file ({q.key}).")
    page.get_by_role("group", name=re.compile("^Did you do this audit with the child's social worker")).get_by_label("Yes").check()


def test_auditor_saves_as_they_go_closes_the_tab_and_submits(page, audit, auditor, sign_in, axe, assert_only_local_requests):
    sign_in(page, auditor.email, PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My audits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My audits")
    expect(page.get_by_role("table", name="To do")).to_contain_text("CF-20931")
    axe(page, "my audits")
    assert_only_local_requests(page)

    page.get_by_role("link", name="CF-20931").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit of case CF-20931")
    axe(page, "the audit form")

    # Answer some questions: saved as you go, and said so.
    with page.expect_response(is_autosave) as saved:
        page.get_by_role("group", name=TIMELY).get_by_label("Requires improvement").check()
        page.get_by_label(f"Evidence for: {TIMELY}").fill("The assessment was three weeks late; no extension agreed.")
        page.get_by_label(VISITS).fill("4")
    assert saved.value.status == 200
    expect(page.locator("#autosave-status")).to_contain_text(re.compile(r"Saved at \d\d:\d\d"))
    expect(page.locator("#autosave-status")).to_have_attribute("aria-live", "polite")
    axe(page, "the audit form, saved as you go")
    assert_only_local_requests(page)
    # The copy on this device goes once the server has everything typed.
    page.wait_for_function(f"() => window.localStorage.getItem('audit-draft-{audit.id}') === null")
    page.close()

    # Open it again in a new tab: the answers came from the server.
    again = reopen(page)
    again.goto(f"/audits/{audit.id}")
    expect(again.get_by_role("group", name=TIMELY).get_by_label("Requires improvement")).to_be_checked()
    expect(again.get_by_label(f"Evidence for: {TIMELY}")).to_have_value("The assessment was three weeks late; no extension agreed.")
    expect(again.get_by_label(VISITS)).to_have_value("4")
    expect(again.locator("#local-copy")).to_be_empty()
    assert stored(audit).answers["visits-count"] == 4

    # Complete it, check it, submit it.
    answer_everything(again, audit.tool_version.definition)
    again.get_by_role("button", name="Save and check your audit").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Check your audit")
    expect(again.locator("#computed-judgement")).to_have_text("Good")
    expect(again.locator("#computed-reasons")).to_contain_text("Good: the weighted mean grade of 13 graded questions was 3")
    axe(again, "check your audit")

    again.get_by_role("button", name="Submit audit").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Audit of case CF-20931")
    expect(again.locator(".govuk-notification-banner--success")).to_contain_text("Audit submitted. Your judgement: Good.")
    expect(again.locator("#auditor-judgement")).to_have_text("Good")
    axe(again, "the submitted audit")
    assert stored(audit).state == "submitted"
    assert again.evaluate("() => window.localStorage.length") == 0  # nothing about the case left on the device
    assert_only_local_requests(again)


def test_answers_typed_offline_are_kept_on_the_device(page, audit, auditor, sign_in, axe):
    sign_in(page, auditor.email, PASSWORD)
    page.goto(f"/audits/{audit.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit of case CF-20931")

    page.context.set_offline(True)
    page.get_by_label(VISITS).fill("7")
    page.get_by_role("group", name=TIMELY).get_by_label("Good", exact=True).check()
    expect(page.locator("#autosave-status")).to_contain_text("You seem to be offline", timeout=8000)
    page.close()
    page.context.set_offline(False)
    assert stored(audit).answers == {}  # nothing reached the server

    again = reopen(page)
    again.goto(f"/audits/{audit.id}")
    expect(again.locator("#local-copy")).to_contain_text("Restored from this device — save to keep")
    expect(again.get_by_label(VISITS)).to_have_value("7")
    expect(again.get_by_role("group", name=TIMELY).get_by_label("Good", exact=True)).to_be_checked()
    axe(again, "the audit form, answers restored from this device")

    again.locator("#local-copy").get_by_role("button", name="Save draft").click()
    expect(again.locator(".govuk-notification-banner--success")).to_contain_text("Your draft was saved at")
    expect(again.locator("#local-copy")).to_be_empty()
    assert stored(audit).answers == {"visits-count": 7, "assessment-timely": "good"}
    assert again.evaluate("() => window.localStorage.length") == 0


def test_the_form_saves_without_javascript(new_page, audit, auditor, sign_in):
    page = new_page(java_script_enabled=False)
    sign_in(page, auditor.email, PASSWORD)
    page.goto(f"/audits/{audit.id}")
    page.get_by_role("group", name=TIMELY).get_by_label("Outstanding").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your draft was saved at")
    expect(page.get_by_role("group", name=TIMELY).get_by_label("Outstanding")).to_be_checked()
    assert stored(audit).answers == {"assessment-timely": "outstanding"}


def test_the_auditor_pages_fit_a_320px_screen(phone, audit, auditor, sign_in, axe, assert_no_horizontal_scroll):
    """WCAG 1.4.10 reflow: only tables scroll sideways (inside .app-table-wrapper)."""
    page = phone
    sign_in(page, auditor.email, PASSWORD)
    for path, heading in (("/audits", "My audits"), (f"/audits/{audit.id}", "Audit of case CF-20931"),
                          (f"/audits/{audit.id}/actions", "Add a corrective action"),
                          (f"/audits/{audit.id}/check", "Check your audit")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_horizontal_scroll(page)
        axe(page, f"{heading} at 320px")
