"""Who may see what. Every view uses one of these, so the rule is read at the route."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.core.db import db


def roles_required(*roles: str):
    """Signed in and holding at least one of `roles`; otherwise sign-in page or 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj
