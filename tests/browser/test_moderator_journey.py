"""A moderator moderates someone else's audit in the browser, section by section: the
queue, starting, the overview's task list, a section with the auditor's evidence beside
each undecided grade, changing one with a reason, returning it (after first trying without
a comment), the history; a scripted moderation that cannot be finalised with a grade
undecided; the same without JavaScript; and, once the auditor has resubmitted, finalising
it. axe-core runs on every page of the journey, at 1280 px and 320 px on the new pages.
"""
import os
from pathlib import Path

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from audits.test_audit_service import complete_answers
from conftest import PASSWORD
from moderation.helpers import submitted_audit
from playwright.sync_api import expect

from app.audits import audit_service
from app.core.db import db
from app.moderation import rules, services
from app.moderation.models import Moderation

SAFE = "Is the child safe, and is risk well understood and managed?"


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", email="alex@example.org", name="Alex Auditor")


@pytest.fixture
def mo(make_user):
    return make_user("moderator", email="mo@example.org", name="Mo Moderator")


@pytest.fixture
def moderation(make_audit, make_case, auditor):  # noqa: F811
    _, moderation = submitted_audit(make_audit, auditor, case=make_case(reference="CF-40112"))
    db.session.commit()
    return moderation


def stored(moderation) -> Moderation:
    db.session.expire_all()
    return db.session.get(Moderation, moderation.id)


SHOTS = Path(os.environ.get("MODERATION_SCREENSHOTS", "")) if os.environ.get("MODERATION_SCREENSHOTS") else None


