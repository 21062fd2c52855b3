"""Rules of feedback questionnaires. Plain values in, plain values out: no Flask, no database.

A questionnaire (see `app.feedback.questionnaires`) has statements answered on one scale:

| scale   | answers (key: words shown)                                                         |
|---------|------------------------------------------------------------------------------------|
| `faces` | `happy`: Yes, mostly · `middle`: Sometimes · `sad`: No, not really                  |
| `agree` | `strongly_agree` · `agree` · `neither` · `disagree` · `strongly_disagree` · `dont_know` |

Children's questionnaires use faces; the others choose. A respondent's answers are a
mapping of statement key to answer key (the words, in any case, are accepted too).

- **Positive answers** (`is_positive`): those the statement lists in `positive`; by default
  the happy face, or agree and strongly agree. A measure's value is the share of positive
  answers among the answers counted (`percent_positive`). Not counted, so left out of the
  denominator: a blank answer, "don't know", and anything that is not on the scale.
- **Uncertainty** (`wilson_interval`): the Wilson score interval of a share, which stays
  inside 0..1 and behaves for small numbers and for 0% or 100%.
- **Reading level** (`check_reading_level`): Flesch-Kincaid grade from words per sentence
  and syllables per word (syllables counted by a spelling heuristic), reading age = grade + 5.
  Limits per audience are in `READING_AGE_LIMITS`; going over is a warning, not an error.
- **Safety signals** (`safety_signals`): an answer a statement's `safety_signal` lists, or
  concern in free text. Free text is read by the concern detector (`app.feedback.concerns`:
  words normalised, stemmed and matched by category rules: physical harm, sexual harm,
  self-harm, neglect, domestic abuse, exploitation, fear, threats, asking for help), which is
  always on; administrators' own phrases add to it (case-insensitive, whole words only, `*`
  at the end of a word matches any ending: "suicid*") and give the category "custom".
- **Response rates** (`response_rate`, `meets_target`): responses over invitations; the
  scrutiny board's target is 25%.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from app.feedback.concerns import find_concerns



class Statement(Protocol):
    """What the rules read of a statement (`questionnaires.Statement` has it)."""

    key: str
    text: str
    scale: str
    measure: str | None
    positive: tuple[str, ...]
    safety_answers: tuple[str, ...]


class Questionnaire(Protocol):
    """What the rules read of a questionnaire (`questionnaires.Questionnaire` has it), so
    that the rules need not import the module that reads questionnaire files."""

    audience: str
    intro: str
    statements: Any
    free_text: Any

# --- Audiences, statuses, measure keys ----------------------------------------------------

CHILDREN = "children"
YOUNG_PEOPLE = "young_people"
PARENTS_CARERS = "parents_carers"
PRACTITIONERS = "practitioners"
AUDIENCES = {
    CHILDREN: "Children (about 8 to 12)",
    YOUNG_PEOPLE: "Young people (13 and over)",
    PARENTS_CARERS: "Parents and carers",
    PRACTITIONERS: "Practitioners",
}

DRAFT = "draft"
PUBLISHED = "published"
RETIRED = "retired"
STATUSES = {DRAFT: "Draft", PUBLISHED: "Published", RETIRED: "Retired"}

# A feedback measure of a plan in the register: r<recommendation>-fm<number>, e.g. r1-fm3
# (p for the partnership's business plan).
MEASURE_KEY_PATTERN = re.compile(r"^[a-z]+[0-9]+-fm[0-9]+$")

# --- Scales -------------------------------------------------------------------------------

FACES = "faces"
AGREE_SCALE = "agree"

HAPPY = "happy"
MIDDLE = "middle"
SAD = "sad"

STRONGLY_AGREE = "strongly_agree"
AGREE = "agree"
NEITHER = "neither"
DISAGREE = "disagree"
STRONGLY_DISAGREE = "strongly_disagree"
DONT_KNOW = "dont_know"


@dataclass(frozen=True)
class Scale:
    key: str
    label: str
    answers: dict[str, str]  # answer key -> the words shown, in the order shown
    positive: tuple[str, ...]  # the default positive answers
    not_counted: tuple[str, ...] = ()  # answers left out of the denominator
    faces: dict[str, str] | None = None  # answer key -> the face (its text alternative)

    def label_of(self, answer: str) -> str:
        return self.answers[answer]


SCALES = {
    FACES: Scale(
        key=FACES,
        label="Faces (three faces with words)",
        answers={HAPPY: "Yes, mostly", MIDDLE: "Sometimes", SAD: "No, not really"},
        positive=(HAPPY,),
        faces={HAPPY: "Happy face", MIDDLE: "In-between face", SAD: "Sad face"},
    ),
    AGREE_SCALE: Scale(
        key=AGREE_SCALE,
        label="Agree or disagree (five points and don't know)",
        answers={
            STRONGLY_AGREE: "Strongly agree",
            AGREE: "Agree",
            NEITHER: "Neither agree nor disagree",
            DISAGREE: "Disagree",
            STRONGLY_DISAGREE: "Strongly disagree",
            DONT_KNOW: "Don't know",
        },
        positive=(STRONGLY_AGREE, AGREE),
        not_counted=(DONT_KNOW,),
    ),
}


def _fold(value: str) -> str:
    """Lower case, straight apostrophes, single spaces: for comparing words people type."""
    value = unicodedata.normalize("NFKC", value).replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return " ".join(value.casefold().replace("_", " ").split())


def answer_key(scale: str, value: Any) -> str | None:
    """The answer key for a key or the words of an answer on `scale`; None for a blank.

    Raises ValueError for an answer that is not on the scale.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    answers = SCALES[scale].answers
    if value in answers:
        return value
    if isinstance(value, str):
        folded = _fold(value)
        for key, words in answers.items():
            if folded in (_fold(key), _fold(words)):
                return key
    raise ValueError(f"{value!r} is not an answer on the {scale} scale ({', '.join(answers)})")



