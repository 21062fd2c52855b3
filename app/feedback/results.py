"""A feedback campaign's results: the response rate against its target, each statement's
answers by category with the share positive and its 95% Wilson interval, each feedback
measure's share positive, and the free-text comments.

The computations are plain functions over simple records (`ResponseRecord`), testable
without a request or a database; `load_results` is the thin wrapper that reads a campaign.

Small numbers are suppressed so that no child can be identified:
- as in every figure (app.core.privacy), a statement's answers from a group (one district in
  one quarter) where 1 to threshold - 1 people answered it are left out
  (`counted_answers`), and so are responses and invites answered from small groups;
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

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core import privacy
from app.feedback import rules
from app.feedback import question_results as _questions

# fewer respondents than this: the figure is not shown (SUPPRESSION_THRESHOLD can raise it)
MIN_RESPONDENTS = privacy.DEFAULT_SUPPRESSION_THRESHOLD
MIN_COUNTED = 5  # fewer counted answers than this: a share is too few to judge


suppressed_words = privacy.suppressed_words
plain_number = _questions.plain  # the results page writes a median with it
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
    questions: tuple = ()  # choice and number questions (app.feedback.question_results)

    @property
    def suppressed_words(self) -> str:
        return suppressed_words(self.threshold)


def statement_results(questionnaire, responses: Iterable[ResponseRecord],
                      threshold: int = MIN_RESPONDENTS, few_categories: frozenset[str] = frozenset()) -> list[StatementResult]:
    """Per statement. `few_categories`: statements whose answers by category are not shown
    because a category was small in one of the groups they are made of (`counted_answers`)."""
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
        hidden = any(privacy.is_small(n, threshold) for n in counts.values()) or statement.key in few_categories
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


def counted_answers(questionnaire, grouped: Iterable[tuple[tuple, ResponseRecord]],
                    threshold: int = MIN_RESPONDENTS) -> tuple[list[ResponseRecord], frozenset[str]]:
    """The answers that count, as everywhere else (app.core.privacy): `grouped` pairs each
    response with its group (privacy.group_of); a statement's answers from a group where 1 to
    threshold - 1 people answered it (on the scale, "don't know" aside) are taken out, so this
    campaign's figures less a report's cannot give them away. For children and families only.
    Returns the responses so trimmed, and the statements with a category chosen by 1 to
    threshold - 1 in one of the groups kept (their answers by category are not shown)."""
    grouped = list(grouped)
    if questionnaire.audience not in privacy.PROTECTED_AUDIENCES:
        return [r for _, r in grouped], frozenset()
    people: dict[tuple, int] = defaultdict(int)
    categories: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for group, response in grouped:
        for statement, key in rules.answered(questionnaire.statements, response.answers):
            categories[(statement.key, group)][key] += 1
            people[(statement.key, group)] += rules.is_positive(statement, key) is not None
    small = {k for k, n in people.items() if privacy.is_small(n, threshold)}
    few = frozenset(k[0] for k, by in categories.items() if k not in small
                    and any(privacy.is_small(n, threshold) for n in by.values()))
    out = []
    for group, response in grouped:
        answers = {k: v for k, v in response.answers.items() if (k, group) not in small}
        out.append(dataclasses.replace(response, answers=answers))
    return out, few


def compute(questionnaire, responses: Iterable[ResponseRecord], *, invites: int, invites_answered: int,
            target: float = rules.RESPONSE_RATE_TARGET, measure_texts: Mapping[str, str] | None = None,
            show_names: bool = False, threshold: int = MIN_RESPONDENTS, responses_counted: int | None = None,
            few_categories: frozenset[str] = frozenset()) -> Results:
    """`responses_counted`: the number of responses to show, when small groups are left out
    of it (`load_results`); otherwise all of `responses`."""
    responses = list(responses)
    hide_comments = len(responses) < threshold
    return Results(
        rate=RateResult(invites, invites_answered, len(responses) if responses_counted is None else responses_counted,
                        target),
        statements=statement_results(questionnaire, responses, threshold, few_categories),
        measures=measure_results(questionnaire, responses, measure_texts, threshold),
        comments=[] if hide_comments else comments(questionnaire, responses, show_names=show_names),
        comments_suppressed=hide_comments,
        threshold=threshold,
        questions=tuple(_questions.question_results(questionnaire, responses, threshold)),
    )


def language_name(code: str) -> str:
    from app.feedback.translations import language_name as name

    return name(code)


def languages_answered(grouped: Iterable[tuple[tuple, ResponseRecord]], threshold: int = MIN_RESPONDENTS, *,
                       protect: bool = True) -> tuple[tuple[str, str, int | None], ...]:
    """How many responses came in each language, as (code, own name, count): English first,
    then the most answered. For children and families the count is pooled from groups as
    every count is (a language is part of a response's group), None when only small groups
    answered in it."""
    from app.feedback.translations import language_name

    by_language: dict[str, Counter] = defaultdict(Counter)
    for group, response in grouped:
        by_language[response.language or "en"][group] += 1
    counts = {code: privacy.pooled(groups, threshold, protect=protect) for code, groups in by_language.items()}
    shown = {code: (n if n or not left_out else None) for code, (n, left_out) in counts.items()}
    order = sorted(shown, key=lambda c: (c != "en", -(shown[c] or 0), c))
    return tuple((code, language_name(code), shown[code]) for code in order)


# --- Loading from the database ------------------------------------------------------------


def load_results(campaign, *, show_names: bool = False, threshold: int = MIN_RESPONDENTS,
                 language: str | None = None) -> Results:
    """A campaign's results, pooled across languages, or of one `language` (a code) only.
    The language is part of each response's group (privacy.group_of), so a language's view
    is whole groups too: the pooled figures less one language's give away no small number."""
    from sqlalchemy import select

    from app.core.clock import local_day
    from app.core.db import db
    from app.feedback.models import Invite, Response
    from app.org.models import Team
    from app.plan.models import ImpactMeasure

    questionnaire = campaign.questionnaire
    rows = db.session.scalars(select(Response).where(Response.campaign_id == campaign.id)).all()
    groups = [privacy.group_of(r.campaign_id, r.district_id, local_day(r.submitted_at), r.language or "en")
              for r in rows]
    team_district = dict(db.session.execute(select(Team.id, Team.district_id)).all())
    grouped = [(g, ResponseRecord(r.answers or {}, r.free_text or {}, r.respondent_name, r.language or "en"))
               for g, r in zip(groups, rows)]
    protect = questionnaire.audience in privacy.PROTECTED_AUDIENCES
    languages = languages_answered(grouped, threshold, protect=protect)
    if language:
        grouped = [(g, r) for g, r in grouped if r.language == language]
        groups = [g for g, _ in grouped]
        rows = [r for r in rows if (r.language or "en") == language]
    records, few = counted_answers(questionnaire, grouped, threshold)
    # Responses and invites answered: pooled from groups, as in the reports; invites issued in
    # a group whose invites answered are left out are left out of the rate too.
    responses, _ = privacy.pooled(Counter(groups), threshold, protect=protect)
    # Invites answered are grouped by the district of the team that handed them out, as invites issued are.
    invited = Counter(privacy.group_of(campaign.id, team_district.get(r.team_id, r.district_id),
                                       local_day(r.submitted_at)) for r in rows if r.invite_id is not None)
    answered, _ = privacy.pooled(invited, threshold, protect=protect)
    small = {g for g, n in invited.items() if protect and privacy.is_small(n, threshold)}
    invite_rows = db.session.execute(select(Invite.team_id, Team.district_id, Invite.created_at).outerjoin(
        Team, Invite.team_id == Team.id).where(Invite.campaign_id == campaign.id)).all()
    invites = sum(privacy.group_of(campaign.id, d, local_day(at)) not in small for _, d, at in invite_rows)
    keys = questionnaire.measure_keys()
    texts = dict(db.session.execute(
        select(ImpactMeasure.seed_key, ImpactMeasure.text).where(ImpactMeasure.seed_key.in_(keys))).all()) if keys else {}
    result = compute(questionnaire, records, invites=invites, invites_answered=answered,
                     target=campaign.target_rate, measure_texts=texts, show_names=show_names, threshold=threshold,
                     responses_counted=responses, few_categories=few)
    return dataclasses.replace(result, languages=languages, language=language or None)
