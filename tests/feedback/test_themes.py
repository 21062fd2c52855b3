"""Themes for free-text comments: the list, tagging (a form sent twice tags once), counts
per period and campaign for reports, and who may see comments."""
import uuid
from datetime import datetime

import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.core.db import db
from app.feedback import themes
from app.feedback.models import CommentTag, CommentTheme, Response

WHEN = datetime(2026, 5, 1, 12)  # H1 2026-27


@pytest.fixture
def commented(make_campaign, places):
    """A campaign with 6 responses in H1 2026-27, three of them with comments (one named)."""
    campaign = make_campaign(name="Children's feedback, spring")
    texts = [{"better": "More visits please"}, {"better": "A quieter room"}, {"better": "Nothing"}, {}, {}, {}]
    ids = []
    for i, text in enumerate(texts):
        response = Response(campaign_id=campaign.id, submitted_at=WHEN, idempotency_key=uuid.uuid4().hex,
                            answers={"listened-to": "happy"}, free_text=text, respondent_name="Sam" if i == 0 else None)
        db.session.add(response)
        db.session.flush()
        ids.append(response.id)
    db.session.commit()
    return campaign, ids


@pytest.fixture
def listened(app):
    return themes.add_theme("Being listened to")


def test_a_theme_needs_a_new_name(app):
    themes.add_theme("  Being   listened to ")
    assert [t.name for t in themes.themes()] == ["Being listened to"]
    for name, message in [("", "Enter the name of the theme"), ("being listened TO", "There is already a theme called 'being listened TO'"),
                          ("x" * 81, "The name must be 80 characters or fewer")]:
        with pytest.raises(themes.ThemeError, match=message):
            themes.add_theme(name)


def test_tagging_twice_tags_once_and_counts_follow(commented, listened):
    campaign, ids = commented
    rooms = themes.add_theme("Rooms and places")
    shown = [(ids[0], "better"), (ids[1], "better")]
    chosen = {(ids[0], "better"): {listened.id, rooms.id}, (ids[1], "better"): {listened.id}}
    assert themes.save_tags(chosen, shown) == 2
    assert themes.save_tags(chosen, shown) == 0  # the same form again
    assert db.session.scalar(select(func.count()).select_from(CommentTag)) == 3
    # Comments are people's words: 2 and 1 in one district's quarter are small, so not shown.
    assert themes.theme_counts("H1 2026-27") == [themes.ThemeCount("Being listened to", None),
                                                 themes.ThemeCount("Rooms and places", None)]
    assert themes.theme_counts("H1 2026-27", threshold=1) == [themes.ThemeCount("Being listened to", 2),
                                                              themes.ThemeCount("Rooms and places", 1)]
    assert themes.theme_counts(campaign_id=campaign.id, threshold=2)[0].comments == 2
    assert themes.theme_counts("H2 2026-27") == []
    # unticking removes a theme from that comment only
    themes.save_tags({(ids[0], "better"): {rooms.id}}, shown)
    assert themes.theme_counts_dicts("H1 2026-27", threshold=1) == [{"theme": "Rooms and places", "comments": 1}]
    with pytest.raises(themes.ThemeError, match="is on 1 comment, so it stays"):
        themes.remove_theme(rooms)


# --- The pages ----------------------------------------------------------------------------


@pytest.fixture
def qa(make_user):
    return make_user("qa_viewer", email="quinn.qa@example.org", name="Quinn QA")


def test_qa_staff_keep_the_list_of_themes(client, qa):
    client.sign_in(qa)
    response = client.submit("/feedback/themes", {"name": "Being listened to"})
    assert response.status_code == 302
    response = client.submit("/feedback/themes", {"name": " being LISTENED to"})
    assert response.status_code == 400
    assert error_messages(response) == ["There is already a theme called 'being LISTENED to'"]
    assert [row.get_text(" ", strip=True) for row in page(client.get("/feedback/themes")).select("#themes tbody td:first-child")] == [
        "Being listened to"]
    theme = db.session.scalar(select(CommentTheme))
    client.submit(f"/feedback/themes/{theme.id}/remove")
    assert db.session.scalar(select(func.count()).select_from(CommentTheme)) == 0


