"""Each role's home page in the browser: axe-core at 1280px and 320px, nothing scrolls sideways,
and the invites page's campaign finder, with and without JavaScript. Screenshots go to
$HOME_SHOTS when it is set (for reviewing the pages by eye)."""
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import PASSWORD
from feedback.conftest import answer, make_team_named, published  # noqa: F401
from moderation.helpers import submitted_audit
from playwright.sync_api import expect
from reports.conftest import NOW, dataset  # noqa: F401  (fixture)
from sqlalchemy import select

from app.audits.models import Audit, AuditRound, AuditToolVersion, Case
from app.core.db import db, utcnow
from app.feedback import services as feedback
from app.feedback.questionnaire_service import seed_questionnaires
from app.moderation import rules as moderation_rules

TODAY = date(2026, 9, 30)  # in H1 2026-27, the report dataset's period
SHOTS = os.environ.get("HOME_SHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture(autouse=True)
def in_the_period(monkeypatch):
    from app.home import services as home
    from app.home import views
    from app.reports import services

    monkeypatch.setattr(services, "utcnow", lambda: NOW)
    monkeypatch.setattr(home, "uk_today", lambda: TODAY)
    monkeypatch.setattr(views, "uk_today", lambda: TODAY)


@pytest.fixture
def people(dataset, make_user, client):  # noqa: F811
    """The report dataset (for the headlines), plus audits due, a moderation outcome, a queue and
    a practitioner with campaigns, invites and an open alert."""
    team = dataset["team"]
    auditor = dataset["auditor"]
    version = db.session.scalar(select(AuditToolVersion))
    round_ = AuditRound(name="Autumn dip sample", tool_version=version, cohort_filter={}, sample_spec="3",
                        method="simple_random", seed=2, cohort_size=3, sample_size=3, due_date=TODAY,
                        created_by=dataset["admin"], confirmed_at=utcnow(), confirmed_by=dataset["admin"])
    for n, (due, state) in enumerate([(TODAY - timedelta(days=3), "in_progress"), (TODAY + timedelta(days=7), "returned"),
                                      (TODAY + timedelta(days=14), "not_started")]):
        case = Case(reference=f"CF-2093{n}", service_type="CIN", team=team, start_date=date(2025, 3, 3))
        db.session.add_all([case, Audit(round=round_, case=case, tool_version=version, auditor_id=auditor.id,
                                        due_date=due, state=state)])
    db.session.commit()
    # A queue for the moderator: two waiting, one of them overdue.
    other = make_user("auditor", email="other.auditor@example.org", name="Olu Auditor")

    def make_audit(auditor=None, **fields):
        case = Case(reference=f"CF-3{db.session.query(Case).count():04d}", service_type="CP", team=team,
                    start_date=date(2025, 3, 3))
        a = Audit(round=round_, case=case, tool_version=version, auditor=auditor, due_date=TODAY)
        db.session.add_all([case, a])
        db.session.commit()
        return a

    _, late = submitted_audit(make_audit, other)
    submitted_audit(make_audit, other)
    late.first_submitted_at = utcnow() - timedelta(days=30)
    # A finalised outcome for the auditor, lowered.
    _, outcome = submitted_audit(make_audit, auditor)
    outcome.state, outcome.finalised_at, outcome.first_decided_at = moderation_rules.FINALISED, utcnow(), utcnow()
    outcome.final_judgement = "inadequate"
    db.session.commit()

    seed_questionnaires()
    barrow = make_team_named("Barrow Safeguarding", "Barrow")
    practitioner = make_user("practitioner", email="priya@example.org", name="Priya Practitioner", team_id=barrow.id)
    start, end = date.today() - timedelta(days=30), date.today() + timedelta(days=60)
    campaigns = {}
    for key, name in [("children_feedback", "Children's feedback, autumn"),
                      ("parents_carers_feedback", "Parents and carers, autumn"),
                      ("parents_carers_feedback", "Parents and carers, spring"),
                      ("care_experienced_young_people", "Care leavers survey")]:
        campaigns[name] = feedback.create_campaign(name=name, version=published(key), period_start=start, period_end=end,
                                                   district=None, team=barrow, target_rate=0.25, open_link=False,
                                                   user=dataset["admin"])
    invite = feedback.issue_invite(campaigns["Children's feedback, autumn"], practitioner, date.today())
    feedback.issue_invite(campaigns["Parents and carers, autumn"], practitioner, date.today())
    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"})
    both = make_user("auditor", "moderator", email="both@example.org", name="Bo Both")
    return {"auditor": auditor, "moderator": dataset["moderator"], "practitioner": practitioner,
            "qa_viewer": make_user("qa_viewer", email="quinn@example.org", name="Quinn Viewer"),
            "admin": dataset["admin"], "auditor and moderator": both}


HEADINGS = {
    "auditor": ["Audits due"],
    "moderator": ["Moderation"],
    "practitioner": ["Safeguarding alerts", "Invites"],
    "qa_viewer": ["Headline figures for H1 2026-27"],
    "admin": ["Safeguarding alerts", "Headline figures for H1 2026-27"],
    "auditor and moderator": ["Audits due", "Moderation"],
}


@pytest.mark.parametrize("who", list(HEADINGS))
def test_each_roles_home_page_passes_axe_at_1280_and_320(new_page, phone, people, sign_in, axe,
                                                         assert_no_horizontal_scroll, assert_only_local_requests, who):
    wide = new_page(viewport={"width": 1280, "height": 900})
    sign_in(wide, people[who].email, PASSWORD)
    expect(wide.get_by_role("heading", level=1)).to_have_text("Home")
    expect(wide.locator("main h2")).to_have_text(HEADINGS[who])
    axe(wide, f"{who}'s home at 1280px")
    shot(wide, f"home-{who.replace(' ', '-')}-1280")
    assert_only_local_requests(wide)

    sign_in(phone, people[who].email, PASSWORD)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Home")
    assert_no_horizontal_scroll(phone)
    axe(phone, f"{who}'s home at 320px")
    shot(phone, f"home-{who.replace(' ', '-')}-320")


def test_the_invites_page_finds_a_campaign_at_1280_and_320(new_page, phone, people, sign_in, axe,
                                                           assert_no_horizontal_scroll):
    wide = new_page(viewport={"width": 1280, "height": 900})
    sign_in(wide, people["practitioner"].email, PASSWORD)
    wide.get_by_role("link", name="All your invites").click()
    expect(wide.get_by_role("heading", level=1)).to_have_text("Invites")
    axe(wide, "invites, every campaign")
    wide.get_by_label("Who it is for").select_option(label="Parents and carers")
    wide.get_by_label("Campaign name").fill("spring")
    wide.get_by_role("button", name="Find campaigns").click()
    campaigns = wide.get_by_role("table", name="Open campaigns you can issue invites in")
    expect(campaigns.locator("tbody tr")).to_have_count(1)
    expect(campaigns).to_contain_text("Parents and carers, spring")
    expect(wide.locator("#campaigns-found")).to_have_text("1 of 4 open campaigns found for parents and carers named “spring”.")
    axe(wide, "invites, filtered")
    shot(wide, "invites-filtered-1280")

    sign_in(phone, people["practitioner"].email, PASSWORD)
    phone.goto("/feedback/invites?audience=parents_carers")
    expect(phone.get_by_role("table", name="Open campaigns you can issue invites in").locator("tbody tr")).to_have_count(2)
    assert_no_horizontal_scroll(phone)
    axe(phone, "invites, filtered, at 320px")
    shot(phone, "invites-filtered-320")


def test_the_campaign_finder_and_home_work_without_javascript(new_page, people, sign_in):
    plain = new_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    sign_in(plain, people["practitioner"].email, PASSWORD)
    expect(plain.get_by_role("heading", level=2, name="Invites")).to_be_visible()
    plain.get_by_role("button", name="Issue an invite").click()  # a link that looks like a button
    plain.get_by_label("Campaign name").fill("children")
    plain.get_by_role("button", name="Find campaigns").click()
    campaigns = plain.get_by_role("table", name="Open campaigns you can issue invites in")
    expect(campaigns.locator("tbody tr")).to_have_count(1)
    campaigns.get_by_role("link", name="Children's feedback, autumn").click()
    expect(plain.get_by_role("heading", level=1)).to_have_text("Children's feedback, autumn")


def test_the_card_prints_on_its_own(new_page, people, sign_in, axe):
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, people["practitioner"].email, PASSWORD)
    code = feedback.invites_issued_by(people["practitioner"])[0].display_code
    page.goto(f"/feedback/invites/{code}/card")
    printing = page.get_by_role("button", name="Print the card")
    expect(printing).to_be_visible()
    # A function, so that evaluate defines the stub rather than calling it.
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    printing.click()
    assert page.evaluate("window.printed") == 1
    axe(page, "the card")
    shot(page, "card-1280")
    page.emulate_media(media="print")
    expect(printing).to_be_hidden()
    expect(page.locator(".app-card")).to_be_visible()
    shot(page, "card-print")

    plain = new_page(java_script_enabled=False)
    sign_in(plain, people["practitioner"].email, PASSWORD)
    plain.goto(f"/feedback/invites/{code}/card")
    expect(plain.get_by_role("button", name="Print the card")).to_be_hidden()  # it could do nothing
