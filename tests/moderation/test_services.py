"""Moderation use cases, called directly: selection, claiming, deciding, returning,
resubmitting, finalising, and the history that tells the story."""
import pytest
from audits.test_audit_service import complete_answers
from sqlalchemy import select

from app.audits import audit_service, states
from app.core.db import db
from app.moderation import rules, services
from app.moderation.models import (
    HistoryIsAppendOnly,
    Moderation,
    ModerationEvent,
    RoundModerationPolicy,
)
from moderation.helpers import submitted_audit

SAFE = "Is the child safe, and is risk well understood and managed?"
TIMELY = "Is the assessment up to date, and was it completed within the child's timescale?"


@pytest.fixture
def people(make_user):
    return (make_user("auditor", name="Alex Auditor"), make_user("moderator", name="Mo Moderator"),
            make_user("moderator", name="Sam Second"))


def test_the_scripted_run_leaves_a_history_that_tells_the_story(make_audit, people):
    auditor, mo, _ = people
    audit, moderation = submitted_audit(make_audit, auditor)
    assert moderation.state == rules.AWAITING_MODERATION
    assert [i.moderation.id for i in services.queue(mo)] == [moderation.id]

    services.claim(moderation, mo)
    with pytest.raises(services.InvalidInput) as missing:
        services.decide(moderation, mo, {"question:child-safe": "requires_improvement"}, {}, None, "return", "x")
    assert missing.value.errors == {"reason-question-child-safe": f"{SAFE}: give a reason for changing Good to Requires improvement"}

    services.decide(
        moderation, mo,
        {"question:child-safe": "requires_improvement", "question:assessment-timely": "requires_improvement"},
        {"question:child-safe": "The safety plan is out of date.", "question:assessment-timely": "Completed late."},
        None, "return", "Please update the safety evidence.",
    )
    assert db.session.get(Moderation, moderation.id).state == rules.RETURNED
    assert audit.state == states.RETURNED

    # the auditor amends and resubmits through their own form's use cases
    answers, evidence = complete_answers(audit.tool_version.definition)
    answers["child-safe"] = "requires_improvement"
    saved = audit_service.save_draft(audit, auditor, answers, evidence, True, None, audit.lock_version)
    audit_service.submit(audit, auditor, None, None, saved.lock_version)
    assert audit.auditor_judgement == "requires_improvement"  # the safety question limits it
    again = services.on_audit_submitted(audit)
    assert again.id == moderation.id and again.state == rules.RESUBMITTED
    assert db.session.scalar(select(db.func.count(Moderation.id))) == 1

    services.claim(again, mo)
    services.decide(again, mo, {"overall": "inadequate"}, {"overall": "Risk is not yet well managed."},
                    "Record safety plans on the day.", "finalise", agree_rest=True)
    final = db.session.get(Moderation, moderation.id)
    assert final.state == rules.FINALISED and final.final_judgement == "inadequate"
    assert services.final_judgement(audit) == "inadequate"

    story = [(s.title, s.lines) for s in services.history(final)]
    assert story == [
        ("Selected for moderation: every audit is moderated", []),
        ("Claimed by Mo Moderator", []),
        ("Returned to the auditor by Mo Moderator", [
            f"Changed '{TIMELY}' from Good to Requires improvement: Completed late.",
            f"Changed '{SAFE}' from Good to Requires improvement: The safety plan is out of date.",
            "Comments: Please update the safety evidence.",
        ]),
        ("Resubmitted by Alex Auditor", [f"Changed '{SAFE}' from Good to Requires improvement",
                                         "Changed 'Overall judgement' from Good to Requires improvement"]),
        ("Claimed by Mo Moderator", []),
        ("Finalised by Mo Moderator: final judgement Inadequate", [
            # the decision on a grade the auditor did not change stands; the one they changed was decided again
            f"Changed '{TIMELY}' from Good to Requires improvement: Completed late.",
            "Changed 'Overall judgement' from Requires improvement to Inadequate: Risk is not yet well managed.",
            "Learning points: Record safety plans on the day.",
        ]),
    ]


