"""The states of an agency's Section 11 return and the moves between them. Plain values:
no Flask, no database.

    not started --save--> in progress --submit--> submitted
    submitted --challenge--> challenged --respond--> responded
    submitted or responded --agree / agree_with_actions--> agreed / agreed with actions
"""

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
CHALLENGED = "challenged"
RESPONDED = "responded"
AGREED = "agreed"
AGREED_WITH_ACTIONS = "agreed_with_actions"

STATES = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    SUBMITTED: "Submitted",
    CHALLENGED: "Challenged",
    RESPONDED: "Responded",
    AGREED: "Agreed",
    AGREED_WITH_ACTIONS: "Agreed with actions",
}
EDITABLE = (NOT_STARTED, IN_PROGRESS)  # the agency may change its self-assessment
NOT_SUBMITTED = EDITABLE
FOR_THE_PANEL = (SUBMITTED, RESPONDED)  # waiting for the panel
CLOSED = (AGREED, AGREED_WITH_ACTIONS)

# (from, event) -> to
TRANSITIONS = {
    (NOT_STARTED, "save"): IN_PROGRESS,
    (IN_PROGRESS, "save"): IN_PROGRESS,
    (NOT_STARTED, "submit"): SUBMITTED,
    (IN_PROGRESS, "submit"): SUBMITTED,
    (SUBMITTED, "challenge"): CHALLENGED,
    (CHALLENGED, "respond"): RESPONDED,
    (SUBMITTED, "agree"): AGREED,
    (RESPONDED, "agree"): AGREED,
    (SUBMITTED, "agree_with_actions"): AGREED_WITH_ACTIONS,
    (RESPONDED, "agree_with_actions"): AGREED_WITH_ACTIONS,
}

_PAST = {"save": "changed", "submit": "submitted", "challenge": "challenged", "respond": "answered",
         "agree": "agreed", "agree_with_actions": "agreed"}


class IllegalTransition(ValueError):
    pass


def next_state(state: str, event: str) -> str:
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise IllegalTransition(
            f"A return that is {STATES.get(state, state).lower()} cannot be {_PAST.get(event, event)}"
        ) from None
