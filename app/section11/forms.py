"""Forms of the Section 11 pages. The panel's review and the agency's response have a pair of
fields per standard, so their forms are made for the cycle's standards (`review_form`,
`response_form`)."""
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.core.forms import DayMonthYear
from app.section11 import rules, states


class CycleForm(FlaskForm):
    year = IntegerField(
        "First year of the cycle", description="For example, 2026 for the 2026-27 Section 11 audit.",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the year, for example 2026"),
                    NumberRange(min=2000, max=2100, message="Enter a year between 2000 and 2100")],
    )
    due_date = DayMonthYear(
        "Returns due by",
        description="Leave blank for the end of February, so the annual report can go to the partnership in March.",
        validators=[Optional()],
    )
    agency_ids = SelectMultipleField("Agencies asked for a return", widget=GovCheckboxesInput(), choices=[],
                                     validate_choice=False)


class StandardForm(FlaskForm):
    # Checked by the service, so that Save as draft keeps whatever was typed.
    rating = RadioField("How well does your agency meet this standard?", widget=GovRadioInput(),
                        choices=list(rules.RATINGS.items()), validators=[Optional()], validate_choice=False)
    evidence = TextAreaField(
        "Your evidence", description="What shows it: documents, figures, audits. Say where the partnership can see them.",
        widget=GovTextArea(), validators=[Length(max=rules.EVIDENCE_MAX)],
    )


class ActionForm(FlaskForm):
    text = TextAreaField("What will be done", widget=GovTextArea(),
                         validators=[InputRequired(message="Enter what will be done"), Length(max=rules.ACTION_TEXT_MAX)])
    owner = StringField("Who will do it", description="A role or a name.", widget=GovTextInput(),
                        validators=[InputRequired(message="Enter who will do it"), Length(max=rules.WHO_MAX)])
    due_date = DayMonthYear("By when", validators=[InputRequired(message="Enter by when")])
    standard_key = SelectField("Standard it is about (optional)", widget=GovSelect(), choices=[], validate_choice=False)


class CloseForm(FlaskForm):
    outcome = RadioField(
        "Outcome of the review", widget=GovRadioInput(),
        choices=[(states.AGREED, "Agreed"), (states.AGREED_WITH_ACTIONS, "Agreed with actions")],
        validators=[InputRequired(message="Choose the outcome of the review")],
    )
    note = TextAreaField("The panel's note", description="Needed for agreed with actions: which actions the partnership expects.",
                         widget=GovTextArea(), validators=[Length(max=rules.REASON_MAX)])


def review_form(standards, formdata=None, answers=None):
    """A view (agree or challenge) and a reason for each standard."""

    class ReviewForm(FlaskForm):
        pass

    for number, standard in enumerate(standards, start=1):
        setattr(ReviewForm, f"view_{standard.key}", RadioField(
            f"Standard {number}: the panel's view", widget=GovRadioInput(), choices=list(rules.PANEL_VIEWS.items()),
            validators=[Optional()], validate_choice=False))
        setattr(ReviewForm, f"reason_{standard.key}", TextAreaField(
            f"Standard {number}: reasons", description="A challenge needs a reason.", widget=GovTextArea(),
            validators=[Length(max=rules.REASON_MAX)]))
    form = ReviewForm(formdata=formdata) if formdata is not None else ReviewForm()
    if formdata is None and answers:
        for key, answer in answers.items():
            if f"view_{key}" in form._fields and not form.is_submitted():
                form[f"view_{key}"].data = answer.panel_view
                form[f"reason_{key}"].data = answer.panel_reason
    return form


def response_form(answers):
    """A response and an optional new rating for each challenged standard."""

    class ResponseForm(FlaskForm):
        pass

    for answer in answers:
        setattr(ResponseForm, f"response_{answer.standard_key}", TextAreaField(
            "Your response", widget=GovTextArea(), validators=[Length(max=rules.REASON_MAX)]))
        setattr(ResponseForm, f"rating_{answer.standard_key}", SelectField(
            "Your rating now", widget=GovSelect(),
            choices=[("", "No change")] + list(rules.RATINGS.items()), validate_choice=False))
    return ResponseForm()
