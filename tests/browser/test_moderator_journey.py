"""A moderator moderates someone else's audit in the browser: the queue, starting,
changing one grade with a reason, returning it (after first trying without a comment),
the history; then, once the auditor has resubmitted, finalising it. axe-core runs on
every page of the journey.
"""
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


def moderate_and_return(page, moderation, mo, sign_in, axe):
    sign_in(page, mo.email, PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    expect(page.get_by_role("table", name="Waiting for moderation, oldest first")).to_contain_text("CF-40112")
    axe(page, "the moderation queue")

    page.get_by_role("button", name="Start moderating case CF-40112").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderate the audit of case CF-40112")
    axe(page, "the moderation form")

    page.get_by_role("group", name=SAFE).get_by_label("Requires improvement").check()
    page.locator("#reason-question\\:child-safe").fill("The safety plan is out of date.")
    page.get_by_role("button", name="Return to the auditor").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the auditor should change before returning the audit")
    expect(page.get_by_role("group", name=SAFE).get_by_label("Requires improvement")).to_be_checked()
    axe(page, "the moderation form with an error")
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
    changed = [(d.target, d.moderator_grade, d.reason) for d in final.decisions if not d.agreed]
    assert changed == [("question:child-safe", "requires_improvement", "The safety plan is out of date.")]
    assert all(d.agreed for d in final.decisions if d.target != "question:child-safe")
    assert_only_local_requests(page)


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
