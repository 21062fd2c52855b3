"""Submitted audits to moderate, made through the auditor's own use cases."""
from audits.test_audit_service import complete_answers

from app.audits import audit_service
from app.moderation import services


def submitted_audit(make_audit, auditor, grade="good", **fields):
    audit = make_audit(auditor=auditor, **fields)
    answers, evidence = complete_answers(audit.tool_version.definition, grade)
    result = audit_service.save_draft(audit, auditor, answers, evidence, True, None, audit.lock_version)
    audit_service.submit(audit, auditor, None, None, result.lock_version)
    moderation = services.on_audit_submitted(audit)
    return audit, moderation
