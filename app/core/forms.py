"""Form fields shared by several domains."""
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField


class DayMonthYear(DateField):
    """A date typed as day, month and year. All three blank is 'no date', not an error."""

    def __init__(self, label, description="", **kwargs):
        super().__init__(
            label,
            description=description,
            format="%d %m %Y",
            widget=GovDateInput(),
            invalid_value_message=f"{label} must be a real date, for example 31 3 2026",
            **kwargs,
        )

    def process_formdata(self, valuelist):
        if not valuelist:  # not sent at all: the widget then shows the stored date, if any
            self.raw_data = None
            return
        parts = [(v or "").strip() for v in valuelist]
        self.raw_data = (parts + ["", "", ""])[:3]  # the widget shows day, month and year back
        if len(parts) == 3 and not any(parts):
            self.data = None
            return
        if len(parts) != 3:
            self.data = None
            raise ValueError(self.invalid_value_message)
        super().process_formdata(parts)


def field_error(form, error, default: str) -> None:
    """Put a service's error (with `.field` and `.message`) on the form field it names, else on `default`."""
    name = error.field if error.field in form._fields else default
    form[name].errors = [*form[name].errors, error.message]
