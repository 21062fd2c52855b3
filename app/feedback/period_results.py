"""Feedback results for a reporting period, across campaigns: per audience, each feedback
measure and each statement, overall and by district and team, with the figure for the
period before beside it and, for measures with a baseline in place, the baseline.

    feedback_for_period(period, *, district_id=None, locality_id=None, threshold=5)

returns a `PeriodFeedback`: plain dataclasses of numbers and strings (`to_dict()` gives
JSON-ready data, so a published report can freeze it).

What counts, and how:

- **Which responses**: those given (`submitted_at`) within the period, from any campaign;
  a response belongs to the period it was given in, whatever its campaign's dates. With
  `district_id` (or `locality_id`), only responses recorded against that district (or a
  district of that locality).
- **A figure** (`Figure`): positive answers over answers counted (blank and "don't know"
  are not counted, as in `rules.percent_positive`), the number of answers behind it (n),
  the respondents who gave them, and the Wilson 95% interval. A measure pools every
  statement that answers it (one respondent can give several answers).
- **Suppression** (children, young people, parents and carers only; practitioners are
  staff): every figure and count is pooled from groups (`privacy.group_of`: one campaign's
  answers from one district in one quarter), and a group where 1 to `threshold` - 1 people
  answered a statement is left out of every figure of the statement and of its measure (and
  one where 1 to `threshold` - 1 count towards a measure, of the measure's),
  the county's, a locality's, a district's, a team's, a quarter's, a half's and a year's.
  So the difference between any two figures is a sum of groups that passed: nothing about
  a small group can be worked out, and no row need be hidden to protect another. A figure
  left with no answers when some were left out says "fewer than ... not shown"; one from
  fewer than `threshold` people is not shown either. Its numbers are set to None here, so
  they cannot leak into a frozen report. A statement's answers by category are shown only
  when no category in any group of the figure was chosen by 1 to `threshold` - 1 people.
  Their figures are not given by team: a team's quarter is smaller than a group.
- **Too few to judge**: a share over fewer than `MIN_COUNTED` (5) answers is not given,
  for every audience, though its n is.
- **The previous period**: the period before (`Period.previous()`), with the same filters;
  for an annual measure (the practitioner survey), the same period a year earlier, since
  the survey is run once a year.
- **The baseline**, for measures the plan marks "annually (baseline in place)": the figure
  of the first financial year in which the measure was answered (with the same filters).
  The plan says a baseline is in place but not its figure, and the first annual survey
  is the one the plan's baseline was set from; later years are compared with it.

Few queries whatever the number of responses: the questionnaire versions, the plan's
feedback measures, districts and teams, and one query for the responses themselves.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.core import privacy
from app.core.clock import local_day, utc_bounds
from app.core.periods import YEAR, Period
from app.feedback import rules
from app.feedback.results import MIN_COUNTED, TOO_FEW

DEFAULT_THRESHOLD = privacy.DEFAULT_SUPPRESSION_THRESHOLD
PROTECTED_AUDIENCES = privacy.PROTECTED_AUDIENCES
NO_ANSWERS = "no answers"
NO_DISTRICT = "No district recorded"
NO_TEAM = "No team recorded"

CURRENT = "current"
PREVIOUS = "previous"


# --- The results, as plain data ------------------------------------------------------------


@dataclass
class Figure:
    """A share of positive answers. When `suppressed`, every number is None."""

    positive: int | None
    n: int | None  # answers counted
    respondents: int | None
    share: float | None  # None when suppressed, too few or nothing counted
    low: float | None  # Wilson 95% interval
    high: float | None
    suppressed: bool = False
    too_few: bool = False
    note: str = ""  # what to show instead of the share: suppressed_note(threshold), TOO_FEW, NO_ANSWERS or ""


@dataclass
class Category:
    label: str
    count: int | None  # None when suppressed
    suppressed: bool = False


@dataclass
class Row:
    """A district's or team's figure, with the previous period's beside it."""

    id: int | None  # None for responses with no district or team recorded
    name: str
    figure: Figure
    previous: Figure


