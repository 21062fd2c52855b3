"""Forms of the staff pages. The respondent's form is written out in its template (its
questions come from the questionnaire) and read by `services.read_submission`."""
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextInput
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from app.core.forms import DayMonthYear
from app.feedback import services
from app.retention import rules as retention_rules


class InviteForm(FlaskForm):
    """Issuing an invite: only who it is for, privately, and only if the practitioner wants."""

    given_to = StringField(
        "Who is this invite for? (optional)",
        description="",  # set in __init__: the retention is a setting
        widget=GovTextInput(),
        validators=[Length(max=services.GIVEN_TO_MAX,
                           message=f"Who the invite is for must be {services.GIVEN_TO_MAX} characters or fewer")],
    )


    def __init__(self, *args, **kwargs):
        from flask import current_app

        super().__init__(*args, **kwargs)
        days = current_app.config.get("INVITE_NOTE_RETENTION_DAYS", retention_rules.DEFAULTS["INVITE_NOTE_RETENTION_DAYS"])
        self.given_to.description = (
            "A case reference or a note you will understand. It is kept private: shown only on a safeguarding"
            f" alert to you, your team's safeguarding leads and administrators, and deleted {days} days after"
            " the campaign ends.")


class CampaignForm(FlaskForm):
    name = StringField(
        "Name of the campaign",
        description="For example, Children's feedback, October to March",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a name for the campaign"), Length(max=services.NAME_MAX)],
    )
    questionnaire_version_id = SelectField("Questionnaire", widget=GovSelect(), choices=[], validate_choice=False)
    period_start = DayMonthYear("Starts on", "For example, 1 10 2026")
    period_end = DayMonthYear("Ends on", "Invites can be answered until the end of this day. For example, 31 3 2027")
    district_id = SelectField(
        "District", description="Leave as 'Every district' unless the campaign is for one district only.",
        widget=GovSelect(), choices=[], validate_choice=False,
    )
    team_id = SelectField(
        "Team", description="Leave as 'Every team' unless the campaign is for one team only.",
        widget=GovSelect(), choices=[], validate_choice=False,
    )
    target_rate = StringField(
        "Target response rate, as a percentage",
        description="The share of invites you aim to have answered. The scrutiny board's target is 25%.",
        widget=GovTextInput(), default="25",
    )
    open_link = RadioField(
        "Offer an open link as well as invites?",
        description="Anyone with an open link can answer, as many times as they like: use it for groups, such as a forum meeting, not for one person.",
        widget=GovRadioInput(), choices=[("no", "No, invites only"), ("yes", "Yes")], default="no",
        validators=[InputRequired(message="Say whether to offer an open link")],
    )

    rate = None

    def validate_questionnaire_version_id(self, field):
        if len(field.choices) <= 1:
            raise ValidationError("There is no published questionnaire: load them with `flask --app wsgi seed`")
        if not field.data:
            raise ValidationError("Choose the questionnaire")
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("That questionnaire is no longer published: choose one from the list")

    def validate_period_start(self, field):
        if not field.errors and field.data is None:
            raise ValidationError("Enter the date the campaign starts")

    def validate_period_end(self, field):
        if field.errors:
            return
        if field.data is None:
            raise ValidationError("Enter the date the campaign ends")
        if self.period_start.data and field.data < self.period_start.data:
            raise ValidationError("The end date must be on or after the start date")

    def validate_target_rate(self, field):
        text = (field.data or "").strip().rstrip("%").strip()
        try:
            value = float(text)
        except ValueError:
            raise ValidationError("Enter the target response rate as a number, such as 25") from None
        if not 0 < value <= 100:
            raise ValidationError("The target response rate must be more than 0 and at most 100")
        self.rate = value / 100


class ButtonForm(FlaskForm):
    """A POST button: the CSRF token only."""
