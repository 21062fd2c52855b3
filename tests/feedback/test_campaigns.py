"""Campaigns and invites (staff pages), the seed questionnaires, measures coverage, demo
data, invite codes and the mail outbox."""
import random
import re
from datetime import date

import pytest
from conftest import error_messages, page, static_url
from feedback.conftest import answer, published
from sqlalchemy import func, select

from app.core import mail
from app.core.datafile import DataFileError
from app.core.db import db
from app.feedback import invite_codes, services
from app.feedback.models import Campaign, Invite, Questionnaire, Response
from app.safeguarding.models import Alert, ConcernWord, SafeguardingLead
from app.feedback.questionnaire_service import FrozenVersion, SURVEYS_DIR, seed_questionnaires

NO_PERMISSION = "You do not have permission to see this page"
CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def rows(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


# --- Creating a campaign ----------------------------------------------------------------------


def test_an_administrator_creates_a_campaign(client, admin, questionnaires, team):
    client.sign_in(admin)
    form = page(client.get("/feedback/campaigns/new"))
    options = [o.get_text() for o in form.select("#questionnaire_version_id option")]
    assert len(options) == 16 and "Tell us what you think – Children (about 8 to 12) (children_feedback, version 2)" in options
    version = published("children_feedback")
    response = client.submit("/feedback/campaigns/new", {
        "name": "Children's feedback, autumn", "questionnaire_version_id": str(version.id),
        "period_start": ["1", "10", "2026"], "period_end": ["31", "3", "2027"], "district_id": "",
        "team_id": str(team.id), "target_rate": "30%", "open_link": "yes",
    })
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign))
    assert response.headers["Location"] == f"/feedback/campaigns/{campaign.id}"
    assert (campaign.name, campaign.period_start, campaign.period_end) == ("Children's feedback, autumn", date(2026, 10, 1), date(2027, 3, 31))
    assert (campaign.team_id, campaign.district_id, campaign.target_rate) == (team.id, team.district_id, 0.3)
    assert campaign.open_link_token and len(campaign.open_link_token) >= 16
    shown = client.get(response.headers["Location"])
    assert "Campaign 'Children's feedback, autumn' created." in page(shown).get_text()
    assert page(shown).h1.get_text(strip=True) == "Children's feedback, autumn"


def test_a_campaign_form_with_problems_says_what_and_where(client, admin, questionnaires):
    client.sign_in(admin)
    response = client.submit("/feedback/campaigns/new", {
        "name": "", "questionnaire_version_id": "", "period_start": ["31", "2", "2026"],
        "period_end": ["", "", ""], "target_rate": "lots", "open_link": "no",
    })
    assert response.status_code == 400
    assert error_messages(response) == [
        "Enter a name for the campaign",
        "Choose the questionnaire",
        "Starts on must be a real date, for example 31 3 2026",
        "Enter the date the campaign ends",
        "Enter the target response rate as a number, such as 25",
    ]
    backwards = client.submit("/feedback/campaigns/new", {
        "name": "Backwards", "questionnaire_version_id": str(published("children_feedback").id),
        "period_start": ["1", "4", "2026"], "period_end": ["31", "3", "2026"], "target_rate": "25", "open_link": "no",
    })
    assert error_messages(backwards) == ["The end date must be on or after the start date"]
    assert rows(Campaign) == 0


# --- Issuing invites --------------------------------------------------------------------------


