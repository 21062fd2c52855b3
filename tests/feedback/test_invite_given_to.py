"""Who an invite was given to: an optional private note the practitioner writes when
issuing it, kept on the invite, shown to its issuer (and administrators) on the invite
page and on a safeguarding alert, and nowhere else: not to colleagues, not in results,
comments, reports, exports or the API."""
import re
from pathlib import Path

from conftest import error_messages, page
from feedback.conftest import answer
from sqlalchemy import select

from app.core.db import db
from app.feedback.models import Invite
from app.safeguarding.models import Alert

NOTE = "Case 4471-ZQ, Jordan (Year 6)"
ROOT = Path(__file__).resolve().parents[2]


def issue(client, campaign, given_to=None):
    data = {} if given_to is None else {"given_to": given_to}
    return client.submit(f"/feedback/campaigns/{campaign.id}/invites", data)


def only_invite() -> Invite:
    db.session.expire_all()
    return db.session.scalars(select(Invite)).one()


def test_the_issue_form_asks_who_the_invite_is_for_and_says_it_is_private(client, practitioner, campaign):
    client.sign_in(practitioner)
    soup = page(client.get(f"/feedback/campaigns/{campaign.id}"))
    assert soup.select_one("label[for=given_to]").get_text(" ", strip=True) == "Who is this invite for? (optional)"
    hint = soup.select_one("#given_to-hint").get_text(" ", strip=True)
    assert "A case reference or a note you will understand" in hint
    assert "shown only on a safeguarding alert to you, your team's safeguarding leads and administrators" in hint
    assert "deleted 90 days after the campaign ends" in hint


def test_who_the_invite_is_for_is_kept_and_shown_to_its_issuer(client, practitioner, campaign):
    client.sign_in(practitioner)
    response = issue(client, campaign, f"  {NOTE}  ")
    assert response.status_code == 302
    invite = only_invite()
    assert invite.given_to == NOTE
    shown = page(client.get(f"/feedback/invites/{invite.display_code}"))
    rows = {dt.get_text(strip=True): dd.get_text(" ", strip=True)
            for dt, dd in zip(shown.select(".govuk-summary-list__key"), shown.select(".govuk-summary-list__value"))}
    assert rows["Given to"] == NOTE


def test_it_is_optional(client, practitioner, campaign):
    client.sign_in(practitioner)
    assert issue(client, campaign).status_code == 302
    assert issue(client, campaign, "   ").status_code == 302
    db.session.expire_all()
    assert [i.given_to for i in db.session.scalars(select(Invite))] == [None, None]


def test_a_note_too_long_is_refused_with_a_clear_error_and_no_invite(client, practitioner, campaign):
    client.sign_in(practitioner)
    response = issue(client, campaign, "x" * 201)
    assert response.status_code == 400
    assert error_messages(response) == ["Who the invite is for must be 200 characters or fewer"]
    assert page(response).select_one("#given_to")["value"] == "x" * 201
    assert db.session.scalars(select(Invite)).all() == []
    assert issue(client, campaign, "x" * 200).status_code == 302


def test_a_colleague_cannot_see_it(client, new_client, practitioner, campaign, make_user, team):
    client.sign_in(practitioner)
    issue(client, campaign, NOTE)
    invite = only_invite()
    colleague = new_client()
    colleague.sign_in(make_user("practitioner", email="colleague@example.org", team_id=team.id))
    assert colleague.get(f"/feedback/invites/{invite.display_code}").status_code == 403
    assert NOTE not in colleague.get(f"/feedback/campaigns/{campaign.id}").get_data(as_text=True)
    assert NOTE not in colleague.get("/feedback/invites").get_data(as_text=True)


def test_it_is_shown_on_the_alert_to_the_issuer_and_the_lead_but_not_in_results(
        client, new_client, practitioner, lead, admin, campaign):
    client.sign_in(practitioner)
    issue(client, campaign, NOTE)
    invite = only_invite()
    answer(new_client(), f"/q/{invite.display_code}", {"safe-home": "sad"}, {"better": "my dad hits me"})
    alert = db.session.scalars(select(Alert)).one()
    for person in (practitioner, lead, admin):
        viewer = new_client()
        viewer.sign_in(person)
        assert NOTE in viewer.get(f"/feedback/alerts/{alert.id}").get_data(as_text=True), person.email

    viewer = new_client()
    viewer.sign_in(admin)
    pages = [f"/feedback/campaigns/{campaign.id}", f"/feedback/campaigns/{campaign.id}/results",
             "/feedback/results", "/feedback/comments", "/feedback/alerts"]
    pages += [rule.rule for rule in viewer.http.application.url_map.iter_rules()
              if rule.rule.startswith("/api") and not rule.arguments and "GET" in rule.methods]
    for url in pages:
        response = viewer.get(url)
        assert response.status_code == 200, url
        assert NOTE not in response.get_data(as_text=True), url
        assert "4471-ZQ" not in response.get_data(as_text=True), url


# Where the note may be named in the code: the invite (model, issuing, its form and page),
# the alert page that shows it to those who may see it, its retention, the migration.
MAY_NAME_IT = {
    "app/feedback/models.py", "app/feedback/services.py", "app/feedback/forms.py", "app/feedback/views.py",
    "app/safeguarding/views.py", "app/safeguarding/services.py", "app/retention/purge.py",
    "templates/feedback/invite.html", "templates/feedback/campaign.html", "templates/safeguarding/alert.html",
}


def test_nothing_else_in_the_code_reads_it():
    """So results, reports, exports and the API cannot show it: a new use must be added
    here on purpose, after checking who sees it."""
    found = set()
    for folder, pattern in (("app", "*.py"), ("templates", "*.html")):
        for path in (ROOT / folder).rglob(pattern):
            if re.search(r"given_to", path.read_text(encoding="utf-8")):
                found.add(str(path.relative_to(ROOT)))
    assert found <= MAY_NAME_IT, sorted(found - MAY_NAME_IT)
    assert "app/feedback/results.py" not in found and not any(f.startswith(("app/api", "app/reports")) for f in found)
