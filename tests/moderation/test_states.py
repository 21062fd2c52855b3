"""The moderation state machine: every legal move, the illegal ones, and the messages."""
import pytest

from app.moderation.rules import (
    AWAITING_MODERATION,
    CLAIM,
    EVENTS,
    FINALISE,
    FINALISED,
    IN_MODERATION,
    REASSIGN,
    RELEASE,
    RESUBMIT,
    RESUBMITTED,
    RETURN,
    RETURNED,
    STATES,
    TRANSITIONS,
    IllegalTransition,
    allowed_events,
    check_claim,
    is_terminal,
    missing_change_reasons,
    next_state,
)

LEGAL = [
    (AWAITING_MODERATION, CLAIM, IN_MODERATION),
    (IN_MODERATION, RELEASE, AWAITING_MODERATION),
    (IN_MODERATION, RETURN, RETURNED),
    (IN_MODERATION, FINALISE, FINALISED),
    (RETURNED, RESUBMIT, RESUBMITTED),
    (RESUBMITTED, CLAIM, IN_MODERATION),
    (IN_MODERATION, REASSIGN, IN_MODERATION),
    (RETURNED, REASSIGN, RETURNED),
    (RESUBMITTED, REASSIGN, RESUBMITTED),
]


@pytest.mark.parametrize("state, event, expected", LEGAL)
def test_every_legal_move(state, event, expected):
    assert next_state(state, event) == expected


def test_the_table_has_exactly_the_legal_moves():
    assert TRANSITIONS == {(s, e): t for s, e, t in LEGAL}


ILLEGAL = [(s, e) for s in STATES for e in EVENTS if (s, e) not in TRANSITIONS]


@pytest.mark.parametrize("state, event", ILLEGAL)
def test_every_other_move_is_refused(state, event):
    with pytest.raises(IllegalTransition):
        next_state(state, event)


@pytest.mark.parametrize(
    "state, event, message",
    [
        (FINALISED, RETURN, "An audit that is finalised cannot be returned"),
        (FINALISED, CLAIM, "An audit that is finalised cannot be claimed"),
        (FINALISED, REASSIGN, "An audit that is finalised cannot be reassigned"),
        (AWAITING_MODERATION, FINALISE, "An audit that is awaiting moderation cannot be finalised"),
        (AWAITING_MODERATION, RETURN, "An audit that is awaiting moderation cannot be returned"),
        (RETURNED, FINALISE, "An audit that is returned to the auditor cannot be finalised"),
        (RETURNED, CLAIM, "An audit that is returned to the auditor cannot be claimed"),
        (IN_MODERATION, CLAIM, "An audit that is in moderation cannot be claimed"),
        (IN_MODERATION, RESUBMIT, "An audit that is in moderation cannot be resubmitted"),
        (RESUBMITTED, FINALISE, "An audit that is resubmitted cannot be finalised"),
        (RESUBMITTED, RELEASE, "An audit that is resubmitted cannot be released"),
    ],
)
def test_illegal_move_messages(state, event, message):
    with pytest.raises(IllegalTransition) as raised:
        next_state(state, event)
    assert str(raised.value) == message


def test_illegal_transition_is_a_value_error():
    assert issubclass(IllegalTransition, ValueError)


def test_unknown_state_or_event():
    with pytest.raises(IllegalTransition, match="'draft' is not a moderation state"):
        next_state("draft", CLAIM)
    with pytest.raises(IllegalTransition, match="'approve' is not a moderation step"):
        next_state(IN_MODERATION, "approve")


def test_finalised_is_terminal():
    assert is_terminal(FINALISED)
    assert allowed_events(FINALISED) == []
    assert not any(is_terminal(s) for s in STATES if s != FINALISED)


def test_allowed_events_for_buttons():
    assert allowed_events(AWAITING_MODERATION) == [CLAIM]
    assert allowed_events(IN_MODERATION) == [RELEASE, RETURN, FINALISE, REASSIGN]
    assert allowed_events(RETURNED) == [RESUBMIT, REASSIGN]
    assert allowed_events(RESUBMITTED) == [CLAIM, REASSIGN]


def test_a_full_round_trip():
    state = AWAITING_MODERATION
    for event in (CLAIM, RETURN, RESUBMIT, CLAIM, RETURN, RESUBMIT, CLAIM, FINALISE):
        state = next_state(state, event)
    assert state == FINALISED


def test_any_moderator_may_claim_an_audit_awaiting_moderation():
    assert check_claim(AWAITING_MODERATION, moderator_id=7) == IN_MODERATION
    assert check_claim(AWAITING_MODERATION, moderator_id=7, assigned_moderator_id=None) == IN_MODERATION


def test_a_resubmitted_audit_goes_back_to_the_same_moderator():
    assert check_claim(RESUBMITTED, moderator_id=7, assigned_moderator_id=7) == IN_MODERATION
    with pytest.raises(IllegalTransition, match="resubmitted to another moderator"):
        check_claim(RESUBMITTED, moderator_id=8, assigned_moderator_id=7)


def test_check_claim_still_applies_the_table():
    with pytest.raises(IllegalTransition, match="An audit that is finalised cannot be claimed"):
        check_claim(FINALISED, moderator_id=7, assigned_moderator_id=7)


def test_a_changed_grade_needs_a_reason():
    problems = missing_change_reasons(
        [
            ("Overall judgement", "good", "requires_improvement", ""),
            ("Section 'Plan'", "Good", "Good", None),  # agreed: no reason needed
            ("'Is there a contingency plan?'", "outstanding", None, None),  # None = agreed
            ("'Were visits on time?'", "Adequate", "inadequate", "Visits were 3 weeks late"),
            ("'Was the child seen alone?'", "good", "outstanding", "   "),
            ("'Return interview offered?'", "not_applicable", "inadequate", None),
        ]
    )
    assert problems == [
        "Overall judgement: give a reason for changing Good to Requires improvement",
        "'Was the child seen alone?': give a reason for changing Good to Outstanding",
        "'Return interview offered?': give a reason for changing Not applicable to Inadequate",
    ]
