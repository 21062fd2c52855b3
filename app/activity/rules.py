"""Which requests go in the activity log, and as what: plain functions, no request needed.

A request is logged when a signed-in person asks for a page whose address names a
case-level record (an audit, a corrective action, a moderation, an alert, a case, an
invite by its code, a published report), or one of the pages that list such records or
download reports and exports (below). A GET is "viewed" ("downloaded" for a file); any
other method is "changed"; an answer of 401, 403 or 404 is "refused", so attempts to reach
what a person may not see are kept too. Other errors (a form sent back with its problems, a
request without its CSRF token) are not logged: nothing was shown or changed. Respondents, who never sign in, are not logged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

# The part of the address that names the record -> what the record is.
RECORD_ARGS = {
    "audit_id": "audit",
    "action_id": "corrective action",
    "moderation_id": "moderation",
    "alert_id": "alert",
    "case_id": "case",
    "report_id": "report",
    "part_id": "audit part",  # an agency's part of a multi-agency case audit
}

# Pages that name no single record but show case-level data or hand out a file.
LISTS = {
    "audits.cases": "case",
    "audits.round": "audit round",
    "audits.actions_mine": "corrective action",
    "feedback.my_invites": "invite",
    "feedback.invite": "invite",
    "feedback.invite_card": "invite",
    "feedback.comments": "comment",
    "safeguarding.alerts_list": "alert",
    "moderation.queue": "moderation",
    "moderation.round_results": "moderation",
    "partnership.round_page": "audit round",
    "partnership.report": "report",
}
DOWNLOADS = {
    "reports.draft_pdf": "report", "reports.draft_xlsx": "report", "reports.draft_csv": "report",
    "reports.draft_zip": "report", "reports.published_pdf": "report", "reports.published_xlsx": "report",
    "reports.published_csv": "report", "reports.published_zip": "report", "audits.audit_pdf": "audit",
    "partnership.report_pdf": "report", "partnership.report_xlsx": "report",
}
# Addresses with a record's id that are not case-level (admin settings, the plan).
NOT_CASE_LEVEL = {"plan.edit_action"}

REFUSED = {401, 403, 404}


@dataclass(frozen=True)
class Entry:
    action: str
    record_kind: str
    record_id: str | None
    endpoint: str
    status: int


def entry_for(endpoint: str | None, method: str, status: int, view_args: Mapping[str, Any] | None,
              signed_in: bool) -> Entry | None:
    """The log entry for a request, or None when it is not logged."""
    if not signed_in or not endpoint or endpoint in NOT_CASE_LEVEL or method in ("HEAD", "OPTIONS"):
        return None
    args = view_args or {}
    kind, record_id = None, None
    for arg, what in RECORD_ARGS.items():
        if arg in args:
            kind, record_id = what, str(args[arg])
            break  # the first named: an action within an audit is the audit's
    if kind is None:
        kind = DOWNLOADS.get(endpoint) or LISTS.get(endpoint)
        if kind == "invite" and "code" in args:
            record_id = str(args["code"])
    if kind is None or (status >= 400 and status not in REFUSED):
        return None  # a form sent back with its problems, or a failure: nothing was seen or changed
    if status in REFUSED:
        action = "refused"
    elif method != "GET":
        action = "changed"
    elif endpoint in DOWNLOADS:
        action = "downloaded"
    else:
        action = "viewed"
    return Entry(action, kind, record_id, endpoint, status)
