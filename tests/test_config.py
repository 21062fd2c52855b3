import pytest

from app import create_app
from app.config import ConfigError, load_config


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app()


def test_production_with_a_secret_key_uses_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    config = load_config(str(tmp_path), {"APP_ENV": "production"})
    assert config["SECRET_KEY"] == "x" * 40
    assert config["SESSION_COOKIE_SECURE"] is True


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
