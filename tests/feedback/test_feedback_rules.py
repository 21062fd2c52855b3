"""The feedback rules, one by one: positive answers per scale, shares and Wilson intervals,
reading level, safety signals and response rates. Plain values: no database needed."""
import pytest
import yaml

from app.feedback import rules
from app.feedback.questionnaires import Statement, load_questionnaire_text


def make_questionnaire(audience="children", scale="faces", statements=None, intro="We want to know what you think.", free_text=None):
    statements = statements or [
        {"key": "listened-to", "text": "The adults who help me listen to me.", "measure": "r1-fm3"},
        {"key": "safe-home", "text": "I feel safe where I live.", "measure": "r1-fm3", "safety_signal": {"answers": ["sad"]}},
    ]
    data = {
        "key": "test", "title": "Test", "audience": audience, "version": 1, "status": "draft",
        "scale": scale, "intro": intro, "statements": statements,
        "free_text": free_text if free_text is not None else [{"key": "better", "text": "What would make things better?"}],
    }
    return load_questionnaire_text(yaml.safe_dump(data), "test.yaml")


FACES_STATEMENT = Statement("s", "I feel safe.", "r1-fm3", rules.FACES)
AGREE_STATEMENT = Statement("s", "I understand my plan.", "r2-fm1", rules.AGREE_SCALE)


# --- Scales and positive answers ------------------------------------------------------------


def test_the_faces_scale_has_three_faces_with_words():
    faces = rules.SCALES[rules.FACES]
    assert list(faces.answers) == ["happy", "middle", "sad"]
    assert faces.answers == {"happy": "Yes, mostly", "middle": "Sometimes", "sad": "No, not really"}
    assert set(faces.faces) == set(faces.answers)
    assert faces.positive == ("happy",)


def test_the_agree_scale_has_five_points_and_dont_know():
    agree = rules.SCALES[rules.AGREE_SCALE]
    assert list(agree.answers) == ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree", "dont_know"]
    assert agree.label_of("dont_know") == "Don't know"
    assert agree.positive == ("strongly_agree", "agree")
    assert agree.not_counted == ("dont_know",)


@pytest.mark.parametrize("answer, expected", [
    ("happy", True), ("middle", False), ("sad", False),
    ("Yes, mostly", True), ("NO, NOT REALLY", False),
    (None, None), ("", None), ("   ", None), ("banana", None), ("agree", None),
])
def test_faces_positive_is_the_happy_face_by_default(answer, expected):
    assert rules.is_positive(FACES_STATEMENT, answer) is expected


@pytest.mark.parametrize("answer, expected", [
    ("strongly_agree", True), ("agree", True), ("neither", False), ("disagree", False),
    ("strongly_disagree", False), ("Strongly agree", True),
    ("dont_know", None), ("Don't know", None), ("Don\u2019t know", None), (None, None), ("happy", None),
])
def test_agree_positive_is_agree_or_strongly_agree_and_dont_know_is_not_counted(answer, expected):
    assert rules.is_positive(AGREE_STATEMENT, answer) is expected


def test_a_statement_can_set_its_own_positive_answers():
    strict = Statement("s", "I feel safe.", "r1-fm3", rules.AGREE_SCALE, positive=("strongly_agree",))
    assert rules.is_positive(strict, "strongly_agree") is True
    assert rules.is_positive(strict, "agree") is False


def test_answer_key_takes_keys_or_words_and_refuses_what_is_not_on_the_scale():
    assert rules.answer_key(rules.FACES, "Sometimes") == "middle"
    assert rules.answer_key(rules.AGREE_SCALE, "neither agree  nor disagree") == "neither"
    assert rules.answer_key(rules.AGREE_SCALE, "Don\u2019t know") == "dont_know"
    assert rules.answer_key(rules.AGREE_SCALE, "strongly agree") == "strongly_agree"
    assert rules.answer_key(rules.AGREE_SCALE, " ") is None
    with pytest.raises(ValueError, match="not an answer on the faces scale"):
        rules.answer_key(rules.FACES, "agree")


# --- Shares -----------------------------------------------------------------------------------


def test_percent_positive_leaves_dont_know_and_blanks_out_of_the_denominator():
    answers = ["agree", "strongly_agree", "disagree", "dont_know", None, "", "neither", "agree"]
    result = rules.percent_positive((AGREE_STATEMENT, a) for a in answers)
    assert result == (3, 5, 0.6)
    assert result.positive == 3 and result.counted == 5 and result.share == 0.6


