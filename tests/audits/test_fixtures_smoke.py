"""The shared audit fixtures build what later tests rely on."""
from app.audits import rules


def test_an_audit_on_the_case_file_tool(make_audit, make_user):
    auditor = make_user("auditor")
    audit = make_audit(auditor=auditor)
    assert audit.state == "not_started" and audit.lock_version == 1
    tool = audit.tool_version.definition
    assert tool.key == "case_file_audit"
    assert rules.score(tool, {}).judgement is None
