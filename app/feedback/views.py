"""Feedback pages, on the `feedback` blueprint.

Staff (signed in): campaigns (administrators create them; practitioners issue invites in
those for their team), my invites with their code, link, QR code and printable card,
safeguarding alerts, and the administrators' concern words and safeguarding leads.

The respondent's pages (public, no sign-in) are in `respondent_views`, on the same blueprint.
"""
from __future__ import annotations

import io

import segno
from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.roles import ADMIN, PRACTITIONER, QA_VIEWER
from app.core.access import county_wide, get_or_404, roles_required
from app.core.db import db
from app.core.privacy import suppression_threshold
from app.core.urls import bare, public_url
from app.feedback import rules, services, translations
from app.feedback.blueprint import _field_error, _me, _today, bp
from app.feedback.forms import ButtonForm, CampaignForm, InviteForm
from app.feedback.models import Campaign, Invite
from app.feedback.questionnaire_service import published_versions, register_coverage
from app.org.models import District, Team

register_coverage()


def qr_svg(data: str, title: str) -> Markup:
    """A QR code as inline SVG (black on white, with a quiet zone), named for screen readers."""
    qr = segno.make(data, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=5, border=4, dark="#0b0c0c", light="#ffffff", xmldecl=False, svgns=True,
            title=title, svgclass="app-qr", lineclass=None, omitsize=False)
    svg = out.getvalue().decode("utf-8")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


# --- Campaigns ----------------------------------------------------------------------------


@bp.route("/feedback/campaigns")
@roles_required(ADMIN, PRACTITIONER)
def campaigns():
    items = services.campaigns_for(_me())
    return render_template(
        "feedback/campaigns.html", campaigns=items, counts=services.campaign_counts(items), today=_today(),
    )


