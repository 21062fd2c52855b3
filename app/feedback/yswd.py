"""'You said, we did': administrators record what was heard in feedback and what was done
about it. The form, the rules of an entry and the use cases (no Flask views here)."""
from __future__ import annotations

import random
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextArea, GovTextInput
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField

from app.auth.models import User
from app.core.db import db
from app.core.periods import Period
from app.core.forms import DayMonthYear
from app.feedback.yswd_models import YouSaidWeDid

TEXT_MAX = 2000


class YswdError(ValueError):
    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


class YswdForm(FlaskForm):
    heard = TextAreaField("What we heard", widget=GovTextArea(),
                          description="In the words people used, without names or anything that identifies them")
    did = TextAreaField("What we did", widget=GovTextArea())
    done_on = DayMonthYear("When we did it", description="For example, 14 10 2026")
    measure_key = SelectField("Feedback measure", widget=GovSelect(), choices=[], validate_choice=False)
    period = StringField("Period", widget=GovTextInput(),
                         description="The reporting period it belongs to, for example H1 2026-27, Q3 2026-27 or 2026-27")


def feedback_measures() -> list[tuple[str, str]]:
    """(key, text) of the plan's feedback measures, in the plan's order."""
    from app.plan.models import ImpactMeasure
    from app.plan.rules import FEEDBACK

    rows = db.session.execute(
        select(ImpactMeasure.seed_key, ImpactMeasure.text)
        .where(ImpactMeasure.kind == FEEDBACK, ImpactMeasure.seed_key.is_not(None))
        .order_by(ImpactMeasure.recommendation_id, ImpactMeasure.position)).all()
    return [(k, t) for k, t in rows]


def measure_choices() -> list[tuple[str, str]]:
    return [("", "Choose a feedback measure")] + [(k, f"{k}: {t[:90]}") for k, t in feedback_measures()]


def add_entry(*, heard: str | None, did: str | None, done_on: date | None, measure_key: str | None,
              period: str | None, user: User) -> YouSaidWeDid:
    heard = (heard or "").strip()
    did = (did or "").strip()
    if not heard:
        raise YswdError("Enter what we heard", "heard")
    if len(heard) > TEXT_MAX:
        raise YswdError(f"What we heard must be {TEXT_MAX} characters or fewer", "heard")
    if not did:
        raise YswdError("Enter what we did", "did")
    if len(did) > TEXT_MAX:
        raise YswdError(f"What we did must be {TEXT_MAX} characters or fewer", "did")
    if done_on is None:
        raise YswdError("Enter when we did it", "done_on")
    if measure_key not in dict(feedback_measures()):
        raise YswdError("Choose the feedback measure this is about", "measure_key")
    try:
        parsed = Period.parse(period or "")
    except ValueError as error:
        raise YswdError(str(error) if (period or "").strip() else "Enter the period, for example H1 2026-27",
                        "period") from None
    label = " ".join((period or "").split()).upper().replace("–", "-")
    if not (parsed.start <= done_on <= parsed.end):
        raise YswdError(f"{done_on:%-d %B %Y} is not in {label} ({parsed.start:%-d %B %Y} to {parsed.end:%-d %B %Y})",
                        "done_on")
    same = db.session.scalar(select(YouSaidWeDid).where(
        YouSaidWeDid.heard == heard, YouSaidWeDid.did == did, YouSaidWeDid.done_on == done_on,
        YouSaidWeDid.measure_key == measure_key, YouSaidWeDid.period == label))
    if same is not None:  # the same form sent twice (a double click): keep one
        return same
    entry = YouSaidWeDid(heard=heard, did=did, done_on=done_on, measure_key=measure_key, period=label,
                         created_by_id=user.id)
    db.session.add(entry)
    db.session.commit()
    return entry


def entries() -> list[YouSaidWeDid]:
    return list(db.session.scalars(select(YouSaidWeDid).order_by(YouSaidWeDid.done_on.desc(), YouSaidWeDid.id.desc())))


_DEMO = [
    ("r1-fm3", "Children said they did not always know who their worker was.",
     "Every child now gets a card with their worker's name and photo at the first visit."),
    ("r2-fm1", "Parents said their plan was hard to follow.",
     "Plans now start with a one-page summary in plain English."),
]


def add_demo_data(rng: random.Random, today: date) -> None:
    """A couple of entries for the current half-year, once (idempotent, deterministic)."""
    if db.session.scalar(select(YouSaidWeDid.id).limit(1)) is not None:
        return
    user = db.session.scalar(select(User).order_by(User.id).limit(1))
    known = dict(feedback_measures())
    if user is None:
        return
    half = 1 if today.month in (4, 5, 6, 7, 8, 9) else 2
    fy = today.year if today.month >= 4 else today.year - 1
    period = Period.make("half", fy, half)
    for key, heard, did in _DEMO:
        if key not in known:
            continue
        done_on = max(period.start, today.replace(day=1))
        db.session.add(YouSaidWeDid(heard=heard, did=did, done_on=done_on, measure_key=key,
                                    period=f"H{half} {fy}-{(fy + 1) % 100:02d}", created_by_id=user.id))
    db.session.commit()
