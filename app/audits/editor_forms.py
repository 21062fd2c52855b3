"""The forms of the audit tool editor (app.audits.views.tool_editor). Each form checks only
what it alone can (something typed, a number that is a number); everything else is checked
by the tool loader when the draft is saved, and shown at the field it belongs to."""
from __future__ import annotations

import math

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from app.audits import grades
from app.audits.tool_service import KEY_MAX, TITLE_MAX

KEY_WORDS = "Use only small letters, numbers, - and _, starting with a letter or number"
NO_LIMIT = ("", "No limit")
LIMITED_GRADES = (grades.INADEQUATE, grades.REQUIRES_IMPROVEMENT)  # the grades a QA lead can make limiting here


class Number(StringField):
    """A number typed as text, so a bad entry is shown back as typed with a message."""

    def __init__(self, *args, minimum_above: float | None = None, **kwargs):
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(*args, **kwargs)
        self.minimum_above = minimum_above
        self.number: float | None = None

    def pre_validate(self, form):
        self.number = None
        text = (self.data or "").strip()
        if not text:
            return
        try:
            self.number = float(text)
        except ValueError:
            self.number = None
        if self.number is None or not math.isfinite(self.number):
            self.number = None
            raise ValidationError(f"{self.label.text} must be a number, like 2 or 1.5")
        if self.minimum_above is not None and self.number <= self.minimum_above:
            raise ValidationError(f"{self.label.text} must be more than {self.minimum_above:g}")


class NewToolForm(FlaskForm):
    title = StringField("Title", widget=GovTextInput(), description="For example, Missing from care return interviews",
                        validators=[DataRequired(message="Enter the tool's title"), Length(max=TITLE_MAX)])
    description = TextAreaField("What it is for", widget=GovTextArea(),
                                description="A sentence or two for auditors: what the audit looks at and why",
                                validators=[DataRequired(message="Enter what the tool is for")])
    key = StringField(
        "Key (optional)", widget=GovTextInput(),
        description="How exports and reports name the tool. Leave blank to make one from the title.",
        validators=[Optional(), Length(max=KEY_MAX), Regexp(r"^[a-z0-9][a-z0-9_-]*$", message=KEY_WORDS)],
    )
    submit = SubmitField("Create the draft", widget=GovSubmitInput())


class CopyToolForm(FlaskForm):
    title = StringField("Title of the copy", widget=GovTextInput(),
                        validators=[DataRequired(message="Enter the copy's title"), Length(max=TITLE_MAX)])
    key = StringField(
        "Key (optional)", widget=GovTextInput(),
        description="Leave blank to make one from the title.",
        validators=[Optional(), Length(max=KEY_MAX), Regexp(r"^[a-z0-9][a-z0-9_-]*$", message=KEY_WORDS)],
    )
    submit = SubmitField("Make the copy", widget=GovSubmitInput())


class DetailsForm(FlaskForm):
    title = StringField("Title", widget=GovTextInput(),
                        validators=[DataRequired(message="Enter the tool's title"), Length(max=TITLE_MAX)])
    description = TextAreaField("What it is for", widget=GovTextArea(),
                                validators=[DataRequired(message="Enter what the tool is for")])
    method = RadioField(
        "How the overall judgement is worked out", widget=GovRadioInput(),
        choices=list(grades.SCORING_METHODS.items()),
        validators=[InputRequired(message="Select how the overall judgement is worked out")],
    )
    outstanding = Number("Outstanding from a mean of", description="Between 1 and 4, for example 3.5")
    good = Number("Good from a mean of", description="Lower than Outstanding, for example 2.75")
    requires_improvement = Number("Requires improvement from a mean of",
                                  description="Lower than Good, for example 1.75. Anything lower is Inadequate.")
    based_on = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        for name in grades.DEFAULT_THRESHOLDS:
            field = getattr(self, name)
            if not field.errors and field.number is None:
                field.errors.append(f"Enter the mean that gives {grades.JUDGEMENTS[name]}")
                ok = False
        return ok


def _show_when_fields(cls):
    cls.show_when_question = SelectField(
        "Show this only when", widget=GovSelect(),
        description="Leave as 'Always' unless it only applies for some cases, for example only when there is a plan",
        choices=[("", "Always")], validate_choice=False,
    )
    cls.show_when_answers = TextAreaField(
        "…is answered one of", widget=GovTextArea(),
        description="The answers, one per line, as the auditor sees them (for example Yes, or Good)",
    )
    return cls


