"""An auditor does a case audit in the browser: My audits, the audit's task list, a page
per section saved as they go, the tab closed and opened again, answers typed offline kept
on the device, check and submit. axe-core runs on every page of the journey, and on the
new pages at 1280 px and 320 px.
"""
import re
from datetime import date

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from conftest import PASSWORD
from playwright.sync_api import Page, expect

from app.audits import audit_service, rules
from app.audits.models import Audit
from app.core.db import db

TIMELY = "Is the assessment up to date, and was it completed within the child's timescale?"
VISITS = "How many times has the child been visited in the last three months?"
PURPOSEFUL = "Are visits purposeful, with the child's progress against the plan recorded?"


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


def answer_section(page: Page, section) -> None:
    """Answer every question of the section on the page (Good, Yes, the first option...)
    and write evidence."""
    for q in section.questions:
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


def test_auditor_saves_as_they_go_closes_the_tab_and_submits(page, audit, auditor, sign_in, axe, assert_only_local_requests):
    tool = audit.tool_version.definition
    sign_in(page, auditor.email, PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My audits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My audits")
    expect(page.get_by_role("table", name="To do")).to_contain_text("CF-20931")
    axe(page, "my audits")
    assert_only_local_requests(page)

    # The audit opens on its task list.
    page.get_by_role("link", name="CF-20931").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit of case CF-20931")
    expect(page.locator(".govuk-task-list__item").first).to_contain_text("Not started")
    axe(page, "the audit's task list")
    page.get_by_role("link", name="Assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment")
    axe(page, "a section of the audit")

    # Answer some questions: saved as you go, and said so.
    with page.expect_response(is_autosave) as saved:
        page.get_by_role("group", name=TIMELY).get_by_label("Requires improvement").check()
        page.get_by_label(f"Evidence for: {TIMELY}").fill("The assessment was three weeks late; no extension agreed.")
    assert saved.value.status == 200
    expect(page.locator("#autosave-status")).to_contain_text(re.compile(r"Saved at \d\d:\d\d"))
    expect(page.locator("#autosave-status")).to_have_attribute("aria-live", "polite")
    axe(page, "a section, saved as you go")
    assert_only_local_requests(page)
    # The copy on this device goes once the server has everything typed.
    page.wait_for_function(f"() => window.localStorage.getItem('audit-draft-{audit.id}-assessment') === null")
    page.close()

    # Open it again in a new tab: the answers came from the server, and the task list says so.
    again = reopen(page)
    again.goto(f"/audits/{audit.id}")
    expect(again.locator(".govuk-task-list__item").first).to_contain_text("In progress")
    again.get_by_role("link", name="Assessment").click()
    expect(again.get_by_role("group", name=TIMELY).get_by_label("Requires improvement")).to_be_checked()
    expect(again.get_by_label(f"Evidence for: {TIMELY}")).to_have_value("The assessment was three weeks late; no extension agreed.")
    expect(again.locator("#local-copy")).to_be_empty()
    assert stored(audit).answers == {"assessment-timely": "requires_improvement"}

    # Complete it section by section with Save and continue, then check it and submit it.
    for number, section in enumerate(tool.sections, start=1):
        expect(again.get_by_role("heading", level=1)).to_have_text(section.title)
        expect(again.locator(".govuk-caption-l")).to_have_text(f"Audit of case CF-20931: section {number} of 8")
        answer_section(again, section)
        again.get_by_role("button", name="Save and continue").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Collaborative audit")
    again.get_by_role("group", name=re.compile("^Did you do this audit with the child's social worker")).get_by_label("Yes").check()
    again.get_by_role("button", name="Save and continue").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Add a corrective action")
    again.get_by_role("button", name="Continue to check your answers").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(again.locator("#computed-judgement-label")).to_have_text("Good")
    expect(again.locator("#computed-judgement-reasons")).to_have_text(re.compile(
        r"^Good, because the weighted mean grade of 13 graded questions was 3 "))
    axe(again, "check your answers")

    again.get_by_role("button", name="Submit audit").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Audit of case CF-20931")
    expect(again.locator(".govuk-notification-banner--success")).to_contain_text("Audit submitted. Your judgement: Good.")
    expect(again.locator("#auditor-judgement")).to_have_text("Good")
    expect(again.locator("#computed-reasons")).to_have_text(re.compile(r"^Good, because "))
    axe(again, "the submitted audit")
    assert stored(audit).state == "submitted"
    assert again.evaluate("() => window.localStorage.length") == 0  # nothing about the case left on the device
    assert_only_local_requests(again)


def test_answers_typed_offline_are_kept_on_the_device(page, audit, auditor, sign_in, axe):
    sign_in(page, auditor.email, PASSWORD)
    page.goto(f"/audits/{audit.id}/sections/visits")
    expect(page.get_by_role("heading", level=1)).to_have_text("Visits")

    page.context.set_offline(True)
    page.get_by_label(VISITS).fill("7")
    page.get_by_role("group", name=PURPOSEFUL).get_by_label("Good", exact=True).check()
    expect(page.locator("#autosave-status")).to_contain_text("You seem to be offline", timeout=8000)
    page.close()
    page.context.set_offline(False)
    assert stored(audit).answers == {}  # nothing reached the server

    again = reopen(page)
    again.goto(f"/audits/{audit.id}/sections/visits")
    expect(again.locator("#local-copy")).to_contain_text("Restored from this device — save to keep")
    expect(again.get_by_label(VISITS)).to_have_value("7")
    expect(again.get_by_role("group", name=PURPOSEFUL).get_by_label("Good", exact=True)).to_be_checked()
    axe(again, "a section, answers restored from this device")

    again.locator("#local-copy").get_by_role("button", name="Save these answers").click()
    expect(again.locator(".govuk-notification-banner--success")).to_contain_text("Your answers to ‘Visits’ were saved at")
    assert stored(audit).answers == {"visits-count": 7, "visits-purposeful": "good"}
    assert again.evaluate("() => window.localStorage.length") == 0


def test_the_form_works_without_javascript(new_page, audit, auditor, sign_in):
    page = new_page(java_script_enabled=False)
    sign_in(page, auditor.email, PASSWORD)
    page.goto(f"/audits/{audit.id}")
    page.get_by_role("link", name="Assessment").click()
    page.get_by_role("group", name=TIMELY).get_by_label("Outstanding").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit of case CF-20931")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your answers to ‘Assessment’ were saved at")
    expect(page.locator(".govuk-task-list__item").first).to_contain_text("In progress")
    assert stored(audit).answers == {"assessment-timely": "outstanding"}

    page.get_by_role("link", name="Assessment").click()
    expect(page.get_by_role("group", name=TIMELY).get_by_label("Outstanding")).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan and contingency")
    page.goto(f"/audits/{audit.id}/collaborative-audit")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a corrective action")
    page.get_by_role("button", name="Continue to check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="Assessment")).to_be_visible()
    summary.get_by_role("link", name=re.compile("needs evidence for its answer")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment")
    assert page.url.endswith(f"/audits/{audit.id}/sections/assessment#evidence-assessment-timely")
    assert stored(audit).collaborative is False


def answer_part(audit) -> None:
    """Some answers saved, one kept as typed, so the check page lists what is missing."""
    audit_service.save_section(stored(audit), stored(audit).auditor, "visits", {"visits-count": "lots"}, {},
                               stored(audit).lock_version)


def guidance_clear_of_answers(page: Page) -> None:
    """No "What good looks like" overlaps the radios or checkboxes below it."""
    overlaps = page.evaluate("""() => {
        const hits = [];
        for (const details of document.querySelectorAll('.app-question .govuk-details')) {
            const d = details.getBoundingClientRect();
            const group = details.closest('.govuk-form-group');
            for (const item of group.querySelectorAll('.govuk-radios__item, .govuk-checkboxes__item')) {
                const r = item.getBoundingClientRect();
                if (r.top < d.bottom && r.bottom > d.top && r.left < d.right && r.right > d.left) hits.push(item.textContent.trim());
            }
        }
        return hits;
    }""")
    assert overlaps == [], f"guidance overlaps {overlaps} at {page.viewport_size['width']}px"


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_radios_and_what_good_looks_like_never_collide(new_page, audit, auditor, sign_in, width):
    page = new_page(viewport={"width": width, "height": 900})
    sign_in(page, auditor.email, PASSWORD)
    for section in audit.tool_version.definition.sections:
        page.goto(f"/audits/{audit.id}/sections/{section.key}")
        guidance_clear_of_answers(page)  # closed
        for summary in page.locator(".app-question .govuk-details__summary").all():
            summary.click()
        guidance_clear_of_answers(page)  # open


def test_the_new_pages_pass_axe_at_1280px(new_page, audit, auditor, sign_in, axe, assert_no_horizontal_scroll):
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, auditor.email, PASSWORD)
    answer_part(audit)
    for path, heading in ((f"/audits/{audit.id}", "Audit of case CF-20931"),
                          (f"/audits/{audit.id}/sections/visits", "Visits"),
                          (f"/audits/{audit.id}/collaborative-audit", "Collaborative audit"),
                          (f"/audits/{audit.id}/check", "Check your answers")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_horizontal_scroll(page)
        axe(page, f"{heading} at 1280px")


def test_the_auditor_pages_fit_a_320px_screen(phone, audit, auditor, sign_in, axe, assert_no_horizontal_scroll):
    """WCAG 1.4.10 reflow: only tables scroll sideways (inside .app-table-wrapper)."""
    page = phone
    sign_in(page, auditor.email, PASSWORD)
    answer_part(audit)
    for path, heading in (("/audits", "My audits"), (f"/audits/{audit.id}", "Audit of case CF-20931"),
                          (f"/audits/{audit.id}/sections/visits", "Visits"),
                          (f"/audits/{audit.id}/collaborative-audit", "Collaborative audit"),
                          (f"/audits/{audit.id}/actions", "Add a corrective action"),
                          (f"/audits/{audit.id}/check", "Check your answers")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_horizontal_scroll(page)
        axe(page, f"{heading} at 320px")
