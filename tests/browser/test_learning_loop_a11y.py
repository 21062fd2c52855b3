"""Closing the learning loop in the browser: confirming or reopening a completed corrective
action, a team manager's overdue list, a round's summary and its learning points. axe-core
on every page and error state at 1280px and 320px; the forms work without JavaScript."""
import re
from datetime import timedelta

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from audits.test_action_review import TODAY, completed, people  # noqa: F401
from audits.test_corrective_actions import make_action  # noqa: F401
from audits.test_round_summary import summary_round  # noqa: F401
from conftest import PASSWORD
from playwright.sync_api import expect

from app.audits import round_summary
from app.core.db import db
from app.plan.models import ImpactMeasure

SIZES = [{"width": 1280, "height": 900}, {"width": 320, "height": 640}]


@pytest.fixture(params=SIZES, ids=["1280px", "320px"])
def screen(request, new_page):
    size = request.param
    if size["width"] == 320:
        return new_page(viewport=size, is_mobile=True, has_touch=True, device_scale_factor=2)
    return new_page(viewport=size)


def test_checking_a_completed_action(screen, people, completed, make_action, make_case, sign_in, axe,  # noqa: F811
                                     assert_no_horizontal_scroll, assert_only_local_requests):
    make_action(people["owner"], case=make_case(reference="REF-OVERDUE", team=people["team"]),
                description="Hold a supervision", due=TODAY - timedelta(days=3))
    sign_in(screen, people["auditor"].email, PASSWORD)
    screen.goto("/corrective-actions")
    waiting = screen.get_by_role("table", name="Waiting for you to confirm")
    expect(waiting).to_contain_text("REF-LOOP")
    assert_no_horizontal_scroll(screen)
    axe(screen, "corrective actions, one waiting to confirm")

    waiting.get_by_role("link", name=re.compile("^Check")).click()
    expect(screen.get_by_role("heading", level=1)).to_have_text("Check a completed corrective action")
    assert_no_horizontal_scroll(screen)
    axe(screen, "check a completed action")

    screen.get_by_role("button", name="Reopen the corrective action").click()
    expect(screen).to_have_title(re.compile("^Error: "))
    summary = screen.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter why the corrective action is not done yet")
    summary.get_by_role("link").click()
    expect(screen.get_by_label("Why it is not done yet")).to_be_focused()
    assert_no_horizontal_scroll(screen)
    axe(screen, "reopen without a reason")

    screen.get_by_label("Why it is not done yet").fill("The plan still has no contingency for weekends")
    screen.get_by_role("button", name="Reopen the corrective action").click()
    expect(screen.locator(".govuk-notification-banner")).to_contain_text("reopened")
    screen.context.clear_cookies()  # the next person, on the same screen

    sign_in(screen, people["owner"].email, PASSWORD)
    screen.goto("/corrective-actions")
    expect(screen.get_by_role("table", name="My open corrective actions")).to_contain_text("no contingency for weekends")
    axe(screen, "the owner sees why it was reopened")
    screen.context.clear_cookies()  # the next person, on the same screen

    sign_in(screen, people["manager"].email, PASSWORD)
    screen.goto("/corrective-actions")
    expect(screen.get_by_role("table", name="Overdue on my team's cases")).to_contain_text("REF-OVERDUE")
    assert_no_horizontal_scroll(screen)
    axe(screen, "a team manager's overdue list")
    assert_only_local_requests(screen)


def test_writing_a_round_summary(screen, make_user, summary_round, sign_in, axe,  # noqa: F811
                                 assert_no_horizontal_scroll, assert_only_local_requests):
    admin = make_user("admin", email="ada@example.org")
    measure = db.session.query(ImpactMeasure).order_by(ImpactMeasure.id).first()
    point = round_summary.add_point(summary_round, "finding", "Half the plans had no contingency.", [measure.id], admin)
    sign_in(screen, admin.email, PASSWORD)
    screen.goto("/reports/")
    screen.get_by_role("link", name="Round summaries").click()
    expect(screen.get_by_role("heading", level=1)).to_have_text("Round summaries")
    assert_no_horizontal_scroll(screen)
    axe(screen, "round summaries")

    screen.get_by_role("link", name="CP dip sample, summer 2026", exact=True).click()
    expect(screen.get_by_role("heading", level=1)).to_have_text("CP dip sample, summer 2026")
    expect(screen.locator("#learning-points + p + ul")).to_contain_text("Contingency plans were missing")
    assert_no_horizontal_scroll(screen)
    axe(screen, "a round's summary")

    screen.get_by_role("button", name="Add to the summary").click()
    expect(screen).to_have_title(re.compile("^Error: "))
    expect(screen.locator(".govuk-error-summary")).to_contain_text("Choose at least one impact measure it bears on")
    assert_no_horizontal_scroll(screen)
    axe(screen, "a round's summary with errors")

    screen.get_by_label("Recommendation: what must change").check()
    screen.get_by_label("Finding or recommendation").fill("Team managers check contingency in supervision.")
    screen.locator("input[name=measures]").first.check()
    screen.get_by_role("button", name="Add to the summary").click()
    expect(screen.locator("#recommendations + ol")).to_contain_text("Team managers check contingency")

    screen.goto(f"/audit-rounds/{summary_round.id}/summary/{point.id}")
    expect(screen.get_by_role("heading", level=1)).to_have_text("Change a finding")
    axe(screen, "change a finding")

    screen.goto(f"/audit-rounds/{summary_round.id}/learning-points")
    expect(screen.locator("#learning-points")).to_contain_text("Record the child's views")
    assert_no_horizontal_scroll(screen)
    axe(screen, "learning points")

    screen.goto(f"/audit-rounds/{summary_round.id}")
    expect(screen.locator("#summary")).to_be_visible()
    axe(screen, "the round's page with its summary")
    assert_only_local_requests(screen)


def test_confirming_and_writing_work_without_javascript(new_page, people, completed, make_user,  # noqa: F811
                                                       summary_round, sign_in):  # noqa: F811
    plain = new_page(java_script_enabled=False)
    sign_in(plain, people["manager"].email, PASSWORD)
    plain.goto(f"/corrective-actions/{completed.id}/check")
    plain.get_by_role("button", name="Confirm it is done").click()
    expect(plain.locator(".govuk-notification-banner")).to_contain_text("confirmed as done")
    db.session.refresh(completed)
    assert completed.confirmed

    admin = new_page(java_script_enabled=False)
    sign_in(admin, make_user("admin", email="ada@example.org").email, PASSWORD)
    admin.goto(f"/audit-rounds/{summary_round.id}/summary")
    admin.get_by_label("Finding: what the round showed").check()
    admin.get_by_label("Finding or recommendation").fill("Views of children were rarely recorded.")
    admin.locator("input[name=measures]").nth(1).check()
    admin.get_by_role("button", name="Add to the summary").click()
    expect(admin.locator("#findings + ol")).to_contain_text("Views of children were rarely recorded.")
