"""Other languages and Easy Read: the respondent chooses a language on the first page (or
the link presets it), reads every page in it, and the response pools with English in the
results and splits by language; right-to-left scripts; a language awaiting review is not
offered; Easy Read pictures are described; free text in another language reaches a person.
"""
from datetime import date, timedelta

import pytest
from conftest import page
from sqlalchemy import select

from app.core.db import db
from app.core.jobs import run_queued
from app.feedback import results, rules, services, translations
from app.feedback.models import Response
from app.feedback.questionnaire_service import questionnaire_by_key, seed_questionnaires
from app.feedback.questionnaires import SURVEYS_DIR, load_questionnaire_file, load_questionnaire_text
from app.safeguarding.models import Alert

from feedback.test_respondent_pages import go, heading, hidden

ARABIC = """
  ar:
    needs_review: false
    name: العربية
    dir: rtl
    title: أخبرنا برأيك
    intro: نريد أن نعرف رأيك في المساعدة التي تحصل عليها.
    statements:
      home-calmer: البيت أهدأ الآن.
      happier: أنا أسعد منذ أن حصلنا على المساعدة.
      listened-to: الكبار الذين يساعدونني يستمعون إليّ.
      safe-home: أشعر بالأمان في المكان الذي أعيش فيه.
      school: أنا أتقدّم جيدًا في المدرسة.
      help-when-needed: أحصل على المساعدة عندما أحتاجها.
      know-plan: أعرف ما هي خطة عائلتي.
      plan-helps: الخطة تساعد في الأمور المهمة بالنسبة لي.
    free_text:
      better: ما الذي يجعل الأمور أفضل؟
      anything-else: هل هناك شيء آخر تريد أن تخبرنا به؟
    words:
      continue: متابعة
      skip: تخطَّ
      help_now: أحتاج إلى مساعدة الآن
"""


def reviewed_children_questionnaire() -> str:
    """The children's questionnaire with Polish checked by a fluent speaker and an Arabic
    translation; Romanian still awaits review."""
    text = (SURVEYS_DIR / "children_feedback.yaml").read_text(encoding="utf-8")
    text = text.replace("key: children_feedback", "key: children_languages")
    before, after = text.split("  pl:\n    needs_review: true", 1)
    return before + "  pl:\n    needs_review: false" + after + ARABIC


@pytest.fixture
def languages_campaign(questionnaires, admin, tmp_path):
    (tmp_path / "children_languages.yaml").write_text(reviewed_children_questionnaire(), encoding="utf-8")
    seed_questionnaires(tmp_path)
    today = date.today()
    return services.create_campaign(
        name="Children, in their languages", version=questionnaire_by_key("children_languages").published,
        period_start=today - timedelta(days=5), period_end=today + timedelta(days=30), district=None, team=None,
        target_rate=0.25, open_link=False, user=admin)


@pytest.fixture
def languages_invite(languages_campaign, practitioner):
    return services.issue_invite(languages_campaign, practitioner, date.today())


def html_attrs(response) -> tuple[str, str]:
    root = page(response).html
    return root["lang"], root["dir"]


def language_choices(response) -> list[str]:
    chooser = page(response).select_one(".app-r-languages")
    return [] if chooser is None else [e.get_text(strip=True) for e in chooser.select("button, strong")]