def test_percent_positive_takes_outcomes_too_and_is_none_with_nothing_counted():
    assert rules.percent_positive([True, False, None, True]) == (2, 3, pytest.approx(2 / 3))
    assert rules.percent_positive([]) == (0, 0, None)
    assert rules.percent_positive([None, None]) == (0, 0, None)


def test_measure_tallies_count_every_answer_per_measure():
    q = make_questionnaire(statements=[
        {"key": "a", "text": "Things are calmer.", "measure": "r1-fm2"},
        {"key": "b", "text": "I am happier.", "measure": "r1-fm2"},
        {"key": "c", "text": "I feel safe.", "measure": "r1-fm3", "safety_signal": {"answers": ["sad"]}},
        {"key": "d", "text": "I feel safe out.", "safety_signal": {"answers": ["sad"]}},
    ])
    responses = [{"a": "happy", "b": "sad", "c": "happy", "d": "sad"}, {"a": "happy", "c": "middle"}]
    tallies = rules.measure_tallies(q, responses)
    assert list(tallies) == ["r1-fm2", "r1-fm3"]  # the safety-only statement counts towards nothing
    assert tallies["r1-fm2"] == (2, 3, pytest.approx(2 / 3))
    assert tallies["r1-fm3"] == (1, 2, 0.5)


# --- Wilson interval -----------------------------------------------------------------------------


@pytest.mark.parametrize("positive, n, low, high", [
    (8, 10, 0.490, 0.943),
    (50, 100, 0.404, 0.596),
    (0, 10, 0.000, 0.278),
    (10, 10, 0.722, 1.000),
    (1, 1, 0.207, 1.000),
])
def test_wilson_interval_textbook_values(positive, n, low, high):
    interval = rules.wilson_interval(positive, n)
    assert round(interval[0], 3) == low
    assert round(interval[1], 3) == high


def test_wilson_interval_of_nothing_is_none_and_impossible_counts_are_refused():
    assert rules.wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        rules.wilson_interval(11, 10)
    with pytest.raises(ValueError):
        rules.wilson_interval(-1, 10)


def test_wilson_interval_is_symmetric_and_narrows_with_n():
    low, high = rules.wilson_interval(2, 10)
    other_low, other_high = rules.wilson_interval(8, 10)
    assert low == pytest.approx(1 - other_high) and high == pytest.approx(1 - other_low)
    assert rules.wilson_interval(80, 100)[1] - rules.wilson_interval(80, 100)[0] < other_high - other_low
    wide = rules.wilson_interval(8, 10, z=2.576)  # 99%
    assert wide[0] < other_low and wide[1] > other_high


# --- Reading level -------------------------------------------------------------------------------


@pytest.mark.parametrize("word, syllables", [
    ("cat", 1), ("the", 1), ("make", 1), ("table", 2), ("people", 2), ("listened", 2), ("wanted", 2),
    ("houses", 2), ("makes", 1), ("family", 3), ("happier", 3), ("social", 2), ("Australian", 4),
    ("reptilian", 4), ("creature", 2), ("seemingly", 3), ("violence", 3), ("going", 2),
    ("didn't", 2), ("don't", 1), ("don\u2019t", 1), ("sometimes", 2), ("everyone", 3),
    ("apprenticeship", 4), ("experience", 4), ("situation", 4), ("safely", 2), ("999", 1),
])
def test_count_syllables(word, syllables):
    assert rules.count_syllables(word) == syllables


def test_flesch_scores_of_known_sentences():
    # The textbook examples: "The cat sat on the mat." scores 116; the platypus sentence,
    # 13 words and 26 syllables, scores 24.4 (grade 13.1).
    assert rules.flesch_reading_ease("The cat sat on the mat.") == pytest.approx(116.1, abs=0.1)
    assert rules.flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(-1.45, abs=0.05)
    platypus = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
    assert rules.text_statistics(platypus) == (1, 13, 26)
    assert rules.flesch_reading_ease(platypus) == pytest.approx(24.4, abs=0.1)
    assert rules.flesch_kincaid_grade(platypus) == pytest.approx(13.1, abs=0.05)
    assert rules.reading_age(platypus) == pytest.approx(18.1, abs=0.05)


