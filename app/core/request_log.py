"""Logging as JSON lines on stdout: one line per request and one per error, each with the
request's id, for a council's log collector (docs/deploy.md).

What is never written: addresses, names, emails, answers, query strings, or the address as
typed. A respondent's address holds their invite code (/q/ABCD2345), so a request is logged
by its route ("/q/<code>"), never by its path. Database errors are raised with their
parameters hidden in production (app/config.py), so a traceback does not carry them either.

The request id comes from the proxy's X-Request-Id header when it looks like one (so a line
here can be matched with the proxy's), or is made here; it is sent back in the response.
"""
from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
import types

from flask import Flask, g, has_request_context, request

log = logging.getLogger("app.requests")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class JsonLines(logging.Formatter):
    """A record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        rid = line.get("request_id") or request_id()
        if rid:
            line["request_id"] = rid
        if record.exc_info:
            line["error"] = record.exc_info[0].__name__
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


JsonLines.converter = time.gmtime  # times in UTC, marked Z


def use_json_lines(level: int = logging.INFO, stream=None) -> None:
    """Every logger (the app's, SQLAlchemy's, RQ's) writes JSON lines to stdout."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def route() -> str:
    """The request's route pattern, which never holds a code; "(no route)" for a 404."""
    rule = request.url_rule
    return rule.rule if rule is not None else "(no route)"


def init_app(app: Flask) -> None:
    if app.config.get("LOG_FORMAT") == "json":
        use_json_lines()
        # Flask's own handler would write errors a second time, as text.
        app.logger.handlers.clear()
        app.logger.propagate = True

    @app.before_request
    def _start():
        g.request_started = time.perf_counter()
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if _REQUEST_ID.match(given) else secrets.token_hex(8)

    @app.after_request
    def _finished(response):
        response.headers["X-Request-Id"] = g.get("request_id", "")
        started = g.get("request_started")
        log.info("request", extra={"fields": {
            **_where("request"),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        }})
        return response

    # Flask's own line for a server error names the path, which may hold a code: ours names the route.
    app.log_exception = types.MethodType(_log_exception, app)


def _log_exception(app: Flask, exc_info) -> None:
    app.logger.error("unhandled error", exc_info=exc_info, extra={"fields": _where("error")})


def log_error(message: str, error: BaseException) -> None:
    """An error the app handled itself (a database outage): one line, with its kind and the route."""
    log.error(message, extra={"fields": {**_where("error"), "error": type(error).__name__}})


def _where(event: str) -> dict:
    return {"event": event, "request_id": request_id(), "method": request.method, "route": route(),
            "endpoint": request.endpoint}
