"""A hand-built dataset with known answers, for the report of H1 2026-27 (April to
September 2026), compared with H2 2025-26. Rows are made directly so each figure is known:

Audits (case file audit tool, all in Carlisle Safeguarding 1, service CP):
  this period, 6 audits            contingency  direct work   auditor's   moderated
    A1                              yes          good -> RI*   good        RI (finalised, 3 working days)
    A2                              no           good          good        good (finalised, agreed, 1 day)
    A3                              yes          good          good        (awaiting moderation)
    A4                              yes          RI            RI
    A5                              yes          outstanding   outstanding
    A6                              partly       inadequate    good
  * the moderator lowered the direct-work grade and the overall judgement.
  r2-am1 (contingency yes) 4 of 6 = 67%, target 70%: Amber (within 5% of 70 = 3.5 points);
  r2-am3 (direct work good or better) 3 of 6 = 50%, target 60%: Red;
  good or outstanding: as graded 5 of 6 = 83%, after moderation 4 of 6 = 67%.
  last period, 5 audits, all good, contingency yes: every figure 100%.

Feedback this period:
  children_feedback, 3 children: know-plan happy, happy, sad            (suppressed: 3 < 5)
  parents_carers_feedback, 6 parents (4 from 8 invites): understand-plan agree x5, disagree x1;
      plan-fits-needs strongly agree x3, don't know x3
  parents_early_help, 4 parents                          (a small group: in no figure or count)
  r2-fm1: each audience apart: children suppressed; parents 5 of 6 = 83% (6 respondents): only 3
      answered plan-fits-needs on the scale, a small group, left out of every figure.
  Earlier parents' answers to understand-plan: H2 2025-26 5 of 5 (100%); H2 2024-25 4 of 5 (80%).
KPI T2.1 (percent, increase, target 60, baseline 50): 58 last period, 55 this period: Red, worse.
Corrective actions due in the period: one on time, one late, one open and overdue.
Two safeguarding alerts (a small group: suppressed). Comment themes: 'Being listened to' 6, 'Waiting times' 2 (suppressed). One plan action overdue (recommendation 1).
"""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.audits.models import (
    Audit,
    AuditRound,
    AuditTool,
    AuditToolVersion,
    Case,
    CorrectiveAction,
)
from app.audits.tools import TOOLS_DIR
from app.core.db import db, utcnow
from app.core.periods import Period
from app.feedback.models import Campaign, CommentTag, CommentTheme, Invite, Response
from app.safeguarding.models import Alert
from app.feedback.questionnaire_service import questionnaire_by_key, seed_questionnaires
from app.feedback.yswd_models import YouSaidWeDid
from app.moderation.models import Moderation, ModerationDecision
from app.org.models import District, Team
from app.plan.models import (
    ImpactMeasure,
    Kpi,
    KpiValue,
    PlanAction,
    Recommendation,
    RecommendationKpi,
)

PERIOD = Period.parse("H1 2026-27")
NOW = datetime(2026, 10, 15, 12, 0)


def answers_for(tool, grade="good", **overrides):
    from app.audits import rules

    answers = {}
    for _, q in tool.all_questions():
        if q.kind == rules.GRADED:
            answers[q.key] = grade
        elif q.kind == rules.YES_PARTLY_NO:
            answers[q.key] = "yes"
        elif q.kind == rules.SINGLE_CHOICE:
            answers[q.key] = q.options[0].key
        elif q.kind == rules.NUMBER:
            answers[q.key] = 3
        elif q.kind == rules.DATE:
            answers[q.key] = "2026-03-02"
        elif q.kind == rules.TEXT:
            answers[q.key] = "Noted."
    answers.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return answers


