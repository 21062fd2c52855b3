"""The import page says what it accepts and does it: a file without `version` and `status`
imports as a draft (they are set for you), an existing key becomes that tool's next draft,
an exported file imports back, and a broken file is refused in plain words."""
import io

import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.audits import tool_service
from app.audits.models import AuditToolVersion
from app.core.db import db

NO_VERSION = """\
# Written by hand: no version or status.
key: home_visits_audit
title: Home visits audit
description: Are children seen alone?
scoring:
  method: mean_of_questions
sections:
  - key: visits
    title: Visits
    questions:
      - key: seen-alone
        text: Is the child seen alone at every visit?
        kind: graded
"""


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin", name="Ada Admin")
    client.sign_in(user)
    return user


def versions(key: str) -> list[tuple[int, str]]:
    return [(v.version, v.status) for v in tool_service.tool_by_key(key).versions]


def test_a_file_without_version_and_status_imports_as_a_draft(client, admin):
    response = client.submit("/admin/audit-tools/import", {"text": NO_VERSION})
    assert response.status_code == 302
    assert versions("home_visits_audit") == [(1, "draft")]
    stored = tool_service.tool_by_key("home_visits_audit").draft.definition_yaml
    assert "version: 1\nstatus: draft\n" in stored and "# Written by hand" in stored, "the lines are added, comments kept"


def test_an_existing_key_becomes_the_tools_next_draft_and_an_export_imports_back(client, admin):
    client.submit("/admin/audit-tools/import", {"text": NO_VERSION})
    tool_service.publish(tool_service.tool_by_key("home_visits_audit").draft)
    again = client.submit("/admin/audit-tools/import", {"text": NO_VERSION.replace("every visit", "each visit")})
    assert again.status_code == 302
    assert versions("home_visits_audit") == [(1, "published"), (2, "draft")]
    exported = client.get("/admin/audit-tools/home_visits_audit/versions/1/export").get_data(as_text=True)
    assert "version: 1" in exported and "status: published" in exported
    back = client.submit("/admin/audit-tools/import",
                         {"file": (io.BytesIO(exported.encode()), "home_visits_audit-v1.yaml")},
                         content_type="multipart/form-data")
    assert back.status_code == 302
    tool = tool_service.tool_by_key("home_visits_audit")
    assert versions("home_visits_audit") == [(1, "published"), (2, "draft")], "the draft's text is replaced"
    assert tool.draft.definition.sections == tool.versions[0].definition.sections


def test_the_page_says_what_it_accepts_what_happens_and_what_is_refused(client, admin):
    doc = page(client.get("/admin/audit-tools/import"))
    happens = doc.select_one("#import-what-happens").get_text(" ", strip=True)
    assert "becomes a new tool, with the file as its draft version 1" in happens
    assert "You can leave out version and status" in happens
    assert "Nothing changes for audit rounds until you publish the draft" in happens
    refused = doc.select_one("#import-what-is-refused").get_text(" ", strip=True)
    assert "nothing is saved" in refused and "date of birth" in refused


def test_a_broken_file_is_refused_in_plain_words_with_its_name(client, admin):
    broken = NO_VERSION.replace("        kind: graded\n", "")
    response = client.submit("/admin/audit-tools/import", {"file": (io.BytesIO(broken.encode()), "visits.yaml")},
                             content_type="multipart/form-data")
    assert response.status_code == 400
    assert error_messages(response) == ["visits.yaml: Question 1 in 'Visits' needs a kind"]
    assert [li.get_text(strip=True) for li in page(response).select("#problems + ul li")] == [
        "visits.yaml: Question 1 in 'Visits' needs a kind"], "listed once below the form too"
    assert db.session.scalar(select(func.count()).select_from(AuditToolVersion)) == 0
