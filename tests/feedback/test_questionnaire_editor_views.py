"""The structured questionnaire editor through the browser's forms (no JavaScript): making a
questionnaire from nothing, a safety statement with its alert answers and measure, moving
and removing, problems at their field with nothing saved, translations side by side, and
the YAML export importing back to the same questionnaire."""
import io

import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.core.db import db
from app.feedback import questionnaire_service as service
from app.feedback.models import Questionnaire
from app.feedback.questionnaires import load_questionnaire_text



@pytest.fixture
def signed_in_admin(client, admin, plan):
    client.sign_in(admin)
    return admin


def based_on(client, url: str) -> str:
    """What the page's forms started from (the hidden field), as a browser would send it back."""
    return page(client.get(url)).select_one("input[name=based_on]")["value"]


def send(client, url: str, data: dict, form_url: str | None = None, **kw):
    return client.submit(url, {"based_on": based_on(client, form_url or url), **data}, **kw)


def make(client, title="Forum check-in", audience="parents_carers", scale="agree"):
    response = client.submit("/admin/questionnaires/new", {"title": title, "audience": audience, "scale": scale})
    assert response.status_code == 302, error_messages(response)
    return response.headers["Location"]


def draft_of(key: str):
    return service.questionnaire_by_key(key).draft


def add_statement(client, key, **fields):
    url = f"/admin/questionnaires/{key}/editor/statements/new"
    return send(client, url, fields)


def test_a_questionnaire_made_from_nothing_is_a_draft_with_no_statements_that_cannot_be_published(client, signed_in_admin):
    location = make(client)
    assert location == "/admin/questionnaires/forum_check_in/editor"
    doc = page(client.get(location))
    assert doc.h1.get_text(strip=True) == "Draft version 1"
    assert doc.select_one("#no-statements") is not None
    draft = draft_of("forum_check_in")
    assert (draft.version, draft.status, draft.definition.audience, draft.definition.statements) == (1, "draft", "parents_carers", ())
    # publishing it is refused in plain words
    response = client.submit("/admin/questionnaires/forum_check_in/versions/1/publish", follow_redirects=True)
    assert "Add at least one question before publishing" in page(response).get_text(" ", strip=True)
    assert draft_of("forum_check_in") is not None
    # a second one with the same title gets its own key
    assert make(client) == "/admin/questionnaires/forum_check_in_2/editor"


def test_children_must_answer_with_faces_said_at_the_field(client, signed_in_admin):
    response = client.submit("/admin/questionnaires/new", {"title": "Our views", "audience": "children", "scale": "agree"})
    assert response.status_code == 400
    assert error_messages(response) == ["Children answer with faces: choose the faces scale"]
    assert page(response).select_one("#scale-error") is not None
    assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 0


def test_a_safety_statement_with_its_alert_answers_and_measure(client, signed_in_admin):
    make(client)
    response = add_statement(client, "forum_check_in", text="I feel safe at home.", measure="r2-fm1",
                             positive=["strongly_agree", "agree"], safety="yes",
                             safety_answers=["disagree", "strongly_disagree"])
    assert response.status_code == 302, error_messages(response)
    statement = draft_of("forum_check_in").definition.statements[0]
    assert (statement.key, statement.text, statement.measure) == ("i-feel-safe-at-home", "I feel safe at home.", "r2-fm1")
    assert statement.safety_answers == ("disagree", "strongly_disagree")
    doc = page(client.get("/admin/questionnaires/forum_check_in/editor"))
    item = doc.select_one("#item-i-feel-safe-at-home").get_text(" ", strip=True)
    assert "Safety statement" in item and "An alert reaches a person when someone answers Disagree or Strongly disagree" in item
    # and it can now be published
    response = client.submit("/admin/questionnaires/forum_check_in/versions/1/publish", follow_redirects=True)
    assert service.questionnaire_by_key("forum_check_in").published.version == 1


def test_a_statement_with_no_words_is_refused_at_the_field_and_nothing_is_saved(client, signed_in_admin):
    make(client)
    before = draft_of("forum_check_in").definition_yaml
    response = add_statement(client, "forum_check_in", text="  ", measure="r2-fm1", positive=["agree"])
    assert response.status_code == 400
    assert error_messages(response) == ["Enter the statement's words"]
    doc = page(response)
    assert doc.select_one("#text-error").get_text(" ", strip=True) == "Error: Enter the statement's words"
    assert doc.select_one("#measure option[selected]")["value"] == "r2-fm1"  # what was chosen is kept
    assert draft_of("forum_check_in").definition_yaml == before


