"""The respondent's page when the database cannot be reached (app/core/outage.py retries
once first). Someone who has just written how they feel must not lose it to a server
error: the page keeps everything they sent, as hidden fields of a "Try sending again"
form to the same address, with a fresh CSRF token. Nothing was saved, so sending again
saves it once (the submission key they sent goes with it)."""
from flask import request

from app.core import outage
from app.core.request_log import log_error
from app.feedback import respondent_views, services
from app.feedback.blueprint import _respondent, bp

# The pages children, families and practitioners use without an account.
RESPONDENT_PAGES = {"feedback.code_entry", "feedback.respond", "feedback.open_link", "feedback.thank_you",
                    "feedback.respondent_help", "feedback.get_in_touch"}


def kept_fields() -> list[tuple[str, str]]:
    """What the respondent sent, every value of every field, except the old CSRF token."""
    return [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]


def _unavailable(error):
    if request.endpoint not in RESPONDENT_PAGES:
        return outage.unavailable(error)
    log_error("database unreachable; answered 503", error)
    outage.without_the_database()
    sent = request.method == "POST"
    # The page's CSRF token as the questionnaire's own pages make it (tied to the answers token,
    # not to a cookie), so "Try sending again" works on a phone that keeps no cookies.
    token = request.form.get(services.KEY_FIELD) if sent else None
    body, status = _respondent("unavailable.html", 503, kept=kept_fields() if sent else [], sent=sent,
                               action=request.path, form_csrf=respondent_views.form_token(token) if token else None)
    return body, status, {"Retry-After": str(outage.RETRY_AFTER_SECONDS)}


for _error in outage.OUTAGE_ERRORS:
    bp.register_error_handler(_error, _unavailable)