@pytest.fixture
def dataset(app, places, make_user):
    admin = make_user("admin", email="ada.admin@example.org", name="Ada Admin")
    auditor = make_user("auditor", email="aud@example.org", name="Aud Itor")
    moderator = make_user("moderator", email="mod@example.org", name="Mo Derator")
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    team = Team(name="Carlisle Safeguarding 1", district=carlisle, service_area="safeguarding")
    db.session.add(team)

    # The plan: two recommendations.
    r1 = Recommendation(number=1, title="Early help is timely and effective.", short_title="Early help")
    r2 = Recommendation(number=2, title="Plans for children are specific and reviewed.", short_title="Quality of plans")
    db.session.add_all([
        r1, r2,
        ImpactMeasure(recommendation=r1, kind="feedback", position=0, seed_key="r1-fm1", frequency="six_monthly",
                      text="Families understand the early help process", respondent_groups=["parents_carers"]),
        ImpactMeasure(recommendation=r2, kind="audit", position=0, seed_key="r2-am1", frequency="six_monthly",
                      text="Plans contain contingency planning", target_percent=70),
        ImpactMeasure(recommendation=r2, kind="audit", position=1, seed_key="r2-am3", frequency="six_monthly",
                      text="Meaningful direct work informs planning", target_percent=60),
        ImpactMeasure(recommendation=r2, kind="feedback", position=2, seed_key="r2-fm1", frequency="six_monthly",
                      text="Children and families understand their plan",
                      respondent_groups=["children", "young_people", "parents_carers"]),
        PlanAction(recommendation=r1, number="1.1", text="Launch the early help hub", owner="Head of early help",
                   due_date=date(2026, 7, 31), status="in_progress"),
        PlanAction(recommendation=r2, number="2.1", text="Plan template agreed", owner="Principal social worker",
                   due_date=date(2026, 5, 31), status="complete"),
    ])
    kpi = Kpi(code="T2.1", description="Plans reviewed on time", unit="percent", direction="increase",
              target_value=60, target_text="60%", baseline_value=50, baseline_text="50%")
    db.session.add_all([kpi, RecommendationKpi(recommendation=r2, kpi=kpi)])
    prev = PERIOD.previous()
    db.session.add_all([
        KpiValue(kpi=kpi, period_start=prev.start, period_end=prev.end, value=58),
        KpiValue(kpi=kpi, period_start=PERIOD.start, period_end=PERIOD.end, value=55),
    ])

    # Audits.
    tool = AuditTool(key="case_file_audit", title="Case file audit")
    version = AuditToolVersion(tool=tool, version=1, status="published", published_at=utcnow(),
                               definition_yaml=(TOOLS_DIR / "case_file_audit.yaml").read_text(encoding="utf-8"))
    round_ = AuditRound(name="H1 dip sample", tool_version=version, cohort_filter={}, sample_spec="11",
                        method="simple_random", seed=1, cohort_size=11, sample_size=11, created_by=admin,
                        confirmed_at=utcnow(), confirmed_by=admin)
    db.session.add_all([tool, version, round_])
    db.session.flush()
    definition = version.definition
    cases = iter(range(1, 100))

    def audit(submitted: datetime, judgement: str, **answers) -> Audit:
        grade = answers.pop("grade", "good")
        case = Case(reference=f"CASE-{next(cases):03d}", service_type="CP", team=team, start_date=date(2025, 1, 6))
        a = Audit(round=round_, case=case, tool_version=version, auditor_id=auditor.id, state="submitted",
                  answers=answers_for(definition, grade, **answers), computed_judgement=judgement,
                  submitted_at=submitted)
        db.session.add_all([case, a])
        return a

    day = datetime(2026, 6, 1, 10, 0)  # a Monday
    a1 = audit(day, "good")
    a2 = audit(day, "good", plan_contingency="no")
    a3 = audit(day, "good")
    audit(day, "requires_improvement", grade="requires_improvement")
    audit(day, "outstanding", grade="outstanding")
    audit(day, "good", direct_work="inadequate", plan_contingency="partly")
    for i in range(5):
        audit(datetime(2026, 1, 12 + i, 10, 0), "good")
    db.session.flush()
    m1 = Moderation(audit_id=a1.id, round_id=round_.id, state="finalised", moderator_id=moderator.id,
                    first_submitted_at=day, first_decided_at=datetime(2026, 6, 4, 15, 0),
                    finalised_at=datetime(2026, 6, 4, 15, 0), final_judgement="requires_improvement")
    m1.decisions = [
        ModerationDecision(target="question:direct-work", auditor_grade="good", moderator_grade="requires_improvement",
                           agreed=False, reason="Little direct work seen"),
        ModerationDecision(target="overall", auditor_grade="good", moderator_grade="requires_improvement",
                           agreed=False, reason="Direct work"),
    ]
    m2 = Moderation(audit_id=a2.id, round_id=round_.id, state="finalised", moderator_id=moderator.id,
                    first_submitted_at=day, first_decided_at=datetime(2026, 6, 2, 9, 0),
                    finalised_at=datetime(2026, 6, 2, 9, 0), final_judgement="good")
    m2.decisions = [ModerationDecision(target="overall", auditor_grade="good", moderator_grade="good", agreed=True)]
    m3 = Moderation(audit_id=a3.id, round_id=round_.id, state="awaiting_moderation", first_submitted_at=day)
    db.session.add_all([m1, m2, m3])

    # Corrective actions due in the period.
    # Done on time, done late, open; and one recorded done on time but never confirmed: still open.
    for due, completed, confirmed in ((date(2026, 7, 1), datetime(2026, 6, 30, 9), datetime(2026, 7, 2, 9)),
                                      (date(2026, 7, 1), datetime(2026, 7, 3, 9), datetime(2026, 7, 3, 10)),
                                      (date(2026, 8, 1), None, None),
                                      (date(2026, 7, 1), datetime(2026, 6, 29, 9), None)):
        db.session.add(CorrectiveAction(audit=a1, case_id=a1.case_id, description="Update the plan", owner_id=auditor.id,
                                        due_date=due, raised_by_id=auditor.id, completed_at=completed,
                                        confirmed_at=confirmed))

    # Feedback.
    seed_questionnaires()

    def campaign(key: str) -> Campaign:
        c = Campaign(name=f"{questionnaire_by_key(key).title} H1", questionnaire_version=questionnaire_by_key(key).published,
                     period_start=PERIOD.start, period_end=PERIOD.end, created_by_id=admin.id)
        db.session.add(c)
        return c

    children, parents, early_help = campaign("children_feedback"), campaign("parents_carers_feedback"), campaign("parents_early_help")
    db.session.flush()
    tokens = iter(range(1, 1000))

    def respond(c: Campaign, answers: dict, invite: Invite | None = None, at=datetime(2026, 7, 1, 12)):
        r = Response(campaign_id=c.id, invite=invite, team_id=team.id, district_id=carlisle.id, submitted_at=at,
                     idempotency_key=f"key-{next(tokens)}", answers=answers, free_text={})
        db.session.add(r)
        return r

    for face in ("happy", "happy", "sad"):
        respond(children, {"know-plan": face})
    invites = [Invite(campaign=parents, code=f"CODE{i:04d}", issued_by_id=admin.id, team_id=team.id,
                      created_at=datetime(2026, 6, 1, 9)) for i in range(8)]
    db.session.add_all(invites)
    parent_answers = [
        {"understand-plan": "agree", "plan-fits-needs": "strongly_agree"},
        {"understand-plan": "agree", "plan-fits-needs": "strongly_agree"},
        {"understand-plan": "agree", "plan-fits-needs": "strongly_agree"},
        {"understand-plan": "agree", "plan-fits-needs": "dont_know"},
        {"understand-plan": "agree", "plan-fits-needs": "dont_know"},
        {"understand-plan": "disagree", "plan-fits-needs": "dont_know"},
    ]
    for i, answers in enumerate(parent_answers):
        respond(parents, answers, invites[i] if i < 4 else None)
    for _ in range(4):
        respond(early_help, {"understood-process": "agree"})
    # Earlier periods, for the comparison and the trend: none in H1 2025-26.
    for _ in range(5):
        respond(parents, {"understand-plan": "agree"}, at=datetime(2026, 1, 15, 12))  # H2 2025-26: 5 of 5
    for answer in ("agree", "agree", "strongly_agree", "agree", "disagree"):
        respond(parents, {"understand-plan": answer}, at=datetime(2025, 1, 15, 12))  # H2 2024-25: 4 of 5
    db.session.flush()
    responses = db.session.scalars(select(Response).where(Response.campaign_id == children.id).order_by(Response.id)).all()
    for r in responses[:2]:
        db.session.add(Alert(response_id=r.id, campaign_id=children.id, team_id=team.id,
                             raised_at=datetime(2026, 7, 1, 12), acknowledged_at=datetime(2026, 7, 1, 14)))
    # Comment themes: six parents' comments about being listened to, two about waiting (suppressed).
    listened, waiting = CommentTheme(name="Being listened to"), CommentTheme(name="Waiting times")
    db.session.add_all([listened, waiting])
    parent_responses = db.session.scalars(select(Response).where(Response.campaign_id == parents.id).order_by(Response.id)).all()
    for r in parent_responses:
        db.session.add(CommentTag(response_id=r.id, question_key="better", theme=listened))
    for r in parent_responses[:2]:
        db.session.add(CommentTag(response_id=r.id, question_key="better", theme=waiting))
    db.session.add(YouSaidWeDid(heard="Plans were hard to follow", did="We rewrote the plan template with families",
                                done_on=date(2026, 8, 3), measure_key="r2-fm1", period="H1 2026-27", created_by_id=admin.id))
    db.session.commit()
    return {"admin": admin, "auditor": auditor, "moderator": moderator, "team": team, "district": carlisle}


def sheet(workbook, table_id: str):
    """A table's sheet in a report workbook, found as a reader would: through the Contents
    sheet, whose third column names each table's CSV file ("rec-2.csv")."""
    for name, _, csv_name in workbook["Contents"].iter_rows(min_col=1, max_col=3, values_only=True):
        if csv_name == f"{table_id}.csv":
            return workbook[name]
    raise KeyError(table_id)


def sheet_rows(workbook, table_id: str) -> list[list]:
    return [list(r) for r in sheet(workbook, table_id).iter_rows(values_only=True)]
