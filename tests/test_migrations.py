"""The schema is built only by migrations: a model change without one fails here."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.core.db import db


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models and migrations differ; run `flask --app wsgi db migrate`: {differences}"
