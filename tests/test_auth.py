"""Signing in and out, throttling, sessions ending when an account changes, safe redirects, headers."""
import re

import pytest
from conftest import PASSWORD, error_messages, page
from sqlalchemy import func, select

from app.auth.models import LoginAttempt, User
from app.core.db import db

BAD_CREDENTIALS = "Enter a correct email address and password"


def attempt(client, email, password=PASSWORD, next_url=None):
    return client.submit("/sign-in" + (f"?next={next_url}" if next_url else ""), {"email": email, "password": password})


def is_signed_in(client) -> bool:
    response = client.get("/")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/sign-in")
        return False
    assert response.status_code == 200
    return True


def test_sign_in_and_sign_out(client, make_user):
    user = make_user("auditor", name="Alex Auditor", email="alex@example.org")
    form = client.get("/sign-in")
    assert form.status_code == 200
    assert page(form).h1.get_text(strip=True) == "Sign in"

    response = attempt(client, "alex@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert page(home).select_one(".app-sign-out button").get_text(" ", strip=True) == "Sign out (Alex Auditor)"
    db.session.expire_all()
    assert db.session.get(User, user.id).last_signed_in_at is not None

    # Already signed in: the sign-in page sends them on.
    assert client.get("/sign-in").headers["Location"] == "/"

    out = client.sign_out()
    assert out.status_code == 302
    assert out.headers["Location"] == "/sign-in"
    assert "You have signed out." in client.get("/sign-in").get_data(as_text=True)
    assert not is_signed_in(client)


def test_email_is_matched_whatever_its_case_and_spaces(client, make_user):
    make_user(email="sam.smith@example.org")
    assert attempt(client, "  Sam.Smith@EXAMPLE.org ").status_code == 302
    assert is_signed_in(client)


def test_wrong_password_and_unknown_email_look_the_same(client, make_user):
    make_user(email="known@example.org")
    wrong_password = attempt(client, "known@example.org", "not the password")
    unknown_email = attempt(client, "nobody@example.org", PASSWORD)
    for response in (wrong_password, unknown_email):
        assert response.status_code == 401
        assert error_messages(response) == [BAD_CREDENTIALS]
        assert page(response).select_one("#email-error").get_text(" ", strip=True) == f"Error: {BAD_CREDENTIALS}"
    # The email typed is kept; the password never is.
    soup = page(wrong_password)
    assert soup.select_one("#email")["value"] == "known@example.org"
    assert soup.select_one("#password").get("value", "") == ""
    assert not is_signed_in(client)


def test_empty_form_says_what_is_missing(client):
    response = attempt(client, "", "")
    assert response.status_code == 400
    assert error_messages(response) == ["Enter your email address", "Enter your password"]
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0


def test_deactivated_person_cannot_sign_in(client, make_user):
    make_user("admin", email="gone@example.org", active=False)
    response = attempt(client, "gone@example.org")
    assert response.status_code == 401
    assert error_messages(response) == [BAD_CREDENTIALS]
    assert not is_signed_in(client)


def test_five_failures_slow_that_account_from_that_address_but_never_lock_out_its_owner(client, new_client, app, make_user):
    assert app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] == 5
    make_user(email="target@example.org")
    make_user(email="other@example.org")
    for _ in range(5):
        response = attempt(client, "target@example.org", "guess")
        assert response.status_code == 401
        assert error_messages(response) == [BAD_CREDENTIALS]

    refused = attempt(client, "target@example.org", PASSWORD)
    assert refused.status_code == 429
    [message] = error_messages(refused)
    assert message.startswith("Too many attempts")
    assert "Wait 1 minute " in message
    assert not is_signed_in(client)
    # The delay is on that account from that address: someone else there still signs in...
    assert attempt(client, "other@example.org").status_code == 302
    assert is_signed_in(client)
    # ...and so does the account's owner, from their own address.
    owner = new_client()
    owner.http.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    assert attempt(owner, "target@example.org").status_code == 302


