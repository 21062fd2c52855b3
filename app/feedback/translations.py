"""A questionnaire in other languages and in Easy Read. Plain values in, plain values out:
no Flask, no database.

A questionnaire file may carry `translations:`, by language code (`easy-read` for Easy
Read), each with the same statements and free-text questions (the same keys, the same
answer scale) in other words, so that every language's answers pool in the results:

    translations:
      pl:
        needs_review: true       # until a fluent speaker has checked it: not offered
        title: Powiedz nam, co myślisz
        intro: ...
        statements:
          home-calmer: W domu jest teraz spokojniej.
        free_text:
          better: Co by pomogło?
      easy-read:
        needs_review: false
        title: ...
        intro: ...
        statements:
          home-calmer: {text: Home is calmer now., picture: home-calm, picture_text: A house with a calm family.}

A choice question's translation gives its text and every option's label:
`role: {text: Jaka jest Twoja rola?, options: {social-worker: Pracownik socjalny, other: Inna}}`.

The rule: a language is offered to respondents only when its translation says
`needs_review: false` (a fluent speaker, or for Easy Read someone who writes it, has
checked the text and the words around it in `data/respondent_words.yaml`). Changing that is
a new version of the questionnaire, as any change is. Easy Read needs a picture for every
statement (an SVG in surveys/pictures/, with a description for screen readers).

The words around a questionnaire (buttons, help, check and thank-you pages) are in
`data/respondent_words.yaml`; a translation may add to them under `words:` and name a
language that file lacks with `name:` and `dir:` (rtl for Arabic, Urdu, ...).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from app.feedback import rules

ENGLISH = "en"
EASY_READ = "easy-read"
# What the reading-level check and the concern detector can read: English, and Easy Read
# (which is English). Free text in any other language is read by a person (rules.safety_signals).
READ_AS_ENGLISH = rules.READ_AS_ENGLISH

WORDS_FILE = Path(__file__).resolve().parent / "data" / "respondent_words.yaml"
PICTURES_DIR = Path(__file__).resolve().parents[2] / "surveys" / "pictures"
PICTURE_MAX_BYTES = 2048  # inline in the page: a phone on a weak signal makes no request for it
LANGUAGE_CODE = re.compile(r"^(?:[a-z]{2,3}(?:-[a-z0-9]{2,8})*|easy-read)$")

_TEXT = {"type": "string", "minLength": 1}
_PICTURED = {
    "type": "object", "additionalProperties": False, "required": ["text"],
    "properties": {"text": _TEXT, "picture": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                   "picture_text": _TEXT, "options": {"type": "object", "additionalProperties": _TEXT}},
}
TRANSLATION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["needs_review", "title", "intro", "statements"],
    "properties": {
        "needs_review": {"type": "boolean"},
        "name": _TEXT,  # the language's own name, if data/respondent_words.yaml lacks it
        "dir": {"enum": ["ltr", "rtl"]},
        "title": _TEXT,
        "intro": _TEXT,
        "statements": {"type": "object", "additionalProperties": {"anyOf": [_TEXT, _PICTURED]}},
        "free_text": {"type": "object", "additionalProperties": _TEXT},
        "words": {"type": "object"},
    },
}
SCHEMA = {"type": "object", "additionalProperties": TRANSLATION_SCHEMA}


@dataclass(frozen=True)
class Picture:
    name: str  # surveys/pictures/<name>.svg
    text: str  # what it shows, for screen readers


@dataclass(frozen=True)
class Translation:
    language: str  # a code: "pl", "ro", "ar", or "easy-read"
    needs_review: bool
    title: str
    intro: str
    statements: tuple[tuple[str, str], ...]  # (statement key, text), in the questionnaire's order
    free_text: tuple[tuple[str, str], ...] = ()
    pictures: tuple[tuple[str, Picture], ...] = ()  # (statement key, picture)
    name: str = ""
    dir: str = ""
    words: tuple[tuple[str, Any], ...] = ()
    # (choice question key, ((option key, label), ...)): the options' labels in this language
    options: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @property
    def own_name(self) -> str:
        return self.name or language_name(self.language)


# --- The words around a questionnaire -----------------------------------------------------


@lru_cache(maxsize=1)
def all_words() -> dict[str, dict]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def language_name(code: str) -> str:
    """The language's own name ("Polski"), or its code if it has none here."""
    return (all_words().get(code) or {}).get("name", code)


