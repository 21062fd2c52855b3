"""The report's per-period figures, kept for closed periods (`period_store`): each period's
feedback results and each period's audit records, for one area.

What each is worked out from, for its fingerprint:

- **Feedback of a period**: the responses from the start of the period it is compared
  with (the period before, or the year before) to its end, in the area; the responses to
  questionnaires that give a baseline before the period's financial year (the baselines,
  below); every questionnaire version, the plan's feedback measures, teams and districts.
- **Baselines**: a measure with a baseline in place is compared with its first financial
  year's figure. Rather than read every response to those questionnaires since records
  began on each view, which grows with the years kept, the baselines of each closed year
  are kept: those of the years before, plus any measure first answered in that year.
- **Audits of a period**: the audits submitted in it in the area (count, highest id, last
  changed), their cases, moderations, moderation decisions and history, teams, districts
  and audit tools.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date

from sqlalchemy import case, func, select

from app.audits.models import Audit, AuditTool, AuditToolVersion, Case
from app.core.clock import local_day, utc_bounds
from app.core.db import db
from app.core.periods import YEAR, Period
from app.feedback.models import Campaign, Questionnaire, QuestionnaireVersion, Response
from app.feedback.period_results import Figure, PeriodFeedback, feedback_for_period
from app.moderation.models import Moderation, ModerationDecision, ModerationEvent
from app.org.models import District, Locality, Team
from app.partnership.models import in_multi_agency_round
from app.plan.models import ImpactMeasure, Recommendation
from app.reports.audit_results import AuditRecord, load_audits
from app.reports.period_store import area_key, from_plain, kept, to_plain
from app.reports.report_data import area_clause

FEEDBACK = "feedback"
BASELINES = "feedback-baselines"
AUDITS = "audits"


# --- Feedback ----------------------------------------------------------------------------------


def feedback(period: Period, district_id: int | None, locality_id: int | None, threshold: int, *,
             today: date) -> PeriodFeedback:
    """`feedback_for_period` for the report, kept while the period is closed and unchanged.
    Live or not, it reads responses only from the period compared with onwards; baselines
    from earlier years come from the kept years' (`baselines_through`)."""
    inputs = _FeedbackInputs(district_id, locality_id)
    last_year = Period.make(YEAR, period.fy_start_year - 1)

    def compute() -> PeriodFeedback:
        result = feedback_for_period(period, district_id=district_id, locality_id=locality_id, threshold=threshold,
                                     from_day=compared_from(period))
        put_baselines(result, baselines_through(last_year, district_id, locality_id, threshold, today=today))
        return result

    return kept(FEEDBACK, period, area_key(district_id, locality_id), threshold, today=today,
                inputs=lambda: [inputs.responses(compared_from(period), period.end),
                                inputs.baseline_responses(_fy_start(period)),
                                inputs.static()],
                compute=compute, encode=to_plain, decode=lambda data: from_plain(PeriodFeedback, data))


def compared_from(period: Period) -> date:
    """The first day a period's feedback needs: the start of the period before it, or of the
    same period a year earlier (annual measures), whichever is earlier."""
    year_earlier = Period.make(period.kind, period.fy_start_year - 1, period.number)
    return min(period.previous().start, year_earlier.start)


def _fy_start(period: Period) -> date:
    return Period.make(YEAR, period.fy_start_year).start


Baselines = dict[tuple[str, str], tuple[str, Figure]]  # (audience, measure) -> (year label, figure)


def put_baselines(result: PeriodFeedback, baselines: Baselines) -> None:
    """Measures first answered before the period's financial year take their baseline from
    `baselines`; the others were first answered within the responses read, so theirs stands."""
    for audience in result.audiences:
        for measure in audience.measures:
            found = baselines.get((audience.audience, measure.key))
            if measure.has_baseline and found is not None:
                measure.baseline_label, measure.baseline = found


def baselines_through(year: Period, district_id: int | None, locality_id: int | None, threshold: int, *,
                      today: date) -> Baselines:
    """Every baseline measure first answered in the area up to the end of financial year
    `year`, with its first year's figure: the year before's, plus those first answered in
    `year` (its own responses only)."""
    inputs = _FeedbackInputs(district_id, locality_id)
    first = inputs.first_baseline_year()
    if first is None or year.fy_start_year < first:
        return {}

    def compute() -> Baselines:
        out = dict(baselines_through(Period.make(YEAR, year.fy_start_year - 1), district_id, locality_id, threshold,
                                     today=today))
        result = feedback_for_period(year, district_id=district_id, locality_id=locality_id, threshold=threshold,
                                     from_day=year.start, version_ids=inputs.baseline_versions())
        for audience in result.audiences:
            for measure in audience.measures:
                if measure.has_baseline and measure.baseline_label == year.label:
                    out.setdefault((audience.audience, measure.key), (measure.baseline_label, measure.baseline))
        return out

    return kept(BASELINES, year, area_key(district_id, locality_id), threshold, today=today,
                inputs=lambda: [inputs.baseline_responses(year.end, through=True), inputs.static()],
                compute=compute, encode=_encode_baselines, decode=_decode_baselines)


def _encode_baselines(baselines: Baselines) -> list:
    return [[audience, key, label, to_plain(figure)] for (audience, key), (label, figure) in sorted(baselines.items())]


def _decode_baselines(data: list) -> Baselines:
    return {(audience, key): (label, from_plain(Figure, figure)) for audience, key, label, figure in data}


