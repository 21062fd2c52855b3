"""The audit tool editor (administrators): building a tool without YAML, through the pages.
Create from nothing or as a copy, add sections and questions, reorder and remove them
without JavaScript, problems shown at their fields with nothing saved, publishing refused
while the draft is empty, and the YAML export importing back to the same tool."""
import re

import pytest
from audits.editor_helpers import draft_of, field_error, fill, form_values
from conftest import error_messages, page
from sqlalchemy import func, select

from app.audits import tool_service
from app.audits.models import AuditTool
from app.audits.tools import load_tool_text
from app.core.db import db


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin", name="Ada Admin")
    client.sign_in(user)
    return user


def new_tool(client, title="Home visits audit", description="Are children seen alone at every visit?"):
    response = fill(client, "/admin/audit-tools/new", {"title": title, "description": description})
    assert response.status_code == 302, error_messages(response)
    return response


def test_create_from_nothing_makes_an_empty_draft(client, admin):
    response = new_tool(client)
    assert response.headers["Location"] == "/admin/audit-tools/home_visits_audit/draft"
    overview = client.get(response.headers["Location"])
    assert overview.status_code == 200
    text = page(overview).get_text(" ", strip=True)
    assert "Add at least one section, with at least one question in each, before publishing." in text
    draft = draft_of("home_visits_audit")
    assert (draft.version, draft.status, draft.definition.sections) == (1, "draft", ())
    assert draft.definition.title == "Home visits audit"



def build_short_tool(client):
    """A section with a limiting graded question linked to a measure, and a yes/partly/no question."""
    new_tool(client)
    response = fill(client, "/admin/audit-tools/home_visits_audit/draft/sections/new", {"title": "Plan and contingency"})
    assert response.status_code == 302, error_messages(response)
    assert response.headers["Location"] == "/admin/audit-tools/home_visits_audit/draft#s-plan-and-contingency"
    url = "/admin/audit-tools/home_visits_audit/draft/sections/plan-and-contingency/questions/new"
    response = fill(client, url, {
        "text": "Is the child safe?", "kind": "graded", "guidance": "Risks are known and acted on.",
        "limit_inadequate": "inadequate", "measure_0_key": "r1-am1", "measure_0_rule": "graded_good_or_better",
    })
    assert response.status_code == 302, error_messages(response)
    assert response.headers["Location"] == "/admin/audit-tools/home_visits_audit/draft#q-is-the-child-safe"
    response = fill(client, url, {"text": "Is there a contingency plan?", "kind": "yes_partly_no",
                                  "measure_0_key": "r2-am1", "measure_0_rule": "answer_in", "measure_0_values": "Yes\nPartly"})
    assert response.status_code == 302, error_messages(response)


def test_add_a_section_and_a_limiting_question_linked_to_a_measure(client, admin, plan):
    build_short_tool(client)
    definition = draft_of("home_visits_audit").definition
    assert [s.title for s in definition.sections] == ["Plan and contingency"]
    safe, plan_q = definition.sections[0].questions
    assert (safe.key, safe.kind, safe.guidance, safe.limits) == (
        "is-the-child-safe", "graded", "Risks are known and acted on.", {"inadequate": "inadequate"})
    assert [(m.key, m.rule) for m in safe.measures] == [("r1-am1", "graded_good_or_better")]
    assert [(m.key, m.rule, m.values) for m in plan_q.measures] == [("r2-am1", "answer_in", ("yes", "partly"))]
    overview = page(client.get("/admin/audit-tools/home_visits_audit/draft")).get_text(" ", strip=True)
    assert "If graded Inadequate, the overall judgement can be no better than Inadequate." in overview
    assert "Met when this question is answered Yes or Partly." in overview
    assert "Add at least one section" not in overview
    # The question page shows what was saved; measures are offered in the plan's numbering.
    shown = client.get("/admin/audit-tools/home_visits_audit/questions/is-the-child-safe")
    option = page(shown).select_one("#measure_0_key option[value=r1-am1]").get_text(strip=True)
    assert option.startswith("Audit 1.1 (Recommendation 1): "), option
    assert not page(shown).select("#measure_0_key option[value=r1-fm1]"), "feedback measures are not offered"
    again = form_values(shown)
    assert (again["text"], again["kind"], again["limit_inadequate"], again["measure_0_key"]) == (
        "Is the child safe?", "graded", "inadequate", "r1-am1")


