"""The concern detector (app.feedback.concerns and concern_model): plain functions, no app
needed. Two readers: the rules (`detect`), tested here case by case, and the model learnt
from app/feedback/data/concern_training; `find_concerns` decides with both, and is tested
on the corpora, above all on a held-out set neither reader was built from."""
import csv
from pathlib import Path

import pytest

from app.feedback import concern_rules
from app.feedback import concerns
from app.feedback import concern_model
from app.feedback.concerns import CATEGORIES, Concern, decide, detect, find_concerns

DATA = Path(__file__).parent / "data"
# The labelled corpus and the development lines; the model learns from them too.
CORPORA = [concern_model.TRAINING_DIR / "corpus.tsv", concern_model.TRAINING_DIR / "dev.tsv"]
# Written by someone who saw neither the rules nor any other line, and never used to build
# either reader: the honest measure of how the detector does on what people will write.
HELD_OUT = DATA / "disclosure_heldout.tsv"


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def lines(label):
    return [(p.name, r) for p in CORPORA if p.exists() for r in read(p) if r["label"] == label]


def categories(text, extra_phrases=()):
    """What the rules find: the case-by-case tests below are about the rules reader."""
    return [c.category for c in detect(text, extra_phrases)]


# --- The corpora ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [p for p in CORPORA if p.exists()], ids=lambda p: p.name)
def test_the_corpus_is_well_formed(path):
    rows = read(path)
    assert rows and list(rows[0]) == ["label", "category", "writer", "text"]
    for r in rows:
        assert r["label"] in ("alert", "ordinary"), r
        assert r["category"] in CATEGORIES if r["label"] == "alert" else r["category"] == "ordinary", r
        assert r["text"].strip(), r


@pytest.mark.parametrize("path", [p for p in CORPORA if p.exists()], ids=lambda p: p.name)
def test_recall_on_disclosures_is_at_least_98_percent_and_false_alarms_at_most_10(path):
    rows = read(path)
    alerts = [r["text"] for r in rows if r["label"] == "alert"]
    ordinary = [r["text"] for r in rows if r["label"] == "ordinary"]
    missed = [t for t in alerts if not find_concerns(t)]
    alarms = [t for t in ordinary if find_concerns(t)]
    assert len(missed) <= 0.02 * len(alerts), missed
    assert len(alarms) <= 0.10 * len(ordinary), alarms


def test_on_lines_neither_reader_was_built_from_recall_is_at_least_95_percent_and_false_alarms_at_most_10():
    training = {t.casefold() for _, _, t in concern_model.training_lines()}
    rows = read(HELD_OUT)
    # Kept apart: only a few short lines ("not safe", "sos") were also written for training.
    rows_apart = [r for r in rows if r["text"].casefold() not in training]
    assert len(rows) - len(rows_apart) <= 0.05 * len(rows)
    rows = rows_apart
    alerts = [r["text"] for r in rows if r["label"] == "alert"]
    ordinary = [r["text"] for r in rows if r["label"] == "ordinary"]
    assert len(alerts) >= 200 and len(ordinary) >= 150
    missed = [t for t in alerts if not find_concerns(t)]
    alarms = [t for t in ordinary if find_concerns(t)]
    assert len(missed) <= 0.05 * len(alerts), missed
    assert len(alarms) <= 0.10 * len(ordinary), alarms


def test_the_two_readers_decide_together():
    rule = Concern("physical", "hits me", "physical:1")
    custom = Concern("custom", "purple elephant", "custom:purple elephant")
    self_harm = Concern("self_harm", "want to die", "self_harm:1")
    never = lambda: pytest.fail("the model's explanation is only needed when it decides alone")  # noqa: E731
    assert decide([rule], concerns.RULES_NEED, never) == [rule]
    assert decide([rule], concerns.RULES_NEED - 0.01, never) == []  # words used in an ordinary way
    assert decide([self_harm], 0.0, never) == [self_harm]  # talk of suicide always counts
    assert decide([custom], 0.0, never) == [custom]  # administrators' phrases always count
    reading = concern_model.Reading(0.9, "neglect", "we sleep in the car")
    assert decide([], concerns.MODEL_ALONE, lambda: reading) == [Concern("neglect", "we sleep in the car", "model")]
    assert decide([custom], concerns.MODEL_ALONE, lambda: reading)[-1] == custom
    assert decide([], concerns.MODEL_ALONE - 0.01, never) == []


def test_the_model_finds_what_the_rules_have_no_words_for():
    said = "i make my own tea most nights, usually cereal with water, mum sleeps all day"
    assert detect(said) == [] or concern_model.probability(said) >= concerns.MODEL_ALONE
    assert find_concerns(said) and find_concerns(said)[0].category == "neglect"


def test_the_dev_set_has_at_least_150_lines_in_every_category():
    rows = read(concern_model.TRAINING_DIR / "dev.tsv")
    assert len(rows) >= 150
    assert {r["category"] for r in rows} >= set(CATEGORIES) - {"custom"} | {"ordinary"}


# --- Each category, in people's own words ------------------------------------------------------------

