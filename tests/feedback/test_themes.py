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
    assert themes.theme_counts("H1 2026-27") == [themes.ThemeCount("Being listened to", 2), themes.ThemeCount("Rooms and places", 1)]
    assert themes.theme_counts(campaign_id=campaign.id)[0].comments == 2
    assert themes.theme_counts("H2 2026-27") == []
    # unticking removes a theme from that comment only
    themes.save_tags({(ids[0], "better"): {rooms.id}}, shown)
    assert themes.theme_counts_dicts("H1 2026-27") == [{"theme": "Rooms and places", "comments": 1}]
    with pytest.raises(themes.ThemeError, match="is on 1 comment, so it stays"):
        themes.remove_theme(rooms)
