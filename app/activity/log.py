"""Writes the activity log after each request (`rules.entry_for` decides what counts)."""
from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from app.activity import rules
from app.activity.models import ActivityEntry
from app.core.db import db


def init_app(app: Flask) -> None:
    app.after_request(_record)


def _record(response):
    entry = rules.entry_for(request.endpoint, request.method, response.status_code, request.view_args,
                            bool(getattr(current_user, "is_authenticated", False)))
    if entry is None:
        return response
    try:
        # The page's own work is committed by its view; this commit writes only the entry.
        db.session.add(ActivityEntry(user_id=current_user.id, action=entry.action, record_kind=entry.record_kind,
                                     record_id=entry.record_id, page=request.path[:200], status=entry.status))
        db.session.commit()
    except Exception:
        db.session.rollback()
        # A failure to log must not lose the page the person asked for, but it must be seen.
        from flask import current_app

        current_app.logger.exception("Could not write the activity log entry for %s", entry.endpoint)
    return response
