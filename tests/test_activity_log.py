"""The activity log: who opened, changed or downloaded case-level data, and who was refused.
The rules are checked without a request; then a moderator opening an audit, an auditor
reading it, a practitioner refused, as an administrator finds them on the log's page."""
import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401
from conftest import page
from sqlalchemy import select

from app.activity import rules
from app.activity.models import ActivityEntry, ActivityLogIsWrittenOnce
from app.core.db import db
from moderation.helpers import submitted_audit


def entry(endpoint, method="GET", status=200, signed_in=True, **args):
    return rules.entry_for(endpoint, method, status, args, signed_in)


def test_what_counts_and_as_what():
    assert entry("audits.audit_view", audit_id=5) == rules.Entry("viewed", "audit", "5", "audits.audit_view", 200)
    assert entry("audits.audit", "POST", 302, audit_id=5).action == "changed"
    assert entry("audits.audit_view", status=403, audit_id=5).action == "refused"
    assert entry("audits.audit", "POST", 400, audit_id=5) is None  # sent back with its problems: nothing changed
    assert entry("audits.audit_pdf", audit_id=5).action == "downloaded"
    assert entry("reports.published_xlsx", report_id=2) == rules.Entry("downloaded", "report", "2", "reports.published_xlsx", 200)
    assert entry("audits.audit_action_remove", "POST", audit_id=5, action_id=9).record_id == "5"  # the audit's
    assert entry("feedback.invite", code="ABCD2345").record_kind == "invite"
    assert entry("safeguarding.alert", alert_id=3).record_kind == "alert"
    # Not case-level, or nobody signed in (respondents never are), or not a page at all.
    assert entry("audits.audit_view", signed_in=False, audit_id=5) is None
    assert entry("feedback.respond", code="ABCD2345") is None
    assert entry("plan.kpi_list") is None and entry("plan.edit_action", action_id=3) is None
    assert entry(None) is None


def test_every_page_that_names_a_case_level_record_is_logged(app):
    named = [r for r in app.url_map.iter_rules() if set(r.arguments) & set(rules.RECORD_ARGS)
             and r.endpoint not in rules.NOT_CASE_LEVEL]
    assert len(named) > 20
    for rule in named:
        args = {a: 1 for a in rule.arguments}
        assert entry(rule.endpoint, **args) is not None, rule.rule
    # The pages listed by name still exist (a renamed page would silently stop being logged).
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    assert set(rules.LISTS) | set(rules.DOWNLOADS) | rules.NOT_CASE_LEVEL <= endpoints


@pytest.fixture
def moderation(make_audit, make_user):
    return submitted_audit(make_audit, make_user("auditor", name="Alex Auditor"))[1]


def test_a_moderator_opening_an_audit_is_in_the_log_an_administrator_reads(client, new_client, make_user, moderation):
    mo = make_user("moderator", name="Mo Moderator")
    client.sign_in(mo)
    assert client.get(f"/moderation/{moderation.id}").status_code == 200
    practitioner = make_user("practitioner", name="Pat Practitioner")
    nosy = new_client()
    nosy.sign_in(practitioner)
    assert nosy.get(f"/audits/{moderation.audit_id}/submitted").status_code == 403

    rows = db.session.scalars(select(ActivityEntry).order_by(ActivityEntry.id)).all()
    assert [(r.user_id, r.action, r.record_kind, r.record_id) for r in rows] == [
        (mo.id, "viewed", "moderation", str(moderation.id)),
        (practitioner.id, "refused", "audit", str(moderation.audit_id)),
    ]

    admin = new_client()
    admin.sign_in(make_user("admin"))
    shown = page(admin.get(f"/admin/activity/?person={mo.id}"))
    table = shown.select_one("#activity").get_text(" ", strip=True)
    assert "Mo Moderator" in table and "Viewed" in table and f"Moderation {moderation.id}" in table
    assert "Pat Practitioner" not in table
    refused = page(admin.get("/admin/activity/?action=refused")).select_one("#activity").get_text(" ", strip=True)
    assert "Pat Practitioner" in refused and f"Audit {moderation.audit_id}" in refused
    assert "1 entry" in page(admin.get(f"/admin/activity/?record={moderation.audit_id}&kind=audit")).select_one("#entry-count").text


@pytest.mark.parametrize("roles", [("qa_viewer",), ("moderator",), ("auditor",), ("practitioner",)])
def test_only_administrators_read_the_log(client, make_user, roles):
    client.sign_in(make_user(*roles))
    assert client.get("/admin/activity/").status_code == 403


def test_an_entry_cannot_be_changed_or_deleted(client, make_user, moderation):
    client.sign_in(make_user("moderator"))
    client.get(f"/moderation/{moderation.id}")
    row = db.session.scalar(select(ActivityEntry))
    row.action = "changed"
    with pytest.raises(ActivityLogIsWrittenOnce):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(ActivityEntry)))
    with pytest.raises(ActivityLogIsWrittenOnce):
        db.session.commit()
    db.session.rollback()
