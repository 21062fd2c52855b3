"""Questionnaires ask more than statements (issue 16): single and multiple choice, numbers,
and simple branching (`show_when`), in the file format, on the respondent's pages (one per
page, skipping pages forward and Back, without JavaScript) and in what is stored."""
from datetime import date, timedelta

import pytest
from conftest import error_messages, page
from sqlalchemy import select

from app.core.datafile import DataFileError
from app.core.db import db
from app.feedback import branching, layout, services
from app.feedback.models import Response
from app.feedback.questionnaire_service import import_questionnaire_yaml, publish
from app.feedback.questionnaires import (SURVEYS_DIR, dump_questionnaire, load_questionnaire_file,
                                         load_questionnaire_text)

from feedback.test_respondent_pages import go, heading, hidden, progress_line

ASKING = """\
key: team_check
title: How is your team doing?
audience: practitioners
version: 1
status: published
scale: agree
layout: {layout}
intro: A short survey about your team. You do not have to answer any question.
statements:
  - key: role
    text: What is your role?
    kind: single_choice
    options:
      - {{key: social-worker, label: Social worker}}
      - {{key: manager, label: Manager}}
      - {{key: other, label: Other}}
  - key: team-size
    text: How many people do you manage?
    kind: number
    minimum: 1
    maximum: 50
    show_when: {{question: role, answer_in: [manager]}}
  - key: agencies
    text: Which agencies do you work with?
    kind: multiple_choice
    options:
      - {{key: police, label: Police}}
      - {{key: health, label: Health}}
      - {{key: school, label: School}}
  - key: supervision-helps
    text: Supervision helps me improve my practice.
    measure: r10-fm1
    show_when: {{question: role, answer_in: [social-worker, other]}}
free_text:
  - key: manager-help
    text: What would help you as a manager?
    show_when: {{question: role, answer_in: [manager]}}
translations:
  pl:
    needs_review: false
    title: Jak radzi sobie Twój zespół?
    intro: Krótka ankieta o Twoim zespole.
    statements:
      role: {{text: "Jaka jest Twoja rola?", options: {{social-worker: Pracownik socjalny, manager: Kierownik, other: Inna}}}}
      team-size: Iloma osobami kierujesz?
      agencies: {{text: "Z jakimi instytucjami współpracujesz?", options: {{police: Policja, health: Zdrowie, school: Szkoła}}}}
      supervision-helps: Superwizja pomaga mi w pracy.
    free_text:
      manager-help: Co pomogłoby Ci jako kierownikowi?
"""


def asking(layout_name: str = "one_per_page"):
    return load_questionnaire_text(ASKING.format(layout=layout_name))


# --- The format ---------------------------------------------------------------------------


def test_items_of_every_kind_load_and_round_trip_exactly():
    q = asking()
    assert [i.kind for i in q.items] == ["single_choice", "number", "multiple_choice", "scale"]
    assert [s.key for s in q.statements] == ["supervision-helps"]  # measures read only the scale ones
    assert q.measure_keys() == ["r10-fm1"]
    assert q.items[1].minimum == 1 and q.items[1].maximum == 50
    assert q.items[1].show_when.answer_in == ("manager",)
    assert q.free_text[0].show_when.question == "role"
    assert load_questionnaire_text(dump_questionnaire(q)) == q
    assert dump_questionnaire(load_questionnaire_text(dump_questionnaire(q))) == dump_questionnaire(q)


def test_the_practitioner_survey_asks_role_first_and_keeps_its_statements_and_measures():
    survey = load_questionnaire_file(SURVEYS_DIR / "practitioner_survey.yaml")
    assert survey.items[0].key == "role" and survey.items[0].kind == "single_choice"
    assert "Social worker" in [o.label for o in survey.items[0].options]
    assert [s.key for s in survey.statements] == [
        "cse-spot-signs", "cse-know-what-to-do", "cse-confident-working", "feedback-on-work", "supervision-helps",
        "learn-from-others", "no-blame"]
    assert survey.measure_keys() == ["r6-fm2", "r10-fm1", "r10-fm2"]
    assert load_questionnaire_text(dump_questionnaire(survey)) == survey


