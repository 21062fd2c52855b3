"""Concern in free text: does what a respondent wrote suggest a child may be at risk?

Children, young people, parents and practitioners write in their own words, often on a
phone, in a hurry, without capitals or apostrophes, in text-speak and local slang. A
fixed list of phrases misses most of what they write, so the detector reads the text in
four steps:

1. **Normalise.** Each word is lower-cased and loses its apostrophes ("don't" -> "dont",
   "Mam's" -> "mams"). Text-speak and common slips are written out ("u" -> "you",
   "wanna" -> "want to", "cos" -> "because", "kms" -> "kill myself"); two words that make
   one key term are joined ("step dad" -> "stepdad", "my self" -> "myself"). A word that is
   not in the detector's vocabulary and is not an English word is compared with the
   detector's own key terms (Damerau-Levenshtein, rapidfuzz's OSA distance): one slip is
   forgiven in a word of 5 letters or more, two in 8 or more ("sucide", "cuting",
   "scard"); failing that, a word spelt as it sounds is matched by its Metaphone key
   (jellyfish) to a key term that sounds the same ("frytend", "strangld"). Nothing else is
   corrected, so "drums" never becomes "drugs".
2. **Tokens and sentences.** The text is cut into sentences at . ! ? ; and blank lines.
   Every token remembers where it came from, so the evidence shown to staff is the
   respondent's own words, exactly as written.
3. **Stems.** Each word is reduced to its stem with the Snowball English stemmer, so "hit",
   "hits", "hitting" and "hitted" are one word to the rules. A stem or word puts the token
   in concept groups of the lexicon (`concern_lexicon`): HARM, VICTIM, FEAR, PILLS...
4. **Category rules.** A rule is a short sequence of concepts or words, each allowed to
   be a few tokens after the one before ("HARM ~3 VICTIM": a harm word, then within three
   tokens a person harmed; "he punches walls and then punches me"). Rules never cross a
   sentence, and gaps never cross "but". The first rule that matches in a category gives
   that category's concern; categories come out in `CATEGORIES` order. The rules are in
   `concern_rules`.

Negation never silences a concern: there is no "not" filter at all. Some rules need a
negative ("not safe", "nobody feeds us", "dont want to go home"). A few **exclusion**
rules take words out of play before the category rules run ("hits *the ball*", "kicked
out *of the group chat*", "died laughing"), and one reads the whole text: a worry the
respondent says is past and over ("I used to self harm but I'm doing much better now")
raises nothing, unless anything says it goes on ("again", "still", "sometimes"...) or
what follows the turn raises a concern of its own. Each is tested not to lose any
disclosure of the corpora. Administrators' own phrases (`extra_phrases`) are matched as
before (see `concern_phrases.concern_pattern`) and give the category "custom".

Plain functions: no Flask, no database, no network, nothing loaded at run time but the
lexicon (compiled once, at import), so it can run inside every questionnaire submission:
a few hundred microseconds for a comment, a few milliseconds for 2,000 characters
(`bench/concern_recall.py` measures it).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
import snowballstemmer
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import extractOne

from app.feedback import concern_lexicon as lex
from app.feedback import concern_exclusions, concern_rules
from app.feedback.concern_phrases import concern_pattern
from app.feedback.concern_near_words import NEAR_WORDS

CATEGORIES = {
    "physical": "Physical harm",
    "sexual": "Sexual harm or grooming",
    "self_harm": "Self-harm or suicide",
    "neglect": "Neglect (food, warmth, a place to sleep)",
    "domestic_abuse": "Domestic abuse",
    "exploitation": "Exploitation or going missing",
    "fear": "Fear of a person or of going home",
    "threat": "Threats or being told to keep secrets",
    "help": "Asking for help",
    "custom": "A phrase added by administrators",
}


@dataclass(frozen=True)
class Concern:
    category: str  # a CATEGORIES key
    evidence: str  # the words that matched, exactly as the person wrote them
    rule: str  # the id of the rule that matched (for tests and the bench)


# --- Words -----------------------------------------------------------------------------------

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def _concept_maps() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """word -> concepts (entries written "=word": that exact word only) and stem -> concepts
    (the others: any form of the word)."""
    by_word: dict[str, set[str]] = {}
    by_stem: dict[str, set[str]] = {}
    for name, words in lex.CONCEPTS.items():
        for entry in words.split():
            if entry.startswith("="):
                by_word.setdefault(entry[1:], set()).add(name)
            else:
                by_stem.setdefault(stem(entry), set()).add(name)
    return ({w: frozenset(c) for w, c in by_word.items()}, {s: frozenset(c) for s, c in by_stem.items()})


_WORD_CONCEPTS, _STEM_CONCEPTS = _concept_maps()


def _key_terms() -> tuple[str, ...]:
    """The words a misspelling may be corrected to: the lexicon's words of 5 letters or
    more (but not its everyday ones: "there", "never", "people"), with their usual endings
    (the stemmer then brings them back together), and the words the rules name."""
    terms: set[str] = set()
    for name, words in lex.CONCEPTS.items():
        if name in lex.NOT_CORRECTED_TO:
            continue
        for entry in words.split():
            word = entry.lstrip("=")
            terms.add(word)
            if not entry.startswith("="):
                terms.update(_inflections(word))
    for _, _, source in concern_rules.RULES:
        for part in source.replace("~", " ~").split():
            for alt in part.lstrip("*").split("|"):
                if alt.islower() and alt.lstrip("=").isalpha():
                    terms.add(alt.lstrip("="))
    return tuple(sorted(t for t in terms if len(t) >= 5))


def _inflections(word: str) -> set[str]:
    forms = {word + "s", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", word):  # hit -> hitting, stab -> stabbed
        forms |= {word + word[-1] + "ing", word + word[-1] + "ed"}
    return forms


KEY_TERMS = _key_terms()
_KNOWN = set(KEY_TERMS) | set(_WORD_CONCEPTS) | set(lex.TEXT_SPEAK)


def _sounds() -> dict[str, list[str]]:
    """Metaphone key -> the key terms with it ("FRTNT": ["fortnite", "frightened"])."""
    sounds: dict[str, list[str]] = {}
    for term in KEY_TERMS:
        sounds.setdefault(jellyfish.metaphone(term), []).append(term)
    return sounds


_SOUNDS = _sounds()


def sounds_like(word: str) -> str | None:
    """The key term that `word` sounds like (same Metaphone key, same first letter, length
    within 3; of several, the closest in spelling): "frytend" -> "frightened"."""
    terms = [t for t in _SOUNDS.get(jellyfish.metaphone(word), ()) if t[0] == word[0] and abs(len(t) - len(word)) <= 3]
    if not terms:
        return None
    term = min(terms, key=lambda t: (Levenshtein.distance(word, t), t))
    return term if stem(term) != stem(word) else None


def _max_slips(word: str) -> int:
    return 2 if len(word) >= 8 else 1 if len(word) >= 5 else 0


@lru_cache(maxsize=50_000)
def correct(word: str) -> str:
    """`word`, or the key term it is a slip for. Only words that are neither the detector's
    own nor English words are corrected, and only to a key term ("sucide" -> "suicide")."""
    slips = _max_slips(word)
    if not slips or word in _KNOWN or word in NEAR_WORDS or stem(word) in _STEM_CONCEPTS or not word.isalpha():
        return word
    found = extractOne(word, KEY_TERMS, scorer=OSA.distance, score_cutoff=slips)
    if found and stem(found[0]) != stem(word):
        return found[0]
    return sounds_like(word) or word  # spelt as it sounds


@dataclass(slots=True)
class Token:
    word: str  # normalised: lower case, no apostrophes, text-speak written out, slips corrected
    start: int  # where it was in the original text
    end: int
    keys: frozenset[str] = frozenset()  # "w:word", "s:stem" and the concepts it belongs to


def _keys(word: str) -> frozenset[str]:
    s = stem(word)
    keys = {"w:" + word, "s:" + s}
    keys |= _WORD_CONCEPTS.get(word, frozenset())
    keys |= _STEM_CONCEPTS.get(s, frozenset())
    if word.isdigit():
        keys.add("NUMBER")  # "offered 200 to take a bag"
        if len(word) <= 2:  # ages: "my bf is 22", "im 14"
            keys.add("ADULT_AGE" if int(word) >= 18 else "CHILD_AGE" if int(word) >= 5 else "")
    return frozenset(keys)


_keys = lru_cache(maxsize=50_000)(_keys)

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019\u2018\u02bc`][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?;\u2026]|\n\s*\n")  # one line break may only be the phone's wrapping
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`]")


def _plain(word: str) -> str:
    return _APOSTROPHES.sub("", unicodedata.normalize("NFKC", word).casefold())


def sentences(text: str) -> list[list[Token]]:
    """The text as sentences of normalised tokens (steps 1 to 3 of the module docstring),
    each between a start and an end token."""
    out: list[list[Token]] = []
    current: list[Token] = []
    last_end = 0
    for m in _TOKEN.finditer(text):
        if current and _SENTENCE_END.search(text, last_end, m.start()):
            out.append(current)
            current = []
        last_end = m.end()
        word = _plain(m.group())
        if word.endswith("in") and len(word) >= 5 and word not in _KNOWN and stem(word + "g") in _STEM_CONCEPTS:
            word += "g"  # dropped g: "hittin", "cuttin"
        for part in lex.TEXT_SPEAK.get(word, word).split():
            current.append(Token(correct(part), m.start(), m.end()))
    if current:
        out.append(current)
    for n, tokens in enumerate(out):
        _join_pairs(tokens)
        for t in tokens:
            t.keys = _keys(t.word)
        # The start and end of the sentence are tokens too, so that rules can say "^" and "$".
        out[n] = [Token("", tokens[0].start, tokens[0].start, _START), *tokens, Token("", tokens[-1].end, tokens[-1].end, _END)]
    return out


_START, _END = frozenset({"^"}), frozenset({"$"})


def _join_pairs(tokens: list[Token]) -> None:
    """Two words written for one key term become one: "step dad", "my self", "self harn"."""
    i = 0
    while i < len(tokens) - 1:
        a, b = tokens[i], tokens[i + 1]
        joined = a.word + b.word
        if a.word in lex.JOIN_FIRST and (joined in _WORD_CONCEPTS or stem(joined) in _STEM_CONCEPTS or joined in lex.TEXT_SPEAK):
            tokens[i : i + 2] = [Token(joined, a.start, b.end)]
        elif a.word == "self" and len(b.word) >= 3 and correct(joined) != joined:  # "self harn", "self harmin"
            tokens[i : i + 2] = [Token(correct(joined), a.start, b.end)]
        i += 1


# --- Rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """A compiled rule: slots of keys (a token matches a slot if it has one of its keys),
    each with how many other tokens may come before it; anchored to the start or end of the
    sentence, or not; `mask`: the slots an exclusion takes out of play."""

    slots: tuple[tuple[frozenset[str], int], ...]
    mask: tuple[int, ...] = ()


def compile_pattern(source: str) -> Pattern:
    """`"^ i ~2 want ~3 die|dead"`: CAPITALS a concept, lower case a word in any form (its
    stem), "=word" that exact word, "a|b" either, "~N" up to N tokens before the next slot,
    "^" / "$" the start / end of the sentence (a slot like any other: "sorry ~2 $"), "*"
    before a slot (exclusions only): the slot whose tokens are taken out of play."""
    parts = source.split()
    slots: list[tuple[frozenset[str], int]] = []
    mask: list[int] = []
    gap = 0
    for part in parts:
        if part.startswith("~"):
            gap = int(part[1:])
            continue
        if part.startswith("*"):
            mask.append(len(slots))
            part = part[1:]
        keys = set()
        for alt in part.split("|"):
            if not alt or "?" in alt or "*" in alt or (alt[0] == "=" and len(alt) == 1):
                raise ValueError(f"empty or unsupported word {alt!r} in {source!r}")
            if alt in ("^", "$"):
                keys.add(alt)
            elif alt.isupper() or "_" in alt:
                if alt not in lex.CONCEPTS and alt not in ("ADULT_AGE", "CHILD_AGE", "NUMBER"):
                    raise ValueError(f"unknown concept {alt} in {source!r}")
                keys.add(alt)
            elif alt.startswith("="):
                keys.add("w:" + alt[1:])
            else:
                keys.add("s:" + stem(alt))
        slots.append((frozenset(keys), gap))
        gap = 0
    return Pattern(tuple(slots), tuple(mask))


def match(pattern: Pattern, tokens: Sequence[Token]) -> tuple[int, ...] | None:
    """The token positions of the first match of `pattern` in a sentence, or None."""
    first = pattern.slots[0][0]
    for i in range(len(tokens)):
        if first.isdisjoint(tokens[i].keys):
            continue
        found = _match_rest(pattern, tokens, 1, [i])
        if found is not None:
            return found
    return None


def _match_rest(pattern: Pattern, tokens: Sequence[Token], k: int, taken: list[int]) -> tuple[int, ...] | None:
    prev = taken[-1]
    if k == len(pattern.slots):
        return tuple(taken)
    keys, gap = pattern.slots[k]
    for j in range(prev + 1, min(prev + 2 + gap, len(tokens))):
        if j > prev + 1 and "BARRIER" in tokens[j - 1].keys:
            break  # a gap never crosses "but"
        if not keys.isdisjoint(tokens[j].keys):
            found = _match_rest(pattern, tokens, k + 1, taken + [j])
            if found is not None:
                return found
    return None


@dataclass(frozen=True)
class Rule:
    category: str
    id: str
    pattern: Pattern
    needs: tuple[frozenset[str], ...]  # the keys of each slot: a text lacking one cannot match


def _rules() -> tuple[Rule, ...]:
    rules = []
    for category, rule_id, source in concern_rules.RULES:
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category} for rule {rule_id}")
        pattern = compile_pattern(source)
        rules.append(Rule(category, rule_id, pattern, tuple(keys for keys, _ in pattern.slots)))
    order = list(CATEGORIES)
    return tuple(sorted(rules, key=lambda r: order.index(r.category)))  # stable: lexicon order within


RULES = _rules()
EXCLUSIONS = {  # name -> (pattern, unless): "A || B" is A, except in a sentence that matches B
    name: (compile_pattern(source.split("||")[0]), compile_pattern(source.split("||")[1]) if "||" in source else None)
    for name, source in concern_exclusions.EXCLUSIONS.items()
}


def _index(patterns: Sequence[Pattern]) -> dict[str, list[int]]:
    """key -> the patterns (by position) that a token with that key may start to match: each
    pattern is filed under the keys of its narrowest slot, so that a text is only tried
    against the few hundred rules whose words it has at all."""
    index: dict[str, list[int]] = {}
    for n, pattern in enumerate(patterns):
        slots = [keys for keys, _ in pattern.slots if not keys & {"^", "$"}] or [pattern.slots[0][0]]
        for key in min(slots, key=len):
            index.setdefault(key, []).append(n)
    return index


_RULE_INDEX = _index([r.pattern for r in RULES])


def _candidates(index: dict[str, list[int]], present: set[str]) -> list[int]:
    found: set[int] = set()
    for key in present:
        found.update(index.get(key, ()))
    return sorted(found)


def _apply_exclusions(tokens: list[Token], exclusions: Iterable[tuple[Pattern, Pattern | None]]) -> None:
    present = set().union(*(t.keys for t in tokens))
    for pattern, unless in exclusions:
        if any(keys.isdisjoint(present) for keys, _ in pattern.slots):
            continue
        if unless is not None and match(unless, tokens) is not None:
            continue
        while (found := match(pattern, tokens)) is not None:
            for slot in pattern.mask or range(len(found)):
                tokens[found[slot]].keys = frozenset()


# --- Finding concerns -----------------------------------------------------------------------------


# How the rules and the model (`concern_model`) decide together, chosen with
# bench/concern_recall.py on lines neither was built from (the README gives the figures):
MODEL_ALONE = 0.65  # the model alone raises a concern at this probability or more
RULES_NEED = 0.2  # a concern the rules found stands if the model gives it at least this...
ALWAYS = frozenset({"self_harm"})  # ...or if it is one of these, whatever the model says


def find_concerns(text: str, extra_phrases: Iterable[str] = ()) -> list[Concern]:
    """The concerns in `text`: at most one per category, in `CATEGORIES` order, each with
    the respondent's own words that raised it. `extra_phrases` are administrators' phrases
    (case-insensitive, whole words, "*" at the end of a word for any ending): a match gives
    the category "custom"."""
    if not text or not text.strip():
        return []
    from app.feedback import concern_model

    return decide(detect(text, extra_phrases), concern_model.probability(text), lambda: concern_model.explain(text))


def decide(found: list[Concern], probability: float, explain) -> list[Concern]:
    """Two readers, one decision. Administrators' phrases always count. The rules'
    concerns count when the model does not think them very unlikely (RULES_NEED): most of
    the rules' false alarms are words used in ordinary ways the model has learnt. Talk of
    self-harm or suicide that the rules find always counts: the model, reading "I used to
    be happy but now I want to die", weighs the "used to ... but" of recovered people. When the
    rules find nothing, the model alone counts from MODEL_ALONE, with its likeliest kind of
    concern and the sentence that weighed most (`explain()`, called only then)."""
    custom = [c for c in found if c.category == "custom"]
    rules = [c for c in found if c.category != "custom"]
    if rules and (probability >= RULES_NEED or any(c.category in ALWAYS for c in rules)):
        return found
    if probability >= MODEL_ALONE:
        reading = explain()
        category = reading.category if reading.category in CATEGORIES and reading.category != "custom" else "help"
        return [Concern(category, reading.evidence, "model"), *custom]  # custom is last in CATEGORIES
    return custom


def detect(text: str, extra_phrases: Iterable[str] = (), exclusions: Iterable[str] | None = None) -> list[Concern]:
    """What the rules find (the first reader of `find_concerns`), with a choice of exclusion
    rules (by name, "past-and-resolved" among them; None: all), for the tests that show each
    exclusion loses no disclosure."""
    if not text or not text.strip():
        return []
    sents = sentences(text)
    names = list(EXCLUSIONS) + [PAST_AND_RESOLVED] if exclusions is None else list(exclusions)
    for tokens in sents:
        _apply_exclusions(tokens, [EXCLUSIONS[n] for n in names if n in EXCLUSIONS])
    found = _categories(text, sents)
    resolved = PAST_AND_RESOLVED in names and _past_and_resolved(text, sents)
    if resolved:
        found = {}
    custom = _custom(text, extra_phrases)
    if custom:
        found["custom"] = custom
    return [found[c] for c in CATEGORIES if c in found]


def _categories(text: str, sents: list[list[Token]]) -> dict[str, Concern]:
    """The first rule of each category that matches, with its evidence."""
    in_sentence = [set().union(*(t.keys for t in tokens)) for tokens in sents]
    present = set().union(*in_sentence)
    found: dict[str, Concern] = {}
    for n in _candidates(_RULE_INDEX, present):
        rule = RULES[n]
        if rule.category in found or any(keys.isdisjoint(present) for keys in rule.needs):
            continue
        for tokens, keys_here in zip(sents, in_sentence):
            if any(keys.isdisjoint(keys_here) for keys in rule.needs):
                continue
            positions = match(rule.pattern, tokens)
            if positions is not None:
                words = [tokens[p] for p in positions if tokens[p].word] or [tokens[positions[0]]]
                found[rule.category] = Concern(rule.category, text[words[0].start : words[-1].end], rule.id)
                break
    return found


PAST_AND_RESOLVED = "past-and-resolved"
_PAST = [compile_pattern(p) for p in concern_exclusions.PAST]


def _past_and_resolved(text: str, sents: list[list[Token]]) -> bool:
    """Whether the respondent says the worry is past and over (see `concern_exclusions.PAST`):
    then what they wrote raises no concern. Not when anything suggests it goes on (RECUR: "again",
    "still", "started"...), nor when what follows the turn raises a concern of its own."""
    if any("RECUR" in t.keys for tokens in sents for t in tokens):
        return False
    flat = [t for tokens in sents for t in tokens]
    past = None
    for n, tokens in enumerate(sents):
        for pattern in _PAST:
            found = match(pattern, tokens)
            if found is not None:
                start = sum(len(s) for s in sents[:n]) + found[-1]
                past = start if past is None else min(past, start)
    if past is None:
        return False
    turn = next((i for i in range(past + 1, len(flat)) if flat[i].word in concern_exclusions.PIVOT), None)
    if turn is None:  # no "but" or "now": what follows the sentence of the past is the turn
        ends = [sum(len(t) for t in sents[: n + 1]) - 1 for n in range(len(sents))]
        turn = next((e for e in ends if e >= past and e < len(flat) - 1), None)
    if turn is None:
        return False
    after = flat[turn + 1 :]
    if not any("RESOLVED" in t.keys for t in after):
        return False
    rest: list[Token] = []
    for i, t in enumerate(after):
        if "NEG" in t.keys:
            if not any(u.word in concern_exclusions.NEG_OVER for u in after[i + 1 : i + 5]):
                return False  # "but I'm not ok now"
            continue
        rest.append(Token(t.word, t.start, t.end, t.keys))
    # "haven't gone missing since": the words under a "not ... since" say it is over, too.
    for i, t in enumerate(after):
        if "NEG" in t.keys:
            for u in rest:
                if t.start <= u.start <= after[min(i + 4, len(after) - 1)].end:
                    u.keys = frozenset()
    return not _categories(text, [[Token("", 0, 0, _START), *rest, Token("", 0, 0, _END)]])


def _custom(text: str, extra_phrases: Iterable[str]) -> Concern | None:
    """The first administrators' phrase found, matched as `concern_phrases.concern_pattern` does on the
    text's words, with the respondent's words as evidence."""
    phrases = [p for p in extra_phrases if p and p.strip()]
    if not phrases:
        return None

    pieces, offsets, at = [], [], 0  # the words as concern_phrases._match_text has them, and where each came from
    for m in _TOKEN.finditer(text):
        for part in re.findall(r"[^\W_]+", _plain(m.group())):
            pieces.append(part)
            offsets.append((at, m.start(), m.end()))
            at += len(part) + 1
    prepared = " ".join(pieces)
    for phrase in phrases:
        pattern = concern_pattern(phrase)
        m = pattern.search(prepared) if pattern else None
        if m:
            first = max(i for i, (o, _, _) in enumerate(offsets) if o <= m.start())
            last = max(i for i, (o, _, _) in enumerate(offsets) if o < m.end())
            return Concern("custom", text[offsets[first][1] : offsets[last][2]], "custom:" + phrase.strip())
    return None
