import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.db import db, utcnow
from app.auth.roles import PARTNER_ROLES, ROLES
from app.org.models import Agency, District, Locality, Team


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    # Partner staff belong to an agency; council staff have none. What a person may see can
    # be narrowed to one locality or district (app/org/scope.py); none means the county.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    scope_locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    scope_district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    # Never deleted: audits and answers stay attributed to the person who made them.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_signed_in_at: Mapped[datetime | None]
    # Changing this signs the person out everywhere (deactivation, password change).
    session_version: Mapped[int] = mapped_column(default=1)
    # A second factor for password sign-in (app/auth/second_factor.py): required by an
    # administrator; the key once the person has set up their app; the last step used.
    totp_required: Mapped[bool] = mapped_column(default=False)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]

    team: Mapped[Team | None] = relationship()
    agency: Mapped[Agency | None] = relationship()
    scope_locality: Mapped[Locality | None] = relationship()
    scope_district: Mapped[District | None] = relationship()
    role_rows: Mapped[list["UserRole"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )

    @staticmethod
    def normalise_email(email: str) -> str:
        return (email or "").strip().lower()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    @roles.setter
    def roles(self, new_roles) -> None:
        unknown = set(new_roles) - set(ROLES)
        if unknown:
            raise ValueError(f"Unknown role: {', '.join(sorted(unknown))}")
        keep = [r for r in self.role_rows if r.role in new_roles]
        have = {r.role for r in keep}
        self.role_rows = keep + [UserRole(role=r) for r in sorted(set(new_roles) - have)]

    @property
    def role_labels(self) -> list[str]:
        return [ROLES[r] for r in sorted(self.roles)]

    def has_role(self, *roles: str) -> bool:
        held = self.roles
        if self.agency_id is not None:
            # Partner staff never reach the council's own work, even if given a council role by mistake.
            held &= PARTNER_ROLES
        return bool(held.intersection(roles))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self):
        return f"<User {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_role"
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True)


class LoginAttempt(db.Model):
    """Failed and successful sign-ins, kept to slow down password guessing."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_email_at", "email", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool] = mapped_column(default=False)


class ApiToken(db.Model):
    """A bearer token for the read-only API. Only its hash is stored."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    created_by: Mapped[User] = relationship()

    PREFIX = "qa_"

    @staticmethod
    def hash(token: str) -> str:
        # Tokens are 256-bit random: a fast hash is enough, no salt needed.
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, name: str, created_by: User) -> tuple["ApiToken", str]:
        token = cls.PREFIX + secrets.token_urlsafe(32)
        row = cls(name=name, token_hash=cls.hash(token), prefix=token[:10], created_by=created_by)
        return row, token

    @property
    def active(self) -> bool:
        return self.revoked_at is None
