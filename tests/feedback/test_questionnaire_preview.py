"""The preview of a questionnaire version for administrators (issue 16): the respondent's
pages exactly as they are, draft included, in any of its languages, at phone width in a
frame or full size; nothing saved, no alert raised."""
import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.core.db import db
from app.feedback.models import AnswersInProgress, Response
from app.feedback.questionnaire_service import import_questionnaire_yaml
from app.safeguarding.models import Alert

from feedback.test_question_kinds import ASKING
from feedback.test_respondent_pages import heading, hidden, progress_line

# The Polish translation not yet checked: respondents are not offered it, the preview is.
UNCHECKED = ASKING.format(layout="one_per_page").replace("needs_review: false", "needs_review: true").replace(
    """    show_when: {question: role, answer_in: [manager]}
translations:""", """    show_when: {question: role, answer_in: [manager]}
  - key: anything-else
    text: Is there anything else you want to tell us?
translations:""").replace("""      manager-help: Co pomogłoby Ci jako kierownikowi?""", """      manager-help: Co pomogłoby Ci jako kierownikowi?
      anything-else: Czy chcesz nam powiedzieć coś jeszcze?""")

URL = "/admin/questionnaires/team_check/versions/1/preview"


@pytest.fixture
def draft(app, admin):
    return import_questionnaire_yaml(UNCHECKED, "team_check.yaml", admin)


@pytest.fixture
def signed_in(client, admin):
    client.sign_in(admin)
    return client


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def press(client, shown, go_to, **answers):
    data = {**hidden(shown), "go": go_to}
    data.update({f"s-{k}": v for k, v in answers.items() if not k.startswith("t_")})
    data.update({f"t-{k[2:]}": v for k, v in answers.items() if k.startswith("t_")})
    return client.post(URL, data=data)


def test_the_version_page_links_the_phone_width_preview_which_frames_the_respondent_pages(signed_in, draft):
    version_page = signed_in.get("/admin/questionnaires/team_check/versions/1")
    link = page(version_page).select_one("#preview-link")
    assert link["href"] == URL + "/phone"
    phone = signed_in.get(link["href"])
    assert phone.status_code == 200
    frame = page(phone).select_one("iframe#phone-preview")
    assert frame["src"] == URL and frame["width"] == "360" and frame["title"]
    assert page(phone).select_one("#full-size")["href"] == URL
    # In any of its languages, the one not yet checked too.
    assert "Polski" in [a.get_text() for a in page(phone).select("main a")]
    framed = signed_in.get(URL)
    assert framed.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed.headers["Content-Security-Policy"]
    assert signed_in.get("/admin/questionnaires/team_check/versions/1").headers["X-Frame-Options"] == "DENY"


def test_the_preview_walks_the_pages_as_a_respondent_and_saves_nothing(signed_in, draft):
    first = signed_in.get(URL)
    assert "Nothing entered here is saved or sent" in page(first).select_one(".app-r-preview").get_text()
    assert [i["value"] for i in page(first).select("input[name=s-role]")] == ["social-worker", "manager", "other"]
    shown = press(signed_in, first, "next", role="manager")
    assert heading(shown) == "How many people do you manage?"
    assert progress_line(shown) == "2 of 5"
    refused = press(signed_in, shown, "next", **{"team-size": "500"})
    assert refused.status_code == 400
    assert error_messages(refused) == ["Enter a number from 1 to 50 in answer to 'How many people do you manage?'"]
    shown = press(signed_in, shown, "next", **{"team-size": "4"})
    shown = press(signed_in, shown, "back")
    assert heading(shown) == "How many people do you manage?"
    assert page(shown).select_one("input[name=s-team-size]")["value"] == "4"  # kept in the page, not the database
    shown = press(signed_in, shown, "next", **{"team-size": "4"})
    shown = press(signed_in, shown, "next", agencies="police")
    assert heading(shown) == "What would help you as a manager?"  # the statement for others is passed over
    shown = press(signed_in, shown, "next", **{"t_manager-help": "I am not safe at home"})
    shown = press(signed_in, shown, "next")
    assert page(shown).select_one("h1").get_text(strip=True) == "Check your answers"
    assert "I am not safe at home" in page(shown).select_one(".govuk-summary-list").get_text()
    sent = press(signed_in, shown, "send")
    assert sent.status_code == 200 and "Nothing was sent" in page(sent).select_one("h1").get_text()
    assert count(Response) == 0 and count(AnswersInProgress) == 0 and count(Alert) == 0


def test_the_preview_shows_a_language_respondents_are_not_offered_yet(signed_in, draft):
    shown = signed_in.get(URL + "?lang=pl")
    assert page(shown).select_one("html")["lang"] == "pl"
    labels = [label.get_text(strip=True) for label in page(shown).select(".govuk-radios__label")]
    assert labels == ["Pracownik socjalny", "Kierownik", "Inna"]


def test_only_administrators_preview(client, make_user, draft):
    client.sign_in(make_user("qa_viewer", email="quinn@example.org"))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "/phone").status_code == 403


def test_the_version_page_lists_the_other_questions_and_when_they_are_asked(signed_in, draft):
    shown = page(signed_in.get("/admin/questionnaires/team_check/versions/1"))
    items = [li.get_text(" ", strip=True) for li in shown.select("#other-questions li")]
    assert items[0] == "What is your role?: one of Social worker, Manager, Other"
    assert items[1] == ("How many people do you manage?: a number from 1 up to 50 (asked only when the answer to"
                        " 'What is your role?' is Manager)")