def test_tagging_comments_on_the_page_twice_is_safe(client, qa, commented, listened):
    _campaign, ids = commented
    client.sign_in(qa)
    response = client.get("/feedback/comments?period=H1 2026-27")
    assert response.status_code == 200
    doc = page(response)
    assert [legend.get_text(strip=True) for legend in doc.select("legend")] == [
        "“A quieter room”", "“More visits please”", "“Nothing”"]
    assert "Sam" not in response.get_data(as_text=True)  # names are for administrators only
    data = {"comment": [f"{ids[0]}-better", f"{ids[1]}-better", f"{ids[2]}-better"],
            f"tag-{ids[0]}-better": str(listened.id), f"tag-{ids[1]}-better": str(listened.id)}
    for _ in range(2):
        response = client.submit("/feedback/comments?period=H1 2026-27", data)
        assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CommentTag)) == 2
    doc = page(client.get("/feedback/comments?period=H1 2026-27"))
    assert len(doc.select("input[type=checkbox][checked]")) == 2
    assert "Being listened to: fewer than 5 — not shown" in page(client.get("/feedback/results?period=H1 2026-27")).select_one(
        "#theme-counts").get_text(" ", strip=True)
    # a comment the page does not list cannot be tagged through it
    client.submit("/feedback/comments?period=H2 2026-27", {"comment": [f"{ids[2]}-better"], f"tag-{ids[2]}-better": str(listened.id)})
    assert db.session.scalar(select(func.count()).select_from(CommentTag)) == 2


def test_administrators_see_a_name_the_respondent_chose_to_give(client, admin, commented):
    campaign, _ = commented
    client.sign_in(admin)
    response = client.get(f"/feedback/comments?campaign={campaign.id}")
    assert response.status_code == 200
    assert "Name given: Sam" in response.get_data(as_text=True)


def test_comments_of_fewer_than_5_responses_are_not_shown(client, qa, commented):
    client.sign_in(qa)
    response = client.get("/feedback/comments?period=Q2 2026-27")
    assert page(response).select_one("#comments-none").get_text(strip=True).startswith("Fewer than 5 people answered")


def test_a_bad_period_is_named(client, qa, commented):
    client.sign_in(qa)
    response = client.get("/feedback/comments?period=H3 2026-27")
    assert response.status_code == 400
    assert error_messages(response) == ["'H3 2026-27': a year has two halves, H1 and H2"]


@pytest.mark.parametrize("who", ["practitioner", "auditor", "moderator"])
def test_only_qa_staff_and_administrators_see_comments_and_themes(client, make_user, commented, who):
    client.sign_in(make_user(who))
    for url in ("/feedback/comments?period=H1 2026-27", "/feedback/themes", "/feedback/results"):
        assert client.get(url).status_code == 403
    assert client.submit("/feedback/themes", {"name": "Sneaky"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(CommentTheme)) == 0


def test_comments_from_a_campaign_with_fewer_than_5_responses_stay_hidden_in_a_period(client, qa, commented, make_campaign):
    small = make_campaign(name="One team's feedback")
    db.session.add(Response(campaign_id=small.id, submitted_at=WHEN, idempotency_key=uuid.uuid4().hex,
                            answers={}, free_text={"better": "Only I would say this"}))
    db.session.commit()
    client.sign_in(qa)
    text = client.get("/feedback/comments?period=H1 2026-27").get_data(as_text=True)
    assert "A quieter room" in text and "Only I would say this" not in text


@pytest.mark.parametrize("who, items", [
    ("qa_viewer", {"Feedback results"}), ("admin", set()), ("practitioner", set()),
])
def test_the_menu_offers_results_and_questionnaires_to_those_who_may_use_them(client, make_user, places, who, items):
    client.sign_in(make_user(who))
    nav = {a.get_text(strip=True) for a in page(client.get("/")).select(".govuk-service-navigation__item a")}
    assert nav & {"Feedback results", "Questionnaires"} == items
    if who == "admin":  # an admin finds both, and the comment themes, on the Administration page
        links = {a.get_text(strip=True): a["href"] for a in page(client.get("/admin")).select("main a")}
        assert (links["Feedback results"], links["Questionnaires"], links["Comment themes"]) == (
            "/feedback/results", "/admin/questionnaires", "/feedback/themes")
