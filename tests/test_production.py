"""Running for real: the settings production refuses, the proxy and HSTS, /readyz, and the
JSON log lines (docs/deploy.md)."""
import io
import json
import logging
import re

import pytest
from feedback.conftest import admin, answer, campaign, invite, make_campaign, practitioner, questionnaires, team  # noqa: F401

from app import create_app
from app.config import ConfigError, load_config
from app.core.request_log import JsonLines, use_json_lines

SAFE = {
    "SECRET_KEY": "k" * 64, "PUBLIC_URL": "https://feedback.example.gov.uk", "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SAFEGUARDING_PHONE": "01632 960 001", "SAFEGUARDING_INBOX_EMAIL": "safeguarding.hub@example.gov.uk",
    "MAIL_SERVER": "smtp.example.gov.uk", "DATABASE_URL": "postgresql://qa@db.example.internal/qa",
}


@pytest.fixture
def root_logging():
    """The root logger as it was: a production app sets it to write JSON lines."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def production(monkeypatch, root_logging):
    """Production's settings in the environment, safe until a test changes one."""
    monkeypatch.setenv("APP_ENV", "production")
    for name in ("FLASK_DEBUG", "TRUSTED_PROXIES", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in SAFE.items():
        monkeypatch.setenv(name, value)
    # No concern model learning in the background of a config test.
    monkeypatch.setattr("app.feedback.concern_model.warm_up", lambda: None)
    return monkeypatch


def test_safe_production_settings_start(production, tmp_path):
    config = load_config(str(tmp_path))
    assert config["APP_ENV"] == "production"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://qa@db.example.internal/qa"
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True, "hide_parameters": True}


@pytest.mark.parametrize("name, value, refusal", [
    ("FLASK_DEBUG", "1", "FLASK_DEBUG is on: .* Unset FLASK_DEBUG"),
    ("SECRET_KEY", "dev-only-not-secret", "SECRET_KEY is the published development key: set it to a random string"),
    ("SECRET_KEY", "short-secret", "SECRET_KEY is too short \\(12 characters\\): set it to a random string of 32"),
    ("DATABASE_URL", "sqlite:////srv/app.db", "DATABASE_URL must name a PostgreSQL database in production"),
    ("SAFEGUARDING_PHONE", None, "SAFEGUARDING_PHONE must be set when APP_ENV=production: set it to the number"),
    ("SAFEGUARDING_INBOX_EMAIL", None, "SAFEGUARDING_INBOX_EMAIL must be set when APP_ENV=production: set it to"),
    ("MAIL_SERVER", None, "MAIL_SERVER must be set when APP_ENV=production: set it to the SMTP server"),
    ("REDIS_URL", None, "REDIS_URL must be set when APP_ENV=production: set it to the Redis server's address"),
    ("PUBLIC_URL", None, "PUBLIC_URL must be set when APP_ENV=production"),
    ("PUBLIC_URL", "http://feedback.example.gov.uk", "PUBLIC_URL must be an https:// address in production"),
], ids=["debug", "development key", "short key", "sqlite", "no safeguarding number", "no safeguarding inbox",
        "no mail server", "no redis", "no public url", "plain http"])
def test_production_refuses_to_start_with_an_unsafe_setting_and_says_what_to_set(production, name, value, refusal):
    if value is None:
        production.delenv(name)
    else:
        production.setenv(name, value)
    with pytest.raises(ConfigError, match=refusal) as refused:
        create_app()
    assert "docs/deploy.md" in str(refused.value)
    # Only the unsafe setting is named.
    others = [other for other in SAFE if other != name and f"{other} " in str(refused.value)]
    assert others == []


def test_debug_given_in_code_is_refused_too(production, tmp_path):
    with pytest.raises(ConfigError, match="FLASK_DEBUG is on"):
        load_config(str(tmp_path), {"DEBUG": True})


def test_every_unsafe_setting_is_named_at_once(production, tmp_path):
    production.delenv("MAIL_SERVER")
    production.setenv("DATABASE_URL", "sqlite:///x.db")
    with pytest.raises(ConfigError) as refused:
        load_config(str(tmp_path))
    assert "MAIL_SERVER must be set" in str(refused.value)
    assert "DATABASE_URL must name a PostgreSQL database" in str(refused.value)


def test_rate_limits_and_the_queue_are_shared_through_redis_in_production(production, tmp_path):
    config = load_config(str(tmp_path))
    assert config["RATELIMIT_STORAGE_URI"] == SAFE["REDIS_URL"]
    assert config["REDIS_URL"] == SAFE["REDIS_URL"]