SAID = {
    "physical": ["my dad hits me", "got battered by my stepdad", "mums fella leathered me", "he slapped me round the face",
                 "i get smacked really hard and it leaves marks", "hes always hurting me n my sister"],
    "sexual": ["a man on snap keeps asking me for pics", "my bf is 22", "my uncle touches me", "he wants me to send nudes",
               "my step brother made me take my clothes off", "a man i met online wants to meet up"],
    "self_harm": ["i dont see the point of living", "im gonna end it", "everyone would be better off without me",
                  "i wont be here much longer", "i took an overdose", "been saving up tablets", "i want to die"],
    "neglect": ["we have no food in the house", "nobody feeds us", "the electric got cut off", "been sofa surfing",
                "we got evicted", "mum leaves us on our own all night", "i have to sleep on the floor"],
    "domestic_abuse": ["my dad hits my mum", "hes really controlling", "he wont let mum see her friends",
                       "mum and her boyfriend fight every night", "we went to a refuge"],
    "exploitation": ["i owe some older lads money", "ive been running for someone", "they make me carry drugs",
                     "county lines", "i keep going missing", "staying out all night", "i want to run away"],
    "fear": ["scared of my stepdad", "i dont want to go home", "not safe", "i dont feel safe", "im frightened of him",
             "i hide in my room when he gets angry"],
    "threat": ["he said he would hurt me if i told", "he told me to keep it secret", "its our secret",
               "they said snitches get stitches", "he threatened me"],
    "help": ["please help me", "someone come and get me", "can someone ring me", "i need help",
             "i need someone to talk to"],
}


@pytest.mark.parametrize("category, text", [(c, t) for c, ts in SAID.items() for t in ts])
def test_each_category_in_peoples_own_words(category, text):
    assert category in categories(text), (text, find_concerns(text))


def test_the_categories_are_in_order_one_each_with_the_words_as_written():
    assert list(CATEGORIES)[:3] == ["physical", "sexual", "self_harm"] and list(CATEGORIES)[-1] == "custom"
    found = find_concerns("He HIT me. He hit me again!! and I want to Run Away")
    assert found == [Concern("physical", "HIT me", "harm-victim"), Concern("exploitation", "Run Away", "run-away")]
    assert find_concerns("") == [] and find_concerns("   ") == [] and find_concerns("Thank you") == []


@pytest.mark.parametrize("text", [
    "he hits me", "he hit me", "he keeps hitting me", "he hitted me", "i got beaten", "i was beat up", "he battered me",
])
def test_word_forms(text):
    assert "physical" in categories(text)


@pytest.mark.parametrize("text, category", [
    ("im scard of him", "fear"), ("im scarred of my stepdad", "fear"), ("thinking about sucide", "self_harm"),
    ("i self harn", "self_harm"), ("ive been cuting", "self_harm"), ("it hurst when he hits me", "physical"),
    ("my stepdad hurst me", "physical"), ("i want to kil myself", "self_harm"), ("he wacks me", "physical"),
    ("i feel sucidal", "self_harm"), ("hes hittin me", "physical"), ("im gettin beaten", "physical"),
    ("am frytend of ma dad", "fear"), ("mams fella strangld her", "domestic_abuse"), ("he tuched me", "sexual"),
])
def test_misspellings(text, category):
    assert category in categories(text), find_concerns(text)


@pytest.mark.parametrize("text, category", [
    ("u need 2 help me", "help"), ("ur not listening, i wanna die", "self_harm"), ("gonna kms", "self_harm"),
    ("dont wanna go home cos of him", "fear"), ("im scared of him", "fear"), ("hes gonna hurt me if i tell", "threat"),
    ("plz help", "help"), ("my bf is 20", "sexual"), ("i dont feel safe rn", "fear"),
])
def test_text_speak_and_missing_apostrophes(text, category):
    assert category in categories(text), find_concerns(text)


def test_misspellings_are_only_corrected_to_the_detectors_own_words():
    assert concerns.correct("sucide") == "suicide" and concerns.correct("cuting") in ("cutting", "cuting")
    for word in ["drums", "taped", "explained", "skill", "hurts", "lovely"]:  # English words stay as they are
        assert concerns.correct(word) == word
    assert categories("i play the drums") == [] and categories("we taped the posters") == []
    assert concerns.correct("frytend") == "frightened"  # spelt as it sounds (Metaphone)


def test_words_apart_in_one_sentence_match_but_not_across_sentences():
    assert "physical" in categories("he punches walls and then punches me")
    assert "physical" in categories("my stepdad gets drunk and hits")
    assert categories("My dad hits the gym. I miss him") == []


@pytest.mark.parametrize("text, category", [
    ("not safe", "fear"), ("i dont feel safe at home", "fear"), ("I do not feel safe", "fear"),
    ("nobody feeds us", "neglect"), ("there is no food", "neglect"), ("i dont want to live anymore", "self_harm"),
    ("i dont want to go home", "fear"), ("he told me not to tell anyone", "threat"), ("nobody hits me", "physical"),
])
def test_negation_never_silences_a_concern(text, category):
    assert category in categories(text), find_concerns(text)


