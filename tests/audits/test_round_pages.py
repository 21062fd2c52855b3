"""Audit round pages through real HTTP: who may open them, creating a round with its
validation, the preview, confirming (twice), assigning and sharing out audits, and the
sample size calculator."""
from collections import Counter
from datetime import date, timedelta

import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.audits import round_service as rs
from app.audits import states
from app.audits.models import Audit, AuditRound, Case
from app.core.db import db

ROLES_OTHER_THAN_ADMIN = ["auditor", "moderator", "qa_viewer", "practitioner", "no role"]
DUE = date.today() + timedelta(days=30)


@pytest.fixture
def teams(make_team):
    return {
        "Alpha": make_team("Alpha Team", "Carlisle"),
        "Bravo": make_team("Bravo Team", "Eden"),
        "Charlie": make_team("Charlie Team", "Barrow"),
    }


@pytest.fixture
def cohort(teams):
    """100 CP cases, 50/30/20 across three teams, and 5 CIN cases in Alpha."""
    cases = []
    for key, n in (("Alpha", 50), ("Bravo", 30), ("Charlie", 20)):
        cases += [Case(reference=f"{key[0]}-{i:03d}", service_type="CP", team=teams[key], start_date=date(2025, 6, 1), flags=[]) for i in range(n)]
    cases += [Case(reference=f"N-{i:03d}", service_type="CIN", team=teams["Alpha"], start_date=date(2025, 6, 1), flags=[]) for i in range(5)]
    db.session.add_all(cases)
    db.session.commit()
    return teams


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin", name="Alex Admin")
    client.sign_in(user)
    return user


@pytest.fixture
def tool(publish_tool):
    return publish_tool()


def form_data(tool, **changes):
    data = {
        "name": "Spring CP dip sample",
        "tool_version_id": str(tool.id),
        "service_types": ["CP"],
        "sample_spec": "10",
        "method": "stratified",
        "seed": "4242",
        "due_date": [str(DUE.day), str(DUE.month), str(DUE.year)],
        "exclude_own_team": "yes",
    }
    data.update(changes)
    return data


def make_round(tool, user, confirm=False, **kw):
    round_ = rs.create_round(
        name=kw.get("name", "Made round"), tool_version=tool, cohort_filter=kw.get("filter", {"service_types": ["CP"]}),
        sample_spec=kw.get("spec", "10"), method=kw.get("method", "stratified"), seed=kw.get("seed", 99), due_date=DUE,
        exclude_own_team=kw.get("exclude_own_team", True), user=user,
    )
    if confirm:
        rs.confirm(round_, user)
        db.session.expire_all()
    return db.session.get(AuditRound, round_.id)


def table_rows(response, table_id):
    table = page(response).select_one(f"#{table_id}")
    assert table is not None, f"no table #{table_id}"
    return [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in table.select("tbody tr")]


def field_error(response, field_id):
    """The error message shown on a field, as a person reads it (without the hidden 'Error:')."""
    message = page(response).select_one(f"#{field_id}-error")
    assert message is not None, f"no error on {field_id}"
    return message.get_text(" ", strip=True).removeprefix("Error:").strip()


# --- Who may open them ------------------------------------------------------------------------


@pytest.fixture
def world(cohort, tool, make_user):
    creator = make_user("admin", email="creator@example.org")
    confirmed = make_round(tool, creator, confirm=True, name="Confirmed round")
    return {"round_id": confirmed.id, "audit_id": confirmed.audits[0].id}


PAGES = {
    "/audit-rounds": "Audit rounds",
    "/audit-rounds/new": "Create an audit round",
    "/audit-rounds/{round_id}": "Confirmed round",
    "/audit-rounds/sample-size": "How many cases to audit",
}
ACTIONS = ["/audit-rounds/{round_id}/confirm", "/audit-rounds/{round_id}/audits/{audit_id}/assign", "/audit-rounds/{round_id}/spread"]


@pytest.mark.parametrize("url", PAGES)
def test_an_administrator_opens_every_round_page(client, make_user, world, url):
    client.sign_in(make_user("admin"))
    response = client.get(url.format(**world))
    assert response.status_code == 200
    assert page(response).h1.get_text(strip=True) == PAGES[url]


