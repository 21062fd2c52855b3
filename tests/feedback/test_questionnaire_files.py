"""The questionnaire files: the seed questionnaires in surveys/ load, survive export and
import, ask every feedback measure of the improvement plan of the right people in plain
words; broken files are refused with the file, the place in it and what is wrong.
"""
import textwrap
from pathlib import Path

import pytest
import yaml

from app.core.datafile import DataFileError
from app.feedback import rules, translations
from app.feedback.questionnaires import (
    SURVEYS_DIR,
    dump_questionnaire,
    load_all_questionnaires,
    load_questionnaire_file,
    load_questionnaire_text,
)

ROOT = Path(__file__).resolve().parents[2]
SURVEY_FILES = sorted(SURVEYS_DIR.glob("*.yaml"))
PLAN_FILE = ROOT / "app" / "plan" / "data" / "improvement_plan.yaml"
CHILD_FACING = (rules.CHILDREN, rules.YOUNG_PEOPLE)


def plan_feedback_measures() -> dict[str, dict]:
    plan = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    return {m["key"]: m for r in plan["recommendations"] for m in r["feedback_measures"]}


def test_the_surveys_directory_is_where_the_seed_questionnaires_are():
    assert SURVEYS_DIR == ROOT / "surveys"
    assert len(SURVEY_FILES) >= 6


@pytest.mark.parametrize("path", SURVEY_FILES, ids=lambda p: p.name)
def test_every_seed_questionnaire_loads(path):
    q = load_questionnaire_file(path)
    assert q.key == path.stem
    assert q.version >= 1
    assert q.status == rules.PUBLISHED
    assert q.title and q.intro and q.description
    assert q.statements and q.free_text
    assert q.measure_keys()
    if q.audience == rules.CHILDREN:
        assert q.scale == rules.FACES


@pytest.mark.parametrize("path", SURVEY_FILES, ids=lambda p: p.name)
def test_every_seed_questionnaire_survives_export_and_import(path):
    q = load_questionnaire_file(path)
    text = dump_questionnaire(q)
    assert load_questionnaire_text(text, "exported.yaml") == q
    assert dump_questionnaire(load_questionnaire_text(text, "exported.yaml")) == text


def test_every_feedback_measure_is_asked_of_its_respondents_by_a_published_questionnaire():
    measures = plan_feedback_measures()
    assert len(measures) == 19
    asked: dict[str, list[str]] = {key: [] for key in measures}
    for q in load_all_questionnaires():
        if q.status != rules.PUBLISHED:
            continue
        for s in q.statements:
            if s.measure and q.audience in measures[s.measure]["respondent_groups"]:
                asked[s.measure].append(f"{q.key}:{s.key}")
    assert [key for key, where in asked.items() if not where] == []


def test_no_statement_asks_a_measure_of_people_the_plan_does_not_name():
    measures = plan_feedback_measures()
    for q in load_all_questionnaires():
        for s in q.statements:
            if s.measure is None:
                assert s.safety_answers, f"{q.key}:{s.key} counts towards nothing and signals nothing"
                continue
            assert s.measure in measures, f"{q.key}:{s.key} links to {s.measure}, not in the plan"
            groups = measures[s.measure]["respondent_groups"]
            assert q.audience in groups, f"{q.key}:{s.key}: {s.measure} is for {groups}, not {q.audience}"


@pytest.mark.parametrize("path", SURVEY_FILES, ids=lambda p: p.name)
def test_seed_questionnaires_pass_the_reading_level_check(path):
    q = load_questionnaire_file(path)
    # English and Easy Read; the other languages cannot be checked this way.
    assert [str(w) for w in translations.reading_level(q)] == []


def test_every_child_and_young_person_questionnaire_has_a_safety_signal_and_asks_what_would_help():
    child_facing = [q for q in load_all_questionnaires() if q.audience in CHILD_FACING]
    assert {q.audience for q in child_facing} == set(CHILD_FACING)
    for q in child_facing:
        assert q.safety_statements(), q.key
        assert any(s.text.startswith("I feel safe") for s in q.safety_statements()), q.key
        assert any(f.text == "What would make things better?" for f in q.free_text), q.key
        # The intro says that answering is optional and what happens if they are not safe.
        assert "don't have to answer" in q.intro.replace("do not", "don't"), q.key
        assert "not feel safe" in q.intro or "don't feel safe" in q.intro, q.key
        assert "Childline" in q.intro and "999" in q.intro, q.key


def test_load_all_refuses_two_files_with_the_same_key(tmp_path):
    text = SURVEY_FILES[0].read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_all_questionnaires(tmp_path)
    assert error.value.source == "b.yaml"
    assert "which a.yaml uses too" in str(error.value)


# --- Broken files ------------------------------------------------------------------------------

GOOD = textwrap.dedent("""\
    key: broken
    title: Tell us what you think
    audience: children
    version: 1
    status: draft
    scale: faces
    intro: You do not have to answer.
    statements:
      - key: listened-to
        text: The adults who help me listen to me.
        measure: r1-fm3
      - key: safe-home
        text: I feel safe where I live.
        measure: r1-fm3
        safety_signal: {answers: [sad]}
    free_text:
      - key: better
        text: What would make things better?
""")


def refused(tmp_path, text) -> DataFileError:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_questionnaire_file(path)
    assert error.value.source == "broken.yaml"
    assert str(error.value).startswith("broken.yaml: ")
    return error.value


