"""Health and readiness, for the load balancer and the council's monitoring (docs/deploy.md).

/healthz   the process is up and answering: nothing else is checked, so a database outage
           does not make every web server look dead (restarting them would not help)
/readyz    this server can do its work: the database and Redis answer, and the database's
           schema is at the newest migration (a server started before `flask db upgrade`
           finished is not sent requests)
"""
from flask import Blueprint, current_app, jsonify

from app.core import readiness

bp = Blueprint("core", __name__)


@bp.route("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    checks = readiness.checks(current_app)
    ready = all(result == "ok" for result in checks.values())
    return jsonify(status="ok" if ready else "error", **checks), 200 if ready else 503
