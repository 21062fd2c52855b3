"""Through the pages: an admin opens a year, an agency lead completes and submits its return,
the panel challenges, the agency responds, the panel closes; each sees only what is theirs."""
from datetime import date
from io import BytesIO

from conftest import error_messages, page
from section11.conftest import complete
from sqlalchemy import func, select

from app.core.db import db
from app.org.models import Agency
from app.section11 import services, states
from app.section11.models import Section11Action, Section11Answer, Section11Cycle, Section11Return


def test_an_admin_opens_a_year_due_at_the_end_of_february(client, people, agencies):
    client.sign_in(people["admin"])
    form = page(client.get("/section-11/cycles/new"))
    assert form.h1.get_text(strip=True) == "Open a year's Section 11 audit"
    assert {i["value"] for i in form.select("input[name=agency_ids]")} == {str(a.id) for a in agencies.values()}
    response = client.submit("/section-11/cycles/new", {"year": "2026", "agency_ids": [str(agencies["police"].id)]})
    assert response.status_code == 302
    cycle = db.session.scalar(select(Section11Cycle))
    assert (cycle.year, cycle.due_date, cycle.framework_version) == (2026, date(2027, 2, 28), 1)
    assert [r.agency.name for r in cycle.returns] == ["Cumbria Constabulary"]
    assert cycle.standards.standard("escalation").title.startswith("Escalation")
    shown = client.get(response.headers["Location"], follow_redirects=True)
    assert "2026-27 Section 11 audit is open: 1 agency is" in shown.get_data(as_text=True)


def test_opening_a_year_twice_or_with_no_agency_is_refused_at_the_field(client, people, agencies, cycle):
    client.sign_in(people["admin"])
    response = client.submit("/section-11/cycles/new", {"year": "2026", "agency_ids": [str(agencies["police"].id)]})
    assert response.status_code == 400
    assert error_messages(response) == ["There is already a Section 11 cycle for 2026-27"]
    assert page(response).select_one("#year-error")
    response = client.submit("/section-11/cycles/new", {"year": "2027"})
    assert error_messages(response) == ["Choose the agencies asked for a return"]
    assert db.session.scalar(select(func.count()).select_from(Section11Cycle)) == 1


def test_a_lead_saves_a_draft_then_a_standard_and_moves_to_the_next(client, people, returns):
    ret = returns["police"]
    client.sign_in(people["police_lead"])
    url = f"/section-11/returns/{ret.id}/standards/leadership"
    response = client.submit(url, {"evidence": "Half written", "save": "draft"})
    assert response.status_code == 302
    db.session.expire_all()
    assert ret.answers_by_key()["leadership"].evidence == "Half written"
    assert ret.status == states.IN_PROGRESS
    assert "Half written" in client.get(url).get_data(as_text=True)  # the draft is kept

    response = client.submit(url, {"evidence": "Half written", "save": "continue"})
    assert response.status_code == 400
    assert error_messages(response) == ["Choose how well the standard is met"]
    assert page(response).select_one("#rating-error")

    response = client.submit(url, {"rating": "partly_met", "evidence": "Board minutes, March", "save": "continue"})
    assert response.headers["Location"].endswith(f"/section-11/returns/{ret.id}/standards/accountability")
    db.session.expire_all()
    assert ret.answers_by_key()["leadership"].rating == "partly_met"


def test_submitting_with_standards_missing_is_refused_and_nothing_changes(client, people, returns, framework):
    ret = returns["police"]
    complete(ret, people["police_lead"], framework, except_=("escalation",))
    client.sign_in(people["police_lead"])
    check = page(client.get(f"/section-11/returns/{ret.id}/check"))
    assert "Escalation" in check.select_one("#still-to-do").get_text()
    response = client.submit(f"/section-11/returns/{ret.id}/submit")
    assert response.status_code == 400
    assert "10. Escalation and resolving professional disagreements" in error_messages(response)[0]
    db.session.expire_all()
    assert (ret.status, ret.submitted_at) == (states.IN_PROGRESS, None)


