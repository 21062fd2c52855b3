"""The audit tool pages (administrators): list, one tool, one version, import, export,
editing the draft's YAML, publishing and retiring; and who may use them."""
import io
from urllib.parse import quote

import pytest
from audits.editor_helpers import fill, form_values
from conftest import error_messages, page
from sqlalchemy import func, select

from app.audits import rules, tool_service
from app.audits.models import AuditTool, AuditToolVersion
from app.audits.tools import TOOLS_DIR, load_tool_text
from app.core.db import db

SMALL_TOOL = """\
key: home_visits_audit
title: Home visits audit
description: Are children seen, and seen alone, as often as their plan says?
version: 1
status: draft
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


def changed(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)

NOT_ADMIN = ["auditor", "moderator", "qa_viewer", "practitioner", "no role"]


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def statuses(key: str) -> list[tuple[int, str]]:
    db.session.expire_all()
    return [(v.version, v.status) for v in tool_service.tool_by_key(key).versions]


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin", name="Ada Admin")
    client.sign_in(user)
    return user


@pytest.fixture
def connected(publish_tool):
    """The connected persons tool, version 1 published, as the seed command leaves it."""
    return publish_tool("connected_persons_audit")


def table_rows(response, caption: str) -> list[list[str]]:
    table = next(t for t in page(response).select("table") if caption in t.caption.get_text(" ", strip=True))
    return [[cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in table.select("tbody tr")]


# --- Access ------------------------------------------------------------------------------------

PAGES = {
    "/admin/audit-tools": "Audit tools",
    "/admin/audit-tools/import": "Import an audit tool",
    "/admin/audit-tools/connected_persons_audit": "Children living with connected people (dip sample)",
    "/admin/audit-tools/connected_persons_audit/versions/1": "Version 1",
    "/admin/audit-tools/connected_persons_audit/edit": "Make version 2",
    "/admin/audit-tools/connected_persons_audit/questions/child-safe": "Change a question",
    "/admin/audit-tools/new": "Create an audit tool",
    "/admin/audit-tools/connected_persons_audit/copy": "Make a copy of Children living with connected people (dip sample)",
    "/admin/audit-tools/connected_persons_audit/draft": "Children living with connected people (dip sample)",
    "/admin/audit-tools/connected_persons_audit/draft/details": "Details and scoring",
    "/admin/audit-tools/connected_persons_audit/draft/sections/new": "Add a section",
    "/admin/audit-tools/connected_persons_audit/draft/sections/arrangement": "Change a section",
    "/admin/audit-tools/connected_persons_audit/draft/sections/arrangement/questions/new": "Add a question",
    "/admin/audit-tools/connected_persons_audit/questions/legal-basis/remove":
        "Are you sure you want to remove the question 'What is the legal basis of the arrangement?'?",
    "/admin/audit-tools/connected_persons_audit/draft/sections/arrangement/remove":
        "Are you sure you want to remove the section 'The arrangement' and its 3 questions?",
}
EXPORT = "/admin/audit-tools/connected_persons_audit/versions/1/export"
BUTTONS = [
    "/admin/audit-tools/connected_persons_audit/versions/1/publish", "/admin/audit-tools/connected_persons_audit/versions/1/retire",
    "/admin/audit-tools/connected_persons_audit/draft/sections/arrangement/move",
    "/admin/audit-tools/connected_persons_audit/draft/sections/arrangement/remove",
    "/admin/audit-tools/connected_persons_audit/questions/legal-basis/move",
    "/admin/audit-tools/connected_persons_audit/questions/legal-basis/remove",
    "/admin/audit-tools/connected_persons_audit/draft/order",
]


@pytest.mark.parametrize("url", PAGES)
def test_admin_opens_each_page(client, admin, connected, url):
    response = client.get(url)
    assert response.status_code == 200
    assert page(response).h1.get_text(strip=True) == PAGES[url]
    nav = page(response).select_one(".govuk-service-navigation__item--active")
    assert nav is not None and nav.get_text(strip=True) == "Administration"


@pytest.mark.parametrize("who", NOT_ADMIN)
def test_no_one_else_opens_the_pages_or_uses_the_buttons(client, make_user, connected, who):
    client.sign_in(make_user(*([] if who == "no role" else [who])))
    for url in [*PAGES, EXPORT]:
        assert client.get(url).status_code == 403, url
    tool_service.start_draft(connected.tool)
    for url in BUTTONS + ["/admin/audit-tools/connected_persons_audit/versions/2/publish"]:
        assert client.submit(url).status_code == 403, url
    assert client.submit("/admin/audit-tools/import", {"text": SMALL_TOOL}).status_code == 403
    assert client.submit("/admin/audit-tools/connected_persons_audit/edit", {"text": "x"}).status_code == 403
    assert client.submit("/admin/audit-tools/connected_persons_audit/questions/child-safe", {"text": "x", "required": "no"}).status_code == 403
    assert statuses("connected_persons_audit") == [(1, "published"), (2, "draft")]
    assert count(AuditTool) == 1


@pytest.mark.parametrize("url", [*PAGES, EXPORT, *BUTTONS])
def test_signed_out_people_are_sent_to_sign_in(client, connected, url):
    response = client.get(url) if url in PAGES or url == EXPORT else client.submit(url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=" + quote(url, safe="")
    assert statuses("connected_persons_audit") == [(1, "published")]


def test_an_unknown_tool_or_version_is_not_found(client, admin, connected):
    assert client.get("/admin/audit-tools/no_such_audit").status_code == 404
    assert client.get("/admin/audit-tools/connected_persons_audit/versions/9").status_code == 404
    assert client.submit("/admin/audit-tools/connected_persons_audit/versions/9/publish").status_code == 404
    assert client.get("/admin/audit-tools/connected_persons_audit/questions/no-such-question").status_code == 404
    assert client.get("/admin/audit-tools/connected_persons_audit/draft/sections/no-such-section").status_code == 404
    assert client.get("/admin/audit-tools/connected_persons_audit/draft/sections/no-such-section/questions/new").status_code == 404
    assert client.submit("/admin/audit-tools/connected_persons_audit/questions/no-such-question/remove").status_code == 404
    assert client.get("/admin/audit-tools/no_such_audit/draft").status_code == 404


# --- Reading ---------------------------------------------------------------------------------------


def test_the_list_shows_each_tool_its_versions_and_audits(client, admin, connected, make_audit, plan):
    make_audit(tool_version=connected)
    make_audit(tool_version=connected)
    tool_service.start_draft(connected.tool)
    response = client.get("/admin/audit-tools")
    assert table_rows(response, "Tools and their versions") == [
        ["Children living with connected people (dip sample)", f"Version 1 published {connected.published_at:%-d %B %Y}",
         "Version 2 of Children living with connected people (dip sample)", "Version 1: 2"],
    ]
    text = page(response).get_text(" ", strip=True)
    assert "1 of 20 audit measures are answered by a published audit tool." in text


def test_the_tool_page_lists_versions_with_status_and_dates(client, admin, connected, make_audit):
    make_audit(tool_version=connected)
    tool_service.import_tool_yaml(connected.definition_yaml, "again.yaml", user=admin)
    response = client.get("/admin/audit-tools/connected_persons_audit")
    rows = table_rows(response, "Versions")
    assert [row[:2] for row in rows] == [["Version 2", "Draft"], ["Version 1", "Published"]]
    assert rows[0][2].endswith("by Ada Admin") and rows[0][3] == "Not published" and rows[0][4] == "0"
    assert rows[1][4] == "1"
    assert "New rounds use version 1" in page(response).get_text(" ", strip=True)


def test_a_version_page_shows_sections_guidance_scoring_limits_and_measures(client, admin, publish_tool, plan):
    publish_tool("case_file_audit")
    response = client.get("/admin/audit-tools/case_file_audit/versions/1")
    soup = page(response)
    text = soup.get_text(" ", strip=True)
    headings = [h.get_text(strip=True) for h in soup.select("h3")]
    assert headings[0].startswith("1. ") and len(headings) == 8
    assert "Mean of all graded questions." in text or "Mean of the sections' means." in text or "Lowest section judgement." in text
    assert "A mean of 3.5 or more is Outstanding" in text
    assert "If graded Inadequate, the overall judgement can be no better than Inadequate." in text
    assert any(s.get_text(strip=True).startswith("Guidance") for s in soup.select(".govuk-details__summary"))
    assert any("What good looks like" in d.get_text() for d in soup.select(".govuk-details__text"))
    measures = table_rows(response, "Impact measures this version answers")
    assert len(measures) == 6
    assert all(row[0].startswith("Recommendation ") for row in measures)
    assert any("Met when this question" in row[1] for row in measures)


# --- Import -------------------------------------------------------------------------------------


def test_pasting_yaml_imports_a_draft(client, admin):
    response = client.submit("/admin/audit-tools/import", {"text": SMALL_TOOL})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/audit-tools/home_visits_audit/versions/1"
    follow = client.get(response.headers["Location"])
    assert "Home visits audit: draft version 1 saved. Check it, then publish it." in follow.get_data(as_text=True)
    assert statuses("home_visits_audit") == [(1, "draft")]


def test_uploading_a_file_imports_a_draft(client, admin):
    response = client.submit(
        "/admin/audit-tools/import", {"file": (io.BytesIO(SMALL_TOOL.encode()), "home_visits_audit.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert statuses("home_visits_audit") == [(1, "draft")]


def test_a_broken_paste_is_refused_with_its_place_and_nothing_is_saved(client, admin):
    response = client.submit("/admin/audit-tools/import", {"text": SMALL_TOOL.replace("kind: graded", "kind: grade")})
    assert response.status_code == 400
    assert error_messages(response) == [
        ("pasted YAML: The kind of question 1 in 'Visits' is 'grade', which is not one of "
        "graded, yes_partly_no, single_choice, multiple_choice, number, date, text"),
    ]
    assert page(response).select_one(".govuk-error-summary__title").get_text(strip=True) == "Nothing was imported: the tool has 1 problem"
    assert count(AuditTool) == 0 and count(AuditToolVersion) == 0


def test_a_broken_file_is_refused_with_its_name_and_every_problem(client, admin):
    broken = SMALL_TOOL.replace("method: mean_of_questions", "method: average").replace("title: Visits", "title: ''")
    response = client.submit(
        "/admin/audit-tools/import", {"file": (io.BytesIO(broken.encode()), "visits.yaml")}, content_type="multipart/form-data",
    )
    assert response.status_code == 400
    messages = error_messages(response)
    assert len(messages) == 2
    assert all(m.startswith("visits.yaml: ") for m in messages)
    assert "visits.yaml: The scoring method is 'average', which is not one of mean_of_questions, mean_of_sections, lowest_section" in messages
    assert "visits.yaml: Section 1 has no title" in messages
    assert count(AuditToolVersion) == 0


def test_import_needs_a_file_or_text_and_only_yaml_files(client, admin):
    empty = client.submit("/admin/audit-tools/import", {"text": "  "})
    assert empty.status_code == 400
    assert error_messages(empty) == ["Choose a YAML file or paste the tool's YAML"]
    wrong = client.submit(
        "/admin/audit-tools/import", {"file": (io.BytesIO(b"a,b"), "tool.csv")}, content_type="multipart/form-data",
    )
    assert wrong.status_code == 400
    assert "The file must be a YAML file (.yaml)" in error_messages(wrong)
    not_text = client.submit(
        "/admin/audit-tools/import", {"file": (io.BytesIO(b"\xff\xfe\x00bad"), "tool.yaml")}, content_type="multipart/form-data",
    )
    assert not_text.status_code == 400
    assert error_messages(not_text) == ["tool.yaml: the file is not UTF-8 text; save it as UTF-8 and try again"]
    assert count(AuditToolVersion) == 0


# --- Export -------------------------------------------------------------------------------------


def test_export_downloads_the_version_as_yaml_and_round_trips_through_import(client, admin, connected):
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="connected_persons_audit-v1.yaml"'
    text = response.get_data(as_text=True)
    # Stored as version 1 here (the file is version 2): the export says the row's number.
    assert text == (TOOLS_DIR / "connected_persons_audit.yaml").read_text(encoding="utf-8").replace(
        "\nversion: 2\n", "\nversion: 1\n")
    imported = client.submit(
        "/admin/audit-tools/import", {"file": (io.BytesIO(text.encode()), "connected_persons_audit-v1.yaml")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302
    assert statuses("connected_persons_audit") == [(1, "published"), (2, "draft")]
    draft = tool_service.tool_by_key("connected_persons_audit").draft
    assert draft.definition.sections == connected.definition.sections
    assert draft.definition.measures == connected.definition.measures
    exported = client.get("/admin/audit-tools/connected_persons_audit/versions/2/export")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="connected_persons_audit-v2.yaml"'
    assert (load_tool_text(exported.get_data(as_text=True)).version, load_tool_text(exported.get_data(as_text=True)).status) == (2, "draft")


def test_a_retired_version_exports_as_retired(client, admin, connected):
    tool_service.retire(connected)
    assert load_tool_text(client.get(EXPORT).get_data(as_text=True)).status == rules.RETIRED


# --- Editing in the browser, publishing, retiring ---------------------------------------------


def test_editing_a_published_tool_makes_a_new_draft_and_leaves_the_published_version(client, admin, connected):
    form = page(client.get("/admin/audit-tools/connected_persons_audit/edit"))
    text = form.select_one("textarea#text").get_text()
    assert "version: 2" in text and "status: draft" in text
    based_on = form.select_one("input[name=based_on]")["value"]
    response = client.submit(
        "/admin/audit-tools/connected_persons_audit/edit",
        {"text": changed(text, "Is the child safe,", "Is the child safe now,"), "based_on": based_on},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/audit-tools/connected_persons_audit/versions/2"
    assert "Draft version 2 made. Publish it when it is ready." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert statuses("connected_persons_audit") == [(1, "published"), (2, "draft")]
    tool = tool_service.tool_by_key("connected_persons_audit")
    assert tool.versions[0].definition_yaml == (TOOLS_DIR / "connected_persons_audit.yaml").read_text(encoding="utf-8")
    assert tool.draft.definition.question("child-safe").text.startswith("Is the child safe now,")

    # The edit page now edits that draft.
    again = page(client.get("/admin/audit-tools/connected_persons_audit/edit"))
    assert again.h1.get_text(strip=True) == "Edit draft version 2"


def test_a_broken_edit_is_shown_with_its_place_and_nothing_is_saved(client, admin, connected):
    form = page(client.get("/admin/audit-tools/connected_persons_audit/edit"))
    text = form.select_one("textarea#text").get_text()
    response = client.submit(
        "/admin/audit-tools/connected_persons_audit/edit",
        {"text": text.replace("kind: graded", "kind: grade", 1), "based_on": form.select_one("input[name=based_on]")["value"]},
    )
    assert response.status_code == 400
    messages = error_messages(response)
    assert len(messages) == 1
    assert messages[0].startswith("connected_persons_audit (draft): The kind of question 1 in '")
    assert "is 'grade', which is not one of" in messages[0]
    assert "kind: grade" in page(response).select_one("textarea#text").get_text(), "what was typed is kept"
    assert statuses("connected_persons_audit") == [(1, "published")]


def test_publish_then_a_second_click_says_it_is_already_published(client, admin, connected):
    draft = tool_service.start_draft(connected.tool)
    url = "/admin/audit-tools/connected_persons_audit/versions/2/publish"
    first = client.submit(url)
    assert first.status_code == 302
    follow = client.get(first.headers["Location"])
    assert "Version 2 of Children living with connected people (dip sample) is published. New rounds will use it." in follow.get_data(as_text=True)
    second = client.get(client.submit(url).headers["Location"])
    assert "is already published" in second.get_data(as_text=True)
    assert statuses("connected_persons_audit") == [(1, "published"), (2, "published")]
    db.session.expire_all()
    assert db.session.get(AuditToolVersion, draft.id).published_by_id == admin.id


def test_the_publish_button_is_on_a_draft_and_retire_on_a_published_version(client, admin, connected):
    links = lambda number: [a["href"] for a in page(client.get(f"/admin/audit-tools/connected_persons_audit/versions/{number}")).select("a[href*='/questions/']")]
    assert "/admin/audit-tools/connected_persons_audit/questions/child-safe" in links(1)
    tool_service.start_draft(connected.tool)
    assert links(1) == [], "questions are changed in the draft"
    assert len(links(2)) == 9
    draft_page = page(client.get("/admin/audit-tools/connected_persons_audit/versions/2"))
    assert [b.get_text(" ", strip=True) for b in draft_page.select("form button")][-1].startswith("Publish version 2")
    published_page = page(client.get("/admin/audit-tools/connected_persons_audit/versions/1"))
    assert "Retire version 1 of Children living with connected people (dip sample)" in [
        b.get_text(" ", strip=True) for b in published_page.select("form button")
    ]


def test_retire_takes_a_version_out_of_new_rounds(client, admin, connected):
    response = client.submit("/admin/audit-tools/connected_persons_audit/versions/1/retire")
    assert response.status_code == 302
    follow = client.get(response.headers["Location"])
    text = follow.get_data(as_text=True)
    assert "Version 1 of Children living with connected people (dip sample) is retired." in text
    assert "New rounds cannot use this tool until a version is published." in text
    assert "No version is published, so new rounds cannot use this tool." in page(follow).get_text(" ", strip=True)
    assert statuses("connected_persons_audit") == [(1, "retired")]
    # Retiring a draft is refused with a reason; nothing changes.
    tool_service.start_draft(tool_service.tool_by_key("connected_persons_audit"))
    refused = client.get(client.submit("/admin/audit-tools/connected_persons_audit/versions/2/retire").headers["Location"])
    assert "is a draft: nothing uses it, so there is nothing to retire" in refused.get_data(as_text=True)
    assert statuses("connected_persons_audit") == [(1, "retired"), (2, "draft")]


def test_changing_one_question_without_yaml_makes_a_draft(client, admin, connected):
    url = "/admin/audit-tools/connected_persons_audit/questions/contact"
    values = form_values(client.get(url))
    assert values["text"] == "Is family time (contact) with parents and brothers and sisters safe, planned and reviewed?"
    values.update({
        "text": "Is family time safe, planned and reviewed?", "guidance": "What good looks like: the child's wishes shape it.",
        "required": "no",
    })
    response = client.submit(url, values)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/audit-tools/connected_persons_audit/draft#q-contact"
    assert statuses("connected_persons_audit") == [(1, "published"), (2, "draft")]
    draft = tool_service.tool_by_key("connected_persons_audit").draft
    question = draft.definition.question("contact")
    assert (question.text, question.guidance, question.required) == (
        "Is family time safe, planned and reviewed?", "What good looks like: the child's wishes shape it.", False,
    )
    assert draft.definition.question("child-safe") == connected.definition.question("child-safe")
    assert draft.definition.question("contact").measures == connected.definition.question("contact").measures
    assert connected.definition.question("contact").required is True
    # The same save sent twice changes nothing more.
    assert client.submit(url, values).status_code == 302
    assert statuses("connected_persons_audit") == [(1, "published"), (2, "draft")]


def test_a_question_needs_its_words(client, admin, connected):
    url = "/admin/audit-tools/connected_persons_audit/questions/contact"
    response = fill(client, url, {"text": " "})
    assert response.status_code == 400
    assert error_messages(response) == ["Enter the question"]
    assert statuses("connected_persons_audit") == [(1, "published")]