def test_a_child_picks_polski_and_reads_polish_to_the_end_and_the_answers_pool_with_english(
        client, languages_invite, languages_campaign, practitioner):
    url = f"/q/{languages_invite.display_code}"
    first = client.get(url)
    assert language_choices(first) == ["English", "Easy Read", "Polski", "العربية"]  # Română awaits review
    polish = go(client, url, first, "lang:pl")
    assert polish.status_code == 200 and html_attrs(polish) == ("pl", "ltr")
    assert heading(polish) == "Powiedz nam, co myślisz"
    soup = page(polish)
    assert soup.select_one("legend").get_text(strip=True) == "W domu jest teraz spokojniej."
    assert [l.get_text(strip=True) for l in soup.select("fieldset label")] == ["Tak, zwykle", "Czasami", "Nie bardzo"]
    assert "Potrzebuję pomocy teraz" in soup.select_one("header").get_text()  # "I need help now"
    assert "Childline" in soup.select_one("footer").get_text() and "dorosłym" in soup.select_one("footer").get_text()
    assert "Dalej" in [b.get_text(strip=True) for b in soup.select("button.govuk-button")]
    assert "1 z 11" == soup.select_one("#progress").get_text(strip=True)

    shown, titles = polish, []
    for _ in range(11):  # eight statements, two free-text questions, the name
        answers = {"listened-to": "happy"} if "słuchają mnie" in shown.get_data(as_text=True) else None
        text = {"better": "Więcej wizyt"} if "Co by pomogło" in shown.get_data(as_text=True) else None
        shown = go(client, url, shown, "next", answers=answers, text=text)
        assert html_attrs(shown) == ("pl", "ltr") and "Potrzebuję pomocy teraz" in shown.get_data(as_text=True)
        titles.append(heading(shown))
    assert titles[1] == "Dorośli, którzy mi pomagają, słuchają mnie." and titles[-1] == "Sprawdź swoje odpowiedzi"
    check = page(shown)
    assert "Tak, zwykle" in check.select_one(".govuk-summary-list").get_text()
    assert check.select_one("button[value=send]").get_text(strip=True) == "Wyślij moje odpowiedzi"
    sent = go(client, url, shown, "send")
    assert sent.status_code == 302
    thanks = client.get(sent.headers["Location"])
    assert html_attrs(thanks) == ("pl", "ltr") and page(thanks).h1.get_text(strip=True) == "Dziękujemy"

    response = db.session.scalar(select(Response).where(Response.invite_id == languages_invite.id))
    assert response.language == "pl" and response.answers == {"listened-to": "happy"}

    # Pooled with English answers to the same statement, and split by language.
    for _ in range(5):
        english = services.issue_invite(languages_campaign, practitioner, date.today())
        services.submit_response(languages_campaign, english, services.Submission(
            answers={"listened-to": "sad"}, key=services.new_submission_key()), date.today())
    pooled = results.load_results(languages_campaign, threshold=1)
    listened = next(s for s in pooled.statements if s.key == "listened-to")
    assert listened.answered == 6
    assert pooled.languages == (("en", "English", 5), ("pl", "Polski", 1))
    only_polish = results.load_results(languages_campaign, threshold=1, language="pl")
    assert next(s for s in only_polish.statements if s.key == "listened-to").answered == 1


def test_the_results_page_splits_by_language(client, languages_campaign, practitioner, make_user):
    def answer(language, face, times):
        for _ in range(times):
            invite = services.issue_invite(languages_campaign, practitioner, date.today())
            services.submit_response(languages_campaign, invite, services.Submission(
                answers={"school": face}, key=services.new_submission_key(), language=language), date.today())

    answer("pl", "happy", 2)
    answer("en", "sad", 6)
    client.sign_in(make_user("qa_viewer"))
    pooled = page(client.get(f"/feedback/campaigns/{languages_campaign.id}/results"))
    listed = pooled.select_one("#languages").get_text(" ", strip=True)
    # Two children answered in Polish: a small group, in no count, so the six in English give nothing away.
    assert "English : 6 responses" in listed and "Polski : not shown (fewer than 5 in each group)" in listed
    answer("pl", "happy", 3)
    listed = page(client.get(f"/feedback/campaigns/{languages_campaign.id}/results")).select_one("#languages").get_text(
        " ", strip=True)
    assert "Polski : 5 responses" in listed
    assert "counted together" in listed
    split = page(client.get(f"/feedback/campaigns/{languages_campaign.id}/results?language=pl"))
    assert "Showing only the answers given in Polski" in split.select_one("#languages").get_text(" ", strip=True)


def test_an_invite_link_presets_the_language_and_it_is_kept_with_the_answers_in_progress(
        client, new_client, languages_invite):
    url = f"/q/{languages_invite.display_code}"
    first = client.get(url + "?lang=pl")
    assert html_attrs(first) == ("pl", "ltr") and hidden(first)["lang"] == "pl"
    second = go(client, url, first, "next", answers={"home-calmer": "happy"})
    assert html_attrs(second) == ("pl", "ltr")
    # The page's hidden language lost (an old page), the answers in progress still know it.
    data = {**hidden(second), "go": "next"}
    del data["lang"]
    third = new_client().post(url, data=data)
    assert html_attrs(third) == ("pl", "ltr") and "Dorośli, którzy mi pomagają" in heading(third)


def test_a_right_to_left_language_is_shown_right_to_left(client, languages_invite):
    shown = client.get(f"/q/{languages_invite.display_code}?lang=ar")
    assert html_attrs(shown) == ("ar", "rtl")
    soup = page(shown)
    assert heading(shown) == "أخبرنا برأيك"
    assert soup.select_one("header a.app-r-header__help").get_text(strip=True) == "أحتاج إلى مساعدة الآن"
    assert soup.select_one("header a.app-r-header__help")["href"] == "/q/help?lang=ar"
    # Words the translation does not give are English, never missing.
    assert "Childline" in soup.select_one("footer").get_text()


