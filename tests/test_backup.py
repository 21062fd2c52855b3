"""The backup and restore procedure (docs/deploy.md) done by its scripts on PostgreSQL:
dump, wipe, restore, and the same rows come back.

It runs in a scratch database of its own, made and dropped here (never the shared test
database), through BACKUP_TEST_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
Without PostgreSQL or its client programs it is skipped, saying why."""
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.core.db import db

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BACKUP_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def scratch_database():
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (apt-get install postgresql-client)")
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at BACKUP_TEST_ADMIN_URL ({ADMIN_URL.split('@')[-1]}): {error}".strip())
    name = f"backup_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def rows(tables) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order."""
    with db.engine.connect() as connection:
        return {t: sorted((tuple(r) for r in connection.execute(text(f'SELECT * FROM "{t}"'))), key=repr) for t in tables}


def run(script: str, *args: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "scripts" / script), *args], env={**os.environ, "DATABASE_URL": url},
                          capture_output=True, text=True, timeout=120, check=True)


def test_a_backup_restores_the_same_rows_after_the_database_is_wiped(scratch_database, tmp_path, make_user):
    from app.auth.models import User
    from app.org.services import save_user, seed_places
    from app.plan.seed import load_plan

    app = create_app({"APP_ENV": "testing",
                      "SQLALCHEMY_DATABASE_URI": scratch_database.replace("postgresql://", "postgresql+psycopg://")})
    with app.app_context():
        upgrade()
        seed_places()
        load_plan()
        save_user(User(), "Robin Restore", "robin@example.org", None, {"admin", "moderator"}, "a long pass phrase here")
        tables = sorted(inspect(db.engine).get_table_names())
        before = rows(tables)
        assert "alembic_version" in tables and before["alembic_version"]
        assert len(before["user_account"]) == 1 and len(before["recommendation"]) == 10
        db.session.remove()
        db.engine.dispose()

        backup = tmp_path / "nightly" / "audit-feedback.dump"
        assert run("backup.sh", str(backup), url=scratch_database).stdout.strip() == str(backup)
        assert backup.stat().st_size > 0 and not Path(f"{backup}.partial").exists()

        with db.engine.begin() as connection:  # the database is lost
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        assert inspect(db.engine).get_table_names() == []

        refused = subprocess.run([str(ROOT / "scripts" / "restore.sh"), str(backup)], capture_output=True, text=True,
                                 env={**os.environ, "DATABASE_URL": scratch_database})
        assert refused.returncode == 2 and "--yes" in refused.stderr  # not without saying so
        run("restore.sh", str(backup), "--yes", url=scratch_database)
        db.engine.dispose()
        assert sorted(inspect(db.engine).get_table_names()) == tables
        assert rows(tables) == before
        assert app.test_client().get("/readyz").json["migrations"] == "ok"


def test_migrations_started_on_several_servers_at_once_wait_for_each_other(scratch_database):
    """Each web server may run `flask db upgrade` as it starts (deploy/systemd): on PostgreSQL
    one migrates while the others wait, then finds nothing to do."""
    import sys

    env = {**os.environ, "APP_ENV": "testing", "FLASK_APP": "wsgi", "DATABASE_URL": scratch_database}
    flask = str(Path(sys.executable).parent / "flask")
    runs = [subprocess.Popen([flask, "db", "upgrade"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], "\n".join(outputs)[-3000:]
    app = create_app({"APP_ENV": "testing",
                      "SQLALCHEMY_DATABASE_URI": scratch_database.replace("postgresql://", "postgresql+psycopg://")})
    with app.app_context():
        assert app.test_client().get("/readyz").json["migrations"] == "ok"
        db.engine.dispose()
