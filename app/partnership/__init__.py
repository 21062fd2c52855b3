"""The safeguarding partnership's multi-agency themed audits: each agency completes its own
part of the same case audit, the lead auditor the joint judgement, and a composite report."""
