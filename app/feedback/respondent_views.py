"""The respondent's pages, public, no sign-in, on the `feedback` blueprint: /q to type a
code, /q/<code> for an invite, /c/<token> for a campaign's open link, /q/thank-you.

These pages use their own slim stylesheet and template (templates/feedback/respondent/),
load nothing from other sites and work without JavaScript. Their form is CSRF-protected
by hand (not by the global check), so that a lost session cookie re-shows the answers
with a fresh token instead of an error page that loses them.
"""
from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from app.core.extensions import csrf
from app.feedback import invite_codes, rules, services
from app.feedback.models import Campaign, Invite
from app.feedback.views import _today, bp

DONE = "feedback_done"


def _respondent(template: str, status: int = 200, **context):
    context.setdefault("audience", None)
    context.setdefault("phone", services.help_phone())
    return render_template(f"feedback/respondent/{template}", **context), status


@bp.route("/q")
def code_entry():
    typed = request.args.get("code")
    error = None
    if typed is not None:
        try:
            code = invite_codes.normalise(typed)
        except invite_codes.CodeError as problem:
            error = str(problem)
        else:
            if services.invite_by_code(code) is not None:
                return redirect(url_for("feedback.respond", code=invite_codes.display(code)))
            error = "We cannot find that code. Check it against your card or message and try again"
    return _respondent("code.html", 400 if error else 200, typed=typed or "", error=error)


def _csrf_ok() -> bool:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def _answer(campaign: Campaign, invite: Invite | None):
    """The questionnaire page (GET) and what happens to the answers (POST)."""
    today = _today()
    questionnaire = campaign.questionnaire
    audience = questionnaire.audience
    store_key = f"feedback-{invite.code}" if invite else f"feedback-open-{campaign.open_link_token}"

    def used():
        return _respondent("used.html", audience=audience, forget=store_key)

    def closed():
        return _respondent("closed.html", audience=audience,
                           not_yet=campaign.closed_at is None and today < campaign.period_start)

    submission = services.Submission(key=services.new_submission_key())
    notice = None
    status = 200
    if request.method == "POST":
        submission = services.read_submission(questionnaire, request.form)
        csrf_ok = _csrf_ok()
        if csrf_ok and not submission.errors:
            try:
                done = services.submit_response(campaign, invite, submission, today)
            except services.InviteUsed:
                return used()
            except services.CampaignClosed:
                return closed()
            help_ = None
            if done.alert is not None:
                help_ = "invite" if invite is not None else "open"
            session[DONE] = {"help": help_, "forget": store_key, "audience": audience}
            return redirect(url_for("feedback.thank_you"))
        if not csrf_ok:
            notice = ("Sorry, your answers were not sent: the page had been open a long time, or your browser"
                      " blocked a cookie. Your answers are still here. Check them, then press Send my answers again.")
        status = 400
    if invite is not None and invite.used_at is not None:
        return used()
    if not campaign.is_open_on(today):
        return closed()
    action = (url_for("feedback.respond", code=invite.display_code) if invite
              else url_for("feedback.open_link", token=campaign.open_link_token))
    return _respondent(
        "questionnaire.html", status, q=questionnaire, audience=audience, sub=submission,
        notice=notice, action=action, store_key=store_key, scale=rules.SCALES[questionnaire.scale],
        answer_field=services.answer_field, text_field=services.text_field,
        name_field=services.NAME_FIELD, key_field=services.KEY_FIELD, max_text=services.FREE_TEXT_MAX,
    )


@bp.route("/q/<code>", methods=["GET", "POST"])
@csrf.exempt
def respond(code: str):
    invite = services.invite_by_code(code)
    if invite is None:
        if request.method == "POST" and not _csrf_ok():
            raise CSRFError("The CSRF token is missing.")
        try:
            invite_codes.normalise(code)
            problem = "We cannot find that code. Check it against your card or message and try again"
        except invite_codes.CodeError as error:
            problem = str(error)
        return _respondent("code.html", 404, typed=code, error=problem)
    return _answer(invite.campaign, invite)


@bp.route("/c/<token>", methods=["GET", "POST"])
@csrf.exempt
def open_link(token: str):
    campaign = services.campaign_by_open_link(token)
    if campaign is None:
        if request.method == "POST" and not _csrf_ok():
            raise CSRFError("The CSRF token is missing.")
        return _respondent("not_found.html", 404)
    return _answer(campaign, None)


@bp.route("/q/thank-you")
def thank_you():
    done = session.pop(DONE, None) or {}
    return _respondent("thanks.html", help=done.get("help"), forget=done.get("forget"), audience=done.get("audience"))
