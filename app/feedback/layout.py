"""How a questionnaire is laid out in pages, and the few words before the first question.
Plain values in, plain values out: no Flask, no database.

A questionnaire file may say `layout:` (see surveys/README.md):

- `one_per_page`: one statement per page, then each free-text question, then the name box
  (the default for children and young people: one thing at a time);
- `a_few_per_page`: statements in pages of `FEW`, then the free text and the name together;
- `all_on_one_page`: everything on one page (the default for adults).

Every layout ends with "Check your answers" before anything is sent.

Branching (`show_when`, app.feedback.branching): a page whose every question hangs on an
earlier answer that was not given is passed over, forward and back, and is not counted in
"3 of 8". A question whose condition is on its own page (a few or all on one page) is shown
with a line saying when to answer it (without JavaScript) and ignored when it is sent if
its condition is not met.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.feedback import branching, rules

ONE_PER_PAGE = "one_per_page"
A_FEW_PER_PAGE = "a_few_per_page"
ALL_ON_ONE_PAGE = "all_on_one_page"
LAYOUTS = {
    ONE_PER_PAGE: "One statement per page",
    A_FEW_PER_PAGE: "A few statements per page",
    ALL_ON_ONE_PAGE: "All on one page",
}
FEW = 3


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    statements: tuple = ()  # the questionnaire's Statement objects on this page
    free_text: tuple = ()  # its FreeTextQuestion objects
    asks_name: bool = False

    @property
    def question_keys(self) -> list[str]:
        return [s.key for s in self.statements] + [f.key for f in self.free_text]

    @property
    def is_one_statement(self) -> bool:
        return len(self.statements) == 1 and not self.free_text and not self.asks_name


def layout_of(questionnaire) -> str:
    """The questionnaire's layout: its own, or the default for its audience."""
    chosen = getattr(questionnaire, "layout", "") or ""
    if chosen:
        return chosen
    return ONE_PER_PAGE if questionnaire.audience in (rules.CHILDREN, rules.YOUNG_PEOPLE) else ALL_ON_ONE_PAGE


def pages(questionnaire) -> list[Page]:
    """The pages of questions, in order (the check page comes after the last)."""
    layout = layout_of(questionnaire)
    statements = tuple(getattr(questionnaire, "items", None) or questionnaire.statements)  # every kind
    free_text = tuple(questionnaire.free_text)
    asks_name = bool(questionnaire.ask_name)
    if layout == ALL_ON_ONE_PAGE:
        return [Page(1, statements, free_text, asks_name)]
    size = 1 if layout == ONE_PER_PAGE else FEW
    groups: list[tuple[tuple, tuple, bool]] = [(statements[i:i + size], (), False) for i in range(0, len(statements), size)]
    if layout == ONE_PER_PAGE:
        groups += [((), (f,), False) for f in free_text]
        if asks_name:
            groups.append(((), (), True))
    elif free_text or asks_name:
        groups.append(((), free_text, asks_name))
    return [Page(n, *group) for n, group in enumerate(groups, start=1)]


def page_of(questionnaire, key: str) -> int:
    """The number of the page that asks the question `key` (the name box: "name")."""
    for page in pages(questionnaire):
        if key in page.question_keys or (key == "name" and page.asks_name):
            return page.number
    raise KeyError(key)


def shown(page: Page, questionnaire, answers: dict) -> dict[str, bool]:
    """The questions the page shows, given the answers so far: key -> whether it hangs on an
    answer on this same page (shown with a line saying when to answer it)."""
    asked = branching.asked_keys(questionnaire, answers)
    out: dict[str, bool] = {}
    for item in page.statements + page.free_text:
        condition = item.show_when
        if condition is not None and condition.question in out:
            out[item.key] = True
        elif item.key in asked:
            out[item.key] = False
    return out


def is_shown(page: Page, questionnaire, answers: dict) -> bool:
    return page.asks_name or bool(shown(page, questionnaire, answers))


def next_shown(pages: list[Page], number: int, step: int, questionnaire, answers: dict) -> int:
    """The number of the next page shown after `number` (step 1) or before it (step -1):
    past the last, the check page; before the first, the first."""
    n = number + step
    while 1 <= n <= len(pages) and not is_shown(pages[n - 1], questionnaire, answers):
        n += step
    return max(n, 1)


def position(pages: list[Page], number: int, questionnaire, answers: dict) -> tuple[int, int]:
    """(this page's place among the pages shown, how many are shown): for "3 of 8"."""
    open_pages = [p.number for p in pages if is_shown(p, questionnaire, answers)]
    place = sum(1 for n in open_pages if n <= number)
    return max(place, 1), len(open_pages)


def progress(number: int, total: int) -> str:
    """The progress line: "3 of 8"."""
    return f"{number} of {total}"


def first_words(audience: str) -> list[str]:
    """What a child or young person reads before the first question: what this is, who reads
    the answers, what happens if they are not safe, that every question can be skipped. About
    40 words at their reading level; the questionnaire's own introduction and the details of
    what happens go under "More about this". Other audiences get the introduction as it is."""
    if audience not in (rules.CHILDREN, rules.YOUNG_PEOPLE):
        return []
    return [
        "We want to know what you think of the help you get.",
        "A small team reads your answers to make our help better.",
        "If you tell us you are not safe, a worker will check you are OK.",
        "You can skip any question.",
    ]