def test_choice_options_one_per_line_and_another_measure_row_without_javascript(client, admin, plan):
    build_short_tool(client)
    url = "/admin/audit-tools/home_visits_audit/draft/sections/plan-and-contingency/questions/new"
    values = form_values(client.get(url))
    values.update({"text": "Who made the plan?", "kind": "single_choice", "options": "Social worker\nFamily\n\nSocial worker 2",
                   "add_measure": "yes"})
    more = client.submit(url, values)
    assert more.status_code == 200
    assert page(more).select_one("#measure_1_key") is not None, "a second measure row"
    assert page(more).select_one("#options").get_text() .startswith("Social worker"), "what was typed is kept"
    assert draft_of("home_visits_audit").definition.sections[0].questions[-1].text == "Is there a contingency plan?"
    values = form_values(more)
    values.update({"measure_1_key": "r1-am2", "measure_1_rule": "answer_in", "measure_1_values": "family"})
    assert client.submit(url, values).status_code == 302
    q = draft_of("home_visits_audit").definition.question("who-made-the-plan")
    assert [(o.key, o.label) for o in q.options] == [
        ("social-worker", "Social worker"), ("family", "Family"), ("social-worker-2", "Social worker 2")]
    assert [(m.key, m.values) for m in q.measures] == [("r1-am2", ("family",))]


def test_an_incomplete_question_is_refused_at_its_field_and_nothing_is_saved(client, admin, plan):
    build_short_tool(client)
    before = draft_of("home_visits_audit").definition_yaml
    url = "/admin/audit-tools/home_visits_audit/draft/sections/plan-and-contingency/questions/new"
    response = fill(client, url, {"text": "Who made the plan?", "kind": "single_choice", "options": "Social worker"})
    assert response.status_code == 400
    messages = error_messages(response)
    assert len(messages) == 1, messages
    assert "at least two options" in messages[0]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#options"
    assert "at least two options" in field_error(response, "options")
    assert page(response).select_one("#text").get_text() == "Who made the plan?", "what was typed is kept"
    assert draft_of("home_visits_audit").definition_yaml == before

    # No kind, no words: the form's own messages, at their fields.
    response = fill(client, url, {"text": "  "})
    assert response.status_code == 400
    assert error_messages(response) == ["Enter the question", "Select the kind of answer"]
    assert field_error(response, "text") == "Enter the question"

    # A measure rule that does not fit the question is shown at that measure row.
    response = fill(client, url, {"text": "Is the plan up to date?", "kind": "yes_partly_no",
                                  "measure_0_key": "r1-am1", "measure_0_rule": "answer_in", "measure_0_values": "Good"})
    assert response.status_code == 400
    assert len(error_messages(response)) == 1
    assert "'Good' is not an answer" in field_error(response, "measure_0_values")
    assert draft_of("home_visits_audit").definition_yaml == before


def test_reorder_and_remove_without_javascript(client, admin, plan):
    build_short_tool(client)
    fill(client, "/admin/audit-tools/home_visits_audit/draft/sections/new", {"title": "Visits"})
    overview = client.get("/admin/audit-tools/home_visits_audit/draft")
    based_on = form_values(overview, "form.app-inline-form")["based_on"]
    # Move the second question down: it goes to the top of the next section.
    response = client.submit("/admin/audit-tools/home_visits_audit/questions/is-there-a-contingency-plan/move",
                             {"direction": "down", "based_on": based_on})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#q-is-there-a-contingency-plan")
    sections = draft_of("home_visits_audit").definition.sections
    assert [[q.key for q in s.questions] for s in sections] == [["is-the-child-safe"], ["is-there-a-contingency-plan"]]
    # Move the Visits section up.
    based_on = tool_service.edit_base(tool_service.tool_by_key("home_visits_audit"))
    client.submit("/admin/audit-tools/home_visits_audit/draft/sections/visits/move", {"direction": "up", "based_on": based_on})
    assert [s.key for s in draft_of("home_visits_audit").definition.sections] == ["visits", "plan-and-contingency"]
    # A button from a page opened before that change is refused, not applied to the wrong order.
    stale = client.submit("/admin/audit-tools/home_visits_audit/draft/sections/visits/move", {"direction": "down", "based_on": based_on})
    assert "was changed by someone else" in client.get(stale.headers["Location"]).get_data(as_text=True)
    assert [s.key for s in draft_of("home_visits_audit").definition.sections] == ["visits", "plan-and-contingency"]
    # Remove a question: asked first, then removed.
    url = "/admin/audit-tools/home_visits_audit/questions/is-the-child-safe/remove"
    asked = client.get(url)
    assert page(asked).h1.get_text(strip=True) == "Are you sure you want to remove the question 'Is the child safe?'?"
    response = client.submit(url, form_values(asked))
    assert response.status_code == 302
    assert "Question removed." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert [q.key for _, q in draft_of("home_visits_audit").definition.all_questions()] == ["is-there-a-contingency-plan"]