@pytest.mark.parametrize("who", ROLES_OTHER_THAN_ADMIN)
@pytest.mark.parametrize("url", PAGES)
def test_no_one_else_opens_a_round_page(client, make_user, world, who, url):
    client.sign_in(make_user(*([] if who == "no role" else [who])))
    response = client.get(url.format(**world))
    assert response.status_code == 403


@pytest.mark.parametrize("who", ROLES_OTHER_THAN_ADMIN)
@pytest.mark.parametrize("url", ACTIONS)
def test_no_one_else_uses_a_round_button(client, make_user, world, who, url):
    auditor = make_user("auditor", name="Would Be")
    client.sign_in(make_user(*([] if who == "no role" else [who])))
    response = client.submit(url.format(**world), {"auditor_id": str(auditor.id), "auditors": [str(auditor.id)]})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Audit).where(Audit.auditor_id.is_not(None))) == 0


@pytest.mark.parametrize("url", [*PAGES, *ACTIONS])
def test_signed_out_people_are_sent_to_sign_in(client, world, url):
    path = url.format(**world)
    response = client.get(path) if url in PAGES else client.submit(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_administrators_reach_audit_rounds_from_the_administration_page(client, admin):
    assert page(client.get("/admin")).find("a", string="Audit rounds")["href"] == "/audit-rounds"
    nav = page(client.get("/audit-rounds")).select_one(".govuk-service-navigation")
    active = nav.select_one(".govuk-service-navigation__item--active")
    assert active is not None and active.get_text(strip=True) == "Administration"


# --- Create ---------------------------------------------------------------------------------


def test_creating_a_round_shows_its_preview(client, admin, cohort, tool):
    response = client.submit("/audit-rounds/new", form_data(tool))
    round_ = db.session.scalar(select(AuditRound))
    assert response.status_code == 302 and response.headers["Location"] == f"/audit-rounds/{round_.id}"
    assert (round_.seed, round_.sample_spec, round_.method, round_.due_date, round_.exclude_own_team) == (4242, "10", "stratified", DUE, True)
    assert round_.cohort_filter["service_types"] == ["CP"] and not round_.confirmed

    shown = client.get(f"/audit-rounds/{round_.id}")
    assert "Round 'Spring CP dip sample' created" in page(shown).get_text(" ", strip=True)
    assert page(shown).select_one("#preview-summary").get_text(" ", strip=True).startswith(
        "100 cases match the cohort. The sample is 10 of them, drawn with seed 4242"
    )
    assert table_rows(shown, "allocation") == [["Alpha Team", "50", "5"], ["Bravo Team", "30", "3"], ["Charlie Team", "20", "2"]]
    sampled = table_rows(shown, "sampled-cases")
    assert len(sampled) == 10 and {row[2] for row in sampled} == {"Child protection (CP)"}
    assert Counter(row[1] for row in sampled) == {"Alpha Team": 5, "Bravo Team": 3, "Charlie Team": 2}
    assert [row[0] for row in sampled] == rs.preview(round_).references
    # The same page again draws the same cases.
    assert table_rows(client.get(f"/audit-rounds/{round_.id}"), "sampled-cases") == sampled
    button = page(shown).find("button", string=lambda s: s and "Confirm this sample" in s)
    assert button is not None and button.get("data-prevent-double-click") == "true"


def test_a_blank_seed_gets_a_new_one_that_is_shown(client, admin, cohort, tool):
    client.submit("/audit-rounds/new", form_data(tool, seed="", method="simple_random"))
    round_ = db.session.scalar(select(AuditRound))
    settings = page(client.get(f"/audit-rounds/{round_.id}")).select_one("#settings").get_text(" ", strip=True)
    assert f"Seed {round_.seed}" in settings and "Simple random" in settings


def test_the_form_explains_each_method_and_the_seed(client, admin, tool):
    soup = page(client.get("/audit-rounds/new"))
    hints = [h.get_text(" ", strip=True) for h in soup.select("#method-stratified-item-hint, .govuk-radios__hint")]
    assert any("like names drawn from a hat" in h for h in hints)
    assert any("in proportion to how many of the cohort's cases it holds" in h for h in hints)
    assert any("every so many is picked" in h for h in hints)
    assert "the same seed always draws the same cases" in soup.select_one("#seed-hint").get_text()
    options = [o.get_text(strip=True) for o in soup.select("#tool_version_id option")]
    assert options == ["Choose an audit tool", tool.label]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sample_spec": "ten"}, "sample_spec", "'ten' is not a number or a percentage: enter a number of cases, such as 20, or a percentage of the cohort, such as 10%"),
        ({"sample_spec": "500"}, "sample_spec", "The sample size (500) is more than the 100 cases in the cohort: enter 100 or fewer, or widen the cohort"),
        ({"sample_spec": ""}, "sample_spec", "Enter the sample size, as a number of cases (such as 20) or a percentage (such as 10%)"),
        ({"name": ""}, "name", "Enter a name for the round"),
        ({"tool_version_id": ""}, "tool_version_id", "Choose the audit tool"),
        ({"service_types": ["CL"]}, "service_types", "No cases match this round's cohort: choose more service types, teams or districts, fewer flags, or wider dates"),
        ({"seed": "lucky"}, "seed", "The seed must be a whole number, like 48213, not 'lucky'"),
        ({"due_date": ["", "", ""]}, "due_date", "Enter the date the audits are due by"),
        ({"due_date": ["31", "2", "2030"]}, "due_date", "Audits due by must be a real date, for example 31 3 2026"),
        ({"open_from": ["1", "3", "2026"], "open_to": ["1", "1", "2026"]}, "open_to", "The 'open to' date (1 January 2026) must be on or after the 'open from' date (1 March 2026)"),
    ],
)
def test_bad_entries_are_shown_on_their_field_and_nothing_is_saved(client, admin, cohort, tool, changes, field, message):
    response = client.submit("/audit-rounds/new", form_data(tool, **changes))
    assert response.status_code == 400
    assert error_messages(response) == [message]
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == f"#{field}"
    assert field_error(response, field) == message
    assert page(response).title.get_text().startswith("Error:")
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 0


