from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from flask import current_app
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from app.auth import rules, second_factor


class GoodPassword:
    """A new password passes app.auth.rules.password_problem (NCSC: length and the commonest
    passwords), judged also against the person's name and email in the same form (`context`
    names those fields) or given by `people` (a callable returning the texts)."""

    def __init__(self, context: tuple[str, ...] = (), people=None):
        self.context = context
        self.people = people

    def __call__(self, form, field):
        if not field.data:
            return
        texts = [str(form[name].data or "") for name in self.context if name in form]
        if self.people is not None:
            texts += list(self.people(form))
        texts.append(current_app.config.get("ORGANISATION_NAME", ""))
        problem = rules.password_problem(field.data, *texts)
        if problem:
            raise ValidationError(problem)


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


class CodeForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        description="6 digits. A new one shows every 30 seconds.",
        widget=GovTextInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_code(self, field):
        problem = second_factor.code_problem(field.data)
        if problem:
            raise ValidationError(problem)


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


class ChangePasswordForm(FlaskForm):
    """Changing one's own password: the current one first (a borrowed session is not enough)."""

    current_password = PasswordField(
        "Current password", widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password")],
    )
    new_password = PasswordField(
        "New password",
        description=f"At least {rules.MIN_PASSWORD} characters, not a common password. Three or four unrelated"
                    " words are easy to remember and hard to guess.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a new password"), GoodPassword(people=lambda form: form.person)],
    )
    confirm_password = PasswordField(
        "Confirm new password", widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter the new password again"),
                    EqualTo("new_password", message="The new passwords do not match: enter the same one twice")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())

    def __init__(self, *args, person=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person  # the person's name and email: a password built on them is refused

    def validate_new_password(self, field):
        if field.data and field.data == self.current_password.data:
            raise ValidationError("Your new password must be different from your current one")
