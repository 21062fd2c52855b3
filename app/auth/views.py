from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from app.auth import code_views, rules, services
from app.auth.forms import ApiTokenForm, ChangePasswordForm, ConfirmForm, SignInForm
from app.auth.models import ApiToken
from app.auth.roles import ADMIN
from app.core.access import get_or_404, roles_required
from app.core.db import db, utcnow

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    # Only paths on this site: never redirect a person somewhere else after sign-in.
    return rules.same_site_path(target) or url_for("home.index")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        except services.TooManyAttempts as refused:
            form.email.errors.append(str(refused))
            status = 429
        except services.SignInRefused as refused:
            form.email.errors.append(str(refused))
            status = 401
        else:
            if user.totp_required:  # the password is right; the code comes next, on its own page
                code_views.start(user, _safe_next(request.args.get("next")))
                return redirect(url_for("second_factor.code"))
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    elif form.errors:
        status = 400
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    if ConfirmForm().validate_on_submit():
        services.end_sessions(current_user._get_current_object())
        logout_user()
        flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    me = current_user._get_current_object()
    form = ChangePasswordForm(person=(me.name, me.email))
    status = 200
    if form.validate_on_submit():
        try:
            services.change_password(me, form.current_password.data, form.new_password.data, request.remote_addr)
        except services.TooManyAttempts as refused:
            form.current_password.errors.append(str(refused))
            status = 429
        except services.SignInRefused as refused:
            form.current_password.errors.append(str(refused))
            status = 400
        else:
            login_user(me)  # this browser stays signed in, under the new session version
            flash("Your password has been changed. Anywhere else you were signed in, you have been signed out.", "success")
            return redirect(url_for("home.index"))
    elif form.errors:
        status = 400
    return render_template("auth/password.html", form=form), status


@bp.route("/admin/api-tokens", methods=["GET", "POST"])
@roles_required(ADMIN)
def api_tokens():
    form = ApiTokenForm()
    new_token = None
    if form.validate_on_submit():
        token, new_token = ApiToken.issue(form.name.data.strip(), current_user)
        db.session.add(token)
        db.session.commit()
        form = ApiTokenForm(formdata=None)
    tokens = db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())).all()
    return render_template(
        "auth/api_tokens.html", form=form, tokens=tokens, new_token=new_token, revoke_form=ConfirmForm()
    )


@bp.route("/admin/api-tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required(ADMIN)
def api_token_revoke(token_id: int):
    token = get_or_404(ApiToken, token_id)
    if ConfirmForm().validate_on_submit() and token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
        flash(f"Token '{token.name}' is revoked. Anything using it can no longer read the API.", "success")
    return redirect(url_for("auth.api_tokens"))
