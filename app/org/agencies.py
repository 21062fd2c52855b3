"""Partner agencies: added, renamed and deactivated by administrators (production), or made by
the demo. Plain functions the views and the demo call."""
from sqlalchemy import func, select

from app.auth.models import User
from app.core.db import db
from app.org.models import AGENCY_KINDS, Agency


class DuplicateAgency(ValueError):
    pass


def all_agencies() -> list[Agency]:
    return db.session.scalars(select(Agency).order_by(Agency.active.desc(), Agency.name)).all()


def active_agencies() -> list[Agency]:
    return db.session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(Agency.name)).all()


def people_of(agency: Agency) -> list[User]:
    return db.session.scalars(
        select(User).where(User.agency_id == agency.id).order_by(User.active.desc(), User.name)).all()


def people_counts() -> dict[int, int]:
    """Active people per agency id, in one query."""
    rows = db.session.execute(
        select(User.agency_id, func.count()).where(User.agency_id.is_not(None), User.active.is_(True))
        .group_by(User.agency_id))
    return {agency_id: n for agency_id, n in rows}


def save_agency(agency: Agency, name: str, kind: str, active: bool = True) -> Agency:
    """Add or change an agency, in one commit; a name another agency has is refused (any case)."""
    name = " ".join(name.split())
    if kind not in AGENCY_KINDS:
        raise ValueError(f"Unknown kind of agency: {kind}")
    clash = db.session.scalar(select(Agency.id).where(func.lower(Agency.name) == name.lower(),
                                                      Agency.id != agency.id))
    if clash is not None:
        raise DuplicateAgency(f"There is already an agency called {name}")
    agency.name, agency.kind, agency.active = name, kind, active
    db.session.add(agency)
    db.session.commit()
    return agency


def agency_named(name: str, kind: str) -> Agency:
    """The agency with this name, made if missing (the demo, and tests)."""
    agency = db.session.scalar(select(Agency).where(Agency.name == name))
    return agency if agency is not None else save_agency(Agency(), name, kind)
