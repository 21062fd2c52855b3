"""Rate limits on the respondent's pages (Flask-Limiter; Redis in production, so every
worker shares the counts; memory in development and tests).

Invite codes. A code is 8 characters from 31 (ALPHABET in invite_codes): 31^8 is about
853 billion codes. With 10,000 live codes a random guess hits one with a chance of about
1 in 85 million. Only lookups that find no live code count (a respondent opening their own
code never does), and a used code answers exactly as an unknown one (same status, same
words), so a guess learns nothing but "not live". Limits:

    CODE_FAILURES_PER_ADDRESS  20 an hour from one address: 85 million / 20 = about
                               4.3 million hours, nearly 500 years, to expect one hit
    CODE_FAILURES_OVERALL      1,000 an hour from everyone together (many machines): about
                               85,000 hours, nearly 10 years

Beyond a limit every lookup from that address (or, overall, from anyone) is refused with
429 until the hour moves on, live codes included: answering some would tell a guesser which.

Open links take any number of answers, so submissions (Send) are limited per address and per
campaign, and the pages between (answers in progress) per address, more generously. A submission that says the respondent may not be safe (a safety signal, by
app.feedback.rules.safety_signals with the concern phrases in use, as raise_alert does) is never refused: it is
exempt from the limits, so a genuine disclosure is always stored and raises its alert.
"""
from __future__ import annotations

import ipaddress
import math
import time

from flask import g, request

from app.core.extensions import limiter

CODE_FAILURES_PER_ADDRESS = "20 per hour"
CODE_FAILURES_OVERALL = "1000 per hour"
OPEN_LINK_PER_ADDRESS = "10 per minute;60 per hour"
OPEN_LINK_PER_CAMPAIGN = "300 per hour"
# Pages of an open-link questionnaire answered a page at a time (each kept as answers in
# progress): generous, as a child may go back and forth, but a bound on what one address can make us keep.
OPEN_LINK_PAGES_PER_ADDRESS = "120 per minute;1500 per hour"


def _address() -> str:
    """The address counted against: an IPv4 address, or an IPv6 address's /64 (one home or
    phone is given a whole /64, so counting single IPv6 addresses would count nothing)."""
    address = request.remote_addr or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _everyone() -> str:
    return "everyone"


def _campaign_token() -> str:
    return (request.view_args or {}).get("token", "")


def code_not_found() -> None:
    """Count this request as a failed code lookup (an unknown or used code)."""
    g.code_not_found = True


def _failed_lookup(response) -> bool:
    return bool(g.get("code_not_found"))


def too_many(request_limit):
    """The respondent's 429 page, in their own slim template, with help at the foot."""
    from flask import make_response

    from app.feedback.blueprint import _respondent

    wait = max(1, math.ceil((request_limit.reset_at - time.time()) / 60)) if request_limit else 60
    response = make_response(*_respondent("too_many.html", 429, minutes=wait))
    response.headers["Retry-After"] = str(wait * 60)
    return response


def discloses() -> bool:
    """Whether the open-link answers being sent say the respondent may not be safe. Any
    doubt (the campaign or the rules cannot be read) counts as yes: better an answer over
    the limit than a disclosure lost."""
    if request.method != "POST":
        return False
    try:
        from app.feedback import progress, rules, services
        from app.safeguarding import services as safeguarding

        campaign = services.campaign_by_open_link(_campaign_token())
        if campaign is None:
            return False
        questionnaire = campaign.questionnaire
        submission = services.read_answers(questionnaire, request.form)
        # With what was answered on earlier pages (a safety answer on page 4, sent from the check page).
        kept = progress.find(request.form.get(services.KEY_FIELD, ""), campaign, None)
        answers = {**((kept.answers or {}) if kept else {}), **submission.answers}
        free_text = {**((kept.free_text or {}) if kept else {}), **submission.free_text}
        return bool(rules.safety_signals(questionnaire, answers, free_text, safeguarding.concern_words()))
    except Exception:  # noqa: BLE001 - never refuse a disclosure because a check failed
        return True


def code_guessing(view):
    """The limits on looking up invite codes, counting only lookups that find no live code."""
    for limit_value, scope, key in ((CODE_FAILURES_OVERALL, "invite-code-overall", _everyone),
                                    (CODE_FAILURES_PER_ADDRESS, "invite-code-address", _address)):
        view = limiter.shared_limit(limit_value, scope=scope, key_func=key, deduct_when=_failed_lookup,
                                    on_breach=too_many)(view)
    return view


def _sending() -> bool:
    # A form without a button's value is sent whole (a page from before answers had pages).
    return (request.form.get("go") or "send") == "send"


def _not_counted() -> bool:
    return not _sending() or discloses()


def open_link_answers(view):
    """The limits on sending answers through an open link (disclosures are exempt), and on
    the pages before Send."""
    view = limiter.limit(OPEN_LINK_PER_CAMPAIGN, key_func=_campaign_token, methods=["POST"],
                         exempt_when=_not_counted, on_breach=too_many, scope="open-link-campaign")(view)
    view = limiter.limit(OPEN_LINK_PER_ADDRESS, key_func=_address, methods=["POST"],
                         exempt_when=_not_counted, on_breach=too_many, scope="open-link-address")(view)
    view = limiter.limit(OPEN_LINK_PAGES_PER_ADDRESS, key_func=_address, methods=["POST"],
                         exempt_when=_sending, on_breach=too_many, scope="open-link-pages")(view)
    return view