def problems(text: str) -> list[str]:
    """Each problem with its place in the file (what the editor maps to a field)."""
    with pytest.raises(DataFileError) as raised:
        load_questionnaire_text(text)
    return [f"{place}: {message}" for place, message in raised.value.located]


def test_a_choice_needs_two_options():
    text = ASKING.format(layout="one_per_page")
    text = text.replace("      - {key: manager, label: Manager}\n      - {key: other, label: Other}\n", "", 1)
    assert "statements[0].options: a single_choice question needs at least two options" in problems(text)


@pytest.mark.parametrize("old, new, expected", [
    ("{key: other, label: Other}", "{key: manager, label: Other}", "statements[0].options[2].key: 'manager' is used by another option too"),
    ("    kind: number\n", "    kind: number\n    measure: r1-fm1\n", "statements[1].measure: only a statement on the scale has this (this one is number)"),
    ("    kind: number\n", "    kind: number\n    options: [{key: a, label: A}, {key: b, label: B}]\n", "statements[1].options: only a single_choice or multiple_choice question has options"),
    ("    minimum: 1\n", "    minimum: 60\n", "statements[1].maximum: 50 is less than the minimum (60)"),
    ("question: role, answer_in: [manager]}}\n  - key: agencies", "question: agencies, answer_in: [police]}}\n  - key: agencies", "statements[1].show_when.question: 'agencies' is not an earlier question of this questionnaire"),
    ("answer_in: [social-worker, other]", "answer_in: [social-worker, boss]", "statements[3].show_when.answer_in[1]: 'boss' is not an answer of 'role' (social-worker, manager, other)"),
    ("question: role, answer_in: [social-worker, other]", "question: team-size, answer_in: ['3']", "statements[3].show_when.question: 'team-size' has no set answers"),
    ("school: Szkoła}}", "school: Szkoła, nurse: Pielęgniarka}}", "translations.pl.statements.agencies.options: 'nurse' is not an option of this question"),
    ("health: Zdrowie, ", "", "translations.pl.statements.agencies.options: 'health' is missing (give every option's label)"),
])
def test_what_a_choice_number_or_condition_may_not_say(old, new, expected):
    text = ASKING.format(layout="one_per_page")
    assert old.replace("{{", "{").replace("}}", "}") in text, old
    found = problems(text.replace(old.replace("{{", "{").replace("}}", "}"), new.replace("{{", "{").replace("}}", "}"), 1))
    assert any(p.startswith(expected) for p in found), found


# --- The branching rule, as plain functions -----------------------------------------------


def test_a_question_is_asked_only_when_its_earlier_answer_is_one_of_the_set():
    q = asking()
    assert branching.asked_keys(q, {}) == {"role", "agencies"}
    assert branching.asked_keys(q, {"role": "manager"}) == {"role", "team-size", "agencies", "manager-help"}
    assert branching.asked_keys(q, {"role": "other"}) == {"role", "agencies", "supervision-helps"}
    answers, text = branching.drop_hidden(q, {"role": "other", "team-size": 4, "supervision-helps": "agree"},
                                          {"manager-help": "More time"})
    assert answers == {"role": "other", "supervision-helps": "agree"} and text == {}


def test_multiple_choice_meets_a_condition_when_any_option_chosen_is_in_the_set():
    from app.feedback.questionnaires import ShowWhen

    condition = ShowWhen("agencies", ("police",))
    assert branching.meets(condition, ["health", "police"])
    assert not branching.meets(condition, ["health"]) and not branching.meets(condition, None)


def test_pages_whose_questions_are_not_asked_are_passed_over():
    q = asking()
    pages = layout.pages(q)
    assert [p.question_keys for p in pages] == [["role"], ["team-size"], ["agencies"], ["supervision-helps"],
                                                ["manager-help"]]
    assert layout.next_shown(pages, 1, 1, q, {"role": "other"}) == 3
    assert layout.next_shown(pages, 3, 1, q, {"role": "other"}) == 4
    assert layout.next_shown(pages, 4, 1, q, {"role": "other"}) == 6  # the check page
    assert layout.next_shown(pages, 6, -1, q, {"role": "manager"}) == 5
    assert layout.position(pages, 3, q, {"role": "other"}) == (2, 3)


# --- The respondent -----------------------------------------------------------------------


