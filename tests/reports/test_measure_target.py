"""An impact measure's optional target, set by an admin on the measure's edit page."""
from conftest import error_messages

from app.core.db import db
from app.plan.models import ImpactMeasure, Recommendation


def _measure():
    rec = Recommendation(number=7, title="Direct work with children.", short_title="Direct work")
    m = ImpactMeasure(recommendation=rec, kind="audit", text="Direct work informs plans", frequency="six_monthly")
    db.session.add_all([rec, m])
    db.session.commit()
    return m


FIELDS = {"kind": "audit", "text": "Direct work informs plans", "frequency": "six_monthly", "has_baseline": "no"}


def test_an_admin_sets_and_clears_a_measures_target(client, make_user, places):
    m = _measure()
    client.sign_in(make_user("admin"))
    response = client.submit(f"/plan/measures/{m.id}/edit", {**FIELDS, "target_percent": "65%"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ImpactMeasure, m.id).target_percent == 65
    assert "target 65%" in client.get("/plan/recommendations/7").get_data(as_text=True)
    assert 'value="65"' in client.get(f"/plan/measures/{m.id}/edit").get_data(as_text=True)
    client.submit(f"/plan/measures/{m.id}/edit", {**FIELDS, "target_percent": ""})
    db.session.expire_all()
    assert db.session.get(ImpactMeasure, m.id).target_percent is None


def test_a_target_must_be_a_percentage(client, make_user, places):
    m = _measure()
    client.sign_in(make_user("admin"))
    response = client.submit(f"/plan/measures/{m.id}/edit", {**FIELDS, "target_percent": "150"})
    assert response.status_code == 200
    assert error_messages(response) == ["Target (%): enter a percentage from 0 to 100"]
    response = client.submit(f"/plan/measures/{m.id}/edit", {**FIELDS, "target_percent": "lots"})
    assert error_messages(response) == ["Target (%): 'lots' is not a number"]
    db.session.expire_all()
    assert db.session.get(ImpactMeasure, m.id).target_percent is None


def test_measures_with_no_target_are_listed_until_one_is_set(client, make_user, places):
    from conftest import page

    from app.core.periods import Period
    from app.reports.services import build_report

    m = _measure()
    client.sign_in(make_user("admin"))
    soup = page(client.get("/plan"))
    listed = [li.get_text(" ", strip=True) for li in soup.select("#no-target-list li")]
    assert listed == ["Audit 7.1 Direct work informs plans Set a target for Audit 7.1"]
    assert soup.select_one("#no-target-list a")["href"] == f"/plan/measures/{m.id}/edit"
    report = build_report(Period.parse("H1 2026-27"))
    assert [[c.text for c in r] for r in report.table("measures-no-target").rows] == [
        ["7", "Audit 7.1", "Direct work informs plans"]]
    assert "1 audit and feedback measure has no target set" in " ".join(report.sections[0].paragraphs)

    client.submit(f"/plan/measures/{m.id}/edit", {**FIELDS, "target_percent": "70"})
    db.session.expire_all()
    soup = page(client.get("/plan"))
    assert not soup.select("#no-target-list li")
    assert "Every audit and feedback measure has a target." in soup.get_text()
    report = build_report(Period.parse("H1 2026-27"))
    assert report.table("measures-no-target").rows == []
    assert "measures-no-target" not in report.sections[0].tables