@pytest.mark.parametrize("text", [
    "my worker never listens", "the meeting was too long", "I nearly died laughing", "I feel safe with my carers",
    "I miss my mum", "my brother hits the ball miles", "I want to go home to my mum", "I keep in touch with my old carers",
    "my team got battered 6-0", "my brother beat me at fifa", "my worker helps me loads", "need help with my CV",
    "I am scared of spiders", "my mum will kill me if i fail my exams", "i got kicked out of the group chat",
    "I dont like the food here", "I play the drums", "Domestic abuse training was useful",
])
def test_ordinary_feedback_does_not_alert(text):
    assert find_concerns(text) == []


# --- Exclusions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(concerns.EXCLUSIONS) + [concerns.PAST_AND_RESOLVED])
def test_each_exclusion_loses_no_disclosure_of_the_corpora(name):
    """An exclusion may only silence ordinary lines: every alert line found without it is
    still found with it, and in its own category if that was found without it."""
    everything_else = [n for n in list(concerns.EXCLUSIONS) + [concerns.PAST_AND_RESOLVED] if n != name]
    for source, r in lines("alert"):
        without = {c.category for c in detect(r["text"], exclusions=everything_else)}
        with_it = {c.category for c in detect(r["text"])}
        assert with_it or not without, (source, name, r["text"])
        assert r["category"] in with_it or r["category"] not in without, (source, name, r["text"])


def test_each_exclusion_does_some_good():
    """Every exclusion silences at least one ordinary line of the corpora or of the tests above."""
    texts = [r["text"] for _, r in lines("ordinary")] + test_ordinary_feedback_does_not_alert.pytestmark[0].args[1]
    texts += ["my sister hits me with her teddy", "i got a bruise falling off my scooter", "thanks for helping me",
              "please can you stop texting me", "I had a panic attack and my mum helped", "it's a secret santa",
              "my sister wont leave me alone", "my mates knock for me", "my worker pushes me to do better",
              "we beat them 3-0", "I was bored to death", "dying to see my nan", "we touch base weekly",
              "my worker deals with my case", "no biscuits at the meeting", "they scared me at the meeting",
              "its a secret, we got mum a birthday present", "I wanted to die of embarrassment at my review",
              "my old worker keeps in touch with me", "my worker touches base with me weekly", "someone at school helped me",
              "im scared of the dark at night", "the sexual health nurse was great",
              "we volunteer at the food bank on saturdays", "my brother hit me accidentally",
              "my sister accidentally hit me",
              "i was a bit worried", "i dont eat my vegetables", "the suicide prevention training was really useful",
              "we did a sponsored walk for homeless people", "at school we raised money to help the homeless",
              "we watched a film about drugs at school", "the assembly was about knife crime", "we had a talk about grooming",
              "no one hits me or anything", "my daughter missed her bus so was missing school", "the police came into school",
              "the MARAC coordinator post is filled",
              "we had a lesson about self harm", "the sex education lessons were good",
              "training on child sexual exploitation was useful", "the talk on suicide was sad",
              "i want to disappear into my room and play xbox", "we always have to start from scratch"]
    everything = list(concerns.EXCLUSIONS) + [concerns.PAST_AND_RESOLVED]
    for name in everything:
        others = [n for n in everything if n != name]
        assert any(detect(t, exclusions=others) and not detect(t) for t in texts), name


@pytest.mark.parametrize("text", [
    "I used to self harm but I'm doing much better now", "we had no heating last winter but it's all fixed now",
])
def test_a_worry_said_to_be_past_and_over_does_not_alert(text):
    assert find_concerns(text) == []


@pytest.mark.parametrize("text", [
    "I used to self harm but I started again", "i used to be happy but now i want to die",
    "we had no heating last winter but it's fixed, but now he hits me", "I used to be ok but im not ok now",
    "last year i was homeless and im still sofa surfing", "i used to cut but i'm ok now, sometimes i still want to",
])
def test_a_worry_that_goes_on_still_alerts(text):
    assert detect(text), text


# --- Administrators' phrases ------------------------------------------------------------------


def test_administrators_phrases_give_the_custom_category():
    assert detect("A purple ELEPHANT was here", ["purple elephant"]) == [
        Concern("custom", "purple ELEPHANT", "custom:purple elephant"),
    ]
    assert categories("he said he likes my purplish top", ["purpl*"]) == ["custom"]
    assert categories("I want to learn a new skill", ["kill"]) == []
    assert categories("Go-karts are fun", ["go kart*"]) == ["custom"]
    assert categories("I am not safe here", ["lonely"]) == ["fear"]
    assert categories("I am not safe and lonely", ["lonely", "  "]) == ["fear", "custom"]


# --- The lexicon and speed -------------------------------------------------------------------------


def test_every_rule_and_exclusion_compiles_and_names_a_category():
    assert len(concerns.RULES) == len(concern_rules.RULES)
    assert {r.category for r in concerns.RULES} == set(CATEGORIES) - {"custom"}
    ids = [(c, i) for c, i, _ in concern_rules.RULES]
    assert len(ids) == len(set(ids))
    with pytest.raises(ValueError):
        concerns.compile_pattern("NOT_A_CONCEPT ~2 me")