@pytest.fixture
def open_url(app, questionnaires, admin):
    """An open link to a campaign of the questionnaire above (one per page, or as asked)."""
    def make(layout_name: str = "one_per_page") -> str:
        version = import_questionnaire_yaml(ASKING.format(layout=layout_name), "team_check.yaml", admin)
        publish(version, admin)
        today = date.today()
        campaign = services.create_campaign(
            name="Team check", version=version, period_start=today - timedelta(days=1),
            period_end=today + timedelta(days=30), open_link=True, user=admin)
        return f"/c/{campaign.open_link_token}"
    return make


def stored() -> Response:
    db.session.expire_all()
    return db.session.scalars(select(Response)).one()


def test_one_per_page_skips_what_is_not_asked_forward_and_back_and_stores_only_what_was_asked(client, open_url):
    url = open_url()
    first = client.get(url)
    assert [i["value"] for i in page(first).select("input[name=s-role]")] == ["social-worker", "manager", "other"]
    # Manager first: asked how many they manage.
    shown = go(client, url, first, "next", {"role": "manager"}, page="1")
    assert heading(shown) == "How many people do you manage?"
    size = page(shown).select_one("input[name=s-team-size]")
    assert size["inputmode"] == "numeric"
    assert progress_line(shown) == "2 of 4"
    shown = go(client, url, shown, "next", {"team-size": "3"}, page="2")
    assert heading(shown) == "Which agencies do you work with?"
    # Back to the role, now "other": the number page is passed over, both ways.
    shown = go(client, url, shown, "back", page="3")
    shown = go(client, url, shown, "back", page="2")
    assert heading(shown).startswith("How is your team doing?")
    shown = go(client, url, shown, "next", {"role": "other"}, page="1")
    assert heading(shown) == "Which agencies do you work with?"
    assert progress_line(shown) == "2 of 3"
    shown = client.post(url, data={**hidden(shown), "go": "next", "page": "3", "s-agencies": ["police", "school"]})
    assert heading(shown) == "Supervision helps me improve my practice."
    shown = go(client, url, shown, "next", {"supervision-helps": "agree"}, page="4")
    # The check page lists only what was asked, with the options' words.
    rows = [r.get_text(" ", strip=True) for r in page(shown).select(".govuk-summary-list__key")]
    assert rows == ["What is your role?", "Which agencies do you work with?", "Supervision helps me improve my practice."]
    assert "Police, School" in page(shown).select(".govuk-summary-list__value")[1].get_text()
    back = go(client, url, shown, "back", page="6")
    assert heading(back) == "Supervision helps me improve my practice."
    go(client, url, shown, "send", page="6")
    response = stored()
    # The number given while a manager is dropped; multiple choice is a list of option keys.
    assert response.answers == {"role": "other", "agencies": ["police", "school"], "supervision-helps": "agree"}


def test_a_number_out_of_range_is_refused_with_a_clear_message_at_the_field(client, open_url):
    url = open_url()
    shown = go(client, url, client.get(url), "next", {"role": "manager"}, page="1")
    refused = go(client, url, shown, "next", {"team-size": "80"}, page="2")
    assert refused.status_code == 400
    message = "Enter a number from 1 to 50 in answer to 'How many people do you manage?'"
    assert message in error_messages(refused)
    assert message in page(refused).select_one("#s-team-size-error").get_text()
    assert page(refused).select_one("input[name=s-team-size]")["value"] == "80"
    refused = go(client, url, shown, "next", {"team-size": "lots"}, page="2")
    assert "Enter a number in answer to 'How many people do you manage?', like 5" in error_messages(refused)
    # Skip still works: nothing kept for the question.
    skipped = go(client, url, refused, "skip", {"team-size": "lots"}, page="2")
    assert heading(skipped) == "Which agencies do you work with?"


def test_polish_respondents_read_the_options_and_the_number_message_in_polish(client, open_url):
    url = open_url()
    first = client.get(url + "?lang=pl")
    labels = [label.get_text(strip=True) for label in page(first).select(".govuk-radios__label")]
    assert labels == ["Pracownik socjalny", "Kierownik", "Inna"]
    shown = go(client, url, first, "next", {"role": "manager"}, page="1")
    refused = go(client, url, shown, "next", {"team-size": "0"}, page="2")
    assert "Wpisz liczbę od 1 do 50 w odpowiedzi na „Iloma osobami kierujesz?”" in error_messages(refused)


