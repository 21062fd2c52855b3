"""The `feedback` blueprint and what its page modules share. Each module registers its
pages on `bp` when imported: `views` (campaigns, invites), `admin_views` (questionnaires),
`qa_views` (results, comments), `respondent_views` (the public questionnaire pages).
`app._register_blueprints` imports them all; none imports another."""
from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from app.auth.models import User

bp = Blueprint("feedback", __name__)


def _today() -> date:
    return date.today()


def _me() -> User:
    return current_user._get_current_object()


def _field_error(form, error, default: str) -> None:
    """Put a service's error on the form field it names (else on `default`)."""
    name = error.field if error.field in form._fields else default
    form[name].errors = [*form[name].errors, error.message]


def _respondent(template: str, status: int = 200, **context):
    """A respondent's page (templates/feedback/respondent/), with the help numbers and the
    one wording of what happens after a disclosure."""
    from app.feedback import services

    context.setdefault("audience", None)
    context.setdefault("phone", services.help_phone())
    context.setdefault("phone_tel", services.phone_for_link(context["phone"]))
    context.setdefault("wait", services.alert_wait_words())
    return render_template(f"feedback/respondent/{template}", **context), status
