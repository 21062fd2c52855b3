"""The questionnaire editor's rules, on a questionnaire as a plain dict (no request): keys,
adding, moving, removing, "show only when", translations and where a loader problem belongs."""
import pytest

from app.feedback import questionnaire_editor as editor
from app.feedback.questionnaires import load_questionnaire_text


def draft(**extra):
    data = editor.new_questionnaire("Forum check-in", "parents_carers", "agree", "forum_check_in")
    data.update(extra)
    return data


def with_statements(*texts):
    data = draft()
    for text in texts:
        data, _ = editor.save_item(data, editor.STATEMENTS, None, editor.statement_item(
            "agree", text=text, measure="r2-fm1", positive=["agree", "strongly_agree"]))
    return data


def keys(data, list_name=editor.STATEMENTS):
    return [i["key"] for i in data.get(list_name) or []]


def test_a_new_questionnaire_is_a_draft_with_no_statements_that_loads():
    definition = load_questionnaire_text(editor.to_yaml(draft()))
    assert (definition.key, definition.status, definition.statements) == ("forum_check_in", "draft", ())


def test_a_published_questionnaire_still_needs_a_statement():
    with pytest.raises(Exception, match="statement"):
        load_questionnaire_text(editor.to_yaml(draft(status="published")))


def test_keys_come_from_words_and_are_never_reused():
    assert editor.key_for_title("Forum check-in!", {"forum_check_in"}) == "forum_check_in_2"
    data = with_statements("I felt heard.", "I felt heard!")
    assert keys(data) == ["i-felt-heard", "i-felt-heard-2"]


def test_the_default_positive_answers_are_not_written():
    item = editor.statement_item("agree", text="I felt heard.", measure="r2-fm1", positive=["agree", "strongly_agree"])
    assert item == {"text": "I felt heard.", "measure": "r2-fm1"}
    safety = editor.statement_item("faces", text="I feel safe.", safety_answers=["sad"])
    assert safety == {"text": "I feel safe.", "safety_signal": {"answers": ["sad"]}}


def test_changing_the_words_keeps_the_key():
    data = with_statements("I felt heard.")
    data, key = editor.save_item(data, editor.STATEMENTS, "i-felt-heard", {"text": "I was listened to.", "measure": "r2-fm1"})
    assert key == "i-felt-heard" and data["statements"][0]["text"] == "I was listened to."


def test_moving_up_and_down_and_at_the_ends():
    data = with_statements("One.", "Two.", "Three.")
    assert keys(editor.move(data, editor.STATEMENTS, "three", -1)) == ["one", "three", "two"]
    assert keys(editor.move(data, editor.STATEMENTS, "one", -1)) == ["one", "two", "three"]
    assert keys(editor.move(data, editor.STATEMENTS, "three", 1)) == ["one", "two", "three"]
    assert keys(data) == ["one", "two", "three"]  # the original is not changed


def test_reordering_needs_every_key_once():
    data = with_statements("One.", "Two.")
    assert keys(editor.reorder(data, editor.STATEMENTS, ["two", "one"])) == ["two", "one"]
    with pytest.raises(editor.EditorError):
        editor.reorder(data, editor.STATEMENTS, ["two"])


def test_removing_takes_it_out_of_translations_and_refuses_when_another_depends_on_it():
    data = with_statements("One.", "Two.")
    data = editor.set_translation(data, "pl", {"needs_review": True, "title": "T", "intro": "I",
                                               "statements": {"one": "Jeden.", "two": "Dwa."}})
    data = editor.remove(data, editor.STATEMENTS, "one")
    assert keys(data) == ["two"] and data["translations"]["pl"]["statements"] == {"two": "Dwa."}
    data["statements"].append({"key": "three", "text": "Three.", "measure": "r2-fm1",
                               "show_when": {"question": "two", "answer_in": ["agree"]}})
    with pytest.raises(editor.EditorError, match="Three"):
        editor.remove(data, editor.STATEMENTS, "two")


def test_a_new_statement_reads_in_english_in_each_translation_which_then_needs_review():
    data = with_statements("One.")
    data = editor.set_translation(data, "pl", {"needs_review": False, "title": "T", "intro": "I", "statements": {"one": "Jeden."}})
    data = editor.set_translation(data, "easy-read", {"needs_review": False, "title": "T", "intro": "I", "statements": {
        "one": {"text": "One.", "picture": "listen", "picture_text": "Listening."}}})
    data, _ = editor.save_item(data, editor.STATEMENTS, None, {"text": "Two.", "measure": "r2-fm1"})
    assert data["translations"]["pl"]["statements"]["two"] == "Two."
    assert data["translations"]["pl"]["needs_review"] is True
    assert data["translations"]["easy-read"]["statements"]["two"]["picture"] == editor.STAND_IN_PICTURE
    load_questionnaire_text(editor.to_yaml(data))  # still a questionnaire the loader takes


def test_show_when_is_answers_of_one_earlier_question():
    assert editor.show_when_from([]) is None
    assert editor.show_when_from(["plan=agree", "plan=strongly_agree"]) == {"question": "plan", "answer_in": ["agree", "strongly_agree"]}
    with pytest.raises(editor.EditorError) as refused:
        editor.show_when_from(["plan=agree", "home=agree"])
    assert refused.value.field == "show_when"
    data = with_statements("One.", "Two.")
    assert [i["key"] for i, _ in editor.earlier_choices(data, editor.STATEMENTS, "two")] == ["one"]
    assert [i["key"] for i, _ in editor.earlier_choices(data, editor.STATEMENTS, None)] == ["one", "two"]


def test_options_keep_their_keys_and_blank_ones_are_dropped():
    assert editor.option_list(["Parent", "", "Carer"], ["parent", "", ""]) == [
        {"key": "parent", "label": "Parent"}, {"key": "carer", "label": "Carer"}]