def check_both_widths(page, axe, assert_no_horizontal_scroll, what):
    """axe-core at 1280 px and at 320 px, no sideways scrolling on a phone; the page left at 1280 px.
    With MODERATION_SCREENSHOTS set, a full-page screenshot at each width goes in that folder."""
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        axe(page, f"{what} at {width}px")
        if width == 320:
            assert_no_horizontal_scroll(page)
        if SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{what.replace(' ', '-')}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def start_moderating(page, mo, sign_in):
    sign_in(page, mo.email, PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    expect(page.get_by_role("table", name="Waiting for moderation, oldest first")).to_contain_text("CF-40112")
    page.get_by_role("button", name="Start moderating case CF-40112").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderate the audit of case CF-40112")


def moderate_and_return(page, moderation, mo, sign_in, axe):
    start_moderating(page, mo, sign_in)
    axe(page, "the moderation overview")

    page.get_by_role("link", name="Risk and safety").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk and safety")
    safe = page.get_by_role("group", name=f"Your decision on {SAFE}")
    safe.get_by_label("Requires improvement").check()
    page.get_by_label(f"Reason, if you change the grade of {SAFE}").fill("The safety plan is out of date.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Risk and safety")

    page.goto(f"/moderation/{moderation.id}/finish")
    page.get_by_role("button", name="Return to the auditor").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the auditor should change before returning the audit")
    axe(page, "the finish page with an error")
    assert stored(moderation).state == rules.IN_MODERATION

    page.get_by_label("Or return the audit to the auditor").fill("Please update the safety evidence.")
    page.get_by_role("button", name="Return to the auditor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation history: case CF-40112")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The audit has been returned to the auditor.")
    expect(page.locator(".app-history")).to_contain_text("Returned to the auditor by Mo Moderator")
    expect(page.locator(".app-history")).to_contain_text(
        f"Changed '{SAFE}' from Good to Requires improvement: The safety plan is out of date.")
    expect(page.locator(".app-history")).to_contain_text("Comments: Please update the safety evidence.")
    axe(page, "the moderation history")


def test_a_moderator_changes_a_grade_and_returns_the_audit(page, moderation, mo, sign_in, axe, assert_only_local_requests):
    moderate_and_return(page, moderation, mo, sign_in, axe)
    final = stored(moderation)
    assert final.state == rules.RETURNED and final.moderator_id == mo.id
    assert final.audit.state == "returned"
    # only what the moderator decided is recorded: returning does not need every grade decided
    assert [(d.target, d.moderator_grade, d.reason) for d in final.decisions] == [
        ("question:child-safe", "requires_improvement", "The safety plan is out of date.")]
    assert_only_local_requests(page)


def agree_every_section(page, moderation):
    for section in moderation.audit.tool_version.definition.sections:
        page.goto(f"/moderation/{moderation.id}/sections/{section.key}")
        page.get_by_role("button", name="Agree with every grade in this section").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is now agreed")


def test_a_scripted_moderation_cannot_be_rubber_stamped(page, moderation, mo, sign_in, axe, assert_no_horizontal_scroll,
                                                        assert_only_local_requests):
    start_moderating(page, mo, sign_in)
    expect(page.locator(".govuk-task-list__status").first).to_have_text("Not started")
    check_both_widths(page, axe, assert_no_horizontal_scroll, "overview")
    page.get_by_role("link", name="Raise a corrective action on case CF-40112").click()
    page.get_by_role("button", name="Raise corrective action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what needs to be done")
    check_both_widths(page, axe, assert_no_horizontal_scroll, "raise action")
    page.get_by_role("link", name="Back to moderating the audit").click()

    # The form opens with no grade chosen, and the auditor's evidence beside each grade.
    page.get_by_role("link", name="Assessment", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    for key in ("assessment-timely", "assessment-quality"):
        question = page.locator(f"#question-{key}")
        expect(question.locator(".app-auditor-grade")).to_have_text("Good")
        expect(question).to_contain_text(f"Evidence: Seen on the file for {key}.")
        expect(question.get_by_role("group", name="Your decision")).to_be_visible()
    expect(page.locator("#question-assessment-date")).to_contain_text("Auditor's answer: 2 March 2026")
    check_both_widths(page, axe, assert_no_horizontal_scroll, "section")

    # A changed grade without a reason is refused, with a link to the reason box.
    page.get_by_role("group", name="Your decision on Is the assessment up to date").get_by_label("Inadequate").check()
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("give a reason for changing Good to Inadequate")
    axe(page, "a section with an error")
    summary.get_by_role("link").first.click()
    expect(page.locator("#reason-question-assessment-timely")).to_be_focused()
    page.locator("#reason-question-assessment-timely").fill("Completed two months late.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan and contingency")

    agree_every_section(page, moderation)  # the overall judgement is left undecided
    page.goto(f"/moderation/{moderation.id}/finish")
    page.get_by_label("Learning points").fill("Record assessment timescales on the file.")
    page.get_by_role("button", name="Finalise moderation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("You cannot finalise the moderation until you have decided every grade")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text("Overall judgement: choose Agree or a grade")
    assert stored(moderation).state == rules.IN_MODERATION
    check_both_widths(page, axe, assert_no_horizontal_scroll, "finish refused")

    summary.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overall judgement")
    assert page.url.endswith(f"/moderation/{moderation.id}/overall#grade-overall")
    expect(page.locator("#overall-judgement-auditor, .app-auditor-grade").first).to_have_text("Good")
    expect(page.locator("body")).to_contain_text("Why the grades give Good")
    check_both_widths(page, axe, assert_no_horizontal_scroll, "overall")
    page.get_by_role("group", name="Your decision on Overall judgement").get_by_label("Requires improvement").check()
    page.get_by_label("Reason, if you change the grade of Overall judgement").fill("Assessment was late and thin.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning points and finish")
    expect(page.get_by_label("Learning points")).to_have_value("Record assessment timescales on the file.")
    check_both_widths(page, axe, assert_no_horizontal_scroll, "finish")
    page.get_by_role("button", name="Finalise moderation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Moderation finalised.")
    expect(page.locator(".app-history")).to_contain_text("Finalised by Mo Moderator: final judgement Requires improvement")

    final = stored(moderation)
    assert final.state == rules.FINALISED and final.final_judgement == "requires_improvement"
    changed = {d.target: (d.moderator_grade, d.reason) for d in final.decisions if not d.agreed}
    assert changed == {"question:assessment-timely": ("inadequate", "Completed two months late."),
                       "overall": ("requires_improvement", "Assessment was late and thin.")}
    assert_only_local_requests(page)


def test_moderating_works_without_javascript(new_page, moderation, mo, sign_in, make_user):
    page = new_page(java_script_enabled=False, viewport={"width": 320, "height": 640})
    start_moderating(page, mo, sign_in)
    page.get_by_role("link", name="Risk and safety").click()
    page.get_by_role("button", name="Agree with every grade in this section").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is now agreed")
    expect(page.get_by_role("group", name=f"Your decision on {SAFE}").get_by_label("Agree: Good")).to_be_checked()
    page.goto(f"/moderation/{moderation.id}")
    expect(page.get_by_role("link", name="Risk and safety").locator("xpath=ancestor::li")).to_contain_text("Completed")

    owner = make_user("practitioner", name="Pat Worker")
    page.get_by_role("link", name="Raise a corrective action on case CF-40112").click()
    page.get_by_label("What needs to be done").fill("Write the contingency plan into the CP plan.")
    page.get_by_label("Who will do it").select_option(label=owner.name)
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Raise corrective action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Corrective action raised: Pat Worker")
    expect(page.get_by_role("table", name="Corrective actions on this audit")).to_contain_text("Mo Moderator")

    page.goto(f"/moderation/{moderation.id}/finish")
    page.get_by_role("button", name="Finalise moderation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("You cannot finalise the moderation")
    assert stored(moderation).state == rules.IN_MODERATION


def test_after_resubmission_the_moderator_finalises(page, moderation, mo, auditor, sign_in, axe, assert_only_local_requests):
    moderate_and_return(page, moderation, mo, sign_in, axe)

    audit = stored(moderation).audit
    answers, evidence = complete_answers(audit.tool_version.definition)
    answers["child-safe"] = "requires_improvement"
    saved = audit_service.save_draft(audit, auditor, answers, evidence, True, None, audit.lock_version)
    audit_service.submit(audit, auditor, None, None, saved.lock_version)
    services.on_audit_submitted(audit)
    db.session.commit()
    assert stored(moderation).state == rules.RESUBMITTED

    page.goto("/moderation/")
    page.get_by_role("button", name="Start moderating case CF-40112").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderate the audit of case CF-40112")
    # the auditor changed the safety grade, so it is undecided again
    page.get_by_role("link", name="Risk and safety").click()
    expect(page.get_by_role("group", name=f"Your decision on {SAFE}").locator("input:checked")).to_have_count(0)
    agree_every_section(page, moderation)
    page.goto(f"/moderation/{moderation.id}/overall")
    page.get_by_role("group", name="Your decision on Overall judgement").get_by_label("Agree: Requires improvement").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Learning points").fill("Record safety plans on the day.")
    page.get_by_role("button", name="Finalise moderation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Moderation finalised.")
    expect(page.locator(".app-history")).to_contain_text("Resubmitted by Alex Auditor")
    expect(page.locator(".app-history")).to_contain_text("Finalised by Mo Moderator: final judgement Requires improvement")
    axe(page, "the history of a finalised moderation")
    final = stored(moderation)
    assert final.state == rules.FINALISED and final.final_judgement == "requires_improvement"
    assert final.learning_points == "Record safety plans on the day."
    assert_only_local_requests(page)


def test_an_admin_sets_the_moderation_policy_of_a_round(page, moderation, make_user, sign_in, axe, assert_only_local_requests):
    admin = make_user("admin", email="ada@example.org", name="Ada Admin")
    sign_in(page, admin.email, PASSWORD)
    page.goto(f"/moderation/rounds/{moderation.round_id}/policy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation policy")
    axe(page, "the moderation policy")

    page.get_by_label("Every audit", exact=True).uncheck()
    page.get_by_role("button", name="Save moderation policy").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one rule for which audits are moderated")
    axe(page, "the moderation policy with an error")

    page.get_by_label("Every audit judged Inadequate or Outstanding").check()
    page.get_by_label("Random share of audits (%)").fill("25")
    page.get_by_role("button", name="Save moderation policy").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Moderation policy saved. Moderated: a random 25% of audits and every audit judged Inadequate or Outstanding.")
    expect(page.get_by_label("Seed for the random draw")).not_to_have_value("")
    assert_only_local_requests(page)