def test_the_delay_grows_with_each_further_failure(client, app, make_user):
    from datetime import timedelta

    from app.core.db import utcnow

    make_user(email="target@example.org")
    now = utcnow()
    for minutes in (14, 13, 12, 11, 10, 9, 8):  # 7 failures from here, the last 8 minutes ago
        db.session.add(LoginAttempt(email="target@example.org", address="127.0.0.1", at=now - timedelta(minutes=minutes)))
    db.session.commit()
    # 7 failures: wait 4 minutes after the last, which was 8 minutes ago: allowed, wrong again.
    assert attempt(client, "target@example.org", "guess").status_code == 401
    # 8 failures: now 8 minutes after the newest one.
    [message] = error_messages(attempt(client, "target@example.org", PASSWORD))
    assert "Wait 8 minutes" in message


def test_twenty_failures_on_one_account_from_anywhere_slow_it_for_everyone(new_client, make_user):
    make_user(email="target@example.org")
    for n in range(20):
        guesser = new_client()
        guesser.http.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
        assert attempt(guesser, "target@example.org", "guess").status_code == 401
    owner = new_client()
    owner.http.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    assert attempt(owner, "target@example.org").status_code == 429


def test_deactivated_and_unknown_accounts_cost_a_password_hash_as_a_wrong_password_does(client, make_user, monkeypatch):
    from app.auth import models, services

    hashed = []
    real = models.check_password_hash
    counting = lambda stored, password: hashed.append(1) or real(stored, password)  # noqa: E731
    monkeypatch.setattr(models, "check_password_hash", counting)
    monkeypatch.setattr(services, "check_password_hash", counting)
    make_user("admin", email="gone@example.org", active=False)
    make_user("admin", email="here@example.org")
    for email in ("gone@example.org", "nobody@example.org", "here@example.org"):
        hashed.clear()
        assert attempt(client, email, "wrong").status_code == 401
        assert len(hashed) == 1, email


def test_twenty_failures_from_one_address_stop_every_account(client, new_client, app, make_user):
    assert app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] == 20
    make_user(email="real@example.org")
    for n in range(20):
        assert attempt(client, f"guess{n}@example.org", "password123").status_code == 401
    refused = attempt(client, "real@example.org", PASSWORD)
    assert refused.status_code == 429
    assert error_messages(refused)[0].startswith("Too many attempts")
    assert not is_signed_in(client)
    # Another address is not affected.
    elsewhere = new_client()
    elsewhere.http.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert attempt(elsewhere, "real@example.org").status_code == 302


def test_a_copied_session_cookie_stops_working_after_sign_out(client, new_client, app, make_user):
    client.sign_in(make_user("admin"))
    cookie = client.http.get_cookie("session", domain="localhost")
    assert cookie is not None

    thief = new_client()
    thief.http.set_cookie("session", cookie.value, domain="localhost")
    assert is_signed_in(thief)

    assert client.sign_out().status_code == 302
    assert not is_signed_in(client)
    assert not is_signed_in(thief), "a copy of the cookie taken before sign-out still works"
    assert thief.get("/admin/people").status_code == 302


def change(client, current=PASSWORD, new="kettle marigold sleet", confirm=None):
    return client.submit("/account/password", {
        "current_password": current, "new_password": new, "confirm_password": new if confirm is None else confirm})


def test_changing_your_own_password_keeps_you_signed_in_here_and_signs_you_out_elsewhere(client, new_client, make_user):
    person = make_user("auditor", name="Pat Person", email="pat@example.org")
    client.sign_in(person)
    elsewhere = new_client()
    elsewhere.sign_in(person)
    form = page(client.get("/account/password"))
    assert form.h1.get_text(strip=True) == "Change your password"
    assert [i["autocomplete"] for i in form.select("input[type=password]")] == ["current-password", "new-password", "new-password"]

    done = change(client)
    assert done.status_code == 302
    assert "Your password has been changed" in client.get("/").get_data(as_text=True)
    assert is_signed_in(client)
    assert not is_signed_in(elsewhere)
    client.sign_out()
    assert attempt(client, "pat@example.org", PASSWORD).status_code == 401
    assert attempt(client, "pat@example.org", "kettle marigold sleet").status_code == 302


