from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text, UniqueConstraint, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.core.db import db, utcnow
from app.plan import rules


class SeededMixin:
    """Rows loaded from the plan's data file carry the file's key.

    `locally_edited` is set when an admin changes a seeded row; from then on the
    seed command leaves that row alone, so re-running it never loses an edit.
    """

    seed_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    locally_edited: Mapped[bool] = mapped_column(default=False)


class Plan(db.Model):
    """A plan in the register: the council's improvement plan (its items are Ofsted's
    recommendations), the safeguarding partnership's business plan (its items are priority
    areas, one per subgroup), and any later one. Each plan's items are numbered from 1."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)  # in its address: /plans/<key>
    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200), default="")  # who is accountable for it
    period: Mapped[str] = mapped_column(String(40), default="")  # "2018-19", "2017-20"
    summary: Mapped[str] = mapped_column(Text, default="")
    item_noun: Mapped[str] = mapped_column(String(40), default="Recommendation")
    # Prefix of its measures' keys: "r" (r2-am1) for the improvement plan, "p" for the partnership's.
    measure_prefix: Mapped[str] = mapped_column(String(5), default="r")
    position: Mapped[int] = mapped_column(default=0)

    recommendations: Mapped[list["Recommendation"]] = relationship(
        back_populates="plan", order_by="Recommendation.number")

    @property
    def is_main(self) -> bool:
        """The council's improvement plan, at /plan (the first in the register)."""
        return self.key == rules.MAIN_PLAN

    def __repr__(self):
        return f"<Plan {self.key}>"


class Recommendation(SeededMixin, db.Model):
    """An item of a plan: a recommendation of the improvement plan, a priority area of the
    partnership's business plan (the plan's `item_noun`)."""

    __tablename__ = "recommendation"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str] = mapped_column(String(120))

    plan: Mapped[Plan] = relationship(back_populates="recommendations")

    actions: Mapped[list["PlanAction"]] = relationship(
        back_populates="recommendation", order_by="PlanAction.position", cascade="all, delete-orphan"
    )
    measures: Mapped[list["ImpactMeasure"]] = relationship(
        back_populates="recommendation", order_by="ImpactMeasure.position", cascade="all, delete-orphan"
    )
    kpi_links: Mapped[list["RecommendationKpi"]] = relationship(
        back_populates="recommendation", order_by="RecommendationKpi.position", cascade="all, delete-orphan"
    )

    @property
    def audit_measures(self) -> list["ImpactMeasure"]:
        return [m for m in self.measures if m.kind == rules.AUDIT]

    @property
    def feedback_measures(self) -> list["ImpactMeasure"]:
        return [m for m in self.measures if m.kind == rules.FEEDBACK]

    @property
    def measure_labels(self) -> dict[int, str]:
        """Measure id -> "Audit 2.1", "Feedback 2.3" (see `rules.measure_labels`)."""
        labels = rules.measure_labels(self.number, [m.kind for m in self.measures])
        return {m.id: label for m, label in zip(self.measures, labels)}

    @property
    def kpis(self) -> list["Kpi"]:
        return [link.kpi for link in self.kpi_links]

    def overdue_actions(self, today: date) -> list["PlanAction"]:
        return [a for a in self.actions if a.is_overdue(today)]

    def __repr__(self):
        return f"<Recommendation {self.number}>"


@event.listens_for(Session, "before_flush")
def _items_belong_to_the_improvement_plan(session, flush_context, instances):
    """An item added with no plan named is the council's improvement plan's (as before the
    register held several plans)."""
    orphans = [o for o in session.new if isinstance(o, Recommendation) and o.plan is None and o.plan_id is None]
    if not orphans:
        return
    main = session.scalar(select(Plan).where(Plan.key == rules.MAIN_PLAN))
    if main is None:
        main = Plan(key=rules.MAIN_PLAN, title="Children's Services Improvement Plan")
        session.add(main)
    for item in orphans:
        item.plan = main


class PlanAction(SeededMixin, db.Model):
    __tablename__ = "plan_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"))
    number: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0)
    theme: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    due_text: Mapped[str | None] = mapped_column(String(200))
    governance: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(Text)  # "what we are trying to achieve", where the plan says
    achieved: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=rules.NOT_STARTED)
    # When its status or what was achieved last changed (None: not since it was loaded from the
    # plan): a board pack lists the actions that changed in its period (app.reports.pack).
    progress_changed_at: Mapped[datetime | None] = mapped_column(default=None)

    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")

    @property
    def due_label(self) -> str:
        if self.due_text:
            return self.due_text
        return self.due_date.strftime("%-d %B %Y") if self.due_date else "Not set"

    def is_overdue(self, today: date) -> bool:
        return rules.action_overdue(self.status, self.due_date, today)


