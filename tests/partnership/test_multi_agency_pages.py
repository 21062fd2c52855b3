"""The multi-agency audit's pages through the test client: who opens what, every role, and
what each person sees (no agency sees another's answers; partner staff reach nothing of the
council's case audits)."""
import io
from datetime import date

import pytest
from conftest import error_messages, page
from partnership.conftest import part_for
from partnership.test_multi_agency_rules import JOINT, JOINT_EVIDENCE, complete_every_part
from sqlalchemy import select

from app.auth.roles import ROLES
from app.core.db import db
from app.org.models import District
from app.partnership import services
from app.partnership.models import MultiAgencyRound

PEOPLE = [*ROLES, "no role"]


def sign_in(client, make_user, who, agency=None):
    user = make_user(*([] if who == "no role" else [who]))
    if agency is not None:
        user.agency = agency
        db.session.commit()
    client.sign_in(user)
    return user


def urls(world):
    m = world["mround"]
    part = part_for(m, "police")
    audit = m.round.audits[0]
    return {
        "index": "/multi-agency",
        "new": "/multi-agency/new",
        "round": f"/multi-agency/{m.round_id}",
        "assign": f"/multi-agency/parts/{part.id}/auditor",
        "findings": f"/multi-agency/{m.round_id}/findings",
        "part": f"/multi-agency/parts/{part.id}",
        "joint": f"/multi-agency/audits/{audit.id}",
        "action": f"/multi-agency/audits/{audit.id}/actions",
        "report": f"/multi-agency/{m.round_id}/report",
        "pdf": f"/multi-agency/{m.round_id}/report.pdf",
        "xlsx": f"/multi-agency/{m.round_id}/report.xlsx",
    }


# Who opens which page, by role (with no agency, not the lead, not given the part).
OPENS = {
    "index": {"admin", "qa_viewer", "auditor", "partner_auditor", "agency_lead", "partnership_panel"},
    "new": {"admin"},
    "round": {"admin", "qa_viewer"},
    "assign": {"admin"},
    "findings": {"admin"},
    "part": {"admin", "qa_viewer"},
    "joint": {"admin", "qa_viewer"},
    "action": set(),  # the lead only
    "report": {"admin", "qa_viewer", "partnership_panel"},
    "pdf": {"admin", "qa_viewer", "partnership_panel"},
    "xlsx": {"admin", "qa_viewer", "partnership_panel"},
}


@pytest.mark.parametrize("who", PEOPLE)
def test_every_page_for_every_role(client, make_user, world, who):
    pages = urls(world)
    sign_in(client, make_user, who)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (200 if who in OPENS[name] else 403), (name, who)


def test_every_page_needs_sign_in(client, world):
    for url in urls(world).values():
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_partner_staff_of_an_agency_taking_part_read_the_shared_report_only(client, make_user, world):
    pages = urls(world)
    sign_in(client, make_user, "partner_auditor", agency=world["police"])
    for name in ("report", "pdf", "xlsx"):
        assert client.get(pages[name]).status_code == 200
    for name in ("round", "part", "joint", "new", "assign"):
        assert client.get(pages[name]).status_code == 403, name


def test_partner_staff_reach_nothing_of_the_councils_case_audits(client, make_user, world, make_audit):
    council_audit = make_audit(world["council"])
    for role in ("partner_auditor", "agency_lead", "partnership_panel"):
        client.sign_in(world["officer"]) if role == "partner_auditor" else sign_in(client, make_user, role, world["police"])
        for url in ("/audits", f"/audits/{council_audit.id}", f"/audits/{council_audit.id}/submitted",
                    f"/audits/{council_audit.id}/audit.pdf", f"/audits/{council_audit.id}/check",
                    "/audit-rounds", f"/audit-rounds/{council_audit.round_id}", "/moderation/", "/reports/"):
            response = client.get(url)
            assert response.status_code in (403, 404), (role, url)
        client.sign_out()


