"""The respondent's session cookie holds nothing that names their invite (issue 11, low)."""
from conftest import page
from feedback.conftest import answer

from app.feedback import services


def test_the_session_cookie_never_carries_the_invite_code(app, client, invite):
    """The thank-you page learns what to forget from the session cookie, which anyone holding
    it can read (it is signed, not encrypted): it holds an opaque key, not the code."""
    from flask.sessions import SecureCookieSessionInterface

    response, _ = answer(client, f"/q/{invite.display_code}", {"happier": "happy"})
    assert response.status_code == 302
    cookie = client.http.get_cookie("session", domain="localhost").value
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    session = serializer.loads(cookie)
    text = repr(session)
    assert invite.code not in text and invite.display_code not in text
    assert session["feedback_done"]["forget"] == services.storage_key(invite.campaign, invite)
    assert page(client.get("/q/thank-you")).select_one("#respondent-done")["data-forget"].startswith("feedback-")
