"""/api/v1: read-only. Authorised by a signed-in session or an admin-issued bearer token."""
from functools import wraps

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from app.auth.services import token_user
from app.core.access import get_or_404
from app.core.extensions import csrf
from app.plan import services
from app.plan.models import Kpi, Recommendation
from app.reports import headline_figures

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def api_auth(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated:
            return view(*args, **kwargs)
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() == "bearer" and token_user(raw.strip()):
            return view(*args, **kwargs)
        response = jsonify(error="Sign in, or send an API token as 'Authorization: Bearer <token>'.")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    return wrapped


@bp.errorhandler(404)
def not_found(_):
    return jsonify(error="Not found"), 404


def _kpi(kpi: Kpi, with_values: bool = False) -> dict:
    data = {
        "id": kpi.id,
        "key": kpi.seed_key or f"kpi-{kpi.id}",
        "code": kpi.code,
        "description": kpi.description,
        "direction": kpi.direction,
        "unit": kpi.unit,
        "frequency": kpi.frequency,
        "baseline": {"text": kpi.baseline_text, "value": kpi.baseline_value,
                     "date": kpi.baseline_date.isoformat() if kpi.baseline_date else None, "rag": kpi.baseline_rag},
        "target": {"text": kpi.target_text, "value": kpi.target_value,
                   "date": kpi.target_date.isoformat() if kpi.target_date else None},
        "recommendations": [r.number for r in kpi.recommendations],
        "figure_source": kpi.figure_source,
    }
    if with_values:
        data["values"] = _values(kpi)
    return data


def _values(kpi: Kpi) -> list[dict]:
    """The KPI's figures; for the one worked out from final audits, the pages' own figures
    (anything once entered for it is not its figure)."""
    if not kpi.from_audits:
        return [_value(v) for v in kpi.values]
    return [{"period": f.period, "value": f.cell.value, "text": f.text, "rag": f.rag, "final_audits": f.counts.final,
             "awaiting_moderation": f.counts.awaiting} for f in headline_figures.kpi_figures(kpi)]


def _value(v) -> dict:
    return {"period": v.period_label, "period_start": v.period_start.isoformat(), "period_end": v.period_end.isoformat(),
            "value": v.value, "rag": v.rag, "note": v.note}


def _measure(m) -> dict:
    return {"id": m.id, "key": m.seed_key, "kind": m.kind, "text": m.text, "frequency": m.frequency,
            "has_baseline": m.has_baseline, "respondent_groups": m.respondent_groups or []}


def _recommendation(rec: Recommendation) -> dict:
    return {
        "number": rec.number,
        "title": rec.title,
        "short_title": rec.short_title,
        "actions": [
            {"number": a.number, "theme": a.theme, "text": a.text, "owner": a.owner,
             "due_date": a.due_date.isoformat() if a.due_date else None, "due_text": a.due_text,
             "governance": a.governance, "achieved": a.achieved, "status": a.status}
            for a in rec.actions
        ],
        "audit_measures": [_measure(m) for m in rec.audit_measures],
        "feedback_measures": [_measure(m) for m in rec.feedback_measures],
        "kpis": [_kpi(k) for k in rec.kpis],
    }


@bp.route("/recommendations")
@api_auth
def recommendations():
    return jsonify(recommendations=[_recommendation(r) for r in services.recommendations()])


@bp.route("/recommendations/<int:number>")
@api_auth
def recommendation(number: int):
    rec = next((r for r in services.recommendations() if r.number == number), None)
    if rec is None:
        abort(404)
    return jsonify(_recommendation(rec))


@bp.route("/kpis")
@api_auth
def kpis():
    return jsonify(kpis=[_kpi(k, with_values=True) for k in services.kpis()])


@bp.route("/kpis/<int:kpi_id>/values")
@api_auth
def kpi_values(kpi_id: int):
    kpi = get_or_404(Kpi, kpi_id)
    return jsonify(kpi=_kpi(kpi), values=_values(kpi))