def test_a_practitioner_issues_an_invite_with_a_code_a_link_a_qr_code_and_a_card(client, practitioner, campaign):
    client.sign_in(practitioner)
    listing = page(client.get("/feedback/campaigns"))
    assert [a.get_text() for a in listing.select("#campaigns tbody a")] == ["children_feedback campaign"]
    response = client.submit(f"/feedback/campaigns/{campaign.id}/invites")
    assert response.status_code == 302
    invite = db.session.scalar(select(Invite))
    assert CODE.match(invite.display_code)
    assert response.headers["Location"] == f"/feedback/invites/{invite.display_code}"
    assert (invite.issued_by_id, invite.team_id, invite.used_at) == (practitioner.id, practitioner.team_id, None)

    shown = page(client.get(response.headers["Location"]))
    assert shown.h1.get_text(strip=True) == f"Invite {invite.display_code}"
    assert shown.select_one("#invite-code").get_text() == invite.display_code
    assert shown.select_one(f'a[href="http://localhost/q/{invite.display_code}"]') is not None
    qr = shown.select_one("svg.app-qr")
    assert qr["role"] == "img" and qr.title.get_text() == f"QR code for invite {invite.display_code}"

    card = client.get(f"/feedback/invites/{invite.display_code}/card")
    assert card.status_code == 200
    text = page(card).get_text(" ", strip=True)
    assert invite.display_code in text and "localhost/q" in text and "Childline free on 0800 1111" in text
    assert [link["href"] for link in page(card).select("link[rel=stylesheet]")] == [static_url("css/respondent.css")]

    mine = page(client.get("/feedback/invites"))
    assert [a.get_text() for a in mine.select("#my-invites tbody a")] == [invite.display_code]


def test_each_invite_has_its_own_code(practitioner, campaign):
    codes = {services.issue_invite(campaign, practitioner, date.today()).code for _ in range(30)}
    assert len(codes) == 30


def test_a_campaign_for_another_team_is_not_offered(client, make_user, make_team, make_campaign, practitioner):
    other = make_team("Eden Family Support", "Eden")
    theirs = make_campaign(team=other, name="Eden only")
    in_district = make_campaign(district=practitioner.team.district, name="Barrow district")
    client.sign_in(practitioner)
    listing = [a.get_text() for a in page(client.get("/feedback/campaigns")).select("#campaigns tbody a")]
    assert listing == ["Barrow district"]
    assert client.get(f"/feedback/campaigns/{theirs.id}").status_code == 403
    assert client.submit(f"/feedback/campaigns/{theirs.id}/invites").status_code == 403
    assert client.get(f"/feedback/campaigns/{in_district.id}").status_code == 200
    assert rows(Invite) == 0


def test_another_practitioners_invite_is_theirs_alone(client, make_user, invite, team):
    colleague = make_user("practitioner", team_id=team.id)
    client.sign_in(colleague)
    assert client.get(f"/feedback/invites/{invite.display_code}").status_code == 403
    assert client.get(f"/feedback/invites/{invite.display_code}/card").status_code == 403
    assert page(client.get(f"/feedback/campaigns/{invite.campaign_id}")).select_one("#invites") is None


def test_a_closed_campaign_issues_no_invites(client, admin, practitioner, campaign):
    client.sign_in(admin)
    client.submit(f"/feedback/campaigns/{campaign.id}/close")
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).closed_at is not None
    client.sign_out()
    client.sign_in(practitioner)
    response = client.submit(f"/feedback/campaigns/{campaign.id}/invites", follow_redirects=True)
    assert "'children_feedback campaign' is not open, so no more invites can be issued in it" in error_messages(response)
    assert rows(Invite) == 0
    assert page(client.get("/feedback/invites")).get_text(" ", strip=True).count("No campaign is open for your team just now") == 1


def test_the_campaign_page_counts_responses_against_the_target(client, new_client, admin, practitioner, make_campaign):
    campaign = make_campaign(open_link=True, target_rate=0.5)
    invites = [services.issue_invite(campaign, practitioner, date.today()) for _ in range(4)]
    for invite in invites[:2]:
        answer(new_client(), f"/q/{invite.display_code}", {"happier": "happy"})
    answer(new_client(), f"/c/{campaign.open_link_token}", {"happier": "middle"})
    client.sign_in(admin)
    summary = page(client.get(f"/feedback/campaigns/{campaign.id}")).select_one(".govuk-summary-list").get_text(" ", strip=True)
    assert "Invites issued 4 (2 answered)" in summary
    assert "Response rate 50% of invites answered: meets the target of 50%" in summary
    assert "Answers through the open link 1" in summary
    counts = services.campaign_counts([campaign])[campaign.id]
    assert (counts.responses, counts.rate, counts.meets_target) == (3, 0.5, True)


# --- Who may open the staff pages --------------------------------------------------------------

