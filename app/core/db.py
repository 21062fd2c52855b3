from datetime import datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """Naive UTC, the same on SQLite and PostgreSQL `timestamp without time zone`."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def written_once(model, error: type[Exception], what: str) -> None:
    """Rows of `model` can be added, never changed or deleted through the ORM: `error` is
    raised saying "`what` cannot be changed" (or deleted). For records people rely on
    staying as they were: the moderation history, a published report."""

    @event.listens_for(model, "before_update")
    def _no_update(mapper, connection, target):
        raise error(f"{what} cannot be changed")

    @event.listens_for(model, "before_delete")
    def _no_delete(mapper, connection, target):
        raise error(f"{what} cannot be deleted")
