from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, PasswordField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from app.auth.forms import GoodPassword
from app.auth.roles import ROLE_HINTS, ROLES
from app.auth.rules import MIN_PASSWORD
from app.org.models import AGENCY_KINDS, SERVICE_AREAS
# Something, an @, and a domain with a dot; no spaces.
EMAIL_PATTERN = r"^\s*[^@\s]+@[^@\s]+\.[^@\s.]+\s*$"


class UserForm(FlaskForm):
    name = StringField(
        "Full name", widget=GovTextInput(), validators=[DataRequired(message="Enter their full name"), Length(max=120)]
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter their email address"),
            # A plain pattern: WTForms' Email validator needs the email_validator package, which is not installed.
            Regexp(EMAIL_PATTERN, message="Enter an email address in the correct format, like name@example.org"),
            Length(max=254),
        ],
    )
    agency_id = SelectField(
        "Agency",
        description="Partner staff belong to a partner agency and see only their agency's work. "
                    "Choose no agency for the council's own staff.",
        widget=GovSelect(), coerce=str, validators=[Optional()])
    team_id = SelectField("Team", widget=GovSelect(), coerce=str, validators=[Optional()])
    scope = SelectField(
        "What can they see",
        description="Someone narrowed to a locality or district sees only its audits, results and reports.",
        widget=GovSelect(), coerce=str, default="county", validators=[Optional()])
    roles = SelectMultipleField(
        "Roles",
        description="Select all that apply. Someone with no role can only read the improvement plan.",
        widget=GovCheckboxesInput(),
        choices=list(ROLES.items()),
        validators=[Optional()],
    )
    password = PasswordField(
        "Password",
        description=f"At least {MIN_PASSWORD} characters, not a common password: three or four unrelated words work well."
                    " Give it to them in person or by phone, not by email.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a password"), GoodPassword(context=("name", "email"))],
    )
    second_factor = BooleanField(
        "Ask for a code from an authenticator app as well as their password",
        description="A second factor for password sign-in. They set up the app the next time they sign in."
                    " Not asked when they sign in with the council's identity provider.",
        widget=GovCheckboxInput())
    reset_second_factor = BooleanField(
        "Set up their authenticator app again",
        description="For a lost or new phone: the old app's codes stop working and they set up the app at their next sign-in.",
        widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, teams=(), agencies=(), scopes=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.team_id.choices = [("", "No team")] + [(str(t.id), f"{t.name} ({t.district.name})") for t in teams]
        self.agency_id.choices = [("", "No agency (council staff)")] + [(str(a.id), a.name) for a in agencies]
        self.scope.choices = list(scopes)
        if editing:
            self.password.label.text = "New password (optional)"
            self.password.description = f"Leave blank to keep their password. At least {MIN_PASSWORD} characters, not a common password."
            self.password.validators = [Optional(), GoodPassword(context=("name", "email"))]

    def role_items(self):
        """Checkbox items with a hint for each role."""
        return [
            {"value": key, "text": label, "hint": {"text": ROLE_HINTS[key]}, "checked": key in (self.roles.data or [])}
            for key, label in ROLES.items()
        ]


class AgencyForm(FlaskForm):
    name = StringField(
        "Agency name", widget=GovTextInput(),
        validators=[DataRequired(message="Enter the agency's name"),
                    Length(max=150, message="The agency's name must be 150 characters or fewer")])
    kind = RadioField(
        "Kind of agency",
        widget=GovRadioInput(),
        choices=list(AGENCY_KINDS.items()),
        validators=[InputRequired(message="Select the kind of agency")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class TeamForm(FlaskForm):
    name = StringField(
        "Team name", widget=GovTextInput(), validators=[DataRequired(message="Enter the team's name"), Length(max=120)]
    )
    district_id = SelectField(
        "District", widget=GovSelect(), coerce=str, validators=[InputRequired(message="Select the team's district")]
    )
    service_area = RadioField(
        "Service area",
        widget=GovRadioInput(),
        choices=list(SERVICE_AREAS.items()),
        validators=[InputRequired(message="Select the team's service area")],
    )
    active = RadioField(
        "Is the team active?",
        description="Inactive teams are kept with their history but cannot be chosen for new people.",
        widget=GovRadioInput(),
        choices=[("yes", "Active"), ("no", "Inactive")],
        default="yes",
        validators=[InputRequired(message="Select whether the team is active")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = [("", "Choose a district")] + [
            (str(d.id), f"{d.name} ({d.locality.name})") for d in districts
        ]
