"""Configuration from environment variables (the README lists them all).

DATABASE_URL   SQLAlchemy URL; default: a SQLite file under instance/.
SECRET_KEY     required unless APP_ENV is development or testing.
APP_ENV        development, production or testing. Unset means production: a deployment
               that forgets it must not run on the public development key.
PUBLIC_URL     the service's address, for links in emails and on cards; required in production.
REDIS_URL      the job queue (and shared limits); required in production. Without it (the
               first-run SQLite set-up) jobs run in a thread of the web process.
"""
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from app.core.urls import PublicUrlError, check_public_url
from app.retention import rules as retention_rules


class ConfigError(RuntimeError):
    pass


DEMO_PHONE = "01632 960 123 (demo number)"


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


def _minutes(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{name} must be a whole number of minutes, 1 or more (it is {raw!r}).")
    return value


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.strip().isdigit():
        raise ConfigError(f"{name} must be a whole number, 0 or more (it is {raw!r}).")
    return int(raw)


def _oidc_problems(config: dict) -> list[str]:
    """An identity provider needs its client's id and secret, and (but for a provider on this
    machine, as in the tests) an https address: tokens must not cross the network in clear."""
    issuer = config.get("OIDC_ISSUER")
    if not issuer:
        return []
    problems = [f"{name} must be set when OIDC_ISSUER is" for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
                if not config.get(name)]
    parts = urlsplit(issuer)
    if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost"):
        problems.append(f"OIDC_ISSUER must be an https address (it is {issuer!r})")
    return problems


def _office_hours(raw: str) -> tuple[int, int]:
    """'09:00-17:00' -> (540, 1020), minutes after midnight, UK time."""
    try:
        start, end = (part.strip() for part in raw.split("-"))
        minutes = [int(h) * 60 + int(m) for h, m in (t.split(":") for t in (start, end))]
    except ValueError:
        minutes = []
    if len(minutes) != 2 or not 0 <= minutes[0] < minutes[1] <= 24 * 60:
        raise ConfigError(f"SAFEGUARDING_OFFICE_HOURS must look like 09:00-17:00 (it is {raw!r}).")
    return minutes[0], minutes[1]


DEVELOPMENT_KEY = "dev-only-not-secret"
SECRET_KEY_MIN_LENGTH = 32
_TRUE = ("1", "true", "yes", "on")


def production_problems(config: dict) -> list[str]:
    """What makes these settings unsafe for a council's deployment, one sentence each, naming
    the setting and what to set. Empty when the settings are safe. (Plain function: the
    tests call it, and `_production_checks` refuses to start on any answer.)"""
    problems = []
    # The inbox too: an open-link alert for a team with no safeguarding lead must still reach a person.
    for name, what in (("SECRET_KEY", f"a random string of {SECRET_KEY_MIN_LENGTH} characters or more"),
                       ("PUBLIC_URL", "the service's https:// address"),
                       ("REDIS_URL", "the Redis server's address, redis://host:6379/0"),
                       ("SAFEGUARDING_PHONE", "the number respondents call for help"),
                       ("SAFEGUARDING_INBOX_EMAIL", "the safeguarding team's shared inbox"),
                       ("MAIL_SERVER", "the SMTP server that sends safeguarding email")):
        if not config.get(name):
            problems.append(f"{name} must be set when APP_ENV=production: set it to {what}.")
    public_url = config.get("PUBLIC_URL") or ""
    if public_url and not public_url.startswith("https://"):
        problems.append(f"PUBLIC_URL must be an https:// address in production (it is {public_url!r}): cookies are"
                        " sent only over HTTPS, and HSTS is sent for it.")
    secret = config.get("SECRET_KEY") or ""
    if secret == DEVELOPMENT_KEY:
        problems.append("SECRET_KEY is the published development key: set it to a random string of"
                        f" {SECRET_KEY_MIN_LENGTH} characters or more.")
    elif secret and len(secret) < SECRET_KEY_MIN_LENGTH:
        problems.append(f"SECRET_KEY is too short ({len(secret)} characters): set it to a random string of"
                        f" {SECRET_KEY_MIN_LENGTH} characters or more, e.g. from"
                        " `python3 -c 'import secrets; print(secrets.token_hex(32))'`.")
    if config.get("DEBUG") or str(config.get("FLASK_DEBUG") or "").strip().lower() in _TRUE:
        problems.append("FLASK_DEBUG is on: the debugger runs any code typed into an error page."
                        " Unset FLASK_DEBUG (and do not pass --debug) in production.")
    if str(config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("sqlite"):
        problems.append("DATABASE_URL must name a PostgreSQL database in production"
                        " (postgresql://user:password@host:5432/name), not SQLite: several web servers"
                        " and workers share it.")
    return problems


def _production_checks(config: dict) -> None:
    """Settings without which a council's deployment would be unsafe: refuse to start."""
    problems = production_problems(config)
    if problems:
        raise ConfigError(
            "Refusing to start with unsafe production settings (docs/deploy.md lists them all):\n  "
            + "\n  ".join(problems)
        )


ENVIRONMENTS = ("development", "production", "testing")
# Only these run on the fixed development key; anything else (unset included) needs SECRET_KEY.
KEYLESS_ENVIRONMENTS = ("development", "testing")


def _environment(overrides: dict) -> str:
    """APP_ENV as given. Unset is production: the development key is a published string, so
    only a deliberate APP_ENV=development (what `make run` sets) or testing may use it."""
    env = (overrides.get("APP_ENV") or os.environ.get("APP_ENV") or "").strip()
    if not env:
        return "production"
    if env not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV must be development, production or testing (it is {env!r}).")
    return env


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    overrides = overrides or {}
    env = _environment(overrides)
    secret = os.environ.get("SECRET_KEY")
    if env not in KEYLESS_ENVIRONMENTS and not secret and not overrides.get("SECRET_KEY"):
        raise ConfigError(
            "SECRET_KEY must be set when APP_ENV=production, and APP_ENV is production unless it says"
            " development or testing (`make run` sets APP_ENV=development)."
        )
    public_url = os.environ.get("PUBLIC_URL") or overrides.get("PUBLIC_URL")
    if not public_url and env != "production":
        public_url = "http://localhost" if env == "testing" else "http://127.0.0.1:5000"
    config = {
        "APP_ENV": env,
        # Development only: a fixed, obviously non-secret key so sessions survive restarts.
        "SECRET_KEY": secret or DEVELOPMENT_KEY,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # pool_pre_ping: a connection the database dropped (a restart) is replaced before use.
        # hide_parameters in production: an error's message never carries the values sent.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": env == "production"},
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
        "PUBLIC_URL": public_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # json: one JSON line per request and per error on stdout (app/core/request_log.py).
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or ("json" if env == "production" else "text"),
        # Rate limits (app/feedback/limits.py) count in Redis in production, shared by every
        # worker; in memory otherwise. Set below, once REDIS_URL is known.
        "RATELIMIT_HEADERS_ENABLED": False,
        # If Redis is unreachable, count in this worker's memory rather than fail the request:
        # a respondent's page must not break because the shared counter is down.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # In production a fault in counting lets the request through (logged); elsewhere it
        # raises, so a mistake in a limit shows in development and tests, not silently.
        "RATELIMIT_SWALLOW_ERRORS": env == "production",
        # How many reverse proxies stand in front of the app (0: none, as under gunicorn alone).
        # With 1 or more, the respondent's address is read from X-Forwarded-For as the nearest
        # proxy saw it, so sign-in throttling and rate limits count per person, not per proxy.
        "TRUSTED_PROXIES": _whole_number("TRUSTED_PROXIES", 0),
        # Safeguarding alerts (app/safeguarding): the numbers respondents are given, who is
        # told when nobody acknowledges an alert, and how long that may take.
        # Outside production a number from Ofcom's range for drama (never a real line), so
        # that no page or printed card shows a blank; production refuses to start without one.
        "SAFEGUARDING_PHONE": os.environ.get("SAFEGUARDING_PHONE") or (None if env == "production" else DEMO_PHONE),
        "SAFEGUARDING_INBOX_EMAIL": (os.environ.get("SAFEGUARDING_INBOX_EMAIL")
                                     or os.environ.get("SAFEGUARDING_FALLBACK_EMAIL")
                                     or ("safeguarding-inbox@example.org" if env == "development" else None)),
        "SAFEGUARDING_DESIGNATED_LEAD_EMAIL": os.environ.get("SAFEGUARDING_DESIGNATED_LEAD_EMAIL") or None,
        "SAFEGUARDING_OUT_OF_HOURS_EMAIL": os.environ.get("SAFEGUARDING_OUT_OF_HOURS_EMAIL") or None,
        "ALERT_ACK_MINUTES": _minutes("ALERT_ACK_MINUTES", 120),
        "ALERT_ACK_MINUTES_OUT_OF_HOURS": _minutes("ALERT_ACK_MINUTES_OUT_OF_HOURS", 120),
        # How long a worker's claim on an email lasts: after a worker dies, this long passes
        # before another sends it.
        "NOTIFICATION_CLAIM_SECONDS": int(os.environ.get("NOTIFICATION_CLAIM_SECONDS", 120)),
        "SAFEGUARDING_OFFICE_HOURS": _office_hours(os.environ.get("SAFEGUARDING_OFFICE_HOURS", "09:00-17:00")),
        # Sign-in through the council's identity provider (app/auth/oidc.py); none without an issuer.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER") or None,
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID") or None,
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET") or None,
        "OIDC_PROVIDER_NAME": os.environ.get("OIDC_PROVIDER_NAME") or "your organisation's account",
        # How long each kind of record is kept, in days (app/retention, docs/retention.md).
        **{name: _whole_number(name, days) for name, days in retention_rules.DEFAULTS.items()},
    }
    if env == "production":
        # Read here only to be checked: the mail module reads its settings itself.
        config["MAIL_SERVER"] = os.environ.get("MAIL_SERVER") or None
        config["FLASK_DEBUG"] = os.environ.get("FLASK_DEBUG") or None
    if env == "testing":
        config["TESTING"] = True
    config.update(overrides)
    problems = retention_rules.Policy.from_config(config).problems() + _oidc_problems(config)
    if problems:
        raise ConfigError("; ".join(problems) + ".")
    if config.get("PUBLIC_URL"):
        try:
            config["PUBLIC_URL"] = check_public_url(config["PUBLIC_URL"])
        except PublicUrlError as error:
            raise ConfigError(str(error)) from None
    config.setdefault(
        "RATELIMIT_STORAGE_URI", config["REDIS_URL"] if env == "production" and config.get("REDIS_URL") else "memory://"
    )
    if env == "production":
        _production_checks(config)
        # Requests naming any other host are refused (Flask answers 400): links built from
        # the request, and cookies, then only ever name the service's own address.
        extra = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
        config.setdefault("TRUSTED_HOSTS", [urlsplit(config["PUBLIC_URL"]).hostname, *extra])
    return config
