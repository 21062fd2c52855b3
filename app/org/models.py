from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import db, utcnow
from datetime import datetime

# Stored key -> label shown to people. Order is the order of menus.
SERVICE_AREAS = {
    "early_help": "Early Help",
    "safeguarding": "Safeguarding & family support (CIN/CP)",
    "cla": "Children looked after",
    "care_leavers": "Care leavers",
    "cwd": "Children with disabilities",
    "hub": "Safeguarding Hub (MASH)",
}


# The kinds of partner agency named by the partnership's arrangements (Working Together's
# "relevant agencies"); the council's children's services are the local authority.
AGENCY_KINDS = {
    "local_authority": "Local authority children's services",
    "police": "Police",
    "health": "Health",
    "education": "Education (schools and colleges)",
    "district_council": "District council",
    "probation": "Probation and youth justice",
    "voluntary": "Voluntary and community sector",
    "other": "Other agency",
}


class Agency(db.Model):
    """A partner agency of the safeguarding partnership (police, a health trust, a school...),
    with its own people. Its staff see only their agency's work and what the partnership
    shares with them (app/org/scope.py)."""

    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def kind_label(self) -> str:
        return AGENCY_KINDS.get(self.kind, self.kind)

    def __repr__(self):
        return f"<Agency {self.name}>"


class Locality(db.Model):
    __tablename__ = "locality"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    districts: Mapped[list["District"]] = relationship(back_populates="locality", order_by="District.name")

    def __repr__(self):
        return f"<Locality {self.name}>"


class District(db.Model):
    __tablename__ = "district"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("locality.id"))
    locality: Mapped[Locality] = relationship(back_populates="districts")
    teams: Mapped[list["Team"]] = relationship(back_populates="district", order_by="Team.name")

    def __repr__(self):
        return f"<District {self.name}>"


class Team(db.Model):
    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    service_area: Mapped[str] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    district: Mapped[District] = relationship(back_populates="teams")

    @property
    def service_area_label(self) -> str:
        return SERVICE_AREAS.get(self.service_area, self.service_area)

    def __repr__(self):
        return f"<Team {self.name}>"