def answered(statements, answers):
    """(statement, answer key) for each statement answered on its scale; a missing or
    unreadable answer is left out."""
    for statement in statements:
        try:
            key = answer_key(statement.scale, answers.get(statement.key))
        except ValueError:
            continue
        if key is not None:
            yield statement, key


def is_positive(statement: Statement, answer: Any) -> bool | None:
    """Whether `answer` to `statement` counts as positive.

    True: one of the statement's positive answers (by default the happy face, or agree
    and strongly agree). False: any other answer on the scale. None: not counted, and so
    left out of the denominator of the share: a blank answer, "don't know", or an answer
    that is not on the statement's scale.
    """
    try:
        key = answer_key(statement.scale, answer)
    except ValueError:
        return None
    if key is None or key in SCALES[statement.scale].not_counted:
        return None
    return key in statement.positive


class Share(NamedTuple):
    positive: int
    counted: int
    share: float | None  # positive / counted; None when nothing was counted


def percent_positive(answers: Iterable[Any]) -> Share:
    """(positive, counted, share) of a set of answers.

    Each item is either what `is_positive` returned (True, False or None) or a pair
    (statement, answer). None (blank, "don't know", not on the scale) is not counted.
    The share is positive / counted, or None when nothing was counted.
    """
    positive = counted = 0
    for item in answers:
        outcome = is_positive(*item) if isinstance(item, tuple) else item
        if outcome is None:
            continue
        counted += 1
        positive += bool(outcome)
    return Share(positive, counted, positive / counted if counted else None)


def measure_tallies(questionnaire: Questionnaire, responses: Iterable[Mapping[str, Any]]) -> dict[str, Share]:
    """Per feedback measure, the share of positive answers over `responses` (each a mapping
    of statement key to answer). Every answer counts once, so a measure asked by two
    statements counts two answers per respondent. Statements without a measure (safety
    only) are left out; measures are in order of first mention."""
    outcomes: dict[str, list[bool | None]] = {s.measure: [] for s in questionnaire.statements if s.measure}
    for response in responses:
        for statement in questionnaire.statements:
            if statement.measure:
                outcomes[statement.measure].append(is_positive(statement, response.get(statement.key)))
    return {measure: percent_positive(values) for measure, values in outcomes.items()}


def wilson_interval(positive: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """The Wilson score interval for `positive` out of `n` (95% with the default z).

        centre = (p + z²/2n) / (1 + z²/n)
        margin = z * sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)

    e.g. 8 of 10 gives (0.490, 0.943). None when n is 0: nothing was counted, so there is
    no share to be uncertain about.
    """
    if n < 0 or positive < 0 or positive > n:
        raise ValueError(f"{positive} positive out of {n} is not possible")
    if n == 0:
        return None
    p = positive / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - margin), min(1.0, centre + margin)



