"""Audit pages. One module per part, all on the `audits` blueprint (in `blueprint`):
tools (admin: tools and versions), cases (admin: case import), rounds (dip samples),
form and sections (the auditor's journey), actions (corrective actions), round_summary
(findings, recommendations, learning points)."""
from app.audits.views import actions, cases, form, round_summary, rounds, sections, tools  # noqa: F401  (registers routes)
from app.audits.views.blueprint import bp  # noqa: F401
