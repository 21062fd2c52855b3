from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length


class SignInForm(FlaskForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ApiTokenForm(FlaskForm):
    name = StringField(
        "What is the token for?",
        description="For example, 'Power BI scorecard'. You will see this name in the list of tokens.",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter what the token is for"), Length(max=120)],
    )
    submit = SubmitField("Issue token", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button with CSRF protection, for actions that change something (sign out, revoke)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
