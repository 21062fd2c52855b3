"""Sign-in through the council's identity provider with OpenID Connect (Microsoft Entra ID,
Google Workspace or any standard provider), using Authlib.

The provider says who the person is; this product says what they may do. A person is
matched by email to an account an administrator created, and must be active: nobody gets
an account, or a role, by signing in. Password sign-in stays for councils without a
provider. Configured by OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and
OIDC_PROVIDER_NAME (README, Configuration); without an issuer the button is not shown.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.flask_client import OAuth
from joserfc.errors import JoseError
from flask import Blueprint, Flask, abort, current_app, redirect, render_template, url_for
from flask_login import login_user
from sqlalchemy import select

from app.auth.models import LoginAttempt, User
from app.core.db import db, utcnow

bp = Blueprint("oidc", __name__, url_prefix="/sign-in/provider")
PROVIDER = "council"


def init_app(app: Flask) -> None:
    oauth = app.extensions["oidc"] = OAuth(app)  # one per app: each app may have its own provider
    issuer = app.config.get("OIDC_ISSUER")
    if issuer:
        oauth.register(
            PROVIDER,
            client_id=app.config["OIDC_CLIENT_ID"],
            client_secret=app.config["OIDC_CLIENT_SECRET"],
            server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile"},
        )
    app.register_blueprint(bp)


def enabled() -> bool:
    return bool(current_app.config.get("OIDC_ISSUER"))


def _client():
    return current_app.extensions["oidc"].create_client(PROVIDER)


def email_from_claims(claims: Mapping[str, Any]) -> str | None:
    """The person's email from the ID token's claims, or None when the provider has not
    vouched for one. Google and most providers send `email` with `email_verified`; Entra ID
    sends `email` only when configured to and otherwise the sign-in name as
    `preferred_username` (or `upn`), which is the work email in a council's tenant."""
    email = claims.get("email")
    if email and claims.get("email_verified", True) in (True, "true", "True"):
        return User.normalise_email(email)
    for name in ("preferred_username", "upn"):
        value = claims.get(name)
        if isinstance(value, str) and "@" in value:
            return User.normalise_email(value)
    return None


@bp.get("/")
def start():
    if not enabled():
        abort(404)
    return _client().authorize_redirect(url_for("oidc.callback", _external=True))


@bp.get("/callback")
def callback():
    if not enabled():
        abort(404)
    try:
        token = _client().authorize_access_token()  # checks state, nonce and the signature
    except (OAuthError, JoseError) as error:  # a wrong state, a bad signature, a nonce not ours, an expired token
        current_app.logger.warning("Sign-in through the identity provider failed: %s", getattr(error, "error", error))
        return _refused("The sign-in with your organisation's account did not work. Try again.")
    claims = token.get("userinfo") or {}
    email = email_from_claims(claims)
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    ok = user is not None and user.active
    db.session.add(LoginAttempt(email=(email or "(no email)")[:254], address="identity provider", at=utcnow(), succeeded=ok))
    if ok:
        user.last_signed_in_at = utcnow()
    db.session.commit()
    if not email:
        return _refused("Your organisation's account did not give an email address, so we cannot tell who you are.")
    if not ok:
        return _refused(f"There is no active account for {email} in this service. Ask an administrator to add you.")
    login_user(user)
    return redirect(url_for("home.index"))


def _refused(message: str):
    return render_template("auth/provider_refused.html", message=message), 403
