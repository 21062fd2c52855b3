"""When the database cannot be reached: try once more, then a kind page, never a server error.

A connection the database dropped (a restart, a failover) is usually replaced at once:
pool_pre_ping (app/config.py) checks each connection before use, and a request that still
fails with a connection-level error (OperationalError, DisconnectionError) is rolled back
and run once more from the start, unless it had already committed something (then running
it again could save that twice). Nothing of the first try was saved, so running it again
cannot save anything twice. If it fails again the person
gets a 503 page saying so; a blueprint may give its own (the respondent's keeps their
answers: app/feedback/outage_views.py).
"""
from __future__ import annotations

import functools

from flask import Flask, g, has_request_context, render_template
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session

from app.core.db import db
from app.core.extensions import limiter, login_manager
from app.core.request_log import log_error

OUTAGE_ERRORS = (OperationalError, DisconnectionError)
RETRY_AFTER_SECONDS = 30


def rolled_back() -> None:
    """Forget this request's unsaved work and its connection, whatever state they are in."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone; the pool replaces it
        try:
            db.session.close()
        except Exception:  # noqa: BLE001 - closing a dead connection can fail the same way
            pass


def retry_once(view):
    """Run `view`; after a database connection error, roll back and run it once more."""

    @functools.wraps(view)
    def run(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            if g.get("committed_in_request"):
                raise
            log_error("database error; trying the request once more", error)
            rolled_back()
            g.retrying_after_outage = True
            return view(*args, **kwargs)

    return run


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    if has_request_context():
        g.committed_in_request = True


@limiter.request_filter
def _retrying() -> bool:
    # It passed its rate limits the first time: the second try is not counted again.
    return bool(g.get("retrying_after_outage"))


def without_the_database() -> None:
    """The page about an outage must not need the database: show it as to someone signed out."""
    rolled_back()
    g._login_user = login_manager.anonymous_user()


def unavailable(error):
    log_error("database unreachable; answered 503", error)
    without_the_database()
    body = ("The service cannot reach its database just now. Nothing you sent on this page was saved."
            " Wait a minute, then go back and try again.")
    response = render_template("errors/error.html", title="Sorry, the service is unavailable", body=body)
    return response, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def init_app(app: Flask) -> None:
    """Called once every blueprint is registered: each page is retried once after a connection error."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = retry_once(view)
    for error in OUTAGE_ERRORS:
        app.register_error_handler(error, unavailable)

    @app.teardown_appcontext
    def _let_go_of_the_connection(_error=None) -> None:
        # Registered after Flask-SQLAlchemy's, so run before it: when the database went away
        # after the page was made (a restart), handing the connection back fails, and that
        # must not turn a page already made into a server error (seen by bench/load_run.py).
        rolled_back()
