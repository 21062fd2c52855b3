"""What /readyz checks. Each check answers "ok" or a short reason, never an exception:
the reasons are shown to anyone who asks, so they name no host, user or password."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Flask
from sqlalchemy import text

from app.core.db import db

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The newest revisions in migrations/ (read once: the files do not change while running)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def database() -> tuple[str, str]:
    """(database check, migrations check)."""
    from alembic.runtime.migration import MigrationContext

    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except Exception:  # noqa: BLE001 - any failure to reach the database means not ready
        return "unreachable", "unknown"
    return "ok", "ok" if current == migration_heads() else "not at the newest migration: run flask db upgrade"


def redis(app: Flask) -> str:
    url = app.config.get("REDIS_URL")
    if not url:
        return "ok" if app.config.get("APP_ENV") != "production" else "not configured"
    from app.core.jobs import redis_connection

    try:
        redis_connection(url).ping()
    except Exception:  # noqa: BLE001 - any failure to reach Redis means not ready
        return "unreachable"
    return "ok"


def checks(app: Flask) -> dict[str, str]:
    database_check, migrations_check = database()
    return {"database": database_check, "migrations": migrations_check, "redis": redis(app)}
