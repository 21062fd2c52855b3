"""The questionnaire import page: a file without `version` and `status` imports as a draft,
the page's words say so, and a broken file is refused in plain words."""
import pytest
from conftest import error_messages, page

from app.feedback import questionnaire_service as service

NO_VERSION = """\
key: forum_check_in
title: Forum check-in
audience: parents_carers
scale: agree
intro: |
  Tell us how the forum went. You do not have to answer.
statements:
  - key: heard
    text: I felt heard at the forum.
    measure: r2-fm1
"""


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin", name="Ada Admin")
    client.sign_in(user)
    return user


def test_a_file_without_version_and_status_imports_as_a_draft_and_exports_back(client, admin):
    response = client.submit("/admin/questionnaires/import", {"text": NO_VERSION})
    assert response.status_code == 302
    questionnaire = service.questionnaire_by_key("forum_check_in")
    assert [(v.version, v.status) for v in questionnaire.versions] == [(1, "draft")]
    exported = client.get("/admin/questionnaires/forum_check_in/versions/1/export").get_data(as_text=True)
    assert "version: 1" in exported and "status: draft" in exported
    again = client.submit("/admin/questionnaires/import", {"text": exported})
    assert again.status_code == 302
    assert [(v.version, v.status) for v in service.questionnaire_by_key("forum_check_in").versions] == [(1, "draft")]


def test_the_page_says_what_it_accepts(client, admin):
    doc = page(client.get("/admin/questionnaires/import"))
    happens = doc.select_one("#import-what-happens").get_text(" ", strip=True)
    assert "You can leave out version and status" in happens
    assert "Nothing changes for campaigns until you publish the draft" in happens


def test_a_broken_statement_is_named_by_its_words(client, admin):
    broken = NO_VERSION.replace("measure: r2-fm1", "measure: r2-fm1\n    positive: [happy]")
    response = client.submit("/admin/questionnaires/import", {"text": broken})
    assert response.status_code == 400
    assert error_messages(response) == [
        "pasted YAML: Statement 1 ('I felt heard at the forum.'): 'happy' is not an answer on the agree scale"
        " (strongly_agree, agree, neither, disagree, strongly_disagree, dont_know)"
    ]
