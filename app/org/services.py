"""Use cases for teams and the people in them."""
from sqlalchemy import func, select

from app.auth.models import User
from app.auth.services import DuplicateEmail
from app.core.db import db
from app.org import scope
from app.org.models import District, Locality, Team

# Seeded from DOMAIN.md; teams are the admin's to add.
LOCALITIES = {
    "Allerdale & Copeland": ["Allerdale", "Copeland"],
    "Carlisle & Eden": ["Carlisle", "Eden"],
    "Barrow & South Lakeland": ["Barrow", "South Lakeland"],
}


def seed_places() -> tuple[int, int]:
    """Create the localities and districts that are missing. Returns how many were added."""
    added_localities = added_districts = 0
    for locality_name, district_names in LOCALITIES.items():
        locality = db.session.scalar(select(Locality).where(Locality.name == locality_name))
        if locality is None:
            locality = Locality(name=locality_name)
            db.session.add(locality)
            added_localities += 1
        for name in district_names:
            if db.session.scalar(select(District).where(District.name == name)) is None:
                db.session.add(District(name=name, locality=locality))
                added_districts += 1
    db.session.commit()
    return added_localities, added_districts


def districts() -> list[District]:
    return db.session.scalars(select(District).order_by(District.name)).all()


def active_teams() -> list[Team]:
    return db.session.scalars(select(Team).where(Team.active.is_(True)).order_by(Team.name)).all()


class DuplicateTeam(ValueError):
    pass


def save_team(team: Team, name: str, district_id: int, service_area: str, active: bool) -> Team:
    name = name.strip()
    clash = db.session.scalar(select(Team.id).where(func.lower(Team.name) == name.lower(), Team.id != team.id))
    if clash is not None:
        raise DuplicateTeam(f"There is already a team called {name}")
    team.name, team.district_id, team.service_area, team.active = name, district_id, service_area, active
    db.session.add(team)
    db.session.commit()
    return team


class PersonProblem(ValueError):
    """A person's details that do not fit together; `field` is where the message goes."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def save_user(user: User, name: str, email: str, team_id: int | None, roles: set[str], password: str | None,
              second_factor: tuple[bool, bool] | None = None,
              placement: tuple[int | None, str, int | None] | None = None) -> User:
    """Add or change a person, in one commit. `second_factor`: (required, set up again) for
    password sign-in; None leaves it as it is. Setting it up again, or no longer requiring it,
    forgets the app's key, so the old app's codes stop working. `placement`: (agency id, what
    they can see: scope.COUNTY/LOCALITY/DISTRICT/AGENCY, the locality's or district's id);
    None leaves it as it is. Roles, team and scope that do not fit are refused (PersonProblem)."""
    email = User.normalise_email(email)
    clash = db.session.scalar(select(User.id).where(User.email == email, User.id != user.id))
    if clash is not None:
        raise DuplicateEmail(f"Someone already has the email address {email}")
    agency_id, kind, ident = placement if placement is not None else (
        user.agency_id, *_scope_key(user))
    for field, problem in (("roles", scope.role_problem(agency_id is not None, roles)),
                           ("team_id", scope.team_problem(agency_id is not None, team_id)),
                           ("scope", scope.scope_problem(agency_id is not None, kind, roles))):
        if problem:
            raise PersonProblem(field, problem)
    user.name, user.email, user.team_id = name.strip(), email, team_id
    user.agency_id = agency_id
    user.scope_locality_id = ident if kind == scope.LOCALITY else None
    user.scope_district_id = ident if kind == scope.DISTRICT else None
    user.roles = roles
    if password:
        user.set_password(password)
    if second_factor is not None:
        required, again = second_factor
        user.totp_required = bool(required)
        if again or not required:
            user.totp_secret, user.totp_last_step = None, None
    db.session.add(user)
    db.session.commit()
    return user


def _scope_key(user: User) -> tuple[str, int | None]:
    """(kind, id) of what a person can see as stored (for a person not yet saved: the county)."""
    if user.agency_id is not None:
        return scope.AGENCY, user.agency_id
    if user.scope_district_id is not None:
        return scope.DISTRICT, user.scope_district_id
    if user.scope_locality_id is not None:
        return scope.LOCALITY, user.scope_locality_id
    return scope.COUNTY, None


def scope_choice(user: User) -> str:
    """The person form's value for what they can see ("county", "district:3", "agency")."""
    kind, ident = _scope_key(user)
    return kind if kind in (scope.COUNTY, scope.AGENCY) else f"{kind}:{ident}"


def scope_choices() -> list[tuple[str, str]]:
    """The person form's choices: the county, each locality and district, or their agency's work."""
    return ([(scope.COUNTY, "The whole county")]
            + [(k, n) for k, n in scope.areas_in(scope.Scope(scope.COUNTY)) if k != "county"]
            + [(scope.AGENCY, "Only their agency's work (partner staff)")])