def clustered_interval(positive: float, n: float, respondents: int, sum_yy: float, sum_ym: float,
                       sum_mm: float, z: float = 1.96) -> tuple[float, float] | None:
    """The 95% interval of a measure's share positive when one person gives several of its
    answers (a measure pools statements): answers from the same person are alike, so they
    are not independent and the plain Wilson interval over answers is too narrow.

    The rule (a design effect, worked out at respondent level): respondent i gives m_i
    counted answers, y_i of them positive; n = sum m_i answers from k respondents, share
    p = sum y_i / n (the share of answers, as the headline figure).

        cluster-robust variance of p:  v = k/(k-1) * sum (y_i - p m_i)^2 / n^2
        design effect:                 deff = v / (p(1-p)/n), kept between 1 and n/k
        effective number of answers:   n_eff = n / deff
        interval:                      Wilson's, with p and n_eff

    So the interval is never narrower than if every answer were independent (deff 1) nor
    wider than if each person counted once (n_eff = k, the number of people). With one
    respondent, or every answer alike (p of 0 or 1, no spread to measure), n_eff = k.
    Takes the sums (sum y_i, sum m_i, k, sum y_i^2, sum y_i m_i, sum m_i^2) so tallies stay
    sums. None when nothing was counted. With one answer per person it is Wilson's interval.
    """
    if n <= 0 or respondents <= 0:
        return None
    p = positive / n
    if respondents == 1 or p <= 0 or p >= 1:
        deff = n / respondents
    else:
        spread = sum_yy - 2 * p * sum_ym + p * p * sum_mm  # sum (y_i - p m_i)^2
        v = respondents / (respondents - 1) * spread / (n * n)
        deff = min(max(v / (p * (1 - p) / n), 1.0), n / respondents)
    return wilson_share_interval(p, n / deff, z)


def wilson_share_interval(p: float, n: float, z: float = 1.96) -> tuple[float, float]:
    """Wilson's interval for a share p over n (n need not be whole: an effective size)."""
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    margin = z * math.sqrt(max(p * (1 - p), 0.0) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - margin), min(1.0, centre + margin)


# --- Who a measure counts ---------------------------------------------------------------------

# Groups of people within an audience that a measure's words can name. A questionnaire
# does not ask who is answering, so the group is known from where the answers came from:
# a questionnaire given only to that group, or a team that works only with it (the team
# whose worker handed out the link, by its service area in app.org.models.SERVICE_AREAS).
CHILDREN_IN_CARE = "children_in_care"
SOCIAL_WORKERS = "social_workers"
NAMED_GROUPS = {
    CHILDREN_IN_CARE: "children in care (looked after)",
    SOCIAL_WORKERS: "social workers",
}
_GROUP_WORDS = (
    (CHILDREN_IN_CARE, re.compile(r"\b(in care|looked after|cla|cic)\b", re.I)),
    (SOCIAL_WORKERS, re.compile(r"\bsocial workers?\b", re.I)),
)
_GROUP_QUESTIONNAIRES = {CHILDREN_IN_CARE: {"children_in_care"}, SOCIAL_WORKERS: set()}
_GROUP_SERVICE_AREAS = {
    CHILDREN_IN_CARE: {"cla"},  # children looked after teams; not care leavers' personal advisers
    # Children's social work teams; not early help (family support workers) or care leavers
    # (personal advisers); partner agencies' staff answer through the partnership, with no team.
    SOCIAL_WORKERS: {"safeguarding", "cla", "cwd", "hub"},
}


def named_group(measure_text: str | None) -> str | None:
    """The group of people a feedback measure's words name, if narrower than an audience:
    "Children who are in care will say..." -> children in care; "Social workers will
    say..." -> social workers. The plan's words are the definition, so an edit to them
    moves the measure with it. None when the words name no such group."""
    for group, words in _GROUP_WORDS:
        if measure_text and words.search(measure_text):
            return group
    return None


