"""A QA lead builds a short audit tool with a limiting question from nothing, in the
browser and without YAML, and publishes it; axe-core runs on each editor page, error
states included, and the draft's page fits a 320px screen."""
from conftest import PASSWORD
from playwright.sync_api import expect

from app.audits import tool_service
from app.core.db import db


def test_a_qa_lead_builds_and_publishes_a_tool_from_nothing(page, plan, make_user, sign_in, axe,
                                                           assert_no_horizontal_scroll, assert_only_local_requests):
    make_user("admin", email="lead@example.org", name="Quinn Lead")
    sign_in(page, "lead@example.org", PASSWORD)
    page.goto("/admin/audit-tools")
    page.get_by_role("button", name="Create an audit tool").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an audit tool")
    axe(page, "create an audit tool")
    page.get_by_label("Title").fill("Home visits audit")
    page.get_by_label("What it is for").fill("Are children seen, and seen alone, as often as their plan says?")
    page.get_by_role("button", name="Create the draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Home visits audit")
    expect(page.get_by_text("Add at least one section, with at least one question in each, before publishing.")).to_be_visible()
    axe(page, "an empty draft")

    # Publishing an empty draft is refused in plain words.
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Add at least one section, with a question in it, before publishing.")).to_be_visible()
    page.goto("/admin/audit-tools/home_visits_audit/draft")

    page.get_by_role("button", name="Add a section").click()
    axe(page, "add a section")
    page.get_by_label("Section title").fill("Plan and contingency")
    page.get_by_role("button", name="Save section").click()

    page.get_by_role("button", name="Add a question to section 1, Plan and contingency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a question")
    # Incomplete: a list with one option is refused at the field, and nothing is saved.
    page.get_by_label("Question", exact=True).fill("Who made the plan?")
    page.get_by_label("One of a list").check()
    page.get_by_label("Options").fill("Social worker")
    page.get_by_role("button", name="Save question").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("at least two options")
    expect(page.locator("#options-error")).to_contain_text("at least two options")
    axe(page, "a question with a problem")
    page.screenshot(path="/tmp/tool-editor-question.png", full_page=True)

    page.get_by_label("Question", exact=True).fill("Is the child safe?")
    page.get_by_label("Graded (Outstanding to Inadequate)").check()
    page.get_by_label("Options").fill("")
    page.get_by_label("What good looks like").fill("Risks are known, written down and acted on.")
    page.get_by_label("If graded Inadequate, the overall judgement can be at most").select_option("inadequate")
    page.get_by_label("Measure link 1: impact measure").select_option("r1-am1")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("If graded Inadequate, the overall judgement can be no better than Inadequate.")).to_be_visible()

    page.get_by_role("button", name="Add a question to section 1, Plan and contingency").click()
    page.get_by_label("Question", exact=True).fill("Is there a contingency plan?")
    page.get_by_label("Yes, partly or no").check()
    page.get_by_role("button", name="Save question").click()

    # Reorder without JavaScript's drag: the buttons post.
    page.get_by_role("button", name="Move up question 1.2").click()
    expect(page.locator(".app-tool-question").first).to_contain_text("Is there a contingency plan?")
    axe(page, "the draft with two questions")
    # With JavaScript, dragging does the same: the whole order is saved.
    questions = page.locator(".app-tool-question")
    questions.nth(1).drag_to(questions.nth(0), target_position={"x": 20, "y": 5})
    expect(page.get_by_text("New order saved.")).to_be_visible()
    expect(page.locator(".app-tool-question").first).to_contain_text("Is the child safe?")
    page.get_by_role("button", name="Move up question 1.2").click()
    expect(page.locator(".app-tool-question").first).to_contain_text("Is there a contingency plan?")
    page.screenshot(path="/tmp/tool-editor-overview.png", full_page=True)

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert_no_horizontal_scroll(page)
    axe(page, "the draft at 320px")
    page.screenshot(path="/tmp/tool-editor-overview-320.png", full_page=True)
    page.get_by_role("link", name="Change question 1.2").click()
    assert_no_horizontal_scroll(page)
    axe(page, "a question at 320px")
    page.set_viewport_size({"width": 1024, "height": 768})

    page.goto("/admin/audit-tools/home_visits_audit/draft")
    page.get_by_role("link", name="Change thresholds").click()
    page.get_by_label("Good from a mean of").fill("lots")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#good-error")).to_contain_text("Good from a mean of must be a number")
    axe(page, "details and scoring with a problem")
    page.get_by_role("link", name="Back to the draft").click()
    page.get_by_role("link", name="Remove question 1.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to remove the question 'Is there a contingency plan?'?")
    axe(page, "remove a question")
    page.get_by_role("link", name="No, keep it").click()

    # Before publishing, the draft as the auditor will see it, and the judgement sample answers get.
    page.goto("/admin/audit-tools/home_visits_audit/versions/1")
    page.get_by_role("link", name="Preview version 1 as the auditor sees it, and try a judgement").click()
    page.get_by_role("group", name="Is there a contingency plan?").get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Is the child safe?").get_by_label("Inadequate", exact=True).check()
    page.get_by_role("button", name="Try the judgement").click()
    expect(page.locator("#judgement-label")).to_have_text("Inadequate")
    expect(page.locator("#judgement-why")).to_contain_text("The mean grade of 1 graded question was 1")
    axe(page, "the draft previewed with a judgement tried")
    page.goto("/admin/audit-tools/home_visits_audit/draft")

    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 of Home visits audit is published. New rounds will use it.")).to_be_visible()
    assert_only_local_requests(page)
    page.goto("/admin/audit-tools/home_visits_audit")
    page.get_by_role("button", name="Make a copy of Home visits audit as a new tool").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a copy of Home visits audit")
    axe(page, "make a copy")

    db.session.expire_all()
    tool = tool_service.tool_by_key("home_visits_audit")
    assert tool.published.version == 1
    safe = tool.published.definition.question("is-the-child-safe")
    assert safe.limits == {"inadequate": "inadequate"}
    assert [m.key for m in safe.measures] == ["r1-am1"]
