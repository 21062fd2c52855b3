"""Practitioners find the campaign to issue an invite in by who it is for and its name (a GET
form that works without JavaScript), and print an invite card with a Print button."""
from datetime import date, timedelta

import pytest
from conftest import page

from app.feedback import services


@pytest.fixture
def open_campaigns(make_campaign, team):
    return {
        "children": make_campaign("children_feedback", team=team, name="Children's feedback, autumn"),
        "parents": make_campaign("parents_carers_feedback", team=team, name="Parents and carers, autumn"),
        "parents_spring": make_campaign("parents_carers_feedback", team=team, name="Parents and carers, spring"),
        "leavers": make_campaign("care_experienced_young_people", name="Care leavers survey"),
        "ended": make_campaign("children_feedback", team=team, name="Children's feedback, last year",
                               start=date.today() - timedelta(days=400), end=date.today() - timedelta(days=35)),
    }


def listed(response) -> list[str]:
    return [a.get_text(strip=True) for a in page(response).select("#open-campaigns tbody td:first-child a")]


def test_every_open_campaign_is_listed_without_a_filter(client, practitioner, open_campaigns):
    client.sign_in(practitioner)
    response = client.get("/feedback/invites")
    assert sorted(listed(response)) == ["Care leavers survey", "Children's feedback, autumn",
                                        "Parents and carers, autumn", "Parents and carers, spring"]
    soup = page(response)
    # One link a campaign, to where the invite is issued: no wall of identical buttons.
    assert soup.select("#issue-an-invite ~ * .govuk-button[href]") == []
    link = soup.select_one("#open-campaigns a")
    assert link["href"].endswith("#issue-invite")
    # The audiences offered are those of the open campaigns only.
    assert [o.get_text() for o in soup.select("#audience option")] == [
        "Anyone", "Children (about 8 to 12)", "Young people (13 and over)", "Parents and carers"]
    form = soup.select_one("form#campaign-finder")
    assert form["method"] == "get"
    assert "4 open campaigns for your team." in soup.select_one("#campaigns-found").get_text()


def test_a_practitioner_filters_by_audience(client, practitioner, open_campaigns):
    client.sign_in(practitioner)
    response = client.get("/feedback/invites?audience=parents_carers")
    assert listed(response) == ["Parents and carers, autumn", "Parents and carers, spring"]
    soup = page(response)
    assert soup.select_one("#audience option[selected]")["value"] == "parents_carers"
    assert " ".join(soup.select_one("#campaigns-found").get_text().split()) == \
        "2 of 4 open campaigns found for parents and carers."
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in soup.select("#open-campaigns tbody tr")]
    assert rows[0][1] == "Parents and carers"


def test_a_practitioner_searches_by_name_in_any_order_and_case(client, practitioner, open_campaigns):
    client.sign_in(practitioner)
    assert listed(client.get("/feedback/invites?name=AUTUMN")) == ["Children's feedback, autumn", "Parents and carers, autumn"]
    assert listed(client.get("/feedback/invites?name=spring+parents")) == ["Parents and carers, spring"]
    both = client.get("/feedback/invites?audience=children&name=autumn")
    assert listed(both) == ["Children's feedback, autumn"]
    assert page(both).select_one("#name")["value"] == "autumn"


def test_no_match_says_so_and_offers_every_campaign_again(client, practitioner, open_campaigns):
    client.sign_in(practitioner)
    response = client.get("/feedback/invites?name=winter")
    assert listed(response) == []
    text = " ".join(page(response).select_one("main").get_text().split())
    assert "0 of 4 open campaigns found named “winter”." in text
    assert "No open campaign matches." in text
    assert page(response).select_one('a[href="/feedback/invites#issue-an-invite"]') is not None


def test_an_audience_that_is_not_offered_is_ignored(client, practitioner, open_campaigns):
    client.sign_in(practitioner)
    assert len(listed(client.get("/feedback/invites?audience=practitioners"))) == 4
    assert len(listed(client.get("/feedback/invites?audience=%3Cscript%3E"))) == 4


def test_a_campaign_for_another_team_is_never_found(client, make_user, practitioner, make_campaign, open_campaigns):
    from feedback.conftest import make_team_named

    other = make_team_named("Eden Safeguarding", "Eden")
    make_campaign("children_feedback", team=other, name="Eden children, autumn")
    client.sign_in(practitioner)
    assert "Eden children, autumn" not in listed(client.get("/feedback/invites?name=autumn"))


def test_find_campaigns_matches_every_word():
    class C:
        def __init__(self, name, audience):
            self.name = name
            self.questionnaire = type("Q", (), {"audience": audience})()

    items = [C("Care leavers survey 2026", "young_people"), C("Children's survey", "children")]
    assert [c.name for c in services.find_campaigns(items, "", "leavers CARE")] == ["Care leavers survey 2026"]
    assert [c.name for c in services.find_campaigns(items, "children", "")] == ["Children's survey"]
    assert services.find_campaigns(items, "children", "leavers") == []
    assert len(services.find_campaigns(items)) == 2


def test_the_invite_card_has_a_print_button_that_needs_javascript(client, practitioner, invite):
    client.sign_in(practitioner)
    card = page(client.get(f"/feedback/invites/{invite.display_code}/card"))
    button = card.select_one('button[data-module="app-print"]')
    assert button.get_text(strip=True) == "Print the card"
    assert button.has_attr("hidden")  # shown by respondent.js; without it, the browser's Print command
    assert button.find_parent(class_="app-no-print") is not None  # never on the printed card