def words(code: str, translation: Translation | None = None) -> dict:
    """Every word a respondent reads around the questionnaire, in the language `code`:
    English for anything the language leaves out."""
    out = dict(all_words()[ENGLISH])
    out.update({k: v for k, v in (all_words().get(code) or {}).items()})
    if translation is not None:
        out.update({k: list(v) if isinstance(v, tuple) else v for k, v in translation.words})
        if translation.name:
            out["name"] = translation.name
        if translation.dir:
            out["dir"] = translation.dir
    out["lang"] = (all_words().get(code) or {}).get("lang", code)  # Easy Read is English
    return out


def duration(minutes: int, w: dict) -> str:
    """How long an alert waits, in the respondent's language ("2 hours", "2 godz.")."""
    if minutes % 60:
        return w["minutes"].format(n=minutes)
    hours = minutes // 60
    text = w["hour"] if hours == 1 else w["hours"].format(n=hours)
    if w.get("lang") == "ro" and hours >= 20:
        text = text.replace(" ore", " de ore")  # Romanian: "20 de ore"
    return text


def fill(text: str, **parts) -> Markup:
    """`text` escaped, with its {placeholders} replaced by the given HTML (links)."""
    out = escape(text)
    for name, html in parts.items():
        out = Markup(str(out).replace("{" + name + "}", str(html)))
    return out


# --- Reading translations from a questionnaire file ---------------------------------------


def _statement(value) -> tuple[str, Picture | None]:
    if isinstance(value, str):
        return value.strip(), None
    picture = Picture(value["picture"], value.get("picture_text", "").strip()) if value.get("picture") else None
    return value["text"].strip(), picture


def check(data: dict) -> list:
    """What is wrong with a questionnaire file's `translations` (already schema-checked), as
    "place: message" (or (place, message) where the place is a language code given as written)."""
    problems: list = []
    statement_keys = [s["key"] for s in data["statements"]]
    option_keys = {s["key"]: [o["key"] for o in s.get("options") or []] for s in data["statements"]
                   if s.get("kind") in ("single_choice", "multiple_choice")}
    free_text_keys = [f["key"] for f in data.get("free_text") or []]
    known_words = set(all_words()[ENGLISH])
    for code, t in (data.get("translations") or {}).items():
        place = f"translations.{code}"
        if not LANGUAGE_CODE.match(code) or code == ENGLISH:
            problems.append((place, f"'{code}' is not a language code (pl, ro, ar ... or easy-read; English is the questionnaire itself)"))
            continue
        if code not in all_words() and not t.get("name"):
            problems.append(f"{place}.name: is missing (give the language's own name: this service does not know '{code}')")
        for list_name, keys in (("statements", statement_keys), ("free_text", free_text_keys)):
            given = t.get(list_name) or {}
            for key in keys:
                if key not in given:
                    problems.append(f"{place}.{list_name}.{key}: is missing (every translation asks the same questions)")
            for key in given:
                if key not in keys:
                    problems.append(f"{place}.{list_name}.{key}: is not a question of this questionnaire (no question has the key '{key}')")
        for key, value in (t.get("statements") or {}).items():
            problems += _check_options(f"{place}.statements.{key}", value, option_keys.get(key))
            text, picture = _statement(value)
            if code == EASY_READ and picture is None:
                problems.append(f"{place}.statements.{key}: needs a picture (Easy Read has one for every statement)")
            if picture is not None:
                if not picture.text:
                    problems.append(f"{place}.statements.{key}.picture_text: describe the picture for screen readers")
                path = PICTURES_DIR / f"{picture.name}.svg"
                if not path.is_file():
                    problems.append(f"{place}.statements.{key}.picture: is '{picture.name}', but there is no picture of that name")
                elif path.stat().st_size > PICTURE_MAX_BYTES:
                    problems.append(f"{place}.statements.{key}.picture: is '{picture.name}', whose file is over {PICTURE_MAX_BYTES} bytes")
        for key in t.get("words") or {}:
            if key not in known_words:
                problems.append(f"{place}.words: '{key}' is not a word the pages use")
    return problems


