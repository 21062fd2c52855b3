"""The audit tool editor's rules, without a request: keys from words, adding, moving and
removing sections and questions on a tool's plain data, and the loader's problems placed
at the editor's fields."""
import pytest

from app.audits import tool_editor as editor
from app.audits.tool_writing import dump_tool_data, tool_data
from app.audits.tools import load_tool_text
from app.core.datafile import DataFileError


def small_tool() -> dict:
    data = editor.new_tool("Home visits audit", "Are children seen alone?")
    plan = editor.add_section(data, {"title": "Plan and contingency"})
    visits = editor.add_section(data, {"title": "Visits", "weight": 2})
    editor.add_question(data, plan, {"text": "Is the child safe?", "kind": "graded",
                                     "limits": {"inadequate": "inadequate", "requires_improvement": ""}})
    editor.add_question(data, plan, {"text": "Is there a contingency plan?", "kind": "yes_partly_no",
                                     "measures": [{"key": "r2-am1", "rule": "answer_in", "values": ["Yes", "partly"]}]})
    editor.add_question(data, visits, {"text": "Who visited?", "kind": "multiple_choice",
                                       "options": ["Social worker", "Family support worker", " "]})
    return data


def questions(data):
    return [[q["key"] for q in s["questions"]] for s in data["sections"]]


def test_keys_are_made_from_words_and_never_repeat():
    assert editor.key_from("Plan and contingency") == "plan-and-contingency"
    assert editor.key_from("Plan and contingency", {"plan-and-contingency"}) == "plan-and-contingency-2"
    assert editor.tool_key_from("Missing from care: return interviews") == "missing_from_care_return_interviews"
    assert editor.key_from("Is the plan SMART, and does it say who does what by when?") == "is-the-plan-smart-and-does-it-say-who"
    assert editor.key_from("!!!") == "item"


def test_a_new_tool_is_an_empty_draft_the_loader_accepts():
    data = editor.new_tool("Home visits audit", "Are children seen alone?")
    tool = load_tool_text(dump_tool_data(data))
    assert (tool.key, tool.status, tool.sections) == ("home_visits_audit", "draft", ())
    # Published, the same tool is refused: a tool in use needs a section with a question.
    with pytest.raises(DataFileError) as refused:
        load_tool_text(dump_tool_data({**data, "status": "published"}))
    assert refused.value.located[0][0] == "sections"
    assert refused.value.problems[0] == "The tool has no sections"


def test_what_the_editor_builds_loads_and_writes_back_the_same():
    data = small_tool()
    tool = load_tool_text(dump_tool_data(data))
    assert tool_data(tool) == data
    safe = tool.question("is-the-child-safe")
    assert safe.limits == {"inadequate": "inadequate"}
    plan = tool.question("is-there-a-contingency-plan")
    assert plan.measures[0].values == ("yes", "partly"), "labels typed become the answers' keys"
    assert [(o.key, o.label) for o in tool.question("who-visited").options] == [
        ("social-worker", "Social worker"), ("family-support-worker", "Family support worker")]
    assert tool.sections[1].weight == 2


def test_defaults_are_left_out_as_a_hand_written_file_would():
    data = small_tool()
    q = editor.question(data, "is-the-child-safe")
    assert set(q) == {"key", "text", "kind", "limits"}
    editor.change_question(data, "is-the-child-safe", {"text": "Is the child safe?", "kind": "graded", "weight": 1,
                                                       "evidence": "required", "required": True, "allow_not_applicable": True})
    assert set(editor.question(data, "is-the-child-safe")) == {"key", "text", "kind"}


def test_moving_questions_within_and_across_sections():
    data = small_tool()
    assert editor.move_question(data, "is-there-a-contingency-plan", -1)
    assert questions(data) == [["is-there-a-contingency-plan", "is-the-child-safe"], ["who-visited"]]
    assert editor.move_question(data, "is-the-child-safe", 1), "the last of a section goes to the next"
    assert questions(data) == [["is-there-a-contingency-plan"], ["is-the-child-safe", "who-visited"]]
    assert not editor.move_question(data, "is-there-a-contingency-plan", -1), "the very first cannot go up"
    assert not editor.move_question(data, "who-visited", 1), "the very last cannot go down"