@pytest.mark.parametrize("fields, message", [
    ({"current": "not my password"}, "Your current password is not right"),
    ({"current": ""}, "Enter your current password"),
    ({"new": "password1234"}, "Password is too common or too easy to guess; use three or four unrelated words"),
    ({"new": "PatPerson2026!"}, "Password is too common or too easy to guess; use three or four unrelated words"),
    ({"new": "too short"}, "Password must be 12 characters or more"),
    ({"new": PASSWORD}, "Your new password must be different from your current one"),
    ({"confirm": "kettle marigold sleep"}, "The new passwords do not match: enter the same one twice"),
])
def test_a_password_change_that_cannot_be_made_says_why_and_changes_nothing(client, make_user, fields, message):
    client.sign_in(make_user(name="Pat Person", email="pat@example.org"))
    response = change(client, **fields)
    assert response.status_code == 400
    assert message in error_messages(response)
    client.sign_out()
    assert attempt(client, "pat@example.org", PASSWORD).status_code == 302


def test_guessing_the_current_password_is_slowed_down_like_sign_in(client, make_user):
    client.sign_in(make_user(email="pat@example.org"))
    for _ in range(5):
        assert change(client, current="a wrong guess").status_code == 400
    response = change(client)
    assert response.status_code == 429
    assert error_messages(response)[0].startswith("Too many attempts")


def test_changing_a_password_needs_a_signed_in_person_and_a_csrf_token(client, make_user):
    assert client.get("/account/password").status_code == 302
    client.sign_in(make_user())
    response = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "kettle marigold sleet",
                                                       "confirm_password": "kettle marigold sleet"})
    assert response.status_code == 400


def test_deactivating_someone_signs_them_out_at_once(client, new_client, make_user):
    admin = make_user("admin")
    person = make_user("auditor")
    client.sign_in(person)
    assert is_signed_in(client)

    admin_client = new_client()
    admin_client.sign_in(admin)
    done = admin_client.submit(f"/admin/people/{person.id}/deactivate")
    assert done.status_code == 302

    response = client.get("/plan/kpis")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_changing_a_password_signs_out_existing_sessions(client, new_client, make_user):
    admin = make_user("admin")
    person = make_user("practitioner", name="Pat Practitioner", email="pat@example.org")
    client.sign_in(person)
    assert is_signed_in(client)

    admin_client = new_client()
    admin_client.sign_in(admin)
    saved = admin_client.submit(
        f"/admin/people/{person.id}",
        {"name": "Pat Practitioner", "email": "pat@example.org", "team_id": "", "roles": ["practitioner"],
         "password": "a brand new password"},
    )
    assert saved.status_code == 302

    assert not is_signed_in(client)
    assert attempt(client, "pat@example.org", PASSWORD).status_code == 401
    assert attempt(client, "pat@example.org", "a brand new password").status_code == 302
    # The admin's own session is untouched.
    assert is_signed_in(admin_client)


def test_editing_without_a_new_password_keeps_them_signed_in(client, new_client, make_user):
    admin = make_user("admin")
    person = make_user("practitioner", name="Pat Practitioner", email="pat@example.org")
    client.sign_in(person)
    admin_client = new_client()
    admin_client.sign_in(admin)
    saved = admin_client.submit(
        f"/admin/people/{person.id}",
        {"name": "Pat P", "email": "pat@example.org", "team_id": "", "roles": ["practitioner", "auditor"], "password": ""},
    )
    assert saved.status_code == 302
    assert is_signed_in(client)


