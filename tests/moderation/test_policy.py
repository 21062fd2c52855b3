"""A round's moderation policy, set by an admin: the page, its checks, who may use it,
and that audits submitted afterwards are selected under it."""
import pytest
from audits.test_audit_service import complete_answers
from conftest import error_messages, page
from sqlalchemy import select

from app.audits import audit_service
from app.core.db import db
from app.moderation import rules, services
from app.moderation.models import Moderation, RoundModerationPolicy
from moderation.helpers import submitted_audit


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", name="Alex Auditor")


@pytest.fixture
def audit(make_audit, auditor):
    return make_audit(auditor=auditor)


def url(audit):
    return f"/moderation/rounds/{audit.round_id}/policy"


def stored_policy(round_id):
    db.session.expire_all()
    return db.session.scalar(select(RoundModerationPolicy).where(RoundModerationPolicy.round_id == round_id))


def submit(audit, auditor, grade="good"):
    answers, evidence = complete_answers(audit.tool_version.definition, grade)
    saved = audit_service.save_draft(audit, auditor, answers, evidence, True, None, audit.lock_version)
    audit_service.submit(audit, auditor, None, None, saved.lock_version)
    return services.on_audit_submitted(audit)


def test_access_by_role(client, make_user, audit):
    response = client.get(url(audit))
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    for roles in [("moderator",), ("auditor",), ("qa_viewer",)]:
        client.sign_in(make_user(*roles))
        assert client.get(url(audit)).status_code == 403, roles
        assert client.submit(url(audit), {"all": "y", "target_days": "10"}).status_code == 403, roles
        client.sign_out()
    assert stored_policy(audit.round_id) is None
    client.sign_in(make_user("admin"))
    assert client.get(url(audit)).status_code == 200
    assert client.get("/moderation/rounds/999999/policy").status_code == 404


def test_an_admin_sees_the_default_and_saves_a_policy(client, make_user, audit):
    client.sign_in(make_user("admin"))
    html = page(client.get(url(audit)))
    assert html.h1.text == "Moderation policy"
    assert "Every audit is moderated. Target: 10 working days." in html.text
    assert "applies to audits submitted after you save it. Audits already in moderation stay there." in html.text
    assert html.find("input", {"name": "target_days"})["value"] == "10"
    assert html.find("input", {"name": "all"}).has_attr("checked")

    response = client.submit(url(audit), {"random_share": "20", "extremes": "y", "first_n": "2",
                                          "target_days": "15", "seed": "4242"})
    assert response.status_code == 302
    row = stored_policy(audit.round_id)
    assert row.policy == {"random_share": 0.2, "extremes": True, "first_n_per_auditor": 2}
    assert (row.seed, row.target_days) == (4242, 15)
    html = page(client.get(url(audit)))
    assert ("Moderation policy saved. Moderated: a random 20% of audits, every audit judged Inadequate or "
            "Outstanding and the first 2 audits by each auditor. It applies to audits submitted from now on.") in html.text
    assert html.find("input", {"name": "seed"})["value"] == "4242"
    assert html.find("input", {"name": "random_share"})["value"] == "20"
    assert not html.find("input", {"name": "all"}).has_attr("checked")

    # Saved again (a double click) with the seed left blank: still one row, and a new seed recorded.
    client.submit(url(audit), {"all": "y", "target_days": "10", "seed": ""})
    client.submit(url(audit), {"all": "y", "target_days": "10", "seed": ""})
    db.session.expire_all()
    rows = db.session.scalars(select(RoundModerationPolicy).where(RoundModerationPolicy.round_id == audit.round_id)).all()
    assert len(rows) == 1 and rows[0].policy == {"all": True} and rows[0].seed != 4242
    assert services.round_policy(audit.round_id)[0] == rules.ModerationPolicy(all=True)


@pytest.mark.parametrize("data, message", [
    ({"target_days": "10"}, "Choose at least one rule for which audits are moderated"),
    ({"random_share": "0", "target_days": "10"}, "Random share of audits must be a number from 1 to 100"),
    ({"random_share": "101", "target_days": "10"}, "Random share of audits must be a number from 1 to 100"),
    ({"random_share": "lots", "target_days": "10"}, "Random share of audits must be a number from 1 to 100"),
    ({"first_n": "0", "target_days": "10"}, "First audits by each auditor must be a whole number, 1 or more"),
    ({"first_n": "1.5", "target_days": "10"}, "First audits by each auditor must be a whole number, 1 or more"),
    ({"all": "y", "target_days": ""}, "Enter the target in working days"),
    ({"all": "y", "target_days": "10", "seed": "-3"},
     "Seed for the random draw must be a whole number, 0 or more, or left blank"),
])
def test_bad_input_is_named_and_nothing_is_saved(client, make_user, audit, data, message):
    client.sign_in(make_user("admin"))
    response = client.submit(url(audit), data)
    assert response.status_code == 200
    assert message in error_messages(response)
    assert page(response).title.text.startswith("Error:")
    assert stored_policy(audit.round_id) is None


def test_audits_submitted_afterwards_are_selected_under_the_policy(client, make_user, make_audit, auditor, audit):
    earlier_audit = make_audit(auditor=make_user("auditor"), tool_version=audit.tool_version)
    earlier_audit.round_id = audit.round_id
    db.session.commit()
    earlier = submit(earlier_audit, earlier_audit.auditor)  # under the default: every audit
    assert earlier is not None

    client.sign_in(make_user("admin"))
    assert client.submit(url(audit), {"extremes": "y", "first_n": "1", "target_days": "10"}).status_code == 302

    second, third = (make_audit(auditor=auditor, tool_version=audit.tool_version) for _ in range(2))
    for a in (second, third):
        a.round_id = audit.round_id
    db.session.commit()
    first = submit(audit, auditor)
    assert first.selected_reasons == ["the first audit by this auditor"]
    assert submit(second, auditor) is None  # Good, and not the auditor's first
    extreme = submit(third, auditor, grade="inadequate")
    assert extreme is not None and extreme.selected_reasons == ["judged Inadequate"]

    # The audit already in moderation stays there.
    db.session.expire_all()
    assert db.session.get(Moderation, earlier.id).state == rules.AWAITING_MODERATION
    moderated = db.session.scalars(select(Moderation.audit_id).where(Moderation.round_id == audit.round_id)).all()
    assert sorted(moderated) == sorted([earlier_audit.id, audit.id, third.id])


def test_a_round_without_a_policy_moderates_every_audit(make_audit, auditor):
    _, moderation = submitted_audit(make_audit, auditor)
    assert moderation.selected_reasons == ["every audit is moderated"]