def test_a_loader_problem_is_shown_at_its_field_once(client, signed_in_admin):
    make(client)
    # every counted answer positive: the loader refuses it, at "statements[0].positive"
    response = add_statement(client, "forum_check_in", text="I felt heard.", measure="r2-fm1",
                             positive=["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"])
    assert response.status_code == 400
    # mapped from its place, not its words (which another change may rewrite), and shown once
    assert len(error_messages(response)) == 1
    assert page(response).select_one("#positive-error") is not None
    assert [a["href"] for a in page(response).select(".govuk-error-summary a")] == ["#positive"]
    assert draft_of("forum_check_in").definition.statements == ()


def test_moving_and_removing_work_without_javascript(client, signed_in_admin):
    make(client)
    for words in ("First thing.", "Second thing.", "Third thing."):
        assert add_statement(client, "forum_check_in", text=words, measure="r2-fm1", positive=["agree"]).status_code == 302
    editor = "/admin/questionnaires/forum_check_in/editor"
    response = send(client, f"{editor}/move", {"list": "statements", "item": "third-thing", "direction": "up"}, editor)
    assert response.status_code == 302
    assert [s.key for s in draft_of("forum_check_in").definition.statements] == ["first-thing", "third-thing", "second-thing"]
    remove = f"{editor}/remove?list=statements&item=first-thing"
    assert page(client.get(remove)).h1.get_text(strip=True) == "Remove statement 1?"
    send(client, f"{editor}/remove", {"list": "statements", "item": "first-thing"}, remove)
    assert [s.key for s in draft_of("forum_check_in").definition.statements] == ["third-thing", "second-thing"]
    doc = page(client.get(editor))
    assert [h.get_text(" ", strip=True) for h in doc.select("#statement-list h3")] == ["1. Third thing.", "2. Second thing."]


def test_an_edit_started_before_someone_else_saved_is_refused(client, signed_in_admin):
    make(client)
    url = "/admin/questionnaires/forum_check_in/editor/statements/new"
    stale = based_on(client, url)
    add_statement(client, "forum_check_in", text="First thing.", measure="r2-fm1", positive=["agree"])
    response = client.submit(url, {"based_on": stale, "text": "Another.", "measure": "r2-fm1", "positive": ["agree"]})
    assert response.status_code == 400
    assert "changed by someone else" in error_messages(response)[0]
    assert [s.key for s in draft_of("forum_check_in").definition.statements] == ["first-thing"]


def test_editing_a_published_version_makes_a_new_draft(client, signed_in_admin):
    make(client)
    add_statement(client, "forum_check_in", text="First thing.", measure="r2-fm1", positive=["agree"])
    client.submit("/admin/questionnaires/forum_check_in/versions/1/publish")
    published = service.questionnaire_by_key("forum_check_in").published.definition_yaml
    response = send(client, "/admin/questionnaires/forum_check_in/editor/details",
                    {"title": "Forum check-in", "audience": "parents_carers", "scale": "agree", "ask_name": "no",
                     "intro": "Tell us how the forum went. You do not have to answer.", "layout": "", "description": ""})
    assert response.status_code == 302, error_messages(response)
    versions = service.questionnaire_by_key("forum_check_in").versions
    assert [(v.version, v.status) for v in versions] == [(1, "published"), (2, "draft")]
    assert versions[0].definition_yaml == published
    assert versions[1].definition.intro == "Tell us how the forum went. You do not have to answer."


def test_a_translation_side_by_side_is_saved_into_the_draft(client, signed_in_admin):
    make(client)
    add_statement(client, "forum_check_in", text="I felt heard.", measure="r2-fm1", positive=["agree"])
    url = "/admin/questionnaires/forum_check_in/editor/translations/pl"
    doc = page(client.get(url))
    assert doc.select_one("#st-i-felt-heard-english").get_text(strip=True) == "I felt heard."
    # a blank translation is refused at its field
    response = send(client, url, {"needs_review": "yes", "title": "Forum", "intro": "Powiedz nam.", "st-i-felt-heard": ""})
    assert response.status_code == 400
    assert error_messages(response) == ["Enter the Polski for statement 1"]
    assert draft_of("forum_check_in").definition.translation("pl") is None
    response = send(client, url, {"needs_review": "yes", "title": "Forum", "intro": "Powiedz nam.",
                                  "st-i-felt-heard": "Czułem się wysłuchany."})
    assert response.status_code == 302, error_messages(response)
    translation = draft_of("forum_check_in").definition.translation("pl")
    assert (translation.needs_review, translation.title, dict(translation.statements)) == (
        True, "Forum", {"i-felt-heard": "Czułem się wysłuchany."})
    # a statement added later reads in English there until translated, and the language needs review
    add_statement(client, "forum_check_in", text="I was kept informed.", measure="r2-fm1", positive=["agree"])
    assert dict(draft_of("forum_check_in").definition.translation("pl").statements)["i-was-kept-informed"] == "I was kept informed."


