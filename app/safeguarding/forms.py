"""Forms of the safeguarding staff pages."""
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from app.safeguarding import services as alerts


class CloseAlertForm(FlaskForm):
    note = TextAreaField(
        "What was done",
        description="For example, who checked on the child or young person, when, and what happens next.",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what was done before closing the alert"), Length(max=alerts.NOTE_MAX)],
    )


class ConcernWordForm(FlaskForm):
    phrase = StringField(
        "Word or phrase",
        description="Matched as whole words, in any case. End a word with * to match any ending: abus* matches abuse and abused.",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a word or phrase"), Length(max=alerts.PHRASE_MAX)],
    )


class LeadForm(FlaskForm):
    team_id = SelectField("Team", widget=GovSelect(), choices=[], validate_choice=False)
    user_id = SelectField("Designated safeguarding lead", widget=GovSelect(), choices=[], validate_choice=False)

    def validate_team_id(self, field):
        if not field.data:
            raise ValidationError("Choose the team")

    def validate_user_id(self, field):
        if not field.data:
            raise ValidationError("Choose the person")


