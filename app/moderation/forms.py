"""The moderation pages' forms. The grade radios are built per audit in the template and
read by the view; ActionForm carries the CSRF token. PolicyForm is a round's moderation policy."""
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import ValidationError

from app.core.period_filter import PeriodFilterForm
from app.moderation import figures


class ActionForm(FlaskForm):
    """A POST button (claim, release) or the moderation form: CSRF only."""


def _number(text: str | None, *, whole: bool, low: float, high: float | None, message: str):
    """The number typed in a field, or None when it is blank; ValidationError naming the field."""
    text = (text or "").strip().rstrip("%").strip()
    if not text:
        return None
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        raise ValidationError(message) from None
    if value < low or (high is not None and value > high):
        raise ValidationError(message)
    return value


class PolicyForm(FlaskForm):
    """Which audits of a round are moderated, the target, and the seed of the random draw."""

    all = BooleanField("Every audit", widget=GovCheckboxInput())
    random_share = StringField(
        "Random share of audits (%)", widget=GovTextInput(),
        description="For example 20. Leave blank for no random share.")
    extremes = BooleanField("Every audit judged Inadequate or Outstanding", widget=GovCheckboxInput())
    first_n = StringField(
        "First audits by each auditor", widget=GovTextInput(),
        description="How many of each auditor's first audits in this round. Leave blank for none.")
    target_days = StringField("Target in working days", widget=GovTextInput(), default="10",
                              description="Working days from first submission to moderation.")
    seed = StringField("Seed for the random draw", widget=GovTextInput(),
                       description="Recorded so the draw can be repeated. Leave blank for a new one.")
    submit = SubmitField("Save moderation policy", widget=GovSubmitInput())

    share_value = n_value = days_value = seed_value = None

    def validate_random_share(self, field):
        share = _number(field.data, whole=False, low=1, high=100,
                        message="Random share of audits must be a number from 1 to 100")
        self.share_value = share / 100 if share is not None else None

    def validate_first_n(self, field):
        self.n_value = _number(field.data, whole=True, low=1, high=None,
                               message="First audits by each auditor must be a whole number, 1 or more")

    def validate_target_days(self, field):
        days = _number(field.data, whole=True, low=1, high=100,
                       message="Target in working days must be a whole number from 1 to 100")
        if days is None:
            raise ValidationError("Enter the target in working days")
        self.days_value = days

    def validate_seed(self, field):
        self.seed_value = _number(field.data, whole=True, low=0, high=2**31 - 1,
                                  message="Seed for the random draw must be a whole number, 0 or more, or left blank")

    def validate_all(self, field):
        blank = lambda f: not (f.data or "").strip()
        if not (field.data or self.extremes.data or not blank(self.random_share) or not blank(self.first_n)):
            raise ValidationError("Choose at least one rule for which audits are moderated")


class AgreementFilterForm(PeriodFilterForm):
    """The agreement page's choices: the period, how to group, and an optional district."""

    by = SelectField("Show figures for each", widget=GovSelect(), validate_choice=False, default="",
                     choices=[("", "Nothing: all together"), *figures.BY.items()])
    district = SelectField("District", widget=GovSelect(), validate_choice=False, default="",
                           description="The district of the case's team.")

    district_value: int | None = None

    def __init__(self, districts, today=None):
        super().__init__(today)
        self.district.choices = [("", "All districts")] + [(str(d.id), d.name) for d in districts]

    def validate_by(self, field):
        if field.data and field.data not in figures.BY:
            raise ValidationError("Choose to show figures for all together, each auditor, each team or each audit tool")

    def validate_district(self, field):
        if not field.data:
            return
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Choose a district from the list")
        self.district_value = int(field.data)
