"""A second factor for password sign-in: an administrator requires it for a person; at their
next sign-in they set up an authenticator app (QR code or key) and prove it with a code;
after that every password sign-in asks for a fresh code. A wrong, reused or late code does
not sign anyone in; the codes are checked without a request too."""
from datetime import datetime, timedelta

import pyotp
import pytest
from conftest import PASSWORD, error_messages, page

from app.auth import second_factor
from app.core.db import db, utcnow

NOW = datetime(2026, 12, 4, 10, 0, 0)


def code_at(secret: str, moment: datetime, steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(moment + timedelta(seconds=30 * steps))


def test_codes_are_accepted_once_and_only_near_their_time():
    secret = second_factor.new_secret()
    step = second_factor.accepted_step(secret, code_at(secret, NOW), None, NOW)
    assert step == int(NOW.timestamp()) // 30
    assert second_factor.accepted_step(secret, code_at(secret, NOW), step, NOW) is None  # spent
    assert second_factor.accepted_step(secret, code_at(secret, NOW, -1), None, NOW) is not None  # a phone a little slow
    assert second_factor.accepted_step(secret, code_at(secret, NOW, -3), None, NOW) is None  # too old
    assert second_factor.accepted_step(secret, " " + code_at(secret, NOW)[:3] + " " + code_at(secret, NOW)[3:], None, NOW)
    assert second_factor.accepted_step(secret, "12345", None, NOW) is None
    assert second_factor.code_problem("") == "Enter the 6-digit code from your authenticator app"
    assert second_factor.code_problem("12ab56") == "The code must be 6 digits, like 123456"
    assert second_factor.grouped("ABCDEFGHIJKL") == "ABCD EFGH IJKL"


@pytest.fixture
def person(make_user):
    user = make_user("auditor", email="sam@example.org")
    user.totp_required = True
    db.session.commit()
    return user


def password_step(client, email="sam@example.org"):
    return client.submit("/sign-in", {"email": email, "password": PASSWORD})


def test_first_sign_in_sets_up_the_app_then_every_sign_in_asks_for_a_code(client, person):
    done = password_step(client)
    assert done.status_code == 302 and done.headers["Location"] == "/sign-in/code"
    assert client.get("/audits").status_code == 302, "not signed in by the password alone"
    setup = client.get("/sign-in/code", follow_redirects=True)
    shown = page(setup)
    assert shown.select_one("h1").get_text(strip=True) == "Set up your authenticator app"
    assert shown.select_one("#qr svg") is not None
    secret = shown.select_one("#key").get_text().replace(" ", "")

    wrong = client.submit("/sign-in/set-up-code", {"code": "000000"})
    assert wrong.status_code == 400
    assert error_messages(wrong) == ["That code is not right. Check the time on your phone and enter the newest code"]
    db.session.refresh(person)
    assert person.totp_secret is None, "the key is kept only once a code proves the app has it"

    assert client.submit("/sign-in/set-up-code", {"code": code_at(secret, utcnow())}).status_code == 302
    assert client.get("/audits").status_code == 200
    db.session.refresh(person)
    assert person.totp_secret == secret
    client.sign_out()

    password_step(client)
    asked = client.get("/sign-in/code")
    assert page(asked).select_one("h1").get_text(strip=True) == "Enter the code from your authenticator app"
    used = code_at(secret, utcnow())
    refused = client.submit("/sign-in/code", {"code": used})  # the code that set the app up: spent
    assert refused.status_code == 400 and client.get("/audits").status_code == 302
    person.totp_last_step -= 2  # as if that was a minute ago
    db.session.commit()
    assert client.submit("/sign-in/code", {"code": code_at(secret, utcnow())}).status_code == 302
    assert client.get("/audits").status_code == 200


def test_the_code_page_needs_a_right_password_just_before(client, person, monkeypatch):
    assert client.get("/sign-in/code").headers["Location"] == "/sign-in"
    password_step(client)
    monkeypatch.setattr(second_factor, "PENDING_SECONDS", -1)  # five minutes have passed
    assert client.get("/sign-in/code").headers["Location"] == "/sign-in"


def test_people_not_asked_for_a_code_sign_in_with_the_password(client, make_user):
    make_user("auditor", email="ash@example.org")
    assert password_step(client, "ash@example.org").headers["Location"] == "/"
    assert client.get("/audits").status_code == 200


def test_an_administrator_requires_it_and_sets_it_up_again(client, make_user, person):
    admin = make_user("admin")
    person.totp_secret, person.totp_last_step = second_factor.new_secret(), 1
    db.session.commit()
    client.sign_in(admin)
    form = page(client.get(f"/admin/people/{person.id}"))
    assert form.select_one("#second_factor").has_attr("checked")
    assert form.select_one("#reset_second_factor") is not None
    saved = client.submit(f"/admin/people/{person.id}", {"name": person.name, "email": person.email, "roles": "auditor",
                                                           "second_factor": "y", "reset_second_factor": "y"})
    assert saved.status_code == 302
    db.session.refresh(person)
    assert person.totp_required and person.totp_secret is None and person.totp_last_step is None

    client.submit(f"/admin/people/{person.id}", {"name": person.name, "email": person.email, "roles": "auditor"})
    db.session.refresh(person)
    assert not person.totp_required


def test_wrong_codes_slow_down_like_wrong_passwords(client, person, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 3)
    person.totp_secret = second_factor.new_secret()
    db.session.commit()
    password_step(client)
    for _ in range(3):
        client.submit("/sign-in/code", {"code": "000000"})
    slowed = client.submit("/sign-in/code", {"code": code_at(person.totp_secret, utcnow())})
    assert slowed.status_code == 400 and "Too many" in " ".join(error_messages(slowed))
    assert client.get("/audits").status_code == 302
