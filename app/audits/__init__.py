"""Case audits: audit tools (sections and questions), scoring into an Ofsted judgement,
and the improvement plan's audit measures each audited case meets.

`rules` holds the rules (plain values in, plain values out); `tools` reads and writes the
audit tool files in `audit_tools/`.
"""