def counts_towards(group: str | None, audiences, audience: str, questionnaire_key: str,
                   team_service_area: str | None) -> bool:
    """Whether a response's answers count towards a measure that names `audiences` (its
    respondent groups; empty means any) and, within them, `group` (`named_group`).

    - The audience must be one the measure names: parents' answers never count towards a
      children's measure.
    - A named group counts only answers known to come from it: a questionnaire given only
      to that group, or a link handed out by a team that works only with it. So a care
      leaver's answers to a questionnaire shared by young people in care and care leavers
      count towards "children in care will say..." only when their link came from a
      children looked after team; a practitioner's answers count towards "social workers
      will say..." only when recorded against a children's social work team, so partner
      agencies' staff are left out. (The practitioner survey asks no role yet.)"""
    if audiences and audience not in audiences:
        return False
    if group is None:
        return True
    return questionnaire_key in _GROUP_QUESTIONNAIRES.get(group, ()) or (
        team_service_area in _GROUP_SERVICE_AREAS.get(group, ()))

# --- Reading level ------------------------------------------------------------------------

# The highest estimated reading age (years) that passes without a warning, per audience.
#   children 9: the youngest are about 8, and some read below their age;
#   young people 12: 13 and over, many with interrupted schooling or additional needs;
#   parents and carers 12: the public, some with low literacy, reading on a phone (plain
#     English guidance aims at a reading age of 9 to 12 for the public);
#   practitioners 14: professionals, but busy and on a phone; the words of the job
#     (safeguarding, exploitation) are long, and FK counts syllables.
READING_AGE_LIMITS = {CHILDREN: 9, YOUNG_PEOPLE: 12, PARENTS_CARERS: 12, PRACTITIONERS: 14}
READING_AGE_OFFSET = 5  # reading age = US school grade + 5 (grade 1 is about age 6)

# Words the spelling heuristic gets wrong, with their syllables.
_SYLLABLE_EXCEPTIONS = {
    "area": 3, "being": 2, "business": 2, "create": 2, "created": 3, "creature": 2, "every": 2,
    "everybody": 4, "idea": 3, "ideas": 3, "science": 2, "quiet": 2, "diet": 2, "video": 3,
    "poem": 2, "lion": 2, "real": 1, "really": 2, "naive": 2, "maybe": 2, "ok": 2, "okay": 2, "wednesday": 2,
}
_COMPOUND_STARTS = ("some", "every", "any")
_COMPOUND_ENDS = ("one", "body", "thing", "things", "where", "time", "times", "how", "way", "what")
_SUFFIXES = {"ly": 1, "less": 1, "ful": 1, "ment": 1, "ness": 1, "ship": 1}
_VOWELS = "aeiouy"


def count_syllables(word: str) -> int:
    """An estimate of the syllables in an English word, by its spelling.

    Groups of vowels (a e i o u y) count one each; a silent final e, -es and -ed do not
    (except "-le" after a consonant, and "-ted", "-ded", "-ces", "-ges" ...); some vowel
    pairs are two (Austral-i-an, vi-o-lence, actu-al); -ing after a vowel adds one (go-ing);
    -ly, -less, -ful, -ment, -ness, -ship and some-, every-, any- are counted on their own;
    n't after a consonant adds one (did-n't). Numbers count one. At least 1.
    """
    word = _fold(word).replace("'s", "").strip("'")
    if not word:
        return 0
    if any(c.isdigit() for c in word):
        return 1
    if word.endswith("n't"):
        stem = word[:-3]
        if stem and stem[-1] not in _VOWELS:
            return count_syllables(stem) + 1
        return count_syllables(stem + "n")
    word = word.replace("'", "")
    if word in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[word]
    for start in _COMPOUND_STARTS:
        if word.startswith(start) and word[len(start):] in _COMPOUND_ENDS:
            return count_syllables(start) + count_syllables(word[len(start):])
    for suffix, extra in _SUFFIXES.items():
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2 and any(c in _VOWELS for c in stem):
            return count_syllables(stem) + extra
    return _count_by_spelling(word)


