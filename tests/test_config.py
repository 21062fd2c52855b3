import pytest

from app import create_app
from app.config import ConfigError, load_config


@pytest.fixture(autouse=True)
def _development(monkeypatch):
    """Each test says which environment it is about; none inherits the shell's settings."""
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app()


PRODUCTION = {
    "SECRET_KEY": "x" * 40, "PUBLIC_URL": "https://feedback.example.gov.uk/", "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SAFEGUARDING_PHONE": "01632 960 001", "SAFEGUARDING_INBOX_EMAIL": "safeguarding.hub@example.gov.uk",
    "MAIL_SERVER": "smtp.example.gov.uk", "DATABASE_URL": "postgresql://qa@db.example.internal/qa",
}


def test_production_with_its_settings_uses_secure_cookies_and_trusts_only_its_own_host(monkeypatch, tmp_path):
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(tmp_path), {"APP_ENV": "production"})
    assert config["SECRET_KEY"] == "x" * 40
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["PUBLIC_URL"] == "https://feedback.example.gov.uk"
    assert config["TRUSTED_HOSTS"] == ["feedback.example.gov.uk"]


@pytest.mark.parametrize("missing", ["PUBLIC_URL", "REDIS_URL", "SAFEGUARDING_PHONE", "SAFEGUARDING_INBOX_EMAIL"])
def test_production_refuses_to_start_without_a_setting_safeguarding_needs(monkeypatch, tmp_path, missing):
    for name, value in PRODUCTION.items():
        if name != missing:
            monkeypatch.setenv(name, value)
    monkeypatch.delenv(missing, raising=False)
    with pytest.raises(ConfigError, match=f"{missing} must be set when APP_ENV=production"):
        load_config(str(tmp_path), {"APP_ENV": "production"})


@pytest.mark.parametrize("value", ["feedback.example.gov.uk", "javascript:alert(1)", "https://x.example/?a=1", "ftp://x"])
def test_a_public_url_that_is_not_an_address_is_refused(monkeypatch, tmp_path, value):
    monkeypatch.setenv("PUBLIC_URL", value)
    with pytest.raises(ConfigError, match="PUBLIC_URL must"):
        load_config(str(tmp_path))


def test_links_that_leave_the_request_use_the_public_url_not_the_host_header(monkeypatch, tmp_path):
    from flask import Flask

    from app.core.urls import public_url

    monkeypatch.setenv("PUBLIC_URL", "https://feedback.example.gov.uk/qa")
    app = Flask(__name__)
    app.config.update(load_config(str(tmp_path)))
    app.add_url_rule("/feedback/alerts/<int:alert_id>", "alert", lambda alert_id: "")
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        assert public_url("alert", alert_id=5) == "https://feedback.example.gov.uk/qa/feedback/alerts/5"
    with app.app_context():  # a queue worker has no request
        assert public_url("alert", alert_id=5) == "https://feedback.example.gov.uk/qa/feedback/alerts/5"


def test_the_suppression_threshold_comes_from_the_environment(monkeypatch, tmp_path):
    assert load_config(str(tmp_path))["SUPPRESSION_THRESHOLD"] == 5
    monkeypatch.setenv("SUPPRESSION_THRESHOLD", "10")
    assert load_config(str(tmp_path))["SUPPRESSION_THRESHOLD"] == 10


@pytest.mark.parametrize("value", ["1", "0", "-5", "five"])
def test_a_threshold_that_would_show_single_answers_is_refused(monkeypatch, tmp_path, value):
    monkeypatch.setenv("SUPPRESSION_THRESHOLD", value)
    with pytest.raises(ConfigError, match=f"SUPPRESSION_THRESHOLD must be a whole number, 2 or more \\(it is '{value}'\\)"):
        load_config(str(tmp_path))


def test_database_url_defaults_to_sqlite_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/app.db"


def test_postgres_urls_use_psycopg3(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("app_env", [None, "", "prod", "Production", "staging"])
def test_without_an_explicit_development_or_testing_environment_there_is_no_default_key(monkeypatch, tmp_path, app_env):
    """An unset or mistyped APP_ENV must not run on the published development key."""
    if app_env is None:
        monkeypatch.delenv("APP_ENV", raising=False)
    else:
        monkeypatch.setenv("APP_ENV", app_env)
    with pytest.raises(ConfigError, match="SECRET_KEY must be set|APP_ENV must be development, production or testing"):
        create_app()


def test_an_unset_environment_with_a_secret_key_is_production(monkeypatch, tmp_path):
    monkeypatch.delenv("APP_ENV", raising=False)
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(tmp_path))
    assert config["APP_ENV"] == "production"
    assert config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("app_env", ["development", "testing"])
def test_development_and_testing_may_use_the_development_key(monkeypatch, tmp_path, app_env):
    monkeypatch.setenv("APP_ENV", app_env)
    assert load_config(str(tmp_path))["SECRET_KEY"] == "dev-only-not-secret"


def test_make_run_says_it_is_development():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "run db: export APP_ENV = development" in makefile


def test_rate_limits_count_in_redis_in_production_and_in_memory_otherwise(monkeypatch, tmp_path):
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    assert load_config(str(tmp_path), {"APP_ENV": "production"})["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert load_config(str(tmp_path), {"APP_ENV": "development"})["RATELIMIT_STORAGE_URI"] == "memory://"


def test_behind_a_proxy_the_address_comes_from_x_forwarded_for(monkeypatch, tmp_path):
    from flask import request

    def address_seen(app) -> str:
        app.add_url_rule("/who", "who", lambda: request.remote_addr)
        return app.test_client().get("/who", headers={"X-Forwarded-For": "198.51.100.4"},
                                     environ_base={"REMOTE_ADDR": "10.0.0.1"}).get_data(as_text=True)

    testing = {"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    assert address_seen(create_app(testing)) == "10.0.0.1"  # no proxy trusted: the header is ignored
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    assert address_seen(create_app(testing)) == "198.51.100.4"
    monkeypatch.setenv("TRUSTED_PROXIES", "several")
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES must be a whole number"):
        load_config(str(tmp_path))
