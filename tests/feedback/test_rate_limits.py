"""Rate limits on the respondent's pages (issue 11, finding 8): guessing invite codes, and
answers through an open link, which never drop a disclosure."""
from datetime import date

import pytest
from conftest import page, static_url
from feedback.conftest import answer, form_of
from sqlalchemy import func, select

from app.core.db import db
from app.feedback import services
from app.feedback.models import Response
from app.safeguarding.models import Alert


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def from_address(new_client, address: str):
    client = new_client()
    client.http.environ_base["REMOTE_ADDR"] = address
    return client


def assert_too_many(response):
    assert response.status_code == 429
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Too many tries"
    assert "minute" in soup.get_text(" ", strip=True)
    assert int(response.headers["Retry-After"]) > 0
    assert soup.select_one("link[rel=stylesheet]")["href"] == static_url("css/respondent.css")
    assert "0800 1111" in soup.get_text()  # help is still on the page


def test_twenty_wrong_codes_from_one_address_stop_further_lookups_there(new_client, invite):
    guesser = from_address(new_client, "198.51.100.7")
    guesses = [f"ZZZZ-{a}{b}ZZ" for a in "23456" for b in "2345"]
    for n, code in enumerate(guesses):  # in the address, and typed into the box
        response = guesser.get(f"/q/{code}") if n % 2 else guesser.get("/q", query_string={"code": code})
        assert response.status_code in (400, 404)
    assert_too_many(guesser.get("/q/ZZZZ-ZZZZ"))
    # Refused whether the code is live or not: answering live ones would tell the guesser.
    assert_too_many(guesser.get(f"/q/{invite.display_code}"))
    assert_too_many(guesser.get("/q", query_string={"code": invite.display_code}))
    # Another address is not affected.
    assert from_address(new_client, "198.51.100.8").get(f"/q/{invite.display_code}").status_code == 200


def test_opening_a_live_code_never_counts(new_client, invite):
    child = from_address(new_client, "198.51.100.9")
    for _ in range(40):
        assert child.get(f"/q/{invite.display_code}").status_code == 200
    response, _ = answer(child, f"/q/{invite.display_code}", {"happier": "happy"})
    assert response.status_code == 302


def test_used_codes_count_as_wrong_guesses(new_client, invite):
    answer(new_client(), f"/q/{invite.display_code}", {"happier": "happy"})
    guesser = from_address(new_client, "198.51.100.10")
    for _ in range(20):
        assert guesser.get(f"/q/{invite.display_code}").status_code == 404
    assert_too_many(guesser.get(f"/q/{invite.display_code}"))


def test_a_thousand_wrong_codes_an_hour_from_everyone_stop_all_lookups(new_client, campaign, practitioner):
    live = services.issue_invite(campaign, practitioner, date.today())
    for n in range(1000):
        client = from_address(new_client, f"10.0.{n // 250}.{n % 250}")
        assert client.get("/q/ZZZZ-ZZZZ").status_code == 404
    assert_too_many(from_address(new_client, "192.0.2.200").get(f"/q/{live.display_code}"))


@pytest.fixture
def open_campaign(make_campaign, team, lead):
    return make_campaign(team=team, open_link=True)


def test_open_link_answers_are_limited_per_address(new_client, open_campaign):
    url = f"/c/{open_campaign.open_link_token}"
    phone = from_address(new_client, "203.0.113.5")
    for _ in range(10):
        response, _ = answer(phone, url, {"happier": "happy"})
        assert response.status_code == 302
    over, _ = answer(phone, url, {"happier": "happy"})
    assert_too_many(over)
    assert count(Response) == 10
    # Someone else, elsewhere, still answers.
    response, _ = answer(from_address(new_client, "203.0.113.6"), url, {"happier": "happy"})
    assert response.status_code == 302