def test_a_language_awaiting_review_is_not_offered_even_by_link(client, invite):
    """The seed children's questionnaire: Polish and Romanian await a fluent speaker."""
    first = client.get(f"/q/{invite.display_code}")
    assert language_choices(first) == ["English", "Easy Read"]
    asked = client.get(f"/q/{invite.display_code}?lang=ro")
    assert html_attrs(asked) == ("en", "ltr") and heading(asked) == "Tell us what you think"
    # Chosen by a forged button, too.
    forged = go(client, f"/q/{invite.display_code}", first, "lang:pl")
    assert html_attrs(forged) == ("en", "ltr")


def test_easy_read_shows_a_described_picture_with_each_statement(client, invite):
    url = f"/q/{invite.display_code}"
    easy = go(client, url, client.get(url), "lang:easy-read")
    assert html_attrs(easy) == ("en", "ltr")  # Easy Read is English
    assert page(easy).select_one("legend").get_text(strip=True) == "Home is calmer now."
    pictures = page(easy).select("fieldset svg[role=img]")
    assert [p["aria-label"] for p in pictures] == ["A house. The family inside is calm."]
    second = go(client, url, easy, "next")
    assert [p["aria-label"] for p in page(second).select("fieldset svg[role=img]")] == ["A happy face."]
    assert heading(second) == "I am happier now we get help."


def test_free_text_in_another_language_is_put_in_front_of_a_person(client, languages_invite, lead, outbox):
    url = f"/q/{languages_invite.display_code}"
    shown = client.get(url + "?lang=pl")
    for _ in range(8):
        shown = go(client, url, shown, "next")
    shown = go(client, url, shown, "next", text={"better": "Chciałbym częściej widzieć mamę."})
    for _ in range(2):
        shown = go(client, url, shown, "next")
    sent = go(client, url, shown, "send")
    run_queued()
    alert = db.session.scalar(select(Alert))
    assert alert is not None, "Polish free text passed unread"
    [signal] = alert.signals
    assert signal["categories"] == [rules.OTHER_LANGUAGE] and signal["text"] == "Chciałbym częściej widzieć mamę."
    email = next(m for m in outbox if m.to == (lead.email,))
    assert "Answered in: Polski" in email.body and "a person must read it" in email.body
    # The child is not told we are worried about them: nothing they said was a concern.
    thanks = client.get(sent.headers["Location"])
    assert "Chcemy sprawdzić" not in thanks.get_data(as_text=True)


def test_english_free_text_still_goes_only_to_the_concern_detector():
    q = load_questionnaire_file(SURVEYS_DIR / "children_feedback.yaml")
    assert rules.safety_signals(q, {}, {"better": "More visits please"}, language="en") == []
    assert rules.safety_signals(q, {}, {"better": "More visits please"}, language="easy-read") == []
    [signal] = rules.safety_signals(q, {}, {"better": "Więcej wizyt"}, language="pl")
    assert signal.categories == (rules.OTHER_LANGUAGE,)


def test_a_translation_answers_the_same_statements_or_is_refused():
    text = reviewed_children_questionnaire().replace("      school: أنا أتقدّم جيدًا في المدرسة.\n", "")
    with pytest.raises(Exception) as error:
        load_questionnaire_text(text, "children_languages.yaml")
    assert "Statement 5 ('I am doing well at school.') in the العربية (ar) translation is missing" in str(error.value)
    assert ("translations.ar.statements.school", "is missing (every translation asks the same questions)") in error.value.located
    no_picture = (SURVEYS_DIR / "children_feedback.yaml").read_text(encoding="utf-8").replace(
        "{text: I am doing well at school., picture: school, picture_text: A school.}", "I am doing well at school.")
    with pytest.raises(Exception) as error:
        load_questionnaire_text(no_picture, "children_feedback.yaml")
    assert ("Statement 5 ('I am doing well at school.') in the Easy Read version needs a picture"
            " (Easy Read has one for every statement)") in str(error.value)


def test_the_languages_shipped_have_every_word_the_pages_use():
    english = set(translations.all_words()["en"])
    for code in ("pl", "ro"):
        assert english - set(translations.all_words()[code]) == set(), code


def test_the_administrator_is_told_which_languages_the_reading_level_check_did_not_read(client, admin, questionnaires):
    client.sign_in(admin)
    soup = page(client.get("/admin/questionnaires/children_feedback/versions/2"))
    assert "Not checked: Polski, Română" in soup.select_one("#reading-not-checked").get_text(" ", strip=True)
    rows = {row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True) for row in soup.select("#language-list div")}
    assert rows["Easy Read"] == "Offered to respondents"
    assert rows["Polski"] == "Needs review by a fluent speaker: not offered. Reading level not checked"


def test_the_invite_page_gives_a_link_for_each_language_offered(client, invite, practitioner):
    client.sign_in(practitioner)
    listed = page(client.get(f"/feedback/invites/{invite.display_code}")).select("#invite-languages li")
    [item] = [li.get_text(" ", strip=True) for li in listed]  # Polish and Romanian await review
    assert item.startswith("Easy Read: http") and item.endswith(f"/q/{invite.display_code}?lang=easy-read")