class ImpactMeasure(SeededMixin, db.Model):
    """An audit or feedback measure. KPIs are linked separately (one KPI, many recommendations)."""

    __tablename__ = "impact_measure"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"))
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    frequency: Mapped[str] = mapped_column(String(20))
    has_baseline: Mapped[bool] = mapped_column(default=False)
    respondent_groups: Mapped[list] = mapped_column(JSON, default=list)
    # Optional: the % met (audit) or positive (feedback) to reach; with it, reports give a RAG.
    target_percent: Mapped[float | None] = mapped_column(Float)

    recommendation: Mapped[Recommendation] = relationship(back_populates="measures")

    @property
    def label(self) -> str:
        """The measure in the plan's numbering, e.g. "Audit 2.1"."""
        return self.recommendation.measure_labels[self.id]

    @property
    def frequency_label(self) -> str:
        return rules.frequency_label(self.frequency, self.has_baseline)

    @property
    def respondent_group_labels(self) -> list[str]:
        return [rules.RESPONDENT_GROUPS.get(g, g) for g in self.respondent_groups or []]


class Kpi(SeededMixin, db.Model):
    __tablename__ = "kpi"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    direction: Mapped[str | None] = mapped_column(String(20))
    direction_note: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(20), default=rules.UNIT_COUNT)
    frequency: Mapped[str] = mapped_column(String(20), default=rules.QUARTERLY)
    baseline_text: Mapped[str | None] = mapped_column(String(200))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_date: Mapped[date | None] = mapped_column(Date)
    baseline_rag: Mapped[str | None] = mapped_column(String(10))
    target_text: Mapped[str | None] = mapped_column(String(200))
    target_value: Mapped[float | None] = mapped_column(Float)
    target_date: Mapped[date | None] = mapped_column(Date)
    # How far short of a numeric target still counts as Amber, as a % of the target.
    amber_tolerance_pct: Mapped[float] = mapped_column(Float, default=rules.DEFAULT_AMBER_TOLERANCE_PCT)
    note: Mapped[str | None] = mapped_column(Text)
    # Where its figure comes from: entered (a form or CSV) or worked out from final audits
    # (rules.FROM_AUDITS: the headline "% of audits judged good or outstanding").
    figure_source: Mapped[str] = mapped_column(String(20), default=rules.ENTERED, server_default=rules.ENTERED)
    # Where the plan as printed contradicts itself (rules.kpi_contradictions): the words of
    # the flags an administrator resolved, by whom and when. A new or changed flag shows again.
    flags_resolved: Mapped[str | None] = mapped_column(Text)
    flags_resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    flags_resolved_at: Mapped[datetime | None]

    flags_resolved_by = relationship("User")
    links: Mapped[list["RecommendationKpi"]] = relationship(back_populates="kpi", cascade="all, delete-orphan")
    values: Mapped[list["KpiValue"]] = relationship(
        back_populates="kpi", order_by="KpiValue.period_start", cascade="all, delete-orphan"
    )

    @property
    def recommendations(self) -> list[Recommendation]:
        return sorted((link.recommendation for link in self.links), key=lambda r: r.number)

    @property
    def direction_label(self) -> str:
        return rules.DIRECTIONS.get(self.direction, "Not stated")

    @property
    def target_is_numeric(self) -> bool:
        return self.target_value is not None

    def rag_for(self, value: float | None, entered_rag: str | None = None) -> str | None:
        return rules.kpi_rag(
            value, self.target_value, self.direction, self.amber_tolerance_pct, entered_rag=entered_rag
        )

    @property
    def latest_value(self) -> "KpiValue | None":
        return self.values[-1] if self.values else None

    def format(self, value: float | None) -> str:
        return rules.format_value(value, self.unit)

    @property
    def from_audits(self) -> bool:
        """Worked out from final audits, never entered: no form, no import."""
        return self.figure_source == rules.FROM_AUDITS

    @property
    def facts(self) -> rules.KpiFacts:
        return rules.KpiFacts(self.id, self.code, self.description, self.direction, self.unit,
                              self.baseline_value, self.target_value)


class RecommendationKpi(db.Model):
    __tablename__ = "recommendation_kpi"
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"), primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    recommendation: Mapped[Recommendation] = relationship(back_populates="kpi_links")
    kpi: Mapped[Kpi] = relationship(back_populates="links")


class KpiValue(db.Model):
    """A KPI's figure for one reporting period, entered in a form or imported from CSV."""

    __tablename__ = "kpi_value"
    __table_args__ = (UniqueConstraint("kpi_id", "period_start", "period_end"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    # Only used where the target is words ("tbc", "2 per month"): RAG is then a judgement.
    entered_rag: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="form")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    kpi: Mapped[Kpi] = relationship(back_populates="values")
    entered_by = relationship("User")

    @property
    def rag(self) -> str | None:
        return self.kpi.rag_for(self.value, self.entered_rag)

    @property
    def period_label(self) -> str:
        from app.core.periods import Period

        return Period.from_dates(self.period_start, self.period_end).label