def test_two_moderators_at_once_one_wins(make_audit, people):
    auditor, mo, sam = people
    _, moderation = submitted_audit(make_audit, auditor)
    services.claim(moderation, mo)
    with pytest.raises(services.AlreadyClaimed, match=r"^Mo Moderator is moderating this audit \(since \d\d:\d\d\)$"):
        services.claim(moderation, sam)
    fresh = db.session.get(Moderation, moderation.id, populate_existing=True)
    assert fresh.moderator_id == mo.id
    assert services.claim(fresh, mo).moderator_id == mo.id  # a second click is harmless
    assert [e.event for e in fresh.events] == ["selected", "claimed"]


def test_a_resubmitted_audit_goes_back_only_to_its_moderator(make_audit, people):
    auditor, mo, sam = people
    audit, moderation = submitted_audit(make_audit, auditor)
    services.claim(moderation, mo)
    services.decide(moderation, mo, {}, {}, None, "return", "Add evidence.")
    saved = audit_service.save_draft(audit, auditor, audit.answers, audit.evidence, True, None, audit.lock_version)
    audit_service.submit(audit, auditor, None, None, saved.lock_version)
    services.on_audit_submitted(audit)
    assert services.queue(sam) == []
    with pytest.raises(rules.IllegalTransition, match="resubmitted to another moderator"):
        services.claim(moderation, sam)
    assert [i.moderation.id for i in services.queue(mo)] == [moderation.id]


def test_nobody_moderates_their_own_audit(make_audit, make_user):
    both = make_user("auditor", "moderator")
    _, moderation = submitted_audit(make_audit, both)
    assert services.queue(both) == []
    with pytest.raises(services.NotAllowed):
        services.claim(moderation, both)


def test_history_cannot_be_edited_or_deleted(make_audit, people):
    auditor, _, _ = people
    _, moderation = submitted_audit(make_audit, auditor)
    event = moderation.events[0]
    event.details = {"reasons": ["forged"]}
    with pytest.raises(HistoryIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(ModerationEvent, event.id))
    with pytest.raises(HistoryIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(ModerationEvent, event.id).details == {"reasons": ["every audit is moderated"]}


def test_the_round_policy_decides_selection(make_audit, people):
    auditor, _, _ = people
    audit = make_audit(auditor=auditor)
    db.session.add(RoundModerationPolicy(round_id=audit.round_id, policy={"extremes": True}, seed=1))
    db.session.commit()
    answers, evidence = complete_answers(audit.tool_version.definition, "good")
    saved = audit_service.save_draft(audit, auditor, answers, evidence, True, None, audit.lock_version)
    audit_service.submit(audit, auditor, None, None, saved.lock_version)
    assert services.on_audit_submitted(audit) is None
    assert services.final_judgement(audit) == audit.auditor_judgement == "good"


def test_finalising_without_changes_keeps_the_auditors_judgement(make_audit, people):
    auditor, mo, _ = people
    _, moderation = submitted_audit(make_audit, auditor)
    services.claim(moderation, mo)
    services.decide(moderation, mo, {}, {}, None, "finalise", agree_rest=True)
    assert moderation.final_judgement == "good"
    assert all(d.agreed for d in moderation.decisions)
    with pytest.raises(rules.IllegalTransition):
        services.decide(moderation, mo, {}, {}, None, "return", "Too late")


def test_demo_data_is_deterministic_and_idempotent(make_audit, people):
    import random
    from datetime import date

    from app.demo.moderation import add_demo_data

    auditor, _, _ = people
    audit = make_audit(auditor=auditor)
    answers, evidence = complete_answers(audit.tool_version.definition)
    saved = audit_service.save_draft(audit, auditor, answers, evidence, True, None, audit.lock_version)
    audit_service.submit(audit, auditor, None, None, saved.lock_version)
    add_demo_data(random.Random(0), date(2026, 11, 23))
    first = [(m.audit_id, m.state) for m in db.session.scalars(select(Moderation))]
    add_demo_data(random.Random(0), date(2026, 11, 23))
    assert [(m.audit_id, m.state) for m in db.session.scalars(select(Moderation))] == first
    assert first == [(audit.id, rules.FINALISED)]