@dataclass
class MeasureFeedback:
    key: str  # e.g. "r1-fm3"
    text: str | None  # the plan's words; None if the plan does not have the measure
    recommendation: int | None
    frequency: str | None
    has_baseline: bool
    figure: Figure
    previous_label: str
    previous: Figure
    baseline_label: str | None  # the baseline year, e.g. "2025-26"; None without a baseline
    baseline: Figure | None
    by_district: list[Row] = field(default_factory=list)
    by_team: list[Row] = field(default_factory=list)


@dataclass
class StatementFeedback:
    questionnaire_key: str
    questionnaire_title: str
    key: str
    text: str
    measure: str | None
    categories: list[Category]
    figure: Figure
    previous_label: str
    previous: Figure
    by_district: list[Row] = field(default_factory=list)
    by_team: list[Row] = field(default_factory=list)
    categories_note: str = ""  # why the answers by category are not shown, when they are not


@dataclass
class AudienceFeedback:
    audience: str
    label: str
    suppression: bool  # whether small numbers are suppressed for this audience
    responses: int | None  # None when suppressed (1 to threshold - 1 of a protected audience)
    previous_responses: int | None
    measures: list[MeasureFeedback]
    statements: list[StatementFeedback]


@dataclass
class PeriodFeedback:
    period: str  # e.g. "H1 2026-27"
    start: str  # ISO dates
    end: str
    previous_period: str
    district_id: int | None
    locality_id: int | None
    threshold: int
    responses: int | None  # None when an audience's number is suppressed (see total_responses)
    audiences: list[AudienceFeedback]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def audience(self, key: str) -> AudienceFeedback | None:
        return next((a for a in self.audiences if a.audience == key), None)


# --- The rules -----------------------------------------------------------------------------


suppressed_note = privacy.suppressed_words


def categories_hidden_note(threshold: int) -> str:
    return (f"Answers by category are not shown: in a district's quarter, fewer than {threshold} "
            "people chose one of them.")


def _hidden(threshold: int) -> Figure:
    return Figure(None, None, None, None, None, None, suppressed=True, note=suppressed_note(threshold))


def make_figure(positive: int, n: int, respondents: int, *, threshold: int, protect: bool,
                sums: tuple[float, float, float] | None = None) -> Figure:
    """A share positive over `n` answers from `respondents` people. `sums` (sum y_i^2,
    sum y_i m_i, sum m_i^2 over respondents) give the interval at respondent level
    (`rules.clustered_interval`); without them every answer is one person's (Wilson).
    Too few to judge counts people, not answers."""
    if respondents == 0:
        return Figure(0, 0, 0, None, None, None, note=NO_ANSWERS)
    if protect and respondents < threshold:
        return _hidden(threshold)
    if respondents < MIN_COUNTED or n < MIN_COUNTED:
        return Figure(positive, n, respondents, None, None, None, too_few=True, note=TOO_FEW)
    if sums is None:
        low, high = rules.wilson_interval(positive, n)
    else:
        low, high = rules.clustered_interval(positive, n, respondents, *sums)
    return Figure(positive, n, respondents, positive / n, low, high)


def shown_count(count: int, threshold: int, protect: bool) -> int | None:
    """A number of responses as it may be shown: None when small and protected."""
    return None if protect and privacy.is_small(count, threshold) else count


def total_responses(audiences: Iterable[AudienceFeedback]) -> int | None:
    """The responses of `audiences` together; None when one of them is suppressed, since
    the total less the others would give it away."""
    counts = [a.responses for a in audiences]
    return None if None in counts else sum(counts)


