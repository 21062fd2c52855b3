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


def county_wide(view):
    """For pages that are the county's by nature: refused (403) to someone narrowed to a locality,
    district or agency (app/org/scope.py), rather than showing them the county's figures.
    Goes under roles_required, which signs the person in first."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        from app.org.scope import scope_of

        if not scope_of(current_user).is_county:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def team_in_scope(team_id: int | None) -> None:
    """403 unless the person's scope takes in this council team (a case's, an action's)."""
    from app.org.scope import scope_of, team_ids

    teams = team_ids(scope_of(current_user))
    if teams is not None and team_id not in teams:
        abort(403)
