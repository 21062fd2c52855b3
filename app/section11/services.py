"""What people do with Section 11 returns, on the database: open a cycle, save a standard,
add an action, submit, review, respond, close. Each either saves everything or, on a
Section11Error (naming the field it is about), nothing. Who may see what is here too."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.auth.roles import ADMIN, AGENCY_LEAD, PARTNERSHIP_PANEL, QA_VIEWER
from app.core.db import db, utcnow
from app.org.models import Agency
from app.section11 import framework as frameworks
from app.section11 import rules, states
from app.section11.models import Section11Action, Section11Answer, Section11Cycle, Section11Return


@dataclass
class Section11Error(ValueError):
    message: str
    field: str = ""

    def __str__(self):
        return self.message


# --- Who may see what ---------------------------------------------------------------------


def sees_every_return(user: User) -> bool:
    """The partnership panel and the business unit (admins) see every agency's return."""
    return user.has_role(ADMIN, PARTNERSHIP_PANEL)


def may_see_return(user: User, ret: Section11Return) -> bool:
    if sees_every_return(user):
        return True
    return user.has_role(AGENCY_LEAD) and user.agency_id is not None and user.agency_id == ret.agency_id


def may_edit_return(user: User, ret: Section11Return) -> bool:
    """Only the agency's own lead completes its self-assessment and answers challenges."""
    return user.has_role(AGENCY_LEAD) and user.agency_id is not None and user.agency_id == ret.agency_id


def may_review(user: User) -> bool:
    return user.has_role(PARTNERSHIP_PANEL)


def may_read_report(user: User) -> bool:
    return user.has_role(ADMIN, PARTNERSHIP_PANEL, QA_VIEWER)


def cycles() -> list[Section11Cycle]:
    return db.session.scalars(select(Section11Cycle).order_by(Section11Cycle.year.desc())).all()


def returns_for(user: User) -> list[Section11Return]:
    """The returns `user` may see, newest cycle first."""
    query = select(Section11Return).join(Section11Cycle).join(Agency).order_by(Section11Cycle.year.desc(), Agency.name)
    if not sees_every_return(user):
        if user.agency_id is None or not user.has_role(AGENCY_LEAD):
            return []
        query = query.where(Section11Return.agency_id == user.agency_id)
    return db.session.scalars(query).all()


# --- The cycle ----------------------------------------------------------------------------


def open_cycle(year: int, due: date, agencies: list[Agency], by: User,
               framework: frameworks.Framework | None = None) -> Section11Cycle:
    if db.session.scalar(select(Section11Cycle).where(Section11Cycle.year == year)) is not None:
        raise Section11Error(f"There is already a Section 11 cycle for {rules.cycle_label(year)}", "year")
    if not agencies:
        raise Section11Error("Choose the agencies asked for a return", "agency_ids")
    framework = framework or frameworks.load_framework()
    cycle = Section11Cycle(year=year, due_date=due, framework_version=framework.version,
                           framework=frameworks.as_dict(framework), opened_by=by)
    cycle.returns = [Section11Return(agency=agency, status=states.NOT_STARTED) for agency in agencies]
    db.session.add(cycle)
    db.session.commit()
    return cycle


def _move(ret: Section11Return, event: str) -> None:
    try:
        ret.status = states.next_state(ret.status, event)
    except states.IllegalTransition as error:
        raise Section11Error(str(error)) from None


def _answer(ret: Section11Return, key: str) -> Section11Answer:
    answer = ret.answers_by_key().get(key)
    if answer is None:
        answer = Section11Answer(standard_key=key)
        ret.answers.append(answer)
    return answer


# --- The agency's self-assessment ---------------------------------------------------------


def save_standard(ret: Section11Return, key: str, rating: str | None, evidence: str, by: User,
                  complete: bool = True) -> Section11Answer:
    """Save the agency's rating and evidence for one standard. `complete`: both are needed
    (Save and continue); otherwise whatever was typed is kept as a draft."""
    ret.cycle.standards.standard(key)  # KeyError for a standard not in the cycle's framework
    evidence = (evidence or "").strip()
    if complete and rating not in rules.RATINGS:
        raise Section11Error("Choose how well the standard is met", "rating")
    if rating and rating not in rules.RATINGS:
        raise Section11Error("Choose how well the standard is met", "rating")
    if complete and not evidence:
        raise Section11Error("Enter the evidence for your rating", "evidence")
    if len(evidence) > rules.EVIDENCE_MAX:
        raise Section11Error(f"Evidence must be {rules.EVIDENCE_MAX:,} characters or fewer", "evidence")
    _move(ret, "save")
    answer = _answer(ret, key)
    answer.rating = rating or None
    answer.evidence = evidence or None
    ret.updated_at, ret.updated_by_id = utcnow(), by.id
    db.session.commit()
    return answer


def add_action(ret: Section11Return, text: str, owner: str, due: date | None, standard_key: str | None,
               by: User) -> Section11Action:
    text, owner = (text or "").strip(), (owner or "").strip()
    if not text:
        raise Section11Error("Enter what will be done", "text")
    if not owner:
        raise Section11Error("Enter who will do it", "owner")
    if due is None:
        raise Section11Error("Enter by when", "due_date")
    if standard_key and standard_key not in {s.key for s in ret.cycle.standards.standards}:
        raise Section11Error("Choose a standard from the list", "standard_key")
    _move(ret, "save")
    action = Section11Action(text=text[:rules.ACTION_TEXT_MAX], owner=owner[:rules.WHO_MAX], due_date=due,
                             standard_key=standard_key or None)
    ret.actions.append(action)
    ret.updated_at, ret.updated_by_id = utcnow(), by.id
    db.session.commit()
    return action


def remove_action(ret: Section11Return, action_id: int) -> None:
    if ret.status not in states.EDITABLE:
        raise Section11Error("The return is submitted: its actions can no longer be changed")
    for action in ret.actions:
        if action.id == action_id:
            ret.actions.remove(action)
    db.session.commit()


def missing(ret: Section11Return) -> list[str]:
    return rules.missing_standards([s.key for s in ret.cycle.standards.standards], ret.answers_by_key())


def submit(ret: Section11Return, by: User) -> None:
    gaps = missing(ret)
    if gaps:
        framework = ret.cycle.standards
        raise Section11Error("Rate and give evidence for every standard before submitting: "
                             + ", ".join(f"{framework.number(k)}. {framework.standard(k).title}" for k in gaps))
    _move(ret, "submit")
    ret.submitted_at, ret.submitted_by = utcnow(), by
    db.session.commit()


# --- The panel's review and the agency's response -----------------------------------------


def send_review(ret: Section11Return, views: dict[str, tuple[str | None, str]]) -> bool:
    """Record the panel's view of every standard. With any challenge the return goes back to
    the agency to respond (True); with none it waits for the panel to close it (False)."""
    if ret.status != states.SUBMITTED:
        raise Section11Error(f"A return that is {ret.status_label.lower()} cannot be reviewed")
    keys = [s.key for s in ret.cycle.standards.standards]
    problems = rules.review_problems(keys, views)
    if problems:
        key, message = next(iter(problems.items()))
        raise Section11Error(message, f"view_{key}")
    for key in keys:
        view, reason = views[key]
        if len((reason or "").strip()) > rules.REASON_MAX:
            raise Section11Error(f"Reasons must be {rules.REASON_MAX:,} characters or fewer", f"reason_{key}")
        answer = _answer(ret, key)
        answer.panel_view, answer.panel_reason = view, (reason or "").strip() or None
    challenged = any(views[k][0] == rules.CHALLENGE for k in keys)
    if challenged:
        _move(ret, "challenge")
        ret.challenged_at = utcnow()
    db.session.commit()
    return challenged


def respond(ret: Section11Return, responses: dict[str, tuple[str, str | None]], by: User) -> None:
    """The agency's response to each challenge: text, and a new rating if it changes."""
    if ret.status != states.CHALLENGED:
        raise Section11Error(f"A return that is {ret.status_label.lower()} has no challenge to answer")
    challenged = [a for a in ret.answers if a.panel_view == rules.CHALLENGE]
    for answer in challenged:
        text, rating = responses.get(answer.standard_key, ("", None))
        if not (text or "").strip():
            raise Section11Error("Enter your response to the challenge", f"response_{answer.standard_key}")
        if len(text.strip()) > rules.REASON_MAX:
            raise Section11Error(f"Responses must be {rules.REASON_MAX:,} characters or fewer",
                                 f"response_{answer.standard_key}")
        if rating and rating not in rules.RATINGS:
            raise Section11Error("Choose a rating from the list", f"rating_{answer.standard_key}")
    for answer in challenged:
        text, rating = responses[answer.standard_key]
        answer.response = text.strip()
        answer.response_rating = rating if rating and rating != answer.rating else None
    _move(ret, "respond")
    ret.responded_at, ret.updated_at, ret.updated_by_id = utcnow(), utcnow(), by.id
    db.session.commit()


def close_review(ret: Section11Return, outcome: str, note: str, by: User) -> None:
    if outcome not in (states.AGREED, states.AGREED_WITH_ACTIONS):
        raise Section11Error("Choose the outcome of the review", "outcome")
    if ret.status == states.SUBMITTED and any(a.panel_view is None for a in ret.answers):
        raise Section11Error("Give the panel's view of every standard before closing the review")
    if outcome == states.AGREED_WITH_ACTIONS and not (note or "").strip():
        raise Section11Error("Say which actions the partnership expects", "note")
    _move(ret, "agree" if outcome == states.AGREED else "agree_with_actions")
    ret.panel_note = (note or "").strip()[:rules.REASON_MAX] or None
    ret.closed_at, ret.closed_by = utcnow(), by
    db.session.commit()
