"""The home page at "/": the parts each person's roles call for (app.home.services.parts_for)."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app.core.clock import uk_today
from app.audits.rules import judgement_label
from app.feedback.services import hands_out_invites
from app.home import services
from app.moderation import outcomes
from app.org import scope
from app.plan import rules as plan_rules, services as plan
from app.safeguarding import services as safeguarding

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required  # everyone signed in has a home page; what is on it goes by role (services.parts_for)
def index():
    me = current_user._get_current_object()
    today = uk_today()
    parts = services.parts_for(me)
    page = {"parts": parts, "today": today}
    if services.ALERTS in parts:
        page.update(open_alerts=services.open_alerts(me), alerts=safeguarding)
    if services.AUDITS in parts:
        page.update(audits_due=services.audits_due(me, today), outcomes=outcomes.recent_for_auditor(me),
                    judgement_label=judgement_label)
    if services.MODERATION in parts:
        page.update(moderation=services.moderation_work(me))
    if services.INVITES in parts:
        page.update(invites=services.invite_work(me, today))
    if services.HEADLINES in parts:
        # Draft reports are live figures, not for whoever hands out invites (reports.views._draft).
        page.update(headlines=services.headlines(today, user=me), headline_tables=services.HEADLINE_TABLES,
                    reads_drafts=not hands_out_invites(me))
    if services.PLAN in parts:
        # Partner staff see the partnership's plan; everyone else the council's improvement plan.
        key = plan_rules.PARTNERSHIP_PLAN if scope.scope_of(me).is_partner else plan_rules.MAIN_PLAN
        page.update(recommendations=plan.recommendations(key), home_plan=plan.plan_named(key))
    return render_template("home/index.html", **page)