def test_moving_and_removing_sections():
    data = small_tool()
    assert editor.move_section(data, "visits", -1)
    assert editor.section_keys(data) == ["visits", "plan-and-contingency"]
    assert not editor.move_section(data, "visits", -1)
    editor.remove_section(data, "visits")
    assert questions(data) == [["is-the-child-safe", "is-there-a-contingency-plan"]]
    editor.remove_question(data, "is-the-child-safe")
    assert questions(data) == [["is-there-a-contingency-plan"]]
    with pytest.raises(KeyError):
        editor.remove_question(data, "is-the-child-safe")


def test_a_dragged_order_must_name_everything_once():
    data = small_tool()
    editor.reorder(data, ["visits", "plan-and-contingency"],
                   {"visits": ["who-visited", "is-the-child-safe"], "plan-and-contingency": ["is-there-a-contingency-plan"]})
    assert questions(data) == [["who-visited", "is-the-child-safe"], ["is-there-a-contingency-plan"]]
    with pytest.raises(ValueError):
        editor.reorder(data, ["visits"], {"visits": ["who-visited"]})
    with pytest.raises(ValueError):
        editor.reorder(data, ["visits", "plan-and-contingency"], {"visits": ["who-visited", "who-visited"]})


def test_an_option_keeps_its_key_while_its_label_stays():
    data = small_tool()
    old = editor.question(data, "who-visited")
    changed = editor.options_from(["Family support worker", "Personal adviser", "Social worker"], old["options"])
    assert [o["key"] for o in changed] == ["family-support-worker", "personal-adviser", "social-worker"]


def test_a_measure_link_keeps_its_when_condition_the_page_does_not_show():
    data = small_tool()
    q = editor.question(data, "is-there-a-contingency-plan")
    q["measures"][0]["when"] = {"question": "is-the-child-safe", "answer_in": ["good"]}
    editor.change_question(data, q["key"], {"text": q["text"], "kind": q["kind"],
                                            "measures": [{"key": "r2-am1", "rule": "answer_in", "values": ["Yes"]}]})
    assert editor.question(data, q["key"])["measures"] == [
        {"key": "r2-am1", "rule": "answer_in", "values": ["yes"], "when": {"question": "is-the-child-safe", "answer_in": ["good"]}}]


def test_earlier_questions_are_those_with_set_answers_before_this_one():
    data = small_tool()
    editor.add_question(data, "visits", {"text": "How many visits?", "kind": "number"})
    assert [q["key"] for q in editor.earlier_questions(data, "who-visited")] == ["is-the-child-safe", "is-there-a-contingency-plan"]
    assert [q["key"] for q in editor.earlier_questions(data, None, "visits")] == [
        "is-the-child-safe", "is-there-a-contingency-plan", "who-visited"]
    assert [q["key"] for q in editor.questions_before_section(data, "visits")] == ["is-the-child-safe", "is-there-a-contingency-plan"]


def test_the_loaders_problems_are_placed_at_the_editors_fields():
    data = small_tool()
    data["sections"][1]["questions"][0]["options"] = [{"key": "alone", "label": "Alone"}]
    with pytest.raises(DataFileError) as refused:
        load_tool_text(dump_tool_data(data))
    places = editor.problem_places([f"{p}: {m}" for p, m in refused.value.located], "sections[1].questions[0]")
    assert [where for where, _ in places] == ["options"]
    assert editor.problem_places(["sections[0].questions[1].measures[0].values[1]: 'x' is not an answer"],
                                 "sections[0].questions[1]") == [("measures[0].values[1]", "'x' is not an answer")]
    assert editor.problem_places(["sections[1].title: is missing"], "sections[0]") == [(None, "is missing")]
    assert editor.first_name("measures[0].values[1]") == "measures"
    assert editor.index_in("measures[3].rule", "measures") == 3


def test_every_seed_tool_goes_through_the_editors_data_unchanged():
    from app.audits.tools import load_all_tools

    for tool in load_all_tools():
        data = tool_data(tool)
        assert load_tool_text(dump_tool_data(data)) == tool, tool.key
