"""The scripted multi-agency audit in the browser: the police and the health auditor each
complete their agency's part of the same case (neither sees the other's answers), the lead
auditor completes the joint judgement, and the composite report shows both agencies. Every
page is checked with axe-core, and the report and a part at 320 px wide."""
from conftest import PASSWORD
from partnership.conftest import make_audit, make_case, make_team, part_for, publish_tool, world  # noqa: F401  (fixtures)
from partnership.test_multi_agency_rules import complete_every_part  # noqa: F401
from playwright.sync_api import expect

from app.audits import grades
from app.partnership import services

SHOTS = "/tmp/multi-agency-{}.png"


def fill_part(page, section, grade="Good"):
    for q in section.questions:
        group = page.get_by_role("group", name=q.text)
        if q.kind == grades.GRADED:
            group.get_by_label(grade, exact=True).check()
            page.get_by_label(f"Evidence for: {q.text}").fill(f"Seen in the record ({q.key})")
        elif q.kind == grades.YES_PARTLY_NO:
            group.get_by_label("Yes", exact=True).check()
        else:
            page.get_by_label(q.text).fill("Health were not invited to the strategy meeting.")


def test_two_agencies_complete_their_parts_and_the_lead_the_joint_judgement(
    page, phone, new_page, world, sign_in, axe, assert_no_horizontal_scroll, assert_only_local_requests  # noqa: F811
):
    m = world["mround"]
    police, health, care = part_for(m, "police"), part_for(m, "health"), part_for(m, "social-care")
    services.assign(m, police, world["officer"].id)
    services.assign(m, health, world["nurse"].id)
    services.assign(m, care, world["council"].id)
    services.save_part(care, world["council"], {"csc-impact-assessed": "good", "csc-plan-addresses-abuse": "good",
                                                "csc-marac-actions": "yes"},
                       {"csc-impact-assessed": "Assessment", "csc-plan-addresses-abuse": "Plan"}, care.lock_version)
    services.submit_part(care, world["council"])
    reference = police.audit.case.reference

    # The police auditor: their part from their menu, answered and submitted.
    officer = page
    sign_in(officer, world["officer"].email, PASSWORD)
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Multi-agency audits").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Multi-agency audits")
    axe(officer, "partner auditor's list")
    officer.locator(f'a[href="/multi-agency/parts/{police.id}"]').click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Police")
    axe(officer, "police part")
    fill_part(officer, police.section)
    officer.get_by_label(f"Evidence for: {police.section.questions[1].text}").fill("DASH completed: medium risk, RESTRICTED-POLICE-NOTE")
    officer.get_by_role("button", name="Save and submit").click()
    expect(officer.get_by_text("was submitted")).to_be_visible()

    # The health auditor: only their part; the police part is refused, its answers nowhere.
    nurse = new_page(viewport={"width": 1024, "height": 768})
    sign_in(nurse, world["nurse"].email, PASSWORD)
    nurse.goto("/multi-agency")
    expect(nurse.locator(f'a[href="/multi-agency/parts/{health.id}"]')).to_have_count(1)
    expect(nurse.locator(f'a[href="/multi-agency/parts/{police.id}"]')).to_have_count(0)
    nurse.goto(f"/multi-agency/parts/{police.id}")
    expect(nurse.get_by_role("heading", level=1)).to_have_text("You do not have permission to see this page")
    nurse.goto(f"/multi-agency/parts/{health.id}")
    expect(nurse.get_by_role("heading", level=1)).to_have_text("Health")
    assert "RESTRICTED-POLICE-NOTE" not in nurse.content()
    fill_part(nurse, health.section, grade="Requires improvement")
    nurse.get_by_role("button", name="Save and submit").click()
    expect(nurse.get_by_text("was submitted")).to_be_visible()
    # And the police auditor cannot open the health part either.
    officer.goto(f"/multi-agency/parts/{health.id}")
    expect(officer.get_by_role("heading", level=1)).to_have_text("You do not have permission to see this page")

    # The lead: every part, then the joint section and judgement.
    lead = new_page(viewport={"width": 1024, "height": 768})
    sign_in(lead, world["lead"].email, PASSWORD)
    lead.get_by_role("navigation", name="Menu").get_by_role("link", name="Multi-agency audits").click()
    lead.get_by_role("link", name=m.round.name, exact=True).click()
    axe(lead, "the lead's round page")
    lead.locator(f'a[href="/multi-agency/audits/{police.audit_id}"]').click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(f"Joint judgement of case {reference}")
    expect(lead.get_by_text("RESTRICTED-POLICE-NOTE")).to_be_visible()
    axe(lead, "joint judgement")
    lead.screenshot(path=SHOTS.format("joint"), full_page=True)
    from app.partnership.rules import joint_section

    fill_part(lead, joint_section(m.round.tool_version.definition))
    lead.get_by_role("button", name="Save and submit the joint judgement").click()
    expect(lead.get_by_text(f"The joint judgement of case {reference} was submitted.")).to_be_visible()

    # The composite report: both agencies, for the lead and, shared, for the police auditor at 320 px.
    lead.get_by_role("button", name="Composite report").click()
    table = lead.get_by_role("table", name="Judgements by agency")
    expect(table.get_by_role("rowheader", name="Police (Cumbria Constabulary)")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Health (North Cumbria Integrated Care)")).to_be_visible()
    axe(lead, "composite report")
    lead.screenshot(path=SHOTS.format("report"), full_page=True)

    sign_in(phone, world["officer"].email, PASSWORD)
    phone.goto(f"/multi-agency/{m.round_id}/report")
    expect(phone.get_by_role("heading", level=1)).to_have_text(m.round.name)
    expect(phone.get_by_text("Counts of 1 to 4 cases are not shown")).to_be_visible()
    assert reference not in phone.content()
    axe(phone, "shared report at 320px")
    assert_no_horizontal_scroll(phone)
    phone.screenshot(path=SHOTS.format("report-320"), full_page=True)
    phone.goto(f"/multi-agency/parts/{police.id}")
    axe(phone, "a submitted part at 320px")
    phone.screenshot(path=SHOTS.format("part-320"), full_page=True)
    assert_no_horizontal_scroll(phone)
    for p in (officer, nurse, lead, phone):
        assert_only_local_requests(p)