def test_a_safety_answer_in_polish_raises_its_alert_and_the_child_is_told_in_polish(client, languages_invite, lead, outbox):
    url = f"/q/{languages_invite.display_code}"
    shown = client.get(url + "?lang=pl")
    for _ in range(3):
        shown = go(client, url, shown, "next")
    assert heading(shown) == "Czuję się bezpiecznie tam, gdzie mieszkam."
    shown = go(client, url, shown, "next", answers={"safe-home": "sad"})
    for _ in range(7):
        shown = go(client, url, shown, "next")
    sent = go(client, url, shown, "send")
    run_queued()
    alert = db.session.scalar(select(Alert))
    assert [s["key"] for s in alert.signals] == ["safe-home"]
    assert next(m for m in outbox if m.to == (lead.email,)).body.count("I feel safe where I live.") == 1  # staff read English
    thanks = page(client.get(sent.headers["Location"]))
    assert thanks.select_one("h2").get_text(strip=True) == "Chcemy sprawdzić, czy wszystko u ciebie w porządku"
    assert "w ciągu 2 godz." in thanks.get_text()  # how long before more people are told, in Polish
    assert "Childline" in thanks.select_one("#help-now").get_text()


def test_checking_a_draft_says_which_languages_were_not_checked(client, admin, questionnaires):
    client.sign_in(admin)
    text = (SURVEYS_DIR / "children_feedback.yaml").read_text(encoding="utf-8").replace(
        "W domu jest teraz spokojniej.", "W domu jest spokojniej.")
    shown = client.submit("/admin/questionnaires/children_feedback/edit",
                          {"text": text, "based_on": "2", "check": "Check reading level"})
    assert "Not checked: Polski, Română." in page(shown).select_one("#reading-not-checked").get_text(" ", strip=True)


def test_after_a_safety_answer_in_polish_getting_in_touch_is_asked_and_answered_in_polish(client, languages_invite, lead):
    url = f"/q/{languages_invite.display_code}"
    shown = client.get(url + "?lang=pl")
    for _ in range(3):
        shown = go(client, url, shown, "next")
    shown = go(client, url, shown, "next", answers={"safe-home": "sad"})
    for _ in range(7):
        shown = go(client, url, shown, "next")
    thanks = page(client.get(go(client, url, shown, "send").headers["Location"]))
    form = thanks.select_one("form[action='/q/get-in-touch']")
    assert form is not None
    assert form.select_one("legend").get_text(strip=True) == "Czy chcesz, żeby ktoś się z Tobą skontaktował?"
    assert "Zadzwońcie do mnie" in form.get_text() and "Ring me" not in form.get_text()
    token = form.select_one("input[name=csrf_token]")["value"]

    # A way to reach them without the number: the problem in Polish, beside the field.
    refused = client.post("/q/get-in-touch", data={"csrf_token": token, "wants": "yes", "how": "phone", "details": ""})
    assert refused.status_code == 400
    soup = page(refused)
    assert html_attrs(refused) == ("pl", "ltr")
    assert soup.select_one("#details-error").get_text(" ", strip=True).endswith(
        "Wpisz numer telefonu lub adres e-mail, którego mamy użyć")
    assert soup.select_one(".govuk-error-summary") is not None

    done = client.post("/q/get-in-touch", data={"csrf_token": token, "wants": "yes", "how": "phone",
                                                "details": "07700 900123 po szkole"})
    assert done.status_code == 302
    final = client.get(done.headers["Location"])
    assert html_attrs(final) == ("pl", "ltr")
    assert page(final).h1.get_text(strip=True) == "Dziękujemy, że nam o tym mówisz"


def test_the_pages_own_words_are_polish_too_the_exit_button_and_a_problem_with_an_answer(client, languages_invite):
    url = f"/q/{languages_invite.display_code}"
    first = client.get(url + "?lang=pl")
    exit_button = page(first).select_one(".govuk-exit-this-page")
    assert exit_button["data-i18n.press-two-more-times"] == "Shift – naciśnij jeszcze 2 razy, aby wyjść."
    assert "Exit" not in exit_button.get_text()
    # Too much written: the problem in Polish, naming the question in Polish.
    shown = first
    for _ in range(20):
        soup = page(shown)
        box = soup.select_one("textarea")
        if box is not None:
            break
        shown = go(client, url, shown, "next")
    assert box is not None, "the questionnaire asks something in words"
    refused = go(client, url, shown, "next", text={box["name"].removeprefix("t-"): "x" * 2001})
    assert refused.status_code == 400
    message = page(refused).select_one(".govuk-error-message").get_text(" ", strip=True)
    assert "jest za długa: skróć ją do 2000 znaków (ma 2001)" in message and "too long" not in message