def test_the_drag_order_is_saved_in_one_post(client, admin, plan):
    build_short_tool(client)
    based_on = tool_service.edit_base(tool_service.tool_by_key("home_visits_audit"))
    order = '{"sections": ["plan-and-contingency"], "questions": {"plan-and-contingency": ["is-there-a-contingency-plan", "is-the-child-safe"]}}'
    assert client.submit("/admin/audit-tools/home_visits_audit/draft/order", {"order": order, "based_on": based_on}).status_code == 302
    assert [q.key for _, q in draft_of("home_visits_audit").definition.all_questions()] == [
        "is-there-a-contingency-plan", "is-the-child-safe"]
    # An order that leaves a question out is refused.
    based_on = tool_service.edit_base(tool_service.tool_by_key("home_visits_audit"))
    bad = '{"sections": ["plan-and-contingency"], "questions": {"plan-and-contingency": ["is-the-child-safe"]}}'
    response = client.submit("/admin/audit-tools/home_visits_audit/draft/order", {"order": bad, "based_on": based_on})
    assert "does not match the tool" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(list(draft_of("home_visits_audit").definition.all_questions())) == 2


def test_publishing_is_refused_while_the_draft_is_empty(client, admin):
    new_tool(client)
    response = client.submit("/admin/audit-tools/home_visits_audit/versions/1/publish")
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Add at least one section, with a question in it, before publishing." in text
    fill(client, "/admin/audit-tools/home_visits_audit/draft/sections/new", {"title": "Visits"})
    response = client.submit("/admin/audit-tools/home_visits_audit/versions/1/publish")
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Add at least one question before publishing: &#39;Visits&#39; has none." in text
    assert draft_of("home_visits_audit").status == "draft"


def test_build_publish_export_and_import_back_gives_the_same_tool(client, admin, plan):
    build_short_tool(client)
    response = client.submit("/admin/audit-tools/home_visits_audit/versions/1/publish")
    assert response.status_code == 302
    tool = tool_service.tool_by_key("home_visits_audit")
    assert tool.published.version == 1 and tool.draft is None
    exported = client.get("/admin/audit-tools/home_visits_audit/versions/1/export").get_data(as_text=True)
    assert load_tool_text(exported) == tool.published.definition
    # Imported back as a new tool's file, it is the same definition.
    as_new = exported.replace("key: home_visits_audit", "key: home_visits_copy", 1)
    response = client.submit("/admin/audit-tools/import", {"text": as_new})
    assert response.status_code == 302
    copy = tool_service.tool_by_key("home_visits_copy").draft.definition
    assert copy.sections == tool.published.definition.sections
    assert copy.scoring == tool.published.definition.scoring
    # Editing the published version makes a new draft; the published one is unchanged.
    fill(client, "/admin/audit-tools/home_visits_audit/questions/is-the-child-safe", {"text": "Is the child safe now?"})
    db.session.expire_all()
    tool = tool_service.tool_by_key("home_visits_audit")
    assert [(v.version, v.status) for v in tool.versions] == [(1, "published"), (2, "draft")]
    assert tool.published.definition.question("is-the-child-safe").text == "Is the child safe?"
    assert tool.draft.definition.question("is-the-child-safe").text == "Is the child safe now?"


def test_an_empty_draft_round_trips_through_export_and_import(client, admin):
    new_tool(client)
    exported = client.get("/admin/audit-tools/home_visits_audit/versions/1/export").get_data(as_text=True)
    response = client.submit("/admin/audit-tools/import", {"text": exported.replace("home_visits_audit", "other_audit")})
    assert response.status_code == 302
    assert draft_of("other_audit").definition.sections == ()


def test_make_a_copy_of_a_published_tool(client, admin, publish_tool):
    publish_tool("connected_persons_audit")
    response = fill(client, "/admin/audit-tools/connected_persons_audit/copy", {"title": "Kinship care audit"})
    assert response.status_code == 302
    copy = draft_of("kinship_care_audit")
    original = tool_service.tool_by_key("connected_persons_audit").published
    assert copy.version == 1 and copy.definition.title == "Kinship care audit"
    assert copy.definition.sections == original.definition.sections
    # The key of an existing tool is refused at the field.
    response = fill(client, "/admin/audit-tools/connected_persons_audit/copy", {"title": "Another", "key": "kinship_care_audit"})
    assert response.status_code == 400
    assert "already used by another tool" in field_error(response, "key")
    assert db.session.scalar(select(func.count()).select_from(AuditTool)) == 2