# --- Behind a TLS-terminating proxy ---------------------------------------------------------


def _production_app(production, proxies: int):
    from flask import request

    production.setenv("TRUSTED_PROXIES", str(proxies))
    app = create_app()
    app.add_url_rule("/seen", "seen", lambda: f"{request.scheme} {request.remote_addr}")
    return app


def test_behind_the_proxy_the_scheme_and_address_come_from_its_headers_and_hsts_is_sent(production):
    client = _production_app(production, 1).test_client()
    response = client.get("/seen", base_url="http://feedback.example.gov.uk",
                          headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"},
                          environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.get_data(as_text=True) == "https 198.51.100.7"
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_without_a_trusted_proxy_its_headers_are_ignored(production):
    client = _production_app(production, 0).test_client()
    response = client.get("/seen", base_url="http://feedback.example.gov.uk",
                          headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"},
                          environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.get_data(as_text=True) == "http 10.0.0.2"


def test_production_cookies_are_secure_and_other_hosts_are_refused(production):
    client = _production_app(production, 1).test_client()
    response = client.get("/sign-in", base_url="https://feedback.example.gov.uk")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/healthz", base_url="https://evil.example").status_code == 400


# --- Readiness ------------------------------------------------------------------------------


def _testing_app(tmp_path, **config):
    return create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'ready.db'}", **config})


def test_readyz_fails_when_the_database_is_unreachable_while_healthz_still_answers():
    app = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    client = app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json == {"status": "error", "database": "unreachable", "migrations": "unknown", "redis": "ok"}
    assert client.get("/healthz").status_code == 200


def test_readyz_fails_until_the_migrations_have_run(tmp_path):
    from flask_migrate import upgrade

    app = _testing_app(tmp_path)
    assert app.test_client().get("/readyz").json["migrations"] == "not at the newest migration: run flask db upgrade"
    with app.app_context():
        upgrade()
    ready = app.test_client().get("/readyz")
    assert (ready.status_code, ready.json["migrations"]) == (200, "ok")


def test_readyz_fails_when_redis_is_unreachable(tmp_path):
    ready = _testing_app(tmp_path, REDIS_URL="redis://127.0.0.1:9/0").test_client().get("/readyz")
    assert (ready.status_code, ready.json["redis"]) == (503, "unreachable")


# --- Logging ----------------------------------------------------------------------------------


def test_each_request_is_one_json_line_with_its_id_and_route_never_the_code(client, invite, caplog):
    caplog.set_level(logging.INFO, logger="app.requests")
    code = invite.display_code
    response, _ = answer(client, f"/q/{code}?code={code}", {"happier": "happy"})
    client.get(f"/q/{code.lower()}")  # used now: answers as an unknown code
    lines = [JsonLines().format(r) for r in caplog.records if r.name == "app.requests"]
    assert len(lines) == 3
    parsed = [json.loads(line) for line in lines]
    assert [(p["method"], p["route"], p["status"]) for p in parsed] == [
        ("GET", "/q/<code>", 200), ("POST", "/q/<code>", 302), ("GET", "/q/<code>", 404)]
    assert parsed[1]["request_id"] == response.headers["X-Request-Id"]
    assert all(re.fullmatch(r"[0-9a-f]{16}", p["request_id"]) for p in parsed)
    assert len({p["request_id"] for p in parsed}) == 3
    for line in lines:
        assert code not in line and code.lower() not in line and "happy" not in line


def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-Id": "lb-4f2a9c-77"}).headers["X-Request-Id"] == "lb-4f2a9c-77"
    assert client.get("/healthz", headers={"X-Request-Id": "<script>"}).headers["X-Request-Id"] != "<script>"


def test_a_server_error_is_one_json_line_with_the_route_and_the_traceback(tmp_path, root_logging):
    app = _testing_app(tmp_path, PROPAGATE_EXCEPTIONS=False, LOG_FORMAT="json")

    def broken(code):
        raise RuntimeError("something broke")

    app.add_url_rule("/broken/<code>", "broken", broken)
    stream = io.StringIO()
    use_json_lines(stream=stream)
    response = app.test_client().get("/broken/ABCD2345?code=ABCD2345")
    assert response.status_code == 500
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    error, request_line = (next(line for line in lines if line.get("event") == kind) for kind in ("error", "request"))
    assert error["level"] == "error" and error["error"] == "RuntimeError" and error["route"] == "/broken/<code>"
    assert "something broke" in error["traceback"]
    assert error["request_id"] == request_line["request_id"] == response.headers["X-Request-Id"]
    assert request_line["status"] == 500
    assert "ABCD2345" not in stream.getvalue()