def test_each_agency_sees_only_its_own_part(client, new_client, world):
    m = world["mround"]
    police, health = part_for(m, "police"), part_for(m, "health")
    services.assign(m, police, world["officer"].id)
    services.assign(m, health, world["nurse"].id)
    services.save_part(police, world["officer"], {"police-risk-assessed": "good"}, {"police-risk-assessed": "DASH seen"},
                       police.lock_version)
    nurse = new_client()
    nurse.sign_in(world["nurse"])
    listing = nurse.get("/multi-agency").get_data(as_text=True)
    assert f"/multi-agency/parts/{health.id}" in listing and f"/multi-agency/parts/{police.id}" not in listing
    assert nurse.get(f"/multi-agency/parts/{police.id}").status_code == 403
    own = nurse.get(f"/multi-agency/parts/{health.id}")
    assert own.status_code == 200
    html = own.get_data(as_text=True)
    assert "routine enquiry" in html and "DASH" not in html and "Police" not in page(own).h1.get_text()
    # The lead sees both.
    lead = new_client()
    lead.sign_in(world["lead"])
    assert "DASH seen" in lead.get(f"/multi-agency/parts/{police.id}").get_data(as_text=True)


def test_an_auditor_completes_their_part_with_messages_at_the_field(client, world):
    m = world["mround"]
    part = part_for(m, "police")
    services.assign(m, part, world["officer"].id)
    client.sign_in(world["officer"])
    url = f"/multi-agency/parts/{part.id}"
    response = client.submit(url, {"lock_version": str(part.lock_version), "answer-police-risk-assessed": "good",
                                   "next": "submit"})
    assert response.status_code == 400
    assert any("needs an answer" in e for e in error_messages(response))
    db.session.refresh(part)
    assert not part.submitted and part.answers == {"police-risk-assessed": "good"}  # kept, as a draft
    response = client.submit(url, {
        "lock_version": str(part.lock_version), "answer-police-risk-assessed": "good",
        "evidence-police-risk-assessed": "DASH at the scene", "answer-police-child-recorded": "yes",
        "answer-police-notification-timely": "partly", "next": "submit"})
    assert response.status_code == 302
    db.session.refresh(part)
    assert part.submitted and part.computed_judgement == "good"
    # Submitted: it reads, it no longer changes.
    assert client.submit(url, {"lock_version": str(part.lock_version), "next": "save"}).status_code == 302
    db.session.refresh(part)
    assert part.answers["police-notification-timely"] == "partly"


def test_the_admin_starts_a_multi_agency_audit(client, make_user, world):
    client.sign_in(world["admin"])
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    form = {"name": "Neglect, summer", "theme": "neglect", "tool_version_id": str(world["version"].id),
            "agency_ids": [str(world["police"].id)], "place": f"district-{carlisle.id}", "sample_spec": "1",
            "due_date": ["30", "6", "2027"], "lead_auditor_id": str(world["lead"].id)}
    bad = client.submit("/multi-agency/new", {**form, "agency_ids": [], "lead_auditor_id": ""})
    assert bad.status_code == 400
    assert set(error_messages(bad)) == {"Choose the agencies taking part", "Choose the lead auditor"}
    response = client.submit("/multi-agency/new", form)
    assert response.status_code == 302
    mround = db.session.scalar(select(MultiAgencyRound).where(MultiAgencyRound.theme == "neglect"))
    assert response.headers["Location"] == f"/multi-agency/{mround.round_id}"
    assert [p.section_key for p in services.parts_of(mround.round.audits[0])] == ["social-care", "police"]
    assert mround.round.due_date == date(2027, 6, 30)


def test_the_admin_gives_a_part_to_an_auditor_of_that_agency(client, world):
    part = part_for(world["mround"], "police")
    client.sign_in(world["admin"])
    url = f"/multi-agency/parts/{part.id}/auditor"
    options = [o.get_text() for o in page(client.get(url)).select("select option")]
    assert options == ["Nobody yet", "Pat Police (Cumbria Constabulary)"]
    bad = client.submit(url, {"auditor_id": str(world["nurse"].id)})
    assert bad.status_code == 400 and error_messages(bad)
    assert client.submit(url, {"auditor_id": str(world["officer"].id)}).status_code == 302
    db.session.refresh(part)
    assert part.auditor == world["officer"]


