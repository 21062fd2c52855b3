"""A GET form for pages of figures for a period: the period chooser, shared by the pages that
show figures for a financial half, quarter or year. Nothing is saved, so no CSRF token;
the choice lives in the URL (?period=H1 2026-27), which people can bookmark and share."""
from datetime import date

from flask import request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect
from wtforms import SelectField
from wtforms.validators import ValidationError

from app.core.periods import HALF, QUARTER, YEAR, Period, recent_periods
from app.core.clock import uk_today


def period_options(today: date) -> list[Period]:
    """Halves first (the usual reporting cycle), then quarters, then financial years, newest first."""
    return recent_periods(HALF, today, 4) + recent_periods(QUARTER, today, 8) + recent_periods(YEAR, today, 3)


class PeriodFilterForm(FlaskForm):
    """Read from the query string. After validate(), `period_value` is the chosen Period."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    period = SelectField("Period", widget=GovSelect(), validate_choice=False,
                         description="Financial halves, quarters and years (April to March).")

    period_value: Period | None = None

    def __init__(self, today: date | None = None, **kwargs):
        super().__init__(formdata=request.args or None, **kwargs)
        today = today or uk_today()
        options = period_options(today)
        if not self.period.data:
            self.period.data = options[0].label  # the half we are in
        try:
            chosen = Period.parse(self.period.data)
        except ValueError:
            chosen = None
        if chosen is not None and chosen not in options:
            options.insert(0, chosen)  # an older period typed into the URL stays chosen
        self.period.choices = [(p.label, p.long_label) for p in options]

    def validate_period(self, field):
        try:
            self.period_value = Period.parse(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
