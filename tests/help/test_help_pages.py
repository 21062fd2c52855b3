"""Help inside the product: a page per admin area, written for a QA lead, open to
administrators (and to other roles for the pages about their own work), and linked from
the top of every admin page."""
import pytest
from conftest import page

from app.help import pages as help_pages

# An admin page of each area, and the help page it links to.
ADMIN_PAGES = [
    ("/admin/audit-tools", "audit-tools", "Help with audit tools"),
    ("/admin/audit-tools/import", "audit-tools", "Help with audit tools"),
    ("/admin/questionnaires", "questionnaires", "Help with questionnaires"),
    ("/admin/questionnaires/import", "questionnaires", "Help with questionnaires"),
    ("/plan", "the-plan", "Help with the improvement plan"),
    ("/plan/figures", "the-plan", "Help with the improvement plan"),
    ("/admin/people", "people-and-teams", "Help with people and teams"),
    ("/admin/teams", "people-and-teams", "Help with people and teams"),
    ("/admin/cases", "audit-rounds", "Help with audit rounds and moderation"),
    ("/audit-rounds", "audit-rounds", "Help with audit rounds and moderation"),
    ("/feedback/campaigns", "campaigns", "Help with feedback campaigns and invites"),
    ("/reports/packs", "reports", "Help with reports and board packs"),
]


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin", name="Ada Admin")
    client.sign_in(user)
    return user


def test_an_administrator_reads_every_help_page_from_the_list(client, admin):
    doc = page(client.get("/help"))
    links = [a["href"] for a in doc.select("#help-pages a")]
    assert links == [f"/help/{p.name}" for p in help_pages.PAGES]
    for help_page in help_pages.PAGES:
        response = client.get(f"/help/{help_page.name}")
        assert response.status_code == 200, help_page.name
        doc = page(response)
        assert doc.h1.get_text(strip=True) == help_page.title
        assert doc.title.get_text().startswith(f"{help_page.title}: help")


def test_help_is_written_for_a_qa_lead_not_a_developer(client, admin):
    for help_page in help_pages.PAGES:
        text = page(client.get(f"/help/{help_page.name}")).select_one("main").get_text(" ")
        for developer_words in ("README", ".py", "app/", "surveys/", "audit_tools/", "flask "):
            assert developer_words not in text, (help_page.name, developer_words)
        if help_page.name != "bulk-import":  # only the page about files talks about their format
            assert "YAML" not in text, help_page.name


def test_the_audit_tools_page_covers_what_a_qa_lead_sets(client, admin):
    doc = page(client.get("/help/audit-tools"))
    headings = [h.get_text(strip=True) for h in doc.select("main h2")]
    for heading in ("Sections and questions", "Scoring and thresholds", "Limiting questions",
                    "Linking questions to the plan's measures", "Show a question only when", "Versions"):
        assert heading in headings
    text = doc.select_one("main").get_text(" ", strip=True)
    assert "Every audit keeps the version it was done on" in text


def test_the_questionnaires_page_says_what_happens_when_a_child_is_not_safe(client, admin):
    text = page(client.get("/help/questionnaires")).select_one("#safety ~ p").get_text(" ", strip=True)
    assert "a safeguarding alert is raised straight away" in page(client.get("/help/questionnaires")).get_text(" ")
    assert "cannot also be a positive one" in text


def test_an_auditor_reads_only_the_help_about_their_own_work(client, make_user):
    client.sign_in(make_user("auditor"))
    doc = page(client.get("/help"))
    assert [a["href"] for a in doc.select("#help-pages a")] == ["/help/audit-rounds"]
    assert client.get("/help/audit-rounds").status_code == 200
    assert client.get("/help/audit-tools").status_code == 403
    assert client.get("/help/bulk-import").status_code == 403


def test_a_practitioner_reads_the_help_about_campaigns_and_invites(client, make_user):
    client.sign_in(make_user("practitioner"))
    assert client.get("/help/campaigns").status_code == 200
    assert client.get("/help/questionnaires").status_code == 403


def test_someone_without_a_role_or_signed_out_gets_no_help_pages(client, make_user, new_client):
    assert new_client().get("/help/audit-tools").status_code == 302  # to sign in
    client.sign_in(make_user())
    assert client.get("/help").status_code == 403
    assert client.get("/help/the-plan").status_code == 403


def test_an_unknown_help_page_is_not_found(client, admin):
    assert client.get("/help/nothing-here").status_code == 404


@pytest.mark.parametrize("url, name, words", ADMIN_PAGES)
def test_every_admin_page_links_to_its_help_page(client, admin, url, name, words):
    response = client.get(url)
    assert response.status_code == 200, url
    link = page(response).select_one("nav.app-help-link a")
    assert link is not None, url
    assert (link["href"], link.get_text(strip=True)) == (f"/help/{name}", words)


def test_the_plan_shows_no_help_link_to_someone_who_cannot_read_it(client, make_user):
    client.sign_in(make_user("auditor"))
    assert page(client.get("/plan")).select_one("nav.app-help-link") is None


def test_the_administration_page_links_to_help(client, admin):
    links = [a["href"] for a in page(client.get("/admin")).select("main a")]
    assert "/help" in links


def test_the_editors_point_to_help_not_to_files_in_the_code(client, admin):
    for url in ("/admin/audit-tools/import", "/admin/questionnaires/import"):
        text = page(client.get(url)).select_one("main").get_text(" ")
        assert "README" not in text
        assert "Help with importing and exporting files" in text
