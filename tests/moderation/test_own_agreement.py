"""Each auditor's own agreement with moderators, per half-year: the share agreed, raised and
lowered, the grades most often changed; nobody reaches another auditor's figures."""
from datetime import datetime

import pytest
from conftest import page

from app.core.db import db
from app.moderation import rules
from app.moderation.models import ModerationDecision
from app.moderation.own_agreement import own_agreement
from moderation.test_figures import moderated  # noqa: F401  (fixture)

I, RI, G, O = rules.CATEGORIES
SAFE = "Is the child safe, and is risk well understood and managed?"
PLAN = "Is there a clear, outcome-focused plan that is reviewed and progressed?"


@pytest.fixture
def two_auditors(make_user, make_team, publish_tool, moderated):  # noqa: F811
    """Alex: in H1 2026-27 one agreed, one lowered (the child's safety lowered too), one
    raised, one returned; in H2 2025-26 one agreed. Bea: one raised."""
    alex = make_user("auditor", name="Alex Auditor")
    bea = make_user("auditor", name="Bea Auditor")
    team, tool = make_team(), publish_tool("case_file_audit")
    moderated(alex, team, tool, G, G, 2)
    lowered = moderated(alex, team, tool, G, RI, 3)
    raised = moderated(alex, team, tool, RI, G, 4)
    moderated(alex, team, tool, G, days=5)  # returned
    moderated(alex, team, tool, I, I, 1, submitted=datetime(2026, 3, 2, 9))  # H2 2025-26
    moderated(bea, team, tool, G, O, 2)
    lowered.decisions.append(ModerationDecision(target="question:child-safe", auditor_grade=G, moderator_grade=I,
                                                agreed=False, reason="No safety plan."))
    raised.decisions.append(ModerationDecision(target="question:child-safe", auditor_grade=RI, moderator_grade=G,
                                               agreed=False, reason="Safety plan on file."))
    db.session.commit()
    return alex, bea


def rows(response):
    table = page(response).find(id="own-agreement-caption").find_parent("table")
    return [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tbody tr")]


def test_own_agreement_per_half_year(two_auditors):
    alex, _ = two_auditors
    result = own_agreement(alex, now=datetime(2026, 10, 15))
    assert [h.period.label for h in result.halves] == ["H1 2026-27", "H2 2025-26"]
    h1 = result.halves[0]
    assert (h1.figures.selected, h1.figures.finalised) == (4, 3)
    assert (h1.figures.changes.agreed, h1.figures.changes.raised, h1.figures.changes.lowered) == (1, 1, 1)
    assert [(g.what, g.lowered, g.raised) for g in h1.most_changed] == [(SAFE, 1, 1)]
    assert result.all.figures.finalised == 4 and result.all.figures.changes.agreed == 2


def test_the_page_shows_my_figures(client, two_auditors):
    alex, _ = two_auditors
    client.sign_in(alex)
    response = client.get("/moderation/my-agreement")
    assert response.status_code == 200
    assert page(response).h1.get_text(strip=True) == "Your agreement with moderators"
    assert rows(response) == [
        ["H1 2026-27 (April 2026 to September 2026)", "3 of 4 selected", "1 (33%)", "1 (33%)", "1 (33%)",
         f"{SAFE} Lowered 1 time, raised 1 time"],
        ["H2 2025-26 (October 2025 to March 2026)", "1 of 1 selected", "1 (100%)", "0 (0%)", "0 (0%)", "None changed"],
        ["All half-years", "4 of 5 selected", "2 (50%)", "1 (25%)", "1 (25%)",
         f"{SAFE} Lowered 1 time, raised 1 time"],
    ]
    back = page(client.get("/audits")).find("a", href="/moderation/my-agreement")
    assert back is not None


def test_nobody_reaches_another_auditors_figures(client, make_user, two_auditors):
    alex, bea = two_auditors
    client.sign_in(bea)
    for url in [f"/moderation/my-agreement?auditor={alex.id}", f"/moderation/my-agreement?auditor_id={alex.id}",
                f"/moderation/my-agreement?user_id={alex.id}"]:
        response = client.get(url)
        assert response.status_code == 200
        assert rows(response) == [
            ["H1 2026-27 (April 2026 to September 2026)", "1 of 1 selected", "0 (0%)", "1 (100%)", "0 (0%)",
             "None changed"]]
        assert "Alex" not in response.get_data(as_text=True)
    assert client.get(f"/moderation/my-agreement/{alex.id}").status_code == 404
    client.sign_out()
    for roles in [("moderator",), ("qa_viewer",), ("practitioner",)]:
        client.sign_in(make_user(*roles))
        assert client.get("/moderation/my-agreement").status_code == 403, roles
        client.sign_out()
    assert client.get("/moderation/my-agreement").status_code == 302  # to sign in


def test_an_auditor_with_nothing_moderated_is_told_so(client, make_user):
    client.sign_in(make_user("auditor"))
    response = client.get("/moderation/my-agreement")
    assert "None of your audits has been selected for moderation yet." in response.get_data(as_text=True)
