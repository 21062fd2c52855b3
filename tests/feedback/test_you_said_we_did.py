"""'You said, we did': administrators add entries linked to a feedback measure and a period."""
import pytest
from conftest import error_messages, page
from sqlalchemy import func, select

from app.core.db import db
from app.feedback.yswd_models import YouSaidWeDid

URL = "/feedback/you-said-we-did"

GOOD = {
    "heard": "Children said they did not know who their worker was.",
    "did": "Every child now gets a card with their worker's name.",
    "done_on": ["14", "10", "2026"],
    "measure_key": "r1-fm3",
    "period": "h2 2026-27",
}


def count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(YouSaidWeDid))


def test_an_administrator_adds_an_entry_and_sees_it_listed(client, admin, plan):
    client.sign_in(admin)
    response = client.submit(URL, GOOD)
    assert response.status_code == 302
    soup = page(client.get(URL))
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup.select("#entries tbody tr")]
    assert rows == [[GOOD["heard"], GOOD["did"], "14 October 2026", "r1-fm3", "H2 2026-27"]]
    entry = db.session.scalar(select(YouSaidWeDid))
    assert (entry.measure_key, entry.period, entry.created_by_id) == ("r1-fm3", "H2 2026-27", admin.id)


def test_the_same_form_sent_twice_is_kept_once(client, admin, plan):
    client.sign_in(admin)
    client.submit(URL, GOOD)
    client.submit(URL, GOOD)
    assert count() == 1


@pytest.mark.parametrize("change, message", [
    ({"heard": " "}, "Enter what we heard"),
    ({"did": ""}, "Enter what we did"),
    ({"done_on": ["", "", ""]}, "Enter when we did it"),
    ({"measure_key": "r9-fm9"}, "Choose the feedback measure this is about"),
    ({"period": ""}, "Enter the period, for example H1 2026-27"),
    ({"period": "autumn"}, "'autumn' is not a period: use a financial year like 2018-19, a half like H1 2026-27"[:60]),
    ({"period": "H1 2026-27"}, "14 October 2026 is not in H1 2026-27 (1 April 2026 to 30 September 2026)"),
])
def test_a_bad_entry_is_explained_and_nothing_is_saved(client, admin, plan, change, message):
    client.sign_in(admin)
    response = client.submit(URL, {**GOOD, **change})
    assert response.status_code == 400
    messages = error_messages(response)
    assert len(messages) == 1 and messages[0].startswith(message)
    assert count() == 0


def test_only_administrators_may_use_the_page(client, make_user, plan):
    response = client.get(URL)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    for role in ("qa_viewer", "practitioner", "auditor", "moderator"):
        client.sign_in(make_user(role))
        assert client.get(URL).status_code == 403, role
        assert client.submit(URL, GOOD).status_code == 403, role
        client.sign_out()
    assert count() == 0


def test_demo_data_is_added_once(app, admin, plan):
    import random
    from datetime import date

    from app.feedback.yswd import add_demo_data

    add_demo_data(random.Random(1), date(2026, 11, 23))
    add_demo_data(random.Random(1), date(2026, 11, 23))
    entries = db.session.scalars(select(YouSaidWeDid).order_by(YouSaidWeDid.id)).all()
    assert [(e.measure_key, e.period, e.done_on) for e in entries] == [
        ("r1-fm3", "H2 2026-27", date(2026, 11, 1)), ("r2-fm1", "H2 2026-27", date(2026, 11, 1))]