@dataclass(frozen=True)
class PeriodResponse:
    """One response as the period's results need it."""

    version_id: int
    submitted_on: date
    district_id: int | None
    team_id: int | None
    answers: Mapping[str, Any]
    team_service_area: str | None = None  # of the team that handed out the link, if any
    campaign_id: int | None = None
    language: str = "en"  # part of its group (privacy.group_of), as on the campaign's results page


@dataclass(frozen=True)
class MeasureInfo:
    text: str
    recommendation: int | None
    frequency: str
    has_baseline: bool
    position: tuple = ()
    audiences: tuple = ()  # the respondent groups the plan names; () for any
    group: str | None = None  # the narrower group its words name (rules.named_group)


class _Tally:
    """Sums over respondents: answers counted (sum m_i), positive (sum y_i), people (k),
    and the sums of squares the interval at respondent level needs."""

    __slots__ = ("categories", "n", "positive", "respondents", "yy", "ym", "mm")

    def __init__(self):
        self.positive = self.n = self.respondents = self.yy = self.ym = self.mm = 0
        self.categories: dict[str, int] = defaultdict(int)

    def add_respondent(self, positive: int, counted: int) -> None:
        self.positive += positive
        self.n += counted
        self.respondents += 1
        self.yy += positive * positive
        self.ym += positive * counted
        self.mm += counted * counted

    def merge(self, other: _Tally) -> None:
        for name in ("positive", "n", "respondents", "yy", "ym", "mm"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, count in other.categories.items():
            self.categories[key] += count

    def figure(self, threshold: int, protect: bool) -> Figure:
        return make_figure(self.positive, self.n, self.respondents, threshold=threshold, protect=protect,
                           sums=(self.yy, self.ym, self.mm))


def _year_earlier(period: Period) -> Period:
    return Period.make(period.kind, period.fy_start_year - 1, period.number)


def compute_period(
    period: Period,
    responses: Iterable[PeriodResponse],
    questionnaires: Mapping[int, Any],
    *,
    measures: Mapping[str, MeasureInfo] | None = None,
    district_names: Mapping[int, str] | None = None,
    team_names: Mapping[int, str] | None = None,
    team_districts: Mapping[int, int] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    district_id: int | None = None,
    locality_id: int | None = None,
) -> PeriodFeedback:
    """The period's results from `responses` (already filtered to the district or
    locality, if any). `questionnaires` maps a version id to its questionnaire definition."""
    measures = measures or {}
    district_names = district_names or {}
    team_names = team_names or {}
    team_districts = team_districts or {}
    previous = period.previous()
    year_earlier = _year_earlier(period)

    def is_annual(measure: str | None) -> bool:
        info = measures.get(measure) if measure else None
        return info is not None and info.frequency == "annual"

    def counts(measure: str, audience: str, qkey: str, service_area: str | None) -> bool:
        info = measures.get(measure)
        if info is None:
            return True
        return rules.counts_towards(info.group, info.audiences, audience, qkey, service_area)

    # tallies[(slot, audience, thing, dimension)]; thing is ("m", measure) or ("s", qkey, skey);
    # dimension is ("district", id) or ("team", id): an area's figure ("all") is put together
    # from its districts'; slot CURRENT, PREVIOUS, "year-earlier" or ("fy", year). Only the
    # groups that pass the threshold are added (privacy.group_of, counted_groups).
    tallies: dict[tuple, _Tally] = defaultdict(_Tally)
    districts_of: dict[tuple, set] = defaultdict(set)  # (slot, audience, thing) -> districts answering
    row_ids: dict[tuple, set] = defaultdict(set)  # (audience, thing, "district" | "team") -> ids this period
    audience_groups: dict[tuple[str, str], dict] = defaultdict(dict)  # (slot, audience) -> group -> responses
    seen_statements: dict[tuple[str, str], tuple] = {}  # (audience, qkey, skey) -> (order, statement, title)
    seen_measures: dict[str, set[str]] = defaultdict(set)  # audience -> measure keys
    answered_statements: set[tuple] = set()  # (audience, thing) answered this period or the one compared
    first_year: dict[tuple[str, str], int] = {}  # (audience, measure) -> first financial year answered

    for order, (version_id, q) in enumerate(sorted(questionnaires.items(), key=lambda kv: (kv[1].title, kv[1].key, -kv[0]))):
        for i, statement in enumerate(q.statements):
            seen_statements.setdefault((q.audience, q.key, statement.key), ((q.title, q.key, i), statement, q.title))

    # First pass: each response's answers, and how many people each group (privacy.group_of)
    # gave to each statement and measure, so that small groups are left out of every figure.
    entries = []
    group_people: dict[tuple, int] = defaultdict(int)  # (audience, statement, group) -> people counted
    group_categories: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))  # (audience, thing, group) -> by answer
    group_responses: dict[tuple, int] = defaultdict(int)  # (audience, group) -> responses
    for response in responses:
        q = questionnaires.get(response.version_id)
        if q is None:
            continue
        day = response.submitted_on
        slots = []
        if period.start <= day <= period.end:
            slots.append(CURRENT)
        if previous.start <= day <= previous.end:
            slots.append(PREVIOUS)
        if year_earlier.start <= day <= year_earlier.end:
            slots.append("year-earlier")
        fy = Period.containing(day, YEAR).fy_start_year
        if day <= period.end:
            slots.append(("fy", fy))
        if not slots:
            continue
        group = privacy.group_of(response.campaign_id, response.district_id, day, response.language)
        group_responses[(q.audience, group)] += 1
        answered = []
        for statement, key in rules.answered(q.statements, response.answers):
            outcome = rules.is_positive(statement, key)
            thing = ("s", q.key, statement.key)
            towards = statement.measure if statement.measure and outcome is not None and counts(
                statement.measure, q.audience, q.key, response.team_service_area) else None
            answered.append((thing, key, outcome, is_annual(statement.measure), towards))
            group_categories[(q.audience, thing, group)][key] += 1
            if outcome is not None:
                group_people[(q.audience, thing, group)] += 1
        entries.append((response, q, slots, fy, group, answered))

    # The groups left out of each statement (1 to threshold - 1 people), and those kept with a
    # category chosen by 1 to threshold - 1 (their statement's categories are not shown).
    excluded = {k for k, n in group_people.items() if k[0] in PROTECTED_AUDIENCES and privacy.is_small(n, threshold)}
    few_categories = {k for k, by in group_categories.items() if k[0] in PROTECTED_AUDIENCES and k not in excluded
                      and any(privacy.is_small(c, threshold) for c in by.values())}
    # A measure pools its statements' answers from the groups where each statement passed, so
    # a measure less its statements cannot give a small group away; and then only from groups
    # where at least `threshold` people count towards it (it counts only the people it names).
    measure_people: dict[tuple, int] = defaultdict(int)
    for response, q, slots, fy, group, answered in entries:
        for measure in {t for thing, _, _, _, t in answered if t and (q.audience, thing, group) not in excluded}:
            measure_people[(q.audience, measure, group)] += 1
    measure_excluded = {k for k, n in measure_people.items()
                        if k[0] in PROTECTED_AUDIENCES and privacy.is_small(n, threshold)}

    # (slot, audience, thing) and (slot, audience, thing, dim) where a small group was left out
    left_out: set[tuple] = set()
    # (slot, audience, thing): a group in the figure had an answer chosen by 1 to threshold - 1
    small_category: set[tuple] = set()

    for response, q, slots, fy, group, answered in entries:
        # Children's and families' answers by team would be smaller than the groups: by district only.
        dims = (("district", response.district_id),) if q.audience in PROTECTED_AUDIENCES else (
            ("district", response.district_id), ("team", response.team_id))
        per_measure: dict[str, list[bool]] = defaultdict(list)
        measure_left_out: set[str] = set()
        for thing, key, outcome, annual, towards in answered:
            if CURRENT in slots or (("year-earlier" if annual else PREVIOUS) in slots):
                answered_statements.add((q.audience, thing))
            counted = (q.audience, thing, group) not in excluded
            if towards:
                if counted and (q.audience, towards, group) not in measure_excluded:
                    per_measure[towards].append(outcome)
                else:
                    measure_left_out.add(towards)
            few = (q.audience, thing, group) in few_categories
            for slot in slots:
                if isinstance(slot, tuple):
                    continue  # years are for baselines, kept per measure only
                districts_of[(slot, q.audience, thing)].add(response.district_id)
                if not counted:
                    left_out.add((slot, q.audience, thing))
                elif few:
                    small_category.add((slot, q.audience, thing))
                for dim in dims:
                    if slot == CURRENT:
                        row_ids[(q.audience, thing, dim[0])].add(dim[1])
                    if not counted:
                        left_out.add((slot, q.audience, thing, dim))
                        continue
                    tally = tallies[(slot, q.audience, thing, dim)]
                    tally.categories[key] += 1
                    if outcome is not None:
                        tally.add_respondent(int(outcome), 1)
        for measure in per_measure.keys() | measure_left_out:
            outcomes = per_measure.get(measure)
            # Listed when answered this period or in the period it is compared with, so that
            # last period's figure is shown even before anyone has answered this period.
            if CURRENT in slots or (("year-earlier" if is_annual(measure) else PREVIOUS) in slots):
                seen_measures[q.audience].add(measure)
            if measures.get(measure) and measures[measure].has_baseline:
                first_year[(q.audience, measure)] = min(first_year.get((q.audience, measure), fy), fy)
            thing = ("m", measure)
            counted = bool(outcomes)
            for slot in slots:
                districts_of[(slot, q.audience, thing)].add(response.district_id)
                if not counted:
                    left_out.add((slot, q.audience, thing))
                for dim in (dims if not isinstance(slot, tuple) else dims[:1]):
                    if slot == CURRENT:
                        row_ids[(q.audience, thing, dim[0])].add(dim[1])
                    if not counted:
                        left_out.add((slot, q.audience, thing, dim))
                        continue
                    tallies[(slot, q.audience, thing, dim)].add_respondent(sum(outcomes), len(outcomes))
        for slot in slots:
            if slot in (CURRENT, PREVIOUS):
                audience_groups[(slot, q.audience)][group] = group_responses[(q.audience, group)]

    def area_figure(slot, audience: str, thing: tuple, protect: bool) -> tuple[Figure, _Tally]:
        """The area's figure: its districts' tallies together (small groups already left out)."""
        total = _Tally()
        for d in districts_of.get((slot, audience, thing), set()):
            total.merge(tallies.get((slot, audience, thing, ("district", d))) or _Tally())
        if total.respondents == 0 and (slot, audience, thing) in left_out:
            return _hidden(threshold), total
        return total.figure(threshold, protect), total

    def row_figure(slot, audience: str, thing: tuple, dim: tuple, protect: bool) -> Figure:
        tally = tallies.get((slot, audience, thing, dim)) or _Tally()
        if tally.respondents == 0 and (slot, audience, thing, dim) in left_out:
            return _hidden(threshold)
        return tally.figure(threshold, protect)

    def rows(audience: str, thing: tuple, kind: str, names: Mapping[int, str], protect: bool, previous_slot) -> list[Row]:
        # Every row is pooled from whole groups that passed: no row less another can give a
        # small group away, so no row is hidden only to protect another.
        out = []
        for id_ in row_ids[(audience, thing, kind)]:
            name = names.get(id_, NO_DISTRICT if kind == "district" else NO_TEAM) if id_ is not None else (
                NO_DISTRICT if kind == "district" else NO_TEAM)
            out.append(Row(id_, name, row_figure(CURRENT, audience, thing, (kind, id_), protect),
                           row_figure(previous_slot, audience, thing, (kind, id_), protect)))
        out.sort(key=lambda r: (r.id is None, r.name))
        return out

    def responses_count(slot, audience: str, protect: bool) -> int | None:
        """The area's responses, less small groups'; None (not shown) when every group is small."""
        total, any_left_out = privacy.pooled(audience_groups.get((slot, audience), {}), threshold, protect=protect)
        if total == 0 and any_left_out:
            return None
        return shown_count(total, threshold, protect)

    audiences = []
    for audience, label in rules.AUDIENCES.items():
        protect = audience in PROTECTED_AUDIENCES
        if not (audience_groups.get((CURRENT, audience)) or seen_measures[audience]
                or any(a == audience for a, _ in answered_statements)):
            continue
        measure_out = []
        for key in sorted(seen_measures[audience], key=lambda k: (measures[k].position if k in measures else (10**6,), k)):
            info = measures.get(key)
            annual = is_annual(key)
            previous_slot = "year-earlier" if annual else PREVIOUS
            baseline = baseline_label = None
            if info is not None and info.has_baseline and (audience, key) in first_year:
                year = first_year[(audience, key)]
                baseline_label = Period.make(YEAR, year).label
                baseline = area_figure(("fy", year), audience, ("m", key), protect)[0]
            measure_out.append(MeasureFeedback(
                key=key, text=info.text if info else None, recommendation=info.recommendation if info else None,
                frequency=info.frequency if info else None, has_baseline=bool(info and info.has_baseline),
                figure=area_figure(CURRENT, audience, ("m", key), protect)[0],
                previous_label=(year_earlier if annual else previous).label,
                previous=area_figure(previous_slot, audience, ("m", key), protect)[0],
                baseline_label=baseline_label, baseline=baseline,
                by_district=rows(audience, ("m", key), "district", district_names, protect, previous_slot),
                by_team=rows(audience, ("m", key), "team", team_names, protect, previous_slot),
            ))
        statement_out = []
        answered = [
            (order, statement, title, qkey)
            for (aud, qkey, skey), (order, statement, title) in seen_statements.items()
            if aud == audience and (audience, ("s", qkey, skey)) in answered_statements
        ]
        for order, statement, title, qkey in sorted(answered, key=lambda item: item[0]):
            thing = ("s", qkey, statement.key)
            figure, tally = area_figure(CURRENT, audience, thing, protect)
            scale = rules.SCALES[statement.scale]
            counts_ = [tally.categories.get(k, 0) for k in scale.answers]
            # The share positive and n are shown, so the positive answers' total is known:
            # hiding only the small categories, one could be worked out from the others.
            # When any is small, no category is shown.
            # And not when any group in the figure had a small category: the same category's
            # count for a longer period or a larger area, less this one, would give it away.
            hidden = figure.suppressed or (protect and (any(privacy.is_small(c, threshold) for c in counts_)
                                                        or (CURRENT, audience, thing) in small_category))
            annual = is_annual(statement.measure)
            previous_slot = "year-earlier" if annual else PREVIOUS
            statement_out.append(StatementFeedback(
                questionnaire_key=qkey, questionnaire_title=title, key=statement.key, text=statement.text,
                measure=statement.measure,
                categories=[Category(words, None if hidden else counts_[i], hidden)
                            for i, words in enumerate(scale.answers.values())],
                categories_note=categories_hidden_note(threshold) if hidden else "",
                figure=figure,
                previous_label=(year_earlier if annual else previous).label,
                previous=area_figure(previous_slot, audience, thing, protect)[0],
                by_district=rows(audience, thing, "district", district_names, protect, previous_slot),
                by_team=rows(audience, thing, "team", team_names, protect, previous_slot),
            ))
        audiences.append(AudienceFeedback(
            audience=audience, label=label, suppression=protect, responses=responses_count(CURRENT, audience, protect),
            previous_responses=responses_count(PREVIOUS, audience, protect),
            measures=measure_out, statements=statement_out,
        ))
    return PeriodFeedback(
        period=period.label, start=period.start.isoformat(), end=period.end.isoformat(),
        previous_period=previous.label, district_id=district_id, locality_id=locality_id, threshold=threshold,
        responses=total_responses(audiences), audiences=audiences,
    )


