"""Sign-in through the council's identity provider (OpenID Connect), against a real provider
on loopback (tests/oidc_provider.py): the app discovers it, sends the person there, takes
the code back, fetches and checks the signed ID token, and signs in the account an
administrator made for that email. Nobody else gets in."""
import urllib.request
from urllib.error import HTTPError

import pytest
from conftest import Client, OwnContextClient, page
from oidc_provider import Provider

from app import create_app
from app.auth.oidc import email_from_claims
from app.core.db import db
from app.config import ConfigError


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _follow_provider(url: str) -> str:
    """What a browser does at the provider: returns where the provider sends it back."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(url)
    except HTTPError as redirect:
        assert redirect.code == 302
        return redirect.headers["Location"]
    raise AssertionError("the provider did not redirect back")


@pytest.fixture
def provider():
    with Provider() as running:
        yield running


@pytest.fixture
def council_app(app, provider):
    """The app with the provider configured, on the same database as the `app` fixture."""
    return create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                       "SERVER_NAME": "localhost", "OIDC_ISSUER": provider.url, "OIDC_CLIENT_ID": provider.client_id,
                       "OIDC_CLIENT_SECRET": provider.client_secret, "OIDC_PROVIDER_NAME": "Cumbria Microsoft account"})


@pytest.fixture
def browser(council_app):
    return Client(OwnContextClient(council_app, council_app.response_class, use_cookies=True))


def sign_in_through(provider, browser, **claims):
    provider.claims = claims
    start = browser.get("/sign-in/provider/")
    assert start.status_code == 302 and start.headers["Location"].startswith(provider.url + "/authorize?")
    back = _follow_provider(start.headers["Location"])
    assert back.startswith("http://localhost/sign-in/provider/callback?")
    return browser.get(back.removeprefix("http://localhost"))


def test_the_sign_in_page_offers_the_provider(browser):
    button = page(browser.get("/sign-in")).select_one("#provider-sign-in")
    assert button.get_text(strip=True) == "Sign in with Cumbria Microsoft account"
    assert button["href"] == "/sign-in/provider/"


def test_a_person_with_an_account_is_signed_in_by_their_email(provider, browser, make_user):
    person = make_user("auditor", email="sam.auditor@cumbria.gov.uk", name="Sam Auditor")
    done = sign_in_through(provider, browser, email="Sam.Auditor@Cumbria.gov.uk", email_verified=True)
    assert done.status_code == 302
    assert browser.get("/audits").status_code == 200  # signed in, with the account's own role
    assert browser.get("/admin").status_code == 403  # and no other
    db.session.refresh(person)
    assert person.last_signed_in_at is not None


def test_entra_without_an_email_claim_uses_the_sign_in_name(provider, browser, make_user):
    make_user("moderator", email="mo@cumbria.gov.uk")
    assert sign_in_through(provider, browser, preferred_username="mo@cumbria.gov.uk").status_code == 302
    assert browser.get("/moderation/").status_code == 200


@pytest.mark.parametrize("claims, words", [
    ({"email": "stranger@cumbria.gov.uk", "email_verified": True}, "There is no active account for stranger@cumbria.gov.uk"),
    ({"email": "gone@cumbria.gov.uk", "email_verified": True}, "There is no active account for gone@cumbria.gov.uk"),
    ({"email": "sam@cumbria.gov.uk", "email_verified": False}, "did not give an email address"),
])
def test_nobody_else_gets_in(provider, browser, make_user, claims, words):
    make_user("admin", email="gone@cumbria.gov.uk", active=False)
    make_user("admin", email="sam@cumbria.gov.uk")
    refused = sign_in_through(provider, browser, **claims)
    assert refused.status_code == 403
    assert words in page(refused).select_one("#refusal").get_text()
    assert browser.get("/admin").status_code == 302  # still signed out: sent to sign in


def test_a_token_not_meant_for_this_sign_in_is_refused(provider, browser, make_user):
    make_user("admin", email="sam@cumbria.gov.uk")
    provider.tamper_nonce = True  # a replayed or substituted ID token
    refused = sign_in_through(provider, browser, email="sam@cumbria.gov.uk", email_verified=True)
    assert refused.status_code == 403
    assert browser.get("/admin").status_code == 302


def test_a_callback_without_a_sign_in_started_here_is_refused(provider, browser):
    assert browser.get("/sign-in/provider/callback?code=abc&state=forged").status_code == 403


def test_without_a_provider_there_is_no_button_and_no_route(client):
    assert page(client.get("/sign-in")).select_one("#provider-sign-in") is None
    assert client.get("/sign-in/provider/").status_code == 404


def test_the_email_claims_as_providers_send_them():
    assert email_from_claims({"email": "A@B.org", "email_verified": True}) == "a@b.org"
    assert email_from_claims({"email": "a@b.org"}) == "a@b.org"  # Entra's optional email claim has no flag
    assert email_from_claims({"email": "a@b.org", "email_verified": False}) is None
    assert email_from_claims({"upn": "x@council.gov.uk"}) == "x@council.gov.uk"
    assert email_from_claims({"preferred_username": "not an email"}) is None


def test_a_provider_needs_its_secret_and_https():
    with pytest.raises(ConfigError, match="OIDC_CLIENT_SECRET must be set"):
        create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://", "OIDC_ISSUER": "https://login.example.org",
                    "OIDC_CLIENT_ID": "x"})
    with pytest.raises(ConfigError, match="OIDC_ISSUER must be an https address"):
        create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://", "OIDC_ISSUER": "http://login.example.org",
                    "OIDC_CLIENT_ID": "x", "OIDC_CLIENT_SECRET": "y"})