def test_what_was_typed_is_kept_after_an_error(client, admin, cohort, tool):
    response = client.submit("/audit-rounds/new", form_data(tool, sample_spec="ten", name="Keep me"))
    soup = page(response)
    assert soup.select_one("#name")["value"] == "Keep me"
    assert soup.select_one("#sample_spec")["value"] == "ten"
    assert soup.select_one("input[name=service_types][value=CP]").has_attr("checked")


def test_without_a_published_tool_the_form_says_so(client, admin, cohort):
    form = client.get("/audit-rounds/new")
    assert "There is no published audit tool yet. Publish one on the Audit tools page" in page(form).get_text(" ", strip=True)
    response = client.submit("/audit-rounds/new", form_data_without_tool())
    assert response.status_code == 400
    assert error_messages(response) == [
        "There is no published audit tool to use: publish one on the Audit tools page before creating a round"
    ]
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 0


def form_data_without_tool():
    return {
        "name": "No tool", "tool_version_id": "", "service_types": ["CP"], "sample_spec": "5", "method": "simple_random",
        "due_date": [str(DUE.day), str(DUE.month), str(DUE.year)], "exclude_own_team": "yes",
    }


def test_a_retired_version_is_not_offered(client, admin, cohort, tool, publish_tool):
    newer = publish_tool(version=2)
    tool.status = "retired"
    db.session.commit()
    options = [o["value"] for o in page(client.get("/audit-rounds/new")).select("#tool_version_id option")]
    assert options == ["", str(newer.id)]
    response = client.submit("/audit-rounds/new", form_data(tool))
    assert response.status_code == 400
    assert error_messages(response) == ["That version of the audit tool is no longer published: choose one from the list"]
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 0


def test_a_double_submitted_form_makes_one_round(client, admin, cohort, tool):
    first = client.submit("/audit-rounds/new", form_data(tool, seed=""))
    second = client.submit("/audit-rounds/new", form_data(tool, seed=""))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(AuditRound)) == 1