def test_all_on_one_page_shows_a_same_page_condition_with_a_line_and_ignores_it_if_not_met(client, open_url):
    url = open_url("all_on_one_page")
    shown = client.get(url)
    line = page(shown).select_one("#s-team-size-when")
    assert line.get_text(strip=True) == "Answer this only if your answer to 'What is your role?' is Manager."
    group = page(shown).select_one("[data-show-when]")
    assert group["data-show-when"] == "s-role" and group["data-answer-in"] == "manager"
    checking = go(client, url, shown, "next", {"role": "other", "team-size": "7", "supervision-helps": "agree"},
                  text={"manager-help": "More time"}, page="1")
    rows = [r.get_text(" ", strip=True) for r in page(checking).select(".govuk-summary-list__key")]
    assert "How many people do you manage?" not in rows and "What would help you as a manager?" not in rows
    go(client, url, checking, "send", page="2")
    response = stored()
    assert response.answers == {"role": "other", "supervision-helps": "agree"} and response.free_text == {}


# --- Results ------------------------------------------------------------------------------


def test_choice_questions_are_counted_with_small_numbers_left_out_and_numbers_give_a_median():
    from app.feedback.question_results import question_results
    from app.feedback.results import ResponseRecord, compute

    q = asking()
    records = ([ResponseRecord({"role": "social-worker", "agencies": ["police", "health"]})] * 6
               + [ResponseRecord({"role": "manager", "team-size": n, "agencies": ["police"]}) for n in (2, 3, 4, 8, 10)]
               + [ResponseRecord({"role": "other", "agencies": ["school"]})] * 2)
    role, size, agencies = question_results(q, records)
    assert role.answered == 13
    assert role.options == (("Social worker", None), ("Manager", None), ("Other", None))  # 2 chose Other: none shown
    assert size.kind == "number" and size.answered == 5 and size.median == 4
    assert agencies.options == (("Police", 11), ("Health", 6), ("School", None))  # only the small one hidden
    fewer = question_results(q, records[:4])
    assert fewer[0].suppressed and fewer[1].median is None
    # On the campaign's results, beside the statements; measures still read only the statements.
    results = compute(q, records, invites=0, invites_answered=0)
    assert [r.key for r in results.questions] == ["role", "team-size", "agencies"]
    assert [m.key for m in results.measures] == ["r10-fm1"]


def test_the_campaign_results_page_counts_the_other_questions(client, open_url, admin):
    url = open_url()
    campaign = services.campaign_by_open_link(url.removeprefix("/c/"))
    for i, role in enumerate(["social-worker"] * 5 + ["manager"] * 6):
        answers = {"role": role, "agencies": ["police"], "team-size": 3 + i}
        services.submit_response(campaign, None, services.Submission(answers=answers, key=f"key-{i:02d}-xxxxxxxxxxxxxxx"),
                                 date.today())
    # Stored without the number for those not asked it.
    assert sorted(len(r.answers) for r in db.session.scalars(select(Response))) == [2] * 5 + [3] * 6
    client.sign_in(admin)
    shown = page(client.get(f"/feedback/campaigns/{campaign.id}/results"))
    role = [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in shown.select("#question-role tr")]
    assert role == [["Social worker", "5"], ["Manager", "6"], ["Other", "0"], ["People who answered", "11"]]
    size = [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in shown.select("#question-team-size tr")]
    assert size == [["Median (the middle answer)", "10.5"], ["People who answered", "6"]]


def test_written_answers_to_a_branched_question_are_still_read_for_concerns(client, open_url):
    from app.safeguarding.models import Alert

    url = open_url("all_on_one_page")
    checking = go(client, url, client.get(url), "next", {"role": "manager"},
                  text={"manager-help": "A child on my caseload told me her stepdad hits her"}, page="1")
    go(client, url, checking, "send", page="2")
    assert stored().free_text == {"manager-help": "A child on my caseload told me her stepdad hits her"}
    assert db.session.scalar(select(Alert)) is not None
