from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.core.forms import DayMonthYear
from app.plan import rules

NO_CHOICE = ("", "Not stated")


class NumberText(StringField):
    """A number typed as text, so '34.7%' or '1,204' are accepted and a bad entry is echoed back."""

    def __init__(self, *args, required: bool = False, **kwargs):
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(*args, **kwargs)
        self.required = required
        self.number = None

    def pre_validate(self, form):
        text = (self.data or "").strip()
        if not text:
            if self.required:
                raise ValidationError(f"Enter {self.label.text.lower()}")
            return
        try:
            self.number = rules.parse_number(text)
        except ValueError as error:
            raise ValidationError(f"{self.label.text}: {error}") from None


def _date_field(label: str, description: str = ""):
    return DayMonthYear(label, description)  # all three blank is 'no date'; no Optional(), which would hide a half-typed date


class RecommendationForm(FlaskForm):
    title = TextAreaField("Recommendation", widget=GovTextArea(), validators=[DataRequired(message="Enter the recommendation"), Length(max=2000)])
    short_title = StringField(
        "Short title",
        description="A few words used in menus and report headings",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter a short title"), Length(max=120)],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ActionForm(FlaskForm):
    number = StringField("Action number", widget=GovTextInput(), validators=[DataRequired(message="Enter the action number"), Length(max=10)])
    theme = StringField("Theme", description="For example, Thresholds", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    text = TextAreaField("Action", widget=GovTextArea(), validators=[DataRequired(message="Enter what the action is")])
    owner = StringField("Owner", description="The role responsible, for example AD Children and Young People", widget=GovTextInput(), validators=[DataRequired(message="Enter who owns the action"), Length(max=200)])
    due_date = _date_field("Due date", "For example, 31 7 2018. Leave blank if the action is ongoing.")
    # No Optional() here: it would stop validate_due_text running when this is blank.
    due_text = StringField("Due, in words", description="Only if the date needs words, for example Ongoing", widget=GovTextInput(), validators=[Length(max=200)])
    governance = StringField("Governing board", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    status = RadioField("Status", widget=GovRadioInput(), choices=list(rules.ACTION_STATUSES.items()), validators=[InputRequired(message="Select the action's status")])
    achieved = TextAreaField("What has been achieved", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_due_text(self, field):
        if not self.due_date.data and not self.due_date.errors and not (field.data or "").strip():
            raise ValidationError("Enter a due date, or say in words when it is due (for example Ongoing)")


class MeasureForm(FlaskForm):
    kind = RadioField("Kind of measure", widget=GovRadioInput(), choices=list(rules.MEASURE_KINDS.items()), validators=[InputRequired(message="Select the kind of measure")])
    text = TextAreaField("Measure", description="What the audits or the people asked will show", widget=GovTextArea(), validators=[DataRequired(message="Enter the measure")])
    frequency = RadioField("How often", widget=GovRadioInput(), choices=list(rules.FREQUENCIES.items()), validators=[InputRequired(message="Select how often it is measured")])
    has_baseline = RadioField("Is a baseline in place?", widget=GovRadioInput(), choices=[("no", "No"), ("yes", "Yes")], default="no", validators=[InputRequired(message="Select whether a baseline is in place")])
    respondent_groups = SelectMultipleField(
        "Who is asked (feedback measures)",
        widget=GovCheckboxesInput(),
        choices=list(rules.RESPONDENT_GROUPS.items()),
        # No Optional() here: it would stop validate_respondent_groups running when none is ticked.
    )
    target_percent = NumberText(
        "Target (%)",
        description="Optional: the share of audits meeting the measure, or of answers that are positive, to reach, "
                    "for example 60. With a target, reports give the measure a RAG.",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_target_percent(self, field):
        if field.number is not None and not 0 <= field.number <= 100:
            raise ValidationError("Target (%): enter a percentage from 0 to 100")

    def validate_respondent_groups(self, field):
        if self.kind.data == rules.FEEDBACK and not field.data:
            raise ValidationError("Select who is asked for a feedback measure")


class KpiForm(FlaskForm):
    code = StringField("Code", description="As used in the scorecard, for example CS2.5, or NEW", widget=GovTextInput(), validators=[DataRequired(message="Enter the KPI's code"), Length(max=20)])
    description = TextAreaField("Description", widget=GovTextArea(), validators=[DataRequired(message="Enter what the KPI measures")])
    direction = RadioField("The figure should", widget=GovRadioInput(), choices=[*rules.DIRECTIONS.items(), NO_CHOICE], default="", validators=[Optional()])
    unit = RadioField("The figure is a", widget=GovRadioInput(), choices=list(rules.UNITS.items()), validators=[InputRequired(message="Select what kind of figure it is")])
    frequency = RadioField("How often it is reported", widget=GovRadioInput(), choices=list(rules.FREQUENCIES.items()), validators=[InputRequired(message="Select how often it is reported")])
    baseline_text = StringField("Baseline, as written", description="For example 11.3%, or Police data tbc", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    baseline_value = NumberText("Baseline figure", description="The number only, if there is one")
    baseline_date = _date_field("Baseline date")
    baseline_rag = RadioField("Baseline RAG", widget=GovRadioInput(), choices=[*rules.RAGS.items(), ("", "Not rated")], default="", validators=[Optional()])
    target_text = StringField("Target, as written", description="For example 10%, tbc, or 2 per month", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    target_value = NumberText("Target figure", description="The number only. Leave blank when the target is in words: RAG is then entered with each figure.")
    target_date = _date_field("Target date")
    amber_tolerance_pct = NumberText("Amber tolerance (% of target)", description="How far short of the target still counts as Amber", required=True)
    note = TextAreaField("Note", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Save", widget=GovSubmitInput())


class KpiLinkForm(FlaskForm):
    kpi_id = SelectField("KPI", widget=GovSelect(), validators=[InputRequired(message="Choose a KPI")])
    submit = SubmitField("Link KPI", widget=GovSubmitInput())


class KpiValueForm(FlaskForm):
    period = SelectField("Period", widget=GovSelect(), validators=[InputRequired(message="Choose the period the figure is for")])
    value = NumberText("Figure", required=True)
    entered_rag = RadioField(
        "RAG rating",
        description="The target is in words, so the RAG cannot be worked out: choose it.",
        widget=GovRadioInput(),
        choices=[*rules.RAGS.items(), ("", "Not rated")],
        default="",
        validators=[Optional()],
    )
    note = TextAreaField("Note", description="Anything a reader needs to know about this figure", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Save figure", widget=GovSubmitInput())


class KpiCsvForm(FlaskForm):
    file = FileField(
        "Upload a CSV file",
        widget=GovFileInput(),
        validators=[FileRequired(message="Choose a CSV file"), FileAllowed(["csv"], message="The file must be a CSV file")],
    )
    submit = SubmitField("Import figures", widget=GovSubmitInput())
