"""Administration: the landing page, people and teams."""
from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.forms import ConfirmForm
from app.auth.models import User
from app.auth.roles import ADMIN
from app.auth.services import DuplicateEmail, set_active
from app.core.access import get_or_404, roles_required
from app.core.db import db
from app.org import administration, agencies, scope, services
from app.org.forms import AgencyForm, TeamForm, UserForm
from app.org.models import Agency, District, Team

bp = Blueprint("org", __name__, url_prefix="/admin")


@bp.route("")
@roles_required(ADMIN)
def index():
    from app.notifications.delivery import undelivered

    return render_template("org/index.html", sections=administration.sections(), undelivered=undelivered())


@bp.route("/people")
@roles_required(ADMIN)
def users():
    people = db.session.scalars(
        select(User).options(selectinload(User.team), selectinload(User.agency)).order_by(User.active.desc(), User.name)
    ).all()
    # Who is narrowed to a locality or district, said beside their team.
    narrowed = {p.id: scope.scope_of(p).name for p in people if p.scope_district_id or p.scope_locality_id}
    return render_template("org/users.html", people=people, narrowed=narrowed)


@bp.route("/people/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def user_new():
    return _edit_user(User(), editing=False)


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@roles_required(ADMIN)
def user_edit(user_id: int):
    return _edit_user(get_or_404(User, user_id), editing=True)


def _edit_user(user: User, editing: bool):
    form = UserForm(
        data={"name": user.name, "email": user.email, "team_id": str(user.team_id or ""), "roles": sorted(user.roles),
              "second_factor": user.totp_required, "agency_id": str(user.agency_id or ""),
              "scope": services.scope_choice(user)}
        if editing
        else None,
        teams=services.active_teams() + ([user.team] if user.team and not user.team.active else []),
        agencies=agencies.active_agencies() + ([user.agency] if user.agency and not user.agency.active else []),
        scopes=services.scope_choices(),
        editing=editing,
    )
    if form.validate_on_submit():
        kind, _, ident = form.scope.data.partition(":")
        try:
            services.save_user(
                user,
                form.name.data,
                form.email.data,
                int(form.team_id.data) if form.team_id.data else None,
                set(form.roles.data or []),
                form.password.data or None,
                second_factor=(form.second_factor.data, form.reset_second_factor.data),
                placement=(int(form.agency_id.data) if form.agency_id.data else None, kind,
                           int(ident) if ident else None),
            )
        except DuplicateEmail as clash:
            form.email.errors.append(str(clash))
        except services.PersonProblem as problem:
            db.session.rollback()
            getattr(form, problem.field).errors.append(str(problem))
        else:
            flash(f"{user.name}'s details are saved.", "success")
            return redirect(url_for("org.users"))
    return render_template(
        "org/user_form.html", form=form, person=user, editing=editing, confirm_form=ConfirmForm()
    )


@bp.route("/people/<int:user_id>/deactivate", methods=["POST"])
@roles_required(ADMIN)
def user_deactivate(user_id: int):
    return _set_active(get_or_404(User, user_id), False)


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
@roles_required(ADMIN)
def user_reactivate(user_id: int):
    return _set_active(get_or_404(User, user_id), True)


def _set_active(user: User, active: bool):
    from flask_login import current_user

    if ConfirmForm().validate_on_submit():
        if user.id == current_user.id and not active:
            flash("You cannot deactivate your own account. Ask another administrator.", "error")
        else:
            set_active(user, active)
            flash(
                f"{user.name} can sign in again." if active else f"{user.name} is deactivated and can no longer sign in. Their work stays attributed to them.",
                "success",
            )
    return redirect(url_for("org.user_edit", user_id=user.id))


@bp.route("/teams")
@roles_required(ADMIN)
def teams():
    all_teams = db.session.scalars(
        select(Team).join(Team.district).options(selectinload(Team.district).selectinload(District.locality))
        .order_by(District.name, Team.name)
    ).all()
    return render_template("org/teams.html", teams=all_teams)


@bp.route("/teams/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def team_new():
    return _edit_team(Team(), editing=False)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@roles_required(ADMIN)
def team_edit(team_id: int):
    return _edit_team(get_or_404(Team, team_id), editing=True)


def _edit_team(team: Team, editing: bool):
    form = TeamForm(
        data={
            "name": team.name,
            "district_id": str(team.district_id),
            "service_area": team.service_area,
            "active": "yes" if team.active else "no",
        }
        if editing
        else None,
        districts=services.districts(),
    )
    if form.validate_on_submit():
        try:
            services.save_team(
                team, form.name.data, int(form.district_id.data), form.service_area.data, form.active.data == "yes"
            )
        except services.DuplicateTeam as clash:
            form.name.errors.append(str(clash))
        else:
            flash(f"Team {team.name} is saved.", "success")
            return redirect(url_for("org.teams"))
    return render_template("org/team_form.html", form=form, team=team, editing=editing)


# --- Partner agencies --------------------------------------------------------------------------


@bp.route("/agencies")
@roles_required(ADMIN)
def agency_list():
    return render_template("org/agencies.html", agencies=agencies.all_agencies(), people=agencies.people_counts())


@bp.route("/agencies/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def agency_new():
    return _edit_agency(Agency(), editing=False)


@bp.route("/agencies/<int:agency_id>")
@roles_required(ADMIN)
def agency(agency_id: int):
    agency = get_or_404(Agency, agency_id)
    return render_template("org/agency.html", agency=agency, people=agencies.people_of(agency),
                           confirm_form=ConfirmForm())


@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def agency_edit(agency_id: int):
    return _edit_agency(get_or_404(Agency, agency_id), editing=True)


def _edit_agency(agency: Agency, editing: bool):
    form = AgencyForm(data={"name": agency.name, "kind": agency.kind} if editing else None)
    if form.validate_on_submit():
        try:
            agencies.save_agency(agency, form.name.data, form.kind.data, agency.active if editing else True)
        except agencies.DuplicateAgency as clash:
            db.session.rollback()
            form.name.errors.append(str(clash))
        else:
            flash(f"{agency.name} is saved.", "success")
            return redirect(url_for("org.agency", agency_id=agency.id))
    return render_template("org/agency_form.html", form=form, agency=agency, editing=editing), \
        400 if form.errors else 200


@bp.route("/agencies/<int:agency_id>/deactivate", methods=["POST"])
@roles_required(ADMIN)
def agency_deactivate(agency_id: int):
    return _set_agency_active(get_or_404(Agency, agency_id), False)


@bp.route("/agencies/<int:agency_id>/reactivate", methods=["POST"])
@roles_required(ADMIN)
def agency_reactivate(agency_id: int):
    return _set_agency_active(get_or_404(Agency, agency_id), True)


def _set_agency_active(agency: Agency, active: bool):
    if ConfirmForm().validate_on_submit():
        agencies.save_agency(agency, agency.name, agency.kind, active)
        flash(f"{agency.name} can be chosen for people again." if active else
              f"{agency.name} is deactivated: it can no longer be chosen for new people. "
              "Its people keep their accounts until you deactivate them.", "success")
    return redirect(url_for("org.agency", agency_id=agency.id))