def test_an_action_needs_what_who_and_when(client, people, returns):
    ret = returns["police"]
    client.sign_in(people["police_lead"])
    url = f"/section-11/returns/{ret.id}/actions"
    response = client.submit(url, {"text": "Refresh training", "owner": ""})
    assert response.status_code == 400
    assert set(error_messages(response)) == {"Enter who will do it", "Enter by when"}
    assert db.session.scalar(select(func.count()).select_from(Section11Action)) == 0
    response = client.submit(url, {"text": "Refresh training", "owner": "Head of learning", "due_date": ["30", "6", "2027"],
                                   "standard_key": "training"})
    assert response.status_code == 302
    action = db.session.scalar(select(Section11Action))
    assert (action.owner, action.due_date, action.standard_key) == ("Head of learning", date(2027, 6, 30), "training")
    client.submit(f"{url}/{action.id}/remove")
    assert db.session.scalar(select(func.count()).select_from(Section11Action)) == 0


def test_the_whole_cycle_from_self_assessment_to_agreement(client, new_client, people, returns, framework):
    ret = returns["police"]
    lead = client
    lead.sign_in(people["police_lead"])
    complete(ret, people["police_lead"], framework)
    assert lead.submit(f"/section-11/returns/{ret.id}/submit").status_code == 302
    db.session.expire_all()
    assert ret.status == states.SUBMITTED
    # Submitted: no more changes.
    assert lead.submit(f"/section-11/returns/{ret.id}/standards/training", {"rating": "not_met", "evidence": "x"}).status_code == 302
    db.session.expire_all()
    assert ret.answers_by_key()["training"].rating == "fully_met"

    panel = new_client()
    panel.sign_in(people["panel"])
    data = {f"view_{s.key}": "agree" for s in framework.standards}
    data["view_training"] = "challenge"
    response = panel.submit(f"/section-11/returns/{ret.id}/review", data)
    assert response.status_code == 400
    assert error_messages(response) == ["Standard 4: give the reason for the challenge"]
    assert page(response).select_one("#reason_training-error")
    db.session.expire_all()
    assert ret.status == states.SUBMITTED and ret.answers_by_key()["training"].panel_view is None

    data["reason_training"] = "Training figures are two years old."
    assert panel.submit(f"/section-11/returns/{ret.id}/review", data).status_code == 302
    db.session.expire_all()
    assert ret.status == states.CHALLENGED
    assert panel.get(f"/section-11/returns/{ret.id}/close").status_code == 302  # waits for the agency

    respond = page(lead.get(f"/section-11/returns/{ret.id}/respond"))
    assert "Training figures are two years old." in respond.get_text()
    response = lead.submit(f"/section-11/returns/{ret.id}/respond", {"response_training": ""})
    assert error_messages(response) == ["Enter your response to the challenge on standard 4"]
    assert lead.submit(f"/section-11/returns/{ret.id}/respond", {
        "response_training": "Agreed: 70% are up to date.", "rating_training": "partly_met"}).status_code == 302
    db.session.expire_all()
    answer = ret.answers_by_key()["training"]
    assert (ret.status, answer.response_rating, answer.final_rating) == (states.RESPONDED, "partly_met", "partly_met")

    response = panel.submit(f"/section-11/returns/{ret.id}/close", {"outcome": "agreed_with_actions"})
    assert error_messages(response) == ["Say which actions the partnership expects"]
    assert panel.submit(f"/section-11/returns/{ret.id}/close",
                        {"outcome": "agreed_with_actions", "note": "Report training figures quarterly."}).status_code == 302
    db.session.expire_all()
    assert ret.status == states.AGREED_WITH_ACTIONS and ret.closed_by_id == people["panel"].id

    shown = page(lead.get(f"/section-11/returns/{ret.id}"))
    assert "Agreed with actions" in shown.select_one("#return-status").get_text()
    assert "Report training figures quarterly." in shown.select_one("#panel-note").get_text()

    report = page(panel.get(f"/section-11/cycles/{ret.cycle_id}/report"))
    counts = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
              for tr in report.select("#compliance-counts tbody tr")}
    assert counts["4. Staff are trained in safeguarding"] == ["0", "1", "0", "0%", "1"]
    assert counts["1. Senior management commitment and accountability"] == ["1", "0", "0", "100%", "0"]
    matrix = report.select_one("#compliance-matrix")
    assert "Partly met (challenged)" in matrix.get_text()
    assert "Staff are trained" in report.select_one("#theme-shortfall").get_text()
    assert "Staff are trained" in report.select_one("#theme-challenged").get_text()