def test_easy_read_needs_a_picture_said_at_the_field(client, signed_in_admin):
    make(client)
    add_statement(client, "forum_check_in", text="I felt heard.", measure="r2-fm1", positive=["agree"])
    url = "/admin/questionnaires/forum_check_in/editor/translations/easy-read"
    response = send(client, url, {"title": "Forum", "intro": "Tell us.", "st-i-felt-heard": "People listened to me."})
    assert response.status_code == 400
    assert error_messages(response) == ["Choose a picture for statement 1"]
    response = send(client, url, {"title": "Forum", "intro": "Tell us.", "st-i-felt-heard": "People listened to me.",
                                  "pic-i-felt-heard": "listen", "pictext-i-felt-heard": "A person listening."})
    assert response.status_code == 302, error_messages(response)
    translation = draft_of("forum_check_in").definition.translation("easy-read")
    assert translation.needs_review is False
    assert dict(translation.pictures)["i-felt-heard"].name == "listen"


def test_the_exported_yaml_imports_back_to_the_same_questionnaire(client, signed_in_admin):
    make(client)
    add_statement(client, "forum_check_in", text="I feel safe at home.", safety="yes", safety_answers=["strongly_disagree"])
    add_statement(client, "forum_check_in", text="I felt heard.", measure="r2-fm1", positive=["strongly_agree"])
    send(client, "/admin/questionnaires/forum_check_in/editor/free-text/new", {"text": "What would make it better?"})
    made = draft_of("forum_check_in").definition
    exported = client.get("/admin/questionnaires/forum_check_in/versions/1/export").get_data(as_text=True)
    assert load_questionnaire_text(exported) == made
    # imported as a new questionnaire under another key, it is the same apart from its key
    response = client.submit("/admin/questionnaires/import",
                             {"file": (io.BytesIO(exported.replace("key: forum_check_in", "key: forum_copy").encode()), "f.yaml")})
    assert response.status_code == 302, error_messages(response)
    again = draft_of("forum_copy").definition
    assert again.statements == made.statements and again.free_text == made.free_text and again.intro == made.intro


def test_make_a_copy(client, signed_in_admin):
    make(client)
    add_statement(client, "forum_check_in", text="I felt heard.", measure="r2-fm1", positive=["agree"])
    response = client.submit("/admin/questionnaires/forum_check_in/copy", {"title": "Forum check-in (north)"})
    assert response.status_code == 302, error_messages(response)
    copy = draft_of("forum_check_in_north")
    assert copy.definition.title == "Forum check-in (north)"
    assert [s.key for s in copy.definition.statements] == ["i-felt-heard"]


def test_a_choice_question_with_options_added_without_javascript(client, signed_in_admin):
    make(client)
    url = "/admin/questionnaires/forum_check_in/editor/questions/new"
    more = send(client, url, {"text": "What is your role?", "kind": "single_choice", "option_key": ["", ""],
                              "option_label": ["Parent", "Carer"], "action": "add_option"})
    assert len(page(more).select("input[name=option_label]")) == 3
    response = send(client, url, {"text": "What is your role?", "kind": "single_choice", "option_key": ["", "", ""],
                                  "option_label": ["Parent", "Carer", "Grandparent"], "action": "save"})
    assert response.status_code == 302, error_messages(response)
    assert "kind: single_choice" in draft_of("forum_check_in").definition_yaml


def test_a_choice_question_needs_two_answers(client, signed_in_admin):
    make(client)
    url = "/admin/questionnaires/forum_check_in/editor/questions/new"
    response = send(client, url, {"text": "What is your role?", "kind": "single_choice", "option_key": ["", ""],
                                  "option_label": ["Parent", ""], "action": "save"})
    assert response.status_code == 400
    assert error_messages(response) == ["Give at least two answers to choose from"]
    assert draft_of("forum_check_in").definition.statements == ()