STAFF_PAGES = [
    "/feedback/campaigns", "/feedback/campaigns/{campaign}", "/feedback/invites",
    "/feedback/invites/{code}", "/feedback/invites/{code}/card", "/feedback/campaigns/{campaign}/card",
]
ADMIN_ONLY = ["/feedback/campaigns/new", "/feedback/concern-words", "/feedback/safeguarding-leads"]


@pytest.fixture
def ids(make_campaign, practitioner):
    campaign = make_campaign(open_link=True)
    invite = services.issue_invite(campaign, practitioner, date.today())
    return {"campaign": campaign.id, "code": invite.display_code}


@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY)
def test_an_administrator_opens_every_feedback_page(client, admin, ids, url):
    client.sign_in(admin)
    assert client.get(url.format(**ids)).status_code == 200


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_the_issuing_practitioner_opens_the_invite_pages(client, practitioner, ids, url):
    client.sign_in(practitioner)
    assert client.get(url.format(**ids)).status_code == 200


@pytest.mark.parametrize("role", ["auditor", "moderator", "qa_viewer", None])
@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY)
def test_other_roles_are_refused(client, make_user, ids, role, url):
    client.sign_in(make_user(*([role] if role else [])))
    response = client.get(url.format(**ids))
    assert response.status_code == 403
    assert page(response).h1.get_text(strip=True) == NO_PERMISSION


@pytest.mark.parametrize("url", ADMIN_ONLY + ["/feedback/campaigns/{campaign}/close"])
def test_practitioners_cannot_use_administrator_pages(client, practitioner, ids, url):
    client.sign_in(practitioner)
    response = client.get(url.format(**ids)) if not url.endswith("/close") else client.submit(url.format(**ids))
    assert response.status_code == 403
    assert db.session.get(Campaign, ids["campaign"]).closed_at is None


@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY)
def test_signed_out_people_are_sent_to_sign_in(client, ids, url):
    response = client.get(url.format(**ids))
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in?next=")


def test_practitioners_are_offered_invites_and_alerts_in_the_menu(client, practitioner):
    client.sign_in(practitioner)
    nav = [a.get_text(strip=True) for a in page(client.get("/")).select(".govuk-service-navigation__link")]
    assert {"Feedback campaigns", "Invites", "Safeguarding alerts"} <= set(nav)


# --- Seed questionnaires, coverage, demo data ---------------------------------------------------


def test_seeding_the_questionnaires_is_safe_to_repeat(app):
    assert seed_questionnaires() == {"added": 15, "unchanged": 0, "warnings": []}
    assert seed_questionnaires() == {"added": 0, "unchanged": 15, "warnings": []}
    assert rows(Questionnaire) == 15
    assert all(q.published is not None for q in db.session.scalars(select(Questionnaire)))


def test_a_changed_file_with_the_same_version_is_refused(app, tmp_path):
    seed_questionnaires()
    for path in SURVEYS_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    changed = tmp_path / "children_feedback.yaml"
    changed.write_text(changed.read_text().replace("Things at home are calmer now.", "Home is calmer now."))
    with pytest.raises(DataFileError) as error:
        seed_questionnaires(tmp_path)
    assert "children_feedback.yaml: The version is 2, but version 2 of 'children_feedback' is already loaded with different content" in str(error.value)
    changed.write_text(changed.read_text().replace("version: 2", "version: 3"))
    assert seed_questionnaires(tmp_path) == {"added": 1, "unchanged": 14, "warnings": []}
    assert published("children_feedback").version == 3


def test_the_author_is_warned_when_a_childrens_questionnaire_is_too_hard_to_read(app, tmp_path):
    seed_questionnaires()
    for path in SURVEYS_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    hard = tmp_path / "children_feedback.yaml"
    hard.write_text(hard.read_text().replace("version: 2", "version: 3").replace(
        "Things at home are calmer now.",
        "Interpersonal relationships within the household environment demonstrate considerably diminished volatility."))
    result = seed_questionnaires(tmp_path)
    assert result["added"] == 1  # warned, still loaded: a person judges
    [warning] = result["warnings"]
    assert warning.startswith("children_feedback version 3: ")
    assert "statements[0] (home-calmer): reading age about" in warning and "above 9 for this audience" in warning