def test_the_good_example_loads(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    q = load_questionnaire_file(path)
    assert q.statement("safe-home").safety_answers == ("sad",)
    assert q.statement("listened-to").positive == ("happy",)
    assert q.ask_name is False


def test_a_childrens_questionnaire_on_the_agree_scale_is_refused(tmp_path):
    error = refused(tmp_path, GOOD.replace("scale: faces", "scale: agree").replace("[sad]", "[disagree]"))
    assert error.problems == ["The scale is agree, but children's questionnaires use the faces scale"]
    assert error.located == [("scale", "is agree, but children's questionnaires use the faces scale")]


def test_an_unknown_measure_key_pattern_is_refused(tmp_path):
    error = refused(tmp_path, GOOD.replace("measure: r1-fm3\n  - key: safe-home", "measure: r1-am3\n  - key: safe-home"))
    assert error.problems == [
        "The measure of statement 1 ('The adults who help me listen to me.') is 'r1-am3', which is not a feedback"
        " measure key (r<recommendation>-fm<number>, e.g. r1-fm3)"
    ]


def test_a_duplicate_statement_key_is_refused(tmp_path):
    error = refused(tmp_path, GOOD.replace("key: safe-home", "key: listened-to"))
    assert error.problems == [
        "The key of statement 2 ('I feel safe where I live.') is 'listened-to',"
        " which statement 1 ('The adults who help me listen to me.') uses too"
    ]


def test_a_free_text_key_that_is_also_a_statement_key_is_refused(tmp_path):
    error = refused(tmp_path, GOOD.replace("key: better", "key: safe-home"))
    assert error.problems == [
        "The key of free-text question 1 ('What would make things better?') is 'safe-home',"
        " which statement 2 ('I feel safe where I live.') uses too"
    ]


def test_a_positive_answer_not_on_the_scale_is_refused(tmp_path):
    text = GOOD.replace("measure: r1-fm3\n  - key: safe-home", "measure: r1-fm3\n    positive: [happy, agree]\n  - key: safe-home")
    error = refused(tmp_path, text)
    assert error.problems == [
        "Statement 1 ('The adults who help me listen to me.'): 'agree' is not an answer on the faces scale (happy, middle, sad)"
    ]
    assert error.located[0][0] == "statements[0].positive[1]"


def test_a_safety_answer_not_on_the_scale_is_refused(tmp_path):
    error = refused(tmp_path, GOOD.replace("[sad]", "[strongly_disagree]"))
    assert error.problems == [
        "Statement 2 ('I feel safe where I live.'): 'strongly_disagree' is not an answer on the faces scale (happy, middle, sad)"
    ]


def test_dont_know_cannot_be_positive_and_a_positive_answer_cannot_raise_an_alert(tmp_path):
    agree = GOOD.replace("audience: children", "audience: young_people").replace("scale: faces", "scale: agree")
    error = refused(tmp_path, agree.replace("[sad]", "[agree, disagree]").replace(
        "measure: r1-fm3\n  - key: safe-home", "measure: r1-fm3\n    positive: [agree, dont_know]\n  - key: safe-home"))
    assert error.problems == [
        "Statement 1 ('The adults who help me listen to me.'): 'dont_know' is not counted, so it cannot be positive",
        "Statement 2 ('I feel safe where I live.'): 'agree' is a positive answer too",
    ]


def test_a_statement_needs_a_measure_unless_it_is_a_safety_signal(tmp_path):
    error = refused(tmp_path, GOOD.replace("    measure: r1-fm3\n  - key: safe-home", "  - key: safe-home"))
    assert error.problems == [
        "The measure of statement 1 ('The adults who help me listen to me.') is missing"
        " (only a safety statement can leave it out)"
    ]
    safety_only = load_questionnaire_text(GOOD.replace("    measure: r1-fm3\n    safety_signal", "    safety_signal"), "ok.yaml")
    assert safety_only.statement("safe-home").measure is None
    assert safety_only.measure_keys() == ["r1-fm3"]


def test_a_questionnaire_needs_a_statement_once_it_is_out_of_draft(tmp_path):
    text = GOOD[: GOOD.index("statements:")] + "statements: []\n"
    published = text.replace("status: draft", "status: published")
    assert refused(tmp_path, published).problems == ["The questionnaire has no statements"]
    # a draft made in the editor starts with none (publishing it is refused: questionnaire_service.publish)
    assert load_questionnaire_text(text).statements == ()


def test_schema_problems_name_the_place(tmp_path):
    error = refused(tmp_path, GOOD.replace("audience: children", "audience: teenagers").replace("version: 1", "version: one"))
    assert error.problems == [
        "The audience is 'teenagers', which is not one of children, young_people, parents_carers, practitioners",
        "The version is 'one', but must be a whole number",
    ]
    error = refused(tmp_path, GOOD.replace("    text: I feel safe where I live.\n", ""))
    assert error.problems == ["Statement 2 needs wording"]
    assert error.located == [("statements[1].text", "is missing")]


def test_a_long_statement_is_named_by_its_first_words(tmp_path):
    long_text = "When I talk to my social worker about the things that worry me at home or at school they listen."
    error = refused(tmp_path, GOOD.replace("I feel safe where I live.", long_text).replace("[sad]", "[angry]"))
    (problem,) = error.problems
    assert problem.startswith("Statement 2 ('When I talk to my social worker about the things that worry…'): 'angry'")


def test_invalid_yaml_is_refused_with_the_line(tmp_path):
    error = refused(tmp_path, GOOD.replace("title: Tell us what you think", "title: [Tell us"))
    assert len(error.problems) == 1
    assert error.problems[0].startswith("line ") and "not valid YAML" in error.problems[0]
