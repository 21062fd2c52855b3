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

import hashlib
import hmac

from flask import current_app, redirect, request, session, url_for
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from app.core.extensions import csrf
from app.core.static_files import compressed
from app.feedback import (branching, invite_codes, limits, progress, respondent_pages, rules, services,
                          translations)
from app.feedback.models import Campaign, Invite
from app.feedback.blueprint import _respondent, _today, bp
from app.safeguarding import rules as safeguarding_rules
from app.safeguarding import services as safeguarding

DONE = "feedback_done"  # the thank-you page, shown once: {"help", "forget", "audience"}
CONTACT = "feedback_contact"  # {"token", "open", "audience"} until used; then {"done": "yes"|"no", ...}

def form_token(token: str) -> str:
    """The CSRF token of a questionnaire page: tied to the page's random answers token, not to
    the session, so that a phone without cookies can still answer."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"respondent-form:" + token.encode(), hashlib.sha256).hexdigest()


def _csrf_ok() -> bool:
    posted = request.form.get("csrf_token") or ""
    token = request.form.get(services.KEY_FIELD) or ""
    if token and hmac.compare_digest(posted, form_token(token)):
        return True
    try:
        validate_csrf(posted)
    except ValidationError:
        return False
    return True


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
@compressed
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


def _known_language(code: str | None) -> str:
    """A language the pages around a questionnaire have words for (the help and thank-you
    pages belong to no questionnaire), else English."""
    code = (code or "").strip().lower()
    return code if code in translations.all_words() else translations.ENGLISH


def _in_language(language: str, translation=None) -> dict:
    return {"language": language, "w": translations.words(language, translation)}


@bp.route("/q/help")
@compressed
def respondent_help():
    return _respondent("help.html", **_in_language(_known_language(request.args.get("lang"))))


def _answer(campaign: Campaign, invite: Invite | None):
    """The questionnaire, a page at a time (GET: its first page), and what happens to each
    page sent (POST): kept as answers in progress, then the next page, the one before, the
    check page, or, on Send, stored once as the response."""
    today = _today()
    questionnaire = campaign.questionnaire
    audience = questionnaire.audience
    store_key = services.storage_key(campaign, invite)
    form = request.form
    go = (form.get("go") or "send") if request.method == "POST" else None
    token = (form.get(services.KEY_FIELD) or "").strip()
    found = progress.find(token, campaign, invite) if request.method == "POST" else None
    # The language: chosen on this page (a button "lang:pl"), else the one the pages carry
    # (a hidden field, and kept with the answers in progress), else the link's ?lang=.
    if go and go.startswith("lang:"):
        wanted = go.removeprefix("lang:")
    elif request.method == "POST":
        wanted = form.get("lang") or (found.language if found is not None else None)
    else:
        wanted = request.args.get("lang")
    language = translations.choose(questionnaire, wanted)
    walk = respondent_pages.Walk.of(questionnaire, language, translations.offered(questionnaire), action=(
        url_for("feedback.respond", code=invite.display_code) if invite
        else url_for("feedback.open_link", token=campaign.open_link_token)))
    words, pages, check = walk.words, walk.pages, walk.check

    def used():
        return _respondent("used.html", audience=audience, forget=store_key, **words)

    def closed():
        return _respondent("closed.html", audience=audience,
                           not_yet=campaign.closed_at is None and today < campaign.period_start, **words)

    def show(number, token, values, errors=None, notice=None, back_to_check=False, status=200):
        return respondent_pages.render(
            walk, number, token, values, form_token=form_token(token), store_key=store_key, errors=errors,
            notice=notice, back_to_check=back_to_check, status=status, form=form)

    if invite is not None and invite.used_at is not None and go != "send":
        return used()
    if not campaign.is_open_on(today):
        return closed()
    if request.method == "GET":
        return show(1, services.new_submission_key(), progress.as_dict(None))

    csrf_ok = _csrf_ok()
    if not services.KEY_PATTERN.match(token) or (found is None and progress.token_taken(token)):
        token = services.new_submission_key()  # never another respondent's answers
    number = _number(form.get("page"), check)
    page = pages[number - 1] if number < check else None
    back_to_check = form.get("return") == "check"
    posted = services.read_answers(questionnaire, form)
    so_far = progress.as_dict(found)
    if go == "skip" and page is not None:
        values, errors = progress.cleared(so_far, page), {}
    else:
        values, errors = progress.merge(so_far, questionnaire, page, posted, form), posted.errors
    values["language"] = language
    if not csrf_ok or errors:
        # Nothing is kept: the same page again, with what they sent, to put right or send again.
        notice = None if csrf_ok else words["w"]["answers_not_sent"]
        shown = number if page is not None or not errors else _first_page_with(pages, errors, check)
        return show(shown, token, values, errors, notice, back_to_check, 400)

    # An answer to a question no longer asked (an earlier answer changed) is let go of.
    values["answers"], values["free_text"] = branching.drop_hidden(questionnaire, values["answers"], values["free_text"])
    if go == "send":
        if not values["answers"] and not values["free_text"] and not progress.sent_before(token, campaign, invite):
            return show(check, token, values, {"change-1": services.NOTHING_ANSWERED}, status=400)
        try:
            done = progress.send(found, token, campaign, invite, values, today)
        except services.InviteUsed:
            return used()
        except services.CampaignClosed:
            return closed()
        help_ = None
        if done.alert is not None and _worried(done.alert):
            help_ = "invite" if invite is not None else "open"
            if done.alert.contact_token:
                session[CONTACT] = {"token": done.alert.contact_token, "open": invite is None, "audience": audience,
                                    "language": language}
        session[DONE] = {"help": help_, "forget": store_key, "audience": audience, "language": language}
        return redirect(url_for("feedback.thank_you"))

    progress.save(found, token, campaign, invite, values)
    target, back_to_check = respondent_pages.destination(walk, go, number, back_to_check, values["answers"])
    return show(target, token, values, back_to_check=back_to_check)


def _worried(alert) -> bool:
    """Whether the alert says the respondent may not be safe: not only that what they wrote
    is in a language the automatic check cannot read (a person reads it; they are not told
    we are worried about them)."""
    return any(rules.OTHER_LANGUAGE not in (s.get("categories") or ()) for s in alert.signals)


_number = respondent_pages.page_number


def _first_page_with(pages: list, errors: dict, check: int) -> int:
    for page in pages:
        names = [services.answer_field(s.key) for s in page.statements] + [
            services.text_field(f.key) for f in page.free_text] + ([services.NAME_FIELD] if page.asks_name else [])
        if any(name in errors for name in names):
            return page.number
    return check


@bp.route("/q/<code>", methods=["GET", "POST"])
@csrf.exempt
@limits.code_guessing
@compressed
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
@compressed
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
@compressed
def thank_you():
    # Shown once: opened again from the history of a shared phone, it says only thank you.
    done = session.pop(DONE, None) or {}
    pending = _pending_contact() if done.get("help") else None
    return _respondent("thanks.html", help=done.get("help"), forget=done.get("forget"), audience=done.get("audience"),
                       contact=pending, ways=safeguarding_rules.CONTACT_WAYS, errors={}, values={},
                       **_in_language(_known_language(done.get("language"))))


@bp.route("/q/get-in-touch", methods=["GET", "POST"])
@csrf.exempt
@compressed
def get_in_touch():
    """The respondent's answer to "Do you want someone to get in touch?". GET shows what
    happened (once); a second answer, or one after the alert is closed, gets a kind page.
    In the language they answered in (kept with the alert's token in the session)."""
    pending = _pending_contact()
    state = session.get(CONTACT) or {}
    words = _in_language(_known_language(state.get("language")))
    if request.method == "GET":
        if state.get("done"):
            session.pop(CONTACT, None)
            return _respondent("contact_done.html", wants=state["done"], audience=state.get("audience"), **words)
        return _respondent("contact_gone.html", audience=state.get("audience"), **words)
    csrf_ok = _csrf_ok()
    if pending is None and not csrf_ok:
        raise CSRFError("The CSRF token is missing.")  # nothing of theirs here: as any forged form
    alert = safeguarding.alert_by_contact_token(pending["token"]) if pending else None
    if alert is None:
        session.pop(CONTACT, None)
        return _respondent("contact_gone.html", audience=(pending or {}).get("audience"), **words)
    form = request.form
    values = {"wants": form.get("wants", ""), "how": form.get("how", ""), "details": form.get("details", "")}
    wish, errors = safeguarding_rules.read_contact_request(values["wants"], values["how"], values["details"])
    notice = None if csrf_ok else words["w"]["contact_stale"]
    if errors or notice:
        return _respondent("contact.html", 400, contact=pending, ways=safeguarding_rules.CONTACT_WAYS,
                           errors=_contact_errors(errors, words["w"]), values=values, notice=notice,
                           audience=pending.get("audience"), **words)
    safeguarding.record_contact_request(alert, wish)
    session[CONTACT] = {"done": wish["wants"], "audience": pending.get("audience"), "language": words["language"]}
    return redirect(url_for("feedback.get_in_touch"))


# The contact form's problems (app.safeguarding.rules.read_contact_request) by what they say,
# to put them in the respondent's words; anything else is shown as the rules word it.
_CONTACT_ERRORS = {
    "Choose yes or no": "wants",
    "Choose how we should get in touch": "how",
    "Write the number or email address we should use": "details",
    "Write the email address we should use": "details_email",
    f"Write {safeguarding_rules.CONTACT_DETAILS_MAX} characters or fewer": "too_long",
}


def _contact_errors(errors: dict[str, str], w: dict) -> dict[str, str]:
    said = w.get("contact_errors") or {}
    return {field: said.get(_CONTACT_ERRORS.get(message, ""), message).format(n=safeguarding_rules.CONTACT_DETAILS_MAX)
            for field, message in errors.items()}