# --- Loading from the database -------------------------------------------------------------


def feedback_for_period(period: Period | str, *, district_id: int | None = None, locality_id: int | None = None,
                        threshold: int = DEFAULT_THRESHOLD, from_day: date | None = None,
                        version_ids: Iterable[int] | None = None) -> PeriodFeedback:
    """The period's feedback results (see the module's docstring). `period` is a Period or
    its label ("H1 2026-27"); raises ValueError for a label that is not a period.

    With `from_day`, only responses from that day on are read, the baseline years' too, so
    baselines come out right only for measures first answered since (the caller puts in the
    others: app.reports.kept_figures); with `version_ids`, only responses to those versions."""
    from sqlalchemy import or_, select
    from sqlalchemy.orm import joinedload

    from app.core.db import db
    from app.feedback.models import Campaign, QuestionnaireVersion, Response
    from app.org.models import District, Team
    from app.plan.models import ImpactMeasure, Recommendation
    from app.plan.rules import FEEDBACK

    if isinstance(period, str):
        period = Period.parse(period)
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")

    versions = db.session.scalars(select(QuestionnaireVersion).options(joinedload(QuestionnaireVersion.questionnaire))).all()
    questionnaires = {v.id: v.definition for v in versions}

    plan_measures = db.session.execute(
        select(ImpactMeasure, Recommendation.number).join(Recommendation).where(ImpactMeasure.kind == FEEDBACK)
    ).all()
    measures = {
        m.seed_key: MeasureInfo(m.text, number, m.frequency, m.has_baseline, (number, m.position, m.id),
                                tuple(m.respondent_groups or ()), rules.named_group(m.text))
        for m, number in plan_measures if m.seed_key
    }
    baseline_keys = {k for k, info in measures.items() if info.has_baseline}
    baseline_versions = [vid for vid, q in questionnaires.items() if baseline_keys & set(q.measure_keys())]

    earliest = min(period.previous().start, _year_earlier(period).start) if from_day is None else from_day
    # Responses count in the period of their UK date, as audits do.
    since, until = utc_bounds(earliest, period.end)
    query = (
        select(Response.submitted_at, Response.district_id, Response.team_id, Response.answers,
               Campaign.questionnaire_version_id, Response.campaign_id, Response.language)
        .join(Campaign, Response.campaign_id == Campaign.id)
        .where(Response.submitted_at < until)
        .where(or_(Response.submitted_at >= since, Campaign.questionnaire_version_id.in_(baseline_versions))
               if from_day is None else Response.submitted_at >= since)
    )
    if version_ids is not None:
        query = query.where(Campaign.questionnaire_version_id.in_(list(version_ids)))
    if district_id is not None:
        query = query.where(Response.district_id == district_id)
    if locality_id is not None:
        query = query.where(Response.district_id.in_(select(District.id).where(District.locality_id == locality_id)))
    team_rows = db.session.execute(select(Team.id, Team.name, Team.district_id, Team.service_area)).all()
    service_areas = {t.id: t.service_area for t in team_rows}
    records = [
        PeriodResponse(version_id, local_day(submitted), district, team, answers or {}, service_areas.get(team),
                       campaign_id, language or "en")
        for submitted, district, team, answers, version_id, campaign_id, language in db.session.execute(query)
    ]
    districts = dict(db.session.execute(select(District.id, District.name)).all())
    return compute_period(
        period, records, questionnaires, measures=measures, district_names=districts,
        team_names={t.id: t.name for t in team_rows}, team_districts={t.id: t.district_id for t in team_rows},
        threshold=threshold, district_id=district_id, locality_id=locality_id,
    )
