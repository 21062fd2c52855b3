"""Simple branching in a questionnaire: a question asked only when an earlier answer is one
of a set (`show_when: {question: role, answer_in: [manager]}`). Plain values in, plain
values out: no Flask, no database.

The rule, the same on every page, on the check page and when answers are stored: an item
is asked when it has no condition, or when the question it names was itself asked and its
answer (for multiple choice: any of the options chosen) is in `answer_in`. Conditions name
only earlier questions, so one pass in the questionnaire's order settles them all. An
answer to an item not asked is dropped before it is stored: a respondent who changed their
mind about the earlier answer never sends one.
"""
from __future__ import annotations

from typing import Iterable


def meets(show_when, answer) -> bool:
    """Whether `answer` (an answer key, a list of option keys, or None) meets the condition."""
    if show_when is None:
        return True
    if isinstance(answer, (list, tuple)):
        return any(a in show_when.answer_in for a in answer)
    return answer is not None and answer in show_when.answer_in


def _all_items(questionnaire) -> Iterable:
    return tuple(getattr(questionnaire, "items", None) or questionnaire.statements) + tuple(questionnaire.free_text)


def asked_keys(questionnaire, answers: dict) -> set[str]:
    """The keys of every statement and free-text question asked, given the answers so far."""
    asked: set[str] = set()
    for item in _all_items(questionnaire):
        condition = getattr(item, "show_when", None)
        if condition is None or (condition.question in asked and meets(condition, answers.get(condition.question))):
            asked.add(item.key)
    return asked


def is_asked(item, questionnaire, answers: dict) -> bool:
    return item.key in asked_keys(questionnaire, answers)


def drop_hidden(questionnaire, answers: dict, free_text: dict) -> tuple[dict, dict]:
    """The answers and written answers without those to items not asked."""
    asked = asked_keys(questionnaire, answers)
    return ({k: v for k, v in answers.items() if k in asked},
            {k: v for k, v in free_text.items() if k in asked})
