"""Pages for QA staff and administrators: feedback results for a period across campaigns,
the list of comment themes, and tagging comments with them. Computations are in
`period_results` and `themes`."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import ValidationError

from app.auth.roles import ADMIN, QA_VIEWER
from app.core.access import county_wide, get_or_404, roles_required
from app.core.db import db
from app.core.privacy import suppression_threshold
from app.core.periods import HALF, Period
from app.feedback import period_results, rules, services, themes
from app.feedback.forms import ButtonForm
from app.feedback.models import Campaign, CommentTheme
from app.feedback.results import MIN_COUNTED
from app.feedback.blueprint import _field_error, _me, _today, bp
from app.org import scope
from app.org.models import District


class PeriodFilterForm(FlaskForm):
    """The GET form above period results and comments (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    period = StringField(
        "Period", description="A financial half, quarter or year, for example H1 2026-27, Q3 2026-27 or 2026-27",
        widget=GovTextInput(),
    )
    audience = SelectField("Who answered", widget=GovSelect(), choices=[], validate_choice=False)
    district = SelectField("District", widget=GovSelect(), choices=[], validate_choice=False)

    parsed: Period | None = None

    def validate_period(self, field):
        try:
            self.parsed = Period.parse(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate_audience(self, field):
        if field.data and field.data not in rules.AUDIENCES:
            raise ValidationError("Choose who answered from the list")

    def validate_district(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Choose a district from the list")


def _filter_form(today: date) -> PeriodFilterForm:
    args = request.args.to_dict()
    args.setdefault("period", Period.containing(today, HALF).label)
    form = PeriodFilterForm(formdata=_Args(args))
    form.audience.choices = [("", "Everyone")] + list(rules.AUDIENCES.items())
    # Someone narrowed to a locality or district chooses among its districts only: no "every district".
    within = scope.district_ids(scope.scope_of(_me()))
    form.district.choices = ([("", "Every district")] if within is None else []) + [
        (str(d.id), d.name) for d in db.session.scalars(select(District).order_by(District.name))
        if within is None or d.id in within
    ]
    if within is not None and not form.district.data and form.district.choices:
        form.district.data = form.district.choices[0][0]
    return form


class _Args(dict):
    """request.args as WTForms reads form data."""

    def getlist(self, key):
        return [self[key]] if key in self else []


def _answers_readers_only() -> None:
    """403 for a QA viewer who also hands out invites (services.reads_answers)."""
    from flask import abort
    from flask_login import current_user

    if not services.reads_answers(current_user):
        abort(403)


@bp.route("/feedback/results")
@roles_required(ADMIN, QA_VIEWER)
def period_results_page():
    _answers_readers_only()
    form = _filter_form(_today())
    result = None
    if form.validate():
        district_id = int(form.district.data) if form.district.data else None
        result = period_results.feedback_for_period(form.parsed, district_id=district_id,
                                                    threshold=suppression_threshold())
        if form.audience.data:
            result.audiences = [a for a in result.audiences if a.audience == form.audience.data]
            result.responses = period_results.total_responses(result.audiences)
        theme_counts = themes.theme_counts(form.parsed, district_id=district_id)
    else:
        theme_counts = []
    district_name = dict(form.district.choices).get(form.district.data) if form.district.data else None
    return render_template(
        "feedback/period_results.html", form=form, result=result, district_name=district_name,
        min_counted=MIN_COUNTED, theme_counts=theme_counts,
    ), 200 if result is not None else 400


# --- Themes --------------------------------------------------------------------------------


class ThemeForm(FlaskForm):
    name = StringField("Name of the theme", description="For example, Being listened to", widget=GovTextInput())


@bp.route("/feedback/themes", methods=["GET", "POST"])
@roles_required(ADMIN, QA_VIEWER)
@county_wide
def comment_themes():
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            theme = themes.add_theme(form.name.data, _me())
        except themes.ThemeError as error:
            db.session.rollback()
            _field_error(form, error, "name")
        else:
            flash(f"'{theme.name}' added. Comments can now be tagged with it.", "success")
            return redirect(url_for("feedback.comment_themes"))
    return render_template(
        "feedback/themes.html", form=form, themes=themes.themes(), counts=themes.tag_counts_by_theme(), button=ButtonForm(),
    ), 400 if form.errors else 200


@bp.route("/feedback/themes/<int:theme_id>/remove", methods=["POST"])
@roles_required(ADMIN, QA_VIEWER)
@county_wide
def comment_theme_remove(theme_id: int):
    theme = get_or_404(CommentTheme, theme_id)
    if ButtonForm().validate_on_submit():
        try:
            name = theme.name
            themes.remove_theme(theme)
        except themes.ThemeError as error:
            flash(error.message, "error")
        else:
            flash(f"'{name}' removed.", "success")
    return redirect(url_for("feedback.comment_themes"))


# --- Comments, tagged with themes ----------------------------------------------------------


def _tag_name(ref: str) -> str:
    return f"tag-{ref}"


@bp.route("/feedback/comments", methods=["GET", "POST"])
@roles_required(ADMIN, QA_VIEWER)
@county_wide
def comments():
    """A period's (or one campaign's) comments, each with the themes to tick. The filters
    are in the query string; POST saves the ticks of the comments shown on the page."""
    _answers_readers_only()
    campaign = None
    campaign_arg = request.args.get("campaign")
    if campaign_arg:
        if not campaign_arg.isdigit():
            campaign_arg = None
        else:
            campaign = get_or_404(Campaign, int(campaign_arg))
    args = request.args.to_dict()
    if campaign is not None and "period" not in args:
        args["period"] = ""
    form = PeriodFilterForm(formdata=_Args(args or {"period": Period.containing(_today(), HALF).label}))
    period = None
    problems = []
    if (form.period.data or "").strip():
        try:
            period = Period.parse(form.period.data)
        except ValueError as error:
            form.period.errors = [str(error)]
            problems.append(str(error))
    elif campaign is None:
        form.period.errors = ["Enter a period, for example H1 2026-27"]
        problems.append(form.period.errors[0])
    try:
        page_number = int(request.args.get("page", "1"))
    except ValueError:
        page_number = 1
    all_themes = themes.themes()
    button = ButtonForm()
    listing = None
    if not problems:
        listing = themes.comments(period=period, campaign_id=campaign.id if campaign else None,
                                  show_names=_me().has_role(ADMIN), page=page_number)
        if request.method == "POST":
            if button.validate_on_submit():
                # Only comments this page lists can be changed, whatever else is sent.
                listed = {c.ref: (c.response_id, c.question_key) for c in listing.rows}
                shown = [listed[ref] for ref in request.form.getlist("comment") if ref in listed]
                chosen = {}
                for rid, key in shown:
                    ids = request.form.getlist(_tag_name(f"{rid}-{key}"))
                    chosen[(rid, key)] = {int(t) for t in ids if t.isdigit()}
                try:
                    changed = themes.save_tags(chosen, shown, _me())
                except themes.ThemeError as error:
                    flash(error.message, "error")
                else:
                    flash(f"Themes saved: {changed} comment{'s' if changed != 1 else ''} changed.", "success")
            else:
                flash("The form had expired. Nothing was saved: tick the themes again and save.", "error")
            return redirect(request.full_path)
    elif request.method == "POST":
        return redirect(request.full_path)
    return render_template(
        "feedback/comments.html", form=form, campaign=campaign, period=period, listing=listing, themes=all_themes,
        button=button, problems=problems, tag_name=_tag_name,
    ), 400 if problems else 200