def test_after_sign_in_you_return_to_the_page_you_asked_for(client, make_user):
    user = make_user()
    asked = client.get("/plan/kpis")
    assert asked.headers["Location"] == "/sign-in?next=%2Fplan%2Fkpis"
    response = attempt(client, user.email, next_url="%2Fplan%2Fkpis")
    assert response.status_code == 302
    assert response.headers["Location"] == "/plan/kpis"


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example", "https://evil.example", "%2F%2Fevil.example", "/\\evil.example", "https:/evil.example", "///evil.example",
     # Browsers drop tabs and newlines and read a backslash as a slash: all of these are //evil.example.
     "/%09/evil.example", "/%0A/evil.example", "/%0D/evil.example", "%09//evil.example", "/%5Cevil.example",
     "%5C%5Cevil.example", "%252F%252Fevil.example", "/%252F/evil.example", "/%2509/evil.example",
     "%20//evil.example", "/%00/evil.example", "/%E2%80%8B/evil.example", "javascript:alert(1)", "evil.example",
     "%2F%5Cevil.example", "/%C2%85/evil.example"],
)
def test_next_never_leaves_the_site(client, make_user, next_url):
    user = make_user()
    response = attempt(client, user.email, next_url=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("next_url", ["%2Fplan%2Fkpis%3Fq%3Da%2520b", "/plan/kpis?period=H1%202026-27"])
def test_next_may_be_any_path_on_the_site_with_a_query(client, make_user, next_url):
    from urllib.parse import unquote

    response = attempt(client, make_user().email, next_url=next_url)
    assert response.status_code == 302
    assert unquote(response.headers["Location"]).startswith("/plan/kpis?")


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\n/evil.example", "\\\\evil.example", "/\\/evil.example",
                                    "//evil.example", " //evil.example", "/%2F/evil.example", "/%09/evil.example"])
def test_same_site_path_refuses_whatever_a_browser_reads_as_another_host(target):
    from app.auth.rules import same_site_path

    assert same_site_path(target) is None
    assert same_site_path("/plan/kpis") == "/plan/kpis"


def test_pages_carry_security_headers(client, make_user):
    for response in (client.get("/sign-in"), None):
        if response is None:
            client.sign_in(make_user("admin"))
            response = client.get("/admin/people")
        assert response.status_code == 200
        csp = response.headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        # No other site is trusted: no hosts or schemes besides 'self', nonces and data: images.
        assert not re.search(r"https?:|\*|//", csp)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
        # Everything the page loads comes from this site.
        soup = page(response)
        sources = [t.get("src") for t in soup.find_all("script") if t.get("src")]
        sources += [t.get("href") for t in soup.find_all("link") if t.get("href")]
        assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
        # Inline scripts, if any, carry the nonce from the header.
        nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
        assert all(t.get("nonce") == nonce for t in soup.find_all("script") if not t.get("src"))


def test_session_cookie_is_not_readable_by_scripts(client, make_user):
    response = client.sign_in(make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_passwords_are_stored_slowly_hashed(monkeypatch, client, make_user):
    monkeypatch.undo()  # the real hashing, as in production
    user = make_user(email="real@example.org")
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert PASSWORD not in user.password_hash
    assert not user.password_hash.startswith("pbkdf2:sha256:1$")
    assert attempt(client, "real@example.org").status_code == 302


def test_forms_work_over_https_where_the_referer_is_checked(app, make_user):
    """Flask-WTF checks the Referer of HTTPS form posts; the Referrer-Policy must let it through."""
    from conftest import OwnContextClient, Client
    user = make_user("auditor")
    https = Client(OwnContextClient(app, app.response_class, use_cookies=True))
    page_ = https.http.get("/sign-in", base_url="https://localhost")
    assert page_.headers["Referrer-Policy"] in ("same-origin", "strict-origin", "strict-origin-when-cross-origin")
    token = https.csrf_token()
    response = https.http.post(
        "/sign-in", base_url="https://localhost", headers={"Referer": "https://localhost/sign-in"},
        data={"csrf_token": token, "email": user.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