def test_show_only_when_an_earlier_answer(client, signed_in_admin):
    make(client)
    add_statement(client, "forum_check_in", text="I have a plan.", measure="r2-fm1", positive=["agree"])
    response = add_statement(client, "forum_check_in", text="My plan helps.", measure="r2-fm1", positive=["agree"],
                             show_when=["i-have-a-plan=agree", "i-have-a-plan=strongly_agree"])
    assert response.status_code == 302, error_messages(response)
    assert "show_when" in draft_of("forum_check_in").definition_yaml


def test_only_administrators_may_use_the_editor(client, make_user, plan):
    make_user("admin", email="a@example.org")
    client.sign_in(make_user("qa_viewer", email="q@example.org"))
    assert client.get("/admin/questionnaires/new").status_code == 403


def test_dragging_posts_the_whole_new_order(client, signed_in_admin):
    make(client)
    for words in ("One.", "Two.", "Three."):
        add_statement(client, "forum_check_in", text=words, measure="r2-fm1", positive=["agree"])
    editor = "/admin/questionnaires/forum_check_in/editor"
    response = send(client, f"{editor}/reorder", {"list": "statements", "order": ["three", "one", "two"]}, editor)
    assert response.status_code == 302
    assert [s.key for s in draft_of("forum_check_in").definition.statements] == ["three", "one", "two"]
    # an order that leaves one out (the page was out of date) is refused and changes nothing
    response = send(client, f"{editor}/reorder", {"list": "statements", "order": ["one", "two"]}, editor,
                    follow_redirects=True)
    assert "the order was not saved" in page(response).get_text(" ", strip=True)
    assert [s.key for s in draft_of("forum_check_in").definition.statements] == ["three", "one", "two"]


def test_saving_a_seed_questionnaires_details_unchanged_keeps_every_part_of_it(client, signed_in_admin, questionnaires):
    """The editor reads and writes the whole file: translations, Easy Read pictures, words, layout."""
    import dataclasses

    for questionnaire in service.questionnaires():
        published = (questionnaire.published or service.latest(questionnaire)).definition
        url = f"/admin/questionnaires/{questionnaire.key}/editor/details"
        fields = {n: (i.get("value") or "") for n, i in (
            (i["name"], i) for i in page(client.get(url)).select("input[type=text]"))}
        doc = page(client.get(url))
        fields.update({i["name"]: i["value"] for i in doc.select("input[type=radio][checked]")})
        fields.update({t["name"]: t.get_text() for t in doc.select("textarea")})
        response = send(client, url, fields)
        assert response.status_code == 302, (questionnaire.key, error_messages(response))
        db.session.expire_all()
        draft = service.questionnaire_by_key(questionnaire.key).draft.definition
        assert dataclasses.replace(draft, version=published.version, status=published.status) == published, questionnaire.key


def test_saving_each_seed_translation_unchanged_keeps_it(client, signed_in_admin, questionnaires):
    checked = 0
    for questionnaire in service.questionnaires():
        for translation in (questionnaire.published or service.latest(questionnaire)).definition.translations:
            url = f"/admin/questionnaires/{questionnaire.key}/editor/translations/{translation.language}"
            doc = page(client.get(url))
            fields = {i["name"]: i.get("value", "") for i in doc.select("input[type=text]")}
            fields.update({i["name"]: i["value"] for i in doc.select("input[type=checkbox][checked], input[type=radio][checked]")})
            fields.update({t["name"]: t.get_text() for t in doc.select("textarea")})
            fields.update({s["name"]: (s.select_one("option[selected]") or {"value": ""})["value"] for s in doc.select("select")})
            response = send(client, url, fields)
            assert response.status_code == 302, (url, error_messages(response))
            db.session.expire_all()
            saved = service.questionnaire_by_key(questionnaire.key).draft.definition.translation(translation.language)
            assert saved == translation, url
            checked += 1
    assert checked >= 3