def test_sentences_end_at_stops_blank_lines_and_list_items_but_not_in_numbers():
    assert rules.text_statistics("One. Two! Three? Four").sentences == 4
    assert rules.text_statistics("A heading\n\nA paragraph\nwrapped over lines.").sentences == 2
    assert rules.text_statistics("Do this:\n- one thing\n- another").sentences == 3
    assert rules.text_statistics("It costs 2.50 today.") == (1, 4, 5)  # a number is one word, one syllable
    assert rules.reading_age("") is None and rules.flesch_kincaid_grade("...") is None


LONG = (
    "Professionals supporting your family will systematically evaluate the effectiveness "
    "of interventions, considering information provided by organisations participating in "
    "multi-agency arrangements."
)


def test_a_long_complex_statement_gets_a_warning_for_children_and_a_short_simple_one_does_not():
    q = make_questionnaire(statements=[
        {"key": "simple", "text": "The adults who help me listen to me.", "measure": "r1-fm3"},
        {"key": "complex", "text": LONG, "measure": "r1-fm3"},
    ])
    warnings = rules.check_reading_level(q)
    assert [(w.place, w.key, w.limit) for w in warnings] == [("statements[1]", "complex", 9)]
    assert warnings[0].reading_age > 20
    assert "statements[1] (complex): reading age about" in str(warnings[0])


def test_the_limit_depends_on_the_audience():
    # Reading age about 10: too hard for children, fine for everyone else.
    text = "The people supporting my child listen to me."
    assert 9 < rules.reading_age(text) <= 12
    for audience, scale, warned in [("children", "faces", True), ("young_people", "agree", False),
                                    ("parents_carers", "agree", False), ("practitioners", "agree", False)]:
        q = make_questionnaire(audience=audience, scale=scale, statements=[{"key": "step", "text": text, "measure": "r1-fm1"}])
        assert bool(rules.check_reading_level(q)) is warned, audience
    assert rules.READING_AGE_LIMITS == {"children": 9, "young_people": 12, "parents_carers": 12, "practitioners": 14}


def test_the_intro_and_free_text_questions_are_checked_too():
    q = make_questionnaire(intro=LONG, free_text=[{"key": "improve", "text": LONG}])
    assert [(w.place, w.key) for w in rules.check_reading_level(q)] == [("intro", "intro"), ("free_text[0]", "improve")]


# --- Safety signals ------------------------------------------------------------------------------


def signals(answers=None, free_text=None, words=()):
    return rules.safety_signals(make_questionnaire(), answers or {}, free_text or {}, words)


def test_a_negative_answer_to_a_safety_statement_is_a_signal():
    assert signals({"safe-home": "sad"}) == [rules.Signal("answer", "safe-home", answer="sad")]
    assert signals({"safe-home": "No, not really"}) == [rules.Signal("answer", "safe-home", answer="sad")]


def test_other_answers_give_no_signal():
    assert signals({"safe-home": "happy"}) == []
    assert signals({"safe-home": "middle"}) == []
    assert signals({"listened-to": "sad"}) == []  # not a safety statement
    assert signals({"safe-home": None}) == []
    assert signals({"safe-home": "strongly_disagree"}) == []  # not on this questionnaire's scale
    assert signals({}) == []


def test_a_safety_statement_can_signal_on_more_than_one_answer():
    q = make_questionnaire(audience="young_people", scale="agree", statements=[
        {"key": "safe-home", "text": "I feel safe where I live.", "safety_signal": {"answers": ["disagree", "strongly_disagree"]}},
    ])
    assert rules.safety_signals(q, {"safe-home": "disagree"}, {}, []) == [rules.Signal("answer", "safe-home", "disagree")]
    assert rules.safety_signals(q, {"safe-home": "dont_know"}, {}, []) == []


@pytest.mark.parametrize("text, said", [
    ("I want to kill myself", "kill myself"),
    ("I want to KILL MYSELF.", "KILL MYSELF"),
    ("sometimes i think   i will kill\nmyself!!", "kill\nmyself"),
    ("(kill myself)", "kill myself"),
    ("i wanna die", "wanna die"),
    ("im gonna end it tonight", "gonna end it"),
])
def test_concern_in_free_text_is_a_signal_whatever_the_case_spacing_or_punctuation(text, said):
    assert signals(free_text={"better": text}) == [
        rules.Signal("free_text", "better", words=(said,), categories=("self_harm",)),
    ]