def test_a_round_whose_cohort_no_longer_fits_cannot_be_confirmed(client, admin, cohort, tool):
    round_ = make_round(tool, admin, spec="60")
    for case in db.session.scalars(select(Case).where(Case.reference.like("A-%"))):
        db.session.delete(case)
    db.session.commit()
    response = client.get(f"/audit-rounds/{round_.id}")
    assert response.status_code == 200
    assert "The sample size (60) is more than the 50 cases in the cohort" in page(response).select_one("#preview-problem").get_text()
    assert page(response).find("button", string=lambda s: s and "Confirm this sample" in s) is None


# --- Confirm --------------------------------------------------------------------------------


def test_confirming_creates_the_audits_once(client, admin, cohort, tool):
    round_ = make_round(tool, admin)
    fingerprint = page(client.get(f"/audit-rounds/{round_.id}")).select_one("input[name=sample]")["value"]
    first = client.submit(f"/audit-rounds/{round_.id}/confirm", {"sample": fingerprint})
    second = client.submit(f"/audit-rounds/{round_.id}/confirm", {"sample": fingerprint})  # a double click
    assert first.status_code == second.status_code == 302
    db.session.expire_all()
    round_ = db.session.get(AuditRound, round_.id)
    assert round_.confirmed and round_.confirmed_by_id == admin.id
    assert db.session.scalar(select(func.count()).select_from(Audit)) == 10

    shown = client.get(f"/audit-rounds/{round_.id}")
    assert "Sample confirmed: 10 audits created." in shown.get_data(as_text=True)
    rows = table_rows(shown, "audit-table")
    assert [r[0] for r in rows] == sorted(a.case.reference for a in round_.audits)
    assert Counter(r[1] for r in rows) == {"Alpha Team": 5, "Bravo Team": 3, "Charlie Team": 2}
    assert {(r[2], r[3]) for r in rows} == {("Not assigned", "Not started")}
    assert page(shown).select_one("#sampled-cases") is None  # no preview once confirmed


def test_a_sample_that_changed_since_it_was_shown_is_not_confirmed(client, admin, cohort, tool):
    round_ = make_round(tool, admin)
    fingerprint = page(client.get(f"/audit-rounds/{round_.id}")).select_one("input[name=sample]")["value"]
    db.session.add(Case(reference="A-NEW", service_type="CP", team=cohort["Alpha"], start_date=date(2025, 7, 1), flags=[]))
    db.session.commit()
    response = client.submit(f"/audit-rounds/{round_.id}/confirm", {"sample": fingerprint}, follow_redirects=True)
    assert error_messages(response) == [
        (
            "The cases in this round's cohort have changed since the sample was shown, so the sample has changed too."
            " Check the sample below and confirm it again."
        )
    ]
    assert "101 cases match the cohort" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Audit)) == 0


# --- Assign and spread ------------------------------------------------------------------------


def test_assigning_an_auditor_from_the_case_team_is_refused_with_the_team_named(client, admin, cohort, tool, make_user):
    round_ = make_round(tool, admin, confirm=True)
    ann = make_user("auditor", name="Ann Alpha", team_id=cohort["Alpha"].id)
    bob = make_user("auditor", name="Bob Bravo", team_id=cohort["Bravo"].id)
    audit = next(a for a in rs.round_audits(round_) if a.case.team.name == "Alpha Team")

    options = [o.get_text(strip=True) for o in page(client.get(f"/audit-rounds/{round_.id}")).select(f"#auditor-{audit.id} option")]
    assert options == ["Not assigned", "Bob Bravo (Bravo Team)"]

    refused = client.submit(f"/audit-rounds/{round_.id}/audits/{audit.id}/assign", {"auditor_id": str(ann.id)})
    assert refused.status_code == 400
    message = (
        f"Ann Alpha works in Alpha Team, the team that holds case {audit.case.reference}. This round does not let"
        " auditors audit their own team's cases: choose someone from another team."
    )
    assert error_messages(refused) == [message]
    assert page(refused).select_one(".govuk-error-summary__list a")["href"] == f"#auditor-{audit.id}"
    assert field_error(refused, f"auditor-{audit.id}") == message

    done = client.submit(f"/audit-rounds/{round_.id}/audits/{audit.id}/assign", {"auditor_id": str(bob.id)}, follow_redirects=True)
    assert f"The audit of case {audit.case.reference} is given to Bob Bravo." in done.get_data(as_text=True)
    row = next(r for r in table_rows(done, "audit-table") if r[0] == audit.case.reference)
    assert row[2] == "Bob Bravo"
    db.session.expire_all()
    assert db.session.get(Audit, audit.id).auditor_id == bob.id