def test_details_and_thresholds_checked_at_their_fields(client, admin):
    new_tool(client)
    url = "/admin/audit-tools/home_visits_audit/draft/details"
    response = fill(client, url, {"good": "3.8"})
    assert response.status_code == 400
    assert "must go down from outstanding" in field_error(response, "outstanding")
    response = fill(client, url, {"good": "lots"})
    assert field_error(response, "good") == "Good from a mean of must be a number, like 2 or 1.5"
    response = fill(client, url, {"title": "Home visits and contact", "method": "lowest_section", "good": "3"})
    assert response.status_code == 302
    definition = draft_of("home_visits_audit").definition
    assert (definition.title, definition.scoring.method, definition.scoring.thresholds["good"]) == (
        "Home visits and contact", "lowest_section", 3.0)


def test_show_a_question_only_when_an_earlier_answer_is_one_of_a_set(client, admin, plan):
    build_short_tool(client)
    url = "/admin/audit-tools/home_visits_audit/draft/sections/plan-and-contingency/questions/new"
    response = fill(client, url, {"text": "Is the contingency plan tested?", "kind": "yes_partly_no",
                                  "show_when_question": "is-there-a-contingency-plan", "show_when_answers": "Yes\nPartly"})
    assert response.status_code == 302, error_messages(response)
    text = draft_of("home_visits_audit").definition_yaml
    assert re.search(r"show_when:\s+question: is-there-a-contingency-plan\s+answer_in: \['?yes'?, partly\]", text)


def test_a_change_that_breaks_another_part_of_the_tool_is_refused_and_says_where(client, admin, publish_tool):
    publish_tool("connected_persons_audit")
    url = "/admin/audit-tools/connected_persons_audit/questions/living-with-connected-people"
    response = fill(client, url, {"kind": "text"})
    assert response.status_code == 400
    messages = error_messages(response)
    # The measure on the whole tool asks about it: refused, naming where, in plain words.
    assert any(m.startswith("Measure 1 of the whole tool: 'living-with-connected-people' is a text question")
               for m in messages), messages
    assert tool_service.tool_by_key("connected_persons_audit").draft is None, "nothing saved"


def test_a_tool_built_in_the_editor_is_used_for_an_audit_and_its_limit_applies(client, admin, plan, make_audit):
    from app.audits import rules

    build_short_tool(client)
    client.submit("/admin/audit-tools/home_visits_audit/versions/1/publish")
    published = tool_service.tool_by_key("home_visits_audit").published
    audit = make_audit(tool_version=published)
    assert audit.tool_version.definition.title == "Home visits audit"
    answers = {"is-the-child-safe": "inadequate", "is-there-a-contingency-plan": "yes"}
    result = rules.score(published.definition, answers)
    assert result.judgement == "inadequate"
    measures = rules.measure_results(published.definition, answers, result.judgement)
    assert (measures["r1-am1"].met, measures["r2-am1"].met) == (False, True)


def test_show_a_section_only_when_an_earlier_answer_is_one_of_a_set(client, admin, plan):
    build_short_tool(client)
    response = fill(client, "/admin/audit-tools/home_visits_audit/draft/sections/new", {
        "title": "Contingency in practice", "show_when_question": "is-there-a-contingency-plan", "show_when_answers": "Yes"})
    assert response.status_code == 302, error_messages(response)
    overview = page(client.get("/admin/audit-tools/home_visits_audit/draft")).get_text(" ", strip=True)
    assert "Shown only when 'Is there a contingency plan?' is answered Yes." in overview


def test_two_people_changing_the_same_draft_do_not_overwrite_each_other(client, admin, new_client, make_user, plan):
    build_short_tool(client)
    url = "/admin/audit-tools/home_visits_audit/questions/is-the-child-safe"
    mine = form_values(client.get(url))
    other = new_client()
    other.sign_in(make_user("admin", email="other@example.org"))
    assert fill(other, url, {"text": "Is the child safe today?"}).status_code == 302
    mine["text"] = "Is the child safe and well?"
    response = client.submit(url, mine)
    assert response.status_code == 400
    assert "was changed by someone else while you were editing it" in response.get_data(as_text=True)
    assert page(response).select_one("#text").get_text() == "Is the child safe and well?", "what was typed is kept"
    assert draft_of("home_visits_audit").definition.question("is-the-child-safe").text == "Is the child safe today?"


def test_a_link_to_a_measure_the_plan_does_not_have_is_kept_when_the_question_is_saved(client, admin, publish_tool):
    publish_tool("early_help_audit")  # no plan loaded: none of its measure keys is offered
    tool = tool_service.tool_by_key("early_help_audit")
    key, q = next((q.key, q) for _, q in tool.published.definition.all_questions() if q.measures)
    response = fill(client, f"/admin/audit-tools/early_help_audit/questions/{key}", {"guidance": "Changed."})
    assert response.status_code == 302, error_messages(response)
    assert draft_of("early_help_audit").definition.question(key).measures == q.measures
