"""The Administration landing page and the short menu that leads to it."""
import pytest
from conftest import page

from app.auth.roles import ROLES

ADMINISTRATION = {
    "The improvement plan": {"KPI figures": "/plan/figures"},
    "Audits": {"Audit tools": "/admin/audit-tools", "Cases": "/admin/cases", "Audit rounds": "/audit-rounds",
               "Multi-agency audits": "/multi-agency"},
    "Feedback": {
        "Questionnaires": "/admin/questionnaires", "Feedback campaigns": "/feedback/campaigns",
        "Concern words": "/feedback/concern-words", "Safeguarding leads": "/feedback/safeguarding-leads",
        "Comment themes": "/feedback/themes", "You said, we did": "/feedback/you-said-we-did",
    },
    "People and access": {"People": "/admin/people", "Teams": "/admin/teams", "Partner agencies": "/admin/agencies",
                          "API tokens": "/admin/api-tokens",
                          "Activity log": "/admin/activity/"},
    "Figures for the QA group": {
        "Moderation results": "/moderation/results", "Moderation agreement": "/moderation/agreement",
        "Corrective action figures": "/corrective-actions/figures", "Feedback results": "/feedback/results",
        "Reports": "/reports/",
        "Board packs": "/reports/packs",
    },
    "Help": {"Help for administrators": "/help"},
}


def menu(response) -> dict[str, bool]:
    """Menu item text -> whether it is marked as the current section."""
    return {
        a.get_text(strip=True): "govuk-service-navigation__item--active" in a.parent["class"]
        for a in page(response).select(".govuk-service-navigation__item a.govuk-service-navigation__link")
    }


def test_the_administration_page_lists_every_group_with_its_links(client, make_user):
    client.sign_in(make_user("admin"))
    soup = page(client.get("/admin"))
    assert soup.h1.get_text(strip=True) == "Administration"
    found = {
        h2.get_text(strip=True): {a.get_text(strip=True): a["href"] for a in h2.find_next_sibling("ul").select("a")}
        for h2 in soup.select("main h2")
    }
    assert found == ADMINISTRATION
    # Each link says in a line what it is for.
    rounds = soup.find("a", string="Audit rounds").find_next_sibling("p").get_text(strip=True)
    assert rounds == "Pick a round's dip sample and assign auditors. Each round's moderation policy is on the round's page."


def test_every_link_on_the_administration_page_opens_for_an_admin(client, make_user):
    client.sign_in(make_user("admin"))
    for links in ADMINISTRATION.values():
        for text, href in links.items():
            assert client.get(href).status_code == 200, text


@pytest.mark.parametrize("who", [role for role in ROLES if role != "admin"])
def test_the_administration_page_is_refused_to_everyone_else(client, make_user, who):
    client.sign_in(make_user(who))
    assert client.get("/admin").status_code == 403
    assert "Administration" not in menu(client.get("/"))


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/admin")
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in?next=%2Fadmin"


@pytest.mark.parametrize("roles, items", [
    (("admin",), ["Improvement plan", "Corrective actions", "Safeguarding alerts", "Reports", "Section 11", "Administration"]),
    (("admin", "auditor", "moderator"),
     ["Improvement plan", "My audits", "Corrective actions", "Moderation", "Safeguarding alerts", "Reports", "Section 11", "Administration"]),
    (("qa_viewer",), ["Improvement plan", "Corrective actions", "Moderation results", "Moderation agreement",
                      "Feedback results", "Reports", "Section 11"]),
    (("admin", "qa_viewer"), ["Improvement plan", "Corrective actions", "Safeguarding alerts", "Reports", "Section 11", "Administration"]),
    (("practitioner",), ["Improvement plan", "Corrective actions", "Feedback campaigns", "Invites", "Safeguarding alerts"]),
    (("admin", "practitioner"), ["Improvement plan", "Corrective actions", "Feedback campaigns", "Invites",
                                 "Safeguarding alerts", "Reports", "Section 11", "Administration"]),
])
def test_each_role_has_a_short_menu(client, make_user, roles, items):
    client.sign_in(make_user(*roles))
    assert list(menu(client.get("/"))) == items


@pytest.mark.parametrize("url", [
    "/admin", "/admin/people", "/admin/people/new", "/admin/teams", "/admin/api-tokens", "/plan/figures",
    "/admin/audit-tools", "/admin/cases", "/audit-rounds", "/audit-rounds/new", "/admin/questionnaires",
    "/feedback/campaigns", "/feedback/campaigns/new", "/feedback/concern-words", "/feedback/safeguarding-leads",
    "/feedback/themes", "/feedback/you-said-we-did", "/moderation/results", "/moderation/agreement",
    "/corrective-actions/figures", "/feedback/results",
])
def test_administration_is_the_current_section_on_every_admin_page(client, make_user, places, url):
    client.sign_in(make_user("admin"))
    response = client.get(url)
    assert response.status_code == 200
    assert [text for text, current in menu(response).items() if current] == ["Administration"]


@pytest.mark.parametrize("url, current", [
    ("/plan", "Improvement plan"), ("/corrective-actions", "Corrective actions"), ("/reports/", "Reports"),
    ("/feedback/alerts", "Safeguarding alerts"),
])
def test_an_admins_other_sections_stay_current_on_their_own_pages(client, make_user, places, url, current):
    client.sign_in(make_user("admin"))
    assert [text for text, on in menu(client.get(url)).items() if on] == [current]


def test_a_qa_viewers_figures_keep_their_own_menu_items(client, make_user, places):
    client.sign_in(make_user("qa_viewer"))
    assert [t for t, on in menu(client.get("/moderation/agreement")).items() if on] == ["Moderation agreement"]
    assert [t for t, on in menu(client.get("/feedback/themes")).items() if on] == ["Feedback results"]
    assert [t for t, on in menu(client.get("/corrective-actions/figures")).items() if on] == ["Corrective actions"]
