"""Audit pages. One module per part, all on the `audits` blueprint (in `blueprint`):
tools (admin: tools and versions), tool_editor and tool_question
(admin: building a tool without YAML), cases (admin: case import), rounds (dip samples),
form and sections (the auditor's journey), actions (corrective actions), round_summary
(findings, recommendations, learning points)."""
from app.audits.views import actions, cases, form, round_summary, rounds, sections, tool_editor, tool_question, tools  # noqa: F401  (registers routes)
from app.audits.views.blueprint import bp  # noqa: F401
