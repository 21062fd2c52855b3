"""Audit pages. One module per part, all on the `audits` blueprint:
tools (admin: tools and versions), cases (admin: case import), rounds (dip samples),
form and sections (the auditor's journey)."""
from flask import Blueprint

bp = Blueprint("audits", __name__)

from app.audits.views import actions, cases, form, rounds, sections, tools  # noqa: E402,F401  (registers routes)