@pytest.mark.parametrize("disclosure", [
    {"answers": {"safe-home": "sad"}},
    {"answers": {"happier": "happy"}, "text": {"better": "he hits me when mum is out"}},
])
def test_a_disclosure_over_the_limit_is_still_stored_and_raises_its_alert(new_client, open_campaign, outbox, disclosure):
    from app.safeguarding.models import ConcernWord

    db.session.add(ConcernWord(phrase="hits me"))  # an administrator's phrase: the same list alerts use
    db.session.commit()
    url = f"/c/{open_campaign.open_link_token}"
    phone = from_address(new_client, "203.0.113.7")
    for _ in range(10):
        answer(phone, url, {"happier": "happy"})
    assert_too_many(answer(phone, url, {"happier": "middle"})[0])

    response, _ = answer(phone, url, disclosure.get("answers"), disclosure.get("text"))
    assert response.status_code == 302 and response.headers["Location"] == "/q/thank-you"
    assert count(Response) == 11
    assert count(Alert) == 1
    assert outbox, "the alert was emailed"


def test_the_disclosure_check_fails_open(app, open_campaign, monkeypatch):
    """If the safety rules cannot be read, the answers count as a disclosure: never refused."""
    from app.feedback import limits, rules

    def broken(*args, **kwargs):
        raise RuntimeError("rules being changed")

    url = f"/c/{open_campaign.open_link_token}"
    with app.test_request_context(url, method="POST", data={"s-happier": "happy"}):
        from flask import request

        request.view_args = {"token": open_campaign.open_link_token}
        assert limits.discloses() is False
        monkeypatch.setattr(rules, "safety_signals", broken)
        assert limits.discloses() is True



def test_an_ipv6_guesser_cannot_escape_the_limit_by_changing_the_end_of_their_address(new_client, invite):
    for n in range(20):
        guesser = from_address(new_client, f"2001:db8:1:2::{n + 1:x}")
        assert guesser.get("/q/ZZZZ-ZZZZ").status_code == 404
    assert_too_many(from_address(new_client, "2001:db8:1:2:ffff::9").get("/q/ZZZZ-ZZZZ"))
    assert from_address(new_client, "2001:db8:1:3::1").get(f"/q/{invite.display_code}").status_code == 200


@pytest.mark.parametrize("remote, counted_as", [
    ("198.51.100.7", "198.51.100.7"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("::ffff:198.51.100.7", "198.51.100.7"), (None, "unknown"),
])
def test_addresses_are_counted_by_household(app, remote, counted_as):
    from app.feedback import limits

    with app.test_request_context("/q", environ_base={"REMOTE_ADDR": remote} if remote else {}):
        from flask import request

        if remote is None:
            request.environ.pop("REMOTE_ADDR", None)
        assert limits._address() == counted_as


def test_pages_before_send_do_not_count_and_a_safety_answer_on_an_earlier_page_is_exempt(new_client, open_campaign,
                                                                                       outbox):
    """A child answering a page at a time posts many pages: only Send counts towards the
    answers limit; and a "not safe" answer given pages before Send still makes the Send exempt."""
    url = f"/c/{open_campaign.open_link_token}"
    phone = from_address(new_client, "203.0.113.9")
    for _ in range(10):
        answer(phone, url, {"happier": "happy"})
    shown = phone.get(url)
    assert shown.status_code == 200
    for n in range(12):  # more pages than the answers limit, none refused
        data = {**form_of(shown), "page": str(n + 1), "go": "next"}
        if n == 3:
            data["s-safe-home"] = "sad"
        shown = phone.post(url, data=data)
        assert shown.status_code == 200
    response = phone.post(url, data={**form_of(shown), "page": "12", "go": "send"})
    assert response.status_code == 302 and response.headers["Location"] == "/q/thank-you"
    assert count(Alert) == 1
    # Without a disclosure, the Send over the limit is refused.
    plain = phone.get(url)
    over = phone.post(url, data={**form_of(plain), "page": "1", "go": "send", "s-happier": "happy"})
    assert_too_many(over)
