from flask import Flask, current_app, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from markupsafe import Markup
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from app.auth.roles import ROLES
from app.core.clock import local_date, local_datetime
from app.core.plain_words import place_in_words
from app.plan import rules as plan_rules


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(ROLES=ROLES, plan_rules=plan_rules, navigation=navigation)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["css_string"] = css_string
    app.jinja_env.filters["place_in_words"] = place_in_words


def css_string(value) -> Markup:
    """`value` for the inside of a double-quoted CSS string in a <style> block.

    CSS is not HTML: HTML escaping does not work there (`&lt;` would print as is) and a
    `</style>` in the value would end the block. Every character other than an ASCII letter,
    digit, space or one of `.,-_:/()` is written as a six-digit CSS escape (`<` is `\\00003c`),
    so the value can neither close the string nor the block, and prints as it was typed.
    """
    safe = []
    for ch in "" if value is None else str(value):
        if ch.isascii() and (ch.isalnum() or ch in " .,-_:/()"):
            safe.append(ch)
        else:
            safe.append(f"\\{ord(ch):06x}")
    return Markup("".join(safe))


def format_date(value, fmt: str = "%-d %B %Y") -> str:
    return local_date(value, fmt)


def format_datetime(value) -> str:
    return local_datetime(value)


def _multi_agency_work(user) -> bool:
    """Partner staff, and council auditors with a part to do or an audit to lead (administrators
    and QA viewers reach multi-agency audits from the Administration page or the URL)."""
    if user.has_role("partner_auditor", "agency_lead", "partnership_panel"):
        return True
    if not user.has_role("auditor") or "partnership.index" not in current_app.view_functions:
        return False
    from app.partnership.services import has_work

    return has_work(user)


def navigation() -> list[dict]:
    """Service navigation items for the signed-in person, by what their roles allow.

    An administrator's settings and figures sit on the Administration page, so their menu stays short.
    """
    if not current_user.is_authenticated:
        return []
    from app.org.administration import ACTIVE_PREFIXES
    from app.org.scope import scope_of

    admin = current_user.has_role("admin")
    county = scope_of(current_user).is_county  # moderation figures are the county's (app.core.access.county_wide)
    # (endpoint, text, endpoint prefixes that belong to the item)
    if current_user.agency_id is not None:  # partner staff read the partnership's plan (app.plan.rules.may_read_plan)
        items = [("plan.register", "Plans", ("plan.",))]
    else:
        items = [("plan.index", "Improvement plan", ("plan.index", "plan.recommendation", "plan.kpi", "plan.edit"))]
    if current_user.has_role("auditor"):
        items.append(("audits.my_audits", "My audits", ("audits.my_audits", "audits.audit")))
    if current_user.roles:
        items.append(("audits.actions_mine", "Corrective actions", ("audits.action",)))
    if _multi_agency_work(current_user):
        items.append(("partnership.index", "Multi-agency audits", ("partnership.",)))
    if current_user.has_role("moderator"):
        items.append(("moderation.queue", "Moderation", ("moderation.",)))
    if current_user.has_role("qa_viewer") and not admin and county:  # read-only: results and agreement, not the queue
        items += [
            ("moderation.results", "Moderation results", ("moderation.results", "moderation.round_results", "moderation.history")),
            ("moderation.agreement", "Moderation agreement", ("moderation.agreement",)),
        ]
    if current_user.has_role("practitioner"):
        items.append(("feedback.campaigns", "Feedback campaigns", ("feedback.campaign",)))
    if current_user.has_role("qa_viewer") and not admin and not current_user.has_role("practitioner"):
        # Whoever hands out invites reads no answers (app.feedback.services.reads_answers).
        items.append(("feedback.period_results_page", "Feedback results", ("feedback.period_results", "feedback.comment")))
    if current_user.has_role("practitioner"):
        items.append(("feedback.my_invites", "Invites", ("feedback.my_invites", "feedback.invite")))
    if "safeguarding.alerts_list" in current_app.view_functions:
        from app.safeguarding.services import may_use_alerts_page

        if may_use_alerts_page(current_user):
            items.append(("safeguarding.alerts_list", "Safeguarding alerts", ("safeguarding.alert",)))
    if current_user.has_role("admin", "qa_viewer", "moderator"):
        items.append(("reports.index", "Reports", ("reports.",)))
    if current_user.has_role("admin", "partnership_panel", "agency_lead", "qa_viewer"):
        items.append(("section11.index", "Section 11", ("section11.",)))
    if admin:
        items.append(("org.index", "Administration", ACTIVE_PREFIXES))
    items = [item for item in items if item[0] in current_app.view_functions]  # parts not built yet stay out
    current = _current_item(items, request.endpoint or "")
    return [
        {"href": url_for(target), "text": text, "active": index == current}
        for index, (target, text, _) in enumerate(items)
    ]


def _current_item(items: list[tuple], endpoint: str) -> int | None:
    """The one item whose prefix matches the endpoint most closely (the earlier item on a tie), so that
    e.g. "audits.action_figures" is Administration's, not "Corrective actions" ("audits.action")."""
    matches = [
        (len(prefix), -index)
        for index, (_, _, prefixes) in enumerate(items)
        for prefix in prefixes
        if endpoint.startswith(prefix)
    ]
    return -max(matches)[1] if matches else None
