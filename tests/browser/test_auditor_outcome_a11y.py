"""The auditor reads what moderation made of their audits in the browser: My audits with the
recent outcomes, the submitted audit's Moderation section, and their own agreement page, at
1280px and 320px (no sideways scrolling), with and without JavaScript. axe-core on each."""
import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from conftest import PASSWORD
from moderation.helpers import submitted_audit
from moderation.test_outcomes import SAFE, auditor, decide, lowered, mo  # noqa: F401  (fixtures)
from playwright.sync_api import expect

SHOTS = "/tmp/shots-outcome"


@pytest.fixture
def outcomes(make_audit, auditor, mo, lowered):  # noqa: F811
    """A lowered audit (`lowered`) and one returned to the auditor."""
    _, moderation = submitted_audit(make_audit, auditor, tool_version=lowered.tool_version)
    decide(moderation, mo, action="return", comments="Add the safety plan agreed at the strategy meeting.")
    return lowered


@pytest.mark.parametrize("width", [1280, 320])
def test_the_auditor_reads_their_moderation(new_page, outcomes, auditor, sign_in, axe,  # noqa: F811
                                            assert_only_local_requests, assert_no_horizontal_scroll, width):
    page = new_page(viewport={"width": width, "height": 900})
    sign_in(page, auditor.email, PASSWORD)
    page.goto("/audits")
    expect(page.locator("#recent-outcomes")).to_contain_text("Moderated: lowered from Requires improvement to Inadequate")
    expect(page.locator("#recent-outcomes")).to_contain_text("returned to you by Mo Moderator")
    axe(page, f"my audits at {width}px")
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"{SHOTS}/my-audits-{width}.png", full_page=True)

    page.get_by_role("link", name=f"Case {outcomes.case.reference}").click()
    expect(page.locator("#final-judgement")).to_have_text("Inadequate")
    expect(page.locator("#auditor-judgement")).to_have_text("Requires improvement")
    expect(page.get_by_role("region", name="Grades the moderator changed, with their reasons")).to_contain_text(
        "No safety plan after the strategy meeting.")
    axe(page, f"submitted audit, moderated, at {width}px")
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"{SHOTS}/submitted-{width}.png", full_page=True)

    page.goto("/audits")
    page.get_by_role("link", name="How often moderators agreed with your judgements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your agreement with moderators")
    expect(page.get_by_role("table", name="Agreement by half-year")).to_contain_text(f"{SAFE}Lowered 1 time")
    axe(page, f"own agreement at {width}px")
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"{SHOTS}/agreement-{width}.png", full_page=True)
    assert_only_local_requests(page)


def test_the_pages_work_without_javascript(new_page, outcomes, auditor, sign_in):  # noqa: F811
    page = new_page(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    sign_in(page, auditor.email, PASSWORD)
    page.goto("/audits")
    expect(page.locator("#recent-outcomes")).to_contain_text("Moderated: lowered from Requires improvement to Inadequate")
    page.get_by_role("link", name="How often moderators agreed with your judgements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your agreement with moderators")
    page.goto(f"/audits/{outcomes.id}/submitted")
    expect(page.locator("#learning-points")).to_have_text("Record the safety plan and review it at every visit.")
