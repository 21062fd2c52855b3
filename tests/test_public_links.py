"""Links that leave the request (printed cards, QR codes, invite links, emails) name the
service's public address (PUBLIC_URL), whatever Host header the request carried."""
from datetime import date

import pytest
from conftest import page
from feedback.conftest import admin, campaign, make_campaign, practitioner, questionnaires, team  # noqa: F401
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401
from moderation.helpers import submitted_audit

from app.core import jobs
from app.feedback import services

PUBLIC = "https://feedback.example.gov.uk"
EVIL = {"Host": "evil.example"}


@pytest.fixture
def public(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)


def sign_in_at_evil(client, user):
    """Signed in, with the session cookie sent to a request naming Host: evil.example too."""
    client.sign_in(user)
    cookie = client.http.get_cookie("session", domain="localhost")
    client.http.set_cookie("session", cookie.value, domain="evil.example")


def test_invite_pages_cards_and_qr_codes_never_name_the_requests_host(client, public, make_campaign, practitioner):
    campaign = make_campaign(open_link=True)
    invite = services.issue_invite(campaign, practitioner, date.today())
    sign_in_at_evil(client, practitioner)
    pages = {
        "invite": f"/feedback/invites/{invite.display_code}",
        "invite card": f"/feedback/invites/{invite.display_code}/card",
        "campaign": f"/feedback/campaigns/{campaign.id}",
        "campaign card": f"/feedback/campaigns/{campaign.id}/card",
    }
    for name, url in pages.items():
        response = client.get(url, headers=EVIL)
        assert response.status_code == 200, name
        html = response.get_data(as_text=True)
        assert "evil.example" not in html, name
    invite_page = page(client.get(pages["invite"], headers=EVIL))
    assert invite_page.select_one(f'a[href="{PUBLIC}/q/{invite.display_code}"]') is not None
    assert "feedback.example.gov.uk/q" in page(client.get(pages["invite card"], headers=EVIL)).get_text()
    campaign_page = page(client.get(pages["campaign"], headers=EVIL))
    assert campaign_page.select_one(f'a[href="{PUBLIC}/c/{campaign.open_link_token}"]') is not None


def test_the_qr_code_encodes_the_public_address(client, public, monkeypatch, make_campaign, practitioner):
    from app.feedback import views

    encoded = []
    real = views.qr_svg
    monkeypatch.setattr(views, "qr_svg", lambda data, title: encoded.append(data) or real(data, title))
    invite = services.issue_invite(make_campaign(), practitioner, date.today())
    sign_in_at_evil(client, practitioner)
    client.get(f"/feedback/invites/{invite.display_code}", headers=EVIL)
    client.get(f"/feedback/invites/{invite.display_code}/card", headers=EVIL)
    assert encoded == [f"{PUBLIC}/q/{invite.display_code}"] * 2


def test_the_moderators_return_email_links_to_the_public_address(client, app, public, make_user, make_audit):
    auditor = make_user("auditor")
    moderation = submitted_audit(make_audit, auditor)[1]
    moderator = make_user("moderator")
    outbox = app.extensions.setdefault("mail_outbox", [])
    outbox.clear()
    sign_in_at_evil(client, moderator)
    client.submit(f"/moderation/{moderation.id}/claim", headers=EVIL)
    client.submit(f"/moderation/{moderation.id}/finish", {"action": "return", "comments": "Add the safety plan."}, headers=EVIL)
    jobs.run_queued()  # the email goes through the outbox
    [mail] = outbox
    assert "evil.example" not in mail.body and "localhost" not in mail.body
    assert f"{PUBLIC}/audits/{moderation.audit_id}" in mail.body


def test_action_reminders_link_to_the_public_address(app, public, make_user, make_audit):
    from datetime import timedelta

    from app.audits import action_service
    from app.audits.models import CorrectiveAction
    from app.core.db import db, utcnow

    owner = make_user("auditor")
    audit = make_audit(auditor=owner)
    db.session.add(CorrectiveAction(audit=audit, case=audit.case, description="Do it", owner=owner,
                                    due_date=date.today() - timedelta(days=1), raised_by=owner, raised_at=utcnow()))
    db.session.commit()
    from app.core.jobs import run_queued

    outbox = app.extensions.setdefault("mail_outbox", [])
    outbox.clear()
    with app.test_request_context("/", headers=EVIL):
        assert action_service.queue_reminders(date.today()) == 1
    run_queued()
    assert f"{PUBLIC}/corrective-actions" in outbox[0].body and "evil.example" not in outbox[0].body