def test_an_audit_from_another_round_is_not_found(client, admin, cohort, tool, make_user):
    one = make_round(tool, admin, confirm=True, name="One")
    two = make_round(tool, admin, confirm=True, name="Two", seed=5)
    response = client.submit(f"/audit-rounds/{one.id}/audits/{two.audits[0].id}/assign", {"auditor_id": str(make_user("auditor").id)})
    assert response.status_code == 404


def test_a_submitted_audit_keeps_its_auditor(client, admin, cohort, tool, make_user):
    round_ = make_round(tool, admin, confirm=True)
    first, second = make_user("auditor", name="First"), make_user("auditor", name="Second")
    audit = rs.round_audits(round_)[0]
    rs.assign(audit, first)
    audit.state = states.SUBMITTED
    db.session.commit()
    shown = client.get(f"/audit-rounds/{round_.id}")
    assert page(shown).select_one(f"#auditor-{audit.id}") is None
    response = client.submit(f"/audit-rounds/{round_.id}/audits/{audit.id}/assign", {"auditor_id": str(second.id)})
    assert response.status_code == 400
    assert error_messages(response) == [f"The audit of case {audit.case.reference} has been submitted, so it stays with First"]


def test_spreading_audits_evenly_from_the_page(client, admin, cohort, tool, make_user):
    round_ = make_round(tool, admin, confirm=True)
    ann = make_user("auditor", name="Ann Alpha", team_id=cohort["Alpha"].id)
    bob = make_user("auditor", name="Bob Bravo", team_id=cohort["Bravo"].id)
    make_user("auditor", name="Not Chosen")
    response = client.submit(f"/audit-rounds/{round_.id}/spread", {"auditors": [str(ann.id), str(bob.id)]}, follow_redirects=True)
    assert response.status_code == 200
    assert "10 audits shared out: Ann Alpha 5, Bob Bravo 5." in response.get_data(as_text=True)
    rows = table_rows(response, "audit-table")
    assert Counter(r[2] for r in rows) == {"Ann Alpha": 5, "Bob Bravo": 5}
    assert all(not (r[1] == "Alpha Team" and r[2] == "Ann Alpha") and not (r[1] == "Bravo Team" and r[2] == "Bob Bravo") for r in rows)
    assert "Every audit has an auditor." in response.get_data(as_text=True)


def test_spreading_reports_the_audits_no_one_chosen_may_take(client, admin, cohort, tool, make_user):
    round_ = make_round(tool, admin, confirm=True)
    ann = make_user("auditor", name="Ann Alpha", team_id=cohort["Alpha"].id)
    response = client.submit(f"/audit-rounds/{round_.id}/spread", {"auditors": [str(ann.id)]}, follow_redirects=True)
    text = page(response).get_text(" ", strip=True)
    assert "5 audits shared out: Ann Alpha 5." in text
    alpha = sorted(a.case.reference for a in rs.round_audits(round_) if a.case.team.name == "Alpha Team")
    assert (
        "5 audits were left unassigned, because every auditor you chose works in the case's own team: "
        + "; ".join(f"{r} (Alpha Team)" for r in alpha)
        + ". Give them to an auditor from another team."
    ) in text


def test_spreading_with_no_auditor_ticked_says_so(client, admin, cohort, tool, make_user):
    round_ = make_round(tool, admin, confirm=True)
    make_user("auditor", name="Someone")
    response = client.submit(f"/audit-rounds/{round_.id}/spread", {})
    assert response.status_code == 400
    assert error_messages(response) == ["Choose at least one auditor to share the audits between"]
    assert field_error(response, "auditors") == "Choose at least one auditor to share the audits between"
    assert db.session.scalar(select(func.count()).select_from(Audit).where(Audit.auditor_id.is_not(None))) == 0


