"""The second step of a password sign-in for people who must give a code: setting up their
authenticator app the first time, then the code each time. Nobody is signed in until the
code is right; the password step is remembered for five minutes only."""
from __future__ import annotations

import time

import segno
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import login_user
from markupsafe import Markup

from app.auth import second_factor
from app.auth.forms import CodeForm
from app.auth.models import LoginAttempt, User
from app.auth.services import TooManyAttempts, refuse_if_too_many
from app.core.db import db, utcnow

bp = Blueprint("second_factor", __name__, url_prefix="/sign-in")
PENDING = "second_factor_pending"
NEW_KEY = "second_factor_new_key"


def start(user: User, next_path: str) -> None:
    """Called by the password step: remember who gave a right password, and when."""
    session[PENDING] = {"user": user.id, "at": time.time(), "next": next_path, "version": user.session_version}
    session.pop(NEW_KEY, None)


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > second_factor.PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, pending["user"])
    if user is None or not user.active or user.session_version != pending.get("version"):
        return None
    return user


def _check(user: User, form: CodeForm, secret: str) -> int | None:
    """The step of a right code, or None with the form's error set (a wrong code counts as a
    failed sign-in: the same slowing down as a wrong password)."""
    address = (request.remote_addr or "unknown")[:64]
    now = utcnow()
    try:
        refuse_if_too_many(user.email, address, now)
    except TooManyAttempts as refused:
        form.code.errors.append(str(refused))
        return None
    step = second_factor.accepted_step(secret, form.code.data, user.totp_last_step, now)
    db.session.add(LoginAttempt(email=user.email, address=address, at=now, succeeded=step is not None))
    db.session.commit()
    if step is None:
        form.code.errors.append("That code is not right. Check the time on your phone and enter the newest code")
    return step


def _finish(user: User, step: int):
    user.totp_last_step = step
    user.last_signed_in_at = utcnow()
    db.session.commit()
    target = session.pop(PENDING, {}).get("next") or url_for("home.index")
    session.pop(NEW_KEY, None)
    login_user(user)
    return redirect(target)


@bp.route("/code", methods=["GET", "POST"])
def code():
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if not user.totp_secret:
        return redirect(url_for("second_factor.set_up"))
    form = CodeForm()
    if form.validate_on_submit():
        step = _check(user, form, user.totp_secret)
        if step is not None:
            return _finish(user, step)
    return render_template("auth/code.html", form=form), 400 if form.errors else 200


@bp.route("/set-up-code", methods=["GET", "POST"])
def set_up():
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if user.totp_secret:
        return redirect(url_for("second_factor.code"))
    secret = session.get(NEW_KEY) or second_factor.new_secret()
    session[NEW_KEY] = secret  # kept until the first right code proves the app has it
    form = CodeForm()
    if form.validate_on_submit():
        step = _check(user, form, secret)
        if step is not None:
            user.totp_secret = secret
            return _finish(user, step)
    uri = second_factor.provisioning_uri(secret, user.email, current_app.config.get("SERVICE_NAME") or "Audit and feedback")
    qr = Markup(segno.make(uri, error="m").svg_inline(scale=4, title="QR code for your authenticator app"))
    return render_template("auth/set_up_code.html", form=form, key=second_factor.grouped(secret), qr=qr), \
        400 if form.errors else 200