def _check_options(place: str, value, keys: list[str] | None) -> list[str]:
    """A choice question's translation labels every option, and only its options."""
    given = value.get("options") if isinstance(value, dict) else None
    if keys is None:
        return [f"{place}.options: only a choice question has options"] if given is not None else []
    given = given or {}
    return ([f"{place}.options: '{k}' is missing (give every option's label)" for k in keys if k not in given]
            + [f"{place}.options: '{k}' is not an option of this question" for k in given if k not in keys])


def name_place(data, parts) -> tuple[str, list] | None:
    """How a problem in `translations` names its place ("Statement 2 ('...') in the Polish
    translation"), with the parts left for the field; None for a place elsewhere."""
    if len(parts) < 2 or parts[0] != "translations":
        return None
    code = str(parts[1])
    given = ((data.get("translations") if isinstance(data, dict) else None) or {}).get(code)
    own = (given.get("name") if isinstance(given, dict) else None) or (language_name(code) if code in all_words() else "")
    language = "the Easy Read version" if code == EASY_READ else (
        f"the {own} ({code}) translation" if own else f"the '{code}' translation")
    rest = parts[2:]
    if len(rest) >= 2 and rest[0] in ("statements", "free_text") and isinstance(rest[1], str):
        noun = "Statement" if rest[0] == "statements" else "Free-text question"
        items = (data.get(rest[0]) if isinstance(data, dict) else getattr(data, rest[0], None)) or []
        for number, item in enumerate(items, 1):
            key, text = (item.get("key"), item.get("text")) if isinstance(item, dict) else (item.key, item.text)
            if key == rest[1]:
                text = " ".join(str(text).split())
                return f"{noun} {number} ('{text[:59] + '…' if len(text) > 60 else text}') in {language}", rest[2:]
        return f"{noun} '{rest[1]}' in {language}", rest[2:]
    return language[0].upper() + language[1:], rest


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def build(data: dict) -> tuple[Translation, ...]:
    out = []
    for code, t in (data.get("translations") or {}).items():
        statements, pictures, options = [], [], []
        for key, value in (t.get("statements") or {}).items():
            text, picture = _statement(value)
            statements.append((key, text))
            if isinstance(value, dict) and value.get("options"):
                options.append((key, tuple((k, v.strip()) for k, v in value["options"].items())))
            if picture is not None:
                pictures.append((key, picture))
        out.append(Translation(
            language=code, needs_review=t["needs_review"], title=t["title"].strip(), intro=t["intro"].strip(),
            statements=tuple(statements), free_text=tuple((k, v.strip()) for k, v in (t.get("free_text") or {}).items()),
            pictures=tuple(pictures), name=t.get("name", ""), dir=t.get("dir", ""),
            words=tuple((k, _frozen(v)) for k, v in (t.get("words") or {}).items()), options=tuple(options),
        ))
    return tuple(out)


def dump(translations: tuple[Translation, ...]) -> dict:
    """The `translations` mapping as written in a questionnaire file."""
    out: dict[str, Any] = {}
    for t in translations:
        pictures, options = dict(t.pictures), dict(t.options)
        item: dict[str, Any] = {"needs_review": t.needs_review}
        if t.name:
            item["name"] = t.name
        if t.dir:
            item["dir"] = t.dir
        item.update({"title": t.title, "intro": t.intro, "statements": {}})
        for key, text in t.statements:
            picture = pictures.get(key)
            if picture is None and key not in options:
                item["statements"][key] = text
                continue
            value: dict[str, Any] = {"text": text}
            if picture is not None:
                value.update({"picture": picture.name, "picture_text": picture.text})
            if key in options:
                value["options"] = dict(options[key])
            item["statements"][key] = value
        if t.free_text:
            item["free_text"] = dict(t.free_text)
        if t.words:
            item["words"] = {k: list(v) if isinstance(v, tuple) else v for k, v in t.words}
        out[t.language] = item
    return out


