"""Fixtures: a real database (SQLite by default, PostgreSQL with TEST_DATABASE_URL),
built by running the Alembic migrations, and real HTTP through the Flask test client.
"""
import contextvars
import copy
import functools
import os
import re
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from app import create_app
from app.auth.models import User
from app.core.datafile import load_yaml_file
from app.core.db import db
from app.org.services import seed_places

PASSWORD = "correct horse battery staple"


def _database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
        return _own_database(url, os.environ.get("PYTEST_XDIST_WORKER"))
    return f"sqlite:///{tmp_dir / 'test.db'}"


def _own_database(url: str, worker: str | None) -> str:
    """Under pytest-xdist each worker has its own PostgreSQL database ("test_gw0" beside
    "test"), made here if missing, since every test empties the tables it uses."""
    if not worker:
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app():
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": _database_url(Path(tmp)), "SERVER_NAME": "localhost"})
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                # A fresh schema every run, so the migrations are what builds it.
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade()
        yield app


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Every test starts from empty tables (the schema stays), no queued jobs and no rate limit counted."""
    from app.core.extensions import limiter

    app.extensions["queued_jobs"] = []
    with app.app_context():
        limiter.reset()
        yield
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))


_parsed_files = {}


def load_yaml_file_once(path, schema):
    """The plan's YAML parsed once per run rather than once per test (speed only)."""
    key = (str(path), Path(path).stat().st_mtime_ns)
    if key not in _parsed_files:
        _parsed_files[key] = load_yaml_file(path, schema)
    return copy.deepcopy(_parsed_files[key])


@pytest.fixture(autouse=True)
def _quick(monkeypatch):
    """Speed only: a cheap password hash (test_auth checks the real one) and the plan parsed once."""
    monkeypatch.setattr(
        "app.auth.models.generate_password_hash",
        functools.partial(generate_password_hash, method="pbkdf2:sha256:1"),
    )
    monkeypatch.setattr("app.plan.seed.load_yaml_file", load_yaml_file_once)


@pytest.fixture
def places(app):
    seed_places()


@pytest.fixture
def plan(places):
    from app.plan.seed import load_plan

    load_plan()


@pytest.fixture
def make_user(app):
    from app.org.services import save_user

    counter = iter(range(1, 10_000))

    def make(*roles: str, email: str | None = None, name: str | None = None, team_id=None, active=True) -> User:
        n = next(counter)
        user = save_user(User(), name or f"Person {n}", email or f"person{n}@example.org", team_id, set(roles), PASSWORD)
        if not active:
            user.active = False
            db.session.commit()
        return user

    return make


class OwnContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    A test keeps one app context pushed (for db.session in the test body); without
    this every request would share its `g`: the signed-in user, the CSRF token and
    the CSP nonce would be carried from one request, and one client, to the next.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


class Client:
    """The Flask test client plus what a person does: sign in, submit forms with their CSRF token."""

    def __init__(self, flask_client):
        self.http = flask_client

    def get(self, url, **kw):
        return self.http.get(url, **kw)

    def post(self, url, **kw):
        return self.http.post(url, **kw)

    def csrf_token(self) -> str:
        # Every page carries a token: the sign-in form, or the sign-out button once signed in.
        page = self.http.get("/sign-in", follow_redirects=True)
        match = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page.data)
        assert match, "no CSRF token on the page"
        return (match.group(1) or match.group(2)).decode()

    def submit(self, url, data=None, **kw):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.http.post(url, data=data, **kw)

    def sign_in(self, user_or_email, password: str = PASSWORD):
        email = user_or_email.email if isinstance(user_or_email, User) else user_or_email
        response = self.submit("/sign-in", {"email": email, "password": password})
        assert response.status_code == 302, f"sign-in failed: {response.status_code}"
        return response

    def sign_out(self):
        return self.submit("/sign-out")


@pytest.fixture
def new_client(app):
    """Makes independent clients: two people, or two browsers, in one test."""
    return lambda: Client(OwnContextClient(app, app.response_class, use_cookies=True))


@pytest.fixture
def client(new_client):
    return new_client()


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


def error_messages(response) -> list[str]:
    """The texts in the page's error summary, as a person reads them."""
    soup = page(response)
    return [li.get_text(" ", strip=True) for li in soup.select(".govuk-error-summary__list li")]


def static_url(name: str) -> str:
    """Where a page links a static file: its name with a hash of its content
    (css/respondent.css -> /static/css/respondent.3f9a1c0b7d2e.css)."""
    from flask import current_app

    return "/static/" + current_app.extensions["static_manifest"].get(name, name)