@_show_when_fields
class SectionForm(FlaskForm):
    title = StringField("Section title", widget=GovTextInput(),
                        validators=[DataRequired(message="Enter the section's title")])
    guidance = TextAreaField("Guidance for the section", widget=GovTextArea(),
                             description="Shown at the top of the section. Leave blank for none.")
    weight = Number("Weight", minimum_above=0, description="1 unless this section counts for more (2) or less (0.5)")
    based_on = HiddenField()
    submit = SubmitField("Save section", widget=GovSubmitInput())


KIND_HINT = (
    "Graded: Outstanding, Good, Requires improvement or Inadequate, and counts towards the judgement. "
    "Yes, partly or no: a check. One of a list / Any of a list: your own options. Number, date and text: recorded, not scored."
)


def question_form_class(measure_rows: int, measures: list[tuple[str, str]]) -> type[FlaskForm]:
    """The question page's form, with `measure_rows` rows for links to the plan's audit
    measures (`measures`: (key, label)). The view sets the earlier questions "show only when" can name."""

    @_show_when_fields
    class QuestionForm(FlaskForm):
        text = TextAreaField("Question", widget=GovTextArea(), validators=[DataRequired(message="Enter the question")])
        kind = RadioField("Kind of answer", widget=GovRadioInput(), description=KIND_HINT,
                          choices=list(grades.QUESTION_KINDS.items()),
                          validators=[InputRequired(message="Select the kind of answer")])
        options = TextAreaField("Options", widget=GovTextArea(),
                                description="For 'One of a list' and 'Any of a list' only: one option per line, at least two")
        guidance = TextAreaField("What good looks like", widget=GovTextArea(),
                                 description="Guidance the auditor sees with the question. Leave blank for none.")
        required = RadioField("Must the auditor answer it?", widget=GovRadioInput(), default="yes",
                              choices=[("yes", "Yes"), ("no", "No, it can be left blank")],
                              validators=[InputRequired(message="Select whether the question must be answered")])
        allow_not_applicable = RadioField(
            "Can it be answered Not applicable?", widget=GovRadioInput(), default="yes",
            description="Graded and 'Yes, partly or no' questions only", choices=[("yes", "Yes"), ("no", "No")],
            validators=[InputRequired(message="Select whether it can be answered Not applicable")],
        )
        evidence = RadioField(
            "Evidence box", widget=GovRadioInput(), default="", validate_choice=False,
            choices=[("", "As usual for this kind (needed for graded questions)"), *grades.EVIDENCE.items()],
        )
        weight = Number("Weight", minimum_above=0,
                        description="1 unless this question counts for more (2) or less (0.5) in the mean")
        minimum = Number("Smallest number allowed", description="Number questions only. Leave blank for no limit.")
        maximum = Number("Largest number allowed", description="Number questions only. Leave blank for no limit.")
        limit_inadequate = SelectField(
            "If graded Inadequate, the overall judgement can be at most", widget=GovSelect(),
            description="Graded questions only: a limiting question", validate_choice=False,
            choices=[NO_LIMIT, *[(k, v) for k, v in grades.JUDGEMENTS.items() if k != grades.OUTSTANDING]],
        )
        limit_requires_improvement = SelectField(
            "If graded Requires improvement, the overall judgement can be at most", widget=GovSelect(),
            validate_choice=False, choices=[NO_LIMIT, *[(k, v) for k, v in grades.JUDGEMENTS.items() if k != grades.OUTSTANDING]],
        )
        measure_rows = HiddenField()
        based_on = HiddenField()
        add_measure = SubmitField("Add another measure link", widget=GovSubmitInput())
        submit = SubmitField("Save question", widget=GovSubmitInput())

    for i in range(measure_rows):
        setattr(QuestionForm, f"measure_{i}_key", SelectField(
            f"Measure link {i + 1}: impact measure", widget=GovSelect(),
            choices=[("", "None"), *measures], validate_choice=False,
        ))
        setattr(QuestionForm, f"measure_{i}_rule", SelectField(
            f"Measure link {i + 1}: met when", widget=GovSelect(), validate_choice=False,
            choices=[(k, v) for k, v in grades.MEASURE_RULES.items() if k in grades.QUESTION_RULES],
        ))
        setattr(QuestionForm, f"measure_{i}_values", TextAreaField(
            f"Measure link {i + 1}: answers that meet it", widget=GovTextArea(),
            description="Only for 'the answer is one of the listed answers': one answer per line",
        ))
    return QuestionForm
