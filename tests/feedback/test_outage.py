"""A database outage while a respondent sends their answers: one retry, then a kind 503 page
that keeps every answer, never a server error, and nothing half saved."""
import pytest
from bs4 import BeautifulSoup
from conftest import page
from feedback.conftest import form_of
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.core.db import db
from app.feedback.models import Invite, Response

ANSWERS = {"s-happier": "happy", "s-listened-to": "middle"}
WORDS = 'My worker listens.\nShe came "after school" & stayed <late>.'


def dropped() -> OperationalError:
    return OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"),
                            connection_invalidated=True)


@pytest.fixture
def outage(monkeypatch):
    """The database drops every commit from now on (or only the first `failures`)."""
    real = db.session.commit
    calls = []

    def start(failures: int | None = None):
        def commit():
            calls.append(1)
            if failures is None or len(calls) <= failures:
                raise dropped()
            return real()

        monkeypatch.setattr(db.session, "commit", commit)
        return calls

    yield start
    monkeypatch.setattr(db.session, "commit", real)


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def hidden_fields(response) -> dict:
    form = page(response).select_one("main form")
    return {i["name"]: i["value"] for i in form.select("input[type=hidden]")}


def test_a_dropped_connection_is_retried_once_and_the_answers_are_stored_once(client, invite, outage):
    url = f"/q/{invite.display_code}"
    data = {**form_of(client.get(url)), **ANSWERS, "t-better": WORDS}
    calls = outage(failures=1)
    response = client.post(url, data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/q/thank-you"
    assert len(calls) == 2
    assert count(Response) == 1
    assert db.session.scalar(select(Response)).free_text == {"better": WORDS}


def test_during_an_outage_the_respondent_gets_a_kind_page_that_keeps_their_answers(client, invite, outage):
    url = f"/q/{invite.display_code}"
    sent = {**form_of(client.get(url)), **ANSWERS, "t-better": WORDS}
    calls = outage()
    response = client.post(url, data=sent)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Your answers have not been sent yet"
    assert "It is not something you did" in soup.get_text()
    assert soup.select_one("main form")["action"] == url
    assert soup.select_one("main form button").get_text(strip=True) == "Try sending again"
    kept = hidden_fields(response)
    assert {name: kept[name] for name in (*ANSWERS, "t-better", "submission")} == {
        **ANSWERS, "t-better": WORDS, "submission": sent["submission"]}
    assert kept["csrf_token"]
    assert "Need help now?" in soup.get_text()  # the numbers to call stay at the foot
    assert len(calls) == 2  # tried, and tried once more
    # Nothing half saved: no response, and the code still works.
    assert count(Response) == 0
    db.session.expire_all()
    assert db.session.get(Invite, invite.id).used_at is None


def test_try_sending_again_sends_the_kept_answers_once_the_database_is_back(client, invite, outage, monkeypatch):
    url = f"/q/{invite.display_code}"
    sent = {**form_of(client.get(url)), **ANSWERS, "t-better": WORDS}
    outage()
    kept = hidden_fields(client.post(url, data=sent))
    monkeypatch.undo()  # the database is back
    response = client.post(url, data=kept)
    assert response.status_code == 302 and response.headers["Location"] == "/q/thank-you"
    stored = db.session.scalar(select(Response))
    assert count(Response) == 1
    assert stored.answers == {"happier": "happy", "listened-to": "middle"}
    assert stored.free_text == {"better": WORDS}


def test_an_open_link_keeps_the_answers_too(client, make_campaign, team, outage):
    campaign = make_campaign(open_link=True, team=team)
    url = f"/c/{campaign.open_link_token}"
    sent = {**form_of(client.get(url)), **ANSWERS}
    outage()
    response = client.post(url, data=sent)
    assert response.status_code == 503
    assert {name: hidden_fields(response)[name] for name in ANSWERS} == ANSWERS
    assert count(Response) == 0


def test_a_respondent_page_opened_during_an_outage_says_so_kindly(client, invite, monkeypatch):
    def unreachable(*args, **kwargs):
        raise dropped()

    monkeypatch.setattr(db.session, "scalar", unreachable)
    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get(f"/q/{invite.display_code}")
    assert response.status_code == 503
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.h1.get_text(strip=True) == "Sorry, this page is not working just now"
    assert soup.select("main form") == []


def test_staff_get_a_plain_kind_503_page(client, make_user, monkeypatch):
    admin = make_user("admin")
    client.sign_in(admin)

    def unreachable(*args, **kwargs):
        raise dropped()

    monkeypatch.setattr(db.session, "get", unreachable)  # who is signed in cannot be read
    response = client.get("/")
    assert response.status_code == 503
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Sorry, the service is unavailable"
    assert "Nothing you sent on this page was saved" in soup.get_text()


def test_a_request_that_already_saved_something_is_not_run_twice(app):
    from app.core.outage import retry_once

    runs = []

    def view():
        runs.append(1)
        db.session.commit()  # something was saved...
        raise dropped()  # ...then the connection went

    with app.test_request_context("/", method="POST"):
        with pytest.raises(OperationalError):
            retry_once(view)()
    assert runs == [1]


def test_a_request_that_saved_nothing_is_run_once_more(app):
    from app.core.outage import retry_once

    runs = []

    def view():
        runs.append(1)
        if len(runs) == 1:
            raise dropped()
        return "done"

    with app.test_request_context("/", method="POST"):
        assert retry_once(view)() == "done"
    assert runs == [1, 1]


def test_an_outage_at_send_on_the_one_page_at_a_time_journey_keeps_the_answers_without_a_cookie(
        client, new_client, invite, outage, monkeypatch):
    """A child on a phone that keeps no cookies answers page by page; the database goes at Send;
    "Try sending again", from a browser with no cookie at all, sends the answers once."""
    from feedback.test_respondent_pages import go, heading

    url = f"/q/{invite.display_code}"
    shown = client.get(url)
    shown = go(client, url, shown, "next", {"home-calmer": "happy"})
    while heading(shown) != "Check your answers":
        shown = go(client, url, shown, "next")
    outage()
    refused = go(client, url, shown, "send")
    assert refused.status_code == 503
    assert count(Response) == 0
    kept = hidden_fields(refused)

    monkeypatch.undo()  # the database is back
    phone = new_client()  # no cookie: the CSRF token on the page is tied to the answers token
    outage_over = phone.post(url, data=kept)
    assert outage_over.status_code == 302 and outage_over.headers["Location"] == "/q/thank-you"
    assert count(Response) == 1
    assert db.session.scalar(select(Response)).answers == {"home-calmer": "happy"}


def test_a_connection_lost_after_the_page_is_made_still_sends_the_page(client, invite, monkeypatch):
    """The database restarted after the page was made, as the request ends: handing the
    connection back fails. The respondent still gets their page, not a server error (found by
    bench/load_run.py's fault run)."""
    url = f"/q/{invite.display_code}"
    assert client.get(url).status_code == 200
    dialect = type(db.engine.dialect)

    def gone(self, dbapi_connection):
        raise db.engine.dialect.loaded_dbapi.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(dialect, "do_rollback", gone)
    response = client.get(url)
    monkeypatch.undo()
    assert response.status_code == 200 and "Exit this page" in response.get_data(as_text=True)
    assert client.get(url).status_code == 200  # and the next request has a working connection
