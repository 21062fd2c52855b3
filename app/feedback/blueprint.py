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


@bp.app_template_global("respondent_words")
def _respondent_words(language: str = "en") -> dict:
    """For staff pages that show what respondents read (the printed card's help)."""
    from app.feedback import translations

    return translations.words(language)


@bp.app_template_global("fill_words")
def _fill_words(text: str, **parts):
    from app.feedback import translations

    return translations.fill(text, **parts)


def _today() -> date:
    return uk_today()


def _me() -> User:
    return current_user._get_current_object()


_field_error = field_error  # the name the feedback page modules use


def _respondent(template: str, status: int = 200, **context):
    """A respondent's page (templates/feedback/respondent/), with the help numbers and the
    one wording of what happens after a disclosure, in the respondent's language
    (`language`, a code; its words `w` from app.feedback.translations)."""
    from app.feedback import services, translations

    context.setdefault("audience", None)
    context.setdefault("phone", services.help_phone())
    context.setdefault("phone_tel", services.phone_for_link(context["phone"]))
    language = context.setdefault("language", translations.ENGLISH)
    w = context.setdefault("w", translations.words(language))
    context.setdefault("wait", services.alert_wait_words() if language == translations.ENGLISH
                       else translations.duration(services.alert_wait_minutes(), w))
    context.setdefault("fill", translations.fill)
    # Links back to help keep the language (?lang=); English needs none.
    context.setdefault("lang_arg", None if language == translations.ENGLISH else language)
    return render_template(f"feedback/respondent/{template}", **context), status
