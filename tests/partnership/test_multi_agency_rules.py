"""The rules of a multi-agency audit as plain functions, and the services on a real database."""
from datetime import date

import pytest
from partnership.conftest import part_for

from app.audits.tools import load_tool_file, TOOLS_DIR
from app.core.db import db
from app.partnership import rules, services

TOOL = load_tool_file(TOOLS_DIR / "multi_agency_domestic_abuse_audit.yaml")


class Person:
    def __init__(self, id, *roles, agency_id=None):
        self.id, self._roles, self.agency_id = id, set(roles), agency_id

    def has_role(self, *roles):
        return bool(self._roles.intersection(roles))


def test_the_tool_says_which_agency_completes_each_section():
    assert TOOL.multi_agency
    assert [s.agency for s in rules.agency_sections(TOOL)] == ["local_authority", "police", "health", "education"]
    assert rules.joint_section(TOOL).key == "joint"
    # Only the kinds taking part (and children's social care, always) are asked for.
    assert [s.key for s in rules.sections_in_round(TOOL, ["police"])] == ["social-care", "police"]


def test_a_part_is_seen_by_its_auditor_the_lead_and_the_qa_group_only():
    lead, own, other = Person(1, "auditor"), Person(2, "partner_auditor", agency_id=5), Person(3, "partner_auditor", agency_id=6)
    assert rules.may_see_part(own, part_auditor_id=2, lead_auditor_id=1)
    assert rules.may_see_part(lead, part_auditor_id=2, lead_auditor_id=1)
    assert rules.may_see_part(Person(9, "qa_viewer"), 2, 1)
    assert not rules.may_see_part(other, 2, 1)
    assert not rules.may_see_part(Person(4, "auditor"), 2, 1)  # a council auditor who is not the lead
    assert rules.may_complete_part(own, 2) and not rules.may_complete_part(lead, 2)


def test_the_report_is_for_the_qa_group_the_agencies_taking_part_and_the_panel():
    assert rules.may_read_report(Person(1, "auditor"), 1, [5])  # the lead
    assert rules.may_read_report(Person(2, "partner_auditor", agency_id=5), 1, [5])
    assert rules.may_read_report(Person(3, "partnership_panel"), 1, [5])
    assert not rules.may_read_report(Person(4, "partner_auditor", agency_id=6), 1, [5])
    assert not rules.may_read_report(Person(5, "auditor"), 1, [5])
    assert not rules.may_read_report(Person(6, "practitioner"), 1, [5])


def test_who_may_be_given_a_section():
    police_officer = Person(2, "partner_auditor", agency_id=5)
    assert rules.may_do_section(police_officer, "police", "police", 5, [5])
    assert not rules.may_do_section(police_officer, "health", "police", 5, [5])
    assert not rules.may_do_section(police_officer, "police", "police", 5, [7])  # agency not taking part
    assert rules.may_do_section(Person(3, "auditor"), "local_authority", None, None, [5])
    assert not rules.may_do_section(police_officer, "local_authority", "police", 5, [5])


def test_the_joint_judgement_waits_for_every_part():
    assert not rules.joint_ready([])
    assert not rules.joint_ready(["submitted", "in_progress"])
    assert rules.joint_ready(["submitted", "submitted"])


def test_each_agency_section_is_scored_by_the_same_rules():
    police = next(s for s in TOOL.sections if s.key == "police")
    answers = {"police-child-recorded": "yes", "police-risk-assessed": "inadequate", "police-notification-timely": "no"}
    assert rules.part_score(TOOL, police, answers).judgement == "inadequate"
    assert rules.part_score(TOOL, police, {"police-risk-assessed": "outstanding"}).judgement == "outstanding"
    # Another section's grades do not count in this one.
    assert rules.part_score(TOOL, police, {"csc-impact-assessed": "inadequate", "police-risk-assessed": "good"}).judgement == "good"


def test_small_counts_are_hidden_only_in_the_shared_figures():
    row = rules.judgement_row("Police", ["good"] * 6 + ["inadequate"] * 2, protect=True)
    texts = [c.text for c in row.cells]
    assert texts[3] == "–"  # 2 inadequate
    assert texts.count("–") == 2  # and one more, so it cannot be worked out from the total
    assert row.total == 8 and row.total_cell.count == 8
    assert rules.judgement_row("Health", ["good"], protect=True).total_cell.text == "–"  # a total of 1 case too
    full = rules.judgement_row("Police", ["good"] * 6 + ["inadequate"] * 2, protect=False)
    assert [c.count for c in full.cells] == [0, 6, 0, 2, 0]


# --- The services, on a real round -------------------------------------------------------------


def answer_police(part, user):
    services.save_part(part, user, {"police-child-recorded": "yes", "police-risk-assessed": "good",
                                    "police-notification-timely": "yes"},
                       {"police-risk-assessed": "DASH done at the scene, medium risk"}, part.lock_version)


def test_starting_draws_the_sample_and_makes_a_part_per_agency(world):
    mround = world["mround"]
    assert mround.round.confirmed and len(mround.round.audits) == 2
    keys = [p.section_key for p in services.parts_of(mround.round.audits[0])]
    assert keys == ["social-care", "police", "health"]  # no education agency takes part
    assert part_for(mround, "police").agency == world["police"]


def test_start_refuses_bad_input_and_saves_nothing(world):
    from app.audits.models import AuditRound

    before = db.session.query(AuditRound).count()
    with pytest.raises(services.Refused) as refused:
        services.start(name="Neglect", theme="nonsense", tool_version=world["version"], agency_ids=[],
                       place="", sample_spec="2", due_date=None, lead_auditor_id=None, user=world["admin"])
    assert set(refused.value.errors) == {"theme", "agency_ids", "place", "lead_auditor_id"}
    assert db.session.query(AuditRound).count() == before


