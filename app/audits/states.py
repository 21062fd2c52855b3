"""The states of an audit and the moves between them. Plain values: no Flask, no database."""

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
RETURNED = "returned"  # sent back by a moderator (moderation issue)

STATES = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", SUBMITTED: "Submitted", RETURNED: "Returned"}
EDITABLE = (NOT_STARTED, IN_PROGRESS, RETURNED)

# (from, event) -> to
TRANSITIONS = {
    (NOT_STARTED, "save"): IN_PROGRESS,
    (IN_PROGRESS, "save"): IN_PROGRESS,
    (RETURNED, "save"): RETURNED,
    (NOT_STARTED, "submit"): SUBMITTED,
    (IN_PROGRESS, "submit"): SUBMITTED,
    (RETURNED, "submit"): SUBMITTED,
    (SUBMITTED, "return"): RETURNED,
}


class IllegalTransition(ValueError):
    pass


def next_state(state: str, event: str) -> str:
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise IllegalTransition(f"An audit that is {STATES.get(state, state).lower()} cannot be {_past(event)}") from None


def _past(event: str) -> str:
    return {"save": "changed", "submit": "submitted", "return": "returned"}.get(event, event)