def _count_by_spelling(word: str) -> int:
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    # Vowel pairs said as two: i-a (but -cial, -tial, -sia, -gia), i-o (but -ion, -cious,
    # -tious, -sion, -gious, -xious), u-a (but qua-, gua-), i-e before nt/nc (but -cient,
    # -tient), and -ier, -iest after a consonant.
    count += len(re.findall(r"(?<![ctsg])ia", word))
    count += len(re.findall(r"(?<![ctsxg])io(?!n)", word))
    count += len(re.findall(r"(?<![qg])ua", word))
    count += len(re.findall(r"(?<![ct])ien[tc]", word))
    count += len(re.findall(r"(?<![aeiouy])ie(?:r|st)$", word))  # happi-er, easi-est
    if word.endswith("ing") and len(word) > 4 and word[-4] in "aeiouy":
        count += 1  # go-ing, see-ing, play-ing
    if len(word) > 2 and count > 1:
        if word.endswith("e") and word[-2] not in _VOWELS and not (word.endswith("le") and word[-3] not in _VOWELS):
            count -= 1  # make, where, whole (but table, little)
        elif word.endswith("es") and word[-3] not in _VOWELS and not re.search(r"(?:[sxzcg]|ch|sh)es$", word):
            count -= 1  # makes, lives (but houses, places, changes, teaches)
        elif word.endswith("ed") and word[-3] not in _VOWELS and word[-3] not in "td":
            count -= 1  # listened, moved (but wanted, needed, agreed)
    return max(1, count)


class TextStatistics(NamedTuple):
    sentences: int
    words: int
    syllables: int


_WORD = re.compile(r"\d+(?:[.,:]\d+)*|[^\W_]+(?:'[^\W_]+)*")  # 2.50 is one word


def _sentences(text: str) -> list[str]:
    """Sentences end at . ! or ? (not inside a number), at a blank line, or at a list item."""
    text = _fold_apostrophes(text)
    pieces = []
    for paragraph in re.split(r"\n\s*\n|\n\s*(?=[-*\u2022]\s)", text):
        pieces += re.split(r"(?<!\d)[.!?]+|[.!?]+(?!\d)", paragraph)
    return [p for p in pieces if _WORD.search(p)]