def test_the_built_in_detector_is_always_on():
    assert rules.DEFAULT_CONCERN_WORDS == ()
    for words in [(), ["purple elephant"]]:
        found = signals(free_text={"better": "my dad hits me"}, words=words)
        assert found == [rules.Signal("free_text", "better", words=("hits me",), categories=("physical",))]


def test_curly_apostrophes_and_missing_apostrophes_match():
    for text, said in [("I don\u2019t feel safe at home", "don\u2019t feel safe"), ("i dont feel safe", "dont feel safe"),
                       ("I DON'T FEEL SAFE", "DON'T FEEL SAFE")]:
        assert signals(free_text={"better": text}) == [
            rules.Signal("free_text", "better", words=(said,), categories=("fear",)),
        ], text


def test_administrators_phrases_add_the_custom_category_on_whole_words_only():
    assert signals(free_text={"better": "I want to learn a new skill"}, words=["kill"]) == []
    assert signals(free_text={"better": "We talked about purple elephants"}, words=["purple elephant"]) == []
    found = signals(free_text={"better": "The room could be painted purple"}, words=["purple"])
    assert found == [rules.Signal("free_text", "better", words=("purple",), categories=("custom",))]
    found = signals(free_text={"better": "A PURPLE  elephant was here"}, words=["purple elephant"])
    assert found[0].words == ("PURPLE  elephant",)  # the respondent's words, as written


def test_a_star_matches_any_ending_and_hyphens_match_spaces():
    found = signals(free_text={"better": "My cat is a purplish colour"}, words=["purpl*"])
    assert found[0].words == ("purplish",) and found[0].categories == ("custom",)
    found = signals(free_text={"better": "we saw a sea-lion"}, words=["sea lion"])
    assert found[0].words == ("sea-lion",)
    found = signals(free_text={"better": "I have been self-harming"}, words=["self harm*"])
    assert found[0].categories == ("self_harm", "custom") and found[0].words == ("self-harming", "self-harming")


def test_multi_word_phrases_match_only_as_a_whole():
    from app.feedback.concern_phrases import find_concern_words

    assert find_concern_words("It does not hurt. Tell me more", ["hurt me"]) == ()
    assert signals(free_text={"better": "The purple bus and an elephant"}, words=["purple elephant"]) == []


def test_never_more_than_the_respondent_gave():
    given = {"better": "He hit me. He hit me again and I want to run away", "anything-else": "   "}
    result = signals({"safe-home": "sad"}, given)
    assert result == [
        rules.Signal("answer", "safe-home", answer="sad"),
        # one signal per answer; one piece of evidence per category, in the detector's order
        rules.Signal("free_text", "better", words=("hit me", "run away"), categories=("physical", "exploitation")),
    ]
    assert signals(free_text={"better": ""}) == []
    assert signals(free_text={"better": "Things are fine now, thank you"}) == []


def test_free_text_under_a_key_the_questionnaire_does_not_know_is_still_checked():
    assert signals(free_text={"other": "I am not safe"}) == [
        rules.Signal("free_text", "other", words=("not safe",), categories=("fear",)),
    ]


def test_administrators_phrases_are_still_checked_by_concern_pattern():
    from app.feedback.concern_phrases import concern_pattern, find_concern_words

    assert all(concern_pattern(w) is not None for w in ["kill myself", "suicid*", "self-harm", "don't"])
    assert concern_pattern("  ") is None
    assert find_concern_words("I have felt suicidal", ["suicid*", "run away"]) == ("suicid*",)


# --- Response rates --------------------------------------------------------------------------------


def test_response_rate_and_the_25_percent_target():
    assert rules.response_rate(25, 100) == 0.25
    assert rules.meets_target(rules.response_rate(25, 100)) is True
    assert rules.meets_target(rules.response_rate(24, 100)) is False
    assert rules.meets_target(0.5, target=0.6) is False
    assert rules.response_rate(3, 0) is None
    assert rules.meets_target(None) is None
    assert rules.response_rate(12, 10) == 1.2  # a shared link can bring more responses than invitations
    with pytest.raises(ValueError):
        rules.response_rate(-1, 10)
