"""A questionnaire's pages as a respondent sees them, shared by the respondent's own pages
(app.feedback.respondent_views) and the administrator's preview (app.feedback.preview_views):
the questionnaire in the chosen language, its pages, and one page (or "Check your answers")
rendered from the answers so far. No database: what is kept, and where, is the caller's.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from app.feedback import branching, layout, rules, services, translations
from app.feedback.blueprint import _respondent

# Questionnaires published before the wording was settled promise a worker is told
# "straight away"; published versions never change, so their paragraph is replaced here.
_OLD_PROMISES = ("straight away",)


def _intro(text: str) -> list[str]:
    """The questionnaire's introduction as paragraphs, without any older promise about
    when a worker is told (the page says what really happens)."""
    paragraphs = [p.replace("\n", " ").strip() for p in (text or "").split("\n\n")]
    return [p for p in paragraphs if p and not any(words in p.lower() for words in _OLD_PROMISES)]


@dataclass(frozen=True)
class Walk:
    """One questionnaire in one language, walked page by page."""

    questionnaire: object  # the definition (app.feedback.questionnaires.Questionnaire)
    asked: object  # the same, in the language's words: the same keys and scale, so answers pool
    language: str
    words: dict  # {"language": code, "w": the words around the questionnaire}
    scale: rules.Scale  # the scale with its answers in the language's words
    pictures: dict
    languages: list  # (code, own name) offered on the first page
    pages: list
    action: str  # where the page's form is sent
    preview: bool = False  # an administrator's preview: nothing is saved (a banner says so)

    @property
    def check(self) -> int:
        return len(self.pages) + 1  # the number of the "Check your answers" page

    @classmethod
    def of(cls, questionnaire, language: str, languages: list, action: str, preview: bool = False) -> "Walk":
        asked = translations.localise(questionnaire, language)
        w = translations.words(language, questionnaire.translation(language))
        base = rules.SCALES[questionnaire.scale]
        scale = dataclasses.replace(base, answers={k: (w.get(base.key) or {}).get(k, v) for k, v in base.answers.items()})
        return cls(questionnaire, asked, language, {"language": language, "w": w}, scale,
                   translations.pictures(questionnaire, language), languages, layout.pages(asked), action, preview)


def render(walk: Walk, number: int, token: str, values: dict, *, form_token: str, store_key: str = "",
           errors: dict | None = None, notice: str | None = None, back_to_check: bool = False, status: int = 200,
           form=None, extra_fields: dict | None = None):
    """Page `number` (or the check page, from `walk.check` on) with the answers so far."""
    w, asked, audience, pages, check = walk.words["w"], walk.asked, walk.questionnaire.audience, walk.pages, walk.check
    errors = {k: _problem_in_words(k, v, w, asked, form or {}) for k, v in (errors or {}).items()}
    answers = values.get("answers") or {}
    common = dict(q=asked, audience=audience, pages=pages, values=values, token=token, form_token=form_token,
                  action=walk.action, check=check, errors=errors, scale=walk.scale, key_field=services.KEY_FIELD,
                  store_key=store_key, notice=notice, preview=walk.preview, extra_fields=extra_fields or {},
                  **walk.words)
    if number >= check:
        return _respondent("check.html", status, asked=branching.asked_keys(asked, answers),
                           answer_words=_answer_words(walk.scale), **common)
    page = pages[number - 1]
    place, total = layout.position(pages, number, asked, answers)
    return _respondent(
        "question_page.html", status, page=page, shown=layout.shown(page, asked, answers),
        only_if=_only_if(asked, walk.scale, w), progress=w["progress"].format(number=place, total=total) if total > 1 else None,
        back_to_check=back_to_check, intro=_intro(asked.intro), pictures=walk.pictures,
        first_words=w["first_words"] if number == 1 and layout.first_words(audience) else [],
        languages=walk.languages if number == 1 and len(walk.languages) > 1 else [],
        answer_field=services.answer_field, text_field=services.text_field, name_field=services.NAME_FIELD,
        max_text=services.FREE_TEXT_MAX, **common,
    )


def _problem_in_words(field: str, message: str, w: dict, asked, form) -> str:
    """A problem with what was sent (app.feedback.services.read_answers words it in English),
    in the respondent's language: nothing answered, a written answer or a name too long."""
    def number(n: int) -> str:
        return f"{n:,}" if w.get("lang") == translations.ENGLISH else str(n)

    if message == services.NOTHING_ANSWERED:
        return w["nothing_answered"]
    if field == services.NAME_FIELD:
        return w["name_too_long"].format(max=number(services.RESPONDENT_NAME_MAX))
    number_question = next((q for q in asked.items if services.answer_field(q.key) == field and q.kind == "number"), None)
    if number_question is not None:
        _, problem = services.read_number(form.get(field) or "", number_question)
        if problem:
            return services.number_problem(problem, number_question, w)
    question = next((q for q in asked.free_text if services.text_field(q.key) == field), None)
    if question is not None and "too long" in message:
        sent = (form.get(field) or "").replace("\r\n", "\n").strip()
        return w["too_long"].format(what=question.text, max=number(services.FREE_TEXT_MAX), n=number(len(sent)))
    return message


def _answer_words(scale):
    """The words of an answer for the check page: the scale's, an option's, the options
    chosen, or the number."""
    def words(item, answer):
        if answer is None or answer == [] or answer == "":
            return ""
        if item.kind == "scale":
            return scale.answers.get(answer, "")
        if item.kind == "number":
            return services.plain_number(answer)
        labels = {o.key: o.label for o in item.options}
        chosen = answer if isinstance(answer, list) else [answer]
        return ", ".join(labels.get(a, a) for a in chosen)
    return words


def _only_if(asked, scale, w: dict):
    """The line under a question whose condition is on its own page, for a page without
    JavaScript: "Answer this only if your answer to '...' is: ..."."""
    def line(item) -> str:
        condition = item.show_when
        question = asked.item(condition.question)
        words = scale.answers if question.kind == "scale" else {o.key: o.label for o in question.options}
        answers = f" {w['or']} ".join(words.get(a, a) for a in condition.answer_in)
        return w["only_if"].format(question=question.text, answers=answers)
    return line


def page_number(text: str | None, check: int) -> int:
    """A page number from the form: 1 to the check page's."""
    try:
        return min(max(int(text or ""), 1), check)
    except ValueError:
        return check  # a form from before the questionnaire had pages: it holds every answer


def destination(walk: Walk, go: str, number: int, back_to_check: bool, answers: dict) -> tuple[int, bool]:
    """Where a button on page `number` leads, and whether that page returns to the check
    page: pages whose questions are not asked (an earlier answer) are passed over, both ways."""
    pages, check, questionnaire = walk.pages, walk.check, walk.questionnaire
    if go == "back":
        return layout.next_shown(pages, min(number, check), -1, questionnaire, answers), False
    if go.startswith("change-"):
        return page_number(go.removeprefix("change-"), check), True
    if go in ("next", "skip"):
        return (check if back_to_check else min(layout.next_shown(pages, number, 1, questionnaire, answers), check)), False
    if go.startswith("lang:"):
        return number, back_to_check
    return min(number, check), False
