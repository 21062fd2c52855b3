"""Questionnaires for administrators: the list, import (a broken file names the file and
the place and saves nothing), editing as YAML (a new draft), reading-level warnings,
publishing (frozen afterwards), retiring, export, and who may do it."""
import io

import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.core.db import db
from app.feedback import questionnaire_service as service
from app.feedback.models import Questionnaire, QuestionnaireVersion
from app.feedback.questionnaires import SURVEYS_DIR

GOOD = """\
key: forum_check_in
title: Forum check-in
audience: parents_carers
version: 7
status: published
scale: agree
intro: |
  Tell us how the forum went. You do not have to answer.
statements:
  - key: heard
    text: I felt heard at the forum.
    measure: r2-fm1
free_text:
  - key: better
    text: What would make it better?
"""

HARD = GOOD.replace("I felt heard at the forum.",
                    "Multidisciplinary professionals demonstrated comprehensive understanding of"
                    " the organisational considerations affecting my family's circumstances.")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def signed_in_admin(client, admin):
    client.sign_in(admin)
    return admin


def test_importing_a_file_makes_a_draft_with_the_rows_version_and_status(client, signed_in_admin):
    response = client.submit("/admin/questionnaires/import", {"file": (io.BytesIO(GOOD.encode()), "forum.yaml")})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/questionnaires/forum_check_in/versions/1"
    version = db.session.scalar(select(QuestionnaireVersion))
    assert (version.version, version.status, version.created_by_id) == (1, "draft", signed_in_admin.id)
    assert "version: 1\nstatus: draft\n" in version.definition_yaml
    doc = page(client.get(response.headers["Location"]))
    assert doc.h1.get_text(strip=True) == "Version 1"
    assert doc.select_one("#reading-ok") is not None
    listing = page(client.get("/admin/questionnaires"))
    assert "Forum check-in" in listing.select_one("#questionnaires").get_text(" ", strip=True)


def test_a_broken_file_names_the_file_and_place_and_saves_nothing(client, signed_in_admin):
    broken = GOOD.replace("scale: agree", "scale: stars").replace("measure: r2-fm1", "measure: fm1")
    response = client.submit("/admin/questionnaires/import", {"file": (io.BytesIO(broken.encode()), "forum.yaml")})
    assert response.status_code == 400
    assert error_messages(response)[0] == "forum.yaml: The scale is 'stars', which is not one of faces, agree"
    assert "#file" in [a["href"] for a in page(response).select(".govuk-error-summary a")]
    bad_yaml = client.submit("/admin/questionnaires/import", {"text": "key: [unclosed"})
    assert error_messages(bad_yaml)[0] == "pasted YAML: line 2, column 1: not valid YAML (expected ',' or ']', but got '<stream end>')"
    assert (count(Questionnaire), count(QuestionnaireVersion)) == (0, 0)
    neither = client.submit("/admin/questionnaires/import", {"text": ""})
    assert error_messages(neither) == ["Choose a YAML file or paste the questionnaire's YAML"]


def test_text_too_hard_for_its_audience_warns_the_author_on_import_and_on_checking_an_edit(client, signed_in_admin):
    response = client.submit("/admin/questionnaires/import", {"text": HARD}, follow_redirects=True)
    doc = page(response)
    assert "may be too hard to read for parents and carers" in doc.get_text(" ", strip=True)
    assert [li.strong.get_text(strip=True) for li in doc.select("#reading-warnings li")] == ["Statement 1"]
    # checking an edit warns and saves nothing
    edit = page(client.get("/admin/questionnaires/forum_check_in/edit"))
    based_on = edit.select_one("input[name=based_on]")["value"]
    before = db.session.scalar(select(QuestionnaireVersion.definition_yaml))
    checked = client.submit("/admin/questionnaires/forum_check_in/edit",
                            {"text": HARD.replace("forum went", "forum meeting went"), "based_on": based_on, "check": "Check reading level"})
    assert checked.status_code == 200
    assert page(checked).select("#reading-warnings li")
    assert db.session.scalar(select(QuestionnaireVersion.definition_yaml)) == before


def test_publishing_freezes_a_version_and_editing_makes_the_next_draft(client, signed_in_admin):
    client.submit("/admin/questionnaires/import", {"text": GOOD})
    client.submit("/admin/questionnaires/forum_check_in/versions/1/publish")
    first = db.session.scalar(select(QuestionnaireVersion))
    assert (first.status, first.published_by_id) == ("published", signed_in_admin.id)
    with pytest.raises(service.FrozenVersion):
        first.definition_yaml = "changed"
    db.session.rollback()
    edit = page(client.get("/admin/questionnaires/forum_check_in/edit"))
    assert edit.h1.get_text(strip=True) == "Make version 2"
    data = {"text": GOOD.replace("I felt heard", "I was heard"), "based_on": edit.select_one("input[name=based_on]")["value"],
            "submit": "Save draft"}
    for _ in range(2):  # the same save sent twice makes one draft
        response = client.submit("/admin/questionnaires/forum_check_in/edit", data)
        assert response.status_code == 302
    versions = db.session.scalars(select(QuestionnaireVersion).order_by(QuestionnaireVersion.version)).all()
    assert [(v.version, v.status) for v in versions] == [(1, "published"), (2, "draft")]
    assert "I felt heard" in versions[0].definition_yaml and "I was heard" in versions[1].definition_yaml
    wrong_key = client.submit("/admin/questionnaires/forum_check_in/edit",
                              {"text": GOOD.replace("key: forum_check_in", "key: other"), "based_on": "x", "submit": "Save draft"})
    assert error_messages(wrong_key)[0].startswith("forum_check_in (draft): The key is 'other', which is not this questionnaire's key")


def test_retiring_and_export(client, signed_in_admin, questionnaires):
    response = client.get("/admin/questionnaires/children_feedback/versions/2/export")
    assert response.headers["Content-Disposition"] == 'attachment; filename="children_feedback-v2.yaml"'
    assert response.get_data(as_text=True) == (SURVEYS_DIR / "children_feedback.yaml").read_text().rstrip() + "\n"
    client.submit("/admin/questionnaires/children_feedback/versions/2/retire")
    version = service.questionnaire_by_key("children_feedback").versions[0]
    assert version.status == "retired"
    assert "status: retired" in client.get("/admin/questionnaires/children_feedback/versions/2/export").get_data(as_text=True)
    again = client.submit("/admin/questionnaires/children_feedback/versions/2/publish", follow_redirects=True)
    assert "is retired and cannot be published again" in again.get_data(as_text=True)


@pytest.mark.parametrize("who", ["qa_viewer", "practitioner", "auditor", "moderator"])
def test_only_administrators_manage_questionnaires(client, make_user, questionnaires, who):
    client.sign_in(make_user(who))
    for url in ("/admin/questionnaires", "/admin/questionnaires/import", "/admin/questionnaires/children_feedback",
                "/admin/questionnaires/children_feedback/versions/2", "/admin/questionnaires/children_feedback/edit",
                "/admin/questionnaires/children_feedback/versions/2/export"):
        assert client.get(url).status_code == 403, url
    assert client.submit("/admin/questionnaires/children_feedback/versions/2/retire").status_code == 403
    assert client.submit("/admin/questionnaires/import", {"text": GOOD}).status_code == 403
    assert service.questionnaire_by_key("children_feedback").versions[0].status == "published"
    assert service.questionnaire_by_key("forum_check_in") is None
