"""Branching in audit tools: a question or section asked only when an earlier answer is
one of a set ("Is there a contingency plan?" only when the child has a plan).

In a tool file a question or a section may carry

    show_when: {question: plan-type, answer_in: [child-in-need, child-protection]}

naming a question EARLIER in the tool (for a section: in an earlier section) with set
answers (graded, yes_partly_no, single or multiple choice). A question that is not
asked, because its own condition or its section's is false, or because the question its
condition names is not asked itself, is left out everywhere: not required, not scored,
not counted for measures, and an answer given to it before the condition became false
is not used (the audit form clears it on save).

Plain values in, plain values out; only `app.audits.grades` is imported, so the rules,
the tool format and the forms can all use this module.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from app.audits import grades

if TYPE_CHECKING:  # the tool's dataclasses; only their attributes are read
    from app.audits.tools import AuditTool, Condition, Question, Section


# --- What is asked ----------------------------------------------------------------------


def answer_keys(question: Question, value: Any) -> set[str]:
    """The set answers `value` gives `question` (empty when unanswered, Not applicable or
    not an answer it can take); a multiple choice answer gives each option chosen."""
    values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    if question.kind == grades.GRADED:
        keys = set()
        for v in values:
            try:
                keys.add(grades.normalise_judgement(v))
            except ValueError:
                pass
        return keys - {None}
    words = {"_".join(v.strip().lower().split()) for v in values if isinstance(v, str)}
    if question.kind == grades.YES_PARTLY_NO:
        return words & set(grades.YES_PARTLY_NO_ANSWERS)
    if question.kind in grades.CHOICE_KINDS:
        return {v for v in values if isinstance(v, str)} & {o.key for o in question.options}
    return set()


def holds(condition: Condition | None, tool: AuditTool, answers: Mapping[str, Any], asked: set[str]) -> bool:
    """Whether a `show_when` condition is met by the answers; `asked` holds the questions
    asked so far (a condition on a question not asked is not met)."""
    if condition is None:
        return True
    if condition.question not in asked:
        return False
    question = tool.question(condition.question)
    return bool(answer_keys(question, answers.get(condition.question)) & set(condition.answer_in))


def shown(tool: AuditTool, answers: Mapping[str, Any] | None) -> set[str]:
    """The keys of the questions asked, given these answers (every question without a
    condition, and those whose conditions the earlier answers meet)."""
    answers = answers or {}
    asked: set[str] = set()
    for section in tool.sections:
        if not holds(section.show_when, tool, answers, asked):
            continue
        for question in section.questions:
            if holds(question.show_when, tool, answers, asked):
                asked.add(question.key)
    return asked


def asked_answers(tool: AuditTool, answers: Mapping[str, Any] | None) -> dict[str, Any]:
    """The answers to the questions asked; answers to hidden questions are left out."""
    answers = answers or {}
    keys = shown(tool, answers)
    return {key: value for key, value in answers.items() if key in keys or not _in_tool(tool, key)}


def _in_tool(tool: AuditTool, key: str) -> bool:
    try:
        tool.question(key)
    except KeyError:
        return False
    return True


def has_branching(tool: AuditTool) -> bool:
    return any(s.show_when for s in tool.sections) or any(q.show_when for _, q in tool.all_questions())


def section_asked(tool: AuditTool, section: Section, answers: Mapping[str, Any] | None) -> bool:
    """Whether a section is asked at all, given these answers."""
    if section.show_when is None:
        return True
    return holds(section.show_when, tool, answers or {}, shown(tool, answers))


def on_page(tool: AuditTool, section: Section, answers: Mapping[str, Any] | None) -> list[tuple[Question, Condition | None]]:
    """The questions a section's page shows, each with the condition the page itself must
    apply (one on a question on the same page, which the auditor may still change there:
    without JavaScript it is shown with a hint, with JavaScript it appears and disappears).
    A question whose condition is on an earlier page is shown only if that condition is
    met by the answers stored; the server decides."""
    asked = shown(tool, answers)
    if not section_asked(tool, section, answers):
        return []
    page: list[tuple[Question, Condition | None]] = []
    on_this_page: set[str] = set()
    for question in section.questions:
        condition = question.show_when
        if condition is not None and condition.question in {q.key for q in section.questions}:
            if condition.question in on_this_page:
                page.append((question, condition))
                on_this_page.add(question.key)
        elif question.key in asked:
            page.append((question, None))
            on_this_page.add(question.key)
    return page


# --- In words ---------------------------------------------------------------------------


def answer_labels(question: Question) -> dict[str, str]:
    if question.kind == grades.GRADED:
        return dict(grades.JUDGEMENTS)
    if question.kind == grades.YES_PARTLY_NO:
        return dict(grades.YES_PARTLY_NO_ANSWERS)
    return {o.key: o.label for o in question.options}


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def condition_text(tool: AuditTool, condition: Condition) -> str:
    """"'What plan is the child subject to?' is Child in need plan or Care plan"."""
    question = tool.question(condition.question)
    labels = answer_labels(question)
    return f"'{question.text}' is {_or_list([labels.get(v, v) for v in condition.answer_in])}"


def hint(tool: AuditTool, condition: Condition) -> str:
    """What the auditor reads under a question that depends on an answer on the same page."""
    return f"Answer this only if {condition_text(tool, condition)}."


def hidden_questions(tool: AuditTool, answers: Mapping[str, Any] | None) -> list[tuple[Section, Question, str]]:
    """The questions not asked, given these answers, each with why in words: the
    condition (its own, or its section's) that is not met."""
    asked = shown(tool, answers)
    hidden = []
    for section in tool.sections:
        for question in section.questions:
            if question.key in asked:
                continue
            if section.show_when is not None and not section_asked(tool, section, answers):
                why = f"its section is asked only when {condition_text(tool, section.show_when)}"
            else:
                why = f"it is asked only when {condition_text(tool, question.show_when)}"
            hidden.append((section, question, why))
    return hidden


# --- Checking a tool file -----------------------------------------------------------------


def check_show_when(data: dict, questions: dict[str, dict], allowed: Callable[[dict], list[str]]) -> list[str]:
    """Problems with the `show_when` conditions of a tool file (as read from YAML): the
    question named must come earlier in the tool (for a section, in an earlier section)
    and have set answers, and the answers named must be its answers. `questions` maps
    each key to the question's data, in the tool's order; `allowed` gives a question's
    answers."""
    problems = []
    order = {key: n for n, key in enumerate(questions)}
    seen = 0  # questions before the current section
    for si, section in enumerate(data["sections"]):
        if "show_when" in section:
            problems += _check_condition(section["show_when"], f"sections[{si}].show_when", questions, order, seen,
                                         allowed, "a section", "in an earlier section")
        for qi, question in enumerate(section["questions"]):
            if "show_when" in question:
                problems += _check_condition(question["show_when"], f"sections[{si}].questions[{qi}].show_when",
                                             questions, order, seen + qi, allowed, "a question",
                                             "earlier in the tool", own_key=question["key"])
        seen += len(section["questions"])
    return problems


def _check_condition(when: dict, place: str, questions: dict[str, dict], order: dict[str, int], before: int,
                     allowed: Callable[[dict], list[str]], what: str, where: str, own_key: str | None = None) -> list[str]:
    key = when["question"]
    other = questions.get(key)
    if other is None:
        return [f"{place}.question: '{key}' is not a question in this tool"]
    if key == own_key:
        return [f"{place}.question: '{key}' is this question; a question cannot depend on its own answer"]
    if order[key] >= before:
        return [f"{place}.question: '{key}' does not come before it; {what} can only depend on a question {where}"]
    if other["kind"] not in grades.KINDS_WITH_ANSWERS:
        return [f"{place}.question: '{key}' is a {other['kind']} question; 'show only when' needs a question with set answers"]
    answers = allowed(other)
    return [
        f"{place}.answer_in[{vi}]: '{value}' is not an answer to '{key}' ({', '.join(map(str, answers))})"
        for vi, value in enumerate(when["answer_in"]) if value not in answers
    ]
