"""A feedback campaign's results: the response rate against its target, each statement's
answers by category with the share positive and its 95% Wilson interval, each feedback
measure's share positive, and the free-text comments.

The computations are plain functions over simple records (`ResponseRecord`), testable
without a request or a database; `load_results` is the thin wrapper that reads a campaign.

Small numbers are suppressed so that no child can be identified:
- a figure built on fewer respondents than the threshold (`SUPPRESSION_THRESHOLD`, default
  5) is not shown (a statement answered by fewer than 5, a measure with fewer than 5
  respondents counted), and the page says "fewer than 5 — not shown"; when a category of a
  statement was chosen by 1 to 4, none of its categories is shown, since one hidden alone
  would be the answers counted less the others;
- a share positive counted over fewer than 5 answers is "too few to judge";
- comments are shown only when the campaign has at least 5 (the threshold) responses, sorted by their
  words (not by when they came in), and a name left by a respondent only to administrators.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core import privacy
from app.feedback import rules

# fewer respondents than this: the figure is not shown (SUPPRESSION_THRESHOLD can raise it)
MIN_RESPONDENTS = privacy.DEFAULT_SUPPRESSION_THRESHOLD
MIN_COUNTED = 5  # fewer counted answers than this: a share is too few to judge


suppressed_words = privacy.suppressed_words
SUPPRESSED = suppressed_words()
TOO_FEW = "too few to judge"


@dataclass(frozen=True)
class ResponseRecord:
    """One response as the results need it."""

    answers: Mapping[str, Any] = field(default_factory=dict)
    free_text: Mapping[str, str] = field(default_factory=dict)
    respondent_name: str | None = None
    language: str = "en"  # answered in; every language answers the same statements, so they pool


@dataclass(frozen=True)
class Cell:
    """A count that may be suppressed: `value` is None when it is not shown."""

    count: int
    threshold: int = MIN_RESPONDENTS
    hidden: bool = False  # hidden with the others of its statement (see statement_results)

    @property
    def suppressed(self) -> bool:
        return self.hidden or privacy.is_small(self.count, self.threshold)

    @property
    def value(self) -> int | None:
        return None if self.suppressed else self.count


@dataclass(frozen=True)
class ShareResult:
    positive: int
    counted: int
    respondents: int  # respondents with at least one counted answer
    threshold: int = MIN_RESPONDENTS
    # (sum y_i^2, sum y_i m_i, sum m_i^2) over respondents, for a measure's interval per person
    sums: tuple[float, float, float] | None = None

    @property
    def suppressed(self) -> bool:
        return self.respondents < self.threshold

    @property
    def too_few(self) -> bool:
        return self.counted < MIN_COUNTED or self.respondents < MIN_COUNTED

    @property
    def share(self) -> float | None:
        if self.suppressed or self.too_few:
            return None
        return self.positive / self.counted

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.share is None:
            return None
        if self.sums is not None:
            return rules.clustered_interval(self.positive, self.counted, self.respondents, *self.sums)
        return rules.wilson_interval(self.positive, self.counted)


@dataclass(frozen=True)
class StatementResult:
    key: str
    text: str
    measure: str | None
    categories: list[tuple[str, Cell]]  # (answer words, count), in the scale's order
    answered: int  # respondents who gave any answer on the scale, don't know included
    result: ShareResult
    threshold: int = MIN_RESPONDENTS

    @property
    def suppressed(self) -> bool:
        return self.answered < self.threshold

    @property
    def categories_hidden(self) -> bool:
        return any(cell.hidden for _, cell in self.categories)


@dataclass(frozen=True)
class MeasureResult:
    key: str
    text: str | None  # the plan's words for the measure; None if the plan does not have it
    statements: list[str]
    result: ShareResult


@dataclass(frozen=True)
class Comment:
    question: str
    text: str
    name: str | None


@dataclass(frozen=True)
class RateResult:
    invites: int
    invites_answered: int
    responses: int
    target: float

    @property
    def rate(self) -> float | None:
        return rules.response_rate(self.invites_answered, self.invites)

    @property
    def meets_target(self) -> bool | None:
        return rules.meets_target(self.rate, self.target)

    @property
    def verdict(self) -> str:
        met = self.meets_target
        return "no invites issued" if met is None else ("met" if met else "not met")


@dataclass(frozen=True)
class Results:
    rate: RateResult
    statements: list[StatementResult]
    measures: list[MeasureResult]
    comments: list[Comment]
    comments_suppressed: bool
    threshold: int = MIN_RESPONDENTS
    languages: tuple = ()  # ((code, own name, responses), ...): every response, English first
    language: str | None = None  # the results are of the answers in this language only

    @property
    def suppressed_words(self) -> str:
        return suppressed_words(self.threshold)


def statement_results(questionnaire, responses: Iterable[ResponseRecord],
                      threshold: int = MIN_RESPONDENTS) -> list[StatementResult]:
    responses = list(responses)
    out = []
    for statement in questionnaire.statements:
        scale = rules.SCALES[statement.scale]
        counts = dict.fromkeys(scale.answers, 0)
        positive = counted = 0
        for response in responses:
            try:
                key = rules.answer_key(statement.scale, response.answers.get(statement.key))
            except ValueError:
                continue
            if key is None:
                continue
            counts[key] += 1
            outcome = rules.is_positive(statement, key)
            if outcome is not None:
                counted += 1
                positive += outcome
        # Answers counted and the share positive are shown, so with one category hidden it
        # would be worked out from the others: when any is small, none is shown.
        hidden = any(privacy.is_small(n, threshold) for n in counts.values())
        out.append(StatementResult(
            key=statement.key, text=statement.text, measure=statement.measure,
            categories=[(scale.answers[k], Cell(n, threshold, hidden)) for k, n in counts.items()],
            answered=sum(counts.values()), result=ShareResult(positive, counted, counted, threshold), threshold=threshold,
        ))
    return out


def measure_results(questionnaire, responses: Iterable[ResponseRecord],
                    measure_texts: Mapping[str, str] | None = None, threshold: int = MIN_RESPONDENTS) -> list[MeasureResult]:
    """Per feedback measure (in order of first mention): every counted answer to its
    statements, and the respondents who gave at least one."""
    responses = list(responses)
    measure_texts = measure_texts or {}
    out = []
    for measure in questionnaire.measure_keys():
        statements = [s for s in questionnaire.statements if s.measure == measure]
        positive = counted = respondents = yy = ym = mm = 0
        for response in responses:
            outcomes = [rules.is_positive(s, response.answers.get(s.key)) for s in statements]
            outcomes = [o for o in outcomes if o is not None]
            y, m = sum(outcomes), len(outcomes)
            respondents += bool(outcomes)
            counted += m
            positive += y
            yy, ym, mm = yy + y * y, ym + y * m, mm + m * m
        # The interval is worked out per person (rules.clustered_interval), as in the reports.
        out.append(MeasureResult(measure, measure_texts.get(measure), [s.key for s in statements],
                                 ShareResult(positive, counted, respondents, threshold, (yy, ym, mm))))
    return out


def comments(questionnaire, responses: Iterable[ResponseRecord], *, show_names: bool) -> list[Comment]:
    """Every free-text answer given, by question, sorted by its words within a question."""
    questions = {f.key: f.text for f in questionnaire.free_text}
    found = []
    for response in responses:
        name = (response.respondent_name or "").strip() or None
        for key, text in (response.free_text or {}).items():
            if isinstance(text, str) and text.strip():
                found.append((key, text.strip(), name if show_names else None))
    order = list(questions) + sorted({k for k, _, _ in found if k not in questions})
    found.sort(key=lambda c: (order.index(c[0]), c[1].casefold()))
    return [Comment(questions.get(k, k), text, name) for k, text, name in found]


def compute(questionnaire, responses: Iterable[ResponseRecord], *, invites: int, invites_answered: int,
            target: float = rules.RESPONSE_RATE_TARGET, measure_texts: Mapping[str, str] | None = None,
            show_names: bool = False, threshold: int = MIN_RESPONDENTS) -> Results:
    responses = list(responses)
    hide_comments = len(responses) < threshold
    return Results(
        rate=RateResult(invites, invites_answered, len(responses), target),
        statements=statement_results(questionnaire, responses, threshold),
        measures=measure_results(questionnaire, responses, measure_texts, threshold),
        comments=[] if hide_comments else comments(questionnaire, responses, show_names=show_names),
        comments_suppressed=hide_comments,
        threshold=threshold,
    )


def language_name(code: str) -> str:
    from app.feedback.translations import language_name as name

    return name(code)


def languages_answered(responses: Iterable[ResponseRecord]) -> tuple[tuple[str, str, int], ...]:
    """How many responses came in each language, as (code, own name, count): English first,
    then the most answered. Counts of responses, not answers: small ones are not hidden
    here, as the response count of a campaign is not (the answers split by language are)."""
    from app.feedback.translations import language_name

    counts: dict[str, int] = {}
    for response in responses:
        code = response.language or "en"
        counts[code] = counts.get(code, 0) + 1
    order = sorted(counts, key=lambda c: (c != "en", -counts[c], c))
    return tuple((code, language_name(code), counts[code]) for code in order)


# --- Loading from the database ------------------------------------------------------------


def load_results(campaign, *, show_names: bool = False, threshold: int = MIN_RESPONDENTS,
                 language: str | None = None) -> Results:
    """A campaign's results, pooled across languages, or of one `language` (a code) only."""
    import dataclasses

    from sqlalchemy import func, select

    from app.core.db import db
    from app.feedback.models import Invite, Response
    from app.plan.models import ImpactMeasure

    questionnaire = campaign.questionnaire
    rows = db.session.scalars(select(Response).where(Response.campaign_id == campaign.id)).all()
    records = [ResponseRecord(r.answers or {}, r.free_text or {}, r.respondent_name, r.language or "en") for r in rows]
    languages = languages_answered(records)
    if language:
        records = [r for r in records if r.language == language]
    invites = db.session.scalar(select(func.count()).select_from(Invite).where(Invite.campaign_id == campaign.id))
    answered = sum(1 for r in rows if r.invite_id is not None)
    keys = questionnaire.measure_keys()
    texts = dict(db.session.execute(
        select(ImpactMeasure.seed_key, ImpactMeasure.text).where(ImpactMeasure.seed_key.in_(keys))).all()) if keys else {}
    result = compute(questionnaire, records, invites=invites or 0, invites_answered=answered,
                     target=campaign.target_rate, measure_texts=texts, show_names=show_names, threshold=threshold)
    return dataclasses.replace(result, languages=languages, language=language or None)