def _fold_apostrophes(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def text_statistics(text: str) -> TextStatistics:
    sentences = _sentences(text or "")
    words = [w for s in sentences for w in _WORD.findall(s)]
    return TextStatistics(len(sentences), len(words), sum(count_syllables(w) for w in words))


def flesch_kincaid_grade(text: str) -> float | None:
    """Flesch-Kincaid grade level: 0.39 * words/sentence + 11.8 * syllables/word - 15.59.
    None for text without words."""
    stats = text_statistics(text)
    if not stats.words:
        return None
    return 0.39 * stats.words / stats.sentences + 11.8 * stats.syllables / stats.words - 15.59


def flesch_reading_ease(text: str) -> float | None:
    """Flesch reading ease: 206.835 - 1.015 * words/sentence - 84.6 * syllables/word
    (higher is easier; 90-100 very easy, 60-70 plain English, below 30 very hard).
    None for text without words."""
    stats = text_statistics(text)
    if not stats.words:
        return None
    return 206.835 - 1.015 * stats.words / stats.sentences - 84.6 * stats.syllables / stats.words


def reading_age(text: str) -> float | None:
    """An estimated reading age in years: the Flesch-Kincaid grade + 5. None for no words."""
    grade = flesch_kincaid_grade(text)
    return None if grade is None else grade + READING_AGE_OFFSET


@dataclass(frozen=True)
class ReadingLevelWarning:
    place: str  # where in the questionnaire: "intro", "statements[2]", "free_text[0]"
    key: str  # the statement's or free-text question's key; "intro" for the intro
    reading_age: float
    limit: int
    text: str

    @property
    def message(self) -> str:
        return (
            f"{self.place} ({self.key}): reading age about {self.reading_age:.1f},"
            f" above {self.limit} for this audience; use shorter words and sentences"
        )

    def __str__(self) -> str:
        return self.message


def check_reading_level(questionnaire: Questionnaire, limit: int | None = None) -> list[ReadingLevelWarning]:
    """Warnings for the intro, statements and free-text questions whose estimated reading
    age is above the audience's limit (`READING_AGE_LIMITS`, or `limit`). Warnings, not
    errors: the estimate is rough for a single short sentence, and a person should judge.
    English only (it counts English syllables): see app.feedback.translations.reading_level."""
    limit = READING_AGE_LIMITS[questionnaire.audience] if limit is None else limit
    parts = [("intro", "intro", questionnaire.intro)]
    parts += [(f"statements[{i}]", s.key, s.text) for i, s in enumerate(questionnaire.statements)]
    parts += [(f"free_text[{i}]", f.key, f.text) for i, f in enumerate(questionnaire.free_text)]
    warnings = []
    for place, key, text in parts:
        age = reading_age(text)
        if age is not None and age > limit:
            warnings.append(ReadingLevelWarning(place, key, round(age, 1), limit, text))
    return warnings


# --- Safety signals -----------------------------------------------------------------------

# Administrators' phrases to start from: none. The concern detector (app.feedback.concerns)
# is always on and reads far more than a list could; administrators' phrases add to it.
DEFAULT_CONCERN_WORDS: tuple[str, ...] = ()

ANSWER = "answer"
FREE_TEXT = "free_text"


@dataclass(frozen=True)
class Signal:
    """A reason to alert a person: a statement's answer, or concern words in free text."""

    kind: str  # ANSWER or FREE_TEXT
    key: str  # the statement's or free-text question's key
    answer: str | None = None  # for ANSWER: the answer key given
    words: tuple[str, ...] = ()  # for FREE_TEXT: the respondent's words that raised it, one per category
    categories: tuple[str, ...] = ()  # for FREE_TEXT: the categories of concern (concerns.CATEGORIES keys)


def safety_signals(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    free_text: Mapping[str, str] | None = None,
    concern_words: Iterable[str] = DEFAULT_CONCERN_WORDS,
    language: str | None = None,
) -> list[Signal]:
    """The safety signals in one response, statements first, in questionnaire order.

    - A statement with a `safety_signal` answered with one of its answers gives a signal
      with the statement key and the answer key given.
    - Each free-text answer in which the concern detector finds concern (or one of the
      administrators' `concern_words` is found) gives one signal with its key, the
      categories found and, for each, the respondent's own words that raised it. Every
      free-text answer given is checked, even one whose key the questionnaire does not
      know (better an extra alert than a missed one).

    - The concern detector reads English only. Free text written in any other language
      (`language` not English or Easy Read) that it finds nothing in gives a signal of the
      category OTHER_LANGUAGE, so that the alert puts it in front of a person who reads it
      (with a translator if need be) and closes the alert saying what it said.

    Only what the respondent gave is returned: unanswered statements, blank text and answers
    that are not on the scale give nothing, and no text is added or quoted.
    """
    signals = []
    for statement in questionnaire.statements:
        if not statement.safety_answers:
            continue
        try:
            key = answer_key(statement.scale, answers.get(statement.key))
        except ValueError:
            continue
        if key is not None and key in statement.safety_answers:
            signals.append(Signal(ANSWER, statement.key, answer=key))
    free_text = free_text or {}
    known = [f.key for f in questionnaire.free_text]
    words = list(concern_words)
    for key in known + [k for k in free_text if k not in known]:
        text = free_text.get(key)
        found = find_concerns(text, extra_phrases=words) if isinstance(text, str) else []
        if found:
            signals.append(Signal(
                FREE_TEXT, key, words=tuple(c.evidence for c in found), categories=tuple(c.category for c in found),
            ))
        elif isinstance(text, str) and text.strip() and (language or "en") not in READ_AS_ENGLISH:
            signals.append(Signal(FREE_TEXT, key, categories=(OTHER_LANGUAGE,)))
    return signals


# Free text the concern detector cannot read: in another language than English (Easy Read is English).
OTHER_LANGUAGE = "other_language"
OTHER_LANGUAGE_WORDS = ("Written in another language: the automatic check reads only English, so a person must"
                        " read it (with a translator if needed) and close the alert saying what it says")
READ_AS_ENGLISH = ("en", "easy-read")


# --- Response rates -----------------------------------------------------------------------

RESPONSE_RATE_TARGET = 0.25  # the scrutiny board's target for survey response rates


def response_rate(responses: int, invites: int) -> float | None:
    """Responses over invitations; None when nobody was invited. Not capped at 1: a link
    shared further can bring more responses than invitations."""
    if responses < 0 or invites < 0:
        raise ValueError("responses and invitations cannot be negative")
    return responses / invites if invites else None


def meets_target(rate: float | None, target: float = RESPONSE_RATE_TARGET) -> bool | None:
    """Whether a response rate reaches the target (25% by default, compared to 9 decimal
    places so that 0.25 computed as 0.2499999999 still meets it); None for no rate."""
    return None if rate is None else rate >= target - 1e-9