# --- What a respondent is offered ---------------------------------------------------------


def offered(questionnaire) -> list[tuple[str, str]]:
    """The languages a respondent may choose, as (code, own name): English first, then
    every translation checked by a fluent speaker (none needing review)."""
    return [(ENGLISH, language_name(ENGLISH))] + [
        (t.language, t.own_name) for t in questionnaire.translations if not t.needs_review]


def choose(questionnaire, wanted: str | None) -> str:
    """The language to show: `wanted` if it is offered, else English."""
    wanted = (wanted or "").strip().lower()
    return wanted if wanted in dict(offered(questionnaire)) else ENGLISH


def localise(questionnaire, code: str):
    """The questionnaire as read in the language `code`: the same statements, keys, scale
    and rules, with the translation's words (English itself for "en" or an unknown code)."""
    translation = questionnaire.translation(code)
    if translation is None:
        return questionnaire
    texts, questions = dict(translation.statements), dict(translation.free_text)
    labels = {key: dict(options) for key, options in translation.options}

    def local(s):
        options = tuple(dataclasses.replace(o, label=labels.get(s.key, {}).get(o.key, o.label)) for o in s.options)
        return dataclasses.replace(s, text=texts.get(s.key, s.text), options=options)

    items = tuple(local(s) for s in questionnaire.items)
    return dataclasses.replace(
        questionnaire, title=translation.title, intro=translation.intro, items=items,
        statements=tuple(s for s in items if s.kind == "scale"),
        free_text=tuple(dataclasses.replace(f, text=questions.get(f.key, f.text)) for f in questionnaire.free_text),
    )


@lru_cache(maxsize=64)
def picture_svg(name: str, text: str) -> Markup:
    """The picture inline (our own file from surveys/pictures/), described for screen readers."""
    svg = (PICTURES_DIR / f"{name}.svg").read_text(encoding="utf-8").strip()
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(text)}" focusable="false" class="app-r-picture" ', 1))


def pictures(questionnaire, code: str) -> dict[str, Markup]:
    translation = questionnaire.translation(code)
    if translation is None:
        return {}
    return {key: picture_svg(p.name, p.text) for key, p in translation.pictures}


# --- Reading level ------------------------------------------------------------------------


EASY_READ_AGE = 9  # Easy Read is for anyone who finds reading hard: never above a child's level


def reading_level(questionnaire) -> list:
    """The reading-level warnings of the questionnaire (rules.check_reading_level) and of its
    Easy Read version, whose places start "Easy Read". Other languages are not checked."""
    warnings = list(rules.check_reading_level(questionnaire))
    if questionnaire.translation(EASY_READ) is not None:
        limit = min(rules.READING_AGE_LIMITS[questionnaire.audience], EASY_READ_AGE)
        warnings += [dataclasses.replace(w, place=f"Easy Read {w.place}")
                     for w in rules.check_reading_level(localise(questionnaire, EASY_READ), limit)]
    return warnings


def review_status(questionnaire) -> list[dict]:
    """For the administrator: each translation, whether respondents are offered it, and
    whether its reading level was checked."""
    return [{
        "code": t.language, "name": t.own_name, "offered": not t.needs_review,
        "reading_checked": t.language in READ_AS_ENGLISH,
    } for t in questionnaire.translations]


def not_read_for_level(questionnaire) -> list[str]:
    """The languages of this questionnaire the reading-level check cannot read (it counts
    English syllables), by their own names: the administrator is told they were not checked."""
    return [t.own_name for t in questionnaire.translations if t.language not in READ_AS_ENGLISH]
