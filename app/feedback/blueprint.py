"""The `feedback` blueprint and what its page modules share. Each module registers its
pages on `bp` when imported: `views` (campaigns, invites), `admin_views` (questionnaires),
`qa_views` (results, comments), `respondent_views` (the public questionnaire pages).
`app._register_blueprints` imports them all; none imports another."""
from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from app.auth.models import User
from app.core.forms import field_error
from app.core.clock import uk_today

bp = Blueprint("feedback", __name__)


def _today() -> date:
    return uk_today()


def _me() -> User:
    return current_user._get_current_object()


_field_error = field_error  # the name the feedback page modules use


def _respondent(template: str, status: int = 200, **context):
    """A respondent's page (templates/feedback/respondent/), with the help numbers and the
    one wording of what happens after a disclosure."""
    from app.feedback import services

    context.setdefault("audience", None)
    context.setdefault("phone", services.help_phone())
    context.setdefault("phone_tel", services.phone_for_link(context["phone"]))
    context.setdefault("wait", services.alert_wait_words())
    return render_template(f"feedback/respondent/{template}", **context), status
