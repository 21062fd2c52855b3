"""What a person may see: the whole county, one locality, one district, or (partner staff) their
agency's work. Plain functions, used by the views to narrow what they list and by the person form.

Partner staff reach nothing of the council's own case audits, moderation, corrective actions,
feedback or reports: they hold only the partnership's roles (`role_problem`), and a role they were
somehow given besides is not counted (`User.has_role`)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.auth.roles import ADMIN, PARTNER_ROLES, ROLES
from app.core.db import db
from app.org.models import District, Locality, Team

COUNTY = "county"
LOCALITY = "locality"
DISTRICT = "district"
AGENCY = "agency"


@dataclass(frozen=True)
class Scope:
    kind: str  # COUNTY, LOCALITY, DISTRICT or AGENCY
    ident: int | None = None  # the locality's, district's or agency's id
    name: str = "The whole county"

    @property
    def is_county(self) -> bool:
        return self.kind == COUNTY

    @property
    def is_partner(self) -> bool:
        return self.kind == AGENCY

    @property
    def area_key(self) -> str | None:
        """The report's area for this scope ("county", "district:3"...); None for an agency."""
        if self.kind == COUNTY:
            return "county"
        return None if self.kind == AGENCY else f"{self.kind}:{self.ident}"


def scope_of(user) -> Scope:
    """Who a person can see. An agency comes first: partner staff are never county-wide."""
    if user.agency_id is not None:
        return Scope(AGENCY, user.agency_id, user.agency.name if user.agency else "Their agency")
    if user.scope_district_id is not None:
        return Scope(DISTRICT, user.scope_district_id, f"{user.scope_district.name} district")
    if user.scope_locality_id is not None:
        return Scope(LOCALITY, user.scope_locality_id, f"{user.scope_locality.name} locality")
    return Scope(COUNTY)


def district_ids(scope: Scope) -> set[int] | None:
    """The council districts in scope: None for the whole county, none at all for an agency."""
    if scope.kind == COUNTY:
        return None
    if scope.kind == AGENCY:
        return set()
    if scope.kind == DISTRICT:
        return {scope.ident}
    return set(db.session.scalars(select(District.id).where(District.locality_id == scope.ident)))


def team_ids(scope: Scope) -> set[int] | None:
    """The council teams in scope: None for the whole county, none for an agency."""
    districts = district_ids(scope)
    if districts is None:
        return None
    if not districts:
        return set()
    return set(db.session.scalars(select(Team.id).where(Team.district_id.in_(sorted(districts)))))


def may_see_area(scope: Scope, district_id: int | None, locality_id: int | None) -> bool:
    """May someone with `scope` read figures for this area (no district or locality: the county)?"""
    if scope.kind == COUNTY:
        return True
    if scope.kind == AGENCY:
        return False
    if district_id is not None:
        return district_id in district_ids(scope)
    if locality_id is not None:
        return scope.kind == LOCALITY and locality_id == scope.ident
    return False  # the county's figures are not for someone narrowed to part of it


def areas_in(scope: Scope) -> list[tuple[str, str]]:
    """The report areas someone with `scope` may choose: (key, name), their own first."""
    localities = db.session.scalars(select(Locality).order_by(Locality.name)).all()
    districts = db.session.scalars(select(District).order_by(District.name)).all()
    areas = [("county", "The whole county")] if scope.kind == COUNTY else []
    areas += [(f"locality:{loc.id}", f"{loc.name} locality") for loc in localities if may_see_area(scope, None, loc.id)]
    areas += [(f"district:{d.id}", f"{d.name} district") for d in districts if may_see_area(scope, d.id, None)]
    return areas


# --- The person form's rules ---------------------------------------------------------------------


def role_problem(has_agency: bool, roles: set[str]) -> str | None:
    """Partner staff hold only the partnership's roles; None when the roles are allowed."""
    if not has_agency:
        return None
    council = sorted(set(roles) - PARTNER_ROLES, key=list(ROLES).index)
    if not council:
        return None
    names = ", ".join(ROLES[r] for r in council)
    return (f"Partner staff can only hold the partnership's roles (partner auditor, agency safeguarding lead, "
            f"partnership panel member). Remove {names}, or choose no agency for council staff")


def scope_problem(has_agency: bool, kind: str, roles: set[str]) -> str | None:
    """What a person can see must fit who they are; None when it does."""
    if has_agency and kind != AGENCY:
        return "Partner staff see only their agency's work: choose their agency's work"
    if not has_agency and kind == AGENCY:
        return "Only partner staff are limited to an agency's work: choose an agency, or the county, a locality or a district"
    if kind in (LOCALITY, DISTRICT) and ADMIN in roles:
        return "Administrators look after the whole county: choose the whole county, or remove Administrator"
    return None


def team_problem(has_agency: bool, team_id: int | None) -> str | None:
    if has_agency and team_id is not None:
        return "Partner staff are not in a council team: choose no team"
    return None