def test_only_an_auditor_of_the_right_agency_is_given_a_part(world):
    mround, part = world["mround"], part_for(world["mround"], "police")
    with pytest.raises(services.Refused):
        services.assign(mround, part, world["nurse"].id)  # health, not police
    with pytest.raises(services.Refused):
        services.assign(mround, part_for(mround, "social-care"), world["officer"].id)
    services.assign(mround, part, world["officer"].id)
    services.assign(mround, part_for(mround, "social-care"), world["council"].id)
    assert part.auditor == world["officer"] and part.agency == world["police"]


def test_a_part_is_submitted_when_complete_with_its_judgement(world):
    mround = world["mround"]
    part = part_for(mround, "police")
    services.assign(mround, part, world["officer"].id)
    with pytest.raises(services.NotAllowed):
        answer_police(part, world["nurse"])
    services.save_part(part, world["officer"], {"police-risk-assessed": "good"}, {}, part.lock_version)
    problems = services.submit_part(part, world["officer"])
    assert problems and "needs an answer" in problems[0] and not part.submitted
    answer_police(part, world["officer"])
    assert services.submit_part(part, world["officer"]) == []
    assert part.submitted and part.computed_judgement == "good"


def complete_every_part(world, n=0):
    mround = world["mround"]
    audit = mround.round.audits[n]
    people = {"social-care": world["council"], "police": world["officer"], "health": world["nurse"]}
    answers = {
        "social-care": {"csc-impact-assessed": "good", "csc-plan-addresses-abuse": "requires_improvement",
                        "csc-marac-actions": "yes"},
        "police": {"police-child-recorded": "yes", "police-risk-assessed": "good", "police-notification-timely": "yes"},
        "health": {"health-routine-enquiry": "inadequate", "health-information-shared": "no",
                   "health-child-voice": "requires_improvement"},
    }
    for part in services.parts_of(audit):
        services.assign(mround, part, people[part.section_key].id)
        evidence = {k: "Seen in the record" for k in answers[part.section_key]}
        services.save_part(part, people[part.section_key], answers[part.section_key], evidence, part.lock_version)
        assert services.submit_part(part, people[part.section_key]) == []
    return audit


JOINT = {"joint-information-sharing": "requires_improvement", "joint-working-together": "good",
         "joint-learning": "Health were not at the strategy meeting."}
JOINT_EVIDENCE = {"joint-information-sharing": "Strategy notes", "joint-working-together": "Core group minutes"}


def test_the_joint_judgement_only_after_every_part_and_only_by_the_lead(world):
    mround = world["mround"]
    audit = mround.round.audits[0]
    services.save_joint(audit, world["lead"], JOINT, JOINT_EVIDENCE)
    assert services.submit_joint(audit, world["lead"], None, None) == [
        "Every agency's part must be submitted before the joint judgement"]
    complete_every_part(world)
    with pytest.raises(services.NotAllowed):
        services.submit_joint(audit, world["council"], None, None)
    assert services.submit_joint(audit, world["lead"], None, None) == []
    assert audit.state == "submitted" and audit.auditor_id == world["lead"].id
    # Scored on every part and the joint section: 3+2+3+3+1+2+2+3 over 8 = 2.375.
    assert audit.computed_judgement == "requires_improvement"
    assert audit.answers["police-risk-assessed"] == "good" and audit.answers["joint-working-together"] == "good"


def test_the_lead_may_differ_from_the_grades_with_a_reason(world):
    audit = complete_every_part(world)
    services.save_joint(audit, world["lead"], JOINT, JOINT_EVIDENCE)
    with pytest.raises(services.Refused) as refused:
        services.submit_joint(audit, world["lead"], "inadequate", "")
    assert "override_reason" in refused.value.errors and audit.state != "submitted"
    services.submit_joint(audit, world["lead"], "inadequate", "Health's gaps left the child unseen")
    assert audit.auditor_judgement == "inadequate"


def test_an_action_is_owned_by_the_agency_of_its_owner(world):
    audit = complete_every_part(world)
    action = services.raise_action(audit, world["lead"], "Invite health to every strategy meeting", world["nurse"].id,
                                   date(2099, 1, 1))
    assert action.agency == world["health"]
    with pytest.raises(services.Refused):
        services.raise_action(audit, world["lead"], "", world["nurse"].id, date(2099, 1, 1))


def test_the_councils_round_pages_do_not_give_out_a_multi_agency_audit(world):
    from app.audits import round_service

    audit = world["mround"].round.audits[0]
    with pytest.raises(round_service.RoundError):
        round_service.assign(audit, world["council"])
    with pytest.raises(round_service.RoundError):
        round_service.spread_evenly(world["mround"].round, [world["council"]])
    assert world["version"] not in round_service.published_versions()
    assert round_service.published_versions(multi_agency=True) == [world["version"]]


def test_a_joint_judgement_is_not_one_of_the_councils_audit_figures(world):
    """The board's headline ("% of audits judged good or outstanding") means the council's own
    case audits everywhere: a multi-agency audit's joint judgement is in its composite report."""
    from app.core.clock import uk_today
    from app.core.periods import QUARTER, Period
    from app.reports.audit_results import load_audits
    from app.reports.headline_figures import load_judgements

    audit = complete_every_part(world)
    services.save_joint(audit, world["lead"], JOINT, JOINT_EVIDENCE)
    assert services.submit_joint(audit, world["lead"], None, None) == []
    quarter = Period.containing(uk_today(), QUARTER)
    assert audit.submitted_at is not None
    assert load_audits(quarter.start, quarter.end, QUARTER) == []
    assert load_judgements(quarter.start, quarter.end, QUARTER) == []
