"""Council staff narrowed to a district or locality see only its work: a Carlisle-scoped QA viewer
sees Carlisle's and not Barrow's, and pages that are the county's by nature are refused them."""
import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from audits.test_action_figures import _rows, actions  # noqa: F401  (fixture)
from audits.test_corrective_actions import make_action  # noqa: F401  (fixture)
from conftest import PASSWORD, page
from moderation.helpers import submitted_audit
from sqlalchemy import select

from app.auth.models import User
from app.core.db import db
from app.org import scope
from app.org.models import District, Locality
from app.org.services import save_user
from app.reports.models import PublishedReport


def place(model, name):
    return db.session.scalar(select(model).where(model.name == name))


@pytest.fixture
def scoped(places):
    """Make someone with `roles` narrowed to a district or locality and sign them in."""
    def make(client, *roles, district=None, locality=None, email="cal@example.org"):
        where = ((scope.DISTRICT, place(District, district).id) if district else
                 (scope.LOCALITY, place(Locality, locality).id) if locality else (scope.COUNTY, None))
        user = save_user(User(), "Cal Carlisle", email, None, set(roles), PASSWORD, placement=(None, *where))
        client.sign_in(user)
        return user
    return make


def test_report_areas_are_only_their_own_and_others_are_refused(client, scoped):
    scoped(client, "qa_viewer", district="Carlisle")
    carlisle, barrow = place(District, "Carlisle"), place(District, "Barrow")
    areas = [o.get_text(strip=True) for o in page(client.get("/reports/")).select("select[name=area] option")]
    assert areas == ["Carlisle district"]
    mine = client.get("/reports/draft?period=H1+2026-27")  # no area chosen: their own
    assert page(mine).h1.get_text(strip=True) == "Improvement plan report H1 2026-27: Carlisle district"
    assert client.get(f"/reports/draft?period=H1+2026-27&area=district:{carlisle.id}").status_code == 200
    for area in (f"district:{barrow.id}", "county", f"locality:{carlisle.locality_id}"):
        assert client.get(f"/reports/draft?period=H1+2026-27&area={area}").status_code == 403
        assert client.get(f"/reports/draft.xlsx?period=H1+2026-27&area={area}").status_code == 403


def test_published_reports_of_other_areas_are_not_listed_nor_opened(client, scoped, make_user):
    barrow, carlisle = place(District, "Barrow"), place(District, "Carlisle")
    publisher = make_user("admin")
    rows = [PublishedReport(period="H1 2025-26", kind="half", district_id=d.id, area_key=f"district:{d.id}",
                            title=f"Improvement plan report H1 2025-26: {d.name} district", figures={},
                            published_by_id=publisher.id, published_by_name="A") for d in (barrow, carlisle)]
    db.session.add_all(rows)
    db.session.commit()
    scoped(client, "qa_viewer", district="Carlisle")
    listing = client.get("/reports/").get_data(as_text=True)
    assert "Carlisle district" in listing and "Barrow district" not in listing
    assert client.get(f"/reports/{rows[0].id}").status_code == 403
    assert client.get(f"/reports/{rows[0].id}.pdf").status_code == 403


def test_corrective_action_figures_are_their_districts(client, scoped, actions):
    scoped(client, "qa_viewer", district="Carlisle")
    response = client.get("/corrective-actions/figures", query_string={"period": "H1 2025-26"})
    assert "Carlisle district only." in response.get_data(as_text=True)
    assert [r[0] for r in _rows(response, "By district")] == ["Carlisle", "All"]
    assert [r[0] for r in _rows(response, "By team")] == ["Carlisle Safeguarding 1"]


def test_a_locality_viewer_sees_both_its_districts(client, scoped, actions):
    scoped(client, "moderator", locality="Carlisle & Eden")
    response = client.get("/corrective-actions/figures", query_string={"period": "H1 2025-26"})
    assert [r[0] for r in _rows(response, "By district")] == ["Carlisle", "Eden", "All"]


def test_feedback_results_offer_only_their_district(client, scoped):
    scoped(client, "qa_viewer", district="Carlisle")
    response = client.get("/feedback/results", query_string={"period": "H1 2025-26"})
    assert response.status_code == 200
    assert [o.get_text(strip=True) for o in page(response).select("#district option")] == ["Carlisle"]
    barrow = place(District, "Barrow")
    refused = client.get("/feedback/results", query_string={"period": "H1 2025-26", "district": str(barrow.id)})
    assert refused.status_code == 400
    assert "Choose a district from the list" in refused.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/moderation/results", "/moderation/agreement", "/feedback/comments",
                                 "/feedback/themes", "/reports/packs", "/audit-rounds/summaries"])
def test_county_pages_are_refused_to_someone_narrowed(client, scoped, url):
    scoped(client, "qa_viewer", "moderator", district="Carlisle")
    assert client.get(url).status_code == 403


def test_a_county_viewer_still_opens_them(client, scoped):
    scoped(client, "qa_viewer", "moderator")
    assert client.get("/moderation/results").status_code == 200
    assert [o.get_text(strip=True) for o in page(client.get("/reports/")).select("select[name=area] option")][0] \
        == "The whole county"


def test_audits_and_moderation_of_other_districts_are_not_theirs(client, scoped, make_audit, make_case, make_team,
                                                                 make_user, publish_tool):
    auditor, tool = make_user("auditor"), publish_tool()
    ours, _ = submitted_audit(make_audit, auditor, tool_version=tool,
                              case=make_case(team=make_team("Carlisle Safeguarding 1", "Carlisle")))
    theirs, their_moderation = submitted_audit(make_audit, auditor, tool_version=tool,
                                               case=make_case(team=make_team("Barrow Safeguarding", "Barrow")))
    scoped(client, "qa_viewer", "moderator", district="Carlisle")
    assert client.get(f"/audits/{ours.id}/submitted").status_code == 200
    assert client.get(f"/audits/{theirs.id}/submitted").status_code == 403
    queue = client.get("/moderation/").get_data(as_text=True)
    assert ours.case.reference in queue and theirs.case.reference not in queue
    assert client.get(f"/moderation/{their_moderation.id}").status_code == 403
    assert client.get(f"/moderation/{their_moderation.id}/history").status_code == 403


def test_home_headlines_are_their_districts_and_the_menu_offers_no_county_page(client, scoped):
    scoped(client, "qa_viewer", district="Carlisle")
    home = page(client.get("/"))
    assert "for Carlisle district" in home.select_one("#home-headlines").get_text(" ", strip=True)
    menu = [a.get_text(strip=True) for a in home.select(".govuk-service-navigation__item a.govuk-service-navigation__link")]
    assert menu == ["Improvement plan", "Corrective actions", "Feedback results", "Reports", "Section 11"]
