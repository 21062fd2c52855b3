"""Configuration from environment variables.

DATABASE_URL   SQLAlchemy URL; default: a SQLite file under instance/.
SECRET_KEY     required when APP_ENV=production.
APP_ENV        development (default), production or testing.
"""
import os
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    pass


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "app.db")
    # Heroku-style URLs name the old driver; psycopg 3 is what we install.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _suppression_threshold() -> int:
    raw = os.environ.get("SUPPRESSION_THRESHOLD", "5")
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 2:  # 0 or 1 would show every figure, however few answered
        raise ConfigError(f"SUPPRESSION_THRESHOLD must be a whole number, 2 or more (it is {raw!r}).")
    return value


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    env = (overrides or {}).get("APP_ENV") or os.environ.get("APP_ENV", "development")
    secret = os.environ.get("SECRET_KEY")
    if env == "production" and not secret and not (overrides or {}).get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY must be set when APP_ENV=production.")
    config = {
        "APP_ENV": env,
        # Development only: a fixed, obviously non-secret key so sessions survive restarts.
        "SECRET_KEY": secret or "dev-only-not-secret",
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SERVICE_NAME": os.environ.get("SERVICE_NAME", "Children's services audit and feedback"),
        "ORGANISATION_NAME": os.environ.get("ORGANISATION_NAME", "Cumbria County Council (demo)"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_SECURE": env == "production",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead, so long audit forms do not expire
        # Sign-in throttling: failures within the window before further attempts are refused.
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": int(os.environ.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5)),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)),
        "LOGIN_FAILURE_WINDOW_MINUTES": int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", 15)),
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        # Figures about children and families from fewer respondents than this are never shown.
        "SUPPRESSION_THRESHOLD": _suppression_threshold(),
    }
    if env == "testing":
        config["TESTING"] = True
    config.update(overrides or {})
    return config