def test_a_published_version_never_changes(app):
    seed_questionnaires()
    version = published("children_feedback")
    with pytest.raises(FrozenVersion):
        version.definition_yaml = version.definition_yaml.replace("calmer", "quieter")
    db.session.rollback()


def test_published_questionnaires_answer_every_feedback_measure(app, plan):
    seed_questionnaires()
    result = app.test_cli_runner().invoke(args=["measures-coverage", "--kind", "feedback"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Feedback measures: 19 of 19 answered."


def test_the_seed_command_loads_the_questionnaires_and_adds_no_concern_phrases(app, plan):
    result = app.test_cli_runner().invoke(args=["seed"])
    assert "Questionnaires: 15 versions added, 0 unchanged." in result.output
    assert "Concern words" not in result.output  # the concern detector is built in: no starter list to add
    again = app.test_cli_runner().invoke(args=["seed"])
    assert "Questionnaires: 0 versions added, 15 unchanged." in again.output
    # The concern detector is built in; the administrators' list starts empty.
    assert db.session.scalar(select(func.count()).select_from(ConcernWord)) == 0


def test_demo_data_is_idempotent(app, places):
    from app.demo import load_demo
    from app.demo.feedback import add_demo_data

    today = date(2026, 11, 20)
    load_demo(2026, today)  # teams and accounts (and whatever else the demo loads)
    add_demo_data(random.Random(7), today)
    counts = (rows(Campaign), rows(Invite), rows(Response), rows(Alert))
    add_demo_data(random.Random(7), today)
    assert (rows(Campaign), rows(Invite), rows(Response), rows(Alert)) == counts
    assert counts[0] == 15 and counts[1] == 20 and counts[2] == 60 and 1 <= counts[3] <= 2
    campaign = db.session.scalar(select(Campaign))
    assert (campaign.period_start, campaign.period_end) == (date(2026, 10, 1), date(2027, 3, 31))
    practitioner_team = db.session.scalar(select(Invite.team_id).limit(1))
    assert db.session.scalar(select(SafeguardingLead).where(SafeguardingLead.team_id == practitioner_team)) is not None
    assert rows(Alert) == db.session.scalar(select(func.count()).select_from(Alert).where(Alert.closed_at.is_(None)))


# --- Invite codes ----------------------------------------------------------------------------


def test_codes_avoid_characters_people_mix_up():
    rng = random.Random(1)
    codes = [invite_codes.new_code(rng) for _ in range(500)]
    assert all(len(c) == 8 and not set(c) & set("01OIL") for c in codes)
    assert invite_codes.display("7KXM3QPA") == "7KXM-3QPA"
    assert invite_codes.normalise(" 7kxm – 3qpa ") == "7KXM3QPA"
    with pytest.raises(invite_codes.CodeError):
        invite_codes.normalise("7KXM-3QPI")


# --- Mail ---------------------------------------------------------------------------------------


def test_mail_is_captured_not_sent_when_testing(app, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")

    def refuse(*args, **kwargs):
        raise AssertionError("SMTP must not be used while testing")

    monkeypatch.setattr(mail.smtplib, "SMTP", refuse)
    assert mail.send_email("a@example.org", "Subject", "Body") is True
    assert outbox == [mail.Mail(("a@example.org",), "Subject", "Body", "no-reply@localhost")]


def test_mail_goes_through_smtp_when_a_server_is_set(app, outbox, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def ehlo(self):
            pass

        def has_extn(self, name):
            return True

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user, password))

        def send_message(self, message):
            sent.append(("send", message["To"], message["Subject"], message.get_content().strip()))

    monkeypatch.setitem(app.config, "TESTING", False)
    for name, value in {"MAIL_SERVER": "smtp.example.org", "MAIL_PORT": 2525, "MAIL_USERNAME": "u",
                        "MAIL_PASSWORD": "p", "MAIL_FROM": "alerts@example.org"}.items():
        monkeypatch.setitem(app.config, name, value)
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    assert mail.send_email(["a@example.org", "b@example.org"], "Hello", "Body text") is True
    assert sent == [("connect", "smtp.example.org", 2525), ("starttls",), ("login", "u", "p"),
                    ("send", "a@example.org, b@example.org", "Hello", "Body text")]
    assert outbox == []