def test_a_new_language_with_its_own_name_and_direction(client, signed_in_admin):
    make(client)
    add_statement(client, "forum_check_in", text="I felt heard.", measure="r2-fm1", positive=["agree"])
    new = "/admin/questionnaires/forum_check_in/editor/translations/new"
    refused = client.submit(new, {"code": "ar", "name": "", "dir": "rtl"})
    assert error_messages(refused) == ["Enter the language's own name, as its speakers write it"]
    response = client.submit(new, {"code": "ar", "name": "العربية", "dir": "rtl"})
    assert response.status_code == 302
    url = response.headers["Location"]
    doc = page(client.get(url))
    assert doc.h1.get_text(strip=True) == "العربية"
    assert doc.select_one("textarea#st-i-felt-heard")["dir"] == "rtl"
    response = send(client, url, {"needs_review": "yes", "name": "العربية", "dir": "rtl", "title": "استبيان",
                                  "intro": "أخبرنا برأيك.", "st-i-felt-heard": "شعرت بأنني مسموع."})
    assert response.status_code == 302, error_messages(response)
    translation = draft_of("forum_check_in").definition.translation("ar")
    assert (translation.name, translation.dir, translation.needs_review) == ("العربية", "rtl", True)
    overview = page(client.get("/admin/questionnaires/forum_check_in/editor")).select_one("#language-list")
    assert "العربية" in overview.get_text(" ", strip=True)


def test_a_title_too_long_is_said_at_the_title(client, signed_in_admin):
    response = client.submit("/admin/questionnaires/new", {"title": "Forum " * 40, "audience": "parents_carers", "scale": "agree"})
    assert response.status_code == 400
    assert [a["href"] for a in page(response).select(".govuk-error-summary a")] == ["#title"]
    assert "200 characters" in page(response).select_one("#title-error").get_text()
    assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 0


def test_an_empty_draft_can_be_seen_whole_and_exported(client, signed_in_admin):
    make(client)
    doc = page(client.get("/admin/questionnaires/forum_check_in/versions/1"))
    assert doc.h1.get_text(strip=True) == "Version 1"
    exported = client.get("/admin/questionnaires/forum_check_in/versions/1/export").get_data(as_text=True)
    assert "statements: []" in exported
    assert load_questionnaire_text(exported).statements == ()


def add_role_question(client):
    url = "/admin/questionnaires/forum_check_in/editor/questions/new"
    response = send(client, url, {"text": "What is your role?", "kind": "single_choice", "option_key": ["", ""],
                                  "option_label": ["Parent", "Carer"], "action": "save"})
    assert response.status_code == 302, error_messages(response)


def test_a_choice_questions_answers_are_translated_beside_the_english(client, signed_in_admin):
    make(client)
    add_role_question(client)
    url = "/admin/questionnaires/forum_check_in/editor/translations/pl"
    doc = page(client.get(url))
    assert doc.select_one("#opt-what-is-your-role-parent-english").get_text(strip=True) == "Parent"
    fields = {"needs_review": "yes", "title": "Forum", "intro": "Powiedz nam.", "st-what-is-your-role": "Kim jesteś?",
              "opt-what-is-your-role-parent": "Rodzic", "opt-what-is-your-role-carer": ""}
    refused = send(client, url, fields)
    assert error_messages(refused) == ["Enter the Polski for the answer 'Carer' of statement 1"]
    response = send(client, url, {**fields, "opt-what-is-your-role-carer": "Opiekun"})
    assert response.status_code == 302, error_messages(response)
    stored = editor_data("forum_check_in")["translations"]["pl"]["statements"]["what-is-your-role"]
    assert stored == {"text": "Kim jesteś?", "options": {"parent": "Rodzic", "carer": "Opiekun"}}


def test_a_question_others_depend_on_cannot_be_removed(client, signed_in_admin):
    make(client)
    add_role_question(client)
    response = send(client, "/admin/questionnaires/forum_check_in/editor/free-text/new",
                    {"text": "What would help carers?", "show_when": ["what-is-your-role=carer"]})
    assert response.status_code == 302, error_messages(response)
    overview = page(client.get("/admin/questionnaires/forum_check_in/editor")).select_one("#item-what-would-help-carers")
    assert "Asked only when the answer to ‘What is your role?’ is Carer" in overview.get_text(" ", strip=True)
    remove = "/admin/questionnaires/forum_check_in/editor/remove?list=statements&item=what-is-your-role"
    assert "It cannot be removed yet" in page(client.get(remove)).get_text(" ", strip=True)
    response = send(client, "/admin/questionnaires/forum_check_in/editor/remove",
                    {"list": "statements", "item": "what-is-your-role"},
                    "/admin/questionnaires/forum_check_in/editor/free-text/new", follow_redirects=True)
    assert "is shown only after an answer to this one" in page(response).get_text(" ", strip=True)
    assert [s["key"] for s in editor_data("forum_check_in")["statements"]] == ["what-is-your-role"]


def editor_data(key: str) -> dict:
    from app.feedback import questionnaire_editor

    db.session.expire_all()
    return questionnaire_editor.from_yaml(draft_of(key).definition_yaml)
