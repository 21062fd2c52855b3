"""Audit pages. One module per part, all on the `audits` blueprint:
tools (admin: tools and versions), cases (admin: case import), rounds (dip samples),
form (the auditor's journey), round_summary (findings, recommendations, learning points)."""
from flask import Blueprint

bp = Blueprint("audits", __name__)

from app.audits.views import actions, cases, form, round_summary, rounds, tools  # noqa: E402,F401  (registers routes)
