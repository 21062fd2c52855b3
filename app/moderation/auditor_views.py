"""The auditor's side of moderation: their own agreement with moderators over time.

Always the person signed in: the page takes no auditor from the URL, so nobody can reach
another auditor's figures."""
from flask import render_template
from flask_login import current_user

from app.auth.roles import AUDITOR
from app.core.access import roles_required
from app.moderation.own_agreement import own_agreement
from app.moderation.views import bp


@bp.get("/my-agreement")
@roles_required(AUDITOR)
def my_agreement():
    return render_template("moderation/my_agreement.html", agreement=own_agreement(current_user))
