"""The form an administrator sets up a board pack with. Every message says what to do, next
to its field; nothing is saved until all of them are right."""
import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect, GovTextInput
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, ValidationError
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from app.reports import pack_rules


class BoardPackForm(FlaskForm):
    board = StringField("Board", description="Who receives the pack, for example Safeguarding Children Board",
                        widget=GovTextInput(),
                        validators=[DataRequired(message="Enter the board the pack goes to"),
                                    Length(max=120, message="Enter the board's name in 120 characters or fewer")])
    name = StringField("Name of the pack", description="For example Quarterly scorecard", widget=GovTextInput(),
                       validators=[DataRequired(message="Enter a name for the pack, like Quarterly scorecard"),
                                   Length(max=120, message="Enter the pack's name in 120 characters or fewer")])
    sections = SelectMultipleField(
        "Sections", description="Select all that the board receives. Every pack ends with what its figures mean.",
        widget=GovCheckboxesInput(), choices=[(k, name) for k, (name, _) in pack_rules.SECTIONS.items()],
        validate_choice=False,
        validators=[DataRequired(message="Select at least one section for the pack")])
    area = SelectField("Area", widget=GovSelect(), validate_choice=False,
                       validators=[InputRequired(message="Select the area the pack reports on")])
    cadence = RadioField("How often", widget=GovRadioInput(), choices=list(pack_rules.CADENCES.items()),
                         validate_choice=False,
                         validators=[InputRequired(message="Select how often the pack goes to the board"),
                                     AnyOf(list(pack_rules.CADENCES), message="Select how often the pack goes to the board")])
    due_days = StringField("Due, in days after the period ends",
                           description="For example 30: a quarter ending 30 June is then due by 30 July",
                           widget=GovTextInput(),
                           validators=[InputRequired(message="Enter how many days after the period ends the pack is due")])
    first_period = StringField("First period", description="The first period the pack reports on, for example Q1 2026-27 "
                               "for a quarterly pack, H1 2026-27 for a six-monthly one, 2026-27 for an annual one",
                               widget=GovTextInput())

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = list(areas)

    def section_items(self):
        """Checkbox items with what each section holds."""
        return [{"value": key, "text": name, "hint": {"text": hint}, "checked": key in (self.sections.data or [])}
                for key, (name, hint) in pack_rules.SECTIONS.items()]

    def cadence_items(self):
        return [{"value": key, "text": label, "hint": {"text": pack_rules.CADENCE_HINTS[key]},
                 "checked": key == self.cadence.data} for key, label in pack_rules.CADENCES.items()]

    def validate_board(self, field):
        _no_control_characters(field, "the board's name")

    def validate_name(self, field):
        _no_control_characters(field, "the pack's name")

    def validate_sections(self, field):
        if any(key not in pack_rules.SECTIONS for key in field.data or []):
            raise ValidationError("Select sections from the list")

    def validate_area(self, field):
        if field.data not in {value for value, _ in self.area.choices}:
            raise ValidationError("Select the area the pack reports on")

    def validate_due_days(self, field):
        text = (field.data or "").strip()
        if not re.fullmatch(r"[0-9]{1,4}", text):
            raise ValidationError("Enter the number of days as a whole number, like 30")
        if int(text) > pack_rules.MAX_DUE_DAYS:
            raise ValidationError(f"Enter a number of days from 0 to {pack_rules.MAX_DUE_DAYS}")

    def validate_first_period(self, field):
        cadence = self.cadence.data if self.cadence.data in pack_rules.CADENCES else None
        problem = pack_rules.first_period_error(cadence, field.data)
        if problem:
            raise ValidationError(problem)


def _no_control_characters(field, what: str) -> None:
    # A NUL or other control character is never part of a name, and PostgreSQL refuses a NUL.
    if any(ord(c) < 32 for c in field.data or ""):
        raise ValidationError(f"Enter {what} without control characters")
