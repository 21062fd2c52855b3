"""The moderation pages' forms. The grade radios are built per audit in the template and
read by the view; this form carries the CSRF token."""
from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A POST button (claim, release) or the moderation form: CSRF only."""