def test_the_lead_completes_the_joint_judgement_and_raises_an_action(client, world):
    audit = complete_every_part(world)
    client.sign_in(world["lead"])
    url = f"/multi-agency/audits/{audit.id}"
    assert "The grades so far give" in client.get(url).get_data(as_text=True)
    data = {f"answer-{k}": v for k, v in JOINT.items()} | {f"evidence-{k}": v for k, v in JOINT_EVIDENCE.items()}
    response = client.submit(url, {**data, "next": "submit"})
    assert response.status_code == 302
    db.session.refresh(audit)
    assert audit.state == "submitted" and audit.computed_judgement == "requires_improvement"
    response = client.submit(f"{url}/actions", {"description": "Health at every strategy meeting",
                                                "owner_id": str(world["nurse"].id), "due_date": ["1", "1", "2099"]})
    assert response.status_code == 302
    assert audit.corrective_actions[0].agency == world["health"]


def test_the_composite_report_shows_every_agency_and_hides_small_numbers_when_shared(client, new_client, world):
    audit = complete_every_part(world)
    services.save_joint(audit, world["lead"], JOINT, JOINT_EVIDENCE)
    services.submit_joint(audit, world["lead"], None, None)
    services.raise_action(audit, world["lead"], "Health at every strategy meeting", world["nurse"].id, date(2099, 1, 1))
    m = world["mround"]
    m.summary = "Information sharing with health was late."
    db.session.commit()
    client.sign_in(world["lead"])
    full = page(client.get(f"/multi-agency/{m.round_id}/report"))
    rows = {r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.select("td")] for r in full.select("#by-agency tbody tr")}
    assert rows["Police (Cumbria Constabulary)"] == ["0", "1", "0", "0", "0", "1"]
    assert "Health (North Cumbria Integrated Care)" in rows and "Overall joint judgement" in rows
    assert audit.case.reference in full.select_one("#actions").get_text()
    assert "Information sharing with health was late." in full.get_text()

    officer = new_client()
    officer.sign_in(world["officer"])
    shared = page(officer.get(f"/multi-agency/{m.round_id}/report"))
    rows = {r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.select("td")] for r in shared.select("#by-agency tbody tr")}
    assert "1" not in rows["Police (Cumbria Constabulary)"][:5]  # a count of 1 case is not shown
    assert shared.select_one("#actions") is None and audit.case.reference not in shared.get_text()
    assert shared.select_one("#action-counts") is not None


def test_the_report_downloads(client, world):
    from openpyxl import load_workbook

    complete_every_part(world)
    client.sign_in(world["admin"])
    m = world["mround"]
    pdf = client.get(f"/multi-agency/{m.round_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    xlsx = client.get(f"/multi-agency/{m.round_id}/report.xlsx")
    wb = load_workbook(io.BytesIO(xlsx.data))
    assert wb.sheetnames == ["Judgements", "Findings", "Action plan"]
    labels = [r[0] for r in wb["Judgements"].iter_rows(values_only=True)]
    assert "Police (Cumbria Constabulary)" in labels and "Health (North Cumbria Integrated Care)" in labels


def test_opening_a_part_and_being_refused_one_are_in_the_activity_log(client, new_client, world):
    from app.activity.models import ActivityEntry

    part = part_for(world["mround"], "police")
    client.sign_in(world["lead"])
    assert client.get(f"/multi-agency/parts/{part.id}").status_code == 200
    nurse = new_client()
    nurse.sign_in(world["nurse"])
    assert nurse.get(f"/multi-agency/parts/{part.id}").status_code == 403
    entries = db.session.scalars(select(ActivityEntry).where(ActivityEntry.record_kind == "audit part")).all()
    assert [(e.user_id, e.action, e.record_id) for e in entries] == [
        (world["lead"].id, "viewed", str(part.id)), (world["nurse"].id, "refused", str(part.id))]
