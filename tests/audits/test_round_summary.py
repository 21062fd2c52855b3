"""A round's summary findings and recommendations, linked to the plan's measures, and the
learning points from its finalised moderations."""
from datetime import date, datetime

import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.audits import round_summary
from app.audits.models import AuditToolVersion, RoundPoint
from app.core.db import db
from app.moderation import learning
from app.moderation import rules as moderation_rules
from app.moderation.models import Moderation
from app.plan.models import ImpactMeasure


@pytest.fixture
def summary_round(plan, make_audit, make_user, publish_tool):
    """A confirmed round ending 30 September 2026, with three moderations: two finalised
    with learning points, one still in moderation (its points are not final)."""
    moderator = make_user("moderator", name="Mel Moderator")
    version = db.session.scalar(select(AuditToolVersion)) or publish_tool()  # another fixture may have published it
    first = make_audit(auditor=make_user("auditor"), due=date(2026, 9, 30), tool_version=version)
    round_ = first.round
    round_.name = "CP dip sample, summer 2026"
    others = [make_audit(auditor=make_user("auditor"), due=date(2026, 9, 30), tool_version=version) for _ in range(2)]
    for a in others:
        a.round = round_
    for audit, state, points, at in (
        (first, moderation_rules.FINALISED, "Record the child's views in their own words.", datetime(2026, 9, 2, 10)),
        (others[0], moderation_rules.FINALISED, "Contingency plans were missing in CP plans.", datetime(2026, 9, 1, 10)),
        (others[1], moderation_rules.IN_MODERATION, "Draft thought, not final", None),
    ):
        db.session.add(Moderation(audit=audit, round=round_, state=state, moderator=moderator, learning_points=points,
                                  first_submitted_at=datetime(2026, 8, 20), finalised_at=at))
    db.session.commit()
    return round_


def _measures(n=2):
    return db.session.scalars(select(ImpactMeasure).order_by(ImpactMeasure.recommendation_id, ImpactMeasure.position)
                              .limit(n)).all()


def test_point_rules_without_a_request():
    assert round_summary.point_errors("finding", "Plans lacked contingency", [1], {1, 2}) == {}
    errors = round_summary.point_errors(None, " ", [], {1})
    assert set(errors) == {"kind", "text", "measures"}
    assert round_summary.point_errors("finding", "x", [9], {1}) == {"measures": "Choose impact measures from the list"}


def test_learning_points_are_gathered_per_round_finalised_only(summary_round):
    points = learning.for_round(summary_round.id)
    assert [p.text for p in points] == ["Contingency plans were missing in CP plans.",
                                        "Record the child's views in their own words."]
    assert points[0].moderator == "Mel Moderator" and points[0].case_reference.startswith("CASE-")
    assert learning.counts_by_round() == {summary_round.id: 2}


@pytest.mark.parametrize("role", ["practitioner", "auditor", "team_manager"])
def test_learning_points_and_summary_are_not_for_practitioners_or_auditors(client, make_user, summary_round, role):
    client.sign_in(make_user(role))
    for url in (f"/audit-rounds/{summary_round.id}/learning-points", f"/audit-rounds/{summary_round.id}/summary",
                "/audit-rounds/summaries"):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["moderator", "qa_viewer", "admin"])
def test_learning_points_page_lists_case_date_and_points(client, make_user, summary_round, role):
    client.sign_in(make_user(role))
    response = client.get(f"/audit-rounds/{summary_round.id}/learning-points")
    assert response.status_code == 200
    items = page(response).select("#learning-points > li")
    assert [(li.h3.get_text(strip=True)[:10], li.select("p")[0].get_text(strip=True), li.select("p")[1].get_text(strip=True))
            for li in items] == [
        ("Case CASE-", "Finalised 1 September 2026 by Mel Moderator", "Contingency plans were missing in CP plans."),
        ("Case CASE-", "Finalised 2 September 2026 by Mel Moderator", "Record the child's views in their own words."),
    ]
    assert "Draft thought" not in response.get_data(as_text=True)


def test_the_qa_lead_writes_findings_and_recommendations_linked_to_measures(client, make_user, summary_round):
    client.sign_in(make_user("admin"))
    url = f"/audit-rounds/{summary_round.id}/summary"
    response = client.get(url)
    assert response.status_code == 200
    assert "Contingency plans were missing in CP plans." in page(response).select_one("#learning-points + p + ul").get_text()
    m1, m2 = _measures()
    response = client.submit(url, {"kind": "finding", "text": "Half the plans had no contingency.",
                                   "measures": [str(m1.id), str(m2.id)]})
    assert response.status_code == 302
    client.submit(url, {"kind": "recommendation", "text": "Team managers check contingency in supervision.",
                        "measures": [str(m1.id)]})
    soup = page(client.get(url))
    findings = soup.select_one("#findings + ol").get_text(" ", strip=True)
    assert "Half the plans had no contingency." in findings and "Audit 1.1" in findings
    assert "Team managers check contingency" in soup.select_one("#recommendations + ol").get_text()
    # Shown on the round's own page too.
    round_page = page(client.get(f"/audit-rounds/{summary_round.id}"))
    assert "Half the plans had no contingency." in round_page.select_one("#findings + ol").get_text()


def test_a_finding_needs_words_a_kind_and_a_measure_and_nothing_is_half_saved(client, make_user, summary_round):
    client.sign_in(make_user("admin"))
    response = client.submit(f"/audit-rounds/{summary_round.id}/summary", {"text": "  "})
    assert response.status_code == 400
    assert error_messages(response) == ["Choose whether this is a finding or a recommendation",
                                        "Enter the finding or recommendation",
                                        "Choose at least one impact measure it bears on"]
    hrefs = [a["href"] for a in page(response).select(".govuk-error-summary__list a")]
    assert hrefs == ["#kind", "#text", "#measures"]
    assert page(response).select_one("#measures") is not None  # the link lands on the first measure
    assert db.session.scalar(select(func.count()).select_from(RoundPoint)) == 0


def test_readers_may_not_write(client, make_user, summary_round):
    client.sign_in(make_user("qa_viewer"))
    url = f"/audit-rounds/{summary_round.id}/summary"
    soup = page(client.get(url))
    assert soup.select_one("#add") is None
    m1, = _measures(1)
    assert client.submit(url, {"kind": "finding", "text": "x", "measures": [str(m1.id)]}).status_code == 403


def test_change_and_remove_a_point(client, make_user, summary_round):
    admin = make_user("admin")
    m1, m2 = _measures()
    point = round_summary.add_point(summary_round, "finding", "First words", [m1.id], admin)
    client.sign_in(admin)
    url = f"/audit-rounds/{summary_round.id}/summary/{point.id}"
    assert client.get(url).status_code == 200
    assert client.submit(url, {"kind": "recommendation", "text": "Better words", "measures": [str(m2.id)]}).status_code == 302
    db.session.refresh(point)
    assert (point.kind, point.text, [m.id for m in point.measures]) == ("recommendation", "Better words", [m2.id])
    assert client.submit(url + "/remove").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(RoundPoint)) == 0


def test_summaries_list_reaches_each_round(client, make_user, summary_round):
    client.sign_in(make_user("moderator"))
    soup = page(client.get("/audit-rounds/summaries"))
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup.select("#rounds tbody tr")]
    ours = next(r for r in rows if r[0] == "CP dip sample, summer 2026")
    assert ours[1:] == ["30 September 2026", "2 learning points in CP dip sample, summer 2026"]
    link = soup.find("a", string="CP dip sample, summer 2026")
    assert link["href"] == f"/audit-rounds/{summary_round.id}/summary"