@bp.route("/feedback/campaigns/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def campaign_new():
    versions = published_versions()
    form = CampaignForm()
    form.questionnaire_version_id.choices = [("", "Choose a questionnaire" if versions else "No published questionnaire")] + [
        (str(v.id), f"{v.definition.title} – {rules.AUDIENCES[v.definition.audience]} ({v.questionnaire.key}, version {v.version})")
        for v in versions
    ]
    districts = db.session.scalars(select(District).order_by(District.name)).all()
    teams = db.session.scalars(select(Team).options(joinedload(Team.district)).where(Team.active.is_(True)).order_by(Team.name)).all()
    form.district_id.choices = [("", "Every district")] + [(str(d.id), d.name) for d in districts]
    form.team_id.choices = [("", "Every team")] + [(str(t.id), f"{t.name} ({t.district.name})") for t in teams]
    if form.validate_on_submit():
        version = next((v for v in versions if str(v.id) == form.questionnaire_version_id.data), None)
        district = next((d for d in districts if str(d.id) == form.district_id.data), None)
        team = next((t for t in teams if str(t.id) == form.team_id.data), None)
        try:
            campaign = services.create_campaign(
                name=form.name.data, version=version, period_start=form.period_start.data,
                period_end=form.period_end.data, district=district, team=team, target_rate=form.rate,
                open_link=form.open_link.data == "yes", user=_me(),
            )
        except services.FeedbackError as error:
            db.session.rollback()
            _field_error(form, error, "name")
        else:
            flash(f"Campaign '{campaign.name}' created. Practitioners can now issue invites in it.", "success")
            return redirect(url_for("feedback.campaign", campaign_id=campaign.id))
    return render_template("feedback/campaign_new.html", form=form), 400 if form.errors else 200


def _campaign_for_viewer(campaign_id: int) -> Campaign:
    campaign = get_or_404(Campaign, campaign_id)
    if not services.can_view_campaign(_me(), campaign):
        abort(403)
    return campaign


@bp.route("/feedback/campaigns/<int:campaign_id>")
@roles_required(ADMIN, PRACTITIONER)
def campaign(campaign_id: int):
    return _campaign_page(_campaign_for_viewer(campaign_id), InviteForm(formdata=None))


def _campaign_page(campaign: Campaign, invite_form: InviteForm, status: int = 200):
    open_link = None
    if campaign.open_link_token:
        url = public_url("feedback.open_link", token=campaign.open_link_token)
        open_link = {"url": url, "qr": qr_svg(url, f"QR code for the open link of {campaign.name}")}
    return render_template(
        "feedback/campaign.html", campaign=campaign, questionnaire=campaign.questionnaire,
        audience=rules.AUDIENCES[campaign.questionnaire.audience],
        counts=services.campaign_counts([campaign])[campaign.id], invites=services.campaign_invites(campaign, _me()),
        can_issue=services.can_issue(_me(), campaign, _today()), open_link=open_link, today=_today(), button=ButtonForm(),
        reads_answers=services.reads_answers(_me()),
        invite_form=invite_form, form=invite_form,
    ), status


@bp.route("/feedback/campaigns/<int:campaign_id>/results")
@roles_required(ADMIN, QA_VIEWER)
@county_wide
def campaign_results(campaign_id: int):
    """QA staff and administrators only. Not practitioners, whatever other roles they hold
    (services.reads_answers): one who issues an invite and reads the results before and after
    it is answered would tie a child's words to the child."""
    from app.feedback import results

    campaign = get_or_404(Campaign, campaign_id)
    me = _me()
    if not services.reads_answers(me):
        abort(403)
    language = (request.args.get("language") or "").strip().lower() or None  # split by language; else pooled
    return render_template(
        "feedback/results.html", campaign=campaign, questionnaire=campaign.questionnaire,
        results=results.load_results(campaign, show_names=me.has_role(ADMIN), threshold=suppression_threshold(),
                                     language=language), r=results,
    )


@bp.route("/feedback/campaigns/<int:campaign_id>/invites", methods=["POST"])
@roles_required(ADMIN, PRACTITIONER)
def invite_new(campaign_id: int):
    campaign = _campaign_for_viewer(campaign_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _campaign_page(campaign, form, 400)
    try:
        invite = services.issue_invite(campaign, _me(), _today(), given_to=form.given_to.data)
    except services.FeedbackError as error:
        db.session.rollback()
        if error.field == "given_to":
            _field_error(form, error, "given_to")
            return _campaign_page(campaign, form, 400)
        flash(error.message, "error")
        return redirect(url_for("feedback.campaign", campaign_id=campaign.id))
    flash(f"Invite {invite.display_code} issued. Give the code, the link or the QR code to one person.", "success")
    return redirect(url_for("feedback.invite", code=invite.display_code))


@bp.route("/feedback/campaigns/<int:campaign_id>/close", methods=["POST"])
@roles_required(ADMIN)
def campaign_close(campaign_id: int):
    campaign = get_or_404(Campaign, campaign_id)
    services.close_campaign(campaign, _me())
    flash(f"'{campaign.name}' is closed: its invites and open link no longer take answers.", "success")
    return redirect(url_for("feedback.campaign", campaign_id=campaign.id))


@bp.route("/feedback/campaigns/<int:campaign_id>/card")
@roles_required(ADMIN, PRACTITIONER)
def campaign_card(campaign_id: int):
    campaign = _campaign_for_viewer(campaign_id)
    if not campaign.open_link_token:
        abort(404)
    url = public_url("feedback.open_link", token=campaign.open_link_token)
    return render_template(
        "feedback/card.html", campaign=campaign, questionnaire=campaign.questionnaire, code=None, link=bare(url),
        qr=qr_svg(url, "QR code for the questionnaire"), back=url_for("feedback.campaign", campaign_id=campaign.id),
        phone=services.help_phone(),
    )


# --- Invites ------------------------------------------------------------------------------


@bp.route("/feedback/invites")
@roles_required(ADMIN, PRACTITIONER)
def my_invites():
    today = _today()
    open_campaigns = [c for c in services.campaigns_for(_me()) if services.can_issue(_me(), c, today)]
    # Find a campaign by audience and name: a GET form, so it works without JavaScript and can be bookmarked.
    audiences = sorted({c.questionnaire.audience for c in open_campaigns}, key=list(rules.AUDIENCES).index)
    audience = request.args.get("audience", "")
    audience = audience if audience in audiences else ""
    words = request.args.get("name", "").strip()[:services.NAME_MAX]
    found = services.find_campaigns(open_campaigns, audience, words)
    return render_template(
        "feedback/invites.html", invites=services.invites_issued_by(_me()), open_campaigns=open_campaigns,
        found=found, audience=audience, words=words, audiences=[(a, rules.AUDIENCES[a]) for a in audiences],
        all_audiences=rules.AUDIENCES,
        button=ButtonForm(), today=today,
    )


def _invite_for_issuer(code: str) -> Invite:
    invite = services.invite_by_code(code)
    if invite is None:
        abort(404)
    if not services.can_see_invite(_me(), invite):
        abort(403)
    return invite


@bp.route("/feedback/invites/<code>")
@roles_required(ADMIN, PRACTITIONER)
def invite(code: str):
    invite = _invite_for_issuer(code)
    url = public_url("feedback.respond", code=invite.display_code)
    # The same invite opened in another language (?lang=): for someone who reads it better.
    languages = [(name, public_url("feedback.respond", code=invite.display_code, lang=language))
                 for language, name in translations.offered(invite.campaign.questionnaire)[1:]]
    return render_template(
        "feedback/invite.html", invite=invite, campaign=invite.campaign, questionnaire=invite.campaign.questionnaire,
        url=url, qr=qr_svg(url, f"QR code for invite {invite.display_code}"),
        entry=bare(public_url("feedback.code_entry")), languages=languages,
    )


@bp.route("/feedback/invites/<code>/card")
@roles_required(ADMIN, PRACTITIONER)
def invite_card(code: str):
    invite = _invite_for_issuer(code)
    url = public_url("feedback.respond", code=invite.display_code)
    return render_template(
        "feedback/card.html", campaign=invite.campaign, questionnaire=invite.campaign.questionnaire,
        code=invite.display_code, link=bare(public_url("feedback.code_entry")),
        qr=qr_svg(url, "QR code for the questionnaire"), back=url_for("feedback.invite", code=invite.display_code),
        phone=services.help_phone(),
    )


# --- You said, we did (administrators) ----------------------------------------------------


@bp.route("/feedback/you-said-we-did", methods=["GET", "POST"])
@roles_required(ADMIN)
def you_said_we_did():
    from app.feedback import yswd

    form = yswd.YswdForm()
    form.measure_key.choices = yswd.measure_choices()
    if form.validate_on_submit():
        try:
            yswd.add_entry(heard=form.heard.data, did=form.did.data, done_on=form.done_on.data,
                           measure_key=form.measure_key.data, period=form.period.data, user=_me())
        except yswd.YswdError as error:
            db.session.rollback()
            _field_error(form, error, "heard")
        else:
            flash("The entry is added.", "success")
            return redirect(url_for("feedback.you_said_we_did"))
    return render_template(
        "feedback/you_said_we_did.html", form=form, entries=yswd.entries(),
    ), 400 if form.errors else 200

