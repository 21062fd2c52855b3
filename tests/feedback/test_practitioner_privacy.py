"""A practitioner cannot tie a child's answers to the child (issue 11, findings 2 and 4).

They hand out the invites, so any page of theirs that changes when one invite is answered
(a comment, a count, a rate, an "answered on" date, a QR code that disappears) would tell
them who said what. Their pages must read the same before and after."""
from datetime import date

import pytest
from conftest import page
from feedback.conftest import answer

from app.feedback import services


def visible_text(response) -> str:
    soup = page(response)
    for hidden in soup.select("input[type=hidden], script"):
        hidden.decompose()
    return " ".join(soup.select_one("main").get_text(" ", strip=True).split())


def test_nothing_a_practitioner_sees_changes_when_their_invite_is_answered(client, new_client, make_campaign,
                                                                           practitioner, team):
    campaign = make_campaign(team=team, open_link=True)
    invites = [services.issue_invite(campaign, practitioner, date.today()) for _ in range(6)]
    client.sign_in(practitioner)
    pages = [
        "/feedback/campaigns", f"/feedback/campaigns/{campaign.id}", "/feedback/invites",
        f"/feedback/invites/{invites[0].display_code}", f"/feedback/invites/{invites[0].display_code}/card",
    ]
    before = {url: visible_text(client.get(url)) for url in pages}
    for invite in invites:  # all of them: above any threshold
        answer(new_client(), f"/q/{invite.display_code}", {"happier": "sad"}, {"better": "My name is Ann, more visits"})
    answer(new_client(), f"/c/{campaign.open_link_token}", {"happier": "happy"})
    after = {url: visible_text(client.get(url)) for url in pages}
    for url in pages:
        assert after[url] == before[url], url
    assert "Ann" not in " ".join(after.values())
    assert client.get(f"/feedback/campaigns/{campaign.id}/results").status_code == 403


def test_administrators_still_see_what_was_answered(client, new_client, admin, make_campaign, practitioner, team):
    campaign = make_campaign(team=team)
    invite = services.issue_invite(campaign, practitioner, date.today())
    answer(new_client(), f"/q/{invite.display_code}", {"happier": "happy"})
    client.sign_in(admin)
    assert "Invites issued 1 (1 answered)" in visible_text(client.get(f"/feedback/campaigns/{campaign.id}"))
    assert "This invite was answered on" in visible_text(client.get(f"/feedback/invites/{invite.display_code}"))


@pytest.mark.parametrize("roles", [("practitioner",), ("practitioner", "auditor"), ("practitioner", "moderator"),
                                   ("practitioner", "qa_viewer")])
def test_no_practitioner_reads_results_or_comments_whatever_else_they_are(client, make_user, make_campaign, team, roles):
    campaign = make_campaign(team=team)
    client.sign_in(make_user(*roles, team_id=team.id))
    for url in (f"/feedback/campaigns/{campaign.id}/results", "/feedback/results", "/feedback/comments",
                f"/feedback/comments?campaign={campaign.id}"):
        assert client.get(url).status_code == 403, url
    assert "See the results" not in visible_text(client.get(f"/feedback/campaigns/{campaign.id}"))
    assert "Feedback results" not in page(client.get("/")).select_one(".govuk-service-navigation").get_text()


def test_qa_viewers_and_administrators_read_them(client, make_user, make_campaign, team):
    campaign = make_campaign(team=team)
    for roles in (("qa_viewer",), ("admin",), ("admin", "practitioner")):
        client.sign_in(make_user(*roles, team_id=team.id))
        for url in (f"/feedback/campaigns/{campaign.id}/results", "/feedback/results", "/feedback/comments"):
            assert client.get(url).status_code == 200, (roles, url)
        client.sign_out()


@pytest.mark.parametrize("roles", [("practitioner", "moderator"), ("practitioner", "qa_viewer")])
def test_a_practitioner_reads_published_reports_only(client, make_user, team, roles):
    client.sign_in(make_user(*roles, team_id=team.id))
    index = client.get("/reports/")
    assert index.status_code == 200
    assert page(index).select_one("#no-drafts") is not None and page(index).select_one("form[action$='/draft']") is None
    for url in ("/reports/draft", "/reports/draft.pdf", "/reports/draft.xlsx", "/reports/draft/tables.zip",
                "/reports/draft/tables/rec-1.csv"):
        assert client.get(url).status_code == 403, url


def test_moderators_and_qa_viewers_still_read_drafts(client, make_user, places):
    for roles in (("moderator",), ("qa_viewer",), ("admin", "practitioner")):
        client.sign_in(make_user(*roles))
        assert page(client.get("/reports/")).select_one("#no-drafts") is None
        assert client.get("/reports/draft").status_code == 200, roles
        client.sign_out()