def test_the_rounds_list_shows_progress(client, admin, cohort, tool, make_user):
    confirmed = make_round(tool, admin, confirm=True, name="Confirmed one")
    make_round(tool, admin, name="Still a draft", spec="10%")
    audits = rs.round_audits(confirmed)
    auditor = make_user("auditor", name="Sam")
    for audit in audits[:3]:
        rs.assign(audit, auditor)
    audits[0].state = states.SUBMITTED
    db.session.commit()
    rows = {r[0]: r for r in table_rows(client.get("/audit-rounds"), "rounds")}
    assert rows["Confirmed one"][1:] == [
        tool.label, "10 of 100 cases", f"Yes, {confirmed.confirmed_at:%-d %B %Y}", "3 of 10 assigned, 1 submitted", f"{DUE:%-d %B %Y}",
    ]
    assert rows["Still a draft"][2:5] == ["10% of the cohort", "Not yet", "No audits yet"]


# --- Sample size calculator -----------------------------------------------------------------


def test_the_sample_size_calculator(client, admin):
    blank = client.get("/audit-rounds/sample-size")
    assert blank.status_code == 200 and page(blank).select_one("#advice") is None
    assert page(blank).select_one("main form")["method"] == "get"
    response = client.get("/audit-rounds/sample-size?cohort=1000&margin=5&confidence=95")
    assert response.status_code == 200
    assert page(response).select_one("#advice").get_text(" ", strip=True) == (
        "You need to audit 278 of 1,000 cases to know the % judged good or better to within ±5 percentage points,"
        " 19 times out of 20."
    )
    assert page(response).select_one("#cohort")["value"] == "1000"
    ten = client.get("/audit-rounds/sample-size?cohort=1000&margin=10&confidence=99")
    assert "You need to audit 143 of 1,000 cases" in page(ten).select_one("#advice").get_text()
    assert "99 times out of 100" in page(ten).select_one("#advice").get_text()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("cohort=lots&margin=5&confidence=95", "cohort", "The number of cases must be a whole number of 1 or more, like 250, not 'lots'"),
        ("cohort=&margin=5&confidence=95", "cohort", "Enter the number of cases in the cohort"),
        ("cohort=100&margin=60&confidence=95", "margin", "The margin of error must be more than 0 and less than 50 percentage points"),
        ("cohort=100&margin=five&confidence=95", "margin", "The margin of error must be a number of percentage points, like 5 or 10, not 'five'"),
        ("cohort=100&margin=5&confidence=80", "confidence", "Choose how sure you need to be: 90%, 95% or 99%"),
    ],
)
def test_the_sample_size_calculator_explains_bad_entries(client, admin, query, field, message):
    response = client.get(f"/audit-rounds/sample-size?{query}")
    assert response.status_code == 400
    assert message in error_messages(response)
    assert page(response).select_one("#advice") is None


def test_a_round_links_to_the_calculator_with_its_cohort_size(client, admin, cohort, tool):
    round_ = make_round(tool, admin)
    link = page(client.get(f"/audit-rounds/{round_.id}")).find("a", string=lambda s: s and "Is 10 enough?" in s)
    assert link["href"] == "/audit-rounds/sample-size?cohort=100"
    prefilled = client.get(link["href"])
    assert "You need to audit 50 of 100 cases" in page(prefilled).select_one("#advice").get_text()


CASE_MARKUP = '<b id="injected">x</b><script>alert(1)</script>'


@pytest.mark.parametrize("reference", [CASE_MARKUP, '"><img src=x id=injected>'])
def test_a_case_reference_is_text_on_the_audit_round_page(client, make_user, make_audit, make_case, reference):
    audit = make_audit(auditor=None, case=make_case(reference=reference))
    make_user("auditor")
    client.sign_in(make_user("admin"))
    response = client.get(f"/audit-rounds/{audit.round_id}")
    assert response.status_code == 200
    soup = page(response)
    assert soup.select("#injected") == [] and soup.select("script:not([src])") == soup.select("script[nonce]:not([src])")
    button = soup.select_one(f"form[action$='/audits/{audit.id}/assign'] button")
    assert button.get_text(" ", strip=True) == f"Assign an auditor to case {reference}"
