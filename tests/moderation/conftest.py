from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401
