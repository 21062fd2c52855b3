"""The multi-agency audit's forms (Flask-WTF, GOV.UK widgets). An agency's part uses the
audit form built from the tool's section (app/audits/forms.audit_form_class)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional

from app.audits import rules as audit_rules
from app.audits.forms import CorrectiveActionForm, DayMonthYearField
from app.partnership.models import THEMES


class StartForm(FlaskForm):
    name = StringField("Name of the audit", widget=GovTextInput(),
                       description="For example, 'Domestic abuse multi-agency audit, spring 2027'.")
    theme = RadioField("Theme", choices=list(THEMES.items()), widget=GovRadioInput(), validate_choice=False)
    tool_version_id = SelectField("Audit tool", widget=GovSelect(), validate_choice=False,
                                  description="A multi-agency tool: a section for each agency and a joint section.")
    agency_ids = SelectMultipleField("Agencies taking part", widget=GovCheckboxesInput(), validate_choice=False,
                                     coerce=str)
    place = SelectField("Commissioned through", widget=GovSelect(), validate_choice=False,
                        description="The district quality assurance group: the sample is drawn from its cases.")
    sample_spec = StringField("Number of cases", widget=GovTextInput(),
                              description="A number (for example 6) or a share of the cases (for example 10%).")
    due_date = DayMonthYearField("Due date", description="For example, 27 3 2027")
    lead_auditor_id = SelectField("Lead auditor", widget=GovSelect(), validate_choice=False,
                                  description="Completes the joint section and the joint judgement of every case.")


class AssignForm(FlaskForm):
    auditor_id = SelectField("Auditor", widget=GovSelect(), validate_choice=False)


class FindingsForm(FlaskForm):
    summary = TextAreaField("Summary of findings", widget=GovTextArea(),
                            description="What the audit showed about how the agencies worked together.")
    strengths = TextAreaField("Strengths", widget=GovTextArea())
    areas_to_develop = TextAreaField("Areas to develop", widget=GovTextArea())


class SubmitPartForm(FlaskForm):
    pass


class JointSubmitForm(FlaskForm):
    override_judgement = RadioField(
        "Your overall joint judgement", choices=list(audit_rules.JUDGEMENTS.items()), widget=GovRadioInput(),
        validators=[Optional()], validate_choice=False,
    )
    override_reason = TextAreaField(
        "Your reason for a different judgement",
        description="Only needed if your judgement is not the one the grades give.", widget=GovTextArea(),
    )


class AgencyActionForm(CorrectiveActionForm):
    """A corrective action owned by the agency of the person who will do it."""

    def set_owners(self, people) -> None:
        self.owner_id.choices = [("", "Choose a person")] + [
            (str(p.id), f"{p.name} ({p.agency.name if p.agency else 'children’s social care'})") for p in people
        ]
        self.owner_id.description = "People of the agencies taking part, and the council's."