def test_with_no_challenge_the_panel_closes_straight_away(client, people, returns, framework):
    ret = returns["health"]
    complete(ret, people["health_lead"], framework)
    services.submit(ret, people["health_lead"])
    client.sign_in(people["panel"])
    response = client.submit(f"/section-11/returns/{ret.id}/review", {f"view_{s.key}": "agree" for s in framework.standards})
    assert response.headers["Location"].endswith(f"/section-11/returns/{ret.id}/close")
    assert client.submit(f"/section-11/returns/{ret.id}/close", {"outcome": "agreed"}).status_code == 302
    db.session.expire_all()
    assert ret.status == states.AGREED


def test_the_report_lists_late_returns_and_those_not_yet_agreed(client, people, returns, framework, monkeypatch):
    complete(returns["health"], people["health_lead"], framework, rating="not_met")
    services.submit(returns["health"], people["health_lead"])
    monkeypatch.setattr("app.section11.views.uk_today", lambda: date(2027, 3, 12))
    client.sign_in(people["qa"])
    report = page(client.get(f"/section-11/cycles/{returns['police'].cycle_id}/report"))
    late = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in report.select("#late-returns tbody tr")]
    assert late == [["Cumbria Constabulary", "Not started", "12"]]
    waiting = [tr.th.get_text(strip=True) for tr in report.select("#not-agreed tbody tr")]
    assert waiting == ["North Cumbria Integrated Care"]
    pdf = client.get(f"/section-11/cycles/{returns['police'].cycle_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages)
    assert "Section 11 annual report 2026-27" in text
    assert "Cumbria Constabulary" in text and "Not started" in text
    xlsx = client.get(f"/section-11/cycles/{returns['police'].cycle_id}/report.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(xlsx.data))
    assert book.sheetnames == ["Compliance", "Late returns", "Not yet agreed"]
    assert [c.value for c in book["Late returns"][2]] == ["Cumbria Constabulary", "Not started", 12]
    assert book["Compliance"]["B1"].value == "North Cumbria Integrated Care"
    assert book["Compliance"]["B2"].value == "Not met"


# --- Who sees what -----------------------------------------------------------------------


def test_a_lead_sees_only_their_own_agencys_return(client, people, returns):
    client.sign_in(people["police_lead"])
    mine, theirs = returns["police"], returns["health"]
    listed = page(client.get("/section-11")).select_one("#own-returns").get_text()
    assert "Cumbria Constabulary" in listed and "North Cumbria" not in listed
    assert client.get(f"/section-11/returns/{mine.id}").status_code == 200
    for url in ["", "/standards/leadership", "/actions", "/check", "/respond"]:
        assert client.get(f"/section-11/returns/{theirs.id}{url}").status_code == 403, url
    response = client.submit(f"/section-11/returns/{theirs.id}/standards/leadership",
                             {"rating": "not_met", "evidence": "Forged", "save": "continue"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Section11Answer)) == 0


def test_a_lead_without_an_agency_sees_no_return(client, make_user, returns):
    client.sign_in(make_user("agency_lead"))
    assert "not been asked" in page(client.get("/section-11")).select_one("#no-returns").get_text()
    assert client.get(f"/section-11/returns/{returns['police'].id}").status_code == 403


def test_the_panel_and_admins_see_every_return_but_only_the_agency_edits(client, people, returns):
    for who in ("panel", "admin"):
        client.sign_in(people[who])
        for ret in returns.values():
            assert client.get(f"/section-11/returns/{ret.id}").status_code == 200
            assert client.get(f"/section-11/returns/{ret.id}/standards/leadership").status_code == 403
        client.sign_out()


def test_an_agency_still_shown_after_it_is_made_inactive(client, people, returns):
    db.session.get(Agency, returns["police"].agency_id).active = False
    db.session.commit()
    client.sign_in(people["panel"])
    assert "Cumbria Constabulary" in client.get(f"/section-11/cycles/{returns['police'].cycle_id}").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Section11Return)) == 2
