"""Who is signed in, and the headers every response carries."""
import secrets

from flask import Flask, g, request

from app.core.db import db
from app.core.extensions import login_manager


@login_manager.user_loader
def load_user(user_id: str):
    from app.auth.models import User

    # The id carries the session version: a deactivated person, or one whose
    # password changed, is signed out of every existing session.
    ident, _, version = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def security_headers(response):
        # Nothing is loaded from other sites: no CDNs, fonts or analytics.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{csp_nonce()}'; "
            "style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # same-origin, not no-referrer: Flask-WTF checks the Referer of forms sent over HTTPS,
        # and nothing is sent to other sites.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # Nothing but the styles, scripts and images is kept by browsers or proxies: pages,
        # and every download (CSV, Excel, PDF, YAML, JSON), hold case and feedback data.
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("APP_ENV") == "production" and app.config.get("PUBLIC_URL", "").startswith("https://"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