class _FeedbackInputs:
    """What feedback figures are worked out from, read as cheap aggregates."""

    def __init__(self, district_id: int | None, locality_id: int | None):
        self.district_id, self.locality_id = district_id, locality_id
        self._versions: list[int] | None = None

    def _in_area(self, query):
        area = area_clause(Response.district_id, self.district_id, self.locality_id)
        return query if area is None else query.where(area)

    def responses(self, first_day: date, last_day: date) -> list:
        lo, hi = utc_bounds(first_day, last_day)
        return _aggregate(self._in_area(_response_totals().where(Response.submitted_at >= lo, Response.submitted_at < hi)))

    def baseline_responses(self, day: date, *, through: bool = False) -> list:
        """Responses to baseline questionnaires before `day` (or up to its end, `through`)."""
        lo, hi = utc_bounds(day, day)
        # By campaign, so that only those questionnaires' responses are read (an index on both).
        campaigns = select(Campaign.id).where(Campaign.questionnaire_version_id.in_(self.baseline_versions()))
        query = _response_totals().where(Response.campaign_id.in_(campaigns), Response.submitted_at < (hi if through else lo))
        return [self.baseline_versions(), _aggregate(self._in_area(query))]

    def first_baseline_year(self) -> int | None:
        versions = self.baseline_versions()
        if not versions:
            return None
        query = select(func.min(Response.submitted_at)).join(Campaign, Response.campaign_id == Campaign.id).where(
            Campaign.questionnaire_version_id.in_(versions))
        first = db.session.scalar(self._in_area(query))
        return None if first is None else Period.containing(local_day(first), YEAR).fy_start_year

    def baseline_versions(self) -> list[int]:
        """The questionnaire versions that answer a measure with a baseline in place."""
        if self._versions is None:
            keys = {k for k, in db.session.execute(select(ImpactMeasure.seed_key).where(
                ImpactMeasure.has_baseline.is_(True), ImpactMeasure.seed_key.is_not(None)))}
            versions = db.session.scalars(select(QuestionnaireVersion)).all()
            self._versions = sorted(v.id for v in versions if keys & set(v.definition.measure_keys()))
        return self._versions

    def static(self) -> list:
        return [_table_digest(t) for t in (Questionnaire, QuestionnaireVersion, ImpactMeasure, Recommendation,
                                             Team, District, Locality)]


def _response_totals():
    return select(func.count(Response.id), func.max(Response.id), func.min(Response.submitted_at),
                  func.max(Response.submitted_at))


# --- Audits ------------------------------------------------------------------------------------


def audits(trend: list[Period], district_id: int | None, locality_id: int | None, *, today: date) -> list[AuditRecord]:
    """`load_audits` over the trend periods (consecutive, the report's last), each closed
    period's records kept while unchanged."""
    inputs: dict[str, list] = {}

    def inputs_of(period: Period) -> list:
        if not inputs:  # every period's at once: four queries, not four per period
            inputs.update(_audit_inputs(trend, district_id, locality_id))
        return inputs[period.label]

    out: list[AuditRecord] = []
    for period in trend:
        out += kept(AUDITS, period, area_key(district_id, locality_id), 0, today=today,
                    inputs=lambda p=period: inputs_of(p),
                    compute=lambda p=period: load_audits(p.start, p.end, p.kind, district_id, locality_id),
                    encode=to_plain, decode=lambda data: [from_plain(AuditRecord, r) for r in data])
    return out


def _audit_inputs(periods: list[Period], district_id: int | None, locality_id: int | None) -> dict[str, list]:
    """Per period: the audits submitted in it in the area (how many, the highest id, the
    last changed), their cases' last change, their moderations (with the last finalised),
    the moderations' decisions and history; and the teams, districts and audit tools."""
    bounds = [utc_bounds(p.start, p.end) for p in periods]
    where = [Audit.submitted_at.is_not(None), Audit.submitted_at >= bounds[0][0], Audit.submitted_at < bounds[-1][1],
             ~in_multi_agency_round(Audit.round_id)]  # as load_audits counts them
    area = area_clause(Team.district_id, district_id, locality_id)
    if area is not None:
        where.append(area)
    # Which period an audit is in, by its UK day of submission, as load_audits counts it.
    which = case(*((Audit.submitted_at < hi, i) for i, (_, hi) in enumerate(bounds)), else_=len(bounds))

    def per_period(*columns, joins=()):
        query = select(which, *columns).select_from(Audit).join(Case, Audit.case_id == Case.id).join(
            Team, Case.team_id == Team.id)
        for model, on in joins:
            query = query.join(model, on)
        return {i: list(rest) for i, *rest in db.session.execute(query.where(*where).group_by(which))}

    moderation = (Moderation, Moderation.audit_id == Audit.id)
    found = [
        per_period(func.count(Audit.id), func.max(Audit.id), func.max(Audit.updated_at), func.max(Audit.submitted_at),
                   func.max(Case.updated_at)),
        per_period(func.count(Moderation.id), func.max(Moderation.id), func.max(Moderation.finalised_at),
                   joins=[moderation]),
        *(per_period(func.count(child.id), func.max(child.id),
                     joins=[moderation, (child, child.moderation_id == Moderation.id)])
          for child in (ModerationDecision, ModerationEvent)),
    ]
    tables = [_table_digest(t) for t in (AuditTool, AuditToolVersion, Team, District)]
    return {p.label: [part.get(i) for part in found] + tables for i, p in enumerate(periods)}


# --- Shared --------------------------------------------------------------------------------------


def _aggregate(query) -> list:
    return list(db.session.execute(query).one())


def _table_digest(model) -> str:
    """A digest of every row and column of a small table (teams, questionnaire versions, the
    plan's measures): any change to one of them changes it."""
    table = model.__table__
    rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
    text = json.dumps([table.name, [list(r) for r in rows]], default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
