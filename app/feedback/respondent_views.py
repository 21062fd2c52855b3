"""The respondent's pages, public, no sign-in, on the `feedback` blueprint: /q to type a
code, /q/<code> for an invite, /c/<token> for a campaign's open link, /q/thank-you,
/q/help ("I need help now"), and /q/get-in-touch (after a safety signal, whether and how
they want someone to get in touch).

These pages use their own slim stylesheet and template (templates/feedback/respondent/),
load nothing from other sites and work without JavaScript. Their forms are CSRF-protected
by hand (not by the global check), so that a lost session cookie re-shows the answers
with a fresh token instead of an error page that loses them.

The session cookie (signed by the server, gone when the browser closes) never holds the
invite code or the open link: only the opaque name of the answers kept on the phone, the
audience, and the alert's contact token until it is used.
"""
from __future__ import annotations

from flask import redirect, request, session, url_for
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from app.core.extensions import csrf
from app.feedback import invite_codes, limits, rules, services
from app.feedback.models import Campaign, Invite
from app.feedback.blueprint import _respondent, _today, bp
from app.safeguarding import rules as safeguarding_rules
from app.safeguarding import services as safeguarding

DONE = "feedback_done"  # the thank-you page, shown once: {"help", "forget", "audience"}
CONTACT = "feedback_contact"  # {"token", "open", "audience"} until used; then {"done": "yes"|"no", ...}

# Questionnaires published before the wording was settled promise a worker is told
# "straight away"; published versions never change, so their paragraph is replaced here.
_OLD_PROMISES = ("straight away",)


def _csrf_ok() -> bool:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def _intro(text: str) -> list[str]:
    """The questionnaire's introduction as paragraphs, without any older promise about
    when a worker is told (the page says what really happens)."""
    paragraphs = [p.replace("\n", " ").strip() for p in (text or "").split("\n\n")]
    return [p for p in paragraphs if p and not any(words in p.lower() for words in _OLD_PROMISES)]


NOT_FOUND = ("We cannot find that code, or it has been used. Check it against your card or message."
             " Each code can be used once: for another, ask the person who gave it to you")


def _live_invite(code: str) -> Invite | None:
    """The invite with this code if it has not been answered (or this is the form that
    answered it, sent again by a double tap). A used code is answered exactly as an unknown
    one, so guessing cannot tell codes that exist from codes that do not (app/feedback/limits.py)."""
    invite = services.invite_by_code(code)
    if invite is None or invite.used_at is None:
        return invite
    return invite if request.method == "POST" and services.sent_again(invite, request.form) else None


@bp.route("/q")
@limits.code_guessing
def code_entry():
    typed = request.args.get("code")
    error = None
    if typed is not None:
        try:
            code = invite_codes.normalise(typed)
        except invite_codes.CodeError as problem:
            error = str(problem)
        else:
            if _live_invite(code) is not None:
                return redirect(url_for("feedback.respond", code=invite_codes.display(code)))
            error = NOT_FOUND
        limits.code_not_found()
    return _respondent("code.html", 400 if error else 200, typed=typed or "", error=error)


@bp.route("/q/help")
def respondent_help():
    return _respondent("help.html")


def _answer(campaign: Campaign, invite: Invite | None):
    """The questionnaire page (GET) and what happens to the answers (POST)."""
    today = _today()
    questionnaire = campaign.questionnaire
    audience = questionnaire.audience
    store_key = services.storage_key(campaign, invite)

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
                if done.alert.contact_token:
                    session[CONTACT] = {"token": done.alert.contact_token, "open": invite is None, "audience": audience}
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
        "questionnaire.html", status, q=questionnaire, intro=_intro(questionnaire.intro), audience=audience,
        sub=submission, notice=notice, action=action, store_key=store_key, scale=rules.SCALES[questionnaire.scale],
        answer_field=services.answer_field, text_field=services.text_field,
        name_field=services.NAME_FIELD, key_field=services.KEY_FIELD, max_text=services.FREE_TEXT_MAX,
    )


@bp.route("/q/<code>", methods=["GET", "POST"])
@csrf.exempt
@limits.code_guessing
def respond(code: str):
    invite = _live_invite(code)
    if invite is None:
        limits.code_not_found()
        if request.method == "POST" and not _csrf_ok():
            raise CSRFError("The CSRF token is missing.")
        try:
            invite_codes.normalise(code)
            problem = NOT_FOUND
        except invite_codes.CodeError as error:
            problem = str(error)
        return _respondent("code.html", 404, typed=code, error=problem)
    return _answer(invite.campaign, invite)


@bp.route("/c/<token>", methods=["GET", "POST"])
@csrf.exempt
@limits.open_link_answers
def open_link(token: str):
    campaign = services.campaign_by_open_link(token)
    if campaign is None:
        if request.method == "POST" and not _csrf_ok():
            raise CSRFError("The CSRF token is missing.")
        return _respondent("not_found.html", 404)
    return _answer(campaign, None)


def _pending_contact() -> dict | None:
    pending = session.get(CONTACT)
    return pending if pending and pending.get("token") else None


@bp.route("/q/thank-you")
def thank_you():
    # Shown once: opened again from the history of a shared phone, it says only thank you.
    done = session.pop(DONE, None) or {}
    pending = _pending_contact() if done.get("help") else None
    return _respondent("thanks.html", help=done.get("help"), forget=done.get("forget"), audience=done.get("audience"),
                       contact=pending, ways=safeguarding_rules.CONTACT_WAYS, errors={}, values={})


@bp.route("/q/get-in-touch", methods=["GET", "POST"])
@csrf.exempt
def get_in_touch():
    """The respondent's answer to "Do you want someone to get in touch?". GET shows what
    happened (once); a second answer, or one after the alert is closed, gets a kind page."""
    pending = _pending_contact()
    if request.method == "GET":
        state = session.get(CONTACT) or {}
        if state.get("done"):
            session.pop(CONTACT, None)
            return _respondent("contact_done.html", wants=state["done"], audience=state.get("audience"))
        return _respondent("contact_gone.html", audience=state.get("audience"))
    csrf_ok = _csrf_ok()
    if pending is None and not csrf_ok:
        raise CSRFError("The CSRF token is missing.")  # nothing of theirs here: as any forged form
    alert = safeguarding.alert_by_contact_token(pending["token"]) if pending else None
    if alert is None:
        session.pop(CONTACT, None)
        return _respondent("contact_gone.html", audience=(pending or {}).get("audience"))
    form = request.form
    values = {"wants": form.get("wants", ""), "how": form.get("how", ""), "details": form.get("details", "")}
    wish, errors = safeguarding_rules.read_contact_request(values["wants"], values["how"], values["details"])
    notice = None
    if not csrf_ok:
        notice = ("Sorry, your answer was not sent: the page had been open a long time, or your browser blocked a"
                  " cookie. Check your answer, then press Send again.")
    if errors or notice:
        return _respondent("contact.html", 400, contact=pending, ways=safeguarding_rules.CONTACT_WAYS, errors=errors,
                           values=values, notice=notice, audience=pending.get("audience"))
    safeguarding.record_contact_request(alert, wish)
    session[CONTACT] = {"done": wish["wants"], "audience": pending.get("audience")}
    return redirect(url_for("feedback.get_in_touch"))