def test_changing_the_scale_resets_answers_of_the_old_one():
    data = draft()
    data["statements"] = [{"key": "safe", "text": "I feel safe.", "safety_signal": {"answers": ["disagree"]}},
                          {"key": "heard", "text": "Heard.", "measure": "r2-fm1", "positive": ["strongly_agree"]}]
    changed = editor.set_details(data, scale="faces", audience="children")
    assert changed["statements"][0]["safety_signal"] == {"answers": ["sad"]}
    assert "positive" not in changed["statements"][1]
    load_questionnaire_text(editor.to_yaml(changed))


def test_a_loader_problem_goes_to_the_field_its_place_names():
    from app.core.datafile import DataFileError

    refused = DataFileError("forum (draft)", [
        "statements[1].positive[0]: 'x' is not an answer",
        "statements[1].safety_signal.answers[0]: 'x' is a positive answer too",
        "statements[1].positive: listed again",
        "statements[0].text: too long",
        "title: is too long"])
    fields = {"positive": "positive", "safety_signal": "safety_answers", "text": "text"}
    # by place, never by wording (which is written for people elsewhere), each field once
    at = editor.problems_for_item(editor.located(refused), "statements", 1, fields, "general")
    assert list(at) == ["positive", "safety_answers", "general"]
    assert "'x' is not an answer" in at["positive"] and "too long" in at["general"]
    missing = DataFileError("t (draft)", ["translations.pl.statements.one: is missing"])
    at = editor.problems_for_places(editor.located(missing), {"translations.pl": "general",
                                    "translations.pl.statements.one": "st-one"}, "general")
    assert list(at) == ["st-one"] and "is missing" in at["st-one"]


def test_a_problem_is_placed_by_its_place_and_shown_in_plain_words():
    from app.core.datafile import DataFileError
    from app.feedback.questionnaires import NAMES

    data = with_statements("I feel safe.")
    refused = DataFileError("questionnaire", [("statements[0].text", "is missing"), (None, "something else")],
                            NAMES.about(data))
    assert editor.problems_for_item(editor.located(refused), "statements", 0, {"text": "text"}, "general") == {
        "text": refused.problems[0], "general": "something else"}
    assert refused.problems[0].startswith("Statement 1")
    assert editor.located(ValueError("Someone else saved it")) == [("", "Someone else saved it", "Someone else saved it")]


def test_a_copy_is_a_new_draft_whose_translations_need_review():
    data = editor.set_translation(with_statements("One."), "pl", {"needs_review": False, "title": "T", "intro": "I",
                                                                  "statements": {"one": "Jeden."}})
    data["status"], data["version"] = "published", 4
    copy = editor.copy_of(data, "forum_north", "Forum (north)")
    assert (copy["key"], copy["title"], copy["version"], copy["status"]) == ("forum_north", "Forum (north)", 1, "draft")
    assert copy["translations"]["pl"]["needs_review"] is True
    assert data["translations"]["pl"]["needs_review"] is False


def test_show_when_in_words():
    data = with_statements("I have a plan.")
    assert editor.show_when_words(data, {"question": "i-have-a-plan", "answer_in": ["agree", "strongly_agree"]}) == (
        "I have a plan.", ["Agree", "Strongly agree"])


def test_translations_follow_a_questions_options():
    data = with_statements("One.")
    data = editor.set_translation(data, "pl", {"needs_review": False, "title": "T", "intro": "I", "statements": {"one": "Jeden."}})
    options = [{"key": "parent", "label": "Parent"}, {"key": "carer", "label": "Carer"}]
    data, key = editor.save_item(data, editor.STATEMENTS, None, editor.question_item("single_choice", text="Role?", options=options))
    assert data["translations"]["pl"]["statements"][key] == {"text": "Role?", "options": {"parent": "Parent", "carer": "Carer"}}
    data["translations"]["pl"]["statements"][key] = {"text": "Rola?", "options": {"parent": "Rodzic", "carer": "Opiekun"}}
    data["translations"]["pl"]["needs_review"] = False
    # the words changed in English only: the translation stays as it was, still checked
    data, _ = editor.save_item(data, editor.STATEMENTS, key, editor.question_item("single_choice", text="Your role?", options=options))
    assert data["translations"]["pl"]["statements"][key]["options"] == {"parent": "Rodzic", "carer": "Opiekun"}
    assert data["translations"]["pl"]["needs_review"] is False
    # an option added and one removed: the new one reads in English and the translation needs review
    changed = [options[0], {"key": "grandparent", "label": "Grandparent"}]
    data, _ = editor.save_item(data, editor.STATEMENTS, key, editor.question_item("single_choice", text="Your role?", options=changed))
    assert data["translations"]["pl"]["statements"][key] == {"text": "Rola?", "options": {"parent": "Rodzic", "grandparent": "Grandparent"}}
    assert data["translations"]["pl"]["needs_review"] is True
    # now a number: no options in the translation either
    data, _ = editor.save_item(data, editor.STATEMENTS, key, editor.question_item("number", text="How many?"))
    assert data["translations"]["pl"]["statements"][key] == "Rola?"


def test_saving_any_seed_item_unchanged_changes_nothing():
    from app.feedback.questionnaires import SURVEYS_DIR

    for path in sorted(SURVEYS_DIR.glob("*.yaml")):
        data = editor.from_yaml(path.read_text(encoding="utf-8"))
        for list_name in editor.LISTS:
            for item in editor.items(data, list_name):
                fields = {k: v for k, v in item.items() if k != "key"}
                again, _ = editor.save_item(data, list_name, item["key"], fields)
                assert again == data, (path.name, item["key"])